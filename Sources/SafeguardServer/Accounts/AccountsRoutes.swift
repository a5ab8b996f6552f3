import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum AccountsRoutes {
    static func register(_ app: Application, api: any RoutesBuilder) throws {
        api.post("tokens", use: AccountsController.createToken)
        api.signedIn(.DELETE, "tokens", "current", use: AccountsController.revokeToken)
        api.signedIn(.GET, "me", use: AccountsController.me)
        api.signedIn(.PATCH, "me", use: AccountsController.updatePreferences)
        api.signedIn(.POST, "me", "password", use: AccountsController.changePassword)
        api.on(.GET, "users", action: .userManage, use: AccountsController.listUsers)
        api.on(.POST, "users", action: .userManage, use: AccountsController.createUser)
        api.on(.GET, "organisations", action: .organisationManage, use: AccountsController.listOrganisations)
        api.on(.POST, "organisations", action: .organisationManage, use: AccountsController.createOrganisation)
        api.on(.GET, "regions", action: .organisationManage, use: AccountsController.listRegions)
        api.on(.POST, "regions", action: .organisationManage, use: AccountsController.createRegion)

        // pages
        app.signedIn(.GET, "account", use: AccountPage.show)
        app.signedIn(.POST, "account", "password", use: AccountPage.changePassword)
        app.signedIn(.POST, "account", "locale", use: AccountPage.changeLocale)
        app.signedIn(.POST, "account", "time-zone", use: AccountPage.changeTimeZone)
        app.on(.GET, "admin", "users", action: .userManage, use: AdminPage.users)
        app.on(.POST, "admin", "users", action: .userManage, use: AdminPage.createUser)
        app.on(.GET, "admin", "organisations", action: .organisationManage, use: OrganisationsPage.show)
        app.on(.POST, "admin", "organisations", action: .organisationManage, use: OrganisationsPage.createOrganisation)
        app.on(.POST, "admin", "regions", action: .organisationManage, use: OrganisationsPage.createRegion)
    }
}
