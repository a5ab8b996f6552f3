import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Children's consultations for a report: when, where, how, how many children of which ages, and
/// the consent of the children and their guardians; then the children's views, recorded without
/// who gave them, by cluster, each quotable only with the child's agreement.
enum ChildrenViews {
    enum Method: String, CaseIterable, Codable, Sendable { case focusGroup = "focus_group", workshop, survey, interview, drawing }
    enum AgeBand: String, CaseIterable, Codable, Sendable { case under8 = "under_8", from8to12 = "8_12", from13to15 = "13_15", from16to17 = "16_17" }

    struct ConsultationInput: Content {
        var heldOn: String?, place: String?, method: String?
        var ageBands: [String]?
        var children: Int?
        var childConsent: Bool?, guardianConsent: Bool?
    }

    struct ViewInput: Content { var cluster: String?, ageBand: String?, view: String?, mayQuote: Bool? }

    struct View: Content { var id: UUID, cluster: String, ageBand: String, view: String, mayQuote: Bool }

    struct Consultation: Content {
        var id: UUID, heldOn: String, place: String, method: String, ageBands: [String], children: Int, childConsent: Bool, guardianConsent: Bool
        var views: [View]
    }

    static func create(_ input: ConsultationInput, today: CivilDay = CivilDay(Date()), by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let day = CivilDay(input.heldOn?.trimmedWhitespace ?? "")
        v.check(day != nil, "heldOn", "give the date (YYYY-MM-DD)")
        if let day { v.check(day <= today, "heldOn", "is in the future") }
        let place = v.text(input.place, "place", max: 200, required: "say where the consultation was held")
        let method = v.requiredCode(input.method, "method", as: Method.self, missing: "choose how the children gave their views")
        let bandTexts = (input.ageBands ?? []).filter { !$0.isEmpty }
        let bands = bandTexts.compactMap(AgeBand.init(rawValue:))
        v.check(!bandTexts.isEmpty, "ageBands", "choose the children's age bands")
        v.check(bands.count == bandTexts.count, "ageBands", "unknown value; expected one of: under_8, 8_12, 13_15, 16_17")
        v.check(input.children.map { (1...100_000).contains($0) } ?? false, "children", "give the number of children (1 to 100000)")
        try v.finish()
        let actor = caller.actor
        return try await caller.write { db in
            let id = UUID.timeOrdered()
            try await db.insert(into: "un_consultations")
                .columns("id", "organisation_id", "held_on", "place", "method", "age_bands", "children", "child_consent", "guardian_consent", "created_by", "created_at")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(day!.description), SQLBind(place!), SQLBind(method!.rawValue),
                        SQLBind(AgeBand.allCases.filter(bands.contains).map(\.rawValue).joined(separator: "; ")), SQLBind(input.children!),
                        SQLBind(input.childConsent == true), SQLBind(input.guardianConsent == true), SQLBind(actor.userID), SQLBind(Date())).run()
            try await AuditLog.append([.init(verb: .create, recordType: "un_consultation", recordID: id.uuidString)], by: actor, on: db)
            return IDOnly(id: id)
        }
    }

    /// A child's view; refused unless the children and their guardians consented to the consultation.
    static func addView(_ id: UUID, _ input: ViewInput, by caller: Caller) async throws -> Consultation {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let cluster = v.requiredCode(input.cluster, "cluster", as: CRCCluster.self, missing: "choose the cluster the view is about")
        let band = v.requiredCode(input.ageBand, "ageBand", as: AgeBand.self, missing: "choose the child's age band")
        let view = v.text(input.view, "view", max: 2_000, required: "write down the child's view", lines: true)
        try v.finish()
        let actor = caller.actor
        try await caller.write { db in
            guard let row = try await db.raw("""
                SELECT age_bands, child_consent, guardian_consent FROM un_consultations WHERE id = \(bind: id) AND organisation_id = \(bind: actor.organisationID)
                """).first() else { throw AppError.notFound("consultation") }
            guard try row.decode(column: "child_consent", as: Bool.self), try row.decode(column: "guardian_consent", as: Bool.self) else {
                throw AppError.invalid("view", "a child's view is recorded only with the consent of the children and their guardians")
            }
            guard try row.decode(column: "age_bands", as: String.self).split(separator: ";").map({ $0.trimmedWhitespace }).contains(band!.rawValue) else {
                throw AppError.invalid("ageBand", "is not one of the consultation's age bands")
            }
            try await db.insert(into: "un_child_views").columns("id", "consultation_id", "cluster", "age_band", "view", "may_quote", "created_at")
                .values(SQLBind(UUID.timeOrdered()), SQLBind(id), SQLBind(cluster!.rawValue), SQLBind(band!.rawValue), SQLBind(view!),
                        SQLBind(input.mayQuote == true), SQLBind(Date())).run()
            try await AuditLog.append([.init(verb: .update, recordType: "un_consultation", recordID: id.uuidString)], by: actor, on: db)
        }
        return try await get(id, by: caller)
    }

    static func consultation(_ row: any SQLRow, views: [View]) throws -> Consultation {
        Consultation(id: try row.decode(column: "id", as: UUID.self), heldOn: try row.decode(column: "held_on", as: String.self),
                     place: try row.decode(column: "place", as: String.self), method: try row.decode(column: "method", as: String.self),
                     ageBands: try row.decode(column: "age_bands", as: String.self).split(separator: ";").map { $0.trimmedWhitespace },
                     children: try row.decode(column: "children", as: Int.self), childConsent: try row.decode(column: "child_consent", as: Bool.self),
                     guardianConsent: try row.decode(column: "guardian_consent", as: Bool.self), views: views)
    }

    static func list(by caller: Caller) async throws -> [Consultation] {
        _ = try caller.scopes(.monitoringRead)
        return try await caller.app.sql.raw("""
            SELECT * FROM un_consultations WHERE organisation_id = \(bind: caller.actor.organisationID) ORDER BY held_on DESC LIMIT 500
            """).all().map { try consultation($0, views: []) }
    }

    /// A consultation with its views, grouped by cluster in the guidelines' order.
    static func get(_ id: UUID, by caller: Caller) async throws -> Consultation {
        _ = try caller.scopes(.monitoringRead)
        let db = caller.app.sql
        guard let row = try await db.raw("SELECT * FROM un_consultations WHERE id = \(bind: id) AND organisation_id = \(bind: caller.actor.organisationID)").first()
        else { throw AppError.notFound("consultation") }
        let order = Dictionary(uniqueKeysWithValues: CRCCluster.allCases.enumerated().map { ($1.rawValue, $0) })
        let views = try await db.raw("SELECT * FROM un_child_views WHERE consultation_id = \(bind: id) ORDER BY created_at LIMIT 5000").all().map {
            View(id: try $0.decode(column: "id", as: UUID.self), cluster: try $0.decode(column: "cluster", as: String.self), ageBand: try $0.decode(column: "age_band", as: String.self),
                 view: try $0.decode(column: "view", as: String.self), mayQuote: try $0.decode(column: "may_quote", as: Bool.self))
        }.enumerated().sorted { ((order[$0.element.cluster] ?? 99), $0.offset) < ((order[$1.element.cluster] ?? 99), $1.offset) }.map(\.element)
        return try consultation(row, views: views)
    }
}
