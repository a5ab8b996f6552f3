import Foundation
import SafeguardCore
import Vapor

/// What can be done with training, whoever asks: the JSON API and the training pages both call these
/// with the same input. The route has asked the access policy; the store keeps each read and write
/// inside the caller's organisation.
enum TrainingService {
    static func createProgramme(_ input: TrainingInput.Programme, by caller: Caller) async throws -> IDOnly {
        let actor = caller.actor
        return try await caller.write { db in try await TrainingStore.createProgramme(input, actor: actor, on: db) }
    }

    static func programmes(by caller: Caller) async throws -> [TrainingViews.ProgrammeSummary] {
        try await TrainingStore.programmes(actor: caller.actor, on: caller.app.sql)
    }

    static func programme(_ id: UUID, by caller: Caller) async throws -> TrainingViews.Programme {
        try await TrainingStore.programme(id, actor: caller.actor, on: caller.app.sql)
    }

    static func createCohort(programmeID: UUID, _ input: TrainingInput.Cohort, by caller: Caller) async throws -> IDOnly {
        let actor = caller.actor
        return try await caller.write { db in try await TrainingStore.createCohort(programmeID: programmeID, input, actor: actor, on: db) }
    }

    static func cohort(_ id: UUID, by caller: Caller) async throws -> TrainingViews.Cohort {
        let actor = caller.actor, services = caller.services
        return try await caller.auditedRead { db in try await TrainingStore.cohortDetail(id, actor: actor, services: services, on: db) }
    }

    static func createSession(cohortID: UUID, _ input: TrainingInput.Session, by caller: Caller) async throws -> IDOnly {
        let actor = caller.actor
        return try await caller.write { db in try await TrainingStore.createSession(cohortID: cohortID, input, actor: actor, on: db) }
    }

    /// Registers a person, unless someone of the same name with the same contact or institution is
    /// registered already (then the answer names that record, and `confirmNew` registers anyway).
    static func registerParticipant(_ input: TrainingInput.Participant, by caller: Caller) async throws -> IDOnly {
        let person = try TrainingStore.validate(input)
        let actor = caller.actor, services = caller.services, confirmed = input.confirmNew == true
        return IDOnly(id: try await caller.write { db in
            if !confirmed, let existing = try await TrainingStore.duplicate(of: person, actor: actor, services: services, on: db) {
                throw AppError.conflict("a participant of this name with the same contact or institution is already registered (\(existing.uuidString)): enrol that record, or send confirmNew if this is another person")
            }
            return try await TrainingStore.createParticipant(person, actor: actor, services: services, on: db)
        })
    }

    enum NewEnrolment: Sendable {
        case enrolled(TrainingViews.EnrolmentResult)
        /// Someone who looks like the same person is registered: enrol them, or confirm a new record.
        case possibleDuplicate(UUID)
    }

    /// Registers a person and enrols them in one step (the coordinator's form at the door).
    static func enrolNewParticipant(cohortID: UUID, _ input: TrainingInput.Participant, by caller: Caller) async throws -> NewEnrolment {
        let person = try TrainingStore.validate(input)
        let actor = caller.actor, services = caller.services, confirmed = input.confirmNew == true
        return try await caller.write { db in
            _ = try await TrainingStore.cohort(cohortID, actor: actor, on: db)
            if !confirmed, let existing = try await TrainingStore.duplicate(of: person, actor: actor, services: services, on: db) {
                return .possibleDuplicate(existing)
            }
            let participant = try await TrainingStore.createParticipant(person, actor: actor, services: services, on: db)
            return .enrolled(try await TrainingStore.enrol(cohortID: cohortID, participantID: participant, actor: actor, on: db))
        }
    }

    static func enrol(cohortID: UUID, _ input: TrainingInput.Enrolment, by caller: Caller) async throws -> TrainingViews.EnrolmentResult {
        guard let participant = input.participantID else { throw AppError.invalid("participantID", "name the participant to enrol") }
        let actor = caller.actor
        return try await caller.write { db in try await TrainingStore.enrol(cohortID: cohortID, participantID: participant, actor: actor, on: db) }
    }

