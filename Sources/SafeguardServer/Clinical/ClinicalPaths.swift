import Foundation

/// Every path of this area, written once: its routes, links and menu entries use these (see `SitePath`).
enum ClinicalPaths {
    static let cdsServices = SitePath("cds-services")
    static let service = SitePath("cds-services/:serviceID", String.self)
    static let serviceFeedback = SitePath("cds-services/:serviceID/feedback", String.self)
    static let alerts = SitePath("clinical-alerts")
    static let alert = SitePath("clinical-alerts/:alertID", UUID.self)
    static let alertReport = SitePath("clinical-alerts/:alertID/report", UUID.self)
    static let adminCdsClients = SitePath("admin/cds-clients")
    static let adminClient = SitePath("admin/cds-clients/:clientID", UUID.self)

    /// The JSON API, described in openapi.json.
    enum API {
        static let alerts = SitePath("api/clinical-alerts")
        static let alert = SitePath("api/clinical-alerts/:alertID", UUID.self)
        static let alertReport = SitePath("api/clinical-alerts/:alertID/report", UUID.self)
        static let cdsClients = SitePath("api/cds-clients")
        static let client = SitePath("api/cds-clients/:clientID", UUID.self)
    }
}
