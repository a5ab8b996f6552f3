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
        return .created(json: checkedIn.json, location: LodgingPaths.API.stay(checkedIn.id))
    }

    static func register(_ req: Request) async throws -> StayStore.CheckedIn {
        try await LodgingService.checkIn(try req.decodeJSON(StayInput.init(json:)).validated(), by: try req.caller())
    }

    struct Page: Content { var items: [StayStore.StaySummary]; var page: Int; var hasMore: Bool }

    @Sendable static func list(req: Request) async throws -> Page {
        let filter = try req.query.decode(StayStore.Filter.self)
        let result = try await StayStore.list(filter, actor: try req.actor(), services: req.safeguard, on: req.sql)
        return Page(items: result.items, page: filter.page ?? 1, hasMore: result.hasMore)
    }

    @Sendable static func show(req: Request) async throws -> StayStore.StayDetail {
        try await LodgingService.detail(try req.uuid("stayID"), by: try req.caller())
    }

    struct Search: Content { var document: String? }

    @Sendable static func search(req: Request) async throws -> [StayStore.StaySummary] {
        // In the body, never the address: a document number must not reach access logs.
        try await LodgingService.search(document: try req.content.decode(Search.self).document ?? "", by: try req.caller())
    }

    struct Flags: Content { var flags: [StayFlag] }
    struct CheckOut: Content { var checkedOutAt: String? }
    struct GuardianContact: Content { var reached: Bool? }

    @Sendable static func addVisitor(req: Request) async throws -> Flags {
        Flags(flags: try await LodgingService.addVisitor(try req.uuid("stayID"), try req.content.decode(StayStore.VisitorInput.self), by: try req.caller()))
    }

    @Sendable static func addPatrol(req: Request) async throws -> HTTPStatus {
        try await LodgingService.addPatrol(try req.uuid("stayID"), try req.content.decode(StayStore.PatrolInput.self), by: try req.caller())
        return .noContent
    }

    @Sendable static func businesses(req: Request) async throws -> [StayStore.Business] {
        try await StayStore.businesses(actor: try req.actor(), on: req.sql)
    }

    @Sendable static func checkOut(req: Request) async throws -> HTTPStatus {
        try await LodgingService.checkOut(try req.uuid("stayID"), at: try req.content.decode(CheckOut.self).checkedOutAt, by: try req.caller())
        return .noContent
    }

    @Sendable static func contactGuardian(req: Request) async throws -> Flags {
        Flags(flags: try await LodgingService.contactGuardian(try req.uuid("stayID"), reached: try req.content.decode(GuardianContact.self).reached, by: try req.caller()))
    }

    @Sendable static func report(req: Request) async throws -> Response {
        let created = try await LodgingService.report(try req.uuid("stayID"), by: try req.caller())
        return try await created.created(for: req, location: ReportingPaths.API.report(created.id))
    }
}
