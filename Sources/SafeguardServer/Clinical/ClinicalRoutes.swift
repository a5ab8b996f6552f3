import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum ClinicalRoutes {
    static func register(_ app: Application) throws {
        app.on(.GET, ClinicalPaths.API.alerts, action: .alertRead, use: ClinicalAlertsController.list)
        app.on(.GET, ClinicalPaths.API.alert, action: .alertRead, use: ClinicalAlertsController.show)
        app.on(.POST, ClinicalPaths.API.alertReport, action: .reportCreate, use: ClinicalAlertsController.fileReport)
        app.on(.GET, ClinicalPaths.API.cdsClients, action: .clinicalClientManage, use: ClinicalClientsController.index)
        app.on(.POST, ClinicalPaths.API.cdsClients, action: .clinicalClientManage, use: ClinicalClientsController.create)
        app.on(.PATCH, ClinicalPaths.API.client, action: .clinicalClientManage, use: ClinicalClientsController.update)
        // CDS Hooks 2.0: each call authenticates with the record system's signed JWT.
        app.open(.GET, ClinicalPaths.cdsServices, use: CDSController.discovery)
        app.open(.POST, ClinicalPaths.service, use: CDSController.invoke)
        app.open(.POST, ClinicalPaths.serviceFeedback, use: CDSController.feedback)

        // pages
        app.on(.GET, ClinicalPaths.alerts, action: .alertRead, use: ClinicalPages.alerts)
        app.on(.GET, ClinicalPaths.alert, action: .alertRead, use: ClinicalPages.alert)
        app.on(.POST, ClinicalPaths.alertReport, action: .reportCreate, use: ClinicalPages.fileReport)
        app.on(.GET, ClinicalPaths.adminCdsClients, action: .clinicalClientManage, use: ClinicalPages.clients)
        app.on(.POST, ClinicalPaths.adminCdsClients, action: .clinicalClientManage, use: ClinicalPages.registerClient)
        app.on(.POST, ClinicalPaths.adminClient, action: .clinicalClientManage, use: ClinicalPages.updateClient)
    }
}
