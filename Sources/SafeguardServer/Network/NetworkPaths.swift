import Foundation

/// Every path of this area, written once: its routes, links and menu entries use these (see `SitePath`).
enum NetworkPaths {
    static let directory = SitePath("directory")
    static let directoryNew = SitePath("directory/new")
    static let entryEdit = SitePath("directory/:entryID/edit", UUID.self)
    static let entry = SitePath("directory/:entryID", UUID.self)
    static let referrals = SitePath("referrals")
    static let referralsNew = SitePath("referrals/new")
    static let referral = SitePath("referrals/:referralID", UUID.self)
    static let referralPrint = SitePath("referrals/:referralID/print", UUID.self)
    static let referralEvents = SitePath("referrals/:referralID/events", UUID.self)

    /// The JSON API, described in openapi.json.
    enum API {
        static let directory = SitePath("api/directory")
        static let entry = SitePath("api/directory/:entryID", UUID.self)
        static let mdts = SitePath("api/mdts")
        static let referrals = SitePath("api/referrals")
        static let referral = SitePath("api/referrals/:referralID", UUID.self)
        static let referralEvents = SitePath("api/referrals/:referralID/events", UUID.self)
    }
}
