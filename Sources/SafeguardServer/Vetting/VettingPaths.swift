import Foundation

/// Every path of this area, written once: its routes, links and menu entries use these (see `SitePath`).
enum VettingPaths {
    static let home = SitePath("vetting")
    static let units = SitePath("vetting/units")
    static let queries = SitePath("vetting/queries")
    static let roster = SitePath("vetting/roster")
    static let rechecks = SitePath("vetting/rechecks")
    static let recheck = SitePath("vetting/rechecks/:recheckID", UUID.self)
    static let registry = SitePath("registry")
    static let registryImports = SitePath("registry/imports")
    static let registryReview = SitePath("registry/reviews/:reviewID", UUID.self)
    static let registryRequest = SitePath("registry/review-requests/:requestID", UUID.self)
    static let registryUnits = SitePath("registry/units")
    static let registryUnitApprove = SitePath("registry/units/:unitID/approve", UUID.self)
    static let checkMyRecord = SitePath("check-my-record")
    static let checkMyRecordReview = SitePath("check-my-record/review")

    /// The JSON API, described in openapi.json.
    enum API {
        static let registryImports = SitePath("api/vetting/registry/imports")
        static let registryImport = SitePath("api/vetting/registry/imports/:importID", UUID.self)
        static let registryImportProblems = SitePath("api/vetting/registry/imports/:importID/problems", UUID.self)
        static let registryRecords = SitePath("api/vetting/registry/records")
        static let registryRecord = SitePath("api/vetting/registry/records/:recordID", UUID.self)
        static let reviews = SitePath("api/vetting/reviews")
        static let reviewDecision = SitePath("api/vetting/reviews/:reviewID/decision", UUID.self)
        static let reviewRequests = SitePath("api/vetting/review-requests")
        static let requestDecision = SitePath("api/vetting/review-requests/:requestID/decision", UUID.self)
        static let units = SitePath("api/vetting/units")
        static let unitsAll = SitePath("api/vetting/units/all")
        static let unitApprove = SitePath("api/vetting/units/:unitID/approve", UUID.self)
        static let queries = SitePath("api/vetting/queries")
        static let query = SitePath("api/vetting/queries/:receipt", String.self)
        static let roster = SitePath("api/vetting/roster")
        static let rosterEntries = SitePath("api/vetting/roster/entries")
        static let rosterEntry = SitePath("api/vetting/roster/entries/:entryID", UUID.self)
        static let rechecks = SitePath("api/vetting/rechecks")
        static let recheck = SitePath("api/vetting/rechecks/:recheckID", UUID.self)
        static let recheckFindingsCsv = SitePath("api/vetting/rechecks/:recheckID/findings.csv", UUID.self)
        static let rosterUploadProblems = SitePath("api/vetting/roster/uploads/:uploadID/problems", UUID.self)
        static let rosterUploadProblemsCsv = SitePath("api/vetting/roster/uploads/:uploadID/problems.csv", UUID.self)
        static let notices = SitePath("api/vetting/notices")
        static let subjectAccess = SitePath("api/vetting/subject-access")
        static let subjectAccessReviewRequests = SitePath("api/vetting/subject-access/review-requests")
    }
}
