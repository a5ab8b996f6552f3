import SafeguardCore
import Vapor

enum LoginPage {
    static let preSessionCookie = "sg_login_csrf"

    struct Form: Content { var username: String; var password: String; var _csrf: String? }

    /// Sign-in has no session yet, so its CSRF token is a double-submit cookie.
    @Sendable static func show(req: Request) async throws -> Response {
        try await render(req, message: nil, status: .ok)
    }

    static func render(_ req: Request, message: String?, status: HTTPResponseStatus) async throws -> Response {
        let s = req.strings
        let token = SessionStore.newSecret()
        let error: HTML = message.map { "<div class=\"errors\" role=\"alert\"><p>\($0)</p></div>" } ?? ""
        let body: HTML = """
            \(error)
            <form method="post" action="\(PagePaths.login())">
            <input type="hidden" name="_csrf" value="\(token)">
            <label for="username">\(s["login.username"])</label><input type="text" id="username" name="username" autocomplete="username" required autofocus>
            <label for="password">\(s["login.password"])</label><input type="password" id="password" name="password" autocomplete="current-password" required>
            <p><button type="submit">\(s["login.submit"])</button></p>
            </form>
            """
        let response = try await Layout.page(s["login.title"], req, body).encodeResponse(for: req)
        response.status = status
        response.cookies[preSessionCookie] = HTTPCookies.Value(string: token, expires: Date().addingTimeInterval(3600), maxAge: 3600,
                                                               path: PagePaths.login(), isSecure: true, isHTTPOnly: true, sameSite: .strict)
        return response
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        guard let cookie = req.cookies[preSessionCookie]?.string, let field = form._csrf,
              Authentication.constantTimeEqual(cookie, field) else { throw AppError.csrfMismatch }
        let result: AccountStore.SignInResult
        do {
            result = try await req.throttledSignIn { try await AccountStore.signIn(username: form.username, password: form.password, req: req) }
        } catch AppError.rateLimited {
            return try await render(req, message: req.strings["login.throttled"], status: .tooManyRequests)
        }
        switch result {
        case .locked: return try await render(req, message: req.strings["login.locked"], status: .tooManyRequests)
        case .failure: return try await render(req, message: req.strings["login.failed"], status: .unauthorized)
        case .success(let userID):
            let settings = req.safeguard.settings
            let secret = try await req.write { db in
                try await SessionStore.create(userID: userID, kind: .browser, lifetime: settings.sessionLifetime, on: db)
            }
            let response = Pages.seeOther(PagePaths.home())
            response.cookies[Authentication.cookieName] = sessionCookie(secret)
            // Cleared at the path it was set for, or the browser keeps it.
            response.cookies[preSessionCookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: PagePaths.login(),
                                                                   isSecure: true, isHTTPOnly: true, sameSite: .strict)
            return response
        }
    }

    static func sessionCookie(_ secret: String) -> HTTPCookies.Value {
        HTTPCookies.Value(string: secret, path: "/", isSecure: true, isHTTPOnly: true, sameSite: .lax)
    }

    @Sendable static func logout(req: Request) async throws -> Response {
        if let actor = req.actorIfSignedIn {
            try await req.write { db in
                try await SessionStore.delete(sessionID: actor.sessionID, on: db)
                try await AuditLog.append([.init(verb: .logout, recordType: "user", recordID: actor.userID.uuidString)], by: actor, on: db)
            }
            req.application.sessionCache.forget(session: actor.sessionID)
        }
        let response = Pages.seeOther(PagePaths.login())
        response.cookies[Authentication.cookieName] = .expired
        // A draft of a call (contact.js) stays in the browser's session storage until then.
        response.headers.replaceOrAdd(name: "Clear-Site-Data", value: "\"storage\"")
        return response
    }

    /// A path of this site, as a Location header carries it (other letters percent-encoded), and
    /// nothing a browser could read as another's: one leading slash, and no backslash, space or
    /// control character (browsers drop a tab or a newline, so "/\t/evil.example" is "//evil.example").
    static func localPath(_ text: String) -> String? {
        guard text.utf8.count <= 2000, text.hasPrefix("/"), !text.hasPrefix("//"),
              !text.unicodeScalars.contains(where: { $0 == "\\" || $0.properties.isWhitespace || $0.properties.generalCategory == .control }) else { return nil }
        return text.addingPercentEncoding(withAllowedCharacters: .init(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-_.~?=&+%:,"))
    }

    /// A visitor's language, kept in a cookie; back to the page they chose it on (a path of this
    /// site only, never another's), or to sign-in.
    @Sendable static func chooseLanguage(req: Request) async throws -> Response {
        let locale = req.parameters.get("locale") ?? "en"
        guard Strings.selectable.contains(locale) else { throw AppError.notFound("language") }
        let back = (try? req.query.get(String.self, at: "back")) ?? ""
        let response = Pages.seeOther(localPath(back) ?? PagePaths.login())
        response.cookies["sg_lang"] = HTTPCookies.Value(string: locale, maxAge: 365 * 24 * 3600, path: "/", isSecure: true, isHTTPOnly: true, sameSite: .lax)
        return response
    }
}
