import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum NetworkRoutes {
    static func register(_ app: Application, api: any RoutesBuilder) throws {
        api.on(.GET, "directory", action: .directoryRead, use: NetworkController.searchDirectory)
        api.on(.POST, "directory", action: .directoryManage, use: NetworkController.createEntry)
        api.on(.PUT, "directory", ":entryID", action: .directoryManage, use: NetworkController.updateEntry)
        api.on(.GET, "mdts", action: .directoryRead, use: MDTStore.index)
        api.on(.POST, "mdts", action: .directoryManage, use: MDTStore.createTeam)
        // Sending needs referral.send; reading and answering are checked per referral (sender or receiver).
        api.on(.POST, "referrals", action: .referralSend, use: NetworkController.send)
        api.on(.GET, "referrals", action: .referralReceive, use: NetworkController.list)
        api.on(.GET, "referrals", ":referralID", action: .referralReceive, use: NetworkController.show)
        api.on(.POST, "referrals", ":referralID", "events", action: .referralReceive, use: NetworkController.act)

        // pages
        app.on(.GET, "directory", action: .directoryRead, use: NetworkPages.directory)
        app.on(.GET, "directory", "new", action: .directoryManage, use: NetworkPages.newEntry)
        app.on(.POST, "directory", action: .directoryManage, use: NetworkPages.saveEntry)
        app.on(.GET, "directory", ":entryID", "edit", action: .directoryManage, use: NetworkPages.editEntry)
        app.on(.POST, "directory", ":entryID", action: .directoryManage, use: NetworkPages.saveEntry)
        app.on(.GET, "referrals", action: .referralReceive, use: NetworkPages.inbox)
        app.on(.GET, "referrals", "new", action: .referralSend, use: NetworkPages.newForm)
        app.on(.POST, "referrals", action: .referralSend, use: NetworkPages.send)
        app.on(.GET, "referrals", ":referralID", action: .referralReceive, use: NetworkPages.show)
        app.on(.GET, "referrals", ":referralID", "print", action: .referralSend, use: NetworkPages.print)
        app.on(.POST, "referrals", ":referralID", "events", action: .referralReceive, use: NetworkPages.act)
    }
}
