import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum ReportingRoutes {
    static func register(_ app: Application, api: any RoutesBuilder) throws {
        api.on(.GET, "reports", action: .reportRead, use: ReportsController.list)
        api.on(.POST, "reports", action: .reportCreate, use: ReportsController.create)
        api.on(.GET, "reports", "authorities", action: .reportCreate, use: ReportsController.authorities)
        api.on(.GET, "reports", ":reportID", action: .reportRead, use: ReportsController.show)
        api.on(.POST, "reports", ":reportID", "submit", action: .reportCreate, use: ReportsController.submit)
        api.on(.POST, "reports", ":reportID", "answer", action: .reportCreate, use: ReportsController.answer)
        api.on(.GET, "inbox", "reports", action: .reportReceive, use: ReportsController.inbox)
        api.on(.GET, "inbox", "reports", ":reportID", action: .reportReceive, use: ReportsController.showReceived)
        api.on(.POST, "inbox", "reports", ":reportID", "acknowledge", action: .reportReceive, use: ReportsController.acknowledge)
        api.on(.POST, "inbox", "reports", ":reportID", "request-information", action: .reportReceive, use: ReportsController.requestInformation)
        api.on(.POST, "inbox", "reports", ":reportID", "close", action: .reportReceive, use: ReportsController.close)
        api.signedIn(.GET, "me", "notifications", use: Notifications.list)
        api.signedIn(.POST, "me", "notifications", "read", use: Notifications.markAllRead)

        // pages
        app.on(.GET, "reports", action: .reportRead, use: ReportPages.list)
        app.on(.GET, "reports", "new", action: .reportCreate, use: ReportPages.newForm)
        app.on(.POST, "reports", action: .reportCreate, use: ReportPages.create)
        app.on(.GET, "reports", ":reportID", action: .reportRead, use: ReportPages.show)
        app.on(.POST, "reports", ":reportID", "submit", action: .reportCreate, use: ReportPages.submit)
        app.on(.POST, "reports", ":reportID", "answer", action: .reportCreate, use: ReportPages.answer)
        app.on(.GET, "inbox", action: .reportReceive, use: ReportPages.inbox)
        app.on(.GET, "inbox", ":reportID", action: .reportReceive, use: ReportPages.showReceived)
        app.on(.POST, "inbox", ":reportID", "acknowledge", action: .reportReceive, use: ReportPages.acknowledge)
        app.on(.POST, "inbox", ":reportID", "request-information", action: .reportReceive, use: ReportPages.requestInformation)
        app.on(.POST, "inbox", ":reportID", "close", action: .reportReceive, use: ReportPages.close)
    }
}
