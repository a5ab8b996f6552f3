import Vapor

/// The browser's view of a problem: what went wrong, each field to fix, and a way back.
enum ErrorPage {
    static func response(_ problem: Problem, request: Request) -> Response {
        let s = request.strings
        let fields: HTML = problem.errors.map { errors in
            let items: [HTML] = errors.map { "<li>\($0.field): \($0.message)</li>" }
            return "<p>\(s["error.fix"])</p><ul>\(items)</ul>"
        } ?? ""
        let body: HTML = """
            <div class="errors" role="alert"><p>\(problem.detail)</p>\(fields)</div>
            <p><a href="/">\(s["nav.dashboard"])</a></p>
            """
        let page = Layout.page(s["error.title"], request, body)
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: HTTPResponseStatus(statusCode: problem.status), headers: headers, body: .init(string: page.text))
    }
}
