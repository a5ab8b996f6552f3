import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum TrainingRoutes {
    static func register(_ app: Application, api: any RoutesBuilder) throws {
        let training = api.grouped("training")
        training.on(.GET, "programmes", action: .trainingRead, use: TrainingController.programmes)
        training.on(.POST, "programmes", action: .trainingManage, use: TrainingController.createProgramme)
        training.on(.GET, "programmes", ":programmeID", action: .trainingRead, use: TrainingController.programme)
        training.on(.POST, "programmes", ":programmeID", "cohorts", action: .trainingManage, use: TrainingController.createCohort)
        training.on(.GET, "programmes", ":programmeID", "reach", action: .trainingRead, use: TrainingController.programmeReach)
        training.on(.GET, "participants", ":participantID", "reach", action: .trainingRead, use: TrainingController.participantReach)
        training.on(.GET, "cohorts", ":cohortID", action: .trainingRead, use: TrainingController.cohort)
        training.on(.GET, "programmes", ":programmeID", "questions", action: .trainingRead, use: TrainingController.questions)
        training.on(.POST, "programmes", ":programmeID", "questions", action: .trainingManage, use: TrainingController.addQuestion)
        training.on(.GET, "cohorts", ":cohortID", "tests", action: .trainingRead, use: TrainingController.testResults)
        training.on(.PUT, "cohorts", ":cohortID", "tests", action: .trainingAttendance, use: TrainingController.recordTest)
        training.on(.POST, "cohorts", ":cohortID", "sessions", action: .trainingManage, use: TrainingController.createSession)
        training.on(.POST, "cohorts", ":cohortID", "enrolments", action: .trainingManage, use: TrainingController.enrol)
        training.on(.POST, "cohorts", ":cohortID", "certificates", action: .trainingManage, use: TrainingController.issueCertificates)
        training.on(.POST, "participants", action: .trainingManage, use: TrainingController.registerParticipant)
        training.on(.POST, "enrolments", ":enrolmentID", "cancel", action: .trainingManage, use: TrainingController.cancel)
        training.on(.GET, "sessions", ":sessionID", "register", action: .trainingAttendance, use: TrainingController.register)
        training.on(.PUT, "sessions", ":sessionID", "attendance", action: .trainingAttendance, use: TrainingController.markAttendance)
        training.on(.GET, "certificates", ":certificateID", action: .trainingManage, use: TrainingController.certificate)
        training.on(.POST, "certificates", ":certificateID", "revoke", action: .trainingManage, use: TrainingController.revoke)
        training.on(.GET, "requirements", action: .trainingRead, use: TrainingController.requirements)
        training.on(.POST, "requirements", action: .trainingManage, use: TrainingController.createRequirement)
        training.on(.GET, "compliance", action: .trainingRead, use: TrainingController.compliance)
        // Everyone's own training record.
        api.signedIn(.GET, "me", "training", use: TrainingController.mine)
        // Public: anyone holding a certificate's code may check it.
        api.get("verify", ":code", use: TrainingController.verify)
        // Public: open seminars and workshops anyone may register for.
        api.get("training", "open-cohorts", ":cohortID", use: TrainingController.openCohort)
        api.post("training", "open-cohorts", ":cohortID", "registrations", use: TrainingController.registerSelf)

        // pages
        app.on(.GET, "training", action: .trainingRead, use: TrainingPages.list)
        app.on(.POST, "training", "programmes", action: .trainingManage, use: TrainingPages.createProgramme)
        app.on(.GET, "training", "programmes", ":programmeID", action: .trainingRead, use: TrainingPages.programme)
        app.on(.POST, "training", "programmes", ":programmeID", "cohorts", action: .trainingManage, use: TrainingPages.createCohort)
        app.on(.GET, "training", "programmes", ":programmeID", "reach", action: .trainingRead, use: TrainingPages.reach)
        app.on(.GET, "training", "cohorts", ":cohortID", action: .trainingRead, use: TrainingPages.cohort)
        app.on(.POST, "training", "programmes", ":programmeID", "questions", action: .trainingManage, use: TrainingPages.addQuestion)
        app.on(.GET, "training", "cohorts", ":cohortID", "tests", action: .trainingAttendance, use: TrainingPages.testForm)
        app.on(.POST, "training", "cohorts", ":cohortID", "tests", action: .trainingAttendance, use: TrainingPages.recordTest)
        app.on(.POST, "training", "cohorts", ":cohortID", "sessions", action: .trainingManage, use: TrainingPages.createSession)
        app.on(.POST, "training", "cohorts", ":cohortID", "enrolments", action: .trainingManage, use: TrainingPages.enrol)
        app.on(.POST, "training", "cohorts", ":cohortID", "certificates", action: .trainingManage, use: TrainingPages.issueCertificates)
        app.on(.POST, "training", "enrolments", ":enrolmentID", "cancel", action: .trainingManage, use: TrainingPages.cancel)
        app.on(.GET, "training", "sessions", ":sessionID", "register", action: .trainingAttendance, use: TrainingPages.register)
        app.on(.POST, "training", "sessions", ":sessionID", "register", action: .trainingAttendance, use: TrainingPages.saveRegister)
        app.on(.GET, "training", "sessions", ":sessionID", "sign-in-sheet", action: .trainingAttendance, use: TrainingPages.signInSheet)
        app.on(.GET, "training", "certificates", ":certificateID", action: .trainingManage, use: TrainingPages.certificate)
        app.on(.POST, "training", "certificates", ":certificateID", "revoke", action: .trainingManage, use: TrainingPages.revoke)
        app.on(.GET, "training", "compliance", action: .trainingRead, use: TrainingPages.compliance)
        app.on(.POST, "training", "requirements", action: .trainingManage, use: TrainingPages.createRequirement)
        app.get("training", "register", ":cohortID", use: TrainingPages.openCohort)
        app.post("training", "register", ":cohortID", use: TrainingPages.registerSelf)
        app.get("verify", use: TrainingPages.verify)
        app.get("verify", ":code", use: TrainingPages.verify)
    }
}
