import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The training figures of one year over the user's organisation: people trained (certified that
/// year, each once) by programme, target group, region, sex and institution; hours of training
/// delivered; people trained by generation of the cascade; completion by programme for the cohorts that ended that year; and consultations by
/// kind and topic (for those who may read them). Counts of people
/// under 5 are suppressed unless the user may see exact figures, and always in the CSV export; so
/// is any figure that would give a suppressed one away by subtraction.
enum TrainingFigures {
    struct Cell: Content, Equatable { var key: String; var display: String }
    struct Breakdown: Content, Equatable { var dimension: String; var cells: [Cell] }
    struct Delivered: Content, Equatable { var programmeTitle: String; var sessions: Int; var hours: Double }
    struct Completion: Content, Equatable { var programmeTitle: String; var enrolled: String; var completed: String; var percent: Int? }
    /// Consultations by kind and the topic's top helpline category, over those the reader may see.
    struct Consulted: Content, Equatable { var kind: String; var category: String; var display: String }
    struct Figures: Content, Equatable {
        var year: Int
        var peopleTrained: String
        var breakdowns: [Breakdown]
        var delivered: [Delivered]
        var completion: [Completion]
        var consultations: [Consulted]
    }

    struct Query: Content { var year: String? }

    /// The dimensions people trained are counted by, with the column each is read from.
    static let dimensions: [(name: String, column: SQLQueryString)] = [
        ("programme", "p.title"), ("targetGroup", "t.target_group"), ("region", "COALESCE(r.name, '')"), ("sex", "t.sex"), ("institution", "t.institution"),
    ]

    static func year(_ query: Query) throws -> Int {
        guard let text = query.year?.trimmed else {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = Layout.timeZone
            return calendar.component(.year, from: Date())
        }
        guard let year = Int(text), (2000...2100).contains(year) else { throw AppError.invalid("year", "give a year from 2000 to 2100") }
        return year
    }

    static func compute(year: Int, exact: Bool, actor: Actor, on db: any SQLDatabase) async throws -> Figures {
        func display(_ n: Int) -> String { SmallCellSuppression.display(n, exact: exact) }
        let from = Self.start(of: year), to = Self.start(of: year + 1)
        let certifiedIn: SQLQueryString = """
            FROM training_certificates k JOIN training_participants t ON t.id = k.participant_id JOIN training_cohorts c ON c.id = k.cohort_id
            JOIN training_programmes p ON p.id = c.programme_id LEFT JOIN regions r ON r.id = t.region_id
            """
        let certifiedWhen: SQLQueryString = """
            WHERE p.organisation_id = \(bind: actor.organisationID) AND k.issued_at >= \(bind: from) AND k.issued_at < \(bind: to) AND k.revoked_at IS NULL
            """
        let certified: SQLQueryString = "\(certifiedIn) \(certifiedWhen)"
        let people = try await db.raw("SELECT COUNT(DISTINCT k.participant_id) AS n \(certified)").first()!.decode(column: "n", as: Int.self)
        var breakdowns: [Breakdown] = []
        for dimension in dimensions {
            let rows = try await db.raw("SELECT \(dimension.column) AS k, COUNT(DISTINCT k.participant_id) AS n \(certified) GROUP BY 1 ORDER BY 2 DESC, 1").all()
            let counts = try rows.map { try $0.decode(column: "n", as: Int.self) }
            let cells = try zip(rows, SmallCellSuppression.display(breakdown: counts, exact: exact)).map { row, shown in
                Cell(key: try row.decode(column: "k", as: String.self), display: shown)
            }
            breakdowns.append(Breakdown(dimension: dimension.name, cells: cells))
        }
        breakdowns.append(try await generations(certifiedIn: certifiedIn, when: certifiedWhen, exact: exact, actor: actor, on: db))
        // hours delivered: each session once, however many came
        var delivered: [String: (sessions: Int, seconds: TimeInterval)] = [:]
        for r in try await db.raw("""
            SELECT p.title, s.starts_at, s.ends_at FROM training_sessions s JOIN training_cohorts c ON c.id = s.cohort_id JOIN training_programmes p ON p.id = c.programme_id
            WHERE p.organisation_id = \(bind: actor.organisationID) AND s.starts_at >= \(bind: from) AND s.starts_at < \(bind: to)
            """).all() {
            let title = try r.decode(column: "title", as: String.self)
            let seconds = try r.decode(column: "ends_at", as: Date.self).timeIntervalSince(try r.decode(column: "starts_at", as: Date.self))
            delivered[title, default: (0, 0)].sessions += 1
            delivered[title, default: (0, 0)].seconds += seconds
        }
        let completion = try await db.raw("""
            SELECT p.title, COUNT(*) AS enrolled, COUNT(k.id) AS completed FROM training_enrolments e JOIN training_cohorts c ON c.id = e.cohort_id
            JOIN training_programmes p ON p.id = c.programme_id
            LEFT JOIN training_certificates k ON k.cohort_id = e.cohort_id AND k.participant_id = e.participant_id AND k.revoked_at IS NULL
            WHERE p.organisation_id = \(bind: actor.organisationID) AND e.status = 'enrolled'
            AND c.ends_on >= \(bind: "\(year)-01-01") AND c.ends_on <= \(bind: "\(year)-12-31")
            GROUP BY p.title ORDER BY p.title
            """).all().map { r -> Completion in
            let enrolled = try r.decode(column: "enrolled", as: Int.self), completed = try r.decode(column: "completed", as: Int.self)
            // those who did not complete are a count too: when it is small, the number enrolled would give it away
            let fewDidNot = !exact && (1..<SmallCellSuppression.threshold).contains(enrolled - completed)
            let shown = exact || min(enrolled, completed) >= SmallCellSuppression.threshold && !fewDidNot
            let percent = enrolled == 0 || !shown ? nil : Int((Double(completed) * 100 / Double(enrolled)).rounded())
            return Completion(programmeTitle: try r.decode(column: "title", as: String.self), enrolled: fewDidNot ? "–" : display(enrolled),
                              completed: display(completed), percent: percent)
        }
        let consultations = try await Consultations.counts(year: year, actor: actor, on: db).map { Consulted(kind: $0.kind, category: $0.category, display: display($0.count)) }
        return Figures(year: year, peopleTrained: display(people), breakdowns: breakdowns,
                       delivered: delivered.keys.sorted().map { Delivered(programmeTitle: $0, sessions: delivered[$0]!.sessions, hours: (delivered[$0]!.seconds / 36).rounded() / 100) },
                       completion: completion, consultations: consultations)
    }

