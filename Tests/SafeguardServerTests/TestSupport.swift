import Foundation
import NIOCore
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A running Safeguard for one test: its own SQLite file in a temporary folder, or its own
/// PostgreSQL schema when DATABASE_URL is set (so tests can run in parallel on both).
struct TestServer {
    let app: Application
    let settings: Settings
    let organisationID: UUID
    /// A bearer token per role, each for a user holding just that role.
    let tokens: [Role: String]
    let users: [Role: UUID]

    static let password = "correct horse battery"

    static var onPostgres: Bool { ProcessInfo.processInfo.environment["DATABASE_URL"].map { !$0.isEmpty } ?? false }

    static func run(settings adjust: (inout Settings) -> Void = { _ in }, _ body: (TestServer) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safeguard-test-\(UUID().uuidString)").path
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let env = ProcessInfo.processInfo.environment
        var settings = Settings(dataDirectory: folder, databaseURL: env["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
                                databaseSchema: onPostgres ? String(schema) : nil, adminPassword: password, bcryptCost: 4,
                                // Tests run in parallel, each with its own pool: keep each small.
                                postgresConnectionsPerLoop: 2)
        // Tests run the deadline sweeper by hand, with their own clock.
        settings.sweepInterval = 0
        // and take audit checkpoints by hand
        settings.auditCheckpointSeconds = 0
        adjust(&settings)
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: settings)
            _ = try await prepare(app)
            let server = try await makeUsers(app, settings: settings)
            try await body(server)
        } catch {
            try await cleanUp(app, folder: folder, schema: String(schema))
            throw error
        }
        try await cleanUp(app, folder: folder, schema: String(schema))
    }

    private static func cleanUp(_ app: Application, folder: String, schema: String) async throws {
        if onPostgres { try? await app.db.sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run() }
        try await app.asyncShutdown()
        try? FileManager.default.removeItem(atPath: folder)
    }

    private static func makeUsers(_ app: Application, settings: Settings) async throws -> TestServer {
        let organisation = try await app.db.sql.raw("SELECT id FROM organisations LIMIT 1").first()!.decode(column: "id", as: UUID.self)
        var tokens: [Role: String] = [:], users: [Role: UUID] = [:]
        for role in Role.allCases {
            let (id, token) = try await addUser(app, username: "test-\(role.rawValue)", roles: [role], organisationID: organisation)
            tokens[role] = token
            users[role] = id
        }
        return TestServer(app: app, settings: settings, organisationID: organisation, tokens: tokens, users: users)
    }

    @discardableResult
    static func addUser(_ app: Application, username: String, roles: [Role], organisationID: UUID) async throws -> (UUID, String) {
        try await app.write { db in
            let id = try await AccountStore.create(.init(username: username, displayName: "Test \(username)", organisationID: organisationID,
                                                         roles: roles.map(\.rawValue), password: password, locale: "en"),
                                                   organisationID: organisationID, mustChangePassword: false, app: app, on: db).id
            let token = try await SessionStore.create(userID: id, kind: .api, lifetime: 3600, on: db)
            return (id, token)
        }
    }

    /// A second organisation with its own supervisor-counsellor, for cross-organisation checks.
    func otherOrganisation() async throws -> (id: UUID, token: String) {
        let organisation = try await app.write { db in
            let region = try await RegionStore.create(code: "OTHER-\(UUID().uuidString.prefix(6))", name: "Other", parentID: nil, on: db)
            let organisation = UUID()
            try await db.insert(into: "organisations").columns("id", "name", "type", "region_id", "created_at")
                .values(SQLBind(organisation), SQLBind("Other NGO"), SQLBind("ngo"), SQLBind(region), SQLBind(Date())).run()
            return organisation
        }
        let (_, token) = try await TestServer.addUser(app, username: "other-\(UUID().uuidString.prefix(6).lowercased())",
                                                      roles: [.supervisor, .counsellor], organisationID: organisation)
        return (organisation, token)
    }

    // MARK: requests

    func send(_ method: HTTPMethod, _ path: String, as role: Role? = nil, token: String? = nil, json: String? = nil,
              headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var headers = extra
        if let bearer = token ?? role.flatMap({ tokens[$0] }) { headers.bearerAuthorization = .init(token: bearer) }
        var body: ByteBuffer? = nil
        if let json {
            headers.contentType = .json
            body = ByteBuffer(string: json)
        }
        return try await app.testing().sendRequest(method, path, headers: headers, body: body) { request in
            request.url = URI(string: path)
        }
    }

    func send<T: Encodable>(_ method: HTTPMethod, _ path: String, as role: Role, body: T) async throws -> TestingHTTPResponse {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return try await send(method, path, as: role, json: String(decoding: try encoder.encode(body), as: UTF8.self))
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: TestingHTTPResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(buffer: response.body))
    }

    /// Records a contact as the counsellor and returns its id.
    func createContact(_ json: String = TestServer.typicalContact, as role: Role = .counsellor) async throws -> UUID {
        let response = try await send(.POST, "/api/contacts", as: role, json: json)
        #expect(response.status == .created, "\(response.body.string)")
        return try decode(ContactsController.Created.self, response).id
    }

    func openCase(from contact: UUID, as role: Role = .counsellor, json: String = "{}") async throws -> UUID {
        let response = try await send(.POST, "/api/contacts/\(contact.uuidString)/case", as: role, json: json)
        #expect(response.status == .created, "\(response.body.string)")
        return try decode(CaseCreated.self, response).id
    }

    static let typicalContact = """
        {"channel":"voice","contactType":"child_self","caller":{"type":"child","identifier":"+86 138 0013 8000"},
         "child":{"age":13,"gender":"female","location":"Synthetic District 7","school":"Synthetic Middle School"},
         "categories":["violence.bullying","mental_health.emotional_distress"],"urgency":"high",
         "summary":"Synthetic narrative: pupil describes being hit by classmates after school.",
         "actions":["counselling"],"callbackRequested":false,"callbackConsent":false}
        """
}

extension TestingHTTPResponse {
    var problem: Problem? { try? JSONDecoder().decode(Problem.self, from: Data(buffer: body)) }
}
