import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum HelplineRoutes {
    static func register(_ app: Application) throws {
        app.on(.POST, HelplinePaths.API.contacts, action: .contactCreate, use: ContactsController.create)
        app.on(.GET, HelplinePaths.API.contacts, action: .contactList, use: ContactsController.list)
        app.on(.GET, HelplinePaths.API.contact, action: .contactRead, use: ContactsController.show)
        app.on(.POST, HelplinePaths.API.contactCase, action: .caseCreate, use: ContactsController.openCase)
        app.on(.POST, HelplinePaths.API.contactLink, action: .caseUpdate, use: ContactsController.link)
        app.on(.POST, HelplinePaths.API.callersLookup, action: .contactList, use: ContactsController.lookupCaller)

        // pages
        app.open(.GET, HelplinePaths.assetsContactJs, use: ContactScript.serve)
        app.on(.GET, HelplinePaths.contacts, action: .contactList, use: ContactPages.list)
        app.on(.GET, HelplinePaths.contactsNew, action: .contactCreate, use: ContactPages.newForm)
        app.on(.POST, HelplinePaths.contacts, action: .contactCreate, use: ContactPages.create)
        app.on(.GET, HelplinePaths.contact, action: .contactRead, use: ContactPages.show)
        app.on(.POST, HelplinePaths.contactCase, action: .caseCreate, use: ContactPages.openCase)
        app.on(.POST, HelplinePaths.contactLink, action: .caseUpdate, use: ContactPages.link)
    }
}
