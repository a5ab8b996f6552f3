import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Minors' stays: check-in with flags, visitors, guardian contact, check-out, the one-step
/// police report, the police's list and document search, and anonymisation after the retention period.
enum StayStore {
    static let guestsTable = "stay_guests"
    static let columns = ScopeFilter.Columns(organisation: "s.organisation_id", owner: "s.created_by", caseID: nil)

    /// What the actor may see: a clerk their business's stays; the police (only units of type
    /// police) the stays of businesses in their region.
    static func visible(_ action: Action, _ actor: Actor, dialect: String = "", columns: ScopeFilter.Columns = StayStore.columns) -> SQLQueryString {
        let scopes = AccessPolicy.scopes(for: actor.roles, action)
        var condition = ScopeFilter.condition(scopes.subtracting([.jurisdiction]), actor, columns)
        if scopes.contains(.jurisdiction) {
            // On SQLite a unary + keeps the planner from driving the query by business (and then
            // sorting a tenth of the table): it walks the list's index and filters instead.
            var jurisdiction = columns
            if dialect == "sqlite" { jurisdiction.organisation = "+" + columns.organisation }
            let police: SQLQueryString = """
                (\(ScopeFilter.condition([.jurisdiction], actor, jurisdiction)) AND EXISTS (SELECT 1 FROM organisations p \
                WHERE p.id = \(bind: actor.organisationID) AND p.type = 'police'))
                """
            condition = scopes.count == 1 ? police : "(\(condition) OR \(police))"
        }
        return condition
    }

    struct CheckedIn: Content {
        var id: UUID
        var flags: [StayFlag]

        /// Written directly (see `JSONText`): every check-in answers with it.
        var json: String {
            let flags = flags.map { JSONText.object(["code": JSONText.quoted($0.code), "colour": JSONText.quoted($0.colour.rawValue),
                                                     "reason": JSONText.quoted($0.reason)]) }
            return JSONText.object(["id": JSONText.quoted(id.uppercaseText), "flags": JSONText.array(flags)])
        }
    }

    /// A check-in with its flags evaluated and its rows sealed before the write starts, so that
    /// the writes queued behind it wait only for the inserts.
    struct CheckIn: Sendable {
        let id: UUID
        let actor: Actor
        let flags: [StayFlag]
        let stay: [SQLBind]
        let guests: [[SQLBind]]

        init(_ input: ValidStay, actor: Actor, services: AppServices) throws {
            let id = UUID.timeOrdered(), now = Date(), stayKey = id.uppercaseText
            let flags = RedFlagRules.evaluate(input.facts, policy: services.redFlagPolicy)
            let seal = { (context: String, text: String) in try services.cipher.seal(text, context: context) }
            self.id = id
            self.actor = actor
            self.flags = flags
            stay = [SQLBind(id), SQLBind(actor.organisationID), SQLBind(try seal("stays/\(stayKey)/room", input.room)), SQLBind(input.checkedInAt),
                    SQLBind(input.guestCount),
                    SQLBind(input.minors.count), SQLBind(flags.first?.colour.rawValue), SQLBind(flags.first?.colour.rank ?? 3),
                    SQLBind(input.observations.map(\.rawValue).sorted().joined(separator: ",")),
                    SQLBind(try input.guardianName.map { try seal("stays/\(stayKey)/guardian_name", $0) }),
                    SQLBind(try input.guardianPhone.map { try seal("stays/\(stayKey)/guardian_phone", $0) }),
                    SQLBind(input.guardianRelationship?.rawValue ?? ValidStay.guardianNotNamed), SQLBind(input.guardianReached), SQLBind(input.guardianReached ? now : nil),
                    SQLBind(actor.userID), SQLBind(now)]
            var guests: [[SQLBind]] = []
            for (kind, people) in [("minor", input.minors), ("co_occupant", input.coOccupants)] {
                for guest in people {
                    let guestID = UUID.timeOrdered(), guestKey = guestID.uppercaseText
                    guests.append([SQLBind(guestID), SQLBind(id), SQLBind(kind), SQLBind(try seal("stay_guests/\(guestKey)/name", guest.name)),
                                   SQLBind(guest.documentType?.rawValue),
                                   SQLBind(try guest.documentNumber.map { try seal("stay_guests/\(guestKey)/document_number", $0) }),
                                   SQLBind(guest.documentNumber.flatMap { services.blindIndex.documentNumber($0, domain: .stayDocument) }),
                                   SQLBind(guest.age), SQLBind(guest.sex.rawValue),
                                   SQLBind(guest.relationship?.rawValue), SQLBind(guest.identityCheck?.rawValue)])
                }
            }
            self.guests = guests
        }

