/// How far a permission reaches, from narrowest to widest.
///
/// - own: records the user created.
/// - assigned: records the user is a member of (for cases: the case team).
/// - organisation: records of the user's organisation.
/// - jurisdiction: records of organisations in the user's region or below it.
/// - all: every record.
public enum Scope: Int, Comparable, CaseIterable, Codable, Sendable {
    case own = 1
    case assigned
    case organisation
    case jurisdiction
    case all

    public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `own` and `assigned` are different dimensions (creator vs. team member): a user holding
    /// both reaches the union, which the SQL filter builds from `covers`.
    public func covers(_ other: Scope) -> Bool {
        switch (self, other) {
        case (.own, .own), (.assigned, .assigned): return true
        case (.own, .assigned), (.assigned, .own): return false
        default: return self >= other
        }
    }
}
