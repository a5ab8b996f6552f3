import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Reads and writes contacts with SQLKit. Personal fields are sealed with the field cipher,
/// bound to the contact's id and column.
enum ContactStore {
    static func context(_ id: UUID, _ column: String) -> String { "contacts/\(id.uppercaseText)/\(column)" }

    static func create(_ contact: ValidContact, by actor: Actor, services: AppServices, caseScopes: Set<Scope>?,
                       on db: any SQLDatabase) async throws -> UUID {
        try await NewContact(contact, by: actor, services: services).write(caseScopes: caseScopes, on: db)
    }

    /// A contact sealed and hashed before the write starts, so that the writes queued behind it
    /// wait only for the inserts.
    struct NewContact: Sendable {
        let id: UUID
        let actor: Actor
        let caseID: UUID?
        /// The caller's keyed hash, for the repeat-caller lookup after the write.
        let callerHash: String?
        let row: [SQLBind]
        let categories: [String]

        init(_ contact: ValidContact, by actor: Actor, services: AppServices) throws {
            let id = UUID.timeOrdered()
            let cipher = services.cipher
            let callbackNumber = contact.callbackConsent ? contact.callerIdentifier : nil
            self.id = id
            self.actor = actor
            caseID = contact.caseID
            callerHash = contact.callerIdentifier.flatMap(services.blindIndex.callerIdentifier)
            categories = contact.categories
            row = [
                SQLBind(id), SQLBind(actor.organisationID), SQLBind(actor.userID), SQLBind(contact.caseID),
                SQLBind(contact.channel.rawValue), SQLBind(contact.contactType.rawValue), SQLBind(contact.startedAt),
                SQLBind(contact.endedAt), SQLBind(contact.callerType?.rawValue), SQLBind(contact.callerAnonymous),
                SQLBind(try cipher.seal(contact.callerName, context: context(id, "caller_name"))),
                SQLBind(callerHash),
                SQLBind(contact.childAge), SQLBind(contact.childAgeBand?.rawValue), SQLBind(contact.childGender?.rawValue),
                SQLBind(try cipher.seal(contact.childLocation, context: context(id, "child_location"))),
                SQLBind(contact.childLanguage),
                SQLBind(try cipher.seal(contact.childSchool, context: context(id, "child_school"))),
                SQLBind(contact.childLivingSituation?.rawValue), SQLBind(contact.categories.joined(separator: ",")),
                SQLBind(contact.urgency.rawValue),
                SQLBind(try cipher.seal(contact.summary, context: context(id, "summary"))),
                SQLBind(contact.actions.map(\.rawValue).joined(separator: ",")),
                SQLBind(try cipher.seal(contact.referralTargets, context: context(id, "referral_targets"))),
                SQLBind(contact.callbackRequested), SQLBind(contact.callbackConsent),
                SQLBind(try cipher.seal(callbackNumber, context: context(id, "callback_number"))),
                SQLBind(Date()),
            ]
        }

        func write(caseScopes: Set<Scope>?, on db: any SQLDatabase) async throws -> UUID {
            if let caseID {
                guard let caseScopes, try await CaseStore.isVisible(caseID, scopes: caseScopes, actor: actor, on: db) else {
                    throw AppError.invalid("caseID", "no case with this id is visible to you")
                }
            }
            try await db.insertRows(into: "contacts", columns: [
                "id", "organisation_id", "counsellor_id", "case_id", "channel", "contact_type", "started_at", "ended_at",
                "caller_type", "caller_anonymous", "caller_name", "caller_hash", "child_age", "child_age_band",
                "child_gender", "child_location", "child_language", "child_school", "child_living_situation",
                "categories", "urgency", "summary", "actions", "referral_targets", "callback_requested",
                "callback_consent", "callback_number", "created_at",
            ], rows: [row])
            try await db.insertRows(into: "contact_categories", columns: ["contact_id", "code"],
                                    rows: categories.map { [SQLBind(id), SQLBind($0)] })
            var audit = [AuditLog.Entry(verb: .create, recordType: "contact", recordID: id.uppercaseText)]
            if let caseID {
                try await CaseStore.addEvent(caseID, kind: "contact_linked", detail: id.uuidString, actor: actor, on: db)
                audit.append(.init(verb: .update, recordType: "case", recordID: caseID.uuidString, reason: "contact linked"))
            }
            try await AuditLog.append(audit, by: actor, on: db)
            return id
        }
    }

