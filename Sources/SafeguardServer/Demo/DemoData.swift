import Crypto
import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Fills a fresh database with synthetic organisations, users, contacts and cases so that a new
/// user can click through. Every name here is invented.
enum DemoData {
    static let timeZone = "Asia/Shanghai"

    static let givenNames = ["Xiaoming", "Yutong", "Haoran", "Zihan", "Anu", "Bolormaa", "Temuujin", "Sarnai", "Lina", "Jun"]
    static let familyNames = ["Demo-Wang", "Demo-Li", "Demo-Zhang", "Demo-Bat", "Demo-Dorj", "Demo-Chen"]
    static let summaries = [
        "Synthetic example: child reports being bullied at school for several weeks.",
        "Synthetic example: neighbour worried about a child left alone at night.",
        "Synthetic example: teenager asks about support after a family argument.",
        "Synthetic example: parent asks how to report online harassment of their child.",
    ]

    struct Result { var users: [(username: String, roles: String)]; var contacts: Int; var cases: Int; var reports: Int }

    static func load(_ app: Application, password: String, contacts: Int = 60) async throws -> Result {
        let organisation = try await firstOrganisationOfAFreshDatabase(app)
        let people: [(String, String, [Role])] = [
            ("supervisor", "Demo Supervisor", [.supervisor]), ("supervisor2", "Demo Second Supervisor", [.supervisor]),
            ("counsellor", "Demo Counsellor", [.counsellor]), ("caseworker", "Demo Case Worker", [.caseWorker]),
            ("lawyer", "Demo Lawyer", [.lawyer]), ("psychologist", "Demo Psychologist", [.psychologist]),
            ("analyst", "Demo Analyst", [.analyst]), ("auditor", "Demo Auditor", [.auditor]),
        ]
        let ids: [String: UUID] = try await app.write { db in
            var ids: [String: UUID] = [:]
            for (username, name, roles) in people {
                ids[username] = try await AccountStore.create(
                    .init(username: username, displayName: name, organisationID: organisation, roles: roles.map(\.rawValue),
                          password: password, locale: "en"),
                    organisationID: organisation, mustChangePassword: false, app: app, on: db).id
            }
            return ids
        }
        let counsellor = Actor(userID: ids["counsellor"]!, organisationID: organisation, regionPath: "/", username: "counsellor",
                               displayName: "Demo Counsellor", roles: [.counsellor], locale: "en", timeZone: LocalTime.utc, sessionID: "demo", csrfToken: "",
                               via: .apiToken, mustChangePassword: false)
        let services = app.safeguard
        var generator = SystemRandomNumberGenerator()
        var caseCount = 0
        for index in 0..<contacts {
            let contact = syntheticContact(index, summaries: summaries, using: &generator)
            let type = contact.contactType
            let id = try await app.write { db in
                try await ContactStore.create(contact, by: counsellor, services: services, caseScopes: nil, on: db)
            }
            if type.isDataContact && index % 4 == 0 {
                let child = ChildInput(name: "\(familyNames.randomElement()!) \(givenNames.randomElement()!)",
                                       birthDate: "\(2026 - (contact.childAge ?? 10))", sex: contact.childGender?.rawValue, confirmNewChild: true)
                // The newest case stays as the counsellor opened it: no child registered yet, waiting on
                // the supervisor's dashboard for a case worker.
                let handedOver = index > 0
                try await app.write { db in
                    let opened = try await CaseStore.openFromContact(
                        id, input: CaseInput(child: handedOver ? child : nil, confirmNewChild: true, assigneeID: handedOver ? ids["caseworker"] : nil),
                        actor: counsellor, services: services, on: db)
                    _ = try await CaseStore.addNote(opened.id, compartment: .general,
                                                    body: "Synthetic note: first assessment call planned.", actor: counsellor, services: services, on: db)
                }
            }
            if type.isDataContact && index % 4 == 0 { caseCount += 1 }
        }
        let reports = try await loadReporting(app, besides: organisation, password: password, counsellor: counsellor)
        let vetting = try await loadVetting(app, besides: organisation, password: password)
        let training = try await loadTraining(app, organisation: organisation, password: password)
        let library = try await loadLibrary(app, organisation: organisation, password: password)
        let rooms = try await loadRooms(app, organisation: organisation, password: password)
        let monitoring = try await loadMonitoring(app, organisation: organisation, password: password)
        return Result(users: (people + reports.people + vetting + training + library + rooms + monitoring).map { ($0.0, $0.2.map(\.rawValue).joined(separator: ",")) }, contacts: contacts,
                      cases: caseCount, reports: reports.count)
    }

