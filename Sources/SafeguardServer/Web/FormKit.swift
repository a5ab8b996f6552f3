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

    /// A labelled input, its hint read with it by a screen reader.
    static func field(_ name: String, _ label: String, _ value: String?, id: String? = nil, type: String = "text", hint: String? = nil, extra: HTML = "") -> HTML {
        let id = id ?? name
        let described: HTML = hint == nil ? "" : " aria-describedby=\"\(id)-hint\""
        let hintLine: HTML = hint.map { "<p class=\"hint\" id=\"\(id)-hint\">\($0)</p>" } ?? ""
        return "<label for=\"\(id)\">\(label)</label><input type=\"\(type)\" id=\"\(id)\" name=\"\(name)\" value=\"\(value ?? "")\"\(described)\(extra)>\(hintLine)"
    }

    /// `focus`: the summary takes the focus when the page opens; a page made for a scanner keeps it
    /// on the field the next scan goes into instead.
    static func errorSummary(_ errors: [FieldError], places: Places, _ s: Strings, focus: Bool = true) -> HTML {
        guard !errors.isEmpty else { return "" }
        let items: [HTML] = errors.map { e in
            // `services[2]` is the services field
            let field = e.field.firstIndex(of: "[").map { String(e.field[..<$0]) } ?? e.field
            guard let place = places[e.field] ?? places[field] else { return "<li>\(s.problem(e.message))</li>" }
            let label = place.label.split(separator: "+").map { s[String($0)] }.joined(separator: " · ")
            return "<li data-for=\"\(place.id)\"><a href=\"#\(place.id)\">\(label)</a>: \(s.problem(e.message))</li>"
        }
        return "<div class=\"errors\" role=\"alert\" tabindex=\"-1\"\(focus ? " autofocus" : "")><p>\(s["error.fix"])</p><ul>\(items)</ul></div>"
    }

    /// Each problem the page's error summary names is also put beside its field: the field is marked
    /// invalid and described by the message, so a screen reader reads it on reaching the field.
    /// The summary is the one source (`data-for` names the field's id), so no page repeats the work.
    static func markFields(_ page: String) -> String {
        guard page.contains("data-for=\"") else { return page }
        var page = page
        var problems: [(id: String, message: Substring)] = []
        var search = page.startIndex
        while let start = page.range(of: "<li data-for=\"", range: search..<page.endIndex) {
            guard let idEnd = page[start.upperBound...].firstIndex(of: "\""),
                  let messageStart = page.range(of: "</a>: ", range: idEnd..<page.endIndex),
                  let messageEnd = page.range(of: "</li>", range: messageStart.upperBound..<page.endIndex) else { break }
            problems.append((String(page[start.upperBound..<idEnd]), page[messageStart.upperBound..<messageEnd.lowerBound]))
            search = messageEnd.upperBound
        }
        var marked = Set<String>()
        for problem in problems {
            let errorID = problem.id + "-error"
            guard let idRange = page.range(of: " id=\"\(problem.id)\""), let tagStart = page[..<idRange.lowerBound].lastIndex(of: "<"),
                  let tagEnd = page[idRange.upperBound...].firstIndex(of: ">") else { continue }
            if marked.contains(problem.id) {
                // a second problem for the same field joins the first's message
                if let shown = page.range(of: "id=\"\(errorID)\">"), let end = page.range(of: "</span>", range: shown.upperBound..<page.endIndex) {
                    page.insert(contentsOf: "; " + problem.message, at: end.lowerBound)
                }
                continue
            }
            marked.insert(problem.id)
            let name = page[page.index(after: tagStart)...].prefix { $0.isLetter }
            // after the field itself: past a select's or text area's closing tag, a fieldset's legend, a
            // check box's label (the message is a span shown as a block, so it may sit inside a paragraph)
            let tagText = page[tagStart..<tagEnd]
            let closing: String? = switch name {
            case "select", "textarea": "</\(name)>"
            case "fieldset": "</legend>"
            case "input" where tagText.contains("type=\"checkbox\"") || tagText.contains("type=\"radio\""): "</label>"
            default: nil
            }
            let after = closing.flatMap { page.range(of: $0, range: tagEnd..<page.endIndex)?.upperBound } ?? page.index(after: tagEnd)
            var tag = String(page[tagStart..<tagEnd])
            if let described = tag.range(of: "aria-describedby=\"") {
                tag.insert(contentsOf: errorID + " ", at: described.upperBound)
            } else {
                tag += " aria-describedby=\"\(errorID)\""
            }
            if name != "fieldset" { tag += " aria-invalid=\"true\"" }
            page = page[..<tagStart] + tag + page[tagEnd..<after] + "<span class=\"field-error\" id=\"\(errorID)\">\(problem.message)</span>" + page[after...]
        }
        return page
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