    static let summaryColumns = "c.id, c.channel, c.contact_type, c.started_at, c.urgency, c.categories, c.child_age_band, c.counsellor_id, c.case_id"

    static func summary(_ row: any SQLRow) throws -> ContactSummary {
        let categories = try row.decode(column: "categories", as: String.self)
        return ContactSummary(
            id: try row.decode(column: "id", as: UUID.self),
            channel: try row.decode(column: "channel", as: String.self),
            contactType: try row.decode(column: "contact_type", as: String.self),
            startedAt: try row.decode(column: "started_at", as: Date.self),
            urgency: try row.decode(column: "urgency", as: String.self),
            categories: categories.isEmpty ? [] : categories.split(separator: ",").map(String.init),
            childAgeBand: try row.decode(column: "child_age_band", as: String?.self),
            counsellorID: try row.decode(column: "counsellor_id", as: UUID.self),
            caseID: try row.decode(column: "case_id", as: UUID?.self))
    }

    struct Filter: Content {
        var channel: String?
        var contactType: String?
        var category: String?
        var urgency: String?
        /// ISO 8601 date-times, e.g. 2026-11-01T00:00:00Z.
        var from: String?
        var to: String?
        var caseID: UUID?
        var counsellorID: UUID?
        var sort: String?
        var page: Int?
        var perPage: Int?

        func validated() throws -> Filter {
            var v = FieldValidator()
            _ = v.code(channel, "channel", as: ContactChannel.self)
            _ = v.code(contactType, "contactType", as: ContactType.self)
            _ = v.code(urgency, "urgency", as: Urgency.self)
            if let category, !category.isEmpty {
                v.check(Taxonomy.isKnown(category) || Taxonomy.categories.contains { $0.code == category },
                        "category", "unknown category '\(category.prefix(60))'")
            }
            if let sort { v.check(["startedAt", "-startedAt"].contains(sort), "sort", "expected startedAt or -startedAt") }
            _ = PageRequest.read(page: page, perPage: perPage, defaultPerPage: 25, &v)
            _ = v.dateTime(from, "from")
            _ = v.dateTime(to, "to")
            try v.finish()
            return self
        }

        var fromDate: Date? { from.flatMap(DateTime.parse) }
        var toDate: Date? { to.flatMap(DateTime.parse) }
    }

    /// A filtered, policy-scoped page of contacts, newest first unless asked otherwise.
    static func list(_ filter: Filter, scopes: Set<Scope>, actor: Actor, on db: any SQLDatabase) async throws -> ContactPage {
        let paging = try PageRequest.read(page: filter.page, perPage: filter.perPage, defaultPerPage: 25), perPage = paging.perPage
        var conditions: [SQLQueryString] = [ScopeFilter.condition(scopes, actor, ScopeFilter.contacts)]
        if let channel = filter.channel, !channel.isEmpty { conditions.append("c.channel = \(bind: channel)") }
        if let type = filter.contactType, !type.isEmpty { conditions.append("c.contact_type = \(bind: type)") }
        if let urgency = filter.urgency, !urgency.isEmpty { conditions.append("c.urgency = \(bind: urgency)") }
        if let from = filter.fromDate { conditions.append("c.started_at >= \(bind: from)") }
        if let to = filter.toDate { conditions.append("c.started_at < \(bind: to)") }
        if let caseID = filter.caseID { conditions.append("c.case_id = \(bind: caseID)") }
        if let counsellor = filter.counsellorID { conditions.append("c.counsellor_id = \(bind: counsellor)") }
        if let category = filter.category, !category.isEmpty {
            // EXISTS walks the newest contacts and stops at a full page; a code range (not LIKE)
            // lets both databases use the (contact_id, code) index.
            conditions.append("EXISTS (SELECT 1 FROM contact_categories cc WHERE cc.contact_id = c.id AND \(CodeMatch.condition("cc.code", category)))")
        }
        let order = filter.sort == "startedAt" ? "c.started_at ASC, c.id ASC" : "c.started_at DESC, c.id DESC"
        let rows = try await db.raw("""
            SELECT \(unsafeRaw: summaryColumns) FROM contacts c WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(unsafeRaw: order) LIMIT \(literal: perPage + 1) OFFSET \(literal: paging.offset)
            """).all()
        let items = try rows.prefix(perPage).map(summary)
        return ContactPage(items: items, page: paging.page, perPage: perPage, hasMore: rows.count > perPage)
    }

