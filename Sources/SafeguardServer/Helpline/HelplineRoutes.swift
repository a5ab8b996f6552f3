import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum HelplineRoutes {
    static func register(_ app: Application, api: any RoutesBuilder) throws {
        api.on(.POST, "contacts", action: .contactCreate, use: ContactsController.create)
        api.on(.GET, "contacts", action: .contactList, use: ContactsController.list)
        api.on(.GET, "contacts", ":contactID", action: .contactRead, use: ContactsController.show)
        api.on(.POST, "contacts", ":contactID", "case", action: .caseCreate, use: ContactsController.openCase)
        api.on(.POST, "contacts", ":contactID", "link", action: .caseUpdate, use: ContactsController.link)
        api.on(.POST, "callers", "lookup", action: .contactList, use: ContactsController.lookupCaller)

        // pages
        app.get("assets", "contact.js", use: ContactScript.serve)
        app.on(.GET, "contacts", action: .contactList, use: ContactPages.list)
        app.on(.GET, "contacts", "new", action: .contactCreate, use: ContactPages.newForm)
        app.on(.POST, "contacts", action: .contactCreate, use: ContactPages.create)
        app.on(.GET, "contacts", ":contactID", action: .contactRead, use: ContactPages.show)
        app.on(.POST, "contacts", ":contactID", "case", action: .caseCreate, use: ContactPages.openCase)
        app.on(.POST, "contacts", ":contactID", "link", action: .caseUpdate, use: ContactPages.link)
    }
}
