import Foundation

/// Every path of the library, written once: its routes, links and menu entries use these (see `SitePath`).
enum LibraryPaths {
    /// The public catalogue: search and browse, no sign-in needed.
    static let search = SitePath("library")
    static let title = SitePath("library/titles/:titleID", UUID.self)
    /// The libraries' categories as trees, with the number of titles in each.
    static let categories = SitePath("library/categories")
    /// The librarian's catalogue: a title typed in, a MARC file imported, the catalogue exported.
    static let catalogue = SitePath("library/catalogue")
    static let importMARC = SitePath("library/catalogue/import")
    static let exportMARC = SitePath("library/catalogue/export")
    /// The circulation desk: lend, return, renew by card and barcode; register a reader; place a hold.
    static let desk = SitePath("library/desk")
    static let readers = SitePath("library/readers")
    static let holds = SitePath("library/holds")
    static let titleCopies = SitePath("library/titles/:titleID/copies", UUID.self)
    static let figures = SitePath("library/figures")
    /// A colleague's own loans, from the reader cards linked to their account.
    static let myLoans = SitePath("library/my-loans")

    enum API {
        static let titles = SitePath("api/library/titles")
        static let title = SitePath("api/library/titles/:titleID", UUID.self)
        static let categories = SitePath("api/library/categories")
        static let importMARC = SitePath("api/library/imports")
        static let exportMARC = SitePath("api/library/export")
        static let titleCopies = SitePath("api/library/titles/:titleID/copies", UUID.self)
        static let readers = SitePath("api/library/readers")
        static let loans = SitePath("api/library/loans")
        static let returns = SitePath("api/library/returns")
        static let renewals = SitePath("api/library/renewals")
        static let holds = SitePath("api/library/holds")
        static let figures = SitePath("api/library/figures")
        static let copyStatus = SitePath("api/library/copies/status")
        static let readerStanding = SitePath("api/library/readers/standing")
        static let myLoans = SitePath("api/me/library/loans")
    }
}
