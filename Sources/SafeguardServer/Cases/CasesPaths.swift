import Foundation

/// Every path of this area, written once: its routes, links and menu entries use these (see `SitePath`).
enum CasesPaths {
    static let home = SitePath("cases")
    static let `case` = SitePath("cases/:caseID", UUID.self)
    static let caseNotes = SitePath("cases/:caseID/notes", UUID.self)
    static let caseStage = SitePath("cases/:caseID/stage", UUID.self)
    static let caseClosure = SitePath("cases/:caseID/closure", UUID.self)
    static let caseTasks = SitePath("cases/:caseID/tasks", UUID.self)
    static let caseTaskDone = SitePath("cases/:caseID/tasks/:taskID/done", UUID.self, UUID.self)
    static let caseAssign = SitePath("cases/:caseID/assign", UUID.self)
    static let caseChild = SitePath("cases/:caseID/child", UUID.self)
    static let casePerpetrators = SitePath("cases/:caseID/perpetrators", UUID.self)
    static let caseBreakGlass = SitePath("cases/:caseID/break-glass", UUID.self)
    static let child = SitePath("children/:childID", UUID.self)

    /// The JSON API, described in openapi.json.
    enum API {
        static let meTasks = SitePath("api/me/tasks")
        static let children = SitePath("api/children")
        static let childrenMatches = SitePath("api/children/matches")
        static let child = SitePath("api/children/:childID", UUID.self)
        static let cases = SitePath("api/cases")
        static let `case` = SitePath("api/cases/:caseID", UUID.self)
        static let caseStage = SitePath("api/cases/:caseID/stage", UUID.self)
        static let caseClosure = SitePath("api/cases/:caseID/closure", UUID.self)
        static let caseAssign = SitePath("api/cases/:caseID/assign", UUID.self)
        static let caseNotes = SitePath("api/cases/:caseID/notes", UUID.self)
        static let caseTasks = SitePath("api/cases/:caseID/tasks", UUID.self)
        static let caseTaskDone = SitePath("api/cases/:caseID/tasks/:taskID/done", UUID.self, UUID.self)
        static let caseChild = SitePath("api/cases/:caseID/child", UUID.self)
        static let casePerpetrators = SitePath("api/cases/:caseID/perpetrators", UUID.self)
        static let caseAccessLog = SitePath("api/cases/:caseID/access-log", UUID.self)
        static let caseBreakGlass = SitePath("api/cases/:caseID/break-glass", UUID.self)
        static let breakGlass = SitePath("api/break-glass")
    }
}
