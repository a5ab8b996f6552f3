import Foundation

/// Every path of this area, written once: its routes, links and menu entries use these (see `SitePath`).
enum LegalAidPaths {
    static let calendarFeed = SitePath("calendar/:feed", String.self)
    static let matters = SitePath("matters")
    static let caseMatters = SitePath("cases/:caseID/matters", UUID.self)
    static let matter = SitePath("matters/:matterID", UUID.self)
    static let matterEvents = SitePath("matters/:matterID/events", UUID.self)
    static let matterNotes = SitePath("matters/:matterID/notes", UUID.self)
    static let matterOutcome = SitePath("matters/:matterID/outcome", UUID.self)
    static let matterDocuments = SitePath("matters/:matterID/documents", UUID.self)
    static let caseConferences = SitePath("cases/:caseID/conferences", UUID.self)
    static let accountCalendarFeed = SitePath("account/calendar-feed")
    static let calendar = SitePath("calendar")

    /// The JSON API, described in openapi.json.
    enum API {
        static let caseMatters = SitePath("api/cases/:caseID/matters", UUID.self)
        static let matters = SitePath("api/matters")
        static let matter = SitePath("api/matters/:matterID", UUID.self)
        static let matterEvents = SitePath("api/matters/:matterID/events", UUID.self)
        static let matterNotes = SitePath("api/matters/:matterID/notes", UUID.self)
        static let matterOutcome = SitePath("api/matters/:matterID/outcome", UUID.self)
        static let matterDocuments = SitePath("api/matters/:matterID/documents", UUID.self)
        static let matterDocument = SitePath("api/matters/:matterID/documents/:documentID", UUID.self, UUID.self)
        static let caseConferences = SitePath("api/cases/:caseID/conferences", UUID.self)
        static let meCalendarFeed = SitePath("api/me/calendar-feed")
    }
}
