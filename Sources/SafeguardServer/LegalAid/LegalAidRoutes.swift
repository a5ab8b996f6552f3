import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum LegalAidRoutes {
    static func register(_ app: Application, api: any RoutesBuilder) throws {
        api.on(.POST, "cases", ":caseID", "matters", action: .legalMatterManage, use: LegalAidController.open)
        api.on(.GET, "matters", action: .legalMatterManage, use: LegalAidController.mine)
        api.on(.GET, "matters", ":matterID", action: .legalMatterManage, use: LegalAidController.show)
        api.on(.POST, "matters", ":matterID", "events", action: .legalMatterManage, use: LegalAidController.addEvent)
        api.on(.POST, "matters", ":matterID", "notes", action: .legalMatterManage, use: LegalAidController.addNote)
        api.on(.POST, "matters", ":matterID", "outcome", action: .legalMatterManage, use: LegalAidController.recordOutcome)
        api.on(.GET, "matters", ":matterID", "documents", action: .legalMatterManage, use: MatterDocuments.list)
        api.on(.POST, "matters", ":matterID", "documents", action: .legalMatterManage, body: .collect(maxSize: "9mb"), use: MatterDocuments.upload)
        api.on(.GET, "matters", ":matterID", "documents", ":documentID", action: .legalMatterManage, use: MatterDocuments.download)
        api.on(.POST, "cases", ":caseID", "conferences", action: .caseUpdate, use: LegalAidController.holdConference)
        api.signedIn(.POST, "me", "calendar-feed", use: CalendarFeed.create)
        // The feed's secret address is its key (calendar programs send no session).
        app.get("calendar", ":feed", use: CalendarFeed.feed)

        // pages
        app.on(.GET, "matters", action: .legalMatterManage, use: LegalAidPages.list)
        app.on(.POST, "cases", ":caseID", "matters", action: .legalMatterManage, use: LegalAidPages.open)
        app.on(.GET, "matters", ":matterID", action: .legalMatterManage, use: LegalAidPages.show)
        app.on(.POST, "matters", ":matterID", "events", action: .legalMatterManage, use: LegalAidPages.addEvent)
        app.on(.POST, "matters", ":matterID", "notes", action: .legalMatterManage, use: LegalAidPages.addNote)
        app.on(.POST, "matters", ":matterID", "outcome", action: .legalMatterManage, use: LegalAidPages.recordOutcome)
        app.on(.POST, "matters", ":matterID", "documents", action: .legalMatterManage, body: .collect(maxSize: "9mb"), use: LegalAidPages.upload)
        app.on(.POST, "cases", ":caseID", "conferences", action: .caseUpdate, use: LegalAidPages.holdConference)
        app.signedIn(.POST, "account", "calendar-feed", use: LegalAidPages.makeFeed)
        app.signedIn(.GET, "calendar", use: LegalAidPages.calendar)
    }
}
