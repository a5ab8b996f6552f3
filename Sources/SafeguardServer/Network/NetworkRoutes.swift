import SafeguardCore
import Vapor

/// Every route of this area, registered once: its API under /api and its pages.
enum NetworkRoutes {
    static func register(_ app: Application) throws {
        app.on(.GET, NetworkPaths.API.directory, action: .directoryRead, use: NetworkController.searchDirectory)
        app.on(.POST, NetworkPaths.API.directory, action: .directoryManage, use: NetworkController.createEntry)
        app.on(.PUT, NetworkPaths.API.entry, action: .directoryManage, use: NetworkController.updateEntry)
        app.on(.GET, NetworkPaths.API.mdts, action: .directoryRead, use: MDTStore.index)
        app.on(.POST, NetworkPaths.API.mdts, action: .directoryManage, use: MDTStore.createTeam)
        // Sending needs referral.send; reading and answering are checked per referral (sender or receiver).
        app.on(.POST, NetworkPaths.API.referrals, action: .referralSend, use: NetworkController.send)
        app.on(.GET, NetworkPaths.API.referrals, action: .referralReceive, use: NetworkController.list)
        app.on(.GET, NetworkPaths.API.referral, action: .referralReceive, use: NetworkController.show)
        app.on(.POST, NetworkPaths.API.referralEvents, action: .referralReceive, use: NetworkController.act)

        // pages
        app.on(.GET, NetworkPaths.directory, action: .directoryRead, use: NetworkPages.directory)
        app.on(.GET, NetworkPaths.directoryNew, action: .directoryManage, use: NetworkPages.newEntry)
        app.on(.POST, NetworkPaths.directory, action: .directoryManage, use: NetworkPages.saveEntry)
        app.on(.GET, NetworkPaths.entryEdit, action: .directoryManage, use: NetworkPages.editEntry)
        app.on(.POST, NetworkPaths.entry, action: .directoryManage, use: NetworkPages.saveEntry)
        app.on(.GET, NetworkPaths.referrals, action: .referralReceive, use: NetworkPages.inbox)
        app.on(.GET, NetworkPaths.referralsNew, action: .referralSend, use: NetworkPages.newForm)
        app.on(.POST, NetworkPaths.referrals, action: .referralSend, use: NetworkPages.send)
        app.on(.GET, NetworkPaths.referral, action: .referralReceive, use: NetworkPages.show)
        app.on(.GET, NetworkPaths.referralPrint, action: .referralSend, use: NetworkPages.print)
        app.on(.POST, NetworkPaths.referralEvents, action: .referralReceive, use: NetworkPages.act)
    }
}
