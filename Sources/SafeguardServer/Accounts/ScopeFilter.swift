import SafeguardCore
import SQLKit

/// Turns the policy's scopes into a SQL condition, so a list or search returns exactly the
/// records the user could open one by one.
struct ScopeFilter {
    /// Qualified column names of the table being filtered.
    struct Columns {
        var organisation: String
        var owner: String
        /// The case a record belongs to, for `assigned` (membership of the case team).
        var caseID: String?
    }

    static let contacts = Columns(organisation: "c.organisation_id", owner: "c.counsellor_id", caseID: "c.case_id")
    static let cases = Columns(organisation: "k.organisation_id", owner: "k.created_by", caseID: "k.id")
    static let children = Columns(organisation: "ch.organisation_id", owner: "ch.created_by", caseID: nil)

    static func condition(_ scopes: Set<Scope>, _ actor: Actor, _ columns: Columns) -> SQLQueryString {
        var parts: [SQLQueryString] = []
        for scope in scopes.sorted() {
            switch scope {
            case .own:
                parts.append("\(unsafeRaw: columns.owner) = \(bind: actor.userID)")
            case .assigned:
                if let caseID = columns.caseID {
                    parts.append("\(unsafeRaw: caseID) IN (SELECT case_id FROM case_members WHERE user_id = \(bind: actor.userID))")
                }
            case .organisation:
                parts.append("\(unsafeRaw: columns.organisation) = \(bind: actor.organisationID)")
            case .jurisdiction:
                parts.append("""
                    \(unsafeRaw: columns.organisation) IN (SELECT o.id FROM organisations o JOIN regions r ON r.id = o.region_id \
                    WHERE r.path LIKE \(bind: actor.regionPath + "%"))
                    """)
            case .all:
                parts.append("1 = 1")
            }
        }
        guard !parts.isEmpty else { return "1 = 0" }
        return "(" + parts.joined(separator: " OR ") + ")"
    }
}
