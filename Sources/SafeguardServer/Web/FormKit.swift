import SafeguardCore
import Vapor

/// What every form needs when a post is refused: the page comes back with what was typed, and a
/// summary at the top that names each problem by the label the form shows, linked to its field,
/// never by the request's internal name (`child.age`, `services[2]`).
enum FormKit {
    /// Where each field the validation names sits on the form (its element id) and its label's key;
    /// `part+label` names a field of a repeated part ("Co-occupant 2 · Name"). A field is found by its
    /// whole name (`minors[0].name`) or, for a list, by the list's (`services[2]` is `services`).
    typealias Places = [String: (id: String, label: String)]

    static func errorSummary(_ errors: [FieldError], places: Places, _ s: Strings) -> HTML {
        guard !errors.isEmpty else { return "" }
        let items: [HTML] = errors.map { e in
            // `services[2]` is the services field
            let field = e.field.firstIndex(of: "[").map { String(e.field[..<$0]) } ?? e.field
            guard let place = places[e.field] ?? places[field] else { return "<li>\(s.problem(e.message))</li>" }
            let label = place.label.split(separator: "+").map { s[String($0)] }.joined(separator: " · ")
            return "<li><a href=\"#\(place.id)\">\(label)</a>: \(s.problem(e.message))</li>"
        }
        return "<div class=\"errors\" role=\"alert\" tabindex=\"-1\" autofocus><p>\(s["error.fix"])</p><ul>\(items)</ul></div>"
    }

    /// Saves; when what was typed is refused, answers 422 with the form again (`show` is given the
    /// problems) instead of an error page. Any other error stays an error.
    static func saveOrShow(_ req: Request, save: () async throws -> Response, show: ([FieldError]) async throws -> HTML) async throws -> Response {
        do {
            return try await save()
        } catch {
            guard let problems = problems(error) else { throw error }
            let response = try await show(problems).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    /// The problems of a refused post, whichever way the store reported them; nil for anything else.
    static func problems(_ error: any Error) -> [FieldError]? {
        switch error {
        case let errors as ValidationErrors: errors.errors
        case AppError.invalid(let errors): errors.errors
        default: nil
        }
    }
}
