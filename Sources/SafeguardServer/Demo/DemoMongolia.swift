import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// `safeguard demo --country MN`: a child-protection centre in an Ulaanbaatar khoroo under the
/// Mongolia pack, its people reading Mongolian on Ulaanbaatar time: the khoroo's multi-disciplinary
/// team, the district police and the child helpline 108, contacts and cases in Mongolian with
/// children recorded by registration number, a report and a referral to the team, the centre's
/// library shelf and classroom. Every name and number is invented.
extension DemoData {
    static let mongolianTimeZone = "Asia/Ulaanbaatar"

    static let mongolianGivenNames = ["Болд", "Сараа", "Тэмүүжин", "Номин", "Анужин", "Өлзий", "Билгүүн", "Мишээл"]
    static let mongolianFamilyNames = ["Демо-Бат", "Демо-Дорж", "Демо-Ганбаа", "Демо-Түмэн"]
    static let mongolianSummaries = [
        "Жишээ: хүүхэд сургуульдаа хэдэн долоо хоног дээрэлхүүлж байгаагаа ярьсан.",
        "Жишээ: хөрш нь шөнө ганцаараа үлддэг хүүхдийн талаар санаа зовж залгасан.",
        "Жишээ: өсвөр насны хүүхэд гэр бүлийн маргааны дараа дэмжлэг хүссэн.",
        "Жишээ: эцэг эх хүүхдээ цахим орчинд дарамтлуулж байгааг хэрхэн мэдээлэхийг асуусан.",
    ]

