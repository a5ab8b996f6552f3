import SafeguardCore
import Vapor

/// The errors a handler throws on purpose. Each becomes an RFC 9457 problem for the API and a
/// friendly page in the browser. Messages name the problem, never personal data.
enum AppError: Error {
    case unauthenticated
    case forbidden(Action)
    case notFound(String)
    case invalid(ValidationErrors)
    case conflict(String)
    case badRequest(String)
    case csrfMismatch
    case lockedOut
    case rateLimited(String)
    case duplicateSuspected([ChildMatch])
    case passwordChangeRequired
    /// A CDS call without the prefetch the service needs and no FHIR server to fetch it from.
    case preconditionFailed(String)

    static func invalid(_ field: String, _ message: String) -> AppError {
        .invalid(ValidationErrors([FieldError(field, message)]))
    }

    var status: HTTPResponseStatus {
        switch self {
        case .unauthenticated: .unauthorized
        case .forbidden, .csrfMismatch, .passwordChangeRequired: .forbidden
        case .notFound: .notFound
        case .invalid: .unprocessableEntity
        case .conflict, .duplicateSuspected: .conflict
        case .badRequest: .badRequest
        case .preconditionFailed: .preconditionFailed
        case .lockedOut, .rateLimited: .tooManyRequests
        }
    }

    /// A stable problem type, documented in the OpenAPI document.
    var type: String {
        switch self {
        case .unauthenticated: "unauthenticated"
        case .forbidden: "forbidden"
        case .notFound: "not-found"
        case .invalid: "validation"
        case .conflict: "conflict"
        case .badRequest: "bad-request"
        case .preconditionFailed: "prefetch-required"
        case .csrfMismatch: "csrf"
        case .lockedOut: "locked-out"
        case .rateLimited: "rate-limited"
        case .duplicateSuspected: "possible-duplicate"
        case .passwordChangeRequired: "password-change-required"
        }
    }

    var detail: String {
        switch self {
        case .unauthenticated: "Sign in, or send a valid bearer token."
        case .forbidden(let action): "Your roles do not allow \(action.rawValue) on this record."
        case .notFound(let what): "No \(what) with this id is visible to you."
        case .invalid(let errors): errors.errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        case .conflict(let message), .badRequest(let message), .preconditionFailed(let message), .rateLimited(let message): message
        case .csrfMismatch: "The form's security token is missing or expired; reload the page and try again."
        case .lockedOut: "Too many failed sign-ins; the account is locked for a while."
        case .passwordChangeRequired: "Choose a new password first (POST /api/me/password, or My account in the browser)."
        case .duplicateSuspected(let matches):
            "\(matches.count) existing child record(s) may be this child; confirm to create a new record anyway."
        }
    }
}
