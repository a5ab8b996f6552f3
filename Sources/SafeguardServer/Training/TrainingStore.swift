import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The training tables. Everything belongs to the organisation that runs the programme: every
/// read and write here is filtered by it, so a programme of another organisation is not found.
enum TrainingStore {
    static func context(_ id: UUID, _ column: String) -> String { "training_participants/\(id.uuidString)/\(column)" }

    // MARK: programmes and cohorts

    static func createProgramme(_ input: TrainingInput.Programme, actor: Actor, on db: any SQLDatabase) async throws -> IDOnly {
        var v = FieldValidator()
        let title = input.title?.trimmedWhitespace ?? "", description = input.description?.trimmedWhitespace ?? ""
        v.check((1...200).contains(title.count), "title", "give the programme's title (1 to 200 characters)")
        v.check(description.count <= 5_000, "description", "is longer than 5000 characters")
        let groups = (input.targetGroups ?? []).filter { !$0.isEmpty }.enumerated().compactMap { v.code($1, "targetGroups[\($0)]", as: TargetGroup.self) }
        v.check(!groups.isEmpty, "targetGroups", "choose at least one target group")
        let delivery = v.requiredCode(input.delivery, "delivery", as: TrainingDelivery.self, missing: "choose how it is given")
        v.check((1...2_000).contains(input.hours ?? 0), "hours", "give the hours of training, 1 to 2000")
        let language = input.language?.trimmedWhitespace.lowercased() ?? ""
        v.check((2...20).contains(language.count) && language.allSatisfy { $0.isLetter || $0 == "-" }, "language", "a language code such as zh, en or mn")
        let required = input.requiredPercent ?? 80
        v.check((1...100).contains(required), "requiredPercent", "a share of 1 to 100 percent")
        try v.finish()
        let id = UUID.timeOrdered()
        try await db.insert(into: "training_programmes")
            .columns("id", "organisation_id", "title", "description", "target_groups", "delivery", "hours", "language", "required_percent", "created_by", "created_at",
                     "change_agents")
            .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(title), SQLBind(description),
                    SQLBind("," + Set(groups).map(\.rawValue).sorted().joined(separator: ",") + ","), SQLBind(delivery!.rawValue),
                    SQLBind(input.hours!), SQLBind(language), SQLBind(required), SQLBind(actor.userID), SQLBind(Date()), SQLBind(input.changeAgents ?? false))
            .run()
        try await AuditLog.append([.init(verb: .create, recordType: "training_programme", recordID: id.uuidString)], by: actor, on: db)
        return IDOnly(id: id)
    }

    static func programmes(actor: Actor, on db: any SQLDatabase) async throws -> [TrainingViews.ProgrammeSummary] {
        try await db.raw("""
            SELECT p.id, p.title, p.delivery, p.hours, p.target_groups, (SELECT COUNT(*) FROM training_cohorts c WHERE c.programme_id = p.id) AS cohorts
            FROM training_programmes p WHERE p.organisation_id = \(bind: actor.organisationID) ORDER BY p.created_at DESC
            """).all().map { r in
            .init(id: try r.decode(column: "id", as: UUID.self), title: try r.decode(column: "title", as: String.self),
                  delivery: try r.decode(column: "delivery", as: String.self), hours: try r.decode(column: "hours", as: Int.self),
                  targetGroups: list(try r.decode(column: "target_groups", as: String.self)), cohorts: try r.decode(column: "cohorts", as: Int.self))
        }
    }

    static func list(_ stored: String) -> [String] { stored.split(separator: ",").map(String.init) }

    static func programme(_ id: UUID, actor: Actor, on db: any SQLDatabase) async throws -> TrainingViews.Programme {
        guard let r = try await db.raw("""
            SELECT id, title, description, target_groups, delivery, hours, language, required_percent, change_agents FROM training_programmes
            WHERE id = \(bind: id) AND organisation_id = \(bind: actor.organisationID)
            """).first() else { throw AppError.notFound("programme") }
        let cohorts = try await db.raw("""
            SELECT c.id, c.name, c.starts_on, c.ends_on, c.capacity,
            (SELECT COUNT(*) FROM training_enrolments e WHERE e.cohort_id = c.id AND e.status = 'enrolled') AS enrolled,
            (SELECT COUNT(*) FROM training_enrolments e WHERE e.cohort_id = c.id AND e.status = 'waitlisted') AS waitlisted
            FROM training_cohorts c WHERE c.programme_id = \(bind: id) ORDER BY c.starts_on, c.name
            """).all().map { c in
            TrainingViews.CohortSummary(id: try c.decode(column: "id", as: UUID.self), name: try c.decode(column: "name", as: String.self),
                                        startsOn: try c.decode(column: "starts_on", as: String.self), endsOn: try c.decode(column: "ends_on", as: String.self),
                                        capacity: try c.decode(column: "capacity", as: Int.self), enrolled: try c.decode(column: "enrolled", as: Int.self),
                                        waitlisted: try c.decode(column: "waitlisted", as: Int.self))
        }
        return .init(id: id, title: try r.decode(column: "title", as: String.self), description: try r.decode(column: "description", as: String.self),
                     targetGroups: list(try r.decode(column: "target_groups", as: String.self)), delivery: try r.decode(column: "delivery", as: String.self),
                     hours: try r.decode(column: "hours", as: Int.self), language: try r.decode(column: "language", as: String.self),
                     requiredPercent: try r.decode(column: "required_percent", as: Int.self),
                     changeAgents: try r.decode(column: "change_agents", as: Bool?.self) ?? false, cohorts: cohorts)
    }

    static func createCohort(programmeID: UUID, _ input: TrainingInput.Cohort, actor: Actor, on db: any SQLDatabase) async throws -> IDOnly {
        guard try await db.raw("SELECT id FROM training_programmes WHERE id = \(bind: programmeID) AND organisation_id = \(bind: actor.organisationID)").first() != nil else {
            throw AppError.notFound("programme")
        }
        var v = FieldValidator()
        let name = input.name?.trimmedWhitespace ?? ""
        v.check((1...100).contains(name.count), "name", "give the cohort's name or number (1 to 100 characters)")
        let starts = input.startsOn.flatMap(PartialDate.init).flatMap { $0.isComplete ? $0 : nil }
        let ends = input.endsOn.flatMap(PartialDate.init).flatMap { $0.isComplete ? $0 : nil }
        v.check(starts != nil, "startsOn", "a date of the form YYYY-MM-DD")
        v.check(ends != nil, "endsOn", "a date of the form YYYY-MM-DD")
        if let starts, let ends { v.check(starts.description <= ends.description, "endsOn", "is before the first day") }
        v.check((1...10_000).contains(input.capacity ?? 0), "capacity", "give the number of places, 1 to 10000")
        try v.finish()
        let id = UUID.timeOrdered()
        try await db.insert(into: "training_cohorts").columns("id", "programme_id", "name", "starts_on", "ends_on", "capacity", "created_at", "open_registration")
            .values(SQLBind(id), SQLBind(programmeID), SQLBind(name), SQLBind(starts!.description), SQLBind(ends!.description),
                    SQLBind(input.capacity!), SQLBind(Date()), SQLBind(input.openRegistration ?? false))
            .run()
        try await AuditLog.append([.init(verb: .create, recordType: "training_cohort", recordID: id.uuidString)], by: actor, on: db)
        return IDOnly(id: id)
    }

    struct CohortRow {
        var programmeID: UUID, programmeTitle: String, name: String, startsOn: String, endsOn: String, capacity: Int, requiredPercent: Int
        var openRegistration: Bool
    }

    /// The cohort, if it belongs to the actor's organisation. `lock` holds its row until the
    /// transaction ends, so that places are counted and taken by one enrolment at a time.
    static func cohort(_ id: UUID, actor: Actor, lock: Bool = false, on db: any SQLDatabase) async throws -> CohortRow {
        guard let r = try await db.raw("""
            SELECT c.programme_id, p.title, c.name, c.starts_on, c.ends_on, c.capacity, p.required_percent, c.open_registration
            FROM training_cohorts c JOIN training_programmes p ON p.id = c.programme_id
            WHERE c.id = \(bind: id) AND p.organisation_id = \(bind: actor.organisationID)
            """).first() else { throw AppError.notFound("cohort") }
        if lock { _ = try await db.raw("SELECT id FROM training_cohorts WHERE id = \(bind: id)\(db.forUpdate)").first() }
        return CohortRow(programmeID: try r.decode(column: "programme_id", as: UUID.self), programmeTitle: try r.decode(column: "title", as: String.self),
                         name: try r.decode(column: "name", as: String.self), startsOn: try r.decode(column: "starts_on", as: String.self),
                         endsOn: try r.decode(column: "ends_on", as: String.self), capacity: try r.decode(column: "capacity", as: Int.self),
                         requiredPercent: try r.decode(column: "required_percent", as: Int.self),
                         openRegistration: try r.decode(column: "open_registration", as: Bool?.self) ?? false)
    }

    // MARK: sessions

    static func createSession(cohortID: UUID, _ input: TrainingInput.Session, actor: Actor, on db: any SQLDatabase) async throws -> IDOnly {
        let cohort = try await cohort(cohortID, actor: actor, on: db)
        var v = FieldValidator()
        let title = input.title?.trimmedWhitespace ?? "", place = input.place?.trimmedWhitespace ?? ""
        v.check((1...200).contains(title.count), "title", "give the session's title (1 to 200 characters)")
        v.check((1...300).contains(place.count), "place", "give the room or address (1 to 300 characters)")
        let starts = input.startsAt.flatMap(DateTime.parse), ends = input.endsAt.flatMap(DateTime.parse)
        v.check(starts != nil, "startsAt", "a date and time such as 2026-12-20T09:00:00+08:00")
        v.check(ends != nil, "endsAt", "a date and time such as 2026-12-20T12:00:00+08:00")
        if let starts, let ends {
            v.check(ends > starts, "endsAt", "ends before it starts")
            v.check(ends.timeIntervalSince(starts) <= 24 * 3600, "endsAt", "a session lasts at most a day")
            // The cohort's days are the organisation's days: compare in the reader's zone.
            let first = LocalTime.day(starts, in: actor.timeZone), last = LocalTime.day(ends, in: actor.timeZone)
            v.check(first >= cohort.startsOn && last <= cohort.endsOn, "startsAt", "falls outside the cohort's dates (\(cohort.startsOn) to \(cohort.endsOn))")
        }
        try v.finish()
        if let trainer = input.trainerID {
            guard try await db.raw("SELECT id FROM users WHERE id = \(bind: trainer) AND organisation_id = \(bind: actor.organisationID)").first() != nil else {
                throw AppError.invalid("trainerID", "no such person in your organisation")
            }
        }
        if let trainer = input.trainerParticipantID {
            guard try await db.raw("""
                SELECT id FROM training_participants WHERE id = \(bind: trainer) AND organisation_id = \(bind: actor.organisationID)
                """).first() != nil else { throw AppError.invalid("trainerParticipantID", "no such participant") }
        }
        let id = UUID.timeOrdered()
        try await db.insert(into: "training_sessions")
            .columns("id", "cohort_id", "title", "starts_at", "ends_at", "place", "trainer_id", "trainer_participant_id", "created_at")
            .values(SQLBind(id), SQLBind(cohortID), SQLBind(title), SQLBind(starts!), SQLBind(ends!), SQLBind(place), SQLBind(input.trainerID),
                    SQLBind(input.trainerParticipantID), SQLBind(Date()))
            .run()
        try await AuditLog.append([.init(verb: .create, recordType: "training_session", recordID: id.uuidString)], by: actor, on: db)
        return IDOnly(id: id)
    }

    /// The columns `session(_:services:)` reads, for a query that joins `training_sessions s`.
    static let sessionColumns: SQLQueryString = """
        s.id, s.title, s.starts_at, s.ends_at, s.place, s.trainer_id, u.display_name, s.trainer_participant_id, tp.name AS trainer_participant_name
        """
    static let sessionJoins: SQLQueryString = """
        LEFT JOIN users u ON u.id = s.trainer_id LEFT JOIN training_participants tp ON tp.id = s.trainer_participant_id
        """

    static func sessions(cohortID: UUID, services: AppServices, on db: any SQLDatabase) async throws -> [TrainingViews.Session] {
        try await db.raw("""
            SELECT \(sessionColumns) FROM training_sessions s \(sessionJoins) WHERE s.cohort_id = \(bind: cohortID) ORDER BY s.starts_at
            """).all().map { try session($0, services: services) }
    }

    static func session(_ r: any SQLRow, services: AppServices) throws -> TrainingViews.Session {
        let starts = try r.decode(column: "starts_at", as: Date.self), ends = try r.decode(column: "ends_at", as: Date.self)
        let trainerParticipant = try r.decode(column: "trainer_participant_id", as: UUID?.self)
        return .init(id: try r.decode(column: "id", as: UUID.self), title: try r.decode(column: "title", as: String.self), startsAt: starts, endsAt: ends,
                     place: try r.decode(column: "place", as: String.self), trainerID: try r.decode(column: "trainer_id", as: UUID?.self),
                     trainerName: try r.decode(column: "display_name", as: String?.self), trainerParticipantID: trainerParticipant,
                     trainerParticipantName: try trainerParticipant.map {
                         try services.cipher.open(try r.decode(column: "trainer_participant_name", as: String.self), context: context($0, "name"))
                     },
                     minutes: Int(ends.timeIntervalSince(starts) / 60))
    }

    /// The organisation's sessions from today to `days` ahead, soonest first; a trainer's own only
    /// when `trainer` is given. Sessions under way count: the register is kept during them.
    static func upcomingSessions(actor: Actor, trainer: UUID?, now: Date, days: Int = 14, services: AppServices,
                                 on db: any SQLDatabase) async throws -> [TrainingViews.UpcomingSession] {
        let trainerFilter: SQLQueryString = trainer.map { "AND s.trainer_id = \(bind: $0)" } ?? ""
        return try await db.raw("""
            SELECT \(sessionColumns), s.cohort_id, c.name AS cohort_name, p.title AS programme_title
            FROM training_sessions s JOIN training_cohorts c ON c.id = s.cohort_id JOIN training_programmes p ON p.id = c.programme_id \(sessionJoins)
            WHERE p.organisation_id = \(bind: actor.organisationID) AND s.ends_at >= \(bind: now) AND s.starts_at < \(bind: now.addingTimeInterval(Double(days) * 86_400))
            \(trainerFilter) ORDER BY s.starts_at LIMIT 20
            """).all().map { r in
            .init(session: try session(r, services: services), cohortID: try r.decode(column: "cohort_id", as: UUID.self), cohortName: try r.decode(column: "cohort_name", as: String.self),
                  programmeTitle: try r.decode(column: "programme_title", as: String.self))
        }
    }

    // MARK: participants and enrolment

    struct ValidParticipant: Sendable {
        var name: String, institution: String, position: String, sex: Sex, targetGroup: TargetGroup, contact: String?
        var userID: UUID? = nil
        var regionID: UUID? = nil
    }

    static func validate(_ input: TrainingInput.Participant) throws -> ValidParticipant {
        var v = FieldValidator()
        let name = input.name?.trimmedWhitespace ?? "", institution = input.institution?.trimmedWhitespace ?? ""
        let position = input.position?.trimmedWhitespace ?? "", contact = input.contact?.trimmedWhitespace ?? ""
        v.check((1...200).contains(name.count), "name", "give the person's name (1 to 200 characters)")
        v.check((1...200).contains(institution.count), "institution", "give the school, office or organisation they work for (1 to 200 characters)")
        v.check(position.count <= 200, "position", "is longer than 200 characters")
        v.check(contact.count <= 200, "contact", "is longer than 200 characters")
        let sex = v.requiredCode(input.sex, "sex", as: Sex.self, missing: "choose one (\"not known\" is a choice)")
        let group = v.requiredCode(input.targetGroup, "targetGroup", as: TargetGroup.self, missing: "choose the group they belong to")
        v.check(input.consent == true, "consent", "the person must agree that their training record is kept")
        try v.finish()
        return ValidParticipant(name: name, institution: institution, position: position, sex: sex!, targetGroup: group!, contact: contact.isEmpty ? nil : contact,
                                userID: input.userID, regionID: input.regionID)
    }

    /// Someone already registered under the same name with the same contact or institution.
    static func duplicate(of person: ValidParticipant, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> UUID? {
        if let user = person.userID, let same = try await db.raw("""
            SELECT id FROM training_participants WHERE organisation_id = \(bind: actor.organisationID) AND user_id = \(bind: user)
            """).first() {
            return try same.decode(column: "id", as: UUID.self)
        }
        guard let nameKey = services.blindIndex.personName(person.name) else { return nil }
        let contactKey = person.contact.flatMap { services.blindIndex.contact($0, domain: .trainingContact) }
        for r in try await db.raw("""
            SELECT id, institution, contact_key FROM training_participants WHERE organisation_id = \(bind: actor.organisationID) AND name_key = \(bind: nameKey)
            """).all() {
            let storedContact = try r.decode(column: "contact_key", as: String?.self), institution = try r.decode(column: "institution", as: String.self)
            let sameContact = contactKey != nil && storedContact == contactKey
            let sameInstitution = institution.lowercased() == person.institution.lowercased()
            if sameContact || sameInstitution { return try r.decode(column: "id", as: UUID.self) }
        }
        return nil
    }

    static func createParticipant(_ person: ValidParticipant, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> UUID {
        if let user = person.userID {
            guard try await db.raw("SELECT id FROM users WHERE id = \(bind: user) AND organisation_id = \(bind: actor.organisationID)").first() != nil else {
                throw AppError.invalid("userID", "no such person in your organisation")
            }
        }
        if let region = person.regionID, try await db.raw("SELECT id FROM regions WHERE id = \(bind: region)").first() == nil {
            throw AppError.invalid("regionID", "no such region")
        }
        let id = try await insertParticipant(person, organisationID: actor.organisationID, createdBy: actor.userID, services: services, on: db)
        try await AuditLog.append([.init(verb: .create, recordType: "training_participant", recordID: id.uuidString)], by: actor, on: db)
        return id
    }

    /// Writes the person's record, sealed; the caller has checked and will audit it.
    static func insertParticipant(_ person: ValidParticipant, organisationID: UUID, createdBy: UUID, services: AppServices, on db: any SQLDatabase) async throws -> UUID {
        let id = UUID.timeOrdered(), now = Date()
        try await db.insert(into: "training_participants")
            .columns("id", "organisation_id", "name", "name_key", "contact", "contact_key", "institution", "position", "sex", "target_group",
                     "consent_at", "created_by", "created_at", "user_id", "region_id")
            .values(SQLBind(id), SQLBind(organisationID), SQLBind(try services.cipher.seal(person.name, context: context(id, "name"))),
                    SQLBind(services.blindIndex.personName(person.name) ?? ""),
                    SQLBind(try services.cipher.seal(person.contact, context: context(id, "contact"))),
                    SQLBind(person.contact.flatMap { services.blindIndex.contact($0, domain: .trainingContact) }),
                    SQLBind(person.institution), SQLBind(person.position), SQLBind(person.sex.rawValue), SQLBind(person.targetGroup.rawValue),
                    SQLBind(now), SQLBind(createdBy), SQLBind(now), SQLBind(person.userID), SQLBind(person.regionID))
            .run()
        return id
    }

    /// Takes a place if one is free, else a place at the end of the waiting list. The cohort's row
    /// is locked meanwhile, so two enrolments never take the last place twice.
    static func enrol(cohortID: UUID, participantID: UUID, actor: Actor, on db: any SQLDatabase) async throws -> TrainingViews.EnrolmentResult {
        _ = try await cohort(cohortID, actor: actor, on: db)
        guard try await db.raw("""
            SELECT id FROM training_participants WHERE id = \(bind: participantID) AND organisation_id = \(bind: actor.organisationID)
            """).first() != nil else { throw AppError.invalid("participantID", "no such participant") }
        guard let result = try await takePlace(cohortID: cohortID, participantID: participantID, on: db) else {
            throw AppError.conflict("this participant is already enrolled in the cohort or on its waiting list")
        }
        try await AuditLog.append([.init(verb: .create, recordType: "training_enrolment", recordID: result.id.uuidString, reason: result.status)], by: actor, on: db)
        return result
    }

    /// A place, or the end of the waiting list, for someone not yet enrolled or waiting (else nil).
    static func takePlace(cohortID: UUID, participantID: UUID, on db: any SQLDatabase) async throws -> TrainingViews.EnrolmentResult? {
        guard let capacity = try await db.raw("SELECT capacity FROM training_cohorts WHERE id = \(bind: cohortID)\(db.forUpdate)").first()?
            .decode(column: "capacity", as: Int.self) else { throw AppError.notFound("cohort") }
        let existing = try await db.raw("""
            SELECT id, status FROM training_enrolments WHERE cohort_id = \(bind: cohortID) AND participant_id = \(bind: participantID)
            """).first()
        if let existing, try existing.decode(column: "status", as: String.self) != EnrolmentStatus.cancelled.rawValue { return nil }
        let taken = try await db.raw("""
            SELECT COUNT(*) AS n FROM training_enrolments WHERE cohort_id = \(bind: cohortID) AND status = 'enrolled'
            """).first()!.decode(column: "n", as: Int.self)
        let status: EnrolmentStatus = taken < capacity ? .enrolled : .waitlisted
        let now = Date()
        let id = try existing?.decode(column: "id", as: UUID.self) ?? UUID.timeOrdered()
        if existing != nil {
            // Enrolling again after a cancellation: at the end of the queue, as anyone new.
            try await db.raw("""
                UPDATE training_enrolments SET status = \(bind: status.rawValue), created_at = \(bind: now), updated_at = \(bind: now) WHERE id = \(bind: id)
                """).run()
        } else {
            try await db.insert(into: "training_enrolments").columns("id", "cohort_id", "participant_id", "status", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(cohortID), SQLBind(participantID), SQLBind(status.rawValue), SQLBind(now), SQLBind(now)).run()
        }
        try await notifyColleague(participantID, of: status == .enrolled ? .trainingEnrolled : .trainingWaitlisted, cohortID: cohortID, on: db)
        return .init(id: id, status: status.rawValue)
    }

    /// Tells a participant who is a Safeguard user what became of their enrolment (others have no inbox here).
    static func notifyColleague(_ participantID: UUID, of kind: NoticeKind, cohortID: UUID, on db: any SQLDatabase) async throws {
        guard let user = try await db.raw("SELECT user_id FROM training_participants WHERE id = \(bind: participantID)").first()?
            .decode(column: "user_id", as: UUID?.self) else { return }
        try await Notifications.notify(users: [user], kind: kind, recordType: "training_cohort", recordID: cohortID, on: db)
    }

    // MARK: registering oneself for an open event

    /// What the public registration page shows of a cohort open to registration; nil for any other.
    static func openCohort(_ id: UUID, on db: any SQLDatabase) async throws -> TrainingViews.OpenCohort? {
        guard let r = try await db.raw("""
            SELECT p.title, p.description, p.organisation_id, o.name AS organisation_name, c.name, c.starts_on, c.ends_on, c.capacity,
            (SELECT COUNT(*) FROM training_enrolments e WHERE e.cohort_id = c.id AND e.status = 'enrolled') AS taken
            FROM training_cohorts c JOIN training_programmes p ON p.id = c.programme_id JOIN organisations o ON o.id = p.organisation_id
            WHERE c.id = \(bind: id) AND c.open_registration = \(bind: true)
            """).first() else { return nil }
        let sessions = try await db.raw("SELECT title, starts_at, place FROM training_sessions WHERE cohort_id = \(bind: id) ORDER BY starts_at").all().map { s in
            TrainingViews.OpenCohort.Session(title: try s.decode(column: "title", as: String.self), startsAt: try s.decode(column: "starts_at", as: Date.self),
                                             place: try s.decode(column: "place", as: String.self))
        }
        let capacity = try r.decode(column: "capacity", as: Int.self)
        return .init(id: id, organisationID: try r.decode(column: "organisation_id", as: UUID.self), organisationName: try r.decode(column: "organisation_name", as: String.self),
                     programmeTitle: try r.decode(column: "title", as: String.self), description: try r.decode(column: "description", as: String.self),
                     name: try r.decode(column: "name", as: String.self), startsOn: try r.decode(column: "starts_on", as: String.self),
                     endsOn: try r.decode(column: "ends_on", as: String.self), placesLeft: max(0, capacity - (try r.decode(column: "taken", as: Int.self))),
                     sessions: sessions)
    }

    /// Registers someone who signs up themselves. The same person posting again (the same name and
    /// contact) is not registered twice: they are told where they stand.
    static func registerSelf(cohortID: UUID, _ person: ValidParticipant, needs: String?, services: AppServices,
                             on db: any SQLDatabase) async throws -> TrainingViews.EnrolmentResult {
        // The cohort locked before looking the person up: the same form posted twice at once registers them once.
        _ = try await db.raw("SELECT id FROM training_cohorts WHERE id = \(bind: cohortID)\(db.forUpdate)").first()
        guard let open = try await openCohort(cohortID, on: db),
              let owner = try await db.raw("""
                  SELECT p.created_by FROM training_cohorts c JOIN training_programmes p ON p.id = c.programme_id WHERE c.id = \(bind: cohortID)
                  """).first()?.decode(column: "created_by", as: UUID.self) else { throw AppError.notFound("cohort") }
        let organisation = open.organisationID
        var participant: UUID?
        if let nameKey = services.blindIndex.personName(person.name), let contact = person.contact,
           let contactKey = services.blindIndex.contact(contact, domain: .trainingContact) {
            participant = try await db.raw("""
                SELECT id FROM training_participants WHERE organisation_id = \(bind: organisation) AND name_key = \(bind: nameKey) AND contact_key = \(bind: contactKey)
                """).first()?.decode(column: "id", as: UUID.self)
        }
        var entries: [AuditLog.Entry] = []
        if participant == nil {
            // Recorded as added by whoever set up the programme, and in the audit as the person's own registration.
            participant = try await insertParticipant(person, organisationID: organisation, createdBy: owner, services: services, on: db)
            entries.append(.init(verb: .create, recordType: "training_participant", recordID: participant!.uuidString, reason: "registered themselves"))
        }
        guard let result = try await takePlace(cohortID: cohortID, participantID: participant!, on: db) else {
            let status = try await db.raw("""
                SELECT id, status FROM training_enrolments WHERE cohort_id = \(bind: cohortID) AND participant_id = \(bind: participant!)
                """).first()!
            return .init(id: try status.decode(column: "id", as: UUID.self), status: try status.decode(column: "status", as: String.self))
        }
        let sealedNeeds: String? = try needs.flatMap { $0.trimmedWhitespace.isEmpty ? nil : $0.trimmedWhitespace }
            .map { try services.cipher.seal($0, context: "training_enrolments/\(result.id.uuidString)/needs") }
        try await db.raw("UPDATE training_enrolments SET self_registered = \(bind: true), needs = \(bind: sealedNeeds) WHERE id = \(bind: result.id)").run()
        entries.append(.init(verb: .create, recordType: "training_enrolment", recordID: result.id.uuidString, reason: "registered themselves: \(result.status)"))
        try await AuditLog.append(entries, actorID: "public", organisationID: organisation.uuidString, on: db)
        return result
    }

    /// Cancels an enrolment; a place it frees goes to the first on the waiting list.
    static func cancel(enrolmentID: UUID, actor: Actor, on db: any SQLDatabase) async throws -> TrainingViews.Cancelled {
        guard let r = try await db.raw("""
            SELECT e.cohort_id, e.status FROM training_enrolments e JOIN training_cohorts c ON c.id = e.cohort_id
            JOIN training_programmes p ON p.id = c.programme_id WHERE e.id = \(bind: enrolmentID) AND p.organisation_id = \(bind: actor.organisationID)
            """).first() else { throw AppError.notFound("enrolment") }
        let cohortID = try r.decode(column: "cohort_id", as: UUID.self)
        _ = try await cohort(cohortID, actor: actor, lock: true, on: db)
        // Read again under the lock: two cancellations at once must not both free the place.
        let status = try await db.raw("SELECT status FROM training_enrolments WHERE id = \(bind: enrolmentID)").first()!.decode(column: "status", as: String.self)
        guard status != EnrolmentStatus.cancelled.rawValue else { throw AppError.conflict("this enrolment is already cancelled") }
        let now = Date()
        try await db.raw("UPDATE training_enrolments SET status = 'cancelled', updated_at = \(bind: now) WHERE id = \(bind: enrolmentID)").run()
        var entries: [AuditLog.Entry] = [.init(verb: .update, recordType: "training_enrolment", recordID: enrolmentID.uuidString, reason: "cancelled")]
        var promoted: UUID?
        if status == EnrolmentStatus.enrolled.rawValue,
           let next = try await db.raw("""
               SELECT id, participant_id FROM training_enrolments WHERE cohort_id = \(bind: cohortID) AND status = 'waitlisted' ORDER BY created_at, id LIMIT 1
               """).first() {
            let nextID = try next.decode(column: "id", as: UUID.self)
            try await db.raw("UPDATE training_enrolments SET status = 'enrolled', updated_at = \(bind: now) WHERE id = \(bind: nextID)").run()
            promoted = try next.decode(column: "participant_id", as: UUID.self)
            try await notifyColleague(promoted!, of: .trainingMovedUp, cohortID: cohortID, on: db)
            entries.append(.init(verb: .update, recordType: "training_enrolment", recordID: nextID.uuidString, reason: "moved up from the waiting list"))
        }
        try await AuditLog.append(entries, by: actor, on: db)
        return .init(cohortID: cohortID, promotedParticipantID: promoted)
    }

    // MARK: the cohort and its register

    static func cohortDetail(_ id: UUID, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> Audited<TrainingViews.Cohort> {
        let cohort = try await cohort(id, actor: actor, on: db)
        let sessions = try await sessions(cohortID: id, services: services, on: db)
        let minutes = Dictionary(uniqueKeysWithValues: sessions.map { ($0.id, $0.minutes) })
        var attended: [UUID: Int] = [:]
        for r in try await db.raw("""
            SELECT a.participant_id, a.session_id, a.mark FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
            WHERE s.cohort_id = \(bind: id)
            """).all() where AttendanceMark(rawValue: try r.decode(column: "mark", as: String.self))?.counts == true {
            attended[try r.decode(column: "participant_id", as: UUID.self), default: 0] += minutes[try r.decode(column: "session_id", as: UUID.self)] ?? 0
        }
        let scheduled = sessions.reduce(0) { $0 + $1.minutes }
        var waitlistPosition = 0
        let enrolments = try await db.raw("""
            SELECT e.id, e.participant_id, e.status, e.self_registered, e.needs, t.name, t.institution, c.id AS certificate_id, c.code, c.issued_at, c.revoked_at
            FROM training_enrolments e JOIN training_participants t ON t.id = e.participant_id
            LEFT JOIN training_certificates c ON c.cohort_id = e.cohort_id AND c.participant_id = e.participant_id
            WHERE e.cohort_id = \(bind: id) ORDER BY CASE e.status WHEN 'enrolled' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, e.created_at, e.id
            """).all().map { r -> TrainingViews.Enrolment in
            let participantID = try r.decode(column: "participant_id", as: UUID.self), status = try r.decode(column: "status", as: String.self)
            let minutes = attended[participantID] ?? 0
            if status == EnrolmentStatus.waitlisted.rawValue { waitlistPosition += 1 }
            let certificate = try r.decode(column: "certificate_id", as: UUID?.self).map { certificateID in
                TrainingViews.CertificateLine(id: certificateID, code: try r.decode(column: "code", as: String.self), issuedAt: try r.decode(column: "issued_at", as: Date.self),
                                              revoked: try r.decode(column: "revoked_at", as: Date?.self) != nil)
            }
            let enrolmentID = try r.decode(column: "id", as: UUID.self)
            let needs: String? = try services.cipher.open(try r.decode(column: "needs", as: String?.self), context: "training_enrolments/\(enrolmentID.uuidString)/needs")
            return .init(id: enrolmentID, participantID: participantID,
                         name: try services.cipher.open(try r.decode(column: "name", as: String.self), context: context(participantID, "name")),
                         institution: try r.decode(column: "institution", as: String.self), status: status,
                         waitlistPosition: status == EnrolmentStatus.waitlisted.rawValue ? waitlistPosition : nil, attendedMinutes: minutes,
                         attendedPercent: TrainingCompletion.percent(attendedMinutes: minutes, scheduledMinutes: scheduled),
                         completed: status == EnrolmentStatus.enrolled.rawValue
                            && TrainingCompletion.completed(attendedMinutes: minutes, scheduledMinutes: scheduled, requiredPercent: cohort.requiredPercent),
                         certificate: certificate, selfRegistered: try r.decode(column: "self_registered", as: Bool?.self) ?? false, needs: needs)
        }
        let detail = TrainingViews.Cohort(id: id, programmeID: cohort.programmeID, programmeTitle: cohort.programmeTitle, name: cohort.name,
                                          startsOn: cohort.startsOn, endsOn: cohort.endsOn, capacity: cohort.capacity, requiredPercent: cohort.requiredPercent,
                                          scheduledMinutes: scheduled, openRegistration: cohort.openRegistration, sessions: sessions, enrolments: enrolments)
        // The names of graduates who gave sessions are read too.
        return Audited(detail, readEntries(enrolments.map(\.participantID) + Set(sessions.compactMap(\.trainerParticipantID))))
    }

    static func readEntries(_ participants: some Sequence<UUID>) -> [AuditLog.Entry] {
        participants.map { .init(verb: .read, recordType: "training_participant", recordID: $0.uuidString) }
    }

    /// The session, if it belongs to the actor's organisation, with its cohort.
    static func session(_ id: UUID, actor: Actor, services: AppServices,
                        on db: any SQLDatabase) async throws -> (session: TrainingViews.Session, cohortID: UUID, cohortName: String) {
        guard let r = try await db.raw("""
            SELECT \(sessionColumns), s.cohort_id, c.name AS cohort_name
            FROM training_sessions s JOIN training_cohorts c ON c.id = s.cohort_id JOIN training_programmes p ON p.id = c.programme_id \(sessionJoins)
            WHERE s.id = \(bind: id) AND p.organisation_id = \(bind: actor.organisationID)
            """).first() else { throw AppError.notFound("session") }
        return (try session(r, services: services), try r.decode(column: "cohort_id", as: UUID.self), try r.decode(column: "cohort_name", as: String.self))
    }

    static func register(sessionID: UUID, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> Audited<TrainingViews.Register> {
        let (session, cohortID, cohortName) = try await session(sessionID, actor: actor, services: services, on: db)
        let lines = try await db.raw("""
            SELECT t.id, t.name, t.institution, a.mark FROM training_enrolments e JOIN training_participants t ON t.id = e.participant_id
            LEFT JOIN training_attendance a ON a.session_id = \(bind: sessionID) AND a.participant_id = t.id
            WHERE e.cohort_id = \(bind: cohortID) AND e.status = 'enrolled'
            """).all().map { r -> TrainingViews.RegisterLine in
            let id = try r.decode(column: "id", as: UUID.self)
            return .init(participantID: id, name: try services.cipher.open(try r.decode(column: "name", as: String.self), context: context(id, "name")),
                         institution: try r.decode(column: "institution", as: String.self), mark: try r.decode(column: "mark", as: String?.self))
        }.sorted { ($0.name, $0.participantID.uuidString) < ($1.name, $1.participantID.uuidString) }
        return Audited(.init(session: session, cohortID: cohortID, cohortName: cohortName, lines: lines),
                       readEntries(lines.map(\.participantID) + (session.trainerParticipantID.map { [$0] } ?? [])))
    }

    /// Marks attendance for a session, all of it or none: each person must be enrolled in its cohort.
    static func markAttendance(sessionID: UUID, _ input: TrainingInput.Attendance, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> Int {
        let (session, cohortID, _) = try await session(sessionID, actor: actor, services: services, on: db)
        let marks = input.marks ?? []
        var v = FieldValidator()
        v.check(!marks.isEmpty, "marks", "mark at least one person")
        v.check(marks.count <= 10_000, "marks", "at most 10000 marks at once")
        try v.finish()
        // Only the people marked: one at the door reads one row, not the whole cohort.
        let named = Array(Set(marks.compactMap(\.participantID)))
        let enrolled = named.isEmpty ? Set<UUID>() : Set(try await db.raw("""
            SELECT participant_id FROM training_enrolments WHERE cohort_id = \(bind: cohortID) AND status = 'enrolled' AND participant_id IN (\(binds: named))
            """).all().map { try $0.decode(column: "participant_id", as: UUID.self) })
        var seen = Set<UUID>()
        var valid: [(UUID, AttendanceMark)] = []
        for (index, mark) in marks.enumerated() {
            let kind = v.requiredCode(mark.mark, "marks[\(index)].mark", as: AttendanceMark.self, missing: "choose present, late, excused or absent")
            guard let participant = mark.participantID else { v.add("marks[\(index)].participantID", "is missing"); continue }
            if !enrolled.contains(participant) { v.add("marks[\(index)].participantID", "is not enrolled in this cohort") }
            if !seen.insert(participant).inserted { v.add("marks[\(index)].participantID", "is marked twice") }
            if let kind { valid.append((participant, kind)) }
        }
        try v.finish()
        if let trainer = session.trainerParticipantID {
            // Attending is being trained by the session's trainer: nobody may become their own trainer's trainer.
            let upstream = try await TrainingCascade.trainedBefore(trainer, on: db)
            for (index, mark) in marks.enumerated() where valid.contains(where: { $0.0 == mark.participantID && $0.1.counts }) {
                if let person = mark.participantID, upstream.contains(person) {
                    v.add("marks[\(index)].participantID", person == trainer ? "is the session's trainer, who cannot train themselves"
                          : "trained the session's trainer (directly or through others): marking them would make a loop in the cascade")
                }
            }
            try v.finish()
        }
        let now = Date()
        let insert = db.insert(into: "training_attendance").columns("session_id", "participant_id", "mark", "recorded_by", "recorded_at")
        for (participant, mark) in valid {
            insert.values(SQLBind(sessionID), SQLBind(participant), SQLBind(mark.rawValue), SQLBind(actor.userID), SQLBind(now))
        }
        try await insert.onConflict(with: ["session_id", "participant_id"], do: { $0.set(excludedValueOf: "mark").set(excludedValueOf: "recorded_by").set(excludedValueOf: "recorded_at") })
            .run()
        if let trainer = session.trainerParticipantID { try await TrainingCascade.keepLinks(trainer: trainer, marks: valid, on: db) }
        try await AuditLog.append([.init(verb: .update, recordType: "training_session", recordID: sessionID.uuidString, reason: "attendance: \(valid.count)")],
                                  by: actor, on: db)
        return valid.count
    }

    // MARK: certificates

    /// Certificates for the cohort's completers (all of them, or those named), each with a new
    /// verification code; someone who has not completed is refused by name, and nothing is issued.
    static func issueCertificates(cohortID: UUID, _ input: TrainingInput.Certificates, actor: Actor, services: AppServices,
                                  on db: any SQLDatabase) async throws -> [TrainingViews.Issued] {
        _ = try await cohort(cohortID, actor: actor, lock: true, on: db)
        let detail = try await cohortDetail(cohortID, actor: actor, services: services, on: db).value
        let byParticipant = Dictionary(detail.enrolments.map { ($0.participantID, $0) }, uniquingKeysWith: { first, _ in first })
        var chosen: [TrainingViews.Enrolment] = []
        if let named = input.participantIDs {
            var v = FieldValidator()
            v.check(!named.isEmpty, "participantIDs", "name at least one participant")
            var seen = Set<UUID>()
            for (index, id) in named.enumerated() {
                guard seen.insert(id).inserted else { v.add("participantIDs[\(index)]", "is named twice"); continue }
                guard let line = byParticipant[id] else { v.add("participantIDs[\(index)]", "is not enrolled in this cohort"); continue }
                if !line.completed {
                    v.add("participantIDs[\(index)]", "has not completed the cohort: attended \(line.attendedPercent) % of its time, \(detail.requiredPercent) % needed")
                } else if line.certificate != nil {
                    v.add("participantIDs[\(index)]", "already holds a certificate for this cohort")
                } else {
                    chosen.append(line)
                }
            }
            try v.finish()
        } else {
            chosen = detail.enrolments.filter { $0.completed && $0.certificate == nil }
        }
        guard !chosen.isEmpty else { return [] }
        var generator = SystemRandomNumberGenerator()
        let now = Date()
        let issued = chosen.map { TrainingViews.Issued(participantID: $0.participantID, certificateID: UUID.timeOrdered(), code: CertificateCode.make(using: &generator)) }
        let insert = db.insert(into: "training_certificates").columns("id", "cohort_id", "participant_id", "code", "issued_at", "issued_by")
        for certificate in issued {
            insert.values(SQLBind(certificate.certificateID), SQLBind(cohortID), SQLBind(certificate.participantID), SQLBind(certificate.code),
                          SQLBind(now), SQLBind(actor.userID))
        }
        try await insert.run()
        try await AuditLog.append(issued.map { .init(verb: .create, recordType: "training_certificate", recordID: $0.certificateID.uuidString) }, by: actor, on: db)
        return issued
    }

    /// A certificate of the actor's organisation, or (`own`) one issued to the actor themselves.
    static func certificate(_ id: UUID, own: Bool = false, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> Audited<TrainingViews.Certificate> {
        let whose: SQLQueryString = own ? "t.user_id = \(bind: actor.userID)" : "p.organisation_id = \(bind: actor.organisationID)"
        guard let r = try await db.raw("""
            SELECT k.id, k.code, k.issued_at, k.revoked_at, k.participant_id, t.name, p.title, p.hours, c.name AS cohort_name, c.starts_on, c.ends_on,
            o.name AS organisation_name FROM training_certificates k JOIN training_participants t ON t.id = k.participant_id
            JOIN training_cohorts c ON c.id = k.cohort_id JOIN training_programmes p ON p.id = c.programme_id JOIN organisations o ON o.id = p.organisation_id
            WHERE k.id = \(bind: id) AND \(whose)
            """).first() else { throw AppError.notFound("certificate") }
        let participant = try r.decode(column: "participant_id", as: UUID.self)
        let certificate = TrainingViews.Certificate(
            id: id, code: try r.decode(column: "code", as: String.self),
            name: try services.cipher.open(try r.decode(column: "name", as: String.self), context: context(participant, "name")),
            programmeTitle: try r.decode(column: "title", as: String.self), hours: try r.decode(column: "hours", as: Int.self),
            cohortName: try r.decode(column: "cohort_name", as: String.self), startsOn: try r.decode(column: "starts_on", as: String.self),
            endsOn: try r.decode(column: "ends_on", as: String.self), organisationName: try r.decode(column: "organisation_name", as: String.self),
            issuedAt: try r.decode(column: "issued_at", as: Date.self), revokedAt: try r.decode(column: "revoked_at", as: Date?.self))
        return Audited(certificate, readEntries([participant]))
    }

    static func revoke(_ id: UUID, _ input: TrainingInput.Revocation, actor: Actor, on db: any SQLDatabase) async throws {
        let reason = input.reason?.trimmedWhitespace ?? ""
        guard (3...500).contains(reason.count) else { throw AppError.invalid("reason", "say why the certificate is revoked (3 to 500 characters)") }
        guard let r = try await db.raw("""
            SELECT k.revoked_at FROM training_certificates k JOIN training_cohorts c ON c.id = k.cohort_id JOIN training_programmes p ON p.id = c.programme_id
            WHERE k.id = \(bind: id) AND p.organisation_id = \(bind: actor.organisationID)
            """).first() else { throw AppError.notFound("certificate") }
        guard try r.decode(column: "revoked_at", as: Date?.self) == nil else { throw AppError.conflict("this certificate is already revoked") }
        try await db.raw("UPDATE training_certificates SET revoked_at = \(bind: Date()), revoked_reason = \(bind: reason) WHERE id = \(bind: id)").run()
        try await AuditLog.append([.init(verb: .update, recordType: "training_certificate", recordID: id.uuidString, reason: "revoked")], by: actor, on: db)
    }

    /// The public check of a code: nil when no certificate has it.
    static func verify(code: String, services: AppServices, on db: any SQLDatabase) async throws -> TrainingViews.Verification? {
        guard let r = try await db.raw("""
            SELECT k.code, k.issued_at, k.revoked_at, k.participant_id, t.name, p.title, o.name AS organisation_name
            FROM training_certificates k JOIN training_participants t ON t.id = k.participant_id JOIN training_cohorts c ON c.id = k.cohort_id
            JOIN training_programmes p ON p.id = c.programme_id JOIN organisations o ON o.id = p.organisation_id WHERE k.code = \(bind: code)
            """).first() else { return nil }
        let participant = try r.decode(column: "participant_id", as: UUID.self)
        return .init(code: code, name: try services.cipher.open(try r.decode(column: "name", as: String.self), context: context(participant, "name")),
                     programmeTitle: try r.decode(column: "title", as: String.self),
                     issuedOn: LocalTime.day(try r.decode(column: "issued_at", as: Date.self), in: LocalTime.utc),
                     issuedBy: try r.decode(column: "organisation_name", as: String.self), revoked: try r.decode(column: "revoked_at", as: Date?.self) != nil)
    }
}