    static func cancel(enrolmentID: UUID, by caller: Caller) async throws -> TrainingViews.Cancelled {
        let actor = caller.actor
        return try await caller.write { db in try await TrainingStore.cancel(enrolmentID: enrolmentID, actor: actor, on: db) }
    }

    static func register(sessionID: UUID, by caller: Caller) async throws -> TrainingViews.Register {
        let actor = caller.actor, services = caller.services
        return try await caller.auditedRead { db in try await TrainingStore.register(sessionID: sessionID, actor: actor, services: services, on: db) }
    }

    static func markAttendance(sessionID: UUID, _ input: TrainingInput.Attendance, by caller: Caller) async throws -> Int {
        let actor = caller.actor, services = caller.services
        return try await caller.write { db in try await TrainingStore.markAttendance(sessionID: sessionID, input, actor: actor, services: services, on: db) }
    }

    /// How far a programme's training spread, by generation of the cascade (audited: it names the people who passed it on).
    static func reach(programmeID: UUID? = nil, participantID: UUID? = nil, by caller: Caller) async throws -> TrainingViews.Reach {
        let actor = caller.actor, services = caller.services
        return try await caller.auditedRead { db in
            try await TrainingCascade.reach(programmeID: programmeID, participantID: participantID, actor: actor, services: services, on: db)
        }
    }

    static func issueCertificates(cohortID: UUID, _ input: TrainingInput.Certificates, by caller: Caller) async throws -> [TrainingViews.Issued] {
        let actor = caller.actor, services = caller.services
        return try await caller.write { db in
            try await TrainingStore.issueCertificates(cohortID: cohortID, input, actor: actor, services: services, on: db)
        }
    }

    static func certificate(_ id: UUID, by caller: Caller) async throws -> TrainingViews.Certificate {
        let actor = caller.actor, services = caller.services
        return try await caller.auditedRead { db in try await TrainingStore.certificate(id, actor: actor, services: services, on: db) }
    }

    /// A certificate issued to the caller themselves (their training record's download).
    static func ownCertificate(_ id: UUID, by caller: Caller) async throws -> TrainingViews.Certificate {
        let actor = caller.actor, services = caller.services
        return try await caller.auditedRead { db in try await TrainingStore.certificate(id, own: true, actor: actor, services: services, on: db) }
    }

    static func revoke(certificateID: UUID, _ input: TrainingInput.Revocation, by caller: Caller) async throws {
        let actor = caller.actor
        try await caller.write { db in try await TrainingStore.revoke(certificateID, input, actor: actor, on: db) }
    }

    static func createRequirement(_ input: MandatoryTraining.RequirementInput, by caller: Caller) async throws -> IDOnly {
        let actor = caller.actor
        return try await caller.write { db in try await MandatoryTraining.createRequirement(input, actor: actor, on: db) }
    }

    static func requirements(by caller: Caller) async throws -> [MandatoryTraining.Requirement] {
        try await MandatoryTraining.requirements(organisationID: caller.actor.organisationID, on: caller.app.sql)
    }

    /// The organisation's people against its requirements, optionally of one status only.
    static func compliance(status: String?, by caller: Caller) async throws -> [MandatoryTraining.Standing] {
        if let status, TrainingCompliance.Status(rawValue: status) == nil {
            throw AppError.invalid("status", "one of compliant, pending, due, overdue")
        }
        let all = try await MandatoryTraining.standings(organisationID: caller.actor.organisationID, today: ISODay.string(Date()), on: caller.app.sql)
        return status.map { wanted in all.filter { $0.status == wanted } } ?? all
    }

