import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum VettingRoutes {
    static func register(_ app: Application, api: any RoutesBuilder) throws {
        let vetting = api.grouped("vetting")
        vetting.on(.POST, "registry", "imports", action: .registryManage, body: .stream, use: VettingController.importRecords)
        vetting.on(.GET, "registry", "imports", action: .registryManage, use: VettingController.imports)
        vetting.on(.GET, "registry", "imports", ":importID", action: .registryManage, use: VettingController.importSummary)
        vetting.on(.GET, "registry", "imports", ":importID", "problems", action: .registryManage, use: VettingController.importProblems)
        vetting.on(.POST, "registry", "records", action: .registryManage, use: VettingController.createRecord)
        vetting.on(.GET, "registry", "records", action: .registryManage, use: VettingController.records)
        vetting.on(.GET, "registry", "records", ":recordID", action: .registryManage, use: VettingController.record)
        vetting.on(.GET, "reviews", action: .registryManage, use: VettingController.reviews)
        vetting.on(.POST, "reviews", ":reviewID", "decision", action: .registryManage, use: VettingController.decideReview)
        vetting.on(.GET, "review-requests", action: .registryManage, use: VettingController.reviewRequests)
        vetting.on(.POST, "review-requests", ":requestID", "decision", action: .registryManage, use: VettingController.decideReviewRequest)
        vetting.on(.POST, "units", action: .vettingQuery, use: VettingController.registerUnit)
        vetting.on(.GET, "units", action: .vettingQuery, use: VettingController.units)
        vetting.on(.GET, "units", "all", action: .vettingUnitApprove, use: VettingController.units)
        vetting.on(.POST, "units", ":unitID", "approve", action: .vettingUnitApprove, use: VettingController.approveUnit)
        vetting.on(.POST, "queries", action: .vettingQuery, use: VettingController.ask)
        vetting.on(.GET, "queries", action: .vettingQuery, use: VettingController.queries)
        vetting.on(.GET, "queries", ":receipt", action: .vettingQuery, use: VettingController.query)
        vetting.on(.POST, "roster", action: .vettingQuery, body: .stream, use: VettingController.uploadRoster)
        vetting.on(.GET, "roster", action: .vettingQuery, use: VettingController.roster)
        vetting.on(.POST, "roster", "entries", action: .vettingQuery, use: VettingController.addRosterEntry)
        vetting.on(.DELETE, "roster", "entries", ":entryID", action: .vettingQuery, use: VettingController.removeRosterEntry)
        vetting.on(.POST, "rechecks", action: .vettingQuery, use: VettingController.recheck)
        vetting.on(.GET, "rechecks", action: .vettingQuery, use: VettingController.rechecks)
        vetting.on(.GET, "rechecks", ":recheckID", action: .vettingQuery, use: VettingController.recheckReport)
        vetting.on(.GET, "rechecks", ":recheckID", "findings.csv", action: .vettingQuery, use: VettingController.recheckCSV)
        vetting.on(.GET, "roster", "uploads", ":uploadID", "problems", action: .vettingQuery, use: VettingController.rosterProblems)
        vetting.on(.GET, "roster", "uploads", ":uploadID", "problems.csv", action: .vettingQuery, use: VettingController.rosterProblemsCSV)
        vetting.on(.GET, "notices", action: .vettingQuery, use: VettingController.notices)
        // The person's own access: verified by the handler (document, name, birth date), limited per address.
        vetting.post("subject-access", use: VettingController.subjectAccess)
        vetting.post("subject-access", "review-requests", use: VettingController.requestReview)

        // pages
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
    }
}
