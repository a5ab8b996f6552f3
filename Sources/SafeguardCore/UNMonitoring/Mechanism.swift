/// The UN mechanism a recommendation comes from: a treaty body, the Universal Periodic Review, or
/// the special procedures (rapporteurs, working groups).
public enum Mechanism: String, CaseIterable, Codable, Sendable {
    case crc, upr, cedaw, ccpr, cescr, crpd, cat, cerd, cmw, ced
    case specialProcedures = "special_procedures"

    /// Reads the mechanism as a file names it: the code (`CRC`, `upr`) or the Universal Human Rights
    /// Index's name for the body ("Committee on the Rights of the Child", "Special Procedures").
    public static func parse(_ text: String) -> Mechanism? {
        let key = text.trimmedWhitespace.lowercased()
        if let code = Mechanism(rawValue: key.replacingOccurrences(of: " ", with: "_")) { return code }
        return names[key]
    }

    private static let names: [String: Mechanism] = [
        "committee on the rights of the child": .crc, "universal periodic review": .upr, "upr working group": .upr,
        "committee on the elimination of discrimination against women": .cedaw, "human rights committee": .ccpr,
        "committee on economic, social and cultural rights": .cescr, "committee on the rights of persons with disabilities": .crpd,
        "committee against torture": .cat, "committee on the elimination of racial discrimination": .cerd,
        "committee on migrant workers": .cmw, "committee on enforced disappearances": .ced,
        "special procedures": .specialProcedures, "sp": .specialProcedures,
        "儿童权利委员会": .crc, "普遍定期审议": .upr, "特别程序": .specialProcedures,
    ]

    /// The treaty bodies whose concluding observations this mechanism issues (the CRC's include those
    /// on its optional protocols); none for the UPR and the special procedures.
    public var treatyBodies: Set<DocumentSymbol.TreatyBody> {
        switch self {
        case .crc: [.crc, .crcSaleOfChildren, .crcArmedConflict]
        case .cedaw: [.cedaw]
        case .ccpr: [.ccpr]
        case .cescr: [.cescr]
        case .crpd: [.crpd]
        case .cat: [.cat]
        case .cerd: [.cerd]
        case .cmw: [.cmw]
        case .ced: [.ced]
        case .upr, .specialProcedures: []
        }
    }
}

/// What a State said of a UPR recommendation made to it.
public enum UPRPosition: String, CaseIterable, Codable, Sendable {
    case supported, noted

    /// `accepted` is what UPR Info calls a supported one.
    public static func parse(_ text: String) -> UPRPosition? {
        let key = text.trimmedWhitespace.lowercased()
        return key == "accepted" ? .supported : UPRPosition(rawValue: key)
    }
}