    /// Earlier contacts from the same caller that the actor may see. The caller's own contacts are
    /// taken first (newest first, through the caller index), then filtered by scope: a planner
    /// can never start from the whole organisation's contacts instead.
    static func previousContacts(callerHash: String, excluding: UUID?, scopes: Set<Scope>, actor: Actor,
                                 on db: any SQLDatabase) async throws -> RepeatCaller {
        let scope = ScopeFilter.condition(scopes, actor, ScopeFilter.contacts)
        let exclude: SQLQueryString = excluding.map { "AND c.id <> \(bind: $0)" } ?? ""
        let rows = try await db.raw("""
            SELECT \(unsafeRaw: summaryColumns) FROM (
                SELECT * FROM contacts WHERE caller_hash = \(bind: callerHash) ORDER BY started_at DESC LIMIT \(literal: RepeatCaller.countLimit * 2)
            ) c WHERE \(scope) \(exclude) ORDER BY c.started_at DESC LIMIT \(literal: RepeatCaller.countLimit)
            """).all()
        return RepeatCaller(previousCount: rows.count, previous: try rows.prefix(10).map(summary))
    }

    /// The sub-categories the organisation's latest contacts used most, most used first: what the
    /// new-contact form offers before the whole list. Counted over the latest `recent` contacts
    /// only (an index walk), so the form costs the same with a million contacts; counts, no person.
    static func mostUsedCategories(organisation: UUID, recent: Int = 2_000, limit: Int = 8, on db: any SQLDatabase) async throws -> [String] {
        let rows = try await db.raw("""
            SELECT cc.code AS code, COUNT(*) AS n FROM contact_categories cc WHERE cc.contact_id IN (
                SELECT id FROM contacts WHERE organisation_id = \(bind: organisation) ORDER BY started_at DESC LIMIT \(literal: recent)
            ) GROUP BY cc.code ORDER BY n DESC, cc.code LIMIT \(literal: limit)
            """).all()
        return try rows.map { try $0.decode(column: "code", as: String.self) }.filter(Taxonomy.isKnown)
    }

    /// What a case's first contact recorded about the child, to start the child's registration
    /// from what the counsellor typed during the call instead of typing it again.
    struct ChildFacts: Equatable { var contactID: UUID; var age: Int?; var gender: String?; var location: String? }

    static func childFacts(ofCase caseID: UUID, cipher: FieldCipher, on db: any SQLDatabase) async throws -> ChildFacts? {
        guard let row = try await db.raw("""
            SELECT id, child_age, child_gender, child_location FROM contacts WHERE case_id = \(bind: caseID) ORDER BY started_at LIMIT 1
            """).first() else { return nil }
        let id = try row.decode(column: "id", as: UUID.self)
        return ChildFacts(contactID: id, age: try row.decode(column: "child_age", as: Int?.self),
                          gender: try row.decode(column: "child_gender", as: String?.self),
                          location: try cipher.open(try row.decode(column: "child_location", as: String?.self), context: context(id, "child_location")))
    }

