import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Who follows a recommendation up and how far it has come: lead and partner institutions, actions
/// with owners and due dates, and dated assessments with their evidence. A plan per document (one
/// reporting cycle's concluding observations, or one UPR report) prints as a table.
enum FollowUp {
    enum InstitutionRole: String, CaseIterable, Codable, Sendable { case lead, partner }
    enum ActionStatus: String, CaseIterable, Codable, Sendable { case planned, inProgress = "in_progress", done, cancelled }

    struct InstitutionInput: Content {
        var name: String?
        /// `lead` or `partner`; `none` takes the institution off the recommendation.
        var role: String?
    }
    struct ActionInput: Content { var title: String?, institution: String?, dueOn: String?, status: String? }
    struct ActionStatusInput: Content { var status: String? }
    struct AssessmentInput: Content { var assessedOn: String?, status: String?, evidence: String? }

    struct Institution: Content { var name: String; var role: String }
    struct Action: Content { var id: UUID, title: String, institution: String?, dueOn: String?, status: String }
    struct Assessment: Content { var assessedOn: String, status: String, evidence: String, judgedBy: String }

    struct Items: Content {
        var institutions: [Institution]
        var actions: [Action]
        /// The newest first: the first is the recommendation's status.
        var assessments: [Assessment]
    }

    struct PlanRow: Content {
        var id: UUID, paragraph: String, text: String, language: String, clusters: [String], status: String
        var lead: [String], partners: [String], actions: [Action]
    }
    struct Plan: Content { var documentSymbol: String; var documents: [String]; var rows: [PlanRow] }

    // MARK: institutions

    static func setInstitution(_ id: UUID, _ input: InstitutionInput, by caller: Caller) async throws {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let name = v.text(input.name, "name", max: 200, required: "give the institution's name")
        let remove = input.role?.trimmedWhitespace == "none"
        let role = remove ? nil : v.requiredCode(input.role, "role", as: InstitutionRole.self, missing: "choose lead or partner")
        try v.finish()
        let actor = caller.actor
        try await caller.write { db in
            _ = try await Recommendations.row(id, organisation: actor.organisationID, on: db)
            if remove {
                guard let institution = try await institutionID(name!, organisation: actor.organisationID, create: false, on: db) else {
                    throw AppError.invalid("name", "no institution of this name follows the recommendation")
                }
                try await db.delete(from: "un_recommendation_institutions").where("recommendation_id", .equal, id).where("institution_id", .equal, institution).run()
            } else {
                let institution = try await institutionID(name!, organisation: actor.organisationID, create: true, on: db)!
                try await db.delete(from: "un_recommendation_institutions").where("recommendation_id", .equal, id).where("institution_id", .equal, institution).run()
                try await db.insert(into: "un_recommendation_institutions").columns("recommendation_id", "institution_id", "role")
                    .values(SQLBind(id), SQLBind(institution), SQLBind(role!.rawValue)).run()
            }
            try await AuditLog.append([.init(verb: .update, recordType: "un_recommendation", recordID: id.uuidString)], by: actor, on: db)
        }
    }

