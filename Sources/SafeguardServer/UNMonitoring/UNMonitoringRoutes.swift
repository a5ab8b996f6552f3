import SafeguardCore
import Vapor

/// Every route of the UN monitoring area, registered once: its API under /api and its pages.
enum UNMonitoringRoutes {
    static func register(_ app: Application) throws {
        app.on(.GET, UNMonitoringPaths.API.recommendations, action: .monitoringRead, use: RecommendationPages.listJSON)
        app.on(.POST, UNMonitoringPaths.API.recommendations, action: .monitoringManage, use: RecommendationPages.createJSON)
        app.on(.POST, UNMonitoringPaths.API.imports, action: .monitoringManage, body: .collect(maxSize: "8mb"), use: RecommendationPages.importJSON)
        app.on(.GET, UNMonitoringPaths.API.export, action: .monitoringRead, use: RecommendationPages.export)
        app.on(.GET, UNMonitoringPaths.API.recommendation, action: .monitoringRead, use: RecommendationPages.recommendationJSON)
        app.on(.POST, UNMonitoringPaths.API.classification, action: .monitoringManage, use: RecommendationPages.classifyJSON)
        app.on(.POST, UNMonitoringPaths.API.reiteration, action: .monitoringManage, use: RecommendationPages.reiterateJSON)

        // pages
        app.on(.GET, UNMonitoringPaths.recommendations, action: .monitoringRead, use: RecommendationPages.list)
        app.on(.GET, UNMonitoringPaths.recommendationsNew, action: .monitoringManage, use: RecommendationPages.new)
        app.on(.POST, UNMonitoringPaths.recommendationsNew, action: .monitoringManage, use: RecommendationPages.create)
        app.on(.POST, UNMonitoringPaths.recommendationsImport, action: .monitoringManage, body: .collect(maxSize: "8mb"), use: RecommendationPages.importFile)
        app.on(.GET, UNMonitoringPaths.recommendationsExport, action: .monitoringRead, use: RecommendationPages.export)
        app.on(.GET, UNMonitoringPaths.recommendation, action: .monitoringRead, use: RecommendationPages.recommendation)
        app.on(.POST, UNMonitoringPaths.classification, action: .monitoringManage, use: RecommendationPages.classify)
        app.on(.POST, UNMonitoringPaths.reiteration, action: .monitoringManage, use: RecommendationPages.reiterate)
    }
}
