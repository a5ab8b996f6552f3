/// What differs from one country to the next, chosen per organisation: the identity documents a
/// child's record takes and how each is checked, the child helpline, whether the rules for minors
/// in hotels apply. China's pack behaves as the product always has.
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

    /// The national child helpline, where the pack knows it (Mongolia: 108, REFERENCE.md §9).
    public var childHelpline: String? {
        switch self {
        case .china: nil
        case .mongolia: "108"
        }
    }

    /// China's "Five Musts" for minors in hotels; Mongolia has no such rules.
    public var lodgingRulesApply: Bool { self == .china }
}