        func write(on db: any SQLDatabase) async throws -> CheckedIn {
            try await db.insertRows(into: "stays", columns: ["id", "organisation_id", "room", "checked_in_at", "guest_count", "minor_count", "flag_colour",
                                                             "flag_rank", "observations", "guardian_name", "guardian_phone", "guardian_relationship",
                                                             "guardian_reached", "guardian_contacted_at", "created_by", "created_at"], rows: [stay])
            try await db.insertRows(into: guestsTable, columns: ["id", "stay_id", "kind", "name", "document_type", "document_number", "document_key",
                                                                 "age", "sex", "relationship", "identity_check"], rows: guests)
            try await db.insertRows(into: "stay_flags", columns: ["stay_id", "code", "colour", "reason"],
                                    rows: flags.map { [SQLBind(id), SQLBind($0.code), SQLBind($0.colour.rawValue), SQLBind($0.reason)] })
            try await AuditLog.append([.init(verb: .create, recordType: "stay", recordID: id.uppercaseText)], by: actor, on: db)
            return CheckedIn(id: id, flags: flags)
        }
    }

    static func saveFlags(_ id: UUID, _ flags: [StayFlag], on db: any SQLDatabase) async throws {
        // Written at once, not through the commit group's buffer: the rows it deletes may be
        // another write's of the same group.
        try await db.raw("DELETE FROM stay_flags WHERE stay_id = \(bind: id)").run()
        if !flags.isEmpty {
            let insert = db.insert(into: "stay_flags").columns("stay_id", "code", "colour", "reason")
            for flag in flags { insert.values(SQLBind(id), SQLBind(flag.code), SQLBind(flag.colour.rawValue), SQLBind(flag.reason)) }
            try await insert.run()
        }
        try await db.raw("""
            UPDATE stays SET flag_colour = \(bind: flags.first?.colour.rawValue), flag_rank = \(bind: flags.first?.colour.rank ?? 3) WHERE id = \(bind: id)
            """).run()
    }

    /// The stay's facts as stored, for the rules to weigh again after a visitor or a call to the guardian.
    static func facts(_ id: UUID, on db: any SQLDatabase) async throws -> StayFacts {
        guard let stay = try await db.raw("SELECT observations, guardian_reached, guardian_relationship FROM stays WHERE id = \(bind: id)").first() else {
            throw AppError.notFound("stay")
        }
        var facts = StayFacts(minors: [], adults: [], guardianReached: try stay.decode(column: "guardian_reached", as: Bool.self),
                              guardianNamed: try stay.decode(column: "guardian_relationship", as: String.self) != ValidStay.guardianNotNamed,
                              observations: Set(try stay.decode(column: "observations", as: String.self).split(separator: ",")
                                .compactMap { ClerkObservation(rawValue: String($0)) }))
        for row in try await db.raw("SELECT kind, age, sex, relationship, arrived_at FROM stay_guests WHERE stay_id = \(bind: id)").all() {
            let sex = Sex(rawValue: try row.decode(column: "sex", as: String.self)) ?? .unknown
            let relationship = try row.decode(column: "relationship", as: String?.self).flatMap(Relationship.init) ?? .notStated
            switch try row.decode(column: "kind", as: String.self) {
            case "minor": facts.minors.append(.init(age: try row.decode(column: "age", as: Int?.self) ?? 17, sex: sex))
            case "co_occupant": facts.adults.append(.init(age: try row.decode(column: "age", as: Int?.self), sex: sex, relationship: relationship))
            default: facts.visitors.append(.init(arrivedAt: try row.decode(column: "arrived_at", as: Date.self), relationship: relationship))
            }
        }
        return facts
    }

