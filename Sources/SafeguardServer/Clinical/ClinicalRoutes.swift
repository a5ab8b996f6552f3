import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum ClinicalRoutes {
    static func register(_ app: Application, api: any RoutesBuilder) throws {
        api.on(.GET, "clinical-alerts", action: .alertRead, use: ClinicalAlertsController.list)
        api.on(.GET, "clinical-alerts", ":alertID", action: .alertRead, use: ClinicalAlertsController.show)
        api.on(.POST, "clinical-alerts", ":alertID", "report", action: .reportCreate, use: ClinicalAlertsController.fileReport)
        api.on(.GET, "cds-clients", action: .clinicalClientManage, use: ClinicalClientsController.index)
        api.on(.POST, "cds-clients", action: .clinicalClientManage, use: ClinicalClientsController.create)
        api.on(.PATCH, "cds-clients", ":clientID", action: .clinicalClientManage, use: ClinicalClientsController.update)
        // CDS Hooks 2.0: each call authenticates with the record system's signed JWT.
        app.get("cds-services", use: CDSController.discovery)
        app.post("cds-services", ":serviceID", use: CDSController.invoke)
        app.post("cds-services", ":serviceID", "feedback", use: CDSController.feedback)

        // pages
        app.on(.GET, "clinical-alerts", action: .alertRead, use: ClinicalPages.alerts)
        app.on(.GET, "clinical-alerts", ":alertID", action: .alertRead, use: ClinicalPages.alert)
        app.on(.POST, "clinical-alerts", ":alertID", "report", action: .reportCreate, use: ClinicalPages.fileReport)
        app.on(.GET, "admin", "cds-clients", action: .clinicalClientManage, use: ClinicalPages.clients)
        app.on(.POST, "admin", "cds-clients", action: .clinicalClientManage, use: ClinicalPages.registerClient)
        app.on(.POST, "admin", "cds-clients", ":clientID", action: .clinicalClientManage, use: ClinicalPages.updateClient)
    }
}
