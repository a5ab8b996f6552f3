import Logging
import SafeguardCore
import Vapor

/// RFC 9457 problem details.
struct Problem: Content {
    var type: String
    var title: String
    var status: Int
    var detail: String?
    var errors: [FieldError]?
    var matches: [ChildMatch]?
}

/// Turns every error into a problem document (API) or a page (browser), and logs the route
/// pattern and status only: paths and query strings can carry identifiers and search terms.
struct ProblemMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch let error as any AbortError where error.status == .notFound && request.route == nil {
            // A path that exists with other methods answers 405 and names them, as HTTP asks.
            let allowed = AllowedMethods.for(request.url.path, in: request.application.routes)
            if allowed.isEmpty {
                response = Self.response(for: error, request: request)
            } else {
                response = Self.response(for: Abort(.methodNotAllowed, reason: "Use \(allowed.joined(separator: ", ")) on this path."), request: request)
                response.headers.replaceOrAdd(name: .allow, value: allowed.joined(separator: ", "))
            }
        } catch {
            if let tampered = Self.tampering(error) { await Self.record(tampered, request: request) }
            response = Self.response(for: error, request: request)
        }
        Self.addSecurityHeaders(to: response)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        let elapsed = ContinuousClock.now - started
        request.application.requestMetrics.record(method: request.method.rawValue, route: route, status: response.status.code, duration: elapsed)
        request.logger.info("\(request.method) \(route) \(response.status.code) \(elapsed)")
        return response
    }

    /// On every response, errors and 404s included: no type sniffing, no referrer leaving with an
    /// address that holds an id, and the content policy pages have (JSON gets the same one).
    static func addSecurityHeaders(to response: Response) {
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        if !response.headers.contains(name: "Content-Security-Policy") {
            response.headers.add(name: "Content-Security-Policy", value: HTML.contentSecurityPolicy)
        }
    }

    /// A record changed outside Safeguard, found by its seal, an encrypted value or a code.
    static func tampering(_ error: any Error) -> RecordTampered? {
        switch error {
        case let tampered as RecordTampered: tampered
        case FieldCipherError.authenticationFailed(let context): RecordTampered(cipherContext: context)
        default: nil
        }
    }

    /// The refusal is audited (ids only) and logged for the operator, apart from the reader's answer.
    static func record(_ tampered: RecordTampered, request: Request) async {
        request.logger.critical("integrity check failed", metadata: ["recordType": "\(tampered.recordType)", "recordID": "\(tampered.recordID)"])
        let actorID = request.actorIfSignedIn?.userID.uppercaseText ?? "anonymous"
        let organisationID = request.actorIfSignedIn?.organisationID.uppercaseText ?? ""
        do {
            try await request.write { db in
                try await AuditLog.append([.init(verb: .read, recordType: tampered.recordType, recordID: tampered.recordID,
                                                 reason: "refused: integrity check failed")], actorID: actorID, organisationID: organisationID, on: db)
            }
        } catch {
            request.logger.error("could not audit an integrity failure: \(String(reflecting: type(of: error)))")
        }
    }

    static func problem(for error: any Error, request: Request) -> Problem {
        if tampering(error) != nil {
            return Problem(type: "/problems/record-integrity", title: "Internal Server Error", status: 500,
                           detail: "This record was changed outside Safeguard and cannot be trusted, so it is not shown. The refusal was recorded for the administrators.",
                           errors: nil)
        }
        switch error {
        case let error as AppError:
            var errors: [FieldError]? = nil
            if case .invalid(let validation) = error { errors = validation.errors }
            var matches: [ChildMatch]? = nil
            if case .duplicateSuspected(let found) = error { matches = found }
            return Problem(type: "/problems/\(error.type)", title: error.status.reasonPhrase, status: Int(error.status.code),
                           detail: error.detail, errors: errors, matches: matches)
        case is CDSUnauthorized:
            // CDS Hooks: 401 and nothing that would help someone probing the keys.
            return Problem(type: "/problems/unauthenticated", title: "Unauthorized", status: 401, detail: nil, errors: nil)
        case let error as ValidationErrors:
            return problem(for: AppError.invalid(error), request: request)
        case let error as DecodingError:
            return Problem(type: "/problems/bad-request", title: "Bad Request", status: 400,
                           detail: Self.describe(error), errors: nil)
        case let error as any AbortError:
            return Problem(type: "/problems/http-\(error.status.code)", title: error.status.reasonPhrase,
                           status: Int(error.status.code), detail: error.reason, errors: nil)
        case _ where UniqueViolation.matches(error):
            return problem(for: AppError.conflict("another request saved the same value at the same moment; nothing of this one was saved: check and try again"),
                           request: request)
        default:
            request.logger.error("unhandled error: \(String(reflecting: type(of: error)))")
            return Problem(type: "/problems/internal", title: "Internal Server Error", status: 500,
                           detail: "Something went wrong on our side; nothing was saved.", errors: nil)
        }
    }

    static func response(for error: any Error, request: Request) -> Response {
        let problem = problem(for: error, request: request)
        if request.wantsHTML {
            if problem.status == 401 { return request.redirect(to: PagePaths.login()) }
            if problem.type == "/problems/password-change-required" { return request.redirect(to: AccountsPaths.account()) }
            return ErrorPage.response(problem, request: request)
        }
        let response = Response(status: HTTPResponseStatus(statusCode: problem.status),
                                body: .init(data: (try? JSONEncoder().encode(problem)) ?? Data()))
        response.headers.contentType = .init(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
        if problem.status == 401 { response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
        if problem.status == 429 { response.headers.replaceOrAdd(name: .retryAfter, value: "60") }
        return response
    }

    /// Names the field and the problem without echoing the value, which may be personal data.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let joined = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return joined.isEmpty ? "body" : joined
        }
        switch error {
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): expected \(type), found null"
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "\(parent == "body" ? "" : parent + ".")\(key.stringValue): required field is missing"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "body: not valid JSON" : "\(path(context)): \(context.debugDescription)"
        @unknown default: return "body: could not be read"
        }
    }
}

/// The methods registered for a concrete path (parameters match any segment).
enum AllowedMethods {
    static func `for`(_ path: String, in routes: Routes) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var methods = Set<String>()
        for route in routes.all where route.path.count == segments.count {
            let matches = zip(route.path, segments).allSatisfy { component, segment in
                switch component {
                case .constant(let value): value == segment
                case .parameter: true
                default: false
                }
            }
            if matches { methods.insert(route.method.rawValue) }
        }
        // Every GET route answers HEAD too.
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
    }
}

extension Request {
    /// Browser pages live outside /api; their errors are pages, not JSON. The health, metrics and
    /// OpenAPI documents are for programs too.
    var wantsHTML: Bool {
        let path = url.path
        return !path.hasPrefix("/api/") && !path.hasPrefix(ClinicalPaths.cdsServices()) && ![ServerPaths.healthz(), ServerPaths.readyz(), ServerPaths.metrics(), ServerPaths.openapiJson()].contains(path)
    }
}
