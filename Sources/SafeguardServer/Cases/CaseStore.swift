import Foundation
import SafeguardCore
import SQLKit
import Vapor

enum CaseStore {
    static func context(_ table: String, _ id: UUID, _ column: String) -> String { "\(table)/\(id.uuidString)/\(column)" }

    // MARK: access

    static func isVisible(_ caseID: UUID, scopes: Set<Scope>, actor: Actor, on db: any SQLDatabase) async throws -> Bool {
        let scope = ScopeFilter.condition(scopes, actor, ScopeFilter.cases)
        return try await db.raw("SELECT k.id FROM cases k WHERE k.id = \(bind: caseID) AND \(scope)").first() != nil
    }

    /// Checks that the actor may do `action` on this case: 404 when the case is not theirs to see
    /// at all, 403 when they may see it but not do this.
    static func require(_ caseID: UUID, _ action: Action, actor: Actor, on db: any SQLDatabase) async throws {
        let scopes = AccessPolicy.scopes(for: actor.roles, action)
        if !scopes.isEmpty, try await isVisible(caseID, scopes: scopes, actor: actor, on: db) {
            // In a write, the case's seal is checked too: nobody acts on a case changed behind Safeguard's back.
            if let keys = WriteKeys.current { try await CaseSeal.verify(caseID, seal: keys.rows, on: db) }
            return
        }
        let readScopes = AccessPolicy.scopes(for: actor.roles, .caseRead)
        if !readScopes.isEmpty, try await isVisible(caseID, scopes: readScopes, actor: actor, on: db) {
            throw AppError.forbidden(action)
        }
        throw AppError.notFound("case")
    }

    static func touch(_ caseID: UUID, on db: any SQLDatabase) async throws {
        try await db.update("cases").set("updated_at", to: Date()).where("id", .equal, caseID).run()
    }

    /// The kinds of event a case's timeline holds; each is shown as `caseEvent.<kind>` (tested in every locale).
    static let eventKinds = ["opened", "opened_from_contact", "updated", "child_linked", "contact_linked", "note_added", "perpetrator_added",
                             "task_added", "task_done", "transferred", "member_added", "stage_changed", "closure_requested", "closure_approved",
                             "closure_rejected", "break_glass", "case_conference", "legal_matter", "statutory_report", "referral"]
        + ReferralEvent.allCases.map { "referral_" + $0.rawValue }

    static func addEvent(_ caseID: UUID, kind: String, detail: String = "", actor: Actor, on db: any SQLDatabase) async throws {
        try await db.insert(into: "case_events").columns("id", "case_id", "at", "actor_id", "kind", "detail")
            .values(SQLBind(UUID.timeOrdered()), SQLBind(caseID), SQLBind(Date()), SQLBind(actor.userID), SQLBind(kind), SQLBind(detail))
            .run()
    }

    // MARK: create

