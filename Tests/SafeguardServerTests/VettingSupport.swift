import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A school with two vetting officers (its nominated contacts), and synthetic people.
struct VettingWorld {
    let school: UUID
    let officer: String
    let officerID: UUID
    let deputy: String
    let deputyID: UUID
    let officerUsername: String

    /// A synthetic, valid GB 11643 number: region 110105, the birth date, a sequence (odd for men).
    static func residentID(born: String, sequence: Int) -> String {
        let first17 = "110105" + born.replacingOccurrences(of: "-", with: "") + String(format: "%03d", sequence)
        return first17 + String(ResidentID.checkCharacter(forFirst17: first17.compactMap(\.wholeNumberValue)))
    }

    static let header = RegistryRecordInput.columns.joined(separator: ",")

    static func registryRow(name: String, sex: String, born: String, id: String, reference: String, offence: String = "sexual_assault") -> String {
        "\(name),\(sex),\(born),resident_id,\(id),\(offence),conviction,2020-05-06,Synthetic District Court,,,\(reference)"
    }

    static func make(_ server: TestServer) async throws -> VettingWorld {
        let school = try await server.app.write { db in
            let region = try await db.raw("SELECT region_id FROM organisations LIMIT 1").first()!.decode(column: "region_id", as: UUID.self)
            let id = UUID()
            try await db.insert(into: "organisations").columns("id", "name", "type", "region_id", "created_at")
                .values(SQLBind(id), SQLBind("Synthetic Primary School"), SQLBind("school"), SQLBind(region), SQLBind(Date())).run()
            return id
        }
        let suffix = UUID().uuidString.prefix(6).lowercased()
        let (officerID, officer) = try await TestServer.addUser(server.app, username: "officer-\(suffix)", roles: [.vettingOfficer], organisationID: school)
        let (deputyID, deputy) = try await TestServer.addUser(server.app, username: "deputy-\(suffix)", roles: [.vettingOfficer], organisationID: school)
        return VettingWorld(school: school, officer: officer, officerID: officerID, deputy: deputy, deputyID: deputyID,
                            officerUsername: "officer-\(suffix)")
    }

    /// Registers the school as a unit (optionally with a webhook) and has a keeper approve it.
    func register(_ server: TestServer, webhook: String? = nil) async throws -> VettingUnits.Registered {
        let hook = webhook.map { #","webhookURL":"\#($0)""# } ?? ""
        let response = try await server.send(.POST, "/api/vetting/units", token: officer,
                                             json: #"{"unitType":"school","contact1ID":"\#(officerID)","contact2ID":"\#(deputyID)"\#(hook)}"#)
        #expect(response.status == .created, "\(response.body.string)")
        let registered = try server.decode(VettingUnits.Registered.self, response)
        let approved = try await server.send(.POST, "/api/vetting/units/\(school)/approve", as: .registryKeeper)
        #expect(approved.status == .noContent, "\(approved.body.string)")
        return registered
    }

    /// Imports registry lines (the header is added) as a keeper, all or nothing.
    static func importRegistry(_ server: TestServer, _ lines: [String], options: String = "") async throws -> TestingHTTPResponse {
        try await csv(server, "/api/vetting/registry/imports?mode=all_or_nothing\(options)", as: .registryKeeper, ([header] + lines).joined(separator: "\n"))
    }

    static func csv(_ server: TestServer, _ path: String, token: String? = nil, as role: Role? = nil, _ text: String) async throws -> TestingHTTPResponse {
        try await server.send(.POST, path, as: role, token: token, bytes: Array(text.utf8))
    }
}

extension TestServer {
    /// Sends a CSV file as the request body.
    func send(_ method: HTTPMethod, _ path: String, as role: Role? = nil, token: String? = nil, bytes: [UInt8]) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let bearer = token ?? role.flatMap({ tokens[$0] }) { headers.bearerAuthorization = .init(token: bearer) }
        headers.contentType = HTTPMediaType(type: "text", subType: "csv")
        return try await app.testing().sendRequest(method, path, headers: headers, body: ByteBuffer(bytes: bytes)) { request in
            request.url = URI(string: path)
        }
    }
}
