/// Everything a user can ask the system to do that the access policy decides on.
public enum Action: String, CaseIterable, Codable, Sendable {
    case contactCreate = "contact.create"
    case contactRead = "contact.read"
    case contactList = "contact.list"

    case caseCreate = "case.create"
    case caseRead = "case.read"
    case caseList = "case.list"
    case caseUpdate = "case.update"
    case caseAssign = "case.assign"
    case caseApproveClosure = "case.approve_closure"
    /// Emergency read access to a case outside one's own, with a reason; flagged to supervisors.
    case caseBreakGlass = "case.break_glass"

    case childCreate = "child.create"
    case childRead = "child.read"

    case noteWriteGeneral = "note.write.general"
    case noteWriteLegal = "note.write.legal"
    case noteWriteClinical = "note.write.clinical"
    case noteReadGeneral = "note.read.general"
    case noteReadLegal = "note.read.legal"
    case noteReadClinical = "note.read.clinical"

    case taskManage = "task.manage"

    case auditRead = "audit.read"
    case statsRead = "stats.read"
    /// Exact figures; without it counts under 5 are shown as "<5".
    case statsReadExact = "stats.read_exact"

    /// File, submit and answer statutory reports.
    case reportCreate = "report.create"
    case reportRead = "report.read"
    /// An authority's inbox: receive, ask for information, acknowledge, close.
    case reportReceive = "report.receive"
    /// The clinical warnings a hospital's record system raised.
    case alertRead = "alert.read"
    /// Register hospitals' record systems (CDS clients) and their keys.
    case clinicalClientManage = "clinical_client.manage"

    /// Register a minor's stay, its visitors and check-out (hotel clerks).
    case stayCreate = "stay.create"
    /// Read stays: a clerk their business's, the police those in their jurisdiction.
    case stayRead = "stay.read"
    /// Search stays by a guest's document number (missing-child searches; audited).
    case staySearch = "stay.search"

    /// Search the referral network's directory; manage its entries.
    case directoryRead = "directory.read"
    case directoryManage = "directory.manage"
    /// Refer a case to a member of the network; refer without consent (with a reason).
    case referralSend = "referral.send"
    case referralOverrideConsent = "referral.override_consent"
    /// Answer referrals addressed to oneself or one's organisation.
    case referralReceive = "referral.receive"

    /// Open and work legal matters (lawyers on the case, or with an accepted legal referral).
    case legalMatterManage = "legal_matter.manage"

    /// Keep the employment-prohibition registry: records, imports, possible-match reviews, review requests.
    case registryManage = "registry.manage"
    /// Approve a unit's registration for vetting.
    case vettingUnitApprove = "vetting_unit.approve"
    /// Vet applicants and the unit's staff: register the unit, query, keep the roster, re-check it.
    case vettingQuery = "vetting.query"

    /// Run training programmes: programmes, cohorts, sessions, participants, enrolment, certificates.
    case trainingManage = "training.manage"
    /// Keep a session's attendance register.
    case trainingAttendance = "training.attendance"
    /// See the organisation's programmes, cohorts and who attended.
    case trainingRead = "training.read"
    /// Record a consultation given (on-the-job consultancy, information, counselling) and read one's own.
    case consultationRecord = "consultation.record"
    /// Read the organisation's consultations.
    case consultationRead = "consultation.read"
    /// Keep the organisation's library catalogue: titles, imports and exports in MARC 21.
    case libraryManage = "library.manage"
    /// See the organisation's rooms and their bookings, and book a room.
    case roomBook = "room.book"
    /// Keep the organisation's rooms (hours, closures, calendar addresses) and decide bookings that wait for approval.
    case roomManage = "room.manage"

    /// Keep the organisation's UN recommendations and their follow-up: import, classify, link, plan, assess.
    case monitoringManage = "monitoring.manage"
    /// Read the organisation's recommendations, their follow-up and its figures.
    case monitoringRead = "monitoring.read"

    case userManage = "user.manage"
    case organisationManage = "organisation.manage"
}
