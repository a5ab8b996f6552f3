import Foundation

/// Every path of this area, written once: its routes, links and menu entries use these (see `SitePath`).
enum HelplinePaths {
    static let assetsContactJs = SitePath("assets/contact.js")
    static let contacts = SitePath("contacts")
    static let contactsNew = SitePath("contacts/new")
    static let contact = SitePath("contacts/:contactID", UUID.self)
    static let contactCase = SitePath("contacts/:contactID/case", UUID.self)
    static let contactLink = SitePath("contacts/:contactID/link", UUID.self)

    /// The JSON API, described in openapi.json.
    enum API {
        static let contacts = SitePath("api/contacts")
        static let contact = SitePath("api/contacts/:contactID", UUID.self)
        static let contactCase = SitePath("api/contacts/:contactID/case", UUID.self)
        static let contactLink = SitePath("api/contacts/:contactID/link", UUID.self)
        static let callersLookup = SitePath("api/callers/lookup")
    }
}
