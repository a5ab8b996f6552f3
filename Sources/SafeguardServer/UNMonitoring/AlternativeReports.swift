import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Alternative reports to a committee: a section per CRC cluster with the State's claims, the
/// organisation's findings, the recommendations it follows up and the indicators it shows, under
/// the committee's word limit. A children's version is written separately, in words of its own.
enum AlternativeReports {
    enum Audience: String, CaseIterable, Codable, Sendable { case adults, children }
    enum Presentation: String, CaseIterable, Codable, Sendable { case table, chart }

    struct Input: Content {
        var title: String?, country: String?, mechanism: String?, language: String?, audience: String?
        var wordLimit: Int?
        /// For a children's version: the report it goes with.
        var childrenVersionOf: UUID?
    }

    struct FigureInput: Content { var indicatorID: UUID; var presentation: String? }

    struct SectionInput: Content {
        var stateClaims: String?, findings: String?
        var recommendationIDs: [UUID]?
        var figures: [FigureInput]?
        /// The children's views of this cluster that they agreed to have quoted.
        var quoteChildren: Bool?
    }

    struct Figure: Content { var indicatorID: UUID; var title: String; var presentation: String }

    struct Section: Content {
        var cluster: String
        var stateClaims: String, findings: String, quoteChildren: Bool
        var words: Int
        var recommendationIDs: [UUID]
        var figures: [Figure]
    }

    struct Report: Content {
        var id: UUID, title: String, country: String, mechanism: String, language: String, audience: String
        var wordLimit: Int, words: Int
        var childrenVersionOf: UUID?, childrenVersions: [UUID]
        var updatedAt: Date
        var sections: [Section]
    }

    struct Summary: Content { var id: UUID, title: String, country: String, mechanism: String, language: String, audience: String, wordLimit: Int, words: Int, updatedAt: Date }

    /// A section's two texts in Chinese, sent by a form (nine bytes a character), stay under the 1 MiB a request may send.
    static let textLimit = 30_000

    static func create(_ input: Input, now: Date = Date(), by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let title = v.text(input.title, "title", max: 300, required: "give the report a title")
        let country = v.country(input.country, "country")
        let mechanism = v.requiredCode(input.mechanism, "mechanism", as: Mechanism.self, missing: "choose the mechanism the report is for")
        let language = input.language?.trimmedWhitespace ?? ""
        v.check(Strings.supported.contains(language), "language", "unknown value; expected one of: en, zh-Hans, mn")
        let audience = input.audience?.trimmedWhitespace.isEmpty ?? true ? Audience.adults : v.code(input.audience, "audience", as: Audience.self)
        v.check(input.wordLimit.map { (500...100_000).contains($0) } ?? false, "wordLimit", "give the word limit (500 to 100000)")
        v.check(input.childrenVersionOf == nil || audience == .children, "childrenVersionOf", "only a children's version goes with another report")
        try v.finish()
        let actor = caller.actor
        return try await caller.write { db in
            if let parent = input.childrenVersionOf {
                guard let row = try await db.raw("SELECT audience FROM un_reports WHERE id = \(bind: parent) AND organisation_id = \(bind: actor.organisationID)").first()
                else { throw AppError.notFound("report") }
                guard try row.decode(column: "audience", as: String.self) == Audience.adults.rawValue else {
                    throw AppError.invalid("childrenVersionOf", "a children's version goes with a report for adults")
                }
            }
            let id = UUID.timeOrdered()
            try await db.insert(into: "un_reports")
                .columns("id", "organisation_id", "title", "country", "mechanism", "language", "audience", "word_limit", "children_version_of", "created_by", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(title!), SQLBind(country), SQLBind(mechanism!.rawValue), SQLBind(language),
                        SQLBind((audience ?? .adults).rawValue), SQLBind(input.wordLimit!), SQLBind(input.childrenVersionOf), SQLBind(actor.userID), SQLBind(now), SQLBind(now)).run()
            // a section for each cluster, in the reporting guidelines' order, written as one statement
            let sections = db.insert(into: "un_report_sections").columns("id", "report_id", "cluster", "position", "state_claims", "findings", "quote_children", "words", "updated_at")
            for (position, cluster) in CRCCluster.allCases.enumerated() {
                sections.values(SQLBind(UUID.timeOrdered()), SQLBind(id), SQLBind(cluster.rawValue), SQLBind(position), SQLBind(""), SQLBind(""), SQLBind(false), SQLBind(0), SQLBind(now))
            }
            try await sections.run()
            try await AuditLog.append([.init(verb: .create, recordType: "un_report", recordID: id.uuidString)], by: actor, on: db)
            return IDOnly(id: id)
        }
    }

