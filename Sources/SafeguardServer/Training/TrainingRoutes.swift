import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum TrainingRoutes {
    static func register(_ app: Application) throws {
        app.on(.GET, TrainingPaths.API.programmes, action: .trainingRead, use: TrainingController.programmes)
        app.on(.POST, TrainingPaths.API.programmes, action: .trainingManage, use: TrainingController.createProgramme)
        app.on(.GET, TrainingPaths.API.programme, action: .trainingRead, use: TrainingController.programme)
        app.on(.POST, TrainingPaths.API.programmeCohorts, action: .trainingManage, use: TrainingController.createCohort)
        app.on(.GET, TrainingPaths.API.programmeReach, action: .trainingRead, use: TrainingController.programmeReach)
        app.on(.GET, TrainingPaths.API.participantReach, action: .trainingRead, use: TrainingController.participantReach)
        app.on(.GET, TrainingPaths.API.cohort, action: .trainingRead, use: TrainingController.cohort)
        app.on(.GET, TrainingPaths.API.programmeQuestions, action: .trainingRead, use: TrainingController.questions)
        app.on(.POST, TrainingPaths.API.programmeQuestions, action: .trainingManage, use: TrainingController.addQuestion)
        app.on(.GET, TrainingPaths.API.cohortTests, action: .trainingRead, use: TrainingController.testResults)
        app.on(.PUT, TrainingPaths.API.cohortTests, action: .trainingAttendance, use: TrainingController.recordTest)
        app.on(.POST, TrainingPaths.API.cohortSessions, action: .trainingManage, use: TrainingController.createSession)
        app.on(.POST, TrainingPaths.API.cohortEnrolments, action: .trainingManage, use: TrainingController.enrol)
        app.on(.POST, TrainingPaths.API.cohortCertificates, action: .trainingManage, use: TrainingController.issueCertificates)
        app.on(.POST, TrainingPaths.API.participants, action: .trainingManage, use: TrainingController.registerParticipant)
        app.on(.POST, TrainingPaths.API.enrolmentCancel, action: .trainingManage, use: TrainingController.cancel)
        app.on(.GET, TrainingPaths.API.sessionRegister, action: .trainingAttendance, use: TrainingController.register)
        app.on(.PUT, TrainingPaths.API.sessionAttendance, action: .trainingAttendance, use: TrainingController.markAttendance)
        app.on(.GET, TrainingPaths.API.certificate, action: .trainingManage, use: TrainingController.certificate)
        app.on(.POST, TrainingPaths.API.certificateRevoke, action: .trainingManage, use: TrainingController.revoke)
        app.on(.GET, TrainingPaths.API.requirements, action: .trainingRead, use: TrainingController.requirements)
        app.on(.POST, TrainingPaths.API.requirements, action: .trainingManage, use: TrainingController.createRequirement)
        app.on(.GET, TrainingPaths.API.compliance, action: .trainingRead, use: TrainingController.compliance)
        // Everyone's own training record.
        app.signedIn(.GET, TrainingPaths.API.meTraining, use: TrainingController.mine)
        // Public: anyone holding a certificate's code may check it.
        app.open(.GET, TrainingPaths.API.verifyCode, use: TrainingController.verify)
        // Public: open seminars and workshops anyone may register for.
        app.open(.GET, TrainingPaths.API.openCohort, use: TrainingController.openCohort)
        app.open(.POST, TrainingPaths.API.openCohortRegistrations, use: TrainingController.registerSelf)

        // pages
        app.on(.GET, TrainingPaths.home, action: .trainingRead, use: TrainingPages.list)
        app.on(.POST, TrainingPaths.programmes, action: .trainingManage, use: TrainingPages.createProgramme)
        app.on(.GET, TrainingPaths.programme, action: .trainingRead, use: TrainingPages.programme)
        app.on(.POST, TrainingPaths.programmeCohorts, action: .trainingManage, use: TrainingPages.createCohort)
        app.on(.GET, TrainingPaths.programmeReach, action: .trainingRead, use: TrainingPages.reach)
        app.on(.GET, TrainingPaths.cohort, action: .trainingRead, use: TrainingPages.cohort)
        app.on(.POST, TrainingPaths.programmeQuestions, action: .trainingManage, use: TrainingPages.addQuestion)
        app.on(.GET, TrainingPaths.cohortTests, action: .trainingAttendance, use: TrainingPages.testForm)
        app.on(.POST, TrainingPaths.cohortTests, action: .trainingAttendance, use: TrainingPages.recordTest)
        app.on(.POST, TrainingPaths.cohortSessions, action: .trainingManage, use: TrainingPages.createSession)
        app.on(.POST, TrainingPaths.cohortEnrolments, action: .trainingManage, use: TrainingPages.enrol)
        app.on(.POST, TrainingPaths.cohortCertificates, action: .trainingManage, use: TrainingPages.issueCertificates)
        app.on(.POST, TrainingPaths.enrolmentCancel, action: .trainingManage, use: TrainingPages.cancel)
        app.on(.GET, TrainingPaths.sessionRegister, action: .trainingAttendance, use: TrainingPages.register)
        app.on(.POST, TrainingPaths.sessionRegister, action: .trainingAttendance, use: TrainingPages.saveRegister)
        app.on(.GET, TrainingPaths.sessionSignInSheet, action: .trainingAttendance, use: TrainingPages.signInSheet)
        app.on(.GET, TrainingPaths.certificate, action: .trainingManage, use: TrainingPages.certificate)
        app.on(.POST, TrainingPaths.certificateRevoke, action: .trainingManage, use: TrainingPages.revoke)
        app.on(.GET, TrainingPaths.compliance, action: .trainingRead, use: TrainingPages.compliance)
        app.on(.POST, TrainingPaths.requirements, action: .trainingManage, use: TrainingPages.createRequirement)
        app.open(.GET, TrainingPaths.openCohort, use: TrainingPages.openCohort)
        app.open(.POST, TrainingPaths.openCohort, use: TrainingPages.registerSelf)
        app.open(.GET, TrainingPaths.verify, use: TrainingPages.verify)
        app.open(.GET, TrainingPaths.verifyCode, use: TrainingPages.verify)
    }
}
