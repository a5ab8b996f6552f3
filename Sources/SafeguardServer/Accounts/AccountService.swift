import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// What can be done to accounts, organisations and regions, whoever asks: the JSON API and the
/// administration pages call these with the same input, so each check and audit entry is made once.
enum AccountService {
    typealias UserRow = AccountsController.UserRow
    typealias OrganisationRow = AccountsController.OrganisationRow
    typealias RegionRow = AccountsController.RegionRow

    /// The signed-in person's own language and time zone; each is left as it is when not given.
    static func updatePreferences(_ input: AccountsController.Preferences, by caller: Caller) async throws {
        var v = FieldValidator()
        if let locale = input.locale {
            v.check(Strings.supported.contains(locale), "locale", "expected one of: \(Strings.supported.joined(separator: ", "))")
        }
        if let zone = input.timeZone {
            v.check(LocalTime.isKnownZone(zone), "timeZone", "expected a time zone such as Asia/Shanghai or UTC")
        }
        v.check(input.locale != nil || input.timeZone != nil, "locale", "give locale, timeZone or both")
        try v.finish()
        let userID = caller.actor.userID
        try await caller.write { db in
            let update = db.update("users").where("id", .equal, userID)
            if let locale = input.locale { update.set("locale", to: locale) }
            if let zone = input.timeZone { update.set("time_zone", to: zone) }
            try await update.run()
        }
        caller.app.sessionCache.forget(user: userID)
    }

