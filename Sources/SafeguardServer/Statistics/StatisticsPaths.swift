import Foundation

/// Every path of this area, written once: its routes, links and menu entries use these (see `SitePath`).
enum StatisticsPaths {
    static let home = SitePath("statistics")

    /// The JSON API, described in openapi.json.
    enum API {
        static let network = SitePath("api/statistics/network")
        static let statistics = SitePath("api/statistics")
        static let csv = SitePath("api/statistics.csv")
    }
}
