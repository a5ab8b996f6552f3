import Foundation

/// Every path of this area, written once: its routes, links and menu entries use these (see `SitePath`).
enum ReportingPaths {
    static let reports = SitePath("reports")
    static let reportsNew = SitePath("reports/new")
    static let report = SitePath("reports/:reportID", UUID.self)
    static let reportSubmit = SitePath("reports/:reportID/submit", UUID.self)
    static let reportAnswer = SitePath("reports/:reportID/answer", UUID.self)
    static let inbox = SitePath("inbox")
    static let inboxReport = SitePath("inbox/:reportID", UUID.self)
    static let reportAcknowledge = SitePath("inbox/:reportID/acknowledge", UUID.self)
    static let reportRequestInformation = SitePath("inbox/:reportID/request-information", UUID.self)
    static let reportClose = SitePath("inbox/:reportID/close", UUID.self)

    /// The JSON API, described in openapi.json.
    enum API {
        static let reports = SitePath("api/reports")
        static let reportsAuthorities = SitePath("api/reports/authorities")
        static let report = SitePath("api/reports/:reportID", UUID.self)
        static let reportSubmit = SitePath("api/reports/:reportID/submit", UUID.self)
        static let reportAnswer = SitePath("api/reports/:reportID/answer", UUID.self)
        static let inboxReports = SitePath("api/inbox/reports")
        static let inboxReport = SitePath("api/inbox/reports/:reportID", UUID.self)
        static let inboxReportAcknowledge = SitePath("api/inbox/reports/:reportID/acknowledge", UUID.self)
        static let inboxReportRequestInformation = SitePath("api/inbox/reports/:reportID/request-information", UUID.self)
        static let inboxReportClose = SitePath("api/inbox/reports/:reportID/close", UUID.self)
        static let meNotifications = SitePath("api/me/notifications")
        static let meNotificationsRead = SitePath("api/me/notifications/read")
    }
}
