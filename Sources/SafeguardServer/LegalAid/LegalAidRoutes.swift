import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum LegalAidRoutes {
    static func register(_ app: Application) throws {
        app.on(.POST, LegalAidPaths.API.caseMatters, action: .legalMatterManage, use: LegalAidController.open)
        app.on(.GET, LegalAidPaths.API.matters, action: .legalMatterManage, use: LegalAidController.mine)
        app.on(.GET, LegalAidPaths.API.matter, action: .legalMatterManage, use: LegalAidController.show)
        app.on(.POST, LegalAidPaths.API.matterEvents, action: .legalMatterManage, use: LegalAidController.addEvent)
        app.on(.POST, LegalAidPaths.API.matterNotes, action: .legalMatterManage, use: LegalAidController.addNote)
        app.on(.POST, LegalAidPaths.API.matterOutcome, action: .legalMatterManage, use: LegalAidController.recordOutcome)
        app.on(.GET, LegalAidPaths.API.matterDocuments, action: .legalMatterManage, use: MatterDocuments.list)
        app.on(.POST, LegalAidPaths.API.matterDocuments, action: .legalMatterManage, body: .collect(maxSize: "9mb"), use: MatterDocuments.upload)
        app.on(.GET, LegalAidPaths.API.matterDocument, action: .legalMatterManage, use: MatterDocuments.download)
        app.on(.POST, LegalAidPaths.API.caseConferences, action: .caseUpdate, use: LegalAidController.holdConference)
        app.signedIn(.POST, LegalAidPaths.API.meCalendarFeed, use: CalendarFeed.create)
        // The feed's secret address is its key (calendar programs send no session).
        app.open(.GET, LegalAidPaths.calendarFeed, use: CalendarFeed.feed)

        // pages
        app.on(.GET, LegalAidPaths.matters, action: .legalMatterManage, use: LegalAidPages.list)
        app.on(.POST, LegalAidPaths.caseMatters, action: .legalMatterManage, use: LegalAidPages.open)
        app.on(.GET, LegalAidPaths.matter, action: .legalMatterManage, use: LegalAidPages.show)
        app.on(.POST, LegalAidPaths.matterEvents, action: .legalMatterManage, use: LegalAidPages.addEvent)
        app.on(.POST, LegalAidPaths.matterNotes, action: .legalMatterManage, use: LegalAidPages.addNote)
        app.on(.POST, LegalAidPaths.matterOutcome, action: .legalMatterManage, use: LegalAidPages.recordOutcome)
        app.on(.POST, LegalAidPaths.matterDocuments, action: .legalMatterManage, body: .collect(maxSize: "9mb"), use: LegalAidPages.upload)
        app.on(.POST, LegalAidPaths.caseConferences, action: .caseUpdate, use: LegalAidPages.holdConference)
        app.signedIn(.POST, LegalAidPaths.accountCalendarFeed, use: LegalAidPages.makeFeed)
        app.signedIn(.GET, LegalAidPaths.calendar, use: LegalAidPages.calendar)
    }
}
