import Foundation
import SafeguardCore
import SQLKit

/// The cascade in the database: who trained whom (`training_cascade_links`, one row per pair, kept
/// when attendance is marked) and the walks over it. A walk runs inside the database as one
/// recursive query over the people who passed the training on (a thousand in a tree of 100,000),
/// and counts the rest by generation there; `CascadeReach` is the reference it is tested against.
enum TrainingCascade {
    /// Attendance that counts as being trained by the session's trainer.
    static let trainedMarks: SQLQueryString = "('present', 'late')"

    /// Keeps the pairs after the marks of one session given by `trainer`: everyone marked present or
    /// late was trained by them; anyone else marked keeps the pair only through another session.
    static func keepLinks(trainer: UUID, marks: [(UUID, AttendanceMark)], on db: any SQLDatabase) async throws {
        let trained = marks.filter { $0.1.counts }.map(\.0), notTrained = marks.filter { !$0.1.counts }.map(\.0)
        if !trained.isEmpty {
            let insert = db.insert(into: "training_cascade_links").columns("trainer_participant_id", "participant_id")
            for person in trained { insert.values(SQLBind(trainer), SQLBind(person)) }
            try await insert.ignoringConflicts(with: ["trainer_participant_id", "participant_id"]).run()
        }
        if !notTrained.isEmpty {
            try await db.raw("""
                DELETE FROM training_cascade_links WHERE trainer_participant_id = \(bind: trainer) AND participant_id IN (\(binds: notTrained))
                AND NOT EXISTS (SELECT 1 FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
                  WHERE s.trainer_participant_id = \(bind: trainer) AND a.participant_id = training_cascade_links.participant_id AND a.mark IN \(trainedMarks))
                """).run()
        }
    }

    /// The person and everyone who trained them, directly or through others.
    static func trainedBefore(_ person: UUID, on db: any SQLDatabase) async throws -> Set<UUID> {
        // UNION, not UNION ALL: a loop already in the records ends the walk instead of repeating it.
        Set(try await db.raw("""
            WITH RECURSIVE upstream(id) AS (
              SELECT \(bind: person)
              UNION
              SELECT l.trainer_participant_id FROM upstream JOIN training_cascade_links l ON l.participant_id = upstream.id
            ) SELECT id FROM upstream
            """).all().map { try $0.decode(column: "id", as: UUID.self) })
    }

    /// The common table expressions of a walk from `seed` (a query of people, column `id`, who are
    /// the first generation) through the trainers of `organisationID`:
    /// `trainer_generation(id, generation)`, the people in it who passed the training on, and
    /// `reached(id, generation)`, everyone in it, each at the lowest generation they reach, up to
    /// `maxGenerations`. The walk expands trainers only; their trainees are joined once at the end.
    /// Only the seed is checked for the organisation: a pair never crosses organisations, as a
    /// session's trainer and everyone enrolled in its cohort are the cohort's organisation's people.
    static func walk(from seed: SQLQueryString, organisationID: UUID, maxGenerations: Int = CascadeReach.defaultMaxGenerations) -> SQLQueryString {
        """
            WITH RECURSIVE seed(id) AS MATERIALIZED (\(seed)),
            walk(id, generation) AS (
              SELECT t.id, 1 FROM seed JOIN training_participants t ON t.id = seed.id
              WHERE t.organisation_id = \(bind: organisationID) AND EXISTS (SELECT 1 FROM training_cascade_links x WHERE x.trainer_participant_id = t.id)
              UNION
              SELECT l.participant_id, w.generation + 1 FROM walk w JOIN training_cascade_links l ON l.trainer_participant_id = w.id
              WHERE w.generation < \(literal: maxGenerations) AND EXISTS (SELECT 1 FROM training_cascade_links x WHERE x.trainer_participant_id = l.participant_id)
            ),
            trainer_generation(id, generation) AS MATERIALIZED (SELECT id, MIN(generation) FROM walk GROUP BY id),
            reached(id, generation) AS MATERIALIZED (
              SELECT id, MIN(generation) FROM (
                SELECT id, 1 AS generation FROM seed
                UNION ALL
                SELECT l.participant_id, g.generation + 1 FROM trainer_generation g JOIN training_cascade_links l ON l.trainer_participant_id = g.id
                WHERE g.generation < \(literal: maxGenerations)
              ) everyone GROUP BY id
            )
            """
    }