    /// The signed-in person's own standing and certificates.
    static func mine(by caller: Caller) async throws -> MyTraining {
        let db = caller.app.sql
        let standings = try await MandatoryTraining.standings(userID: caller.actor.userID, today: ISODay.string(Date()), on: db)
        let certificates = try await db.raw("""
            SELECT k.id, k.code, k.issued_at, k.revoked_at, p.title, c.name AS cohort_name FROM training_certificates k
            JOIN training_participants t ON t.id = k.participant_id JOIN training_cohorts c ON c.id = k.cohort_id JOIN training_programmes p ON p.id = c.programme_id
            WHERE t.user_id = \(bind: caller.actor.userID) ORDER BY k.issued_at DESC
            """).all().map { r in
            MyTraining.Certificate(id: try r.decode(column: "id", as: UUID.self), code: try r.decode(column: "code", as: String.self),
                                   programmeTitle: try r.decode(column: "title", as: String.self), cohortName: try r.decode(column: "cohort_name", as: String.self),
                                   issuedAt: try r.decode(column: "issued_at", as: Date.self), revoked: try r.decode(column: "revoked_at", as: Date?.self) != nil)
        }
        // the sessions of cohorts one has a place in, from a month back (to give feedback) to the months ahead
        let now = Date()
        let sessions = try await db.raw("""
            SELECT s.id, s.title, s.starts_at, s.place, p.title AS programme_title,
            EXISTS (SELECT 1 FROM training_session_feedback f WHERE f.session_id = s.id AND f.participant_id = t.id) AS given
            FROM training_participants t JOIN training_enrolments e ON e.participant_id = t.id AND e.status = 'enrolled'
            JOIN training_sessions s ON s.cohort_id = e.cohort_id JOIN training_cohorts c ON c.id = s.cohort_id JOIN training_programmes p ON p.id = c.programme_id
            WHERE t.user_id = \(bind: caller.actor.userID) AND s.starts_at >= \(bind: now.addingTimeInterval(-30 * 86_400))
            AND s.starts_at < \(bind: now.addingTimeInterval(180 * 86_400)) ORDER BY s.starts_at LIMIT 50
            """).all().map { r in
            MyTraining.Session(id: try r.decode(column: "id", as: UUID.self), title: try r.decode(column: "title", as: String.self),
                               programmeTitle: try r.decode(column: "programme_title", as: String.self), startsAt: try r.decode(column: "starts_at", as: Date.self),
                               place: try r.decode(column: "place", as: String.self), feedbackGiven: try r.decode(column: "given", as: Bool.self))
        }
        return MyTraining(requirements: standings, certificates: certificates, sessions: sessions)
    }

    struct MyTraining: Content {
        struct Certificate: Content { var id: UUID; var code: String; var programmeTitle: String; var cohortName: String; var issuedAt: Date; var revoked: Bool }
        struct Session: Content { var id: UUID; var title: String; var programmeTitle: String; var startsAt: Date; var place: String; var feedbackGiven: Bool }
        var requirements: [MandatoryTraining.Standing]
        var certificates: [Certificate]
        var sessions: [Session]
    }

    // MARK: feedback on sessions

    static func feedback(sessionID: UUID, by caller: Caller) async throws -> TrainingFeedback.Results {
        try await TrainingFeedback.results(sessionID: sessionID, actor: caller.actor, services: caller.services, on: caller.app.sql)
    }

    static func feedback(cohortID: UUID, by caller: Caller) async throws -> TrainingFeedback.Results {
        try await TrainingFeedback.results(cohortID: cohortID, actor: caller.actor, on: caller.app.sql)
    }

    static func recordFeedbackForm(sessionID: UUID, _ input: TrainingFeedback.Input, by caller: Caller) async throws -> IDOnly {
        let actor = caller.actor, services = caller.services
        return try await caller.write { db in try await TrainingFeedback.recordForm(sessionID: sessionID, input, actor: actor, services: services, on: db) }
    }

    static func ownFeedback(sessionID: UUID, by caller: Caller) async throws -> TrainingFeedback.Own {
        try await TrainingFeedback.own(sessionID: sessionID, actor: caller.actor, on: caller.app.sql)
    }

    static func giveFeedback(sessionID: UUID, _ input: TrainingFeedback.Input, by caller: Caller) async throws -> IDOnly {
        let actor = caller.actor
        return try await caller.write { db in try await TrainingFeedback.recordOwn(sessionID: sessionID, input, actor: actor, on: db) }
    }

    static func addQuestion(programmeID: UUID, _ input: TrainingAssessments.QuestionInput, by caller: Caller) async throws -> IDOnly {
        let actor = caller.actor
        return try await caller.write { db in try await TrainingAssessments.addQuestion(programmeID: programmeID, input, actor: actor, on: db) }
    }

