import Foundation
import SafeguardCore
import SQLKit
import Vapor

extension DemoData {
    /// A procuratorate's registry keeper with two synthetic records, and a primary school,
    /// registered and approved for vetting, with two officers and a roster of two teachers: one
    /// clean, one who is in the registry under her Chinese name and is on the roster in pinyin,
    /// surname last and without a document (a re-check puts her to the keeper).
    static func loadVetting(_ app: Application, besides organisation: UUID, password: String) async throws -> [(String, String, [Role])] {
        let services = app.safeguard
        let people: [(String, String, [Role])] = [("keeper", "Demo Registry Keeper", [.registryKeeper]),
                                                  ("officer", "Demo Vetting Officer", [.vettingOfficer]), ("deputy", "Demo Deputy Head", [.vettingOfficer])]
        try await app.write { db in
            let region = try await db.raw("SELECT region_id FROM organisations WHERE id = \(bind: organisation)").first()!.decode(column: "region_id", as: UUID.self)
            let procuratorate = UUID.timeOrdered(), school = UUID.timeOrdered(), now = Date()
            for (id, name, type) in [(procuratorate, "Demo District Procuratorate", "procuratorate"), (school, "Demo Primary School", "school")] {
                try await db.insert(into: "organisations").columns("id", "name", "type", "region_id", "created_at")
                    .values(SQLBind(id), SQLBind(name), SQLBind(type), SQLBind(region), SQLBind(now)).run()
            }
            var ids: [String: UUID] = [:]
            for (username, name, roles) in people {
                let home = roles == [.registryKeeper] ? procuratorate : school
                ids[username] = try await AccountStore.create(.init(username: username, displayName: name, organisationID: home,
                                                                    roles: roles.map(\.rawValue), password: password, locale: "en"),
                                                              organisationID: home, mustChangePassword: false, app: app, on: db).id
            }
            let today = ISODay.today(now)
            let records = [("王小龙", "male", "1979-03-15", 11, "sexual_assault"), ("李娜", "female", "1985-07-12", 22, "abuse")].map { name, sex, born, sequence, offence in
                ["name": name, "sex": sex, "birth_date": born, "document_type": "resident_id", "document_number": demoResidentID(born: born, sequence: sequence),
                 "offence_category": offence, "decision_type": "conviction", "decision_date": "2020-05-06",
                 "issuing_authority": "Demo District Court", "source_reference": "DEMO-\(sequence)"]
            }
            var sealed: [RegistryStore.Sealed] = []
            for values in records {
                guard case .success(let input) = RegistryRecordInput.read(ColumnValues(values), today: today) else { continue }
                sealed.append(try RegistryStore.seal(input, status: "active", importID: nil, createdBy: ids["keeper"]!, now: now, services: services))
            }
            try await RegistryStore.insert(sealed, on: db)
            let upload = UUID.timeOrdered()
            try await db.insert(into: "roster_uploads").columns("id", "unit_id", "status", "rows_read", "rows_valid", "rows_invalid", "message", "created_by", "created_at")
                .values(SQLBind(upload), SQLBind(school), SQLBind("current"), SQLBind(2), SQLBind(2), SQLBind(0), SQLBind("demo roster"), SQLBind(ids["officer"]!), SQLBind(now)).run()
            try await db.insert(into: "vetting_units")
                .columns("organisation_id", "unit_type", "contact1_id", "contact2_id", "status", "daily_query_limit", "approved_by", "approved_at",
                         "roster_upload_id", "recheck_due", "created_at")
                .values(SQLBind(school), SQLBind("school"), SQLBind(ids["officer"]!), SQLBind(ids["deputy"]!), SQLBind("approved"),
                        SQLBind(VettingUnits.defaultDailyLimit), SQLBind(ids["keeper"]!), SQLBind(now), SQLBind(upload), SQLBind(today.description), SQLBind(now)).run()
            let staff = [["name": "Zhang Wei", "sex": "male", "birth_date": "1990-02-01", "document_type": "resident_id",
                          "document_number": demoResidentID(born: "1990-02-01", sequence: 33), "position": "Maths teacher"],
                         ["name": "Na Li", "sex": "female", "birth_date": "1985-07-12", "position": "Dinner lady"]]
            var entries: [Rosters.SealedEntry] = []
            var keys: [RosterKeys.Keys] = []
            for values in staff {
                guard case .success(let input) = RosterEntryInput.read(ColumnValues(values)) else { continue }
                entries.append(try Rosters.seal(input, unitID: school, uploadID: upload, now: now, services: services))
                keys.append(RosterKeys.of(input.person, entry: entries.last!.id, services: services))
            }
            try await Rosters.insert(entries, on: db)
            try await RosterKeys.write(keys, on: db)
        }
        return people
    }

    /// A synthetic, valid GB 11643 number in region 110105.
    static func demoResidentID(born: String, sequence: Int) -> String {
        let first17 = "110105" + born.replacingOccurrences(of: "-", with: "") + String(format: "%03d", sequence)
        return first17 + String(ResidentID.checkCharacter(forFirst17: first17.compactMap(\.wholeNumberValue)))
    }
}
