import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The lodging API: businesses (administrators), stays (clerks), the police's list and search.
enum LodgingController {
    struct BusinessInput: Content {
        var name: String?
        var regionID: UUID?
        var licenceNumber: String?
        var address: String?
    }

    /// Registers a hotel, inn or hostel: an organisation of type hotel with its licence and address.
    @Sendable static func createBusiness(req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try req.content.decode(BusinessInput.self)
        var v = FieldValidator()
        let name = input.name?.trimmedWhitespace ?? ""
        let licence = input.licenceNumber?.trimmedWhitespace ?? ""
        let address = input.address?.trimmedWhitespace ?? ""
        v.check((1...200).contains(name.count), "name", "give the business's name")
        v.check((3...60).contains(licence.count), "licenceNumber", "give the business licence number")
        v.check((3...300).contains(address.count), "address", "give the address")
        v.check(input.regionID != nil, "regionID", "choose the region")
        try v.finish()
        let created = try await req.write { db in
            guard try await db.raw("SELECT id FROM regions WHERE id = \(bind: input.regionID!)").first() != nil else {
                throw AppError.invalid("regionID", "no such region")
            }
            let id = UUID.timeOrdered()
            try await db.insert(into: "organisations").columns("id", "name", "type", "region_id", "created_at")
                .values(SQLBind(id), SQLBind(name), SQLBind("hotel"), SQLBind(input.regionID!), SQLBind(Date())).run()
            try await db.insert(into: "lodging_businesses").columns("organisation_id", "licence_number", "address")
                .values(SQLBind(id), SQLBind(licence), SQLBind(address)).run()
            try await AuditLog.append([.init(verb: .create, recordType: "organisation", recordID: id.uuidString, reason: "lodging business")], by: actor, on: db)
            return IDOnly(id: id)
        }
        return try await created.created(for: req)
    }

    @Sendable static func checkIn(req: Request) async throws -> Response {
        let checkedIn = try await register(req)
        return .created(json: checkedIn.json, location: "/api/stays/\(checkedIn.id.uppercaseText)")
    }

    static func register(_ req: Request) async throws -> StayStore.CheckedIn {
        let actor = try req.actor()
        let stay = try req.decodeJSON(StayInput.init(json:)).validated()
        let services = req.safeguard
        let checkIn = try StayStore.CheckIn(stay, actor: actor, services: services)
        return try await req.write { db in try await checkIn.write(on: db) }
    }

    struct Page: Content { var items: [StayStore.StaySummary]; var page: Int; var hasMore: Bool }

    @Sendable static func list(req: Request) async throws -> Page {
        let filter = try req.query.decode(StayStore.Filter.self)
        let result = try await StayStore.list(filter, actor: try req.actor(), services: req.safeguard, on: req.sql)
        return Page(items: result.items, page: filter.page ?? 1, hasMore: result.hasMore)
    }

    @Sendable static func show(req: Request) async throws -> StayStore.StayDetail {
        let actor = try req.actor()
        let id = try req.uuid("stayID")
        let services = req.safeguard
        return try await req.write { db in try await StayStore.detail(id, actor: actor, services: services, on: db) }
    }

    struct Search: Content { var document: String? }

    @Sendable static func search(req: Request) async throws -> [StayStore.StaySummary] {
        let actor = try req.actor()
        // In the body, never the address: a document number must not reach access logs.
        let document = try req.content.decode(Search.self).document ?? ""
        let services = req.safeguard
        return try await req.auditedRead { db in try await StayStore.search(document: document, actor: actor, services: services, on: db) }
    }

    struct Flags: Content { var flags: [StayFlag] }
    struct CheckOut: Content { var checkedOutAt: String? }
    struct GuardianContact: Content { var reached: Bool? }

    @Sendable static func addVisitor(req: Request) async throws -> Flags {
        let actor = try req.actor()
        let id = try req.uuid("stayID")
        let input = try req.content.decode(StayStore.VisitorInput.self)
        let services = req.safeguard
        return Flags(flags: try await req.write { db in try await StayStore.addVisitor(id, input, actor: actor, services: services, on: db) })
    }

    @Sendable static func addPatrol(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let id = try req.uuid("stayID")
        let input = try req.content.decode(StayStore.PatrolInput.self)
        let services = req.safeguard
        try await req.write { db in try await StayStore.addPatrol(id, input, actor: actor, services: services, on: db) }
        return .noContent
    }

    @Sendable static func businesses(req: Request) async throws -> [StayStore.Business] {
        try await StayStore.businesses(actor: try req.actor(), on: req.sql)
    }

    @Sendable static func checkOut(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let id = try req.uuid("stayID")
        let at = try req.content.decode(CheckOut.self).checkedOutAt
        try await req.write { db in try await StayStore.checkOut(id, at: at, actor: actor, on: db) }
        return .noContent
    }

    @Sendable static func contactGuardian(req: Request) async throws -> Flags {
        let actor = try req.actor()
        let id = try req.uuid("stayID")
        guard let reached = try req.content.decode(GuardianContact.self).reached else { throw AppError.invalid("reached", "say whether the guardian was reached") }
        let services = req.safeguard
        return Flags(flags: try await req.write { db in try await StayStore.contactGuardian(id, reached: reached, actor: actor, services: services, on: db) })
    }

    @Sendable static func report(req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid("stayID")
        let services = req.safeguard
        let created = try await req.write { db in try await StayStore.fileReport(id, actor: actor, services: services, on: db) }
        return try await created.created(for: req, location: "/api/reports/\(created.id.uuidString)")
    }
}