    static func users(on db: any SQLDatabase) async throws -> [UserRow] {
        let rows = try await db.raw("SELECT id, username, display_name, organisation_id, active FROM users ORDER BY username").all()
        let grants = try await db.raw("SELECT user_id, role FROM role_grants").all()
        var roles: [UUID: [String]] = [:]
        for grant in grants { roles[try grant.decode(column: "user_id", as: UUID.self), default: []].append(try grant.decode(column: "role", as: String.self)) }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return UserRow(id: id, username: try row.decode(column: "username", as: String.self),
                           displayName: try row.decode(column: "display_name", as: String.self),
                           organisationID: try row.decode(column: "organisation_id", as: UUID.self),
                           roles: (roles[id] ?? []).sorted(), active: try row.decode(column: "active", as: Bool.self))
        }
    }

    /// A new account in the caller's organisation unless another is named; its one-time password
    /// when none was given.
    static func createUser(_ input: AccountStore.NewUser, by caller: Caller) async throws -> (id: UUID, oneTimePassword: String?) {
        _ = try caller.scopes(.userManage)
        let (actor, app) = (caller.actor, caller.app)
        return try await caller.write { db in
            let created = try await AccountStore.create(input, organisationID: input.organisationID ?? actor.organisationID, app: app, on: db)
            try await AuditLog.append([.init(verb: .create, recordType: "user", recordID: created.id.uuidString)], by: actor, on: db)
            return created
        }
    }

    static func organisations(on db: any SQLDatabase) async throws -> [OrganisationRow] {
        try await db.raw("""
            SELECT o.id, o.name, o.type, o.region_id, r.name AS region_name, r.path FROM organisations o JOIN regions r ON r.id = o.region_id
            ORDER BY r.path, o.name
            """).all().map { row in
            OrganisationRow(id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                            type: try row.decode(column: "type", as: String.self), regionID: try row.decode(column: "region_id", as: UUID.self),
                            regionName: try row.decode(column: "region_name", as: String.self), regionPath: try row.decode(column: "path", as: String.self))
        }
    }

    static func regions(on db: any SQLDatabase) async throws -> [RegionRow] {
        try await db.raw("SELECT id, code, name, parent_id, path FROM regions ORDER BY path").all().map { row in
            RegionRow(id: try row.decode(column: "id", as: UUID.self), code: try row.decode(column: "code", as: String.self),
                      name: try row.decode(column: "name", as: String.self), parentID: try row.decode(column: "parent_id", as: UUID?.self),
                      path: try row.decode(column: "path", as: String.self))
        }
    }

    static func createOrganisation(_ input: AccountsController.NewOrganisation, by caller: Caller) async throws -> UUID {
        _ = try caller.scopes(.organisationManage)
        var v = FieldValidator()
        v.check(input.name.trimmed != nil && input.name.count <= 200, "name", "is required, up to 200 characters")
        _ = v.code(input.type, "type", as: AccountsController.OrganisationType.self)
        if let zone = input.timeZone { v.check(LocalTime.isKnownZone(zone), "timeZone", "expected a time zone such as Asia/Shanghai or UTC") }
        let pack = input.countryPack?.trimmedWhitespace.isEmpty ?? true ? .china : v.code(input.countryPack?.trimmedWhitespace.uppercased(), "countryPack", as: CountryPack.self)
        try v.finish()
        let id = UUID.timeOrdered()
        let actor = caller.actor
        try await caller.write { db in
            guard try await db.raw("SELECT id FROM regions WHERE id = \(bind: input.regionID)").first() != nil else {
                throw AppError.invalid("regionID", "no such region")
            }
            try await db.insert(into: "organisations").columns("id", "name", "type", "region_id", "time_zone", "country_pack", "created_at")
                .values(SQLBind(id), SQLBind(input.name.trimmed!), SQLBind(input.type), SQLBind(input.regionID), SQLBind(input.timeZone),
                        SQLBind((pack ?? .china).rawValue), SQLBind(Date())).run()
            try await AuditLog.append([.init(verb: .create, recordType: "organisation", recordID: id.uuidString)], by: actor, on: db)
        }
        return id
    }

    struct RegionImport: Content { var imported: Int }

    /// A country's divisions from a CSV file (`code,name,parent_code`; an empty parent hangs a
    /// region under the root): checked whole (`RegionTree`), then written parents first in one
    /// transaction, or not at all.
    static func importRegions(_ bytes: [UInt8], by caller: Caller) async throws -> RegionImport {
        _ = try caller.scopes(.organisationManage)
        var reader = CSVReader(), records: [CSVRecord] = []
        // the cap while reading: a file of empty lines must not fill the memory first
        let cap = AppError.invalid("file", "at most 100000 regions at once")
        do {
            try reader.feed(bytes) { records.append($0); if records.count > 100_001 { throw cap } }
            try reader.finish { records.append($0) }
        } catch let problem as CSVReader.Problem {
            throw AppError.invalid("file", problem.description)
        }
        guard let header = records.first else { throw AppError.invalid("file", "the file is empty; the first line must name the columns") }
        let columns: CSVColumns
        do { columns = try CSVColumns(header: header, required: ["code", "name"], optional: ["parent_code"]) } catch { throw AppError.invalid(error) }
        var v = FieldValidator()
        v.check(records.count > 1, "file", "holds no regions")
        try v.finish()
        var rows: [RegionTree.Row] = []
        for record in records.dropFirst() {
            switch columns.values(record) {
            case .failure(let problem): v.add("rows[\(record.number)]", problem.message)
            case .success(let values):
                // codes in capitals: LIKE folds ASCII case on SQLite and not on PostgreSQL, so `mn-ub` and `MN-UB` must be one
                rows.append(.init(line: record.number, code: values["code"]?.trimmedWhitespace.uppercased() ?? "", name: values["name"]?.trimmedWhitespace ?? "",
                                  parentCode: values["parent_code"]?.trimmedWhitespace.uppercased() ?? ""))
            }
        }
        try v.finish()
        let actor = caller.actor, checked = rows
        return try await caller.write { db in
            var paths: [String: (id: UUID, path: String)] = [:]
            for row in try await db.raw("SELECT id, code, path FROM regions").all() {
                paths[try row.decode(column: "code", as: String.self)] = (try row.decode(column: "id", as: UUID.self), try row.decode(column: "path", as: String.self))
            }
            let ordered: [RegionTree.Row]
            switch RegionTree.ordered(checked, held: Set(paths.keys)) {
            case .success(let rows): ordered = rows
            case .failure(let errors): throw AppError.invalid(errors)
            }
            // an empty parent is the root the server made at its first start, never another region without a parent
            let root = try await db.raw("SELECT id, path FROM regions WHERE code = 'ROOT' AND parent_id IS NULL").first()
            let rootPlace = try root.map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "path", as: String.self)) }
            var values: [[any Encodable & Sendable]] = []
            for row in ordered {
                let parent = row.parentCode.isEmpty ? rootPlace : paths[row.parentCode]
                let id = UUID.timeOrdered(), path = (parent?.1 ?? "/") + row.code + "/"
                paths[row.code] = (id, path)
                values.append([id, row.code, row.name, parent?.0, path])
            }
            for chunk in values.chunked(into: 500) {
                let insert = db.insert(into: "regions").columns("id", "code", "name", "parent_id", "path")
                for value in chunk { insert.values(value.map { SQLBind($0) }) }
                try await insert.run()
            }
            try await AuditLog.append([.init(verb: .create, recordType: "regions", recordID: "import-\(ordered.count)")], by: actor, on: db)
            return RegionImport(imported: ordered.count)
        }
    }

    static func createRegion(_ input: AccountsController.NewRegion, by caller: Caller) async throws -> UUID {
        _ = try caller.scopes(.organisationManage)
        var v = FieldValidator()
        v.check(RegionTree.isCode(input.code), "code", "use 1 to 20 letters, digits or dashes")
        v.check(input.name.trimmed != nil && input.name.count <= 200, "name", "is required, up to 200 characters")
        try v.finish()
        let actor = caller.actor
        return try await caller.write { db in
            let id = try await RegionStore.create(code: input.code, name: input.name.trimmed!, parentID: input.parentID, on: db)
            try await AuditLog.append([.init(verb: .create, recordType: "region", recordID: id.uuidString)], by: actor, on: db)
            return id
        }
    }
}
