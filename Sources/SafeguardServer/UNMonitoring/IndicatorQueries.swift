import Foundation
import SafeguardCore
import SQLKit

/// The declared query of each figure: what it counts of one organisation's records in a period
/// (`from` inclusive, `to` exclusive, UTC, as the statistics pages count). A change here that
/// changes what a figure counts raises its `IndicatorFigure.version`.
enum IndicatorQueries {
    struct Result: Sendable, Equatable { var numerator: Int; var denominator: Int? }

    static func compute(_ figure: IndicatorFigure, organisation: UUID, from: Date, to: Date, on db: any SQLDatabase) async throws -> Result {
        func count(_ query: SQLQueryString) async throws -> Int {
            try await db.raw(query).first()?.decode(column: "n", as: Int?.self) ?? 0
        }
        func share(_ query: SQLQueryString) async throws -> Result {
            let row = try await db.raw(query).first()
            return Result(numerator: try row?.decode(column: "part", as: Int?.self) ?? 0, denominator: try row?.decode(column: "whole", as: Int?.self) ?? 0)
        }
        switch figure {
        case .helplineContacts:
            return .init(numerator: try await count("""
                SELECT COUNT(*) AS n FROM contacts c WHERE c.organisation_id = \(bind: organisation) AND c.started_at >= \(bind: from) AND c.started_at < \(bind: to)
                """), denominator: nil)
        case .helplineSexualViolence:
            return .init(numerator: try await count("""
                SELECT COUNT(DISTINCT cc.contact_id) AS n FROM contact_categories cc JOIN contacts c ON c.id = cc.contact_id
                WHERE c.organisation_id = \(bind: organisation) AND c.started_at >= \(bind: from) AND c.started_at < \(bind: to)
                AND cc.code IN ('violence.sexual', 'violence.online_sexual_exploitation')
                """), denominator: nil)
        case .reportsFiled:
            return .init(numerator: try await count("""
                SELECT COUNT(*) AS n FROM statutory_reports r WHERE r.organisation_id = \(bind: organisation) AND r.submitted_at >= \(bind: from) AND r.submitted_at < \(bind: to)
                """), denominator: nil)
        case .reportsAcknowledgedInTime:
            return try await share("""
                SELECT COUNT(*) AS whole, SUM(CASE WHEN r.acknowledged_at IS NOT NULL AND r.acknowledged_at <= r.acknowledgement_due_at THEN 1 ELSE 0 END) AS part
                FROM statutory_reports r WHERE r.organisation_id = \(bind: organisation) AND r.submitted_at >= \(bind: from) AND r.submitted_at < \(bind: to)
                AND r.acknowledgement_due_at IS NOT NULL
                """)
        case .clinicalGirlsUnder14:
            return .init(numerator: try await count("""
                SELECT COUNT(*) AS n FROM clinical_alerts a WHERE a.organisation_id = \(bind: organisation) AND a.situation = 2
                AND a.created_at >= \(bind: from) AND a.created_at < \(bind: to)
                """), denominator: nil)
        case .clinicalGirlsUnder14Reported:
            return try await share("""
                SELECT COUNT(*) AS whole, SUM(CASE WHEN a.report_id IS NOT NULL THEN 1 ELSE 0 END) AS part FROM clinical_alerts a
                WHERE a.organisation_id = \(bind: organisation) AND a.situation = 2 AND a.created_at >= \(bind: from) AND a.created_at < \(bind: to)
                """)
        case .staysRedFlags:
            return .init(numerator: try await count("""
                SELECT COUNT(*) AS n FROM stays s WHERE s.organisation_id = \(bind: organisation) AND s.flag_rank = \(bind: WarningColour.red.rank)
                AND s.checked_in_at >= \(bind: from) AND s.checked_in_at < \(bind: to)
                """), denominator: nil)
        case .vettingChecks, .vettingHits:
            let hits: SQLQueryString = figure == .vettingHits ? " AND q.answer = \(bind: VettingAnswer.prohibited.rawValue)" : ""
            return .init(numerator: try await count("""
                SELECT COUNT(*) AS n FROM vetting_queries q WHERE q.unit_id = \(bind: organisation) AND q.answered_at >= \(bind: from) AND q.answered_at < \(bind: to)\(hits)
                """), denominator: nil)
        case .childrenRepresented:
            return .init(numerator: try await count("""
                SELECT COUNT(DISTINCT m.case_id) AS n FROM legal_matters m JOIN cases k ON k.id = m.case_id
                WHERE k.organisation_id = \(bind: organisation) AND m.opened_at >= \(bind: from) AND m.opened_at < \(bind: to)
                """), denominator: nil)
        case .professionalsTrained:
            return .init(numerator: try await count("""
                SELECT COUNT(DISTINCT a.participant_id) AS n FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
                JOIN training_participants p ON p.id = a.participant_id
                WHERE p.organisation_id = \(bind: organisation) AND a.mark IN ('present', 'late') AND s.starts_at >= \(bind: from) AND s.starts_at < \(bind: to)
                """), denominator: nil)
        }
    }
}