    /// How far a programme (`programmeID`) or a person (`participantID`) spread the training: a
    /// programme's first generation attended its sessions, a person's was trained by them.
    static func reach(programmeID: UUID? = nil, participantID: UUID? = nil, actor: Actor, services: AppServices,
                      on db: any SQLDatabase) async throws -> Audited<TrainingViews.Reach> {
        let organisation = actor.organisationID
        let seed: SQLQueryString
        if let programmeID {
            guard try await db.raw("SELECT id FROM training_programmes WHERE id = \(bind: programmeID) AND organisation_id = \(bind: organisation)")
                .first() != nil else { throw AppError.notFound("programme") }
            // by the programme's sessions (a planner left to itself may scan every mark by person instead)
            seed = """
                SELECT DISTINCT a.participant_id FROM training_attendance a WHERE a.mark IN \(trainedMarks) AND a.session_id IN (
                  SELECT s.id FROM training_sessions s JOIN training_cohorts c ON c.id = s.cohort_id WHERE c.programme_id = \(bind: programmeID))
                """
        } else if let participantID {
            guard try await db.raw("SELECT id FROM training_participants WHERE id = \(bind: participantID) AND organisation_id = \(bind: organisation)")
                .first() != nil else { throw AppError.notFound("participant") }
            seed = "SELECT participant_id FROM training_cascade_links WHERE trainer_participant_id = \(bind: participantID)"
        } else {
            seed = "SELECT id FROM training_participants WHERE 1 = 0"
        }
        let walk = walk(from: seed, organisationID: organisation)
        var figures: [Int: TrainingViews.Reach.Generation] = [:]
        for r in try await db.raw("""
            \(walk) SELECT r.generation, t.target_group, t.sex, t.institution, COUNT(*) AS people FROM reached r
            JOIN training_participants t ON t.id = r.id WHERE t.organisation_id = \(bind: organisation) GROUP BY r.generation, t.target_group, t.sex, t.institution
            """).all() {
            let level = try r.decode(column: "generation", as: Int.self), people = try r.decode(column: "people", as: Int.self)
            var g = figures[level] ?? .init(generation: level, people: 0, byTargetGroup: [:], bySex: [:], byInstitution: [:])
            g.people += people
            g.byTargetGroup[try r.decode(column: "target_group", as: String.self), default: 0] += people
            g.bySex[try r.decode(column: "sex", as: String.self), default: 0] += people
            g.byInstitution[try r.decode(column: "institution", as: String.self), default: 0] += people
            figures[level] = g
        }
        // The people who passed it on, with every trainer of theirs one generation before them (the
        // drawing joins each to the first of these).
        var trainers: [UUID: TrainingViews.Reach.Trainer] = [:]
        for r in try await db.raw("""
            \(walk) SELECT g.id, g.generation, t.name, q.id AS trained_by,
            (SELECT COUNT(*) FROM training_cascade_links c WHERE c.trainer_participant_id = g.id) AS trained
            FROM trainer_generation g JOIN training_participants t ON t.id = g.id
            LEFT JOIN training_cascade_links l ON l.participant_id = g.id
            LEFT JOIN trainer_generation q ON q.id = l.trainer_participant_id AND q.generation = g.generation - 1
            """).all() {
            let id = try r.decode(column: "id", as: UUID.self), by = try r.decode(column: "trained_by", as: UUID?.self)
            if var known = trainers[id] {
                if let by, known.trainedBy.map({ by.uuidString < $0.uuidString }) ?? true { known.trainedBy = by }
                trainers[id] = known
                continue
            }
            trainers[id] = .init(id: id, name: try services.cipher.open(try r.decode(column: "name", as: String.self), context: TrainingStore.context(id, "name")),
                                 generation: try r.decode(column: "generation", as: Int.self), trained: try r.decode(column: "trained", as: Int.self), trainedBy: by)
        }
        let sortedTrainers = trainers.values.sorted { ($0.generation, $0.name, $0.id.uuidString) < ($1.generation, $1.name, $1.id.uuidString) }
        let reach = TrainingViews.Reach(generations: figures.values.sorted { $0.generation < $1.generation },
                                        total: figures.values.reduce(0) { $0 + $1.people }, trainers: sortedTrainers)
        return Audited(reach, TrainingStore.readEntries(sortedTrainers.map(\.id)))
    }
}
