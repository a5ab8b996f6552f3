/// The one declarative access policy: role x action -> scope.
///
/// Every route asks it before acting and every list query turns its answer into a SQL filter,
/// so what a user can search is exactly what they can open. Administrators manage accounts and
/// see aggregate figures but hold no right to read children's records (privacy by default).
public enum AccessPolicy {
    public static let table: [Role: [Action: Scope]] = [
        .administrator: [
            .userManage: .all, .organisationManage: .all, .statsRead: .all, .clinicalClientManage: .all,
            .directoryRead: .all, .directoryManage: .all, .vettingUnitApprove: .all,
        ],
        .supervisor: [
            .contactCreate: .organisation, .contactRead: .organisation, .contactList: .organisation,
            .caseCreate: .organisation, .caseRead: .organisation, .caseList: .organisation,
            .caseUpdate: .organisation, .caseAssign: .organisation, .caseApproveClosure: .organisation,
            .childCreate: .organisation, .childRead: .organisation,
            .noteWriteGeneral: .organisation, .noteReadGeneral: .organisation,
            .taskManage: .organisation, .auditRead: .organisation,
            .statsRead: .organisation, .statsReadExact: .organisation,
            .reportCreate: .organisation, .reportRead: .organisation, .alertRead: .organisation,
            .directoryRead: .all, .directoryManage: .all, .referralSend: .organisation, .referralOverrideConsent: .organisation,
            .referralReceive: .own, .trainingRead: .organisation, .consultationRead: .organisation, .roomBook: .organisation,
        ],
        .counsellor: [
            .contactCreate: .organisation, .contactRead: .organisation, .contactList: .organisation,
            .caseCreate: .organisation, .caseRead: .assigned, .caseList: .assigned, .caseUpdate: .assigned,
            .caseBreakGlass: .organisation,
            .childCreate: .organisation, .childRead: .organisation,
            .noteWriteGeneral: .assigned, .noteReadGeneral: .assigned,
            .taskManage: .assigned, .statsRead: .organisation,
            .reportCreate: .organisation, .reportRead: .own,
            .directoryRead: .all, .referralSend: .organisation, .referralReceive: .own,
            .roomBook: .organisation,
        ],
        .caseWorker: [
            .contactCreate: .organisation, .contactRead: .organisation, .contactList: .organisation,
            .caseCreate: .organisation, .caseRead: .assigned, .caseList: .assigned, .caseUpdate: .assigned,
            .caseBreakGlass: .organisation,
            .childCreate: .organisation, .childRead: .organisation,
            .noteWriteGeneral: .assigned, .noteReadGeneral: .assigned,
            .taskManage: .assigned, .statsRead: .organisation,
            .reportCreate: .organisation, .reportRead: .own,
            .directoryRead: .all, .referralSend: .organisation, .referralReceive: .own,
            .roomBook: .organisation,
        ],
        .lawyer: [
            .caseRead: .assigned, .caseList: .assigned,
            .noteWriteGeneral: .assigned, .noteReadGeneral: .assigned,
            .noteWriteLegal: .assigned, .noteReadLegal: .assigned,
            .taskManage: .assigned, .reportCreate: .organisation, .reportRead: .own,
            .directoryRead: .all, .referralReceive: .own, .legalMatterManage: .assigned,
            .roomBook: .organisation,
        ],
        .psychologist: [
            .caseRead: .assigned, .caseList: .assigned,
            .noteWriteGeneral: .assigned, .noteReadGeneral: .assigned,
            .noteWriteClinical: .assigned, .noteReadClinical: .assigned,
            .taskManage: .assigned, .reportCreate: .organisation, .reportRead: .own,
            .directoryRead: .all, .referralReceive: .own,
            .roomBook: .organisation,
        ],
        .analyst: [
            .statsRead: .all, .monitoringRead: .organisation,
        ],
        .auditor: [
            .auditRead: .all, .statsRead: .all,
        ],
        .designatedReporter: [
            .reportCreate: .organisation, .reportRead: .organisation, .alertRead: .organisation,
        ],
        // `organisation` here means: reports addressed to the receiver's organisation.
        .authorityReceiver: [
            .reportReceive: .organisation, .stayRead: .jurisdiction, .staySearch: .jurisdiction,
        ],
        .hotelClerk: [
            .stayCreate: .organisation, .stayRead: .organisation, .reportCreate: .organisation, .reportRead: .own,
        ],
        // The registry is national: keepers see all of it, and nobody else sees any of it.
        .registryKeeper: [
            .registryManage: .all, .vettingUnitApprove: .all,
        ],
        .vettingOfficer: [
            .vettingQuery: .organisation,
        ],
        // Training belongs to the organisation that runs it.
        .trainingCoordinator: [
            .trainingManage: .organisation, .trainingAttendance: .organisation, .trainingRead: .organisation,
            .consultationRecord: .organisation, .consultationRead: .organisation, .roomBook: .organisation,
        ],
        .trainer: [
            .trainingAttendance: .organisation, .trainingRead: .organisation,
            .consultationRecord: .organisation, .consultationRead: .own, .roomBook: .organisation,
        ],
        // A library belongs to the centre that keeps it; its catalogue is public.
        .librarian: [
            .libraryManage: .organisation, .roomBook: .organisation,
        ],
        // A centre's rooms are its own: booked by its staff, kept by its room managers.
        .roomManager: [
            .roomBook: .organisation, .roomManage: .organisation,
        ],
        // The recommendations an organisation follows, and its plans for them, are its own.
        .monitoringOfficer: [
            .monitoringManage: .organisation, .monitoringRead: .organisation, .statsRead: .organisation, .roomBook: .organisation,
        ],
    ]

    /// The scopes the roles grant for an action; empty when the action is denied.
    public static func scopes(for roles: some Sequence<Role>, _ action: Action) -> Set<Scope> {
        var result = Set<Scope>()
        for role in roles {
            if let scope = table[role]?[action] { result.insert(scope) }
        }
        // Drop scopes that a wider one already covers, so filters stay short.
        return result.filter { scope in !result.contains { $0 != scope && $0.covers(scope) } }
    }

    public static func allows(_ roles: some Sequence<Role>, _ action: Action) -> Bool {
        !scopes(for: roles, action).isEmpty
    }
}
