import SafeguardCore
import Vapor

/// What every area's pages share: signing in and out, the language, the dashboard, and the
/// helpers their forms use. Each area registers its own pages (`<Area>Routes`).
enum Pages {
    static func register(_ app: Application) throws {
        app.open(.GET, PagePaths.login, use: LoginPage.show)
        app.open(.POST, PagePaths.login, use: LoginPage.submit)
        app.open(.POST, PagePaths.logout, use: LoginPage.logout)
        app.open(.GET, PagePaths.langLocale, use: LoginPage.chooseLanguage)
        app.open(.GET, PagePaths.faviconSvg, use: Favicon.serve)
        app.open(.GET, PagePaths.faviconIco, use: Favicon.serve)

        app.signedIn(.GET, PagePaths.home, use: DashboardPage.show)
        app.signedIn(.POST, PagePaths.notificationsRead, use: DashboardPage.markNoticesRead)
    }

    /// A date and time typed on a page (a `datetime-local` input), read in the reader's zone, as the
    /// ISO 8601 the stores take. What cannot be read is passed on for the store to refuse by name.
    static func instant(_ text: String) -> String {
        LocalTime.parse(text, in: Layout.timeZone).map { ISO8601DateFormatter().string(from: $0) } ?? text
    }

    /// A day typed on a page at a time of day where the reader is (a task is due at 17:00 their time).
    static func instant(day: PartialDate, hour: Int) -> Date? {
        LocalTime.date(day, hour: hour, minute: 0, in: Layout.timeZone)
    }

    /// Redirect after a successful form post, so that reloading does not post twice.
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: ["Location": location])
    }
}