    /// A section's text, citations and figures, written whole; refused when the report would pass
    /// its word limit, with the count, so that the writer knows how much to cut.
    static func updateSection(_ id: UUID, cluster: String, _ input: SectionInput, now: Date = Date(), by caller: Caller) async throws -> Report {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let claims = v.text(input.stateClaims, "stateClaims", max: textLimit, lines: true) ?? ""
        let findings = v.text(input.findings, "findings", max: textLimit, lines: true) ?? ""
        let citations = Array(Set(input.recommendationIDs ?? []))
        v.check(citations.count <= 500, "recommendationIDs", "a section cites at most 500 recommendations")
        let figures = input.figures ?? []
        v.check(figures.count <= 100, "figures", "a section shows at most 100 indicators")
        v.check(Set(figures.map(\.indicatorID)).count == figures.count, "figures", "an indicator is shown once in a section")
        for (index, figure) in figures.enumerated() { _ = v.requiredCode(figure.presentation, "figures[\(index)].presentation", as: Presentation.self, missing: "choose a table or a chart") }
        try v.finish()
        guard let cluster = CRCCluster(rawValue: cluster) else { throw AppError.notFound("section") }
        let actor = caller.actor
        try await caller.write { db in
            let report = try await row(id, organisation: actor.organisationID, lock: true, on: db)
            if try report.decode(column: "audience", as: String.self) == Audience.children.rawValue, !claims.isEmpty {
                throw AppError.invalid("stateClaims", "a children's version has no State's claims: write what children should know in the findings")
            }
            let limit = try report.decode(column: "word_limit", as: Int.self)
            let sectionWords = WordCount.count(claims) + WordCount.count(findings)
            guard let section = try await db.raw("""
                SELECT id, (SELECT CAST(COALESCE(SUM(words), 0) AS BIGINT) FROM un_report_sections o WHERE o.report_id = s.report_id AND o.id <> s.id) AS others
                FROM un_report_sections s WHERE s.report_id = \(bind: id) AND s.cluster = \(bind: cluster.rawValue)
                """).first() else { throw AppError.notFound("section") }
            let total = try section.decode(column: "others", as: Int.self) + sectionWords
            guard total <= limit else {
                throw AppError.invalid("findings", "the report would have \(total) words, over its limit of \(limit) words")
            }
            let sectionID = try section.decode(column: "id", as: UUID.self)
            try await owned("un_recommendations", citations, organisation: actor.organisationID, name: "recommendationIDs", on: db)
            try await owned("un_indicators", figures.map(\.indicatorID), organisation: actor.organisationID, name: "figures", on: db)
            try await db.update("un_report_sections").set("state_claims", to: SQLBind(claims)).set("findings", to: SQLBind(findings))
                .set("quote_children", to: SQLBind(input.quoteChildren == true)).set("words", to: SQLBind(sectionWords)).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(sectionID)).run()
            try await db.delete(from: "un_report_citations").where("section_id", .equal, SQLBind(sectionID)).run()
            try await db.delete(from: "un_report_figures").where("section_id", .equal, SQLBind(sectionID)).run()
            for chunk in citations.chunked(into: 500) {
                let insert = db.insert(into: "un_report_citations").columns("section_id", "recommendation_id")
                for recommendation in chunk { insert.values(SQLBind(sectionID), SQLBind(recommendation)) }
                try await insert.run()
            }
            if !figures.isEmpty {
                let insert = db.insert(into: "un_report_figures").columns("section_id", "indicator_id", "presentation", "position")
                for (position, figure) in figures.enumerated() {
                    insert.values(SQLBind(sectionID), SQLBind(figure.indicatorID), SQLBind(figure.presentation!.trimmedWhitespace), SQLBind(position))
                }
                try await insert.run()
            }
            try await db.update("un_reports").set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
            try await AuditLog.append([.init(verb: .update, recordType: "un_report", recordID: id.uuidString)], by: actor, on: db)
        }
        return try await get(id, by: caller)
    }

    /// Refuses ids that are not all rows of the organisation's, without saying which exist elsewhere.
    static func owned(_ table: String, _ ids: [UUID], organisation: UUID, name: String, on db: any SQLDatabase) async throws {
        for chunk in ids.chunked(into: 500) {
            let found = try await db.raw("""
                SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE organisation_id = \(bind: organisation) AND id IN \(SQLGroupExpression(chunk.map { SQLBind($0) }))
                """).first()!.decode(column: "n", as: Int.self)
            guard found == chunk.count else { throw AppError.invalid(name, "names something that is not one of the organisation's") }
        }
    }

    static func row(_ id: UUID, organisation: UUID, lock: Bool = false, on db: any SQLDatabase) async throws -> any SQLRow {
        let lockClause: SQLQueryString = lock ? db.forUpdate : ""
        guard let row = try await db.raw("SELECT * FROM un_reports WHERE id = \(bind: id) AND organisation_id = \(bind: organisation)\(lockClause)").first()
        else { throw AppError.notFound("report") }
        return row
    }

    static func list(by caller: Caller) async throws -> [Summary] {
        _ = try caller.scopes(.monitoringRead)
        return try await caller.app.sql.raw("""
            SELECT r.*, (SELECT CAST(COALESCE(SUM(words), 0) AS BIGINT) FROM un_report_sections s WHERE s.report_id = r.id) AS words FROM un_reports r
            WHERE r.organisation_id = \(bind: caller.actor.organisationID) ORDER BY r.created_at DESC LIMIT 500
            """).all().map { r in
            Summary(id: try r.decode(column: "id", as: UUID.self), title: try r.decode(column: "title", as: String.self), country: try r.decode(column: "country", as: String.self),
                    mechanism: try r.decode(column: "mechanism", as: String.self), language: try r.decode(column: "language", as: String.self),
                    audience: try r.decode(column: "audience", as: String.self), wordLimit: try r.decode(column: "word_limit", as: Int.self),
                    words: try r.decode(column: "words", as: Int.self), updatedAt: try r.decode(column: "updated_at", as: Date.self))
        }
    }

    static func get(_ id: UUID, by caller: Caller) async throws -> Report {
        _ = try caller.scopes(.monitoringRead)
        let db = caller.app.sql
        let r = try await row(id, organisation: caller.actor.organisationID, on: db)
        let sections = try await db.raw("SELECT * FROM un_report_sections WHERE report_id = \(bind: id) ORDER BY position").all()
        var citations: [UUID: [UUID]] = [:], figures: [UUID: [Figure]] = [:]
        for c in try await db.raw("""
            SELECT c.section_id, c.recommendation_id FROM un_report_citations c JOIN un_report_sections s ON s.id = c.section_id
            JOIN un_recommendations r ON r.id = c.recommendation_id WHERE s.report_id = \(bind: id) ORDER BY r.sort_key
            """).all() {
            citations[try c.decode(column: "section_id", as: UUID.self), default: []].append(try c.decode(column: "recommendation_id", as: UUID.self))
        }
        for f in try await db.raw("""
            SELECT f.section_id, f.indicator_id, f.presentation, i.title FROM un_report_figures f JOIN un_report_sections s ON s.id = f.section_id
            JOIN un_indicators i ON i.id = f.indicator_id WHERE s.report_id = \(bind: id) ORDER BY f.position
            """).all() {
            figures[try f.decode(column: "section_id", as: UUID.self), default: []].append(
                Figure(indicatorID: try f.decode(column: "indicator_id", as: UUID.self), title: try f.decode(column: "title", as: String.self),
                       presentation: try f.decode(column: "presentation", as: String.self)))
        }
        let versions = try await db.raw("SELECT id FROM un_reports WHERE children_version_of = \(bind: id) ORDER BY created_at").all().map { try $0.decode(column: "id", as: UUID.self) }
        let parts = try sections.map { s in
            let sectionID = try s.decode(column: "id", as: UUID.self)
            return Section(cluster: try s.decode(column: "cluster", as: String.self), stateClaims: try s.decode(column: "state_claims", as: String.self),
                           findings: try s.decode(column: "findings", as: String.self), quoteChildren: try s.decode(column: "quote_children", as: Bool.self),
                           words: try s.decode(column: "words", as: Int.self), recommendationIDs: citations[sectionID] ?? [], figures: figures[sectionID] ?? [])
        }
        return Report(id: id, title: try r.decode(column: "title", as: String.self), country: try r.decode(column: "country", as: String.self),
                      mechanism: try r.decode(column: "mechanism", as: String.self), language: try r.decode(column: "language", as: String.self),
                      audience: try r.decode(column: "audience", as: String.self), wordLimit: try r.decode(column: "word_limit", as: Int.self),
                      words: parts.reduce(0) { $0 + $1.words }, childrenVersionOf: try r.decode(column: "children_version_of", as: UUID?.self),
                      childrenVersions: versions, updatedAt: try r.decode(column: "updated_at", as: Date.self), sections: parts)
    }
}