    /// One contact in full, if the actor may see it, with the audit entry for reading it.
    static func detail(_ id: UUID, scopes: Set<Scope>, actor: Actor, services: AppServices, contactListScopes: Set<Scope>,
                       on db: any SQLDatabase) async throws -> Audited<ContactDetail> {
        let scope = ScopeFilter.condition(scopes, actor, ScopeFilter.contacts)
        guard let row = try await db.raw("""
            SELECT c.*, k.reference AS case_reference FROM contacts c LEFT JOIN cases k ON k.id = c.case_id
            WHERE c.id = \(bind: id) AND \(scope)
            """).first() else { throw AppError.notFound("contact") }
        let cipher = services.cipher
        func open(_ column: String) throws -> String? {
            try cipher.open(try row.decode(column: column, as: String?.self), context: context(id, column))
        }
        let categories = try row.decode(column: "categories", as: String.self)
        let actions = try row.decode(column: "actions", as: String.self)
        var repeatCaller: RepeatCaller? = nil
        if let hash = try row.decode(column: "caller_hash", as: String?.self) {
            repeatCaller = try await previousContacts(callerHash: hash, excluding: id, scopes: contactListScopes, actor: actor, on: db)
        }
        let detail = ContactDetail(
            id: id,
            organisationID: try row.decode(column: "organisation_id", as: UUID.self),
            counsellorID: try row.decode(column: "counsellor_id", as: UUID.self),
            caseID: try row.decode(column: "case_id", as: UUID?.self),
            caseReference: try row.decode(column: "case_reference", as: String?.self),
            channel: try row.decode(column: "channel", as: String.self),
            contactType: try row.decode(column: "contact_type", as: String.self),
            startedAt: try row.decode(column: "started_at", as: Date.self),
            endedAt: try row.decode(column: "ended_at", as: Date?.self),
            caller: .init(type: try row.decode(column: "caller_type", as: String?.self),
                          anonymous: try row.decode(column: "caller_anonymous", as: Bool.self),
                          name: try open("caller_name"), callbackNumber: try open("callback_number")),
            child: .init(age: try row.decode(column: "child_age", as: Int?.self),
                         ageBand: try row.decode(column: "child_age_band", as: String?.self),
                         gender: try row.decode(column: "child_gender", as: String?.self),
                         location: try open("child_location"),
                         language: try row.decode(column: "child_language", as: String?.self),
                         school: try open("child_school"),
                         livingSituation: try row.decode(column: "child_living_situation", as: String?.self)),
            categories: categories.isEmpty ? [] : categories.split(separator: ",").map(String.init),
            urgency: try row.decode(column: "urgency", as: String.self),
            summary: try open("summary"),
            actions: actions.isEmpty ? [] : actions.split(separator: ",").map(String.init),
            referralTargets: try open("referral_targets"),
            callbackRequested: try row.decode(column: "callback_requested", as: Bool.self),
            callbackConsent: try row.decode(column: "callback_consent", as: Bool.self),
            repeatCaller: repeatCaller)
        return Audited(detail, [.init(verb: .read, recordType: "contact", recordID: id.uuidString)])
    }

    /// Links a contact to a case the actor may update.
    static func link(_ contactID: UUID, toCase caseID: UUID, actor: Actor, contactScopes: Set<Scope>, caseScopes: Set<Scope>,
                     on db: any SQLDatabase) async throws {
        let scope = ScopeFilter.condition(contactScopes, actor, ScopeFilter.contacts)
        guard try await db.raw("SELECT c.id FROM contacts c WHERE c.id = \(bind: contactID) AND \(scope)").first() != nil else {
            throw AppError.notFound("contact")
        }
        guard try await CaseStore.isVisible(caseID, scopes: caseScopes, actor: actor, on: db) else {
            throw AppError.invalid("caseID", "no case with this id is open to you")
        }
        try await db.update("contacts").set("case_id", to: caseID).where("id", .equal, contactID).run()
        try await CaseStore.touch(caseID, on: db)
        try await CaseStore.addEvent(caseID, kind: "contact_linked", detail: contactID.uuidString, actor: actor, on: db)
        try await AuditLog.append([.init(verb: .update, recordType: "contact", recordID: contactID.uuidString, reason: "linked to case"),
                                   .init(verb: .update, recordType: "case", recordID: caseID.uuidString, reason: "contact linked")],
                                  by: actor, on: db)
    }
}

/// The condition for a category filter: a subcategory matches itself, a top-level category every
/// `category.` code, as a range rather than LIKE so that both databases use the index ("/" sorts
/// right after ".").
enum CodeMatch {
    static func condition(_ column: String, _ code: String) -> SQLQueryString {
        Taxonomy.isKnown(code)
            ? "\(unsafeRaw: column) = \(bind: code)"
            : "\(unsafeRaw: column) >= \(bind: code + ".") AND \(unsafeRaw: column) < \(bind: code + "/")"
    }
}