    static func questions(programmeID: UUID, by caller: Caller) async throws -> [TrainingAssessments.Question] {
        _ = try await TrainingStore.programme(programmeID, actor: caller.actor, on: caller.app.sql)
        return try await TrainingAssessments.questions(programmeID: programmeID, on: caller.app.sql)
    }

    static func recordTest(cohortID: UUID, _ input: TrainingAssessments.ResultInput, by caller: Caller) async throws -> TrainingAssessments.Scored {
        let actor = caller.actor
        return try await caller.write { db in try await TrainingAssessments.record(cohortID: cohortID, input, actor: actor, on: db) }
    }

    static func testResults(cohortID: UUID, by caller: Caller) async throws -> TrainingAssessments.Results {
        try await TrainingAssessments.results(cohortID: cohortID, actor: caller.actor, on: caller.app.sql)
    }

    /// The graduate of the organisation holding a certificate that stands under this code (for a
    /// session they give); refused by the field's name otherwise.
    static func holder(ofCertificate typed: String, by caller: Caller) async throws -> UUID {
        guard let code = CertificateCode.canonical(typed), let row = try await caller.app.sql.raw("""
            SELECT k.participant_id FROM training_certificates k JOIN training_participants t ON t.id = k.participant_id
            WHERE k.code = \(bind: code) AND k.revoked_at IS NULL AND t.organisation_id = \(bind: caller.actor.organisationID)
            """).first() else { throw AppError.invalid("trainerCertificate", "no certificate of your organisation that stands has this code") }
        return try row.decode(column: "participant_id", as: UUID.self)
    }

    /// A colleague in the organisation by their username.
    static func colleague(username: String, by caller: Caller) async throws -> UUID {
        guard let row = try await caller.app.sql.raw("""
            SELECT id FROM users WHERE username = \(bind: username.lowercased()) AND organisation_id = \(bind: caller.actor.organisationID)
            """).first() else { throw AppError.invalid("colleague", "nobody in your organisation has this username") }
        return try row.decode(column: "id", as: UUID.self)
    }

    /// Public: a cohort open to registration; nothing for any other.
    static func openCohort(_ id: UUID, app: Application) async throws -> TrainingViews.OpenCohort {
        guard let open = try await TrainingStore.openCohort(id, on: app.sql) else { throw AppError.notFound("cohort") }
        return open
    }

    static let registrations = HourlyLimit(limit: 30)

    /// Public: someone registers themselves; a contact is required, to recognise them if they post again.
    static func registerSelf(cohortID: UUID, _ input: TrainingInput.SelfRegistration, client: String, app: Application) async throws -> TrainingViews.EnrolmentResult {
        let now = Date()
        guard registrations.allowed(client, now: now) else { throw AppError.rateLimited("too many registrations from this address; try again in an hour") }
        let person = try TrainingStore.validate(.init(name: input.name, institution: input.institution, position: input.position, sex: input.sex,
                                                      targetGroup: input.targetGroup, contact: input.contact, consent: input.consent))
        if person.contact == nil { throw AppError.invalid("contact", "give a phone number or e-mail address, so the organisers can reach you") }
        if (input.needs ?? "").count > 1_000 { throw AppError.invalid("needs", "is longer than 1000 characters") }
        registrations.record(client, now: now)
        let services = app.safeguard
        return try await app.write { db in try await TrainingStore.registerSelf(cohortID: cohortID, person, needs: input.needs, services: services, on: db) }
    }

    /// Anyone may check a code: a well-formed code that no certificate has is "not found", and a
    /// malformed one is refused before any lookup.
    static func verify(code typed: String, app: Application) async throws -> TrainingViews.Verification {
        guard let code = CertificateCode.canonical(typed) else {
            throw AppError.invalid("code", "is not a certificate code: 13 letters and digits such as K7Q2-9MXD-4T1B-R (check for a typing slip)")
        }
        guard let found = try await TrainingStore.verify(code: code, services: app.safeguard, on: app.sql) else { throw AppError.notFound("certificate") }
        return found
    }
}
