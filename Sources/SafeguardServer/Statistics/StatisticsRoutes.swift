import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum StatisticsRoutes {
    static func register(_ app: Application) throws {
        app.on(.GET, StatisticsPaths.API.network, action: .statsRead, use: NetworkFigures.json)
        app.on(.GET, StatisticsPaths.API.statistics, action: .statsRead, use: StatisticsController.json)
        app.on(.GET, StatisticsPaths.API.csv, action: .statsRead, use: StatisticsController.csv)

        // pages
        app.on(.GET, StatisticsPaths.home, action: .statsRead, use: StatisticsPage.show)
    }
}
