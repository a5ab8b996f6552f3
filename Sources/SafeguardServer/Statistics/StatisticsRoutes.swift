import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum StatisticsRoutes {
    static func register(_ app: Application, api: any RoutesBuilder) throws {
        api.on(.GET, "statistics", "network", action: .statsRead, use: NetworkFigures.json)
        api.on(.GET, "statistics", action: .statsRead, use: StatisticsController.json)
        api.on(.GET, "statistics.csv", action: .statsRead, use: StatisticsController.csv)

        // pages
        app.on(.GET, "statistics", action: .statsRead, use: StatisticsPage.show)
    }
}