    /// People trained by the generation of the cascade their training came from: a cohort given
    /// by the organisation's own trainers is the first, one given by someone of generation n the
    /// n + 1st. A person trained twice that year counts once, at the lower generation.
    private static func generations(certifiedIn: SQLQueryString, when: SQLQueryString, exact: Bool, actor: Actor, on db: any SQLDatabase) async throws -> Breakdown {
        // the trainers the organisation trained itself: none trained them, or they came to a session it gave
        let firstTrainers: SQLQueryString = """
            SELECT id FROM (SELECT DISTINCT trainer_participant_id AS id FROM training_cascade_links) tr
            WHERE NOT EXISTS (SELECT 1 FROM training_cascade_links u WHERE u.participant_id = tr.id)
            OR EXISTS (SELECT 1 FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
              WHERE a.participant_id = tr.id AND a.mark IN \(TrainingCascade.trainedMarks) AND s.trainer_participant_id IS NULL)
            """
        let rows = try await db.raw("""
            \(TrainingCascade.walk(from: firstTrainers, organisationID: actor.organisationID, maxGenerations: 100)),
            cohort_generation(cohort_id, generation) AS (
              SELECT s.cohort_id, MIN(CASE WHEN s.trainer_participant_id IS NULL THEN 1 ELSE COALESCE(g.generation + 1, 2) END)
              FROM training_sessions s LEFT JOIN trainer_generation g ON g.id = s.trainer_participant_id GROUP BY s.cohort_id
            )
            SELECT generation, COUNT(*) AS n FROM (
              SELECT k.participant_id, MIN(COALESCE(cg.generation, 1)) AS generation \(certifiedIn) LEFT JOIN cohort_generation cg ON cg.cohort_id = k.cohort_id \(when)
              GROUP BY k.participant_id
            ) people GROUP BY generation ORDER BY generation
            """).all()
        let counts = try rows.map { try $0.decode(column: "n", as: Int.self) }
        let cells = try zip(rows, SmallCellSuppression.display(breakdown: counts, exact: exact)).map { row, shown in
            Cell(key: String(try row.decode(column: "generation", as: Int.self)), display: shown)
        }
        return Breakdown(dimension: "generation", cells: cells)
    }

    /// The figures as one CSV table: what is counted, by what, the key and the figure.
    static func csv(_ f: Figures) -> String {
        var text = CSVWriter.line(["year", "figure", "by", "key", "value"])
        text += CSVWriter.line([String(f.year), "people_trained", "", "", f.peopleTrained])
        for breakdown in f.breakdowns {
            for cell in breakdown.cells { text += CSVWriter.line([String(f.year), "people_trained", breakdown.dimension, cell.key, cell.display]) }
        }
        for d in f.delivered {
            text += CSVWriter.line([String(f.year), "sessions", "programme", d.programmeTitle, String(d.sessions)])
            text += CSVWriter.line([String(f.year), "hours_delivered", "programme", d.programmeTitle, String(d.hours)])
        }
        for c in f.completion {
            text += CSVWriter.line([String(f.year), "enrolled", "programme", c.programmeTitle, c.enrolled])
            text += CSVWriter.line([String(f.year), "completed", "programme", c.programmeTitle, c.completed])
            text += CSVWriter.line([String(f.year), "completion_percent", "programme", c.programmeTitle, c.percent.map(String.init) ?? ""])
        }
        for c in f.consultations { text += CSVWriter.line([String(f.year), "consultations", "kind/topic", "\(c.kind)/\(c.category)", c.display]) }
        return text
    }

    /// New Year's midnight where the reader is, as the days of consultations and cohorts are theirs.
    private static func start(of year: Int) -> Date {
        Calendar(identifier: .gregorian).date(from: DateComponents(timeZone: Layout.timeZone, year: year, month: 1, day: 1))!
    }

    // MARK: the API and the download

    @Sendable static func json(req: Request) async throws -> Figures {
        let actor = try req.actor()
        return try await compute(year: try year(try req.query.decode(Query.self)), exact: AccessPolicy.allows(actor.roles, .statsReadExact), actor: actor, on: req.sql)
    }

    /// Always suppressed (an export leaves the system), and audited.
    @Sendable static func download(req: Request) async throws -> Response {
        let actor = try req.actor()
        let figures = try await compute(year: try year(try req.query.decode(Query.self)), exact: false, actor: actor, on: req.sql)
        try await req.write { db in
            try await AuditLog.append([.init(verb: .export, recordType: "training_figures", recordID: String(figures.year))], by: actor, on: db)
        }
        var headers = HTTPHeaders()
        headers.contentType = .init(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"safeguard-training-\(figures.year).csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: csv(figures)))
    }
}
