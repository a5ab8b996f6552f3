import SafeguardCore
import Vapor

/// Every route of the server. API routes live under /api; pages everywhere else.
func routes(_ app: Application) throws {
    app.open(.GET, ServerPaths.healthz, use: MonitoringController.healthz)
    app.open(.GET, ServerPaths.readyz, use: MonitoringController.readyz)
    app.open(.GET, ServerPaths.metrics, use: MonitoringController.metrics)
    app.open(.GET, ServerPaths.openapiJson, use: OpenAPIController.document)

    // each area registers its own API and pages
    try AccountsRoutes.register(app)
    try CasesRoutes.register(app)
    try ClinicalRoutes.register(app)
    try HelplineRoutes.register(app)
    try LegalAidRoutes.register(app)
    try LodgingRoutes.register(app)
    try NetworkRoutes.register(app)
    try ReportingRoutes.register(app)
    try StatisticsRoutes.register(app)
    try TrainingRoutes.register(app)
    try LibraryRoutes.register(app)
    try RoomRoutes.register(app)
    try VettingRoutes.register(app)
    try UNMonitoringRoutes.register(app)
    try Pages.register(app)
    app.pageGuards = Dictionary(app.routes.all.filter { $0.method == .GET && !$0.path.contains { if case .parameter = $0 { true } else { false } } }
        .map { ("/" + $0.path.map(\.description).joined(separator: "/"), $0.policyAction) }, uniquingKeysWith: { first, _ in first })
}

extension Application {
    private struct PageGuardsKey: StorageKey { typealias Value = [String: Action?] }

    /// The action guarding each page without parameters, by its path (nil: any signed-in user):
    /// the menu shows an entry only to those its route lets in.
    var pageGuards: [String: Action?] {
        get { storage[PageGuardsKey.self] ?? [:] }
        set { storage[PageGuardsKey.self] = newValue }
    }
}
