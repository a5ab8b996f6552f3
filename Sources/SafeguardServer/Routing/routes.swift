import SafeguardCore
import Vapor

/// Every route of the server. API routes live under /api; pages everywhere else.
func routes(_ app: Application) throws {
    app.get("healthz", use: MonitoringController.healthz)
    app.get("readyz", use: MonitoringController.readyz)
    app.get("metrics", use: MonitoringController.metrics)
    app.get("openapi.json", use: OpenAPIController.document)

    let api = app.grouped("api")
    api.post("tokens", use: AccountsController.createToken)
    api.signedIn(.DELETE, "tokens", "current", use: AccountsController.revokeToken)
    api.signedIn(.GET, "me", use: AccountsController.me)
    api.signedIn(.PATCH, "me", use: AccountsController.updatePreferences)
    api.signedIn(.POST, "me", "password", use: AccountsController.changePassword)
    api.signedIn(.GET, "me", "tasks", use: CasesController.myTasks)

    api.on(.GET, "users", action: .userManage, use: AccountsController.listUsers)
    api.on(.POST, "users", action: .userManage, use: AccountsController.createUser)
    api.on(.GET, "organisations", action: .organisationManage, use: AccountsController.listOrganisations)
    api.on(.POST, "organisations", action: .organisationManage, use: AccountsController.createOrganisation)
    api.on(.GET, "regions", action: .organisationManage, use: AccountsController.listRegions)
    api.on(.POST, "regions", action: .organisationManage, use: AccountsController.createRegion)

    api.on(.POST, "contacts", action: .contactCreate, use: ContactsController.create)
    api.on(.GET, "contacts", action: .contactList, use: ContactsController.list)
    api.on(.GET, "contacts", ":contactID", action: .contactRead, use: ContactsController.show)
    api.on(.POST, "contacts", ":contactID", "case", action: .caseCreate, use: ContactsController.openCase)
    api.on(.POST, "contacts", ":contactID", "link", action: .caseUpdate, use: ContactsController.link)
    api.on(.POST, "callers", "lookup", action: .contactList, use: ContactsController.lookupCaller)

    api.on(.POST, "children", action: .childCreate, use: ChildrenController.create)
    api.on(.POST, "children", "matches", action: .childRead, use: ChildrenController.matches)
    api.on(.GET, "children", ":childID", action: .childRead, use: ChildrenController.show)

    api.on(.POST, "cases", action: .caseCreate, use: CasesController.create)
    api.on(.GET, "cases", action: .caseList, use: CasesController.list)
    api.on(.GET, "cases", ":caseID", action: .caseRead, use: CasesController.show)
    api.on(.PATCH, "cases", ":caseID", action: .caseUpdate, use: CasesController.update)
    api.on(.POST, "cases", ":caseID", "stage", action: .caseUpdate, use: CasesController.moveStage)
    api.on(.POST, "cases", ":caseID", "closure", action: .caseApproveClosure, use: CasesController.decideClosure)
    api.on(.POST, "cases", ":caseID", "assign", action: .caseAssign, use: CasesController.assign)
    api.on(.POST, "cases", ":caseID", "notes", action: .noteWriteGeneral, use: CasesController.addNote)
    api.on(.POST, "cases", ":caseID", "tasks", action: .taskManage, use: CasesController.addTask)
    api.on(.POST, "cases", ":caseID", "tasks", ":taskID", "done", action: .taskManage, use: CasesController.completeTask)
    api.on(.POST, "cases", ":caseID", "child", action: .caseUpdate, use: CasesController.attachChild)
    api.on(.POST, "cases", ":caseID", "perpetrators", action: .caseUpdate, use: CasesController.addPerpetrator)
    api.on(.GET, "cases", ":caseID", "access-log", action: .auditRead, use: CasesController.accessLog)
    api.on(.POST, "cases", ":caseID", "break-glass", action: .caseBreakGlass, use: BreakGlass.openCase)
    api.on(.GET, "break-glass", action: .auditRead, use: BreakGlass.list)

    api.on(.GET, "reports", action: .reportRead, use: ReportsController.list)
    api.on(.POST, "reports", action: .reportCreate, use: ReportsController.create)
    api.on(.GET, "reports", "authorities", action: .reportCreate, use: ReportsController.authorities)
    api.on(.GET, "reports", ":reportID", action: .reportRead, use: ReportsController.show)
    api.on(.POST, "reports", ":reportID", "submit", action: .reportCreate, use: ReportsController.submit)
    api.on(.POST, "reports", ":reportID", "answer", action: .reportCreate, use: ReportsController.answer)
    api.on(.GET, "inbox", "reports", action: .reportReceive, use: ReportsController.inbox)
    api.on(.GET, "inbox", "reports", ":reportID", action: .reportReceive, use: ReportsController.showReceived)
    api.on(.POST, "inbox", "reports", ":reportID", "acknowledge", action: .reportReceive, use: ReportsController.acknowledge)
    api.on(.POST, "inbox", "reports", ":reportID", "request-information", action: .reportReceive, use: ReportsController.requestInformation)
    api.on(.POST, "inbox", "reports", ":reportID", "close", action: .reportReceive, use: ReportsController.close)
    api.signedIn(.GET, "me", "notifications", use: Notifications.list)
    api.signedIn(.POST, "me", "notifications", "read", use: Notifications.markAllRead)

    api.on(.GET, "clinical-alerts", action: .alertRead, use: ClinicalAlertsController.list)
    api.on(.GET, "clinical-alerts", ":alertID", action: .alertRead, use: ClinicalAlertsController.show)
    api.on(.POST, "clinical-alerts", ":alertID", "report", action: .reportCreate, use: ClinicalAlertsController.fileReport)
    api.on(.GET, "cds-clients", action: .clinicalClientManage, use: ClinicalClientsController.index)
    api.on(.POST, "cds-clients", action: .clinicalClientManage, use: ClinicalClientsController.create)
    api.on(.PATCH, "cds-clients", ":clientID", action: .clinicalClientManage, use: ClinicalClientsController.update)

    api.on(.GET, "directory", action: .directoryRead, use: NetworkController.searchDirectory)
    api.on(.POST, "directory", action: .directoryManage, use: NetworkController.createEntry)
    // Sending needs referral.send; reading and answering are checked per referral (sender or receiver).
    api.on(.POST, "referrals", action: .referralSend, use: NetworkController.send)
    api.on(.GET, "referrals", action: .referralReceive, use: NetworkController.list)
    api.on(.GET, "referrals", ":referralID", action: .referralReceive, use: NetworkController.show)
    api.on(.POST, "referrals", ":referralID", "events", action: .referralReceive, use: NetworkController.act)

    api.on(.POST, "cases", ":caseID", "matters", action: .legalMatterManage, use: LegalAidController.open)
    api.on(.GET, "matters", ":matterID", action: .legalMatterManage, use: LegalAidController.show)
    api.on(.POST, "matters", ":matterID", "events", action: .legalMatterManage, use: LegalAidController.addEvent)
    api.on(.POST, "matters", ":matterID", "notes", action: .legalMatterManage, use: LegalAidController.addNote)
    api.on(.POST, "matters", ":matterID", "outcome", action: .legalMatterManage, use: LegalAidController.recordOutcome)
    api.on(.POST, "cases", ":caseID", "conferences", action: .caseUpdate, use: LegalAidController.holdConference)
    api.signedIn(.POST, "me", "calendar-feed", use: CalendarFeed.create)
    // The feed's secret address is its key (calendar programs send no session).
    app.get("calendar", ":feed", use: CalendarFeed.feed)

    api.on(.POST, "lodging-businesses", action: .organisationManage, use: LodgingController.createBusiness)
    api.on(.GET, "lodging-businesses", action: .stayRead, use: LodgingController.businesses)
    api.on(.POST, "stays", action: .stayCreate, use: LodgingController.checkIn)
    api.on(.GET, "stays", action: .stayRead, use: LodgingController.list)
    api.on(.POST, "stays", "search", action: .staySearch, use: LodgingController.search)
    api.on(.GET, "stays", "statistics", action: .stayRead, use: LodgingStatistics.json)
    api.on(.GET, "stays", ":stayID", action: .stayRead, use: LodgingController.show)
    api.on(.POST, "stays", ":stayID", "visitors", action: .stayCreate, use: LodgingController.addVisitor)
    api.on(.POST, "stays", ":stayID", "check-out", action: .stayCreate, use: LodgingController.checkOut)
    api.on(.POST, "stays", ":stayID", "patrols", action: .stayCreate, use: LodgingController.addPatrol)
    api.on(.POST, "stays", ":stayID", "guardian-contact", action: .stayCreate, use: LodgingController.contactGuardian)
    api.on(.POST, "stays", ":stayID", "report", action: .reportCreate, use: LodgingController.report)

    // CDS Hooks 2.0: each call authenticates with the record system's signed JWT.
    app.get("cds-services", use: CDSController.discovery)
    app.on(.POST, "cds-services", ":serviceID", body: .stream, use: CDSController.invoke)
    app.post("cds-services", ":serviceID", "feedback", use: CDSController.feedback)

    api.on(.GET, "statistics", action: .statsRead, use: StatisticsController.json)
    api.on(.GET, "statistics.csv", action: .statsRead, use: StatisticsController.csv)

    try Pages.register(app)
}
