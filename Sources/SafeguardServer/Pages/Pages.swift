import SafeguardCore
import Vapor

/// The browser pages. Each page has its own file with its view model; all forms post back here.
enum Pages {
    static func register(_ app: Application) throws {
        app.get("login", use: LoginPage.show)
        app.post("login", use: LoginPage.submit)
        app.post("logout", use: LoginPage.logout)
        app.get("lang", ":locale", use: LoginPage.chooseLanguage)
        app.get("assets", "contact.js", use: ContactScript.serve)

        app.signedIn(.GET, "", use: DashboardPage.show)
        app.signedIn(.POST, "notifications", "read", use: DashboardPage.markNoticesRead)
        app.signedIn(.GET, "account", use: AccountPage.show)
        app.signedIn(.POST, "account", "password", use: AccountPage.changePassword)
        app.signedIn(.POST, "account", "locale", use: AccountPage.changeLocale)
        app.signedIn(.POST, "account", "time-zone", use: AccountPage.changeTimeZone)

        app.on(.GET, "contacts", action: .contactList, use: ContactPages.list)
        app.on(.GET, "contacts", "new", action: .contactCreate, use: ContactPages.newForm)
        app.on(.POST, "contacts", action: .contactCreate, use: ContactPages.create)
        app.on(.GET, "contacts", ":contactID", action: .contactRead, use: ContactPages.show)
        app.on(.POST, "contacts", ":contactID", "case", action: .caseCreate, use: ContactPages.openCase)
        app.on(.POST, "contacts", ":contactID", "link", action: .caseUpdate, use: ContactPages.link)

        app.on(.GET, "cases", action: .caseList, use: CasePages.list)
        app.on(.GET, "cases", ":caseID", action: .caseRead, use: CasePages.show)
        app.on(.POST, "cases", ":caseID", "notes", action: .noteWriteGeneral, use: CasePages.addNote)
        app.on(.POST, "cases", ":caseID", "stage", action: .caseUpdate, use: CasePages.moveStage)
        app.on(.POST, "cases", ":caseID", "closure", action: .caseApproveClosure, use: CasePages.decideClosure)
        app.on(.POST, "cases", ":caseID", "tasks", action: .taskManage, use: CasePages.addTask)
        app.on(.POST, "cases", ":caseID", "tasks", ":taskID", "done", action: .taskManage, use: CasePages.completeTask)
        app.on(.POST, "cases", ":caseID", "assign", action: .caseAssign, use: CasePages.assign)
        app.on(.POST, "cases", ":caseID", "child", action: .caseUpdate, use: ChildPages.attach)
        app.on(.POST, "cases", ":caseID", "perpetrators", action: .caseUpdate, use: CasePages.addPerpetrator)
        app.on(.POST, "cases", ":caseID", "break-glass", action: .caseBreakGlass, use: CasePages.breakGlass)
        app.on(.GET, "children", ":childID", action: .childRead, use: ChildPages.show)

        app.on(.GET, "reports", action: .reportRead, use: ReportPages.list)
        app.on(.GET, "reports", "new", action: .reportCreate, use: ReportPages.newForm)
        app.on(.POST, "reports", action: .reportCreate, use: ReportPages.create)
        app.on(.GET, "reports", ":reportID", action: .reportRead, use: ReportPages.show)
        app.on(.POST, "reports", ":reportID", "submit", action: .reportCreate, use: ReportPages.submit)
        app.on(.POST, "reports", ":reportID", "answer", action: .reportCreate, use: ReportPages.answer)
        app.on(.GET, "inbox", action: .reportReceive, use: ReportPages.inbox)
        app.on(.GET, "inbox", ":reportID", action: .reportReceive, use: ReportPages.showReceived)
        app.on(.POST, "inbox", ":reportID", "acknowledge", action: .reportReceive, use: ReportPages.acknowledge)
        app.on(.POST, "inbox", ":reportID", "request-information", action: .reportReceive, use: ReportPages.requestInformation)
        app.on(.POST, "inbox", ":reportID", "close", action: .reportReceive, use: ReportPages.close)
        app.on(.GET, "clinical-alerts", action: .alertRead, use: ClinicalPages.alerts)
        app.on(.GET, "clinical-alerts", ":alertID", action: .alertRead, use: ClinicalPages.alert)
        app.on(.POST, "clinical-alerts", ":alertID", "report", action: .reportCreate, use: ClinicalPages.fileReport)
        app.on(.GET, "admin", "cds-clients", action: .clinicalClientManage, use: ClinicalPages.clients)
        app.on(.POST, "admin", "cds-clients", action: .clinicalClientManage, use: ClinicalPages.registerClient)
        app.on(.POST, "admin", "cds-clients", ":clientID", action: .clinicalClientManage, use: ClinicalPages.updateClient)

        app.on(.GET, "vetting", action: .vettingQuery, use: VettingPages.home)
        app.on(.POST, "vetting", "units", action: .vettingQuery, use: VettingPages.register)
        app.on(.POST, "vetting", "queries", action: .vettingQuery, use: VettingPages.ask)
        app.on(.POST, "vetting", "roster", action: .vettingQuery, body: .collect(maxSize: "32mb"), use: VettingPages.uploadRoster)
        app.on(.POST, "vetting", "rechecks", action: .vettingQuery, use: VettingPages.recheck)
        app.on(.GET, "vetting", "rechecks", ":recheckID", action: .vettingQuery, use: VettingPages.report)
        app.on(.GET, "registry", action: .registryManage, use: RegistryPages.home)
        app.on(.POST, "registry", "imports", action: .registryManage, body: .collect(maxSize: "32mb"), use: RegistryPages.importFile)
        app.on(.POST, "registry", "reviews", ":reviewID", action: .registryManage, use: RegistryPages.decideReview)
        app.on(.POST, "registry", "review-requests", ":requestID", action: .registryManage, use: RegistryPages.decideRequest)
        app.on(.GET, "registry", "units", action: .vettingUnitApprove, use: RegistryPages.units)
        app.on(.POST, "registry", "units", ":unitID", "approve", action: .vettingUnitApprove, use: RegistryPages.approveUnit)
        // The person's own page: no account; verified by document, name and birth date.
        app.get("check-my-record", use: SubjectAccessPage.show)
        app.post("check-my-record", use: SubjectAccessPage.disclose)
        app.post("check-my-record", "review", use: SubjectAccessPage.requestReview)

        app.on(.GET, "matters", action: .legalMatterManage, use: LegalAidPages.list)
        app.on(.POST, "cases", ":caseID", "matters", action: .legalMatterManage, use: LegalAidPages.open)
        app.on(.GET, "matters", ":matterID", action: .legalMatterManage, use: LegalAidPages.show)
        app.on(.POST, "matters", ":matterID", "events", action: .legalMatterManage, use: LegalAidPages.addEvent)
        app.on(.POST, "matters", ":matterID", "notes", action: .legalMatterManage, use: LegalAidPages.addNote)
        app.on(.POST, "matters", ":matterID", "outcome", action: .legalMatterManage, use: LegalAidPages.recordOutcome)
        app.on(.POST, "matters", ":matterID", "documents", action: .legalMatterManage, body: .collect(maxSize: "9mb"), use: LegalAidPages.upload)
        app.on(.POST, "cases", ":caseID", "conferences", action: .caseUpdate, use: LegalAidPages.holdConference)
        app.signedIn(.POST, "account", "calendar-feed", use: LegalAidPages.makeFeed)
        app.signedIn(.GET, "calendar", use: LegalAidPages.calendar)

        app.on(.GET, "directory", action: .directoryRead, use: NetworkPages.directory)
        app.on(.GET, "referrals", action: .referralReceive, use: NetworkPages.inbox)
        app.on(.GET, "referrals", "new", action: .referralSend, use: NetworkPages.newForm)
        app.on(.POST, "referrals", action: .referralSend, use: NetworkPages.send)
        app.on(.GET, "referrals", ":referralID", action: .referralReceive, use: NetworkPages.show)
        app.on(.GET, "referrals", ":referralID", "print", action: .referralSend, use: NetworkPages.print)
        app.on(.POST, "referrals", ":referralID", "events", action: .referralReceive, use: NetworkPages.act)

        app.on(.GET, "stays", action: .stayRead, use: LodgingPages.list)
        app.on(.GET, "stays", "new", action: .stayCreate, use: LodgingPages.newForm)
        app.on(.POST, "stays", action: .stayCreate, use: LodgingPages.create)
        app.on(.POST, "stays", "search", action: .staySearch, use: LodgingPages.search)
        app.on(.GET, "stays", ":stayID", action: .stayRead, use: LodgingPages.show)
        app.on(.POST, "stays", ":stayID", "report", action: .reportCreate, use: LodgingPages.report)
        app.on(.POST, "stays", ":stayID", "visitors", action: .stayCreate, use: LodgingPages.addVisitor)
        app.on(.POST, "stays", ":stayID", "check-out", action: .stayCreate, use: LodgingPages.checkOut)
        app.on(.POST, "stays", ":stayID", "patrols", action: .stayCreate, use: LodgingPages.addPatrol)
        app.on(.POST, "stays", ":stayID", "guardian-contact", action: .stayCreate, use: LodgingPages.contactGuardian)

        app.on(.GET, "statistics", action: .statsRead, use: StatisticsPage.show)
        app.on(.GET, "admin", "users", action: .userManage, use: AdminPage.users)
        app.on(.POST, "admin", "users", action: .userManage, use: AdminPage.createUser)
        app.on(.GET, "admin", "organisations", action: .organisationManage, use: OrganisationsPage.show)
        app.on(.POST, "admin", "organisations", action: .organisationManage, use: OrganisationsPage.createOrganisation)
        app.on(.POST, "admin", "regions", action: .organisationManage, use: OrganisationsPage.createRegion)
    }

    /// A date and time typed on a page (a `datetime-local` input), read in the reader's zone, as the
    /// ISO 8601 the stores take. What cannot be read is passed on for the store to refuse by name.
    static func instant(_ text: String) -> String {
        LocalTime.parse(text, in: Layout.timeZone).map { ISO8601DateFormatter().string(from: $0) } ?? text
    }

    /// A day typed on a page at a time of day where the reader is (a task is due at 17:00 their time).
    static func instant(day: PartialDate, hour: Int) -> Date? {
        LocalTime.date(day, hour: hour, minute: 0, in: Layout.timeZone)
    }

    /// Redirect after a successful form post, so that reloading does not post twice.
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: ["Location": location])
    }
}
