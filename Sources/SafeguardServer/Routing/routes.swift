import SafeguardCore
import Vapor

/// Every route of the server. API routes live under /api; pages everywhere else.
func routes(_ app: Application) throws {
    app.get("healthz", use: MonitoringController.healthz)
    app.get("readyz", use: MonitoringController.readyz)
    app.get("metrics", use: MonitoringController.metrics)
    app.get("openapi.json", use: OpenAPIController.document)

    let api = app.grouped("api")

    // each area registers its own API and pages
    try AccountsRoutes.register(app, api: api)
    try CasesRoutes.register(app, api: api)
    try ClinicalRoutes.register(app, api: api)
    try HelplineRoutes.register(app, api: api)
    try LegalAidRoutes.register(app, api: api)
    try LodgingRoutes.register(app, api: api)
    try NetworkRoutes.register(app, api: api)
    try ReportingRoutes.register(app, api: api)
    try StatisticsRoutes.register(app, api: api)
    try TrainingRoutes.register(app, api: api)
    try VettingRoutes.register(app, api: api)
    try Pages.register(app)
}
