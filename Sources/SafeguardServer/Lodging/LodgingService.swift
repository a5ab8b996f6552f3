import Foundation
import SafeguardCore
import Vapor

/// What can be done with a stay, whoever asks: the JSON API and the hotel and police pages both
/// call these with the same input.
enum LodgingService {
    static func checkIn(_ stay: ValidStay, by caller: Caller) async throws -> StayStore.CheckedIn {
        let checkIn = try StayStore.CheckIn(stay, actor: caller.actor, services: caller.services)
        return try await caller.write { db in try await checkIn.write(on: db) }
    }

    static func detail(_ id: UUID, by caller: Caller) async throws -> StayStore.StayDetail {
        let services = caller.services, actor = caller.actor
        return try await caller.write { db in try await StayStore.detail(id, actor: actor, services: services, on: db) }
    }

    /// The police's search by document number (which reaches no log and no address).
    static func search(document: String, by caller: Caller) async throws -> [StayStore.StaySummary] {
        let services = caller.services, actor = caller.actor
        return try await caller.auditedRead { db in try await StayStore.search(document: document, actor: actor, services: services, on: db) }
    }

    static func addVisitor(_ id: UUID, _ input: StayStore.VisitorInput, by caller: Caller) async throws -> [StayFlag] {
        let services = caller.services, actor = caller.actor
        return try await caller.write { db in try await StayStore.addVisitor(id, input, actor: actor, services: services, on: db) }
    }

    static func addPatrol(_ id: UUID, _ input: StayStore.PatrolInput, by caller: Caller) async throws {
        let services = caller.services, actor = caller.actor
        try await caller.write { db in try await StayStore.addPatrol(id, input, actor: actor, services: services, on: db) }
    }

    static func checkOut(_ id: UUID, at text: String?, by caller: Caller) async throws {
        let actor = caller.actor
        try await caller.write { db in try await StayStore.checkOut(id, at: text, actor: actor, on: db) }
    }

    static func contactGuardian(_ id: UUID, reached: Bool?, by caller: Caller) async throws -> [StayFlag] {
        guard let reached else { throw AppError.invalid("reached", "say whether the guardian was reached") }
        let services = caller.services, actor = caller.actor
        return try await caller.write { db in try await StayStore.contactGuardian(id, reached: reached, actor: actor, services: services, on: db) }
    }

    /// Reports the stay to the police now, in the clerk's language.
    static func report(_ id: UUID, by caller: Caller) async throws -> ReportStore.CreatedReport {
        let services = caller.services, actor = caller.actor
        return try await caller.write { db in try await StayStore.fileReport(id, actor: actor, services: services, on: db) }
    }
}
