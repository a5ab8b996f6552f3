import Crypto
import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A hospital with a registered record system, a police unit over it, and their people.
struct ReportingWorld {
    let hospital: UUID
    let police: UUID
    /// A designated reporter at the hospital.
    let reporter: String
    /// An authority receiver at the police unit.
    let receiver: String
    let reporterUsername: String
    let receiverUsername: String
    let signer: ClientJWTSigner
    let issuer = "https://ehr.synthetic-hospital.example"

    static func make(_ server: TestServer) async throws -> ReportingWorld {
        let (hospital, police) = try await server.app.write { db in
            let region = try await RegionStore.create(code: "CITY-\(UUID().uuidString.prefix(6))", name: "Synthetic City", parentID: nil, on: db)
            let hospital = UUID(), police = UUID()
            for (id, name, type) in [(hospital, "Synthetic Children's Hospital", "hospital"), (police, "Synthetic City Public Security Bureau", "police")] {
                try await db.insert(into: "organisations").columns("id", "name", "type", "region_id", "created_at")
                    .values(SQLBind(id), SQLBind(name), SQLBind(type), SQLBind(region), SQLBind(Date())).run()
            }
            return (hospital, police)
        }
        let suffix = UUID().uuidString.prefix(6).lowercased()
        let (_, reporter) = try await TestServer.addUser(server.app, username: "reporter-\(suffix)", roles: [.designatedReporter], organisationID: hospital)
        let (_, receiver) = try await TestServer.addUser(server.app, username: "receiver-\(suffix)", roles: [.authorityReceiver], organisationID: police)
        let world = ReportingWorld(hospital: hospital, police: police, reporter: reporter, receiver: receiver,
                                   reporterUsername: "reporter-\(suffix)", receiverUsername: "receiver-\(suffix)",
                                   signer: ClientJWTSigner(.es384(P384.Signing.PrivateKey()), keyID: "ehr-key-1"))
        // The administrator registers the record system and its public key.
        let jwks = String(decoding: try JSONEncoder().encode(JWKSet(keys: [try world.signer.publicJWK()])), as: UTF8.self)
        let registered = try await server.send(.POST, "/api/cds-clients", as: .administrator,
                                               json: #"{"organisationID":"\#(hospital.uuidString)","issuer":"\#(world.issuer)","jwks":\#(jwks)}"#)
        #expect(registered.status == .created, "\(registered.body.string)")
        return world
    }

    /// An authority of `type` in the same region as `organisationID`, with a receiver; returns its id and the receiver's token.
    static func addAuthority(_ server: TestServer, besides organisationID: UUID, type: String = "police", name: String = "Synthetic District Police") async throws -> (UUID, String) {
        let id = try await server.app.write { db in
            let region = try await db.raw("SELECT region_id FROM organisations WHERE id = \(bind: organisationID)").first()!.decode(column: "region_id", as: UUID.self)
            let id = UUID()
            try await db.insert(into: "organisations").columns("id", "name", "type", "region_id", "created_at")
                .values(SQLBind(id), SQLBind(name), SQLBind(type), SQLBind(region), SQLBind(Date())).run()
            return id
        }
        let (_, token) = try await TestServer.addUser(server.app, username: "receiver-\(UUID().uuidString.prefix(8).lowercased())",
                                                      roles: [.authorityReceiver], organisationID: id)
        return (id, token)
    }

    static let service = "safeguard-encounter-start"

    func token(service: String = ReportingWorld.service, now: Date = Date()) throws -> String {
        try signer.token(issuer: issuer, audience: "http://localhost:8080/cds-services/\(service)", now: now)
    }

    /// An encounter-start call with prefetch for a patient born on `birthDate`.
    static func call(birthDate: String = "2013-03-01", observations: [String] = [pregnant], conditions: [String] = [],
                     patientID: String = "synthetic-1", prefetch: Bool = true) -> String {
        let items = prefetch ? #","prefetch":{"patient":\#(SyntheticFHIR.patient(id: patientID, birthDate: birthDate)),"encounter":\#(SyntheticFHIR.encounter(start: "2026-11-20T09:00:00Z")),"observations":\#(SyntheticFHIR.bundle(observations)),"conditions":\#(SyntheticFHIR.bundle(conditions))}"# : ""
        return #"{"hook":"encounter-start","hookInstance":"\#(UUID().uuidString)","context":{"userId":"Practitioner/dr-synthetic","patientId":"\#(patientID)","encounterId":"e1"}\#(items)}"#
    }

    static let pregnant = SyntheticFHIR.observation(id: "preg", code: "82810-3", answer: ("http://loinc.org", "LA15173-0"))

    func invoke(_ server: TestServer, _ body: String = ReportingWorld.call(), token: String? = nil) async throws -> TestingHTTPResponse {
        try await server.send(.POST, "/cds-services/\(Self.service)", token: try token ?? self.token(), json: body)
    }

    func cards(_ server: TestServer, _ body: String = ReportingWorld.call()) async throws -> [CDSCard.Card] {
        let response = try await invoke(server, body)
        #expect(response.status == .ok, "\(response.body.string)")
        return try server.decode(CDSCard.Response.self, response).cards
    }

    func feedback(_ server: TestServer, card: String, outcome: String, reason: String? = nil) async throws -> TestingHTTPResponse {
        let override = reason.map { #","overrideReason":{"reason":{"system":"\#(CDSServices.overrideSystem)","code":"\#($0)"},"userComment":"Synthetic comment"}"# } ?? ""
        return try await server.send(.POST, "/cds-services/\(Self.service)/feedback", token: try token(),
                                     json: #"{"feedback":[{"card":"\#(card)","outcome":"\#(outcome)"\#(override),"outcomeTimestamp":"2026-11-26T10:00:00Z"}]}"#)
    }

    func count(_ server: TestServer, _ sql: SQLQueryString) async throws -> Int {
        try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM \(sql)").first()!.decode(column: "n", as: Int.self)
    }
}