    /// An institution's name as it is looked up: capitals of any script folded, spaces collapsed.
    static func nameKey(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The organisation's institution of this name (spaces and capitals forgiven), made when `create`.
    static func institutionID(_ name: String, organisation: UUID, create: Bool, on db: any SQLDatabase) async throws -> UUID? {
        let key = nameKey(name)
        if let found = try await db.raw("SELECT id FROM un_institutions WHERE organisation_id = \(bind: organisation) AND name_key = \(bind: key)").first() {
            return try found.decode(column: "id", as: UUID.self)
        }
        guard create else { return nil }
        let id = UUID.timeOrdered()
        try await db.insert(into: "un_institutions").columns("id", "organisation_id", "name", "name_key")
            .values(SQLBind(id), SQLBind(organisation), SQLBind(name), SQLBind(key)).run()
        return id
    }

    /// The organisation's institutions, to offer as one types.
    static func institutionNames(by caller: Caller) async throws -> [String] {
        try await caller.app.sql.raw("SELECT name FROM un_institutions WHERE organisation_id = \(bind: caller.actor.organisationID) ORDER BY name LIMIT 500")
            .all().map { try $0.decode(column: "name", as: String.self) }
    }

    // MARK: actions

    static func addAction(_ id: UUID, _ input: ActionInput, by caller: Caller) async throws {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let title = v.text(input.title, "title", max: 500, required: "say what is to be done")
        let owner = v.text(input.institution, "institution", max: 200)
        let due = input.dueOn?.trimmedWhitespace ?? ""
        v.check(due.isEmpty || CivilDay(due) != nil, "dueOn", "give the date (YYYY-MM-DD)")
        let statusText = input.status?.trimmedWhitespace ?? ""
        let status = statusText.isEmpty ? ActionStatus.planned : v.code(statusText, "status", as: ActionStatus.self)
        try v.finish()
        let actor = caller.actor
        try await caller.write { db in
            _ = try await Recommendations.row(id, organisation: actor.organisationID, on: db)
            var institution: UUID?
            if let owner { institution = try await institutionID(owner, organisation: actor.organisationID, create: true, on: db) }
            let actionID = UUID.timeOrdered()
            try await db.insert(into: "un_actions").columns("id", "recommendation_id", "title", "institution_id", "due_on", "status", "created_by", "created_at")
                .values(SQLBind(actionID), SQLBind(id), SQLBind(title!), SQLBind(institution), SQLBind(due.isEmpty ? nil : CivilDay(due)!.description),
                        SQLBind((status ?? .planned).rawValue), SQLBind(actor.userID), SQLBind(Date())).run()
            try await AuditLog.append([.init(verb: .create, recordType: "un_action", recordID: actionID.uuidString)], by: actor, on: db)
        }
    }

    /// Changes an action's status; answers the recommendation it belongs to.
    static func setActionStatus(_ actionID: UUID, _ input: ActionStatusInput, by caller: Caller) async throws -> UUID {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let status = v.requiredCode(input.status, "status", as: ActionStatus.self, missing: "choose the action's status")
        try v.finish()
        let actor = caller.actor
        return try await caller.write { db in
            guard let row = try await db.raw("""
                SELECT a.recommendation_id FROM un_actions a JOIN un_recommendations r ON r.id = a.recommendation_id
                WHERE a.id = \(bind: actionID) AND r.organisation_id = \(bind: actor.organisationID)
                """).first() else { throw AppError.notFound("action") }
            try await db.update("un_actions").set("status", to: status!.rawValue).where("id", .equal, actionID).run()
            try await AuditLog.append([.init(verb: .update, recordType: "un_action", recordID: actionID.uuidString)], by: actor, on: db)
            return try row.decode(column: "recommendation_id", as: UUID.self)
        }
    }

    // MARK: assessments

    /// An assessment of how far the recommendation is implemented. Dated no earlier than the year the
    /// recommendation was made and no later than today; the newest assessment is its status.
    static func assess(_ id: UUID, _ input: AssessmentInput, today: CivilDay = CivilDay(Date()), by caller: Caller) async throws {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let day = CivilDay(input.assessedOn?.trimmedWhitespace ?? "")
        v.check(day != nil, "assessedOn", "give the date (YYYY-MM-DD)")
        if let day { v.check(day <= today, "assessedOn", "is in the future") }
        let status = v.requiredCode(input.status, "status", as: Recommendations.Status.self, missing: "choose how far it is implemented")
        let evidence = v.text(input.evidence, "evidence", max: 5_000, required: "give the evidence the assessment rests on", lines: true)
        try v.finish()
        let actor = caller.actor
        try await caller.write { db in
            let row = try await Recommendations.row(id, organisation: actor.organisationID, lock: true, on: db)
            let year = try row.decode(column: "year", as: Int.self)
            guard day!.year >= year else { throw AppError.invalid("assessedOn", "is before the recommendation was made") }
            try await db.insert(into: "un_assessments").columns("id", "recommendation_id", "assessed_on", "status", "evidence", "judged_by", "created_at")
                .values(SQLBind(UUID.timeOrdered()), SQLBind(id), SQLBind(day!.description), SQLBind(status!.rawValue), SQLBind(evidence!),
                        SQLBind(actor.userID), SQLBind(Date())).run()
            // the newest assessment, whatever order they were entered in, is the status
            let latest = try await db.raw("""
                SELECT status FROM un_assessments WHERE recommendation_id = \(bind: id) ORDER BY assessed_on DESC, created_at DESC LIMIT 1
                """).first()!.decode(column: "status", as: String.self)
            try await db.update("un_recommendations").set("status", to: latest).where("id", .equal, id).run()
            try await AuditLog.append([.init(verb: .update, recordType: "un_recommendation", recordID: id.uuidString)], by: actor, on: db)
        }
    }

    // MARK: reading

    static func items(of id: UUID, on db: any SQLDatabase) async throws -> Items {
        let institutions = try await db.raw("""
            SELECT i.name, ri.role FROM un_recommendation_institutions ri JOIN un_institutions i ON i.id = ri.institution_id
            WHERE ri.recommendation_id = \(bind: id) ORDER BY ri.role, i.name
            """).all().map { Institution(name: try $0.decode(column: "name", as: String.self), role: try $0.decode(column: "role", as: String.self)) }
        let actions = try await actions(of: [id], on: db)[id] ?? []
        let assessments = try await db.raw("""
            SELECT a.assessed_on, a.status, a.evidence, u.display_name FROM un_assessments a JOIN users u ON u.id = a.judged_by
            WHERE a.recommendation_id = \(bind: id) ORDER BY a.assessed_on DESC, a.created_at DESC LIMIT 200
            """).all().map {
                Assessment(assessedOn: try $0.decode(column: "assessed_on", as: String.self), status: try $0.decode(column: "status", as: String.self),
                           evidence: try $0.decode(column: "evidence", as: String.self), judgedBy: try $0.decode(column: "display_name", as: String.self))
            }
        return Items(institutions: institutions, actions: actions, assessments: assessments)
    }

    static func actions(of ids: [UUID], on db: any SQLDatabase) async throws -> [UUID: [Action]] {
        guard !ids.isEmpty else { return [:] }
        var found: [UUID: [Action]] = [:]
        for chunk in ids.chunked(into: 500) {
            for row in try await db.raw("""
                SELECT a.id, a.recommendation_id, a.title, i.name, a.due_on, a.status FROM un_actions a LEFT JOIN un_institutions i ON i.id = a.institution_id
                WHERE a.recommendation_id IN \(SQLGroupExpression(chunk.map { SQLBind($0) })) ORDER BY a.due_on, a.created_at
                """).all() {
                found[try row.decode(column: "recommendation_id", as: UUID.self), default: []].append(
                    Action(id: try row.decode(column: "id", as: UUID.self), title: try row.decode(column: "title", as: String.self),
                           institution: try row.decode(column: "name", as: String?.self), dueOn: try row.decode(column: "due_on", as: String?.self),
                           status: try row.decode(column: "status", as: String.self)))
            }
        }
        return found
    }

    /// One document's recommendations, in paragraph order, with who leads them and what is planned.
    static func plan(document: String?, by caller: Caller) async throws -> Plan {
        _ = try caller.scopes(.monitoringRead)
        let db = caller.app.sql, organisation = caller.actor.organisationID
        let documents = try await db.raw("""
            SELECT document_symbol, MAX(year) AS year FROM un_recommendations WHERE organisation_id = \(bind: organisation)
            GROUP BY document_symbol ORDER BY MAX(year) DESC, document_symbol LIMIT 500
            """).all().map { try $0.decode(column: "document_symbol", as: String.self) }
        var symbol = documents.first ?? ""
        if let typed = document?.trimmedWhitespace, !typed.isEmpty {
            guard case .success(let parsed) = DocumentSymbol.parse(typed) else {
                throw AppError.invalid("document", "must be a UN document symbol such as CRC/C/CHN/CO/5-6 (letters, digits and / . - only)")
            }
            symbol = parsed.description
        }
        let rows = try await db.raw("""
            SELECT id, paragraph, text, language, status FROM un_recommendations WHERE organisation_id = \(bind: organisation) AND document_symbol = \(bind: symbol)
            ORDER BY sort_key LIMIT 2000
            """).all()
        let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
        let clusters = try await Recommendations.tags(of: ids, kind: .cluster, on: db)
        let actions = try await actions(of: ids, on: db)
        var lead: [UUID: [String]] = [:], partners: [UUID: [String]] = [:]
        for chunk in ids.chunked(into: 500) {
            for row in try await db.raw("""
                SELECT ri.recommendation_id, ri.role, i.name FROM un_recommendation_institutions ri JOIN un_institutions i ON i.id = ri.institution_id
                WHERE ri.recommendation_id IN \(SQLGroupExpression(chunk.map { SQLBind($0) })) ORDER BY i.name
                """).all() {
                let id = try row.decode(column: "recommendation_id", as: UUID.self), name = try row.decode(column: "name", as: String.self)
                if try row.decode(column: "role", as: String.self) == InstitutionRole.lead.rawValue { lead[id, default: []].append(name) } else { partners[id, default: []].append(name) }
            }
        }
        return Plan(documentSymbol: symbol, documents: documents, rows: try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return PlanRow(id: id, paragraph: try row.decode(column: "paragraph", as: String.self), text: try row.decode(column: "text", as: String.self),
                           language: try row.decode(column: "language", as: String.self), clusters: clusters[id] ?? [], status: try row.decode(column: "status", as: String.self),
                           lead: lead[id] ?? [], partners: partners[id] ?? [], actions: actions[id] ?? [])
        })
    }
}

