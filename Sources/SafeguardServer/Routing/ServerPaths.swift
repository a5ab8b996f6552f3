import Foundation

/// Every path of this area, written once: its routes, links and menu entries use these (see `SitePath`).
enum ServerPaths {
    static let healthz = SitePath("healthz")
    static let readyz = SitePath("readyz")
    static let metrics = SitePath("metrics")
    static let openapiJson = SitePath("openapi.json")
}
