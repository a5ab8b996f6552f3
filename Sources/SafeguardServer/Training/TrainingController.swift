import Foundation
import Vapor

/// The training API under /api/training, and the public certificate check.
enum TrainingController {
    @Sendable static func createProgramme(req: Request) async throws -> Response {
        try await TrainingService.createProgramme(try req.content.decode(TrainingInput.Programme.self), by: try req.caller()).created(for: req)
    }

    @Sendable static func programmes(req: Request) async throws -> [TrainingViews.ProgrammeSummary] {
        try await TrainingService.programmes(by: try req.caller())
    }

    @Sendable static func programme(req: Request) async throws -> TrainingViews.Programme {
        try await TrainingService.programme(try req.uuid("programmeID"), by: try req.caller())
    }

    @Sendable static func createCohort(req: Request) async throws -> Response {
        try await TrainingService.createCohort(programmeID: try req.uuid("programmeID"), try req.content.decode(TrainingInput.Cohort.self),
                                               by: try req.caller()).created(for: req)
    }

    @Sendable static func cohort(req: Request) async throws -> TrainingViews.Cohort {
        try await TrainingService.cohort(try req.uuid("cohortID"), by: try req.caller())
    }

    @Sendable static func createSession(req: Request) async throws -> Response {
        try await TrainingService.createSession(cohortID: try req.uuid("cohortID"), try req.content.decode(TrainingInput.Session.self),
                                                by: try req.caller()).created(for: req)
    }

    @Sendable static func registerParticipant(req: Request) async throws -> Response {
        try await TrainingService.registerParticipant(try req.content.decode(TrainingInput.Participant.self), by: try req.caller()).created(for: req)
    }

    @Sendable static func enrol(req: Request) async throws -> Response {
        let result = try await TrainingService.enrol(cohortID: try req.uuid("cohortID"), try req.content.decode(TrainingInput.Enrolment.self), by: try req.caller())
        return try await result.encodeResponse(status: .created, for: req)
    }

    @Sendable static func cancel(req: Request) async throws -> TrainingViews.Cancelled {
        try await TrainingService.cancel(enrolmentID: try req.uuid("enrolmentID"), by: try req.caller())
    }

    @Sendable static func register(req: Request) async throws -> TrainingViews.Register {
        try await TrainingService.register(sessionID: try req.uuid("sessionID"), by: try req.caller())
    }

    @Sendable static func markAttendance(req: Request) async throws -> HTTPStatus {
        _ = try await TrainingService.markAttendance(sessionID: try req.uuid("sessionID"), try req.content.decode(TrainingInput.Attendance.self), by: try req.caller())
        return .noContent
    }

    @Sendable static func sessionFeedback(req: Request) async throws -> TrainingFeedback.Results {
        try await TrainingService.feedback(sessionID: try req.uuid("sessionID"), by: try req.caller())
    }

    @Sendable static func cohortFeedback(req: Request) async throws -> TrainingFeedback.Results {
        try await TrainingService.feedback(cohortID: try req.uuid("cohortID"), by: try req.caller())
    }

    @Sendable static func recordFeedbackForm(req: Request) async throws -> Response {
        try await TrainingService.recordFeedbackForm(sessionID: try req.uuid("sessionID"), try req.content.decode(TrainingFeedback.Input.self),
                                                     by: try req.caller()).created(for: req)
    }

    @Sendable static func myFeedback(req: Request) async throws -> TrainingFeedback.Own {
        try await TrainingService.ownFeedback(sessionID: try req.uuid("sessionID"), by: try req.caller())
    }

    @Sendable static func giveFeedback(req: Request) async throws -> HTTPStatus {
        _ = try await TrainingService.giveFeedback(sessionID: try req.uuid("sessionID"), try req.content.decode(TrainingFeedback.Input.self), by: try req.caller())
        return .noContent
    }

    @Sendable static func programmeReach(req: Request) async throws -> TrainingViews.Reach {
        try await TrainingService.reach(programmeID: try req.uuid("programmeID"), by: try req.caller())
    }

    @Sendable static func participantReach(req: Request) async throws -> TrainingViews.Reach {
        try await TrainingService.reach(participantID: try req.uuid("participantID"), by: try req.caller())
    }

    @Sendable static func issueCertificates(req: Request) async throws -> Response {
        let input = req.body.data == nil ? TrainingInput.Certificates() : try req.content.decode(TrainingInput.Certificates.self)
        let issued = try await TrainingService.issueCertificates(cohortID: try req.uuid("cohortID"), input, by: try req.caller())
        return try await issued.encodeResponse(status: .created, for: req)
    }

