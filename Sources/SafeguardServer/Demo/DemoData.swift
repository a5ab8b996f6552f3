import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Fills a fresh database with synthetic organisations, users, contacts and cases so that a new
/// user can click through. Every name here is invented.
enum DemoData {
    static let givenNames = ["Xiaoming", "Yutong", "Haoran", "Zihan", "Anu", "Bolormaa", "Temuujin", "Sarnai", "Lina", "Jun"]
    static let familyNames = ["Demo-Wang", "Demo-Li", "Demo-Zhang", "Demo-Bat", "Demo-Dorj", "Demo-Chen"]
    static let summaries = [
        "Synthetic example: child reports being bullied at school for several weeks.",
        "Synthetic example: neighbour worried about a child left alone at night.",
        "Synthetic example: teenager asks about support after a family argument.",
        "Synthetic example: parent asks how to report online harassment of their child.",
    ]

    struct Result { var users: [(username: String, roles: String)]; var contacts: Int; var cases: Int }

    static func load(_ app: Application, password: String, contacts: Int = 60) async throws -> Result {
        let sql = app.db.sql
        guard try await sql.raw("SELECT id FROM contacts LIMIT 1").first() == nil else {
            throw AppError.conflict("The database already holds contacts; demo data goes only into a fresh database.")
        }
        guard let organisation = try await sql.raw("SELECT id FROM organisations ORDER BY created_at LIMIT 1").first()?
            .decode(column: "id", as: UUID.self) else { throw AppError.conflict("Run the server once first.") }
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
                               displayName: "Demo Counsellor", roles: [.counsellor], locale: "en", sessionID: "demo", csrfToken: "",
                               via: .apiToken, mustChangePassword: false)
        let services = app.safeguard
        var generator = SystemRandomNumberGenerator()
        var caseCount = 0
        for index in 0..<contacts {
            let type: ContactType = index % 5 == 4 ? [.silent, .hangUp, .information].randomElement(using: &generator)! :
                (index % 2 == 0 ? .childSelf : .aboutChild)
            let categories = type.isDataContact ? [Taxonomy.allSubcategoryCodes.randomElement(using: &generator)!] : []
            let started = Date().addingTimeInterval(-Double(index) * 3600 * 7)
            let contact = ValidContact(
                channel: ContactChannel.allCases.randomElement(using: &generator)!, contactType: type, startedAt: started,
                endedAt: started.addingTimeInterval(600), callerType: type == .childSelf ? .child : .parent,
                callerAnonymous: index % 3 == 0, callerName: nil, callerIdentifier: "+976 9900 \(String(format: "%04d", index % 20))",
                childAge: type.isDataContact ? Int.random(in: 6...17, using: &generator) : nil, childAgeBand: nil,
                childGender: type.isDataContact ? [.female, .male].randomElement(using: &generator)! : nil,
                childLocation: nil, childLanguage: "mn", childSchool: nil, childLivingSituation: nil,
                categories: categories, urgency: Urgency.allCases.randomElement(using: &generator)!,
                summary: type.isDataContact ? summaries.randomElement(using: &generator)! : nil,
                actions: type.isDataContact ? [.counselling] : [], referralTargets: nil,
                callbackRequested: false, callbackConsent: false, caseID: nil)
            let id = try await app.write { db in
                try await ContactStore.create(contact, by: counsellor, services: services, caseScopes: nil, on: db)
            }
            if type.isDataContact && index % 4 == 0 {
                let child = ChildInput(name: "\(familyNames.randomElement()!) \(givenNames.randomElement()!)",
                                       birthDate: "\(2026 - (contact.childAge ?? 10))", sex: contact.childGender?.rawValue, confirmNewChild: true)
                try await app.write { db in
                    let opened = try await CaseStore.openFromContact(
                        id, input: CaseInput(child: child, confirmNewChild: true, assigneeID: ids["caseworker"]),
                        actor: counsellor, services: services, on: db)
                    _ = try await CaseStore.addNote(opened.id, compartment: .general,
                                                    body: "Synthetic note: first assessment call planned.", actor: counsellor, services: services, on: db)
                }
            }
            if type.isDataContact && index % 4 == 0 { caseCount += 1 }
        }
        return Result(users: people.map { ($0.0, $0.2.map(\.rawValue).joined(separator: ",")) }, contacts: contacts, cases: caseCount)
    }
}
