import Foundation

/// Every path of this area, written once: its routes, links and menu entries use these (see `SitePath`).
enum PagePaths {
    static let login = SitePath("login")
    static let logout = SitePath("logout")
    static let langLocale = SitePath("lang/:locale", String.self)
    static let faviconSvg = SitePath("favicon.svg")
    static let faviconIco = SitePath("favicon.ico")
    static let home = SitePath("")
    static let notificationsRead = SitePath("notifications/read")
}