    static let hospitalIssuer = "https://ehr.demo-hospital.example"

    /// The organisation the server made at its first start, in a database without contacts yet:
    /// demo data goes only into a fresh one.
    static func firstOrganisationOfAFreshDatabase(_ app: Application) async throws -> UUID {
        let sql = app.db.sql
        guard try await sql.raw("SELECT id FROM contacts LIMIT 1").first() == nil else {
            throw AppError.conflict("The database already holds contacts; demo data goes only into a fresh database.")
        }
        guard let organisation = try await sql.raw("SELECT id FROM organisations ORDER BY created_at LIMIT 1").first()?
            .decode(column: "id", as: UUID.self) else { throw AppError.conflict("Run the server once first.") }
        return organisation
    }

    /// The `index`th of a demo's calls, seven hours apart going back: one in five with no data
    /// (silent, hung up, information only), the others about a child with one category.
    static func syntheticContact(_ index: Int, summaries: [String], using generator: inout SystemRandomNumberGenerator) -> ValidContact {
        let type: ContactType = index % 5 == 4 ? [.silent, .hangUp, .information].randomElement(using: &generator)! : (index % 2 == 0 ? .childSelf : .aboutChild)
        let started = Date().addingTimeInterval(-Double(index) * 3600 * 7)
        return ValidContact(
            channel: ContactChannel.allCases.randomElement(using: &generator)!, contactType: type, startedAt: started,
            endedAt: started.addingTimeInterval(600), callerType: type == .childSelf ? .child : .parent,
            callerAnonymous: index % 3 == 0, callerName: nil, callerIdentifier: "+976 9900 \(String(format: "%04d", index % 20))",
            childAge: type.isDataContact ? Int.random(in: 6...17, using: &generator) : nil, childAgeBand: nil,
            childGender: type.isDataContact ? [.female, .male].randomElement(using: &generator)! : nil,
            childLocation: nil, childLanguage: "mn", childSchool: nil, childLivingSituation: nil,
            categories: type.isDataContact ? [Taxonomy.allSubcategoryCodes.randomElement(using: &generator)!] : [],
            urgency: Urgency.allCases.randomElement(using: &generator)!,
            summary: type.isDataContact ? summaries.randomElement(using: &generator)! : nil,
            actions: type.isDataContact ? [.counselling] : [], referralTargets: nil, callbackRequested: false, callbackConsent: false, caseID: nil)
    }

