import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The figures of the network and legal aid, over the user's organisation (or everything for
/// those who see all statistics): children represented per year, matters by type and outcome,
/// referrals by service with the median hours to acceptance. Counts under 5 are suppressed
/// unless the user may see exact figures.
enum NetworkFigures {
    struct Cell: Content { var key: String; var display: String }
    struct Service: Content { var service: String; var referrals: String; var accepted: String; var medianHoursToAcceptance: Double? }
    struct Figures: Content {
        var childrenRepresentedByYear: [Cell]
        var mattersByTypeAndOutcome: [Cell]
        var referralsByService: [Service]
    }

    static func compute(actor: Actor, on db: any SQLDatabase) async throws -> Figures {
        let exact = AccessPolicy.allows(actor.roles, .statsReadExact)
        let all = AccessPolicy.scopes(for: actor.roles, .statsRead).contains(.all)
        let organisation: SQLQueryString = all ? "1 = 1" : "k.organisation_id = \(bind: actor.organisationID)"
        func display(_ n: Int) -> String { SmallCellSuppression.display(n, exact: exact) }
        let year: SQLQueryString = db.dialect.name == "postgresql" ? "to_char(m.opened_at AT TIME ZONE 'UTC', 'YYYY')" : "strftime('%Y', m.opened_at, 'unixepoch')"
        // A child counts once a year however many matters they have; a case without a child counts as one.
        let children = try await db.raw("""
            SELECT \(year) AS k, COUNT(DISTINCT COALESCE(CAST(k.child_id AS TEXT), CAST(k.id AS TEXT))) AS n
            FROM legal_matters m JOIN cases k ON k.id = m.case_id WHERE \(organisation) GROUP BY 1 ORDER BY 1
            """).all().map { Cell(key: try $0.decode(column: "k", as: String.self), display: display(try $0.decode(column: "n", as: Int.self))) }
        let matters = try await db.raw("""
            SELECT m.type || '/' || COALESCE(m.outcome, 'open') AS k, COUNT(*) AS n FROM legal_matters m JOIN cases k ON k.id = m.case_id
            WHERE \(organisation) GROUP BY 1 ORDER BY 1
            """).all().map { Cell(key: try $0.decode(column: "k", as: String.self), display: display(try $0.decode(column: "n", as: Int.self))) }
        // Time to acceptance from the referral's events; the median is taken here (portable SQL has none).
        let rows = try await db.raw("""
            SELECT f.service, f.created_at, (SELECT MIN(e.at) FROM referral_events e WHERE e.referral_id = f.id AND e.kind = 'accept') AS accepted_at
            FROM referrals f WHERE \(all ? "1 = 1" as SQLQueryString : "f.from_organisation_id = \(bind: actor.organisationID)")
            """).all()
        var byService: [String: (count: Int, hours: [Double])] = [:]
        for row in rows {
            let service = try row.decode(column: "service", as: String.self)
            var entry = byService[service] ?? (0, [])
            entry.count += 1
            if let accepted = try row.decode(column: "accepted_at", as: Date?.self) {
                entry.hours.append(accepted.timeIntervalSince(try row.decode(column: "created_at", as: Date.self)) / 3600)
            }
            byService[service] = entry
        }
        let services = byService.keys.sorted().map { service -> Service in
            let entry = byService[service]!
            let sorted = entry.hours.sorted()
            // Medians of fewer than five acceptances would identify them: left out unless exact figures are allowed.
            let median: Double? = sorted.isEmpty || (!exact && sorted.count < SmallCellSuppression.threshold) ? nil
                : (sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
            return Service(service: service, referrals: display(entry.count), accepted: display(entry.hours.count), medianHoursToAcceptance: median)
        }
        return Figures(childrenRepresentedByYear: children, mattersByTypeAndOutcome: matters, referralsByService: services)
    }

    @Sendable static func json(req: Request) async throws -> Figures {
        try await compute(actor: try req.actor(), on: req.sql)
    }
}
