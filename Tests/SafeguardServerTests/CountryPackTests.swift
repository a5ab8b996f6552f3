import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Two organisations on one server, each with its country's rules: a Mongolian centre records a
/// child by the registration number, checked against the birth date; a Chinese one keeps China's.
@Suite struct CountryPackTests {
    @Test func aMongolianCentreTakesRegistrationNumbersAndAChineseOneKeepsChinasDocuments() async throws {
        try await TestServer.run { server in
            // setup: a Mongolian centre with a social worker
            let root = try server.decode([AccountsController.RegionRow].self, try await server.send(.GET, "/api/regions", as: .administrator))[0].id
            let created = try await server.send(.POST, "/api/organisations", as: .administrator,
                                                json: #"{"name":"Synthetic Khoroo Child Protection Centre","type":"ngo","regionID":"\#(root)","countryPack":"mn"}"#)
            #expect(created.status == .created, "\(created.body.string)")
            let centre = try server.decode(IDOnly.self, created).id
            let (_, worker) = try await TestServer.addUser(server.app, username: "synthetic-mn-worker", roles: [.caseWorker], organisationID: centre)

            // act
            let recorded = try await server.send(.POST, "/api/children", token: worker, json: """
                {"name":"Synthetic Болд","birthDate":"2013-05-04","sex":"male","documentType":"mn_registration","documentNumber":"чө13250421"}
                """)

            // assert
            #expect(recorded.status == .created, "\(recorded.body.string)")
            // an estimated year is only near the true one: not held against the number
            let estimated = try await server.send(.POST, "/api/children", token: worker, json: """
                {"name":"Synthetic Сараа","birthDate":"2012","birthDateEstimated":true,"sex":"female","documentType":"mn_registration","documentNumber":"УБ13300712"}
                """)
            #expect(estimated.status == .created, "\(estimated.body.string)")
            let refusals: [(String, String)] = [
                (#"{"name":"Synthetic","birthDate":"2013-04-05","documentType":"mn_registration","documentNumber":"ЧӨ13250421"}"#, "does not match the birth date in the registration number"),
                (#"{"name":"Synthetic","documentType":"mn_registration","documentNumber":"CH13250421"}"#, "Mongolian Cyrillic alphabet"),
                (#"{"name":"Synthetic","documentType":"mn_registration","documentNumber":"ЧӨ13023012"}"#, "does not exist"),
                (#"{"name":"Synthetic","documentType":"resident_id","documentNumber":"110105201303040011"}"#, "expected one of: mn_registration"),
            ]
            for (json, message) in refusals {
                let refused = try await server.send(.POST, "/api/children", token: worker, json: json)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(message), "\(json): \(refused.body.string)")
                #expect(!refused.body.string.contains("13250421") && !refused.body.string.contains("13023012"), "the number is not repeated")
            }
            // the Chinese organisation keeps China's documents
            let chinese = try await server.send(.POST, "/api/children", as: .caseWorker,
                                                json: #"{"name":"Synthetic","documentType":"mn_registration","documentNumber":"ЧӨ13250421"}"#)
            #expect(chinese.status == .unprocessableEntity && chinese.body.string.contains("expected one of: resident_id"))
            let unknown = try await server.send(.POST, "/api/organisations", as: .administrator,
                                                json: #"{"name":"Synthetic","type":"ngo","regionID":"\#(root)","countryPack":"XX"}"#)
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("CN, MN"))
            let pack = try await server.app.db.sql.raw("SELECT country_pack FROM organisations WHERE id = \(bind: server.organisationID)").first()!
                .decode(column: "country_pack", as: String.self)
            #expect(pack == "CN", "an organisation that was there before is China's")
        }
    }
}
