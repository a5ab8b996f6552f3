/// What differs from one country to the next, chosen per organisation: so far, the identity
/// documents a child's record takes and how each is checked. China's pack behaves as the product
/// always has; hotel stays, under China's "Five Musts", keep China's documents whatever the pack.
public enum CountryPack: String, CaseIterable, Codable, Sendable {
    case china = "CN"
    case mongolia = "MN"

    /// The documents a child's record may carry, by their codes, in the order a form offers them.
    public var documentTypes: [String] {
        switch self {
        case .china: ["resident_id", "residence_permit", "passport", "birth_certificate", "other"]
        case .mongolia: ["mn_registration", "passport", "birth_certificate", "other"]
        }
    }

    /// Whether a record of this pack takes a document type (by its code); the message names the pack's
    /// own list, never every type the product knows.
    public func check(documentType raw: String?, _ field: String, into v: inout FieldValidator) -> Bool {
        guard let raw, !raw.isEmpty else { return true }
        guard documentTypes.contains(raw) else {
            v.add(field, "is not a document this organisation's country takes; expected one of: \(documentTypes.joined(separator: ", "))")
            return false
        }
        return true
    }
}
