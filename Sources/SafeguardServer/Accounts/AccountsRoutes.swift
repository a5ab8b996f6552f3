import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum AccountsRoutes {
    static func register(_ app: Application) throws {
        app.open(.POST, AccountsPaths.API.tokens, use: AccountsController.createToken)
        app.signedIn(.DELETE, AccountsPaths.API.tokensCurrent, use: AccountsController.revokeToken)
        app.signedIn(.GET, AccountsPaths.API.me, use: AccountsController.me)
        app.signedIn(.PATCH, AccountsPaths.API.me, use: AccountsController.updatePreferences)
        app.signedIn(.POST, AccountsPaths.API.mePassword, use: AccountsController.changePassword)
        app.on(.GET, AccountsPaths.API.users, action: .userManage, use: AccountsController.listUsers)
        app.on(.POST, AccountsPaths.API.users, action: .userManage, use: AccountsController.createUser)
        app.on(.GET, AccountsPaths.API.organisations, action: .organisationManage, use: AccountsController.listOrganisations)
        app.on(.POST, AccountsPaths.API.organisations, action: .organisationManage, use: AccountsController.createOrganisation)
        app.on(.GET, AccountsPaths.API.regions, action: .organisationManage, use: AccountsController.listRegions)
        app.on(.POST, AccountsPaths.API.regions, action: .organisationManage, use: AccountsController.createRegion)
        app.on(.POST, AccountsPaths.API.regionImports, action: .organisationManage, body: .collect(maxSize: "8mb"), use: AccountsController.importRegions)

        // pages
        app.signedIn(.GET, AccountsPaths.account, use: AccountPage.show)
        app.signedIn(.POST, AccountsPaths.accountPassword, use: AccountPage.changePassword)
        app.signedIn(.POST, AccountsPaths.accountLocale, use: AccountPage.changeLocale)
        app.signedIn(.POST, AccountsPaths.accountTimeZone, use: AccountPage.changeTimeZone)
        app.on(.GET, AccountsPaths.adminUsers, action: .userManage, use: AdminPage.users)
        app.on(.POST, AccountsPaths.adminUsers, action: .userManage, use: AdminPage.createUser)
        app.on(.GET, AccountsPaths.adminOrganisations, action: .organisationManage, use: OrganisationsPage.show)
        app.on(.POST, AccountsPaths.adminOrganisations, action: .organisationManage, use: OrganisationsPage.createOrganisation)
        app.on(.POST, AccountsPaths.adminRegions, action: .organisationManage, use: OrganisationsPage.createRegion)
        app.on(.POST, AccountsPaths.adminRegionsImport, action: .organisationManage, body: .collect(maxSize: "8mb"), use: OrganisationsPage.importRegions)
    }
}
