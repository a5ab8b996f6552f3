import Foundation
import NIOCore
import SafeguardCore
import Vapor

/// A hook call as CDS Hooks 2.0 defines it, read strictly in one pass: every problem names its field.
struct CDSRequest: Sendable {
    var hook: String
    var hookInstance: String
    var fhirServer: URL?
    var accessToken: String?
    var patientID: String
    var encounterID: String?
    var userID: String?
    var prefetch: Prefetch

    /// The request's members, read as they come in one pass over the body.
    private struct Body {
        var hook, hookInstance, fhirServer: String?
        var accessToken, tokenType: String?
        var hasAuthorization = false
        var patientId, encounterId, userId: String?
        var hasContext = false
        var prefetch: Prefetch?

        init(_ s: inout JSONScanner, screen: FactScreen) throws {
            guard try s.object({ s, name in
                switch name {
                case "hook": hook = try s.string()
                case "hookInstance": hookInstance = try s.string()
                case "fhirServer": fhirServer = try s.string()
                case "fhirAuthorization":
                    hasAuthorization = try s.object { s, name in
                        switch name {
                        case "access_token": accessToken = try s.string()
                        case "token_type": tokenType = try s.string()
                        default: try s.skip()
                        }
                    }
                case "context":
                    hasContext = try s.object { s, name in
                        switch name {
                        case "patientId": patientId = try s.string()
                        case "encounterId": encounterId = try s.string()
                        case "userId": userId = try s.string()
                        default: try s.skip()
                        }
                    }
                case "prefetch": prefetch = try Prefetch.scan(&s, screen: screen)
                default: try s.skip()
                }
            }) else { throw JSONScanner.mismatch([String: Any].self) }
        }
    }

    /// Searches in the prefetch that `screen` finds hold no fact are left unread.
    static func read(_ body: ByteBuffer?, service: CDSServiceDefinition, screen: FactScreen) throws -> CDSRequest {
        guard let body, body.readableBytes > 0 else { throw AppError.badRequest("body: must be a JSON object (a CDS Hooks request)") }
        let object: Body
        do {
            object = try body.withUnsafeReadableBytes { bytes in try JSONScanner.read(bytes) { try Body(&$0, screen: screen) } }
        } catch let error as ClinicalRecord.ShapeError {
            throw AppError.badRequest("prefetch.\(error.key): \(error.message)")
        } catch let error as DecodingError {
            if body.withUnsafeReadableBytes({ JSONScanner.nestsTooDeeply($0) }) {
                throw AppError.badRequest("body: nested more than \(JSONScanner.maxDepth - 1) levels deep")
            }
            switch error {
            case .dataCorrupted(let context) where context.codingPath.isEmpty, .typeMismatch(_, let context) where context.codingPath.isEmpty:
                throw AppError.badRequest("body: must be a JSON object (a CDS Hooks request)")
            default: break
            }
            throw AppError.badRequest(ProblemMiddleware.describe(error))
        }
        guard let hook = object.hook else { throw AppError.badRequest("hook: required, a string") }
        guard hook == service.hook else {
            throw AppError.badRequest("hook: service \(service.id) serves '\(service.hook)', not '\(hook.prefix(60))'")
        }
        guard let instance = object.hookInstance, UUID(text: instance) != nil else {
            throw AppError.badRequest("hookInstance: required, a UUID")
        }
        guard object.hasContext else { throw AppError.badRequest("context: required, an object") }
        guard let patientID = object.patientId, Self.isFHIRID(patientID) else {
            throw AppError.badRequest("context.patientId: required, a FHIR id (letters, digits, '-' and '.', up to 64)")
        }
        if let encounterID = object.encounterId, !Self.isFHIRID(encounterID) { throw AppError.badRequest("context.encounterId: not a FHIR id") }
        if service.hook.hasPrefix("encounter"), object.encounterId == nil { throw AppError.badRequest("context.encounterId: required for \(service.hook)") }

        var server: URL?
        if let text = object.fhirServer {
            guard let url = URL(string: text), ["https", "http"].contains(url.scheme ?? ""), url.host != nil else {
                throw AppError.badRequest("fhirServer: must be an http(s) URL")
            }
            server = url
        }
        var token: String?
        if object.hasAuthorization {
            guard let access = object.accessToken, !access.isEmpty, object.tokenType?.lowercased() == "bearer" else {
                throw AppError.badRequest("fhirAuthorization: needs access_token and token_type Bearer")
            }
            guard server != nil else { throw AppError.badRequest("fhirAuthorization: given without fhirServer") }
            token = access
        }
        return CDSRequest(hook: hook, hookInstance: instance, fhirServer: server, accessToken: token, patientID: patientID,
                          encounterID: object.encounterId, userID: object.userId, prefetch: object.prefetch ?? Prefetch())
    }

    /// FHIR's id type: 1 to 64 of A-Z, a-z, 0-9, '-' and '.'.
    static func isFHIRID(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."): true
            default: false
            }
        }
    }

    /// Prefetch items the service needs but the client did not send.
    func missing(for service: CDSServiceDefinition) -> [String] {
        service.prefetch.keys.filter { !prefetch.sent.contains($0) }.sorted()
    }
}

/// Fetches missing prefetch items from the client's FHIR server with the token it gave: all at
/// once, under one time limit for the whole call, and only from an address the server may reach.
enum FHIRFetcher {
    static func fetch(_ keys: [String], for request: CDSRequest, service: CDSServiceDefinition, client: any Client, timeout: TimeInterval,
                      allowPrivateNetwork: Bool, threadPool: NIOThreadPool) async throws -> [String: Data] {
        guard let server = request.fhirServer, let token = request.accessToken else {
            throw AppError.preconditionFailed("prefetch is missing \(keys.joined(separator: ", ")) and no fhirServer with fhirAuthorization was given to fetch it")
        }
        // The name is resolved on the blocking-work pool: a slow resolver must not hold a thread the requests share.
        if let problem = try await threadPool.runIfActive({ OutboundAddress.problem(with: server, allowPrivateNetwork: allowPrivateNetwork) }) {
            throw AppError.preconditionFailed("prefetch is missing \(keys.joined(separator: ", ")) and the fhirServer \(problem), so it is not fetched")
        }
        let base = server.absoluteString.hasSuffix("/") ? String(server.absoluteString.dropLast()) : server.absoluteString
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeout * 1000))
        return try await withThrowingTaskGroup(of: (String, Data).self) { group in
            for key in keys {
                let query = service.prefetch[key]!.replacingOccurrences(of: "{{context.patientId}}", with: request.patientID)
                    .replacingOccurrences(of: "{{context.encounterId}}", with: request.encounterID ?? "")
                group.addTask {
                    var headers = HTTPHeaders()
                    headers.bearerAuthorization = .init(token: token)
                    headers.add(name: .accept, value: "application/fhir+json")
                    let response: ClientResponse
                    do {
                        response = try await client.get(URI(string: base + "/" + query), headers: headers) { request in
                            request.timeout = .nanoseconds(max(1, (deadline - NIODeadline.now()).nanoseconds))
                        }
                    } catch {
                        throw AppError.preconditionFailed("the FHIR server did not answer for \(key) in time")
                    }
                    guard response.status == .ok, let body = response.body else {
                        throw AppError.preconditionFailed("the FHIR server answered \(response.status.code) for \(key)")
                    }
                    return (key, Data(buffer: body))
                }
            }
            var found: [String: Data] = [:]
            for try await (key, data) in group { found[key] = data }
            return found
        }
    }
}
