import SafeguardCore
import SQLKit
import Vapor

enum AccountPage {
    struct PasswordForm: Content { var currentPassword: String; var newPassword: String }

    @Sendable static func show(req: Request) async throws -> HTML {
        try await render(req)
    }

    /// The page, with the problems of a refused password change next to the form and the current
    /// password still filled in, so only the new one is typed again.
    static func render(_ req: Request, errors: [FieldError] = [], typedCurrent: String? = nil) async throws -> HTML {
        let actor = try req.actor()
        let s = req.strings
        let done = req.query[String.self, at: "done"]
        let flash = done == "password" ? s["account.passwordChanged"] : done == "timeZone" ? s["account.timeZoneChanged"]
            : actor.mustChangePassword ? s["account.mustChange"] : nil
        let zones: [HTML] = (["UTC"] + TimeZone.knownTimeZoneIdentifiers.sorted()).map { zone in
            let selected: HTML = zone == actor.timeZone.identifier ? " selected" : ""
            return "<option value=\"\(zone)\"\(selected)>\(zone)</option>"
        }
        let locales: [HTML] = Strings.supported.map { locale in
            let selected: HTML = locale == actor.locale ? " selected" : ""
            return "<option value=\"\(locale)\" lang=\"\(locale)\"\(selected)>\(Strings.endonyms[locale] ?? locale)</option>"
        }
        let labels = ["currentPassword": s["account.currentPassword"], "newPassword": s["account.newPassword"]]
        let errorBox: HTML = errors.isEmpty ? "" : """
            <div class="errors" role="alert" tabindex="-1"><p>\(s["error.fix"])</p><ul>\(errors.map { e -> HTML in
                "<li><a href=\"#\(e.field)\">\(labels[e.field] ?? e.field)</a>: \(message(e, s))</li>" })</ul></div>
            """
        let current: HTML = typedCurrent.map { " value=\"\($0)\"" } ?? ""
        return Layout.page(s["account.title"], req, flash: flash, """
            <p>\(actor.displayName) (\(actor.username)) · \(actor.roles.map { s["role." + $0.rawValue] }.sorted().joined(separator: ", "))</p>
            <h2>\(s["account.changePassword"])</h2>
            \(errorBox)
            <p id="password-rules">\(s["account.passwordRules"])</p>
            <form method="post" action="\(AccountsPaths.accountPassword())">\(Layout.csrfField(req))
            <label for="currentPassword">\(s["account.currentPassword"])</label><input type="password" id="currentPassword" name="currentPassword" autocomplete="current-password" required\(current)>
            <label for="newPassword">\(s["account.newPassword"])</label><input type="password" id="newPassword" name="newPassword" autocomplete="new-password" minlength="12" required aria-describedby="password-rules">
            <p><button type="submit">\(s["common.save"])</button></p></form>
            <h2>\(s["account.language"])</h2>
            <form method="post" action="\(AccountsPaths.accountLocale())">\(Layout.csrfField(req))
            <label for="locale">\(s["account.language"])</label><select id="locale" name="locale">\(locales)</select>
            <p><button type="submit">\(s["common.save"])</button></p></form>
            <h2>\(s["account.timeZone"])</h2>
            <form method="post" action="\(AccountsPaths.accountTimeZone())">\(Layout.csrfField(req))
            <label for="timeZone">\(s["account.timeZone"])</label><select id="timeZone" name="timeZone" aria-describedby="time-zone-hint">\(zones)</select>
            <p class="hint" id="time-zone-hint">\(s.format("account.timeZoneHint", ["now": Layout.date(Date())]))</p>
            <p><button type="submit">\(s["common.save"])</button></p></form>
            \(try await TrainingPages.myRecord(req))
            """)
    }

    /// The password policy's reasons in the page's language; other problems as the store gives them.
    static func message(_ error: FieldError, _ s: Strings) -> String {
        PasswordPolicy.Problem.allCases.first { $0.message == error.message }.map { s["password.problem." + $0.rawValue] } ?? error.message
    }

    @Sendable static func changePassword(req: Request) async throws -> Response {
        let actor = try req.actor()
        let form = try req.content.decode(PasswordForm.self)
        do {
            try await AccountStore.changePassword(userID: actor.userID, current: form.currentPassword, new: form.newPassword,
                                                  keepSession: actor.sessionID, req: req)
        } catch {
            let problems: [FieldError]
            switch error {
            case let errors as ValidationErrors: problems = errors.errors
            case AppError.invalid(let errors): problems = errors.errors
            default: throw error
            }
            let wrongCurrent = problems.contains { $0.field == "currentPassword" }
            let response = try await render(req, errors: problems, typedCurrent: wrongCurrent ? nil : form.currentPassword).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        return Pages.seeOther("\(AccountsPaths.account())?done=password")
    }

    @Sendable static func changeTimeZone(req: Request) async throws -> Response {
        try await AccountService.updatePreferences(try req.content.decode(AccountsController.Preferences.self), by: try req.caller())
        return Pages.seeOther("\(AccountsPaths.account())?done=timeZone")
    }

    @Sendable static func changeLocale(req: Request) async throws -> Response {
        try await AccountService.updatePreferences(try req.content.decode(AccountsController.Preferences.self), by: try req.caller())
        return Pages.seeOther(AccountsPaths.account())
    }
}
