import Crypto
import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Each user's hearings, deadlines, case conferences, the training sessions they give or attend
/// (enrolled, with a place), the rooms they booked and, for those who follow the UN mechanisms, their
/// organisation's reporting calendar, as an iCalendar feed behind a secret
/// address. Only the address's SHA-256 is stored; making a new one ends the old. The feed names
/// matters and cases by type and reference, never a child.
enum CalendarFeed {
    struct Address: Content { var url: String }

    static func digest(_ secret: String) -> String { Hex.encode(SHA256.hash(data: Data(secret.utf8))) }

    /// A new address's secret: 256 random bits as hex; only its `digest` is kept.
    static func newSecret() -> String { Hex.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }) }

    /// The digest of the secret in a feed's address (`<secret>.ics`); not found for anything else.
    static func requestedDigest(_ req: Request) throws -> String {
        guard let file = req.parameters.get("feed"), file.hasSuffix(".ics"), file.count == 68 else { throw AppError.notFound("calendar") }
        return digest(String(file.dropLast(4)))
    }

    /// A feed as calendar programs read it, never cached on the way.
    static func response(_ calendar: ICalendar) -> Response {
        let response = Response(status: .ok, body: .init(string: calendar.render(stamp: Date())))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    @Sendable static func create(req: Request) async throws -> Address {
        let actor = try req.actor()
        let secret = newSecret()
        try await req.write { db in
            try await db.raw("DELETE FROM calendar_feeds WHERE user_id = \(bind: actor.userID)").run()
            try await db.insert(into: "calendar_feeds").columns("user_id", "secret_hash", "created_at")
                .values(SQLBind(actor.userID), SQLBind(digest(secret)), SQLBind(Date())).run()
            try await AuditLog.append([.init(verb: .create, recordType: "calendar_feed", recordID: actor.userID.uuidString)], by: actor, on: db)
        }
        return Address(url: req.safeguard.settings.publicURL + LegalAidPaths.calendarFeed(secret + ".ics"))
    }

    /// The events in the user's own language (the feed is read by calendar programs, without a session).
    static func events(for userID: UUID, on db: any SQLDatabase) async throws -> [ICalendar.Event] {
        let locale = try await db.raw("SELECT locale FROM users WHERE id = \(bind: userID)").first()?.decode(column: "locale", as: String.self)
        let s = Strings(locale: locale ?? "en")
        let matterEvents = try await db.raw("""
            SELECT e.id, e.kind, e.title, e.starts_at, m.type, k.reference FROM matter_events e JOIN legal_matters m ON m.id = e.matter_id
            JOIN matter_lawyers l ON l.matter_id = m.id JOIN cases k ON k.id = m.case_id WHERE l.user_id = \(bind: userID)
            ORDER BY e.starts_at LIMIT 5000
            """).all().map { e in
            ICalendar.Event(uid: "\(try e.decode(column: "id", as: UUID.self).uuidString)@safeguard", start: try e.decode(column: "starts_at", as: Date.self),
                            summary: "\(s["matterEvent." + (try e.decode(column: "kind", as: String.self))]): \(try e.decode(column: "title", as: String.self))",
                            description: s.format("calendar.matterDescription", ["reference": try e.decode(column: "reference", as: String.self),
                                                                                  "type": s["matterType." + (try e.decode(column: "type", as: String.self))]]))
        }
        let conferences = try await db.raw("""
            SELECT c.id, c.at, k.reference FROM case_conferences c JOIN conference_participants p ON p.conference_id = c.id
            JOIN cases k ON k.id = c.case_id WHERE p.user_id = \(bind: userID) ORDER BY c.at LIMIT 5000
            """).all().map { c in
            ICalendar.Event(uid: "\(try c.decode(column: "id", as: UUID.self).uuidString)@safeguard", start: try c.decode(column: "at", as: Date.self),
                            summary: s.format("calendar.conference", ["reference": try c.decode(column: "reference", as: String.self)]))
        }
        let sessions = try await TrainingCalendar.events(for: userID, s, on: db)
        let bookings = try await RoomCalendar.events(for: userID, s, on: db)
        let reporting = try await ReportingSteps.events(for: userID, s, on: db)
        return (matterEvents + conferences + sessions + bookings + reporting).sorted { $0.start < $1.start }
    }

    /// `GET /calendar/<secret>.ics`: no session, the secret is the key; an unknown one is 404.
    @Sendable static func feed(req: Request) async throws -> Response {
        guard let row = try await req.sql.raw("SELECT user_id FROM calendar_feeds WHERE secret_hash = \(bind: try requestedDigest(req))").first() else {
            throw AppError.notFound("calendar")
        }
        let userID = try row.decode(column: "user_id", as: UUID.self)
        return response(ICalendar(name: "Safeguard", events: try await events(for: userID, on: req.sql)))
    }
}