    /// A police unit and a hospital in the NGO's region, their people, the hospital's record
    /// system with a demo signing key (kept in the data folder for `safeguard cds demo-call`),
    /// and a report the police have yet to acknowledge.
    static func loadReporting(_ app: Application, besides organisation: UUID, password: String, counsellor: Actor) async throws
        -> (people: [(String, String, [Role])], count: Int) {
        let services = app.safeguard
        let signer = ClientJWTSigner(.es384(P384.Signing.PrivateKey()), keyID: "demo-ehr-1")
        let jwks = String(decoding: try JSONEncoder().encode(JWKSet(keys: [try signer.publicJWK()])), as: UTF8.self)
        let people: [(String, String, [Role])] = [("police", "Demo Police Receiver", [.authorityReceiver]),
                                                  ("hospital", "Demo Hospital Reporter", [.designatedReporter]),
                                                  ("clerk", "Demo Hotel Clerk", [.hotelClerk])]
        let count = try await app.write { db in
            let region = try await db.raw("SELECT region_id FROM organisations WHERE id = \(bind: organisation)").first()!.decode(column: "region_id", as: UUID.self)
            let police = UUID.timeOrdered(), hospital = UUID.timeOrdered(), hotel = UUID.timeOrdered(), now = Date()
            for (id, name, type) in [(police, "Demo District Public Security Bureau", "police"), (hospital, "Demo Children's Hospital", "hospital"),
                                     (hotel, "Demo Riverside Inn", "hotel")] {
                try await db.insert(into: "organisations").columns("id", "name", "type", "region_id", "time_zone", "created_at")
                    .values(SQLBind(id), SQLBind(name), SQLBind(type), SQLBind(region), SQLBind(Self.timeZone), SQLBind(now)).run()
            }
            // The demo is a line in China: its people read Beijing time unless they choose otherwise.
            try await db.update("organisations").set("time_zone", to: Self.timeZone).where("id", .equal, organisation).run()
            try await db.insert(into: "lodging_businesses").columns("organisation_id", "licence_number", "address")
                .values(SQLBind(hotel), SQLBind("DEMO-LIC-0001"), SQLBind("1 Demo Riverside Road")).run()
            let homes: [Role: UUID] = [.authorityReceiver: police, .designatedReporter: hospital, .hotelClerk: hotel]
            for (username, name, roles) in people {
                _ = try await AccountStore.create(.init(username: username, displayName: name, organisationID: homes[roles[0]]!,
                                                        roles: roles.map(\.rawValue), password: password, locale: "en"),
                                                  organisationID: homes[roles[0]]!, mustChangePassword: false, app: app, on: db)
            }
            try await db.insert(into: "cds_clients").columns("id", "organisation_id", "issuer", "jwks", "active", "created_at", "updated_at")
                .values(SQLBind(UUID.timeOrdered()), SQLBind(hospital), SQLBind(hospitalIssuer), SQLBind(jwks), SQLBind(true), SQLBind(now), SQLBind(now)).run()
            let draft = ReportStore.Draft(situation: .injuriesMalnutritionOrUnconsciousness, colour: .orange,
                                          facts: "Synthetic example: bruises of different ages seen on a child at a home visit.",
                                          childDescription: "Synthetic child, about 9", caseID: nil, sourceKind: .manual, sourceID: nil,
                                          recipientIDs: nil, submitNow: true)
            _ = try await ReportStore.file(draft, by: .user(counsellor), services: services, on: db)
            return 1
        }
        try DemoKey.save(signer, issuer: hospitalIssuer, settings: services.settings)
        return (people, count)
    }
}

/// The demo hospital's private signing key, so that `safeguard cds demo-call` can act as its
/// record system. Only the demo makes one; a real hospital keeps its key to itself.
enum DemoKey {
    struct Stored: Codable { var issuer: String; var kid: String; var d: String }

    static func path(_ settings: Settings) -> String { (settings.dataDirectory as NSString).appendingPathComponent("demo-ehr-key.json") }

    static func save(_ signer: ClientJWTSigner, issuer: String, settings: Settings) throws {
        guard case .es384(let key) = signer.key else { return }
        let data = try JSONEncoder().encode(Stored(issuer: issuer, kid: signer.keyID, d: Base64URL.encode(key.rawRepresentation)))
        guard FileManager.default.createFile(atPath: path(settings), contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw AppError.conflict("Cannot write \(path(settings)).")
        }
    }

    static func load(_ settings: Settings) throws -> (ClientJWTSigner, String) {
        guard let data = FileManager.default.contents(atPath: path(settings)),
              let stored = try? JSONDecoder().decode(Stored.self, from: data), let raw = Base64URL.decode(stored.d) else {
            throw AppError.conflict("No demo record-system key in the data folder: run `safeguard demo` on a fresh database first.")
        }
        return (ClientJWTSigner(.es384(try P384.Signing.PrivateKey(rawRepresentation: raw)), keyID: stored.kid), stored.issuer)
    }
}

extension DemoData {
    /// A demo account of one role in the organisation, and a caller acting as it: what the demo's
    /// code writes is written as that person would.
    static func person(_ app: Application, organisation: UUID, username: String, displayName: String, role: Role, password: String,
                       locale: String = "en") async throws -> Caller {
        let id = try await app.write { db in
            try await AccountStore.create(.init(username: username, displayName: displayName, organisationID: organisation, roles: [role.rawValue],
                                                password: password, locale: locale),
                                          organisationID: organisation, mustChangePassword: false, app: app, on: db).id
        }
        return Caller(actor: Actor(userID: id, organisationID: organisation, regionPath: "/", username: username, displayName: displayName, roles: [role],
                                   locale: locale, timeZone: TimeZone(identifier: timeZone)!, sessionID: "demo", csrfToken: "", via: .apiToken,
                                   mustChangePassword: false), app: app)
    }
}
