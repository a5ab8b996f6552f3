import Foundation

/// Every path of this area, written once: its routes, links and menu entries use these (see `SitePath`).
enum AccountsPaths {
    static let account = SitePath("account")
    static let accountPassword = SitePath("account/password")
    static let accountLocale = SitePath("account/locale")
    static let accountTimeZone = SitePath("account/time-zone")
    static let adminUsers = SitePath("admin/users")
    static let adminOrganisations = SitePath("admin/organisations")
    static let adminRegions = SitePath("admin/regions")
    /// A country pack's divisions as a CSV file.
    static let adminRegionsImport = SitePath("admin/regions/import")

    /// The JSON API, described in openapi.json.
    enum API {
        static let tokens = SitePath("api/tokens")
        static let tokensCurrent = SitePath("api/tokens/current")
        static let me = SitePath("api/me")
        static let mePassword = SitePath("api/me/password")
        static let users = SitePath("api/users")
        static let organisations = SitePath("api/organisations")
        static let regions = SitePath("api/regions")
        static let regionImports = SitePath("api/regions/imports")
    }
}