    static func loadMongolia(_ app: Application, password: String, contacts: Int = 60) async throws -> Result {
        let centre = try await firstOrganisationOfAFreshDatabase(app)
        let zone = TimeZone(identifier: mongolianTimeZone)!

        // the capital, a district, a khoroo; the centre in the khoroo, police and 108 over the district
        let (district, khoroo, police, helpline) = try await app.write { db in
            let root = try await db.raw("SELECT region_id FROM organisations WHERE id = \(bind: centre)").first()!.decode(column: "region_id", as: UUID.self)
            let capital = try await RegionStore.create(code: "MN-1", name: "Улаанбаатар", parentID: root, on: db)
            let district = try await RegionStore.create(code: "MN-1-BZD", name: "Баянзүрх дүүрэг (демо)", parentID: capital, on: db)
            let khoroo = try await RegionStore.create(code: "MN-1-BZD-01", name: "1-р хороо (демо)", parentID: district, on: db)
            try await db.update("organisations").set("country_pack", to: CountryPack.mongolia.rawValue).set("time_zone", to: mongolianTimeZone)
                .set("region_id", to: khoroo).set("name", to: "Хүүхэд хамгааллын төв (демо)").where("id", .equal, centre).run()
            let police = UUID.timeOrdered(), helpline = UUID.timeOrdered()
            for (id, name, type) in [(police, "Баянзүрх дүүргийн цагдаагийн хэлтэс (демо)", "police"), (helpline, "Хүүхдийн тусламжийн утас 108 (демо)", "child_helpline")] {
                try await db.insert(into: "organisations").columns("id", "name", "type", "region_id", "time_zone", "country_pack", "created_at")
                    .values(SQLBind(id), SQLBind(name), SQLBind(type), SQLBind(district), SQLBind(mongolianTimeZone), SQLBind(CountryPack.mongolia.rawValue), SQLBind(Date())).run()
            }
            return (district, khoroo, police, helpline)
        }

        let people: [(String, String, [Role], UUID)] = [
            ("supervisor", "Демо Ахлах нийгмийн ажилтан", [.supervisor], centre), ("counsellor", "Демо Зөвлөх", [.counsellor], centre),
            ("caseworker", "Демо Нийгмийн ажилтан", [.caseWorker], centre), ("psychologist", "Демо Сэтгэл зүйч", [.psychologist], centre),
            ("analyst", "Демо Шинжээч", [.analyst], centre), ("police", "Демо Цагдаа", [.authorityReceiver], police),
            ("helpline", "Демо 108 ажилтан", [.authorityReceiver], helpline),
        ]
        let ids: [String: UUID] = try await app.write { db in
            var ids: [String: UUID] = [:]
            for (username, name, roles, organisation) in people {
                ids[username] = try await AccountStore.create(
                    .init(username: username, displayName: name, organisationID: organisation, roles: roles.map(\.rawValue),
                          password: password, locale: "mn"),
                    organisationID: organisation, mustChangePassword: false, app: app, on: db).id
            }
            return ids
        }
        func actor(_ username: String, _ roles: Set<Role>) -> Actor {
            Actor(userID: ids[username]!, organisationID: centre, regionPath: "/", username: username, displayName: username, roles: roles,
                  locale: "mn", timeZone: zone, sessionID: "demo", csrfToken: "", via: .apiToken, mustChangePassword: false, countryPack: .mongolia)
        }
        let counsellor = actor("counsellor", [.counsellor]), supervisor = actor("supervisor", [.supervisor]), caseworker = actor("caseworker", [.caseWorker])
        let services = app.safeguard

        // the khoroo's team: a social worker, the psychologist (who answers referrals), a police liaison
        let psychologistEntry = try await app.write { db in
            var entries: [UUID] = []
            for (name, profession, services, user) in [("Демо Нийгмийн ажилтан", "social_worker", ["social_work", "family_support"], ids["caseworker"]),
                                                        ("Демо Сэтгэл зүйч", "psychologist", ["psychological_counselling", "trauma_therapy"], ids["psychologist"]),
                                                        ("Демо Хэсгийн байцаагч", "police_liaison", ["family_support"], nil)] as [(String, String, [String], UUID?)] {
                entries.append(try await DirectoryStore.create(.init(name: name, profession: profession, services: services, languages: ["mn"], regionID: khoroo,
                                                                     capacity: 5, available: true, contact: "1-р хороо, демо хаяг", userID: user),
                                                               actor: supervisor, on: db).id)
            }
            _ = try await MDTStore.create(.init(name: "1-р хорооны хамтарсан баг (демо)", level: "village", regionID: khoroo, meetingSchedule: "Мягмар гараг бүр 10:00",
                                                members: zip(entries, ["Нийгмийн ажилтан", "Сэтгэл зүйч", "Хэсгийн байцаагч"]).map { .init(entryID: $0, role: $1) }),
                                          actor: supervisor, on: db)
            _ = try await MDTStore.create(.init(name: "Баянзүрх дүүргийн хамтарсан баг (демо)", level: "city", regionID: district, meetingSchedule: "Сарын эхний Даваа 14:00",
                                                members: []), actor: supervisor, on: db)
            return entries[1]
        }

        var generator = SystemRandomNumberGenerator()
        var caseCount = 0, firstCase: UUID?
        for index in 0..<contacts {
            let contact = syntheticContact(index, summaries: mongolianSummaries, using: &generator)
            let id = try await app.write { db in try await ContactStore.create(contact, by: counsellor, services: services, caseScopes: nil, on: db) }
            guard contact.contactType.isDataContact, index % 4 == 0, let age = contact.childAge else { continue }
            // the registration number carries the birth date (month + 20 for 2000 on)
            let year = Calendar(identifier: .gregorian).component(.year, from: Date()) - age, month = Int.random(in: 1...12, using: &generator), day = Int.random(in: 1...28, using: &generator)
            let number = ["УБ", "ЧӨ", "БЗ"].randomElement(using: &generator)! + String(format: "%02d%02d%02d%02d", year % 100, month + 20, day, Int.random(in: 10...99, using: &generator))
            let child = ChildInput(name: "\(mongolianFamilyNames.randomElement()!) \(mongolianGivenNames.randomElement()!)",
                                   birthDate: String(format: "%04d-%02d-%02d", year, month, day), sex: contact.childGender?.rawValue,
                                   documentType: "mn_registration", documentNumber: number, confirmNewChild: true)
            let opened = try await app.write { db in
                let opened = try await CaseStore.openFromContact(id, input: CaseInput(child: child, confirmNewChild: true, assigneeID: ids["caseworker"]),
                                                                 actor: counsellor, services: services, on: db)
                _ = try await CaseStore.addNote(opened.id, compartment: .general, body: "Жишээ тэмдэглэл: анхны үнэлгээний уулзалт товлосон.",
                                                actor: counsellor, services: services, on: db)
                return opened.id
            }
            firstCase = firstCase ?? opened
            caseCount += 1
        }

        // a report to the police, the 108 and the khoroo's team; a referral to the team's psychologist
        try await app.write { [firstCase] db in
            let draft = ReportStore.Draft(situation: .injuriesMalnutritionOrUnconsciousness, colour: .orange,
                                          facts: "Жишээ: гэрийн айлчлалын үеэр хүүхдийн биед өөр өөр хугацааны хөхрөлт ажиглагдсан.",
                                          childDescription: "Жишээ хүүхэд, ойролцоогоор 9 настай", caseID: nil, sourceKind: .manual, sourceID: nil,
                                          recipientIDs: nil, submitNow: true)
            _ = try await ReportStore.file(draft, by: .user(counsellor), services: services, on: db)
            if let firstCase {
                _ = try await ReferralStore.send(.init(caseID: firstCase, entryID: psychologistEntry, service: "psychological_counselling", consent: "child",
                                                       sharedSections: ["child_identity", "case_summary"],
                                                       summary: "Жишээ: хүүхэд болсон явдлын дараа ярилцах хүн хүсч байна."),
                                                 actor: caseworker, services: services, on: db)
            }
        }

        let library = try await loadLibrary(app, organisation: centre, password: password, locale: "mn", displayName: "Демо Номын санч")
        let manager = try await person(app, organisation: centre, username: "rooms", displayName: "Демо Өрөө хариуцагч", role: .roomManager, password: password, locale: "mn")
        _ = try await Rooms.create(.init(name: "Сургалтын анги", capacity: 25, equipment: "Проектор, 25 сандал", accessibility: "Шатгүй орц",
                                         openDays: "MO,TU,WE,TH,FR", opens: "09:00", closes: "18:00", needsApproval: false), by: manager)
        let users = (people.map { ($0.0, $0.1, $0.2) } + library + [("rooms", "", [.roomManager])]).map { ($0.0, $0.2.map(\.rawValue).joined(separator: ",")) }
        return Result(users: users, contacts: contacts, cases: caseCount, reports: 1)
    }
}
