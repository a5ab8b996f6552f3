import Foundation
import SafeguardCore
import Vapor

/// A hook call as CDS Hooks 2.0 defines it, read strictly: every problem names its field.
struct CDSRequest: Sendable {
    var hook: String
    var hookInstance: String
    var fhirServer: URL?
    var accessToken: String?
    var patientID: String
    var encounterID: String?
    var userID: String?
    /// Prefetch items as raw JSON, by key; a null item is absent.
    var prefetch: [String: Data]

    static func read(_ body: ByteBuffer?, service: CDSServiceDefinition) throws -> CDSRequest {
        guard let body, let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else {
            throw AppError.badRequest("body: must be a JSON object (a CDS Hooks request)")
        }
        guard let hook = object["hook"] as? String else { throw AppError.badRequest("hook: required, a string") }
        guard hook == service.hook else {
            throw AppError.badRequest("hook: service \(service.id) serves '\(service.hook)', not '\(hook.prefix(60))'")
        }
        guard let instance = object["hookInstance"] as? String, UUID(uuidString: instance) != nil else {
            throw AppError.badRequest("hookInstance: required, a UUID")
        }
        guard let context = object["context"] as? [String: Any] else { throw AppError.badRequest("context: required, an object") }
        guard let patientID = context["patientId"] as? String, Self.isFHIRID(patientID) else {
            throw AppError.badRequest("context.patientId: required, a FHIR id (letters, digits, '-' and '.', up to 64)")
        }
        let encounterID = context["encounterId"] as? String
        if let encounterID, !Self.isFHIRID(encounterID) { throw AppError.badRequest("context.encounterId: not a FHIR id") }
        if service.hook.hasPrefix("encounter"), encounterID == nil { throw AppError.badRequest("context.encounterId: required for \(service.hook)") }

        var server: URL?
        if let text = object["fhirServer"] {
            guard let text = text as? String, let url = URL(string: text), ["https", "http"].contains(url.scheme ?? ""), url.host != nil else {
                throw AppError.badRequest("fhirServer: must be an http(s) URL")
            }
            server = url
        }
        var token: String?
        if let auth = object["fhirAuthorization"], !(auth is NSNull) {
            guard let auth = auth as? [String: Any], let access = auth["access_token"] as? String, !access.isEmpty,
                  (auth["token_type"] as? String)?.lowercased() == "bearer" else {
                throw AppError.badRequest("fhirAuthorization: needs access_token and token_type Bearer")
            }
            guard server != nil else { throw AppError.badRequest("fhirAuthorization: given without fhirServer") }
            token = access
        }
        var prefetch: [String: Data] = [:]
        if let items = object["prefetch"], !(items is NSNull) {
            guard let items = items as? [String: Any] else { throw AppError.badRequest("prefetch: must be an object") }
            for (key, value) in items where !(value is NSNull) {
                guard JSONSerialization.isValidJSONObject(value) else { throw AppError.badRequest("prefetch.\(key.prefix(40)): must be a FHIR resource") }
                prefetch[key] = try JSONSerialization.data(withJSONObject: value)
            }
        }
        return CDSRequest(hook: hook, hookInstance: instance, fhirServer: server, accessToken: token, patientID: patientID,
                          encounterID: encounterID, userID: context["userId"] as? String, prefetch: prefetch)
    }

    static func isFHIRID(_ text: String) -> Bool {
        (1...64).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
    }

    /// Prefetch items the service needs but the client did not send.
    func missing(for service: CDSServiceDefinition) -> [String] {
        service.prefetch.keys.filter { prefetch[$0] == nil }.sorted()
    }
}

/// Fetches missing prefetch items from the client's FHIR server with the token it gave, within a time limit.
enum FHIRFetcher {
    static func fetch(_ keys: [String], for request: CDSRequest, service: CDSServiceDefinition, client: any Client, timeout: TimeInterval) async throws -> [String: Data] {
        guard let server = request.fhirServer, let token = request.accessToken else {
            throw AppError.preconditionFailed("prefetch is missing \(keys.joined(separator: ", ")) and no fhirServer with fhirAuthorization was given to fetch it")
        }
        var found: [String: Data] = [:]
        for key in keys {
            let query = service.prefetch[key]!.replacingOccurrences(of: "{{context.patientId}}", with: request.patientID)
                .replacingOccurrences(of: "{{context.encounterId}}", with: request.encounterID ?? "")
            let base = server.absoluteString.hasSuffix("/") ? String(server.absoluteString.dropLast()) : server.absoluteString
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: token)
            headers.add(name: .accept, value: "application/fhir+json")
            let response: ClientResponse
            do {
                response = try await client.get(URI(string: base + "/" + query), headers: headers) { $0.timeout = .milliseconds(Int64(timeout * 1000)) }
            } catch {
                throw AppError.preconditionFailed("the FHIR server did not answer for \(key) in time")
            }
            guard response.status == .ok, let body = response.body else {
                throw AppError.preconditionFailed("the FHIR server answered \(response.status.code) for \(key)")
            }
            found[key] = Data(buffer: body)
        }
        return found
    }
}
