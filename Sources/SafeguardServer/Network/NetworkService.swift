import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// What can be done in the directory and to referrals, whoever asks: the JSON API and the pages call
/// these with the same input, so each check, policy decision and audit entry is made in one place.
enum NetworkService {
    static func createEntry(_ input: DirectoryStore.Input, by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.directoryManage)
        let actor = caller.actor
        return try await caller.write { db in try await DirectoryStore.create(input, actor: actor, on: db) }
    }

    /// Replaces an entry with the one given (the same fields as creating it).
    static func updateEntry(_ id: UUID, _ input: DirectoryStore.Input, by caller: Caller) async throws {
        _ = try caller.scopes(.directoryManage)
        let actor = caller.actor
        try await caller.write { db in try await DirectoryStore.update(id, input, actor: actor, on: db) }
    }

    static func refer(_ input: ReferralStore.Input, by caller: Caller) async throws -> ReferralStore.Sent {
        _ = try caller.scopes(.referralSend)
        let (actor, services) = (caller.actor, caller.services)
        return try await caller.write { db in try await ReferralStore.send(input, actor: actor, services: services, on: db) }
    }

    /// A referral as its sender or receiver may see it (reading it is audited, so it is a write).
    static func referral(_ id: UUID, by caller: Caller) async throws -> ReferralStore.Detail {
        let (actor, services) = (caller.actor, caller.services)
        return try await caller.write { db in try await ReferralStore.detail(id, actor: actor, services: services, on: db) }
    }

    struct Answer: Content { var event: String?; var text: String? }

    static func act(_ id: UUID, _ answer: Answer, by caller: Caller) async throws {
        var v = FieldValidator()
        let event = v.requiredCode(answer.event, "event", as: ReferralEvent.self, missing: "say what happened: accept, decline, start, complete or revoke")
        try v.finish()
        let (actor, services) = (caller.actor, caller.services)
        try await caller.write { db in try await ReferralStore.act(id, event!, text: answer.text, actor: actor, services: services, on: db) }
    }
}
