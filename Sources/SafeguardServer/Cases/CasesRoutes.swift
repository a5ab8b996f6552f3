import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum CasesRoutes {
    static func register(_ app: Application, api: any RoutesBuilder) throws {
        api.signedIn(.GET, "me", "tasks", use: CasesController.myTasks)
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

        // pages
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
    }
}