    static func newReference(now: Date = Date()) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        let year = Calendar(identifier: .gregorian).component(.year, from: now)
        return "SG-\(year)-" + String((0..<6).map { _ in alphabet.randomElement()! })
    }

    static func create(_ input: ValidCase, actor: Actor, services: AppServices, fromContact contactID: UUID? = nil,
                       on db: any SQLDatabase) async throws -> (id: UUID, reference: String) {
        var childID = input.childID
        if let existing = childID {
            let scopes = AccessPolicy.scopes(for: actor.roles, .childRead)
            let scope = ScopeFilter.condition(scopes, actor, ScopeFilter.children)
            guard try await db.raw("SELECT ch.id FROM children ch WHERE ch.id = \(bind: existing) AND \(scope)").first() != nil else {
                throw AppError.invalid("childID", "no child with this id is visible to you")
            }
        } else if let child = input.child {
            let scopes = AccessPolicy.scopes(for: actor.roles, .childCreate)
            guard !scopes.isEmpty else { throw AppError.forbidden(.childCreate) }
            childID = try await ChildStore.create(child, confirmed: input.confirmNewChild, scopes: AccessPolicy.scopes(for: actor.roles, .childRead),
                                                  actor: actor, services: services, on: db)
        }
        let assignee = input.assigneeID ?? actor.userID
        if assignee != actor.userID { try await requireColleague(assignee, actor: actor, on: db) }
        let id = UUID.timeOrdered(), now = Date()
        // A billion references a year: a clash is rare, and is simply drawn again.
        var reference = newReference()
        while try await db.raw("SELECT id FROM cases WHERE reference = \(bind: reference)").first() != nil { reference = newReference() }
        try await db.insert(into: "cases")
            .columns("id", "reference", "organisation_id", "child_id", "created_by", "assignee_id", "stage", "risk", "concerns",
                     "summary", "opened_at", "updated_at")
            .values(SQLBind(id), SQLBind(reference), SQLBind(actor.organisationID), SQLBind(childID), SQLBind(actor.userID),
                    SQLBind(assignee), SQLBind(CaseStage.registration.rawValue), SQLBind(input.risk.rawValue),
                    SQLBind(input.concerns.joined(separator: ",")),
                    SQLBind(try services.cipher.seal(input.summary, context: context("cases", id, "summary"))),
                    SQLBind(now), SQLBind(now))
            .run()
        let members = db.insert(into: "case_members").columns("case_id", "user_id", "role")
            .values(SQLBind(id), SQLBind(assignee), SQLBind("lead"))
        if assignee != actor.userID { members.values(SQLBind(id), SQLBind(actor.userID), SQLBind("member")) }
        try await members.run()
        try await CaseSeal.reseal(id, on: db)
        let concerns = db.insert(into: "case_concerns").columns("case_id", "code")
        for code in input.concerns { concerns.values(SQLBind(id), SQLBind(code)) }
        try await concerns.run()
        try await addEvent(id, kind: contactID == nil ? "opened" : "opened_from_contact", detail: contactID?.uuidString ?? "",
                           actor: actor, on: db)
        var audit = [AuditLog.Entry(verb: .create, recordType: "case", recordID: id.uuidString)]
        if let contactID {
            try await db.update("contacts").set("case_id", to: id).where("id", .equal, contactID).run()
            audit.append(.init(verb: .update, recordType: "contact", recordID: contactID.uuidString, reason: "case opened"))
        }
        try await AuditLog.append(audit, by: actor, on: db)
        return (id, reference)
    }

    /// Opens a case from a contact in one step: its categories become the concerns, its urgency the
    /// risk, its summary the case summary, unless the input says otherwise.
    static func openFromContact(_ contactID: UUID, input: CaseInput, actor: Actor, services: AppServices,
                                on db: any SQLDatabase) async throws -> (id: UUID, reference: String) {
        let scopes = AccessPolicy.scopes(for: actor.roles, .contactRead)
        let scope = ScopeFilter.condition(scopes, actor, ScopeFilter.contacts)
        guard let row = try await db.raw("SELECT c.id, c.case_id, c.categories, c.urgency, c.summary FROM contacts c WHERE c.id = \(bind: contactID) AND \(scope)").first() else {
            throw AppError.notFound("contact")
        }
        if try row.decode(column: "case_id", as: UUID?.self) != nil {
            throw AppError.conflict("This contact is already linked to a case.")
        }
        let categories = try row.decode(column: "categories", as: String.self).split(separator: ",").map(String.init)
        let urgency = Urgency(rawValue: try row.decode(column: "urgency", as: String.self)) ?? .medium
        let risk: RiskLevel = urgency == .immediate ? .red : urgency == .high ? .orange : .yellow
        let summary = try services.cipher.open(try row.decode(column: "summary", as: String?.self),
                                               context: ContactStore.context(contactID, "summary"))
        let valid = try input.validated(defaults: (categories, risk, summary), pack: actor.countryPack)
        return try await create(valid, actor: actor, services: services, fromContact: contactID, on: db)
    }

    static func requireColleague(_ userID: UUID, actor: Actor, on db: any SQLDatabase) async throws {
        guard try await db.raw("SELECT id FROM users WHERE id = \(bind: userID) AND organisation_id = \(bind: actor.organisationID) AND active = \(bind: true)").first() != nil else {
            throw AppError.invalid("userID", "no active user with this id in your organisation")
        }
    }

    // MARK: list

    struct Filter: Content {
        var stage: String?
        var risk: String?
        var concern: String?
        var assigneeID: UUID?
        var reference: String?
        var open: Bool?
        /// Open cases led by someone who is not a case worker or supervisor (the counsellor who opened
        /// it from a call): nobody has handed them over yet. What a supervisor's dashboard lists first.
        var awaitingLead: Bool?
        /// `-updatedAt` (default), `-openedAt`, `openedAt` or `risk` (red first).
        var sort: String?
        var page: Int?
        var perPage: Int?

        static let orders = ["-updatedAt": "k.updated_at DESC, k.id DESC", "-openedAt": "k.opened_at DESC, k.id DESC",
                             "openedAt": "k.opened_at ASC, k.id ASC",
                             "risk": "CASE k.risk WHEN 'red' THEN 0 WHEN 'orange' THEN 1 ELSE 2 END, k.updated_at DESC, k.id DESC"]

        func validated() throws -> Filter {
            var v = FieldValidator()
            if let sort { v.check(Self.orders[sort] != nil, "sort", "expected one of: \(Self.orders.keys.sorted().joined(separator: ", "))") }
            _ = v.code(stage, "stage", as: CaseStage.self)
            _ = v.code(risk, "risk", as: RiskLevel.self)
            if let concern, !concern.isEmpty {
                v.check(Taxonomy.isKnown(concern) || Taxonomy.categories.contains { $0.code == concern }, "concern", "unknown category")
            }
            _ = PageRequest.read(page: page, perPage: perPage, defaultPerPage: 25, &v)
            try v.finish()
            return self
        }
    }

    static let summaryColumns = "k.id, k.reference, k.stage, k.risk, k.concerns, k.assignee_id, u.display_name AS assignee_name, k.opened_at, k.updated_at, k.closed_at"

    static func summary(_ row: any SQLRow) throws -> CaseSummary {
        let concerns = try row.decode(column: "concerns", as: String.self)
        guard CaseStage(rawValue: try row.decode(column: "stage", as: String.self)) != nil,
              RiskLevel(rawValue: try row.decode(column: "risk", as: String.self)) != nil else {
            throw RecordTampered(recordType: "case", recordID: try row.decode(column: "id", as: UUID.self).uuidString)
        }
        return CaseSummary(id: try row.decode(column: "id", as: UUID.self), reference: try row.decode(column: "reference", as: String.self),
                           stage: try row.decode(column: "stage", as: String.self), risk: try row.decode(column: "risk", as: String.self),
                           concerns: concerns.isEmpty ? [] : concerns.split(separator: ",").map(String.init),
                           assigneeID: try row.decode(column: "assignee_id", as: UUID?.self),
                           assigneeName: try row.decode(column: "assignee_name", as: String?.self),
                           openedAt: try row.decode(column: "opened_at", as: Date.self),
                           updatedAt: try row.decode(column: "updated_at", as: Date.self),
                           closedAt: try row.decode(column: "closed_at", as: Date?.self))
    }

    /// Who may lead a case once it is handed over; a case led by anyone else (the counsellor who
    /// opened it from a call) waits for a supervisor to assign it.
    static let leadRoles: [Role] = [.caseWorker, .supervisor]
    static let awaitingLead: SQLQueryString = """
        k.closed_at IS NULL AND NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = k.assignee_id \
        AND g.role IN (\(binds: leadRoles.map(\.rawValue))))
        """

    static func isAwaitingLead(_ id: UUID, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT k.id FROM cases k WHERE k.id = \(bind: id) AND \(awaitingLead)").first() != nil
    }

    static func list(_ filter: Filter, scopes: Set<Scope>, actor: Actor, on db: any SQLDatabase) async throws -> CasePage {
        let paging = try PageRequest.read(page: filter.page, perPage: filter.perPage, defaultPerPage: 25), perPage = paging.perPage
        var conditions: [SQLQueryString] = [ScopeFilter.condition(scopes, actor, ScopeFilter.cases)]
        if let stage = filter.stage, !stage.isEmpty { conditions.append("k.stage = \(bind: stage)") }
        if let risk = filter.risk, !risk.isEmpty { conditions.append("k.risk = \(bind: risk)") }
        if let assignee = filter.assigneeID { conditions.append("k.assignee_id = \(bind: assignee)") }
        if let reference = filter.reference?.trimmed { conditions.append("k.reference = \(bind: reference.uppercased())") }
        if filter.open == true { conditions.append("k.closed_at IS NULL") }
        if filter.awaitingLead == true { conditions.append(Self.awaitingLead) }
        if let concern = filter.concern, !concern.isEmpty {
            conditions.append("EXISTS (SELECT 1 FROM case_concerns cc WHERE cc.case_id = k.id AND \(CodeMatch.condition("cc.code", concern)))")
        }
        let rows = try await db.raw("""
            SELECT \(unsafeRaw: summaryColumns) FROM cases k LEFT JOIN users u ON u.id = k.assignee_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(unsafeRaw: Filter.orders[filter.sort ?? "-updatedAt"] ?? Filter.orders["-updatedAt"]!)
            LIMIT \(literal: perPage + 1) OFFSET \(literal: paging.offset)
            """).all()
        return CasePage(items: try rows.prefix(perPage).map(summary), page: paging.page, perPage: perPage, hasMore: rows.count > perPage)
    }

    // MARK: detail

    static func detail(_ id: UUID, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> Audited<CaseDetail> {
        let scopes = AccessPolicy.scopes(for: actor.roles, .caseRead)
        let scope = ScopeFilter.condition(scopes, actor, ScopeFilter.cases)
        guard let row = try await db.raw("""
            SELECT \(unsafeRaw: summaryColumns), k.summary, k.child_id, k.closure_requested_by,
                   CASE WHEN \(scope) THEN 0 ELSE 1 END AS by_break_glass
            FROM cases k LEFT JOIN users u ON u.id = k.assignee_id
            WHERE k.id = \(bind: id) AND (\(scope) OR \(BreakGlass.condition(actor)))
            """).first() else { throw AppError.notFound("case") }
        try await CaseSeal.verify(id, seal: services.rowSeal, on: db)
        let byBreakGlass = try row.decode(column: "by_break_glass", as: Int.self) == 1
        let summary = try self.summary(row)
        let cipher = services.cipher
        var child: ChildDetail? = nil
        var audit = [AuditLog.Entry(verb: .read, recordType: "case", recordID: id.uuidString)]
        if let childID = try row.decode(column: "child_id", as: UUID?.self) {
            // The case grants sight of its child: a case reader sees the child even across scopes.
            let read = try await ChildStore.detail(childID, scopes: [.all], actor: actor, services: services, on: db)
            child = read.value
            audit += read.entries
        }
        let members = try await db.raw("""
            SELECT m.user_id, m.role, u.display_name FROM case_members m JOIN users u ON u.id = m.user_id
            WHERE m.case_id = \(bind: id) ORDER BY m.role, u.display_name
            """).all().map { CaseDetail.Member(userID: try $0.decode(column: "user_id", as: UUID.self),
                                                name: try $0.decode(column: "display_name", as: String.self),
                                                role: try $0.decode(column: "role", as: String.self)) }
        // Break-glass opens the case and its general notes, never a privileged compartment.
        var readable: [NoteCompartment] = byBreakGlass ? [.general] : []
        for compartment in NoteCompartment.allCases where !readable.contains(compartment) {
            let scopes = AccessPolicy.scopes(for: actor.roles, compartment.readAction)
            if !scopes.isEmpty, try await isVisible(id, scopes: scopes, actor: actor, on: db) { readable.append(compartment) }
        }
        var notes: [CaseDetail.Note] = []
        if !readable.isEmpty {
            notes = try await db.raw("""
                SELECT n.id, n.compartment, n.author_id, n.body, n.created_at, u.display_name FROM notes n JOIN users u ON u.id = n.author_id
                WHERE n.case_id = \(bind: id) AND n.compartment IN (\(binds: readable.map(\.rawValue))) ORDER BY n.created_at DESC
                """).all().map { note in
                let noteID = try note.decode(column: "id", as: UUID.self)
                return CaseDetail.Note(id: noteID, compartment: try note.decode(column: "compartment", as: String.self),
                                       authorID: try note.decode(column: "author_id", as: UUID.self),
                                       authorName: try note.decode(column: "display_name", as: String.self),
                                       body: try cipher.open(try note.decode(column: "body", as: String.self), context: context("notes", noteID, "body")),
                                       createdAt: try note.decode(column: "created_at", as: Date.self))
            }
        }
        let now = Date()
        let tasks = try await db.raw("SELECT id, title, due_at, done_at, assignee_id FROM tasks WHERE case_id = \(bind: id) ORDER BY done_at IS NOT NULL, due_at")
            .all().map { task in
                let taskID = try task.decode(column: "id", as: UUID.self)
                let due = try task.decode(column: "due_at", as: Date.self), done = try task.decode(column: "done_at", as: Date?.self)
                return CaseDetail.Task(id: taskID, title: try cipher.open(try task.decode(column: "title", as: String.self), context: context("tasks", taskID, "title")),
                                       dueAt: due, doneAt: done, assigneeID: try task.decode(column: "assignee_id", as: UUID.self),
                                       overdue: done == nil && due < now)
            }
        let timeline = try await db.raw("""
            SELECT e.at, e.kind, e.detail, u.display_name FROM case_events e LEFT JOIN users u ON u.id = e.actor_id
            WHERE e.case_id = \(bind: id) ORDER BY e.at DESC LIMIT 500
            """).all().map { CaseDetail.Event(at: try $0.decode(column: "at", as: Date.self), actorName: try $0.decode(column: "display_name", as: String?.self),
                                              kind: try $0.decode(column: "kind", as: String.self), detail: try $0.decode(column: "detail", as: String.self)) }
        let perpetrators = try await db.raw("SELECT id, name, relationship, notes FROM perpetrators WHERE case_id = \(bind: id) ORDER BY created_at")
            .all().map { p in
                let pid = try p.decode(column: "id", as: UUID.self)
                return CaseDetail.Perpetrator(id: pid, name: try cipher.open(try p.decode(column: "name", as: String?.self), context: context("perpetrators", pid, "name")),
                                              relationship: try p.decode(column: "relationship", as: String?.self),
                                              notes: try cipher.open(try p.decode(column: "notes", as: String?.self), context: context("perpetrators", pid, "notes")))
            }
        let participants = try await db.raw("""
            SELECT p.conference_id, u.display_name FROM conference_participants p JOIN case_conferences c ON c.id = p.conference_id
            JOIN users u ON u.id = p.user_id WHERE c.case_id = \(bind: id) ORDER BY u.display_name
            """).all().reduce(into: [UUID: [String]]()) { names, row in
            names[try row.decode(column: "conference_id", as: UUID.self), default: []].append(try row.decode(column: "display_name", as: String.self))
        }
        let conferences = try await db.raw("SELECT id, at, place, decisions FROM case_conferences WHERE case_id = \(bind: id) ORDER BY at").all().map { c in
            let cid = try c.decode(column: "id", as: UUID.self)
            return CaseDetail.Conference(id: cid, at: try c.decode(column: "at", as: Date.self), place: try c.decode(column: "place", as: String?.self),
                                         participants: participants[cid] ?? [],
                                         decisions: try cipher.open(try c.decode(column: "decisions", as: String.self), context: context("case_conferences", cid, "decisions")))
        }
        let contacts = try await db.raw("SELECT \(unsafeRaw: ContactStore.summaryColumns) FROM contacts c WHERE c.case_id = \(bind: id) ORDER BY c.started_at DESC")
            .all().map(ContactStore.summary)
        audit += notes.map { .init(verb: .read, recordType: "note", recordID: $0.id.uuidString) }
        audit += conferences.map { .init(verb: .read, recordType: "case_conference", recordID: $0.id.uuidString) }
        if byBreakGlass { audit = audit.map { var entry = $0; entry.reason = "break glass"; return entry } }
        let detail = CaseDetail(summary: summary,
                          summaryText: try cipher.open(try row.decode(column: "summary", as: String?.self), context: context("cases", id, "summary")),
                          crcArticles: Taxonomy.crcArticles(for: summary.concerns),
                          closureRequestedBy: try row.decode(column: "closure_requested_by", as: UUID?.self),
                          child: child, members: members, notes: notes, readableCompartments: readable.map(\.rawValue),
                          tasks: tasks, timeline: timeline, perpetrators: perpetrators, contacts: contacts, conferences: conferences,
                          openedByBreakGlass: byBreakGlass)
        return Audited(detail, audit)
    }

    // MARK: changes

    static func stage(of caseID: UUID, on db: any SQLDatabase) async throws -> (CaseStage, UUID?) {
        guard let row = try await db.raw("SELECT stage, closure_requested_by FROM cases WHERE id = \(bind: caseID)").first(),
              let stage = CaseStage(rawValue: try row.decode(column: "stage", as: String.self)) else { throw AppError.notFound("case") }
        return (stage, try row.decode(column: "closure_requested_by", as: UUID?.self))
    }

    static func move(_ caseID: UUID, to target: CaseStage, actor: Actor, on db: any SQLDatabase) async throws {
        let (current, _) = try await stage(of: caseID, on: db)
        do { _ = try CaseWorkflow.move(from: current, to: target) } catch { throw AppError.conflict(error.description) }
        let update = db.update("cases").set("stage", to: target.rawValue).set("updated_at", to: Date())
        if target == .closure { update.set("closure_requested_by", to: actor.userID) }
        if target == .reopened { update.set("closed_at", to: SQLLiteral.null).set("closure_requested_by", to: SQLLiteral.null) }
        try await update.where("id", .equal, caseID).run()
        try await CaseSeal.reseal(caseID, on: db)
        try await addEvent(caseID, kind: target == .closure ? "closure_requested" : "stage_changed",
                           detail: "\(current.rawValue)>\(target.rawValue)", actor: actor, on: db)
        try await AuditLog.append([.init(verb: .update, recordType: "case", recordID: caseID.uuidString, reason: "stage \(target.rawValue)")],
                                  by: actor, on: db)
    }

    static func decideClosure(_ caseID: UUID, _ decision: CaseWorkflow.Decision, actor: Actor, on db: any SQLDatabase) async throws {
        let (current, requester) = try await stage(of: caseID, on: db)
        let next: CaseStage
        do { next = try CaseWorkflow.decideClosure(at: current, decision, requesterIsApprover: requester == actor.userID) }
        catch { throw AppError.conflict(error.description) }
        let update = db.update("cases").set("stage", to: next.rawValue).set("updated_at", to: Date())
        if next == .closed { update.set("closed_at", to: Date()) } else { update.set("closure_requested_by", to: SQLLiteral.null) }
        try await update.where("id", .equal, caseID).run()
        try await CaseSeal.reseal(caseID, on: db)
        try await addEvent(caseID, kind: decision == .approve ? "closure_approved" : "closure_rejected", actor: actor, on: db)
        try await AuditLog.append([.init(verb: .update, recordType: "case", recordID: caseID.uuidString, reason: "closure \(decision.rawValue)")],
                                  by: actor, on: db)
    }

    /// Adds a member, or makes `userID` the lead. When the lead changes, `handover` says whether the
    /// previous lead's open tasks go to the new lead and whether the previous lead stays on the team
    /// (as a member); tasks never stay with someone who leaves it, where nobody would see them.
    static func assign(_ caseID: UUID, to userID: UUID, lead: Bool, handover: (tasks: HandoverTasks, previousLeadStays: Bool) = (.reassign, false),
                       actor: Actor, on db: any SQLDatabase) async throws {
        try await requireColleague(userID, actor: actor, on: db)
        if lead {
            let previous = try await db.raw("SELECT user_id FROM case_members WHERE case_id = \(bind: caseID) AND role = 'lead'").all()
                .map { try $0.decode(column: "user_id", as: UUID.self) }.filter { $0 != userID }
            if !previous.isEmpty {
                if handover.tasks == .reassign || !handover.previousLeadStays {
                    try await db.raw("""
                        UPDATE tasks SET assignee_id = \(bind: userID)
                        WHERE case_id = \(bind: caseID) AND done_at IS NULL AND assignee_id IN (\(binds: previous))
                        """).run()
                }
                if handover.previousLeadStays {
                    try await db.update("case_members").set("role", to: "member").where("case_id", .equal, caseID).where("user_id", .in, previous).run()
                } else {
                    try await db.delete(from: "case_members").where("case_id", .equal, caseID).where("user_id", .in, previous).run()
                }
            }
            try await db.update("cases").set("assignee_id", to: userID).set("updated_at", to: Date()).where("id", .equal, caseID).run()
        }
        try await db.delete(from: "case_members").where("case_id", .equal, caseID).where("user_id", .equal, userID).run()
        try await db.insert(into: "case_members").columns("case_id", "user_id", "role")
            .values(SQLBind(caseID), SQLBind(userID), SQLBind(lead ? "lead" : "member")).run()
        try await touch(caseID, on: db)
        try await CaseSeal.reseal(caseID, on: db)
        try await addEvent(caseID, kind: lead ? "transferred" : "member_added", detail: userID.uuidString, actor: actor, on: db)
        try await AuditLog.append([.init(verb: .update, recordType: "case", recordID: caseID.uuidString, reason: lead ? "transfer" : "member added")],
                                  by: actor, on: db)
    }

    static func addNote(_ caseID: UUID, compartment: NoteCompartment, body: String, actor: Actor, services: AppServices,
                        on db: any SQLDatabase) async throws -> UUID {
        let id = UUID.timeOrdered()
        try await db.insert(into: "notes").columns("id", "case_id", "author_id", "compartment", "body", "created_at")
            .values(SQLBind(id), SQLBind(caseID), SQLBind(actor.userID), SQLBind(compartment.rawValue),
                    SQLBind(try services.cipher.seal(body, context: context("notes", id, "body"))), SQLBind(Date()))
            .run()
        try await touch(caseID, on: db)
        try await addEvent(caseID, kind: "note_added", detail: compartment.rawValue, actor: actor, on: db)
        try await AuditLog.append([.init(verb: .create, recordType: "note", recordID: id.uuidString, reason: "case \(caseID.uuidString)")],
                                  by: actor, on: db)
        return id
    }

    static func addTask(_ caseID: UUID, _ input: TaskInput, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> UUID {
        guard let title = input.title.trimmed, title.count <= 500 else { throw AppError.invalid("title", "is required, up to 500 characters") }
        let assignee = input.assigneeID ?? actor.userID
        guard try await db.raw("SELECT user_id FROM case_members WHERE case_id = \(bind: caseID) AND user_id = \(bind: assignee)").first() != nil else {
            throw AppError.invalid("assigneeID", "must be a member of the case team")
        }
        let id = UUID.timeOrdered()
        try await db.insert(into: "tasks").columns("id", "case_id", "title", "due_at", "assignee_id", "created_by", "created_at")
            .values(SQLBind(id), SQLBind(caseID), SQLBind(try services.cipher.seal(title, context: context("tasks", id, "title"))),
                    SQLBind(input.dueAt), SQLBind(assignee), SQLBind(actor.userID), SQLBind(Date()))
            .run()
        try await touch(caseID, on: db)
        try await addEvent(caseID, kind: "task_added", detail: id.uuidString, actor: actor, on: db)
        try await AuditLog.append([.init(verb: .create, recordType: "task", recordID: id.uuidString)], by: actor, on: db)
        return id
    }

    static func completeTask(_ caseID: UUID, taskID: UUID, actor: Actor, on db: any SQLDatabase) async throws {
        guard try await db.raw("SELECT id FROM tasks WHERE id = \(bind: taskID) AND case_id = \(bind: caseID) AND done_at IS NULL").first() != nil else {
            throw AppError.notFound("open task")
        }
        try await db.update("tasks").set("done_at", to: Date()).where("id", .equal, taskID).run()
        try await touch(caseID, on: db)
        try await addEvent(caseID, kind: "task_done", detail: taskID.uuidString, actor: actor, on: db)
        try await AuditLog.append([.init(verb: .update, recordType: "task", recordID: taskID.uuidString, reason: "done")], by: actor, on: db)
    }

    static func addPerpetrator(_ caseID: UUID, _ input: PerpetratorInput, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> UUID {
        var v = FieldValidator()
        v.check(input.name?.trimmed != nil || input.relationship?.trimmed != nil, "name", "give a name or the relationship to the child")
        if let name = input.name { v.check(name.count <= 200, "name", "is longer than 200 characters") }
        if let relationship = input.relationship { v.check(relationship.count <= 100, "relationship", "is longer than 100 characters") }
        try v.finish()
        let id = UUID.timeOrdered()
        try await db.insert(into: "perpetrators").columns("id", "case_id", "name", "relationship", "notes", "created_at")
            .values(SQLBind(id), SQLBind(caseID), SQLBind(try services.cipher.seal(input.name?.trimmed, context: context("perpetrators", id, "name"))),
                    SQLBind(input.relationship?.trimmed), SQLBind(try services.cipher.seal(input.notes?.trimmed, context: context("perpetrators", id, "notes"))),
                    SQLBind(Date()))
            .run()
        try await touch(caseID, on: db)
        try await addEvent(caseID, kind: "perpetrator_added", detail: id.uuidString, actor: actor, on: db)
        try await AuditLog.append([.init(verb: .create, recordType: "perpetrator", recordID: id.uuidString)], by: actor, on: db)
        return id
    }

    /// Links a child to a case that has none: an existing child (after a duplicate check showed it)
    /// or a newly registered one.
    static func attachChild(_ caseID: UUID, childID: UUID?, child: ValidChild?, confirmed: Bool, actor: Actor, services: AppServices,
                            on db: any SQLDatabase) async throws -> UUID {
        guard try await db.raw("SELECT id FROM cases WHERE id = \(bind: caseID) AND child_id IS NULL").first() != nil else {
            throw AppError.conflict("This case already has a child record.")
        }
        let readScopes = AccessPolicy.scopes(for: actor.roles, .childRead)
        let id: UUID
        if let childID {
            let scope = ScopeFilter.condition(readScopes, actor, ScopeFilter.children)
            guard try await db.raw("SELECT ch.id FROM children ch WHERE ch.id = \(bind: childID) AND \(scope)").first() != nil else {
                throw AppError.invalid("childID", "no child with this id is visible to you")
            }
            id = childID
        } else if let child {
            guard AccessPolicy.allows(actor.roles, .childCreate) else { throw AppError.forbidden(.childCreate) }
            id = try await ChildStore.create(child, confirmed: confirmed, scopes: readScopes, actor: actor, services: services, on: db)
        } else {
            throw AppError.invalid("child", "give childID or child")
        }
        try await db.update("cases").set("child_id", to: id).set("updated_at", to: Date()).where("id", .equal, caseID).run()
        try await CaseSeal.reseal(caseID, on: db)
        try await addEvent(caseID, kind: "child_linked", detail: id.uuidString, actor: actor, on: db)
        try await AuditLog.append([.init(verb: .update, recordType: "case", recordID: caseID.uuidString, reason: "child linked")], by: actor, on: db)
        return id
    }

    static func update(_ caseID: UUID, risk: RiskLevel?, concerns: [String]?, summary: String?, actor: Actor, services: AppServices,
                       on db: any SQLDatabase) async throws {
        let update = db.update("cases").set("updated_at", to: Date())
        if let risk { update.set("risk", to: risk.rawValue) }
        if let concerns {
            update.set("concerns", to: concerns.joined(separator: ","))
            try await db.delete(from: "case_concerns").where("case_id", .equal, caseID).run()
            let insert = db.insert(into: "case_concerns").columns("case_id", "code")
            for code in concerns { insert.values(SQLBind(caseID), SQLBind(code)) }
            try await insert.run()
        }
        if let summary { update.set("summary", to: try services.cipher.seal(summary, context: context("cases", caseID, "summary"))) }
        try await update.where("id", .equal, caseID).run()
        if risk != nil { try await CaseSeal.reseal(caseID, on: db) }
        var changes: [String] = []
        if let risk { changes.append("risk:\(risk.rawValue)") }
        if concerns != nil { changes.append("concerns") }
        if summary != nil { changes.append("summary") }
        try await addEvent(caseID, kind: "updated", detail: changes.joined(separator: ","), actor: actor, on: db)
        try await AuditLog.append([.init(verb: .update, recordType: "case", recordID: caseID.uuidString, reason: changes.joined(separator: ","))],
                                  by: actor, on: db)
    }
}
