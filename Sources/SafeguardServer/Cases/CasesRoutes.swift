import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum CasesRoutes {
    static func register(_ app: Application) throws {
        app.signedIn(.GET, CasesPaths.API.meTasks, use: CasesController.myTasks)
        app.on(.POST, CasesPaths.API.children, action: .childCreate, use: ChildrenController.create)
        app.on(.POST, CasesPaths.API.childrenMatches, action: .childRead, use: ChildrenController.matches)
        app.on(.GET, CasesPaths.API.child, action: .childRead, use: ChildrenController.show)
        app.on(.POST, CasesPaths.API.cases, action: .caseCreate, use: CasesController.create)
        app.on(.GET, CasesPaths.API.cases, action: .caseList, use: CasesController.list)
        app.on(.GET, CasesPaths.API.case, action: .caseRead, use: CasesController.show)
        app.on(.PATCH, CasesPaths.API.case, action: .caseUpdate, use: CasesController.update)
        app.on(.POST, CasesPaths.API.caseStage, action: .caseUpdate, use: CasesController.moveStage)
        app.on(.POST, CasesPaths.API.caseClosure, action: .caseApproveClosure, use: CasesController.decideClosure)
        app.on(.POST, CasesPaths.API.caseAssign, action: .caseAssign, use: CasesController.assign)
        app.on(.POST, CasesPaths.API.caseNotes, action: .noteWriteGeneral, use: CasesController.addNote)
        app.on(.POST, CasesPaths.API.caseTasks, action: .taskManage, use: CasesController.addTask)
        app.on(.POST, CasesPaths.API.caseTaskDone, action: .taskManage, use: CasesController.completeTask)
        app.on(.POST, CasesPaths.API.caseChild, action: .caseUpdate, use: CasesController.attachChild)
        app.on(.POST, CasesPaths.API.casePerpetrators, action: .caseUpdate, use: CasesController.addPerpetrator)
        app.on(.GET, CasesPaths.API.caseAccessLog, action: .auditRead, use: CasesController.accessLog)
        app.on(.POST, CasesPaths.API.caseBreakGlass, action: .caseBreakGlass, use: BreakGlass.openCase)
        app.on(.GET, CasesPaths.API.breakGlass, action: .auditRead, use: BreakGlass.list)

        // pages
        app.on(.GET, CasesPaths.home, action: .caseList, use: CasePages.list)
        app.on(.GET, CasesPaths.case, action: .caseRead, use: CasePages.show)
        app.on(.POST, CasesPaths.caseNotes, action: .noteWriteGeneral, use: CasePages.addNote)
        app.on(.POST, CasesPaths.caseStage, action: .caseUpdate, use: CasePages.moveStage)
        app.on(.POST, CasesPaths.caseClosure, action: .caseApproveClosure, use: CasePages.decideClosure)
        app.on(.POST, CasesPaths.caseTasks, action: .taskManage, use: CasePages.addTask)
        app.on(.POST, CasesPaths.caseTaskDone, action: .taskManage, use: CasePages.completeTask)
        app.on(.POST, CasesPaths.caseAssign, action: .caseAssign, use: CasePages.assign)
        app.on(.POST, CasesPaths.caseChild, action: .caseUpdate, use: ChildPages.attach)
        app.on(.POST, CasesPaths.casePerpetrators, action: .caseUpdate, use: CasePages.addPerpetrator)
        app.on(.POST, CasesPaths.caseBreakGlass, action: .caseBreakGlass, use: CasePages.breakGlass)
        app.on(.GET, CasesPaths.child, action: .childRead, use: ChildPages.show)
    }
}
