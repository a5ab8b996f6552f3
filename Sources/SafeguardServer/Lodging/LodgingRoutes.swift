import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum LodgingRoutes {
    static func register(_ application: Application) throws {
        let app = application.grouped(CountryPackGate.lodging)
        app.on(.POST, LodgingPaths.API.businesses, action: .organisationManage, use: LodgingController.createBusiness)
        app.on(.GET, LodgingPaths.API.businesses, action: .stayRead, use: LodgingController.businesses)
        app.on(.POST, LodgingPaths.API.stays, action: .stayCreate, use: LodgingController.checkIn)
        app.on(.GET, LodgingPaths.API.stays, action: .stayRead, use: LodgingController.list)
        app.on(.POST, LodgingPaths.API.staysSearch, action: .staySearch, use: LodgingController.search)
        app.on(.GET, LodgingPaths.API.staysStatistics, action: .stayRead, use: LodgingStatistics.json)
        app.on(.GET, LodgingPaths.API.stay, action: .stayRead, use: LodgingController.show)
        app.on(.POST, LodgingPaths.API.stayVisitors, action: .stayCreate, use: LodgingController.addVisitor)
        app.on(.POST, LodgingPaths.API.stayCheckOut, action: .stayCreate, use: LodgingController.checkOut)
        app.on(.POST, LodgingPaths.API.stayPatrols, action: .stayCreate, use: LodgingController.addPatrol)
        app.on(.POST, LodgingPaths.API.stayGuardianContact, action: .stayCreate, use: LodgingController.contactGuardian)
        app.on(.POST, LodgingPaths.API.stayReport, action: .reportCreate, use: LodgingController.report)

        // pages
        app.on(.GET, LodgingPaths.stays, action: .stayRead, use: LodgingPages.list)
        app.on(.GET, LodgingPaths.staysNew, action: .stayCreate, use: LodgingPages.newForm)
        app.on(.POST, LodgingPaths.stays, action: .stayCreate, use: LodgingPages.create)
        app.on(.POST, LodgingPaths.staysSearch, action: .staySearch, use: LodgingPages.search)
        app.on(.GET, LodgingPaths.stay, action: .stayRead, use: LodgingPages.show)
        app.on(.POST, LodgingPaths.stayReport, action: .reportCreate, use: LodgingPages.report)
        app.on(.POST, LodgingPaths.stayVisitors, action: .stayCreate, use: LodgingPages.addVisitor)
        app.on(.POST, LodgingPaths.stayCheckOut, action: .stayCreate, use: LodgingPages.checkOut)
        app.on(.POST, LodgingPaths.stayPatrols, action: .stayCreate, use: LodgingPages.addPatrol)
        app.on(.POST, LodgingPaths.stayGuardianContact, action: .stayCreate, use: LodgingPages.contactGuardian)
    }
}
