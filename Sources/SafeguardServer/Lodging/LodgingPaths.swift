import Foundation

/// Every path of this area, written once: its routes, links and menu entries use these (see `SitePath`).
enum LodgingPaths {
    static let stays = SitePath("stays")
    static let staysNew = SitePath("stays/new")
    static let staysSearch = SitePath("stays/search")
    static let stay = SitePath("stays/:stayID", UUID.self)
    static let stayReport = SitePath("stays/:stayID/report", UUID.self)
    static let stayVisitors = SitePath("stays/:stayID/visitors", UUID.self)
    static let stayCheckOut = SitePath("stays/:stayID/check-out", UUID.self)
    static let stayPatrols = SitePath("stays/:stayID/patrols", UUID.self)
    static let stayGuardianContact = SitePath("stays/:stayID/guardian-contact", UUID.self)

    /// The JSON API, described in openapi.json.
    enum API {
        static let businesses = SitePath("api/lodging-businesses")
        static let stays = SitePath("api/stays")
        static let staysSearch = SitePath("api/stays/search")
        static let staysStatistics = SitePath("api/stays/statistics")
        static let stay = SitePath("api/stays/:stayID", UUID.self)
        static let stayVisitors = SitePath("api/stays/:stayID/visitors", UUID.self)
        static let stayCheckOut = SitePath("api/stays/:stayID/check-out", UUID.self)
        static let stayPatrols = SitePath("api/stays/:stayID/patrols", UUID.self)
        static let stayGuardianContact = SitePath("api/stays/:stayID/guardian-contact", UUID.self)
        static let stayReport = SitePath("api/stays/:stayID/report", UUID.self)
    }
}
