import Vapor

/// The browser's view of a problem: what went wrong, each field to fix, and a way back.
enum ErrorPage {
    static func response(_ problem: Problem, request: Request) -> Response {
        let s = request.strings
        let fields: HTML = problem.errors.map { errors in
            let items: [HTML] = errors.map { "<li>\(s.problem($0.message))</li>" }
            return "<p>\(s["error.fix"])</p><ul>\(items)</ul>"
        } ?? ""
        // What the status means, in the reader's language; the detail names action codes and is kept for the API.
        let summary = [403, 404, 413, 429, 500].contains(problem.status) ? s["error.status.\(problem.status)"] : s.problem(problem.detail ?? "")
        let body: HTML = """
            <div class="errors" role="alert"><p>\(summary)</p>\(fields)</div>
            <p><a href="\(PagePaths.home())">\(s["nav.dashboard"])</a></p>
            """
        let page = Layout.page(s["error.title"], request, body)
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: HTTPResponseStatus(statusCode: problem.status), headers: headers, body: .init(string: page.text))
    }
}
