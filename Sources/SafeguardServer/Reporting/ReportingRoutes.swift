import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum ReportingRoutes {
    static func register(_ app: Application) throws {
        app.on(.GET, ReportingPaths.API.reports, action: .reportRead, use: ReportsController.list)
        app.on(.POST, ReportingPaths.API.reports, action: .reportCreate, use: ReportsController.create)
        app.on(.GET, ReportingPaths.API.reportsAuthorities, action: .reportCreate, use: ReportsController.authorities)
        app.on(.GET, ReportingPaths.API.report, action: .reportRead, use: ReportsController.show)
        app.on(.POST, ReportingPaths.API.reportSubmit, action: .reportCreate, use: ReportsController.submit)
        app.on(.POST, ReportingPaths.API.reportAnswer, action: .reportCreate, use: ReportsController.answer)
        app.on(.GET, ReportingPaths.API.inboxReports, action: .reportReceive, use: ReportsController.inbox)
        app.on(.GET, ReportingPaths.API.inboxReport, action: .reportReceive, use: ReportsController.showReceived)
        app.on(.POST, ReportingPaths.API.inboxReportAcknowledge, action: .reportReceive, use: ReportsController.acknowledge)
        app.on(.POST, ReportingPaths.API.inboxReportRequestInformation, action: .reportReceive, use: ReportsController.requestInformation)
        app.on(.POST, ReportingPaths.API.inboxReportClose, action: .reportReceive, use: ReportsController.close)
        app.signedIn(.GET, ReportingPaths.API.meNotifications, use: Notifications.list)
        app.signedIn(.POST, ReportingPaths.API.meNotificationsRead, use: Notifications.markAllRead)

        // pages
        app.on(.GET, ReportingPaths.reports, action: .reportRead, use: ReportPages.list)
        app.on(.GET, ReportingPaths.reportsNew, action: .reportCreate, use: ReportPages.newForm)
        app.on(.POST, ReportingPaths.reports, action: .reportCreate, use: ReportPages.create)
        app.on(.GET, ReportingPaths.report, action: .reportRead, use: ReportPages.show)
        app.on(.POST, ReportingPaths.reportSubmit, action: .reportCreate, use: ReportPages.submit)
        app.on(.POST, ReportingPaths.reportAnswer, action: .reportCreate, use: ReportPages.answer)
        app.on(.GET, ReportingPaths.inbox, action: .reportReceive, use: ReportPages.inbox)
        app.on(.GET, ReportingPaths.inboxReport, action: .reportReceive, use: ReportPages.showReceived)
        app.on(.POST, ReportingPaths.reportAcknowledge, action: .reportReceive, use: ReportPages.acknowledge)
        app.on(.POST, ReportingPaths.reportRequestInformation, action: .reportReceive, use: ReportPages.requestInformation)
        app.on(.POST, ReportingPaths.reportClose, action: .reportReceive, use: ReportPages.close)
    }
}
