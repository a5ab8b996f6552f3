/// What a registry record says beyond the person: the offence, the decision, who decided, what is
/// barred and the source's reference. Sealed as one value (these reveal a person's history as
/// much as the name does), written length-prefixed: any text round-trips, and a million records
/// are encoded without a JSON encoder.
public struct RegistryDetails: Sendable, Equatable {
    public var offenceCategory: String
    public var decisionType: String
    public var decisionDate: String
    public var issuingAuthority: String
    public var prohibitionScope: String
    public var sourceReference: String

    public init(offenceCategory: String, decisionType: String, decisionDate: String, issuingAuthority: String,
                prohibitionScope: String, sourceReference: String) {
        self.offenceCategory = offenceCategory
        self.decisionType = decisionType
        self.decisionDate = decisionDate
        self.issuingAuthority = issuingAuthority
        self.prohibitionScope = prohibitionScope
        self.sourceReference = sourceReference
    }

    var fields: [String] { [offenceCategory, decisionType, decisionDate, issuingAuthority, prohibitionScope, sourceReference] }

    public var encoded: String {
        var text = ""
        for field in fields { text += "\(field.utf8.count):\(field)" }
        return text
    }

    /// Reads `encoded`; nil when the text is not six length-prefixed fields.
    public init?(encoded text: String) {
        var fields: [String] = []
        var rest = Substring(text).utf8
        while !rest.isEmpty {
            guard let colon = rest.firstIndex(of: UInt8(ascii: ":")),
                  let length = Int(String(Substring(rest[rest.startIndex..<colon]))), length >= 0 else { return nil }
            let start = rest.index(after: colon)
            guard rest.distance(from: start, to: rest.endIndex) >= length else { return nil }
            let end = rest.index(start, offsetBy: length)
            fields.append(String(Substring(rest[start..<end])))
            rest = rest[end...]
        }
        guard fields.count == 6 else { return nil }
        self.init(offenceCategory: fields[0], decisionType: fields[1], decisionDate: fields[2], issuingAuthority: fields[3],
                  prohibitionScope: fields[4], sourceReference: fields[5])
    }
}