    @Sendable static func certificate(req: Request) async throws -> TrainingViews.Certificate {
        try await TrainingService.certificate(try req.uuid("certificateID"), by: try req.caller())
    }

    @Sendable static func revoke(req: Request) async throws -> HTTPStatus {
        try await TrainingService.revoke(certificateID: try req.uuid("certificateID"), try req.content.decode(TrainingInput.Revocation.self), by: try req.caller())
        return .noContent
    }

    @Sendable static func createRequirement(req: Request) async throws -> Response {
        try await TrainingService.createRequirement(try req.content.decode(MandatoryTraining.RequirementInput.self), by: try req.caller()).created(for: req)
    }

    @Sendable static func requirements(req: Request) async throws -> [MandatoryTraining.Requirement] {
        try await TrainingService.requirements(by: try req.caller())
    }

    @Sendable static func compliance(req: Request) async throws -> [MandatoryTraining.Standing] {
        try await TrainingService.compliance(status: req.query[String.self, at: "status"], by: try req.caller())
    }

    @Sendable static func mine(req: Request) async throws -> TrainingService.MyTraining {
        try await TrainingService.mine(by: try req.caller())
    }

    @Sendable static func addQuestion(req: Request) async throws -> Response {
        try await TrainingService.addQuestion(programmeID: try req.uuid("programmeID"), try req.content.decode(TrainingAssessments.QuestionInput.self),
                                              by: try req.caller()).created(for: req)
    }

    @Sendable static func questions(req: Request) async throws -> [TrainingAssessments.Question] {
        try await TrainingService.questions(programmeID: try req.uuid("programmeID"), by: try req.caller())
    }

    @Sendable static func recordTest(req: Request) async throws -> TrainingAssessments.Scored {
        try await TrainingService.recordTest(cohortID: try req.uuid("cohortID"), try req.content.decode(TrainingAssessments.ResultInput.self), by: try req.caller())
    }

    @Sendable static func testResults(req: Request) async throws -> TrainingAssessments.Results {
        try await TrainingService.testResults(cohortID: try req.uuid("cohortID"), by: try req.caller())
    }

    @Sendable static func openCohort(req: Request) async throws -> TrainingViews.OpenCohort {
        try await TrainingService.openCohort(try req.uuid("cohortID"), app: req.application)
    }

    @Sendable static func registerSelf(req: Request) async throws -> Response {
        let result = try await TrainingService.registerSelf(cohortID: try req.uuid("cohortID"), try req.content.decode(TrainingInput.SelfRegistration.self),
                                                            client: req.clientAddress ?? "unknown", app: req.application)
        return try await TrainingViews.SelfRegistered(status: result.status).encodeResponse(status: .created, for: req)
    }

    /// Public: whether a certificate code is genuine, with no more than the name, course and date.
    @Sendable static func verify(req: Request) async throws -> TrainingViews.Verification {
        try await TrainingService.verify(code: req.parameters.get("code") ?? "", app: req.application)
    }

    // MARK: Change Agents

    @Sendable static func agents(req: Request) async throws -> TrainingViews.Network {
        try await ChangeAgents.network(by: try req.caller())
    }

    @Sendable static func createProject(req: Request) async throws -> Response {
        try await ChangeAgents.createProject(try req.content.decode(ChangeAgents.ProjectInput.self), by: try req.caller()).created(for: req)
    }

    @Sendable static func project(req: Request) async throws -> TrainingViews.Project {
        try await ChangeAgents.project(try req.uuid("projectID"), by: try req.caller())
    }

    @Sendable static func addMilestone(req: Request) async throws -> Response {
        try await ChangeAgents.addMilestone(projectID: try req.uuid("projectID"), try req.content.decode(ChangeAgents.MilestoneInput.self),
                                            by: try req.caller()).created(for: req)
    }

    struct Reached: Content { var doneOn: String? }

    @Sendable static func reachMilestone(req: Request) async throws -> HTTPStatus {
        let day = (try? req.content.decode(Reached.self))?.doneOn
        try await ChangeAgents.reachMilestone(projectID: try req.uuid("projectID"), milestoneID: try req.uuid("milestoneID"), on: day, by: try req.caller())
        return .noContent
    }

    @Sendable static func addReport(req: Request) async throws -> Response {
        try await ChangeAgents.addReport(projectID: try req.uuid("projectID"), try req.content.decode(ChangeAgents.ReportInput.self),
                                         by: try req.caller()).created(for: req)
    }

    @Sendable static func setProjectStatus(req: Request) async throws -> HTTPStatus {
        try await ChangeAgents.setStatus(projectID: try req.uuid("projectID"), try req.content.decode(ChangeAgents.StatusInput.self), by: try req.caller())
        return .noContent
    }
}
