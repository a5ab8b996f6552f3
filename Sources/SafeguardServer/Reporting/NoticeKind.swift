import Foundation
import SafeguardCore

/// Every kind of in-app notice, with the page it leads to. One list, so that each has a sentence
/// in every locale (`notice.<kind>`, tested) and a link its recipients may open.
enum NoticeKind: String, CaseIterable, Sendable {
    case matterUpcoming = "matter.upcoming"
    case referralSent = "referral.sent"
    case referralConsentOverridden = "referral.consent_overridden"
    case referralAccept = "referral.accept"
    case referralDecline = "referral.decline"
    case referralStart = "referral.start"
    case referralComplete = "referral.complete"
    case referralRevoke = "referral.revoke"
    case alertOverridden = "alert.overridden"
    case alertAutoReported = "alert.auto_reported"
    case reportSubmit = "report.submit"
    case reportAutoSubmit = "report.auto_submit"
    case reportReceive = "report.receive"
    case reportRequestInformation = "report.request_information"
    case reportAnswer = "report.answer"
    case reportAcknowledge = "report.acknowledge"
    case reportClose = "report.close"
    /// Nobody acknowledged a report in time: its filer's supervisors are told.
    case reportEscalated = "report.escalated"
    case vettingReviewPending = "vetting_review_pending"
    case vettingReviewRequest = "vetting_review_request"
    case vettingUnitPending = "vetting_unit_pending"
    case vettingUnitApproved = "vetting_unit_approved"
    case vettingQueryAnswered = "vetting_query_answered"
    case vettingMonitoring = "vetting_monitoring"
    case vettingRecheckDue = "vetting_recheck_due"
    case vettingRecheckOverdue = "vetting_recheck_overdue"
    /// Mandatory training: one's own deadline is near, or past; for supervisors, someone of theirs is overdue.
    case trainingDue = "training.due"
    case trainingOverdue = "training.overdue"
    case trainingTeamOverdue = "training.team_overdue"
    /// A colleague's own enrolment: a place, a place on the waiting list, a place freed for them.
    case trainingEnrolled = "training.enrolled"
    case trainingWaitlisted = "training.waitlisted"
    case trainingMovedUp = "training.moved_up"
    /// A session begins within a day: to a colleague with a place, and to the one who gives it.
    case trainingSessionSoon = "training.session_soon"
    case trainingSessionToGive = "training.session_to_give"
    /// A session one came to has ended: what did they think of it?
    case trainingFeedbackAsked = "training.feedback_asked"
    // the library
    case libraryHoldReady = "library.hold_ready"
    case libraryOverdue = "library.overdue"
    case libraryOverdueLoans = "library.overdue_loans"
    // rooms: a booking waits for the room manager; its maker hears the decision
    case roomBookingWaiting = "room.booking_waiting"
    case roomBookingApproved = "room.booking_approved"
    case roomBookingRefused = "room.booking_refused"
    // UN monitoring: a step of a reporting cycle, or the organisation's own deadline, is near
    case monitoringStepDue = "monitoring.step_due"

    static func report(_ event: ReportEvent) -> NoticeKind {
        switch event {
        case .submit: .reportSubmit
        case .autoSubmit: .reportAutoSubmit
        case .receive: .reportReceive
        case .requestInformation: .reportRequestInformation
        case .answer: .reportAnswer
        case .acknowledge: .reportAcknowledge
        case .close: .reportClose
        }
    }

    static func referral(_ event: ReferralEvent) -> NoticeKind {
        switch event {
        case .accept: .referralAccept
        case .decline: .referralDecline
        case .start: .referralStart
        case .complete: .referralComplete
        case .revoke: .referralRevoke
        }
    }

    /// The page a notice of this kind leads to, for a reader with `roles`: the record's own page,
    /// or the list it waits in when the record has no page of its own.
    func page(recordID: UUID, roles: Set<Role>) -> String {
        switch self {
        case .matterUpcoming: return LegalAidPaths.matter(recordID)
        case .referralSent, .referralConsentOverridden, .referralAccept, .referralDecline, .referralStart, .referralComplete, .referralRevoke:
            return NetworkPaths.referral(recordID)
        case .alertOverridden, .alertAutoReported: return ClinicalPaths.alert(recordID)
        case .reportSubmit, .reportAutoSubmit, .reportReceive, .reportRequestInformation, .reportAnswer, .reportAcknowledge, .reportClose, .reportEscalated:
            return ReportPages.path(recordID, roles: roles) ?? PagePaths.home()
        case .vettingReviewPending, .vettingReviewRequest: return VettingPaths.registry()
        case .vettingUnitPending: return VettingPaths.registryUnits()
        case .vettingUnitApproved, .vettingQueryAnswered, .vettingMonitoring, .vettingRecheckDue, .vettingRecheckOverdue: return VettingPaths.home()
        case .trainingDue, .trainingOverdue, .trainingEnrolled, .trainingWaitlisted, .trainingMovedUp: return "\(AccountsPaths.account())#training"
        case .trainingTeamOverdue: return "\(TrainingPaths.compliance())?status=overdue"
        case .trainingSessionSoon: return "\(AccountsPaths.account())#training-sessions"
        case .trainingSessionToGive: return TrainingPaths.sessionRegister(recordID)
        case .trainingFeedbackAsked: return TrainingPaths.myFeedback(recordID)
        case .libraryHoldReady, .libraryOverdue: return LibraryPaths.title(recordID)
        case .libraryOverdueLoans: return LibraryPaths.desk()
        case .roomBookingWaiting, .roomBookingApproved, .roomBookingRefused: return RoomPaths.booking(recordID)
        case .monitoringStepDue: return "\(UNMonitoringPaths.calendar())#step-\(recordID.uuidString)"
        }
    }
}
