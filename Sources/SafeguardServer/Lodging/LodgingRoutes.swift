import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum LodgingRoutes {
    static func register(_ app: Application, api: any RoutesBuilder) throws {
        api.on(.POST, "lodging-businesses", action: .organisationManage, use: LodgingController.createBusiness)
        api.on(.GET, "lodging-businesses", action: .stayRead, use: LodgingController.businesses)
        api.on(.POST, "stays", action: .stayCreate, use: LodgingController.checkIn)
        api.on(.GET, "stays", action: .stayRead, use: LodgingController.list)
        api.on(.POST, "stays", "search", action: .staySearch, use: LodgingController.search)
        api.on(.GET, "stays", "statistics", action: .stayRead, use: LodgingStatistics.json)
        api.on(.GET, "stays", ":stayID", action: .stayRead, use: LodgingController.show)
        api.on(.POST, "stays", ":stayID", "visitors", action: .stayCreate, use: LodgingController.addVisitor)
        api.on(.POST, "stays", ":stayID", "check-out", action: .stayCreate, use: LodgingController.checkOut)
        api.on(.POST, "stays", ":stayID", "patrols", action: .stayCreate, use: LodgingController.addPatrol)
        api.on(.POST, "stays", ":stayID", "guardian-contact", action: .stayCreate, use: LodgingController.contactGuardian)
        api.on(.POST, "stays", ":stayID", "report", action: .reportCreate, use: LodgingController.report)

        // pages
        app.on(.GET, "stays", action: .stayRead, use: LodgingPages.list)
        app.on(.GET, "stays", "new", action: .stayCreate, use: LodgingPages.newForm)
        app.on(.POST, "stays", action: .stayCreate, use: LodgingPages.create)
        app.on(.POST, "stays", "search", action: .staySearch, use: LodgingPages.search)
        app.on(.GET, "stays", ":stayID", action: .stayRead, use: LodgingPages.show)
        app.on(.POST, "stays", ":stayID", "report", action: .reportCreate, use: LodgingPages.report)
        app.on(.POST, "stays", ":stayID", "visitors", action: .stayCreate, use: LodgingPages.addVisitor)
        app.on(.POST, "stays", ":stayID", "check-out", action: .stayCreate, use: LodgingPages.checkOut)
        app.on(.POST, "stays", ":stayID", "patrols", action: .stayCreate, use: LodgingPages.addPatrol)
        app.on(.POST, "stays", ":stayID", "guardian-contact", action: .stayCreate, use: LodgingPages.contactGuardian)
    }
}
