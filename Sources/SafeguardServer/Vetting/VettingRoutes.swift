import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum VettingRoutes {
    static func register(_ app: Application) throws {
        app.on(.POST, VettingPaths.API.registryImports, action: .registryManage, body: .stream, use: VettingController.importRecords)
        app.on(.GET, VettingPaths.API.registryImports, action: .registryManage, use: VettingController.imports)
        app.on(.GET, VettingPaths.API.registryImport, action: .registryManage, use: VettingController.importSummary)
        app.on(.GET, VettingPaths.API.registryImportProblems, action: .registryManage, use: VettingController.importProblems)
        app.on(.POST, VettingPaths.API.registryRecords, action: .registryManage, use: VettingController.createRecord)
        app.on(.GET, VettingPaths.API.registryRecords, action: .registryManage, use: VettingController.records)
        app.on(.GET, VettingPaths.API.registryRecord, action: .registryManage, use: VettingController.record)
        app.on(.GET, VettingPaths.API.reviews, action: .registryManage, use: VettingController.reviews)
        app.on(.POST, VettingPaths.API.reviewDecision, action: .registryManage, use: VettingController.decideReview)
        app.on(.GET, VettingPaths.API.reviewRequests, action: .registryManage, use: VettingController.reviewRequests)
        app.on(.POST, VettingPaths.API.requestDecision, action: .registryManage, use: VettingController.decideReviewRequest)
        app.on(.POST, VettingPaths.API.units, action: .vettingQuery, use: VettingController.registerUnit)
        app.on(.GET, VettingPaths.API.units, action: .vettingQuery, use: VettingController.units)
        app.on(.GET, VettingPaths.API.unitsAll, action: .vettingUnitApprove, use: VettingController.units)
        app.on(.POST, VettingPaths.API.unitApprove, action: .vettingUnitApprove, use: VettingController.approveUnit)
        app.on(.POST, VettingPaths.API.queries, action: .vettingQuery, use: VettingController.ask)
        app.on(.GET, VettingPaths.API.queries, action: .vettingQuery, use: VettingController.queries)
        app.on(.GET, VettingPaths.API.query, action: .vettingQuery, use: VettingController.query)
        app.on(.POST, VettingPaths.API.roster, action: .vettingQuery, body: .stream, use: VettingController.uploadRoster)
        app.on(.GET, VettingPaths.API.roster, action: .vettingQuery, use: VettingController.roster)
        app.on(.POST, VettingPaths.API.rosterEntries, action: .vettingQuery, use: VettingController.addRosterEntry)
        app.on(.DELETE, VettingPaths.API.rosterEntry, action: .vettingQuery, use: VettingController.removeRosterEntry)
        app.on(.POST, VettingPaths.API.rechecks, action: .vettingQuery, use: VettingController.recheck)
        app.on(.GET, VettingPaths.API.rechecks, action: .vettingQuery, use: VettingController.rechecks)
        app.on(.GET, VettingPaths.API.recheck, action: .vettingQuery, use: VettingController.recheckReport)
        app.on(.GET, VettingPaths.API.recheckFindingsCsv, action: .vettingQuery, use: VettingController.recheckCSV)
        app.on(.GET, VettingPaths.API.rosterUploadProblems, action: .vettingQuery, use: VettingController.rosterProblems)
        app.on(.GET, VettingPaths.API.rosterUploadProblemsCsv, action: .vettingQuery, use: VettingController.rosterProblemsCSV)
        app.on(.GET, VettingPaths.API.notices, action: .vettingQuery, use: VettingController.notices)
        // The person's own access: verified by the handler (document, name, birth date), limited per address.
        app.open(.POST, VettingPaths.API.subjectAccess, use: VettingController.subjectAccess)
        app.open(.POST, VettingPaths.API.subjectAccessReviewRequests, use: VettingController.requestReview)

        // pages
        app.on(.GET, VettingPaths.home, action: .vettingQuery, use: VettingPages.home)
        app.on(.POST, VettingPaths.units, action: .vettingQuery, use: VettingPages.register)
        app.on(.POST, VettingPaths.queries, action: .vettingQuery, use: VettingPages.ask)
        app.on(.POST, VettingPaths.roster, action: .vettingQuery, body: .collect(maxSize: "32mb"), use: VettingPages.uploadRoster)
        app.on(.POST, VettingPaths.rechecks, action: .vettingQuery, use: VettingPages.recheck)
        app.on(.GET, VettingPaths.recheck, action: .vettingQuery, use: VettingPages.report)
        app.on(.GET, VettingPaths.registry, action: .registryManage, use: RegistryPages.home)
        app.on(.POST, VettingPaths.registryImports, action: .registryManage, body: .collect(maxSize: "32mb"), use: RegistryPages.importFile)
        app.on(.POST, VettingPaths.registryReview, action: .registryManage, use: RegistryPages.decideReview)
        app.on(.POST, VettingPaths.registryRequest, action: .registryManage, use: RegistryPages.decideRequest)
        app.on(.GET, VettingPaths.registryUnits, action: .vettingUnitApprove, use: RegistryPages.units)
        app.on(.POST, VettingPaths.registryUnitApprove, action: .vettingUnitApprove, use: RegistryPages.approveUnit)
        // The person's own page: no account; verified by document, name and birth date.
        app.open(.GET, VettingPaths.checkMyRecord, use: SubjectAccessPage.show)
        app.open(.POST, VettingPaths.checkMyRecord, use: SubjectAccessPage.disclose)
        app.open(.POST, VettingPaths.checkMyRecordReview, use: SubjectAccessPage.requestReview)
    }
}