    /// Loads the stay for a change by the business that registered it; 404 otherwise.
    static func requireOwn(_ id: UUID, actor: Actor, on db: any SQLDatabase) async throws -> (checkedIn: Date, checkedOut: Date?, anonymised: Bool) {
        guard let row = try await db.raw("""
            SELECT s.checked_in_at, s.checked_out_at, s.anonymised_at FROM stays s WHERE s.id = \(bind: id) AND \(visible(.stayCreate, actor))
            """).first() else { throw AppError.notFound("stay") }
        return (try row.decode(column: "checked_in_at", as: Date.self), try row.decode(column: "checked_out_at", as: Date?.self),
                try row.decode(column: "anonymised_at", as: Date?.self) != nil)
    }

    struct VisitorInput: Content {
        var name: String?
        var documentType: String?
        var documentNumber: String?
        var relationship: String?
        var arrivedAt: String?
        var guestConsent: Bool?
    }

    static func addVisitor(_ id: UUID, _ input: VisitorInput, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> [StayFlag] {
        let stay = try await requireOwn(id, actor: actor, on: db)
        var v = FieldValidator()
        let name = input.name?.trimmedWhitespace ?? ""
        v.check((1...200).contains(name.count), "name", "give the visitor's name as on their document")
        let type = CountryPack.china.check(documentType: input.documentType, "documentType", into: &v)
            ? v.code(input.documentType, "documentType", as: DocumentType.self) : nil
        let number = input.documentNumber?.trimmedWhitespace.uppercased() ?? ""
        v.check(type != nil && !number.isEmpty && number.count <= 40, "documentNumber", "record the visitor's identity document")
        let relationship = v.requiredCode(input.relationship, "relationship", as: Relationship.self, missing: "record how the visitor is related to the minor")
        let arrived = input.arrivedAt.map { DateTime.parse($0) } ?? Date()
        if arrived == nil { v.add("arrivedAt", "is not a date-time") }
        if let arrived, arrived < stay.checkedIn { v.add("arrivedAt", "is before the check-in") }
        v.check(input.guestConsent == true, "guestConsent", "a visitor enters a minor's room only with the guest's consent")
        v.check(stay.checkedOut == nil, "stay", "the stay has ended")
        try v.finish()
        let guestID = UUID.timeOrdered()
        try await db.insert(into: guestsTable).columns("id", "stay_id", "kind", "name", "document_type", "document_number", "document_key",
                                                       "sex", "relationship", "arrived_at", "guest_consent")
            .values(SQLBind(guestID), SQLBind(id), SQLBind("visitor"), SQLBind(try services.cipher.seal(name, context: "stay_guests/\(guestID.uuidString)/name")),
                    SQLBind(type!.rawValue), SQLBind(try services.cipher.seal(number, context: "stay_guests/\(guestID.uuidString)/document_number")),
                    SQLBind(services.blindIndex.documentNumber(number, domain: .stayDocument)), SQLBind(Sex.unknown.rawValue), SQLBind(relationship!.rawValue),
                    SQLBind(arrived!), SQLBind(true))
            .run()
        let flags = RedFlagRules.evaluate(try await facts(id, on: db), policy: services.redFlagPolicy)
        try await saveFlags(id, flags, on: db)
        try await AuditLog.append([.init(verb: .update, recordType: "stay", recordID: id.uuidString, reason: "visitor")], by: actor, on: db)
        return flags
    }

    struct PatrolInput: Content { var at: String?; var note: String? }

    /// Records a patrol past the minor's room (Five Musts, item 4).
    static func addPatrol(_ id: UUID, _ input: PatrolInput, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws {
        let stay = try await requireOwn(id, actor: actor, on: db)
        guard let at = input.at.map({ DateTime.parse($0) }) ?? Date() else { throw AppError.invalid("at", "is not a date-time") }
        guard at >= stay.checkedIn else { throw AppError.invalid("at", "is before the check-in") }
        let note = input.note?.trimmedWhitespace
        if let note, note.count > 1_000 { throw AppError.invalid("note", "at most 1000 characters") }
        let patrolID = UUID.timeOrdered()
        // The optional overload of seal keeps an absent note absent.
        let sealed: String? = try services.cipher.seal(note?.isEmpty == false ? note : nil, context: "stay_patrols/\(patrolID.uuidString)/note")
        try await db.insert(into: "stay_patrols").columns("id", "stay_id", "at", "clerk_id", "note")
            .values(SQLBind(patrolID), SQLBind(id), SQLBind(at), SQLBind(actor.userID), SQLBind(sealed))
            .run()
        try await AuditLog.append([.init(verb: .update, recordType: "stay", recordID: id.uuidString, reason: "patrol")], by: actor, on: db)
    }

    static func checkOut(_ id: UUID, at text: String?, actor: Actor, on db: any SQLDatabase) async throws {
        let stay = try await requireOwn(id, actor: actor, on: db)
        guard stay.checkedOut == nil else { throw AppError.conflict("The stay is already checked out.") }
        guard let at = text.map({ DateTime.parse($0) }) ?? Date() else { throw AppError.invalid("checkedOutAt", "is not a date-time") }
        guard at > stay.checkedIn else { throw AppError.invalid("checkedOutAt", "is before the check-in") }
        try await db.raw("UPDATE stays SET checked_out_at = \(bind: at) WHERE id = \(bind: id)").run()
        try await AuditLog.append([.init(verb: .update, recordType: "stay", recordID: id.uuidString, reason: "check-out")], by: actor, on: db)
    }

    /// Records that the clerk called the guardian (Five Musts, item 5), and weighs the flags again.
    static func contactGuardian(_ id: UUID, reached: Bool, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> [StayFlag] {
        _ = try await requireOwn(id, actor: actor, on: db)
        try await db.raw("""
            UPDATE stays SET guardian_contacted_at = \(bind: Date()), guardian_reached = guardian_reached OR \(bind: reached) WHERE id = \(bind: id)
            """).run()
        let flags = RedFlagRules.evaluate(try await facts(id, on: db), policy: services.redFlagPolicy)
        try await saveFlags(id, flags, on: db)
        try await AuditLog.append([.init(verb: .update, recordType: "stay", recordID: id.uuidString, reason: reached ? "guardian reached" : "guardian not reached")],
                                  by: actor, on: db)
        return flags
    }

    /// The one-step police report for a red or orange stay, pre-filled from it and submitted at once.
    static func fileReport(_ id: UUID, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> ReportStore.CreatedReport {
        _ = try await requireOwn(id, actor: actor, on: db)
        let detail = try await detail(id, actor: actor, services: services, on: db, audit: false)
        if let reference = detail.reportReference { throw AppError.conflict("This stay was already reported (\(reference)).") }
        let urgent = detail.flags.filter { $0.colour != .yellow }
        guard let colour = urgent.first?.colour else {
            throw AppError.conflict("Only a stay with a red or orange flag is reported in one step; file a report by hand otherwise.")
        }
        let codes = Set(urgent.map(\.code))
        let situation: LegalSituation = !codes.isDisjoint(with: ["unrelated_adult", "relationship_not_stated", "coerced"]) ? .missingOrTrafficked
            : codes.contains("injured") ? .injuriesMalnutritionOrUnconsciousness : .otherSeriousHarm
        // Written in the clerk's language and time, from the locale tables: the police read it as sent.
        let s = Strings(locale: actor.locale)
        let people: [String] = detail.guests.filter { $0.kind != "visitor" }.map { g in
            var parts: [String] = ["\(s["guestKind." + g.kind]): \(g.name ?? "?")", s["sex." + g.sex]]
            if let age = g.age { parts.append(s.format("stayReport.age", ["age": String(age)])) }
            if let type = g.documentType { parts.append("\(s["documentType." + type]) \(g.documentNumber ?? "")") }
            if let relationship = g.relationship { parts.append("\(s["stayReport.relationship"]): \(s["relationship." + relationship])") }
            return parts.joined(separator: ", ")
        }
        let flags: [String] = detail.flags.map { "\(s["risk." + $0.colour.rawValue]) · \(s["flag." + $0.code])" }
        var facts: [String] = [s.format("stayReport.stay", ["room": detail.room, "checkedIn": LocalTime.label(detail.checkedInAt, in: actor.timeZone)])]
        facts.append("\(s["stayReport.flags"]): \(flags.joined(separator: "; "))")
        facts += people
        facts.append(s[detail.guardianReached ? "stayReport.guardianReached" : "stayReport.guardianNotReached"])
        let minor = detail.guests.first { $0.kind == "minor" }
        let childDescription = { (g: Guest) -> String in
            let document: String? = g.documentType.map { "\(s["documentType." + $0]) \(g.documentNumber ?? "")" }
            return [g.name, document].compactMap { $0 }.joined(separator: ", ")
        }
        let created = try await ReportStore.file(.init(situation: situation, colour: colour, facts: facts.joined(separator: "\n"),
                                                       childDescription: minor.map(childDescription),
                                                       caseID: nil, sourceKind: .hotelStay, sourceID: id, recipientIDs: nil, submitNow: true),
                                                 by: .user(actor), services: services, on: db)
        try await db.raw("UPDATE stays SET report_id = \(bind: created.id) WHERE id = \(bind: id)").run()
        return created
    }

    // MARK: reading

    struct Guest: Content {
        var kind: String
        var name: String?
        var documentType: String?
        var documentNumber: String?
        var age: Int?
        var sex: String
        var relationship: String?
        var identityCheck: String?
        var arrivedAt: Date?
    }

    struct StayDetail: Content {
        var id: UUID
        var businessName: String
        var room: String
        var checkedInAt: Date
        var checkedOutAt: Date?
        var guestCount: Int
        var guardianName: String?
        var guardianPhone: String?
        var guardianRelationship: String
        var guardianReached: Bool
        var guardianContactedAt: Date?
        var observations: [String]
        var flags: [StayFlag]
        var guests: [Guest]
        var patrols: [Patrol]
        var reportID: UUID?
        var reportReference: String?
        var anonymised: Bool
    }

    struct Patrol: Content { var at: Date; var clerkName: String; var note: String? }

    static func detail(_ id: UUID, actor: Actor, services: AppServices, on db: any SQLDatabase, audit: Bool = true) async throws -> StayDetail {
        guard let row = try await db.raw("""
            SELECT s.*, o.name AS business_name, r.reference AS report_reference FROM stays s JOIN organisations o ON o.id = s.organisation_id
            LEFT JOIN statutory_reports r ON r.id = s.report_id WHERE s.id = \(bind: id) AND \(visible(.stayRead, actor))
            """).first() else { throw AppError.notFound("stay") }
        let open = { (context: String, text: String?) in try text.map { try services.cipher.open($0, context: context) } }
        let guests = try await db.raw("""
            SELECT id, kind, name, document_type, document_number, age, sex, relationship, identity_check, arrived_at FROM stay_guests
            WHERE stay_id = \(bind: id) ORDER BY CASE kind WHEN 'minor' THEN 0 WHEN 'co_occupant' THEN 1 ELSE 2 END, arrived_at
            """).all().map { g in
            let guestID = try g.decode(column: "id", as: UUID.self)
            return Guest(kind: try g.decode(column: "kind", as: String.self),
                         name: try open("stay_guests/\(guestID.uuidString)/name", try g.decode(column: "name", as: String?.self)),
                         documentType: try g.decode(column: "document_type", as: String?.self),
                         documentNumber: try open("stay_guests/\(guestID.uuidString)/document_number", try g.decode(column: "document_number", as: String?.self)),
                         age: try g.decode(column: "age", as: Int?.self), sex: try g.decode(column: "sex", as: String.self),
                         relationship: try g.decode(column: "relationship", as: String?.self),
                         identityCheck: try g.decode(column: "identity_check", as: String?.self), arrivedAt: try g.decode(column: "arrived_at", as: Date?.self))
        }
        let flags = try await db.raw("SELECT code, colour, reason FROM stay_flags WHERE stay_id = \(bind: id)").all().map { f in
            StayFlag(code: try f.decode(column: "code", as: String.self), colour: WarningColour(rawValue: try f.decode(column: "colour", as: String.self)) ?? .yellow,
                     reason: try f.decode(column: "reason", as: String.self))
        }.sorted { $0.colour < $1.colour }
        let patrols = try await db.raw("""
            SELECT p.id, p.at, p.note, u.display_name FROM stay_patrols p JOIN users u ON u.id = p.clerk_id WHERE p.stay_id = \(bind: id) ORDER BY p.at
            """).all().map { p in
            Patrol(at: try p.decode(column: "at", as: Date.self), clerkName: try p.decode(column: "display_name", as: String.self),
                   note: try open("stay_patrols/\(try p.decode(column: "id", as: UUID.self).uuidString)/note", try p.decode(column: "note", as: String?.self)))
        }
        if audit { try await AuditLog.append([.init(verb: .read, recordType: "stay", recordID: id.uuidString)], by: actor, on: db) }
        return StayDetail(id: id, businessName: try row.decode(column: "business_name", as: String.self),
                          room: try open("stays/\(id.uuidString)/room", try row.decode(column: "room", as: String?.self)) ?? "",
                          checkedInAt: try row.decode(column: "checked_in_at", as: Date.self), checkedOutAt: try row.decode(column: "checked_out_at", as: Date?.self),
                          guestCount: try row.decode(column: "guest_count", as: Int.self),
                          guardianName: try open("stays/\(id.uuidString)/guardian_name", try row.decode(column: "guardian_name", as: String?.self)),
                          guardianPhone: try open("stays/\(id.uuidString)/guardian_phone", try row.decode(column: "guardian_phone", as: String?.self)),
                          guardianRelationship: try row.decode(column: "guardian_relationship", as: String.self),
                          guardianReached: try row.decode(column: "guardian_reached", as: Bool.self),
                          guardianContactedAt: try row.decode(column: "guardian_contacted_at", as: Date?.self),
                          observations: try row.decode(column: "observations", as: String.self).split(separator: ",").map(String.init),
                          flags: flags, guests: guests, patrols: patrols, reportID: try row.decode(column: "report_id", as: UUID?.self),
                          reportReference: try row.decode(column: "report_reference", as: String?.self),
                          anonymised: try row.decode(column: "anonymised_at", as: Date?.self) != nil)
    }

    struct Business: Content { var id: UUID; var name: String; var licenceNumber: String; var address: String; var regionName: String }

    /// The lodging businesses the actor may see: a clerk their own, the police those in their region.
    static func businesses(actor: Actor, on db: any SQLDatabase) async throws -> [Business] {
        // The same rule as for stays, with the business itself in place of the stay's business.
        let business = ScopeFilter.Columns(organisation: "o.id", owner: "o.id", caseID: nil)
        return try await db.raw("""
            SELECT o.id, o.name, b.licence_number, b.address, r.name AS region FROM lodging_businesses b JOIN organisations o ON o.id = b.organisation_id
            JOIN regions r ON r.id = o.region_id WHERE \(visible(.stayRead, actor, columns: business)) ORDER BY r.name, o.name LIMIT 1000
            """).all().map { row in
            Business(id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                     licenceNumber: try row.decode(column: "licence_number", as: String.self), address: try row.decode(column: "address", as: String.self),
                     regionName: try row.decode(column: "region", as: String.self))
        }
    }

    struct StaySummary: Content {
        var id: UUID
        var businessName: String
        var room: String
        var checkedInAt: Date
        var checkedOutAt: Date?
        var minorCount: Int
        var flagColour: String?
        var reported: Bool
    }

    /// A list row: `id, name (the business), room, checked_in_at, checked_out_at, minor_count, flag_colour, report_id`.
    static func summary(_ r: any SQLRow, cipher: FieldCipher) throws -> StaySummary {
        let id = try r.decode(column: "id", as: UUID.self)
        return StaySummary(id: id, businessName: try r.decode(column: "name", as: String.self),
                    room: try cipher.open(try r.decode(column: "room", as: String.self), context: "stays/\(id.uuidString)/room"), checkedInAt: try r.decode(column: "checked_in_at", as: Date.self),
                    checkedOutAt: try r.decode(column: "checked_out_at", as: Date?.self), minorCount: try r.decode(column: "minor_count", as: Int.self),
                    flagColour: try r.decode(column: "flag_colour", as: String?.self), reported: try r.decode(column: "report_id", as: UUID?.self) != nil)
    }

    struct Filter: Content {
        var current: Bool?
        var flagged: Bool?
        var page: Int?
    }

    static let perPage = 50

    /// Stays the actor may see, flagged first (red, orange, yellow, none), then newest; no personal data.
    static func list(_ filter: Filter, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> (items: [StaySummary], hasMore: Bool) {
        var conditions: [SQLQueryString] = [visible(.stayRead, actor, dialect: db.dialect.name)]
        if filter.current == true { conditions.append("s.checked_out_at IS NULL") }
        if filter.flagged == true { conditions.append("s.flag_rank < 3") }
        let paging = try PageRequest.read(page: filter.page, defaultPerPage: perPage)
        let rows = try await db.raw("""
            SELECT s.id, o.name, s.room, s.checked_in_at, s.checked_out_at, s.minor_count, s.flag_colour, s.report_id
            FROM stays s JOIN organisations o ON o.id = s.organisation_id WHERE \(conditions.joined(separator: " AND "))
            ORDER BY s.flag_rank, s.checked_in_at DESC, s.id LIMIT \(literal: perPage + 1) OFFSET \(literal: paging.offset)
            """).all()
        return (try rows.prefix(perPage).map { try summary($0, cipher: services.cipher) }, rows.count > perPage)
    }

    /// Stays in the actor's jurisdiction where any guest (minor, co-occupant or visitor) showed this document; audited.
    static func search(document: String, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> Audited<[StaySummary]> {
        guard let key = services.blindIndex.documentNumber(document, domain: .stayDocument) else { throw AppError.invalid("document", "give a document number") }
        let rows = try await db.raw("""
            SELECT DISTINCT s.id, o.name, s.room, s.checked_in_at, s.checked_out_at, s.minor_count, s.flag_colour, s.flag_rank, s.report_id
            FROM stay_guests g JOIN stays s ON s.id = g.stay_id JOIN organisations o ON o.id = s.organisation_id
            WHERE g.document_key = \(bind: key) AND \(visible(.staySearch, actor)) ORDER BY s.checked_in_at DESC LIMIT 200
            """).all()
        let items = try rows.map { try summary($0, cipher: services.cipher) }
        // The search itself is recorded (with no document number), and every stay it showed.
        return Audited(items, [.init(verb: .list, recordType: "stay_search", recordID: actor.userID.uuidString, reason: "\(items.count) found")]
                       + items.map { .init(verb: .read, recordType: "stay", recordID: $0.id.uuidString, reason: "document search") })
    }

    /// Clears names, documents and guardian details of stays older than the retention period, keeping the counts.
    static func anonymiseOld(now: Date, retentionDays: Int, limit: Int, on db: any SQLDatabase) async throws -> Int {
        let cutoff = now.addingTimeInterval(-Double(retentionDays) * 86_400)
        let old = try await db.raw("""
            SELECT id, organisation_id FROM stays WHERE anonymised_at IS NULL AND checked_in_at < \(bind: cutoff)
            ORDER BY checked_in_at LIMIT \(literal: limit)\(db.forUpdateSkipLocked)
            """).all()
        for row in old {
            let id = try row.decode(column: "id", as: UUID.self)
            try await db.raw("UPDATE stay_guests SET name = NULL, document_number = NULL, document_key = NULL WHERE stay_id = \(bind: id)").run()
            try await db.raw("UPDATE stays SET guardian_name = NULL, guardian_phone = NULL, anonymised_at = \(bind: now) WHERE id = \(bind: id)").run()
            try await db.raw("UPDATE stay_patrols SET note = NULL WHERE stay_id = \(bind: id)").run()
            try await AuditLog.append([.init(verb: .delete, recordType: "stay", recordID: id.uuidString, reason: "retention")],
                                      actorID: "system:deadline-sweeper", organisationID: try row.decode(column: "organisation_id", as: UUID.self).uuidString, on: db)
        }
        return old.count
    }
}
