import Foundation
import SafeguardCore
import Vapor

/// Feedback on a session: the trainer's page with the results and a form for the paper forms
/// collected at the door, and the participant's own form, which the notice after the session
/// leads to.
enum FeedbackPages {
    /// As a form posts it: `ratings[trainer]=4`; a rating left unchosen is simply absent.
    struct FeedbackForm: Content {
        var ratings: [String: String]?
        var comment: String?

        var input: TrainingFeedback.Input {
            // anything that is not a whole number is out of the scale, and said so
            TrainingFeedback.Input(ratings: (ratings ?? [:]).filter { !$0.value.isEmpty }.mapValues { Int($0) ?? 0 }, comment: comment)
        }

        init(ratings: [String: String]? = nil, comment: String? = nil) { (self.ratings, self.comment) = (ratings, comment) }

        init(_ given: TrainingFeedback.Input?) {
            self.init(ratings: given?.ratings?.mapValues(String.init), comment: given?.comment)
        }
    }

    static let places: FormKit.Places = Dictionary(uniqueKeysWithValues: SessionFeedback.Criterion.allCases.map {
        ("ratings.\($0.rawValue)", (id: "rating-\($0.rawValue)", label: "feedback.criterion.\($0.rawValue)"))
    } + [("ratings", (id: "rating-relevance", label: "feedback.ratings")), ("comment", (id: "comment", label: "feedback.comment"))])

    // MARK: the trainer's page

    @Sendable static func session(req: Request) async throws -> HTML {
        try await sessionPage(req, form: FeedbackForm(), errors: [])
    }

    static func sessionPage(_ req: Request, form: FeedbackForm, errors: [FieldError]) async throws -> HTML {
        let s = req.strings
        let caller = try req.caller()
        let sessionID = try req.uuid("sessionID")
        let (session, cohortID, cohortName) = try await TrainingStore.session(sessionID, actor: caller.actor, services: caller.services, on: req.sql)
        let results = try await TrainingService.feedback(sessionID: sessionID, by: caller)
        let entry: HTML = session.startsAt > Date() ? "<p>\(s["feedback.notYet"])</p>" : """
            <section aria-labelledby="paper"><h2 id="paper">\(s["feedback.paperForm"])</h2><p class="hint">\(s["feedback.paperHint"])</p>
            \(FormKit.errorSummary(errors, places: places, s))
            <form method="post" action="\(TrainingPaths.sessionFeedback(sessionID))">\(Layout.csrfField(req))
            \(fields(form, s))<p class="savebar"><button type="submit">\(s["feedback.saveForm"])</button></p></form></section>
            """
        return Layout.page(s.format("feedback.title", ["session": session.title]), req,
                           flash: req.query[String.self, at: "saved"] == nil ? nil : s["feedback.saved"], """
            <p><a href="\(TrainingPaths.cohort(cohortID))">\(cohortName)</a> · \(Layout.date(session.startsAt))</p>
            <section aria-labelledby="results"><h2 id="results">\(s["feedback.results"])</h2>\(render(results, s))</section>
            \(entry)
            """)
    }

    @Sendable static func recordForm(req: Request) async throws -> Response {
        let form = try req.content.decode(FeedbackForm.self)
        let sessionID = try req.uuid("sessionID")
        return try await FormKit.saveOrShow(req, save: {
            _ = try await TrainingService.recordFeedbackForm(sessionID: sessionID, form.input, by: try req.caller())
            // back at the form, for the next one in the pile
            return Pages.seeOther("\(TrainingPaths.sessionFeedback(sessionID))?saved=1#paper")
        }, show: { try await sessionPage(req, form: form, errors: $0) })
    }

    // MARK: the participant's own form

    @Sendable static func own(req: Request) async throws -> HTML {
        let own = try await TrainingService.ownFeedback(sessionID: try req.uuid("sessionID"), by: try req.caller())
        return try await ownPage(req, own, form: FeedbackForm(own.given), errors: [])
    }

    static func ownPage(_ req: Request, _ own: TrainingFeedback.Own, form: FeedbackForm, errors: [FieldError]) async throws -> HTML {
        let s = req.strings
        let body: HTML = own.startsAt > Date() ? "<p>\(s["feedback.notYet"])</p>" : """
            <p>\(s["feedback.ownHint"])</p>
            \(FormKit.errorSummary(errors, places: places, s))
            <form method="post" action="\(TrainingPaths.myFeedback(own.sessionID))">\(Layout.csrfField(req))
            \(fields(form, s))<p class="savebar"><button type="submit">\(s["feedback.send"])</button></p></form>
            """
        return Layout.page(s.format("feedback.title", ["session": own.title]), req,
                           flash: req.query[String.self, at: "saved"] == nil ? nil : s["feedback.thanks"], """
            <p>\(own.programmeTitle) · \(Layout.date(own.startsAt))</p>
            \(body)
            """)
    }

    @Sendable static func giveOwn(req: Request) async throws -> Response {
        let form = try req.content.decode(FeedbackForm.self)
        let sessionID = try req.uuid("sessionID")
        let caller = try req.caller()
        return try await FormKit.saveOrShow(req, save: {
            _ = try await TrainingService.giveFeedback(sessionID: sessionID, form.input, by: caller)
            return Pages.seeOther("\(TrainingPaths.myFeedback(sessionID))?saved=1")
        }, show: { try await ownPage(req, try await TrainingService.ownFeedback(sessionID: sessionID, by: caller), form: form, errors: $0) })
    }

    // MARK: the parts

    /// One group of five choices per question, none chosen until the person chooses, and a comment.
    static func fields(_ form: FeedbackForm, _ s: Strings) -> HTML {
        let questions: [HTML] = SessionFeedback.Criterion.allCases.map { criterion in
            let name = criterion.rawValue
            let choices: [HTML] = SessionFeedback.scale.map { rating in
                let checked: HTML = form.ratings?[name] == String(rating) ? " checked" : ""
                return """
                    <span class="check"><input type="radio" id="r-\(name)-\(rating)" name="ratings[\(name)]" value="\(rating)"\(checked)> \
                    <label for="r-\(name)-\(rating)">\(s["feedback.scale.\(rating)"])</label></span>
                    """
            }
            return "<fieldset id=\"rating-\(name)\" class=\"mark\"><legend>\(s["feedback.criterion.\(name)"])</legend>\(choices)</fieldset>"
        }
        return """
            \(questions)
            <label for="comment">\(s["feedback.comment"])</label>
            <textarea id="comment" name="comment" rows="4" maxlength="2000">\(form.comment ?? "")</textarea>
            """
    }

    /// The results: how many answered, and each question's mean as a bar on the scale of 5 with how
    /// many gave each rating; nothing but the count while too few have answered.
    static func render(_ results: TrainingFeedback.Results, _ s: Strings) -> HTML {
        let summary = results.summary
        guard summary.shown else {
            return "<p>\(s.format("feedback.tooFew", ["responses": String(summary.responses), "shownFrom": String(SessionFeedback.shownFrom)]))</p>"
        }
        let rated = SessionFeedback.Criterion.allCases.filter { summary.means[$0.rawValue] != nil }
        let bars: [HTML] = rated.enumerated().map { index, criterion in
            let mean = summary.means[criterion.rawValue]!, y = index * 30 + 4
            let width = Int((mean / Double(SessionFeedback.scale.upperBound) * 240).rounded())
            return """
                <text x="0" y="\(y + 17)" font-size="13">\(s["feedback.criterion.\(criterion.rawValue)"])</text>\
                <rect x="175" y="\(y)" width="\(width)" height="22" fill="#0b3d5c"/><text x="\(181 + width)" y="\(y + 17)" font-size="13">\(oneDecimal(mean))</text>
                """
        }
        let rows: [HTML] = rated.map { criterion in
            let counts = summary.counts[criterion.rawValue] ?? []
            return "<tr><th scope=\"row\">\(s["feedback.criterion.\(criterion.rawValue)"])</th><td>\(oneDecimal(summary.means[criterion.rawValue]!))</td>\(counts.map { "<td>\($0)</td>" as HTML })</tr>"
        }
        let caption = s.format("feedback.responses", ["responses": String(summary.responses)])
        let comments: HTML = results.comments.isEmpty ? "" : """
            <h3>\(s["feedback.comments"])</h3><ul>\(results.comments.map { "<li>\($0)</li>" as HTML })</ul>
            """
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="460" height="\(rated.count * 30 + 8)" role="img" aria-label="\(caption)">\(bars)</svg>
            <table><caption>\(caption)</caption><thead><tr><th scope="col">\(s["feedback.question"])</th><th scope="col">\(s["feedback.mean"])</th>
            \(SessionFeedback.scale.map { "<th scope=\"col\">\(s["feedback.scale.\($0)"])</th>" as HTML })</tr></thead><tbody>\(rows)</tbody></table>
            \(comments)
            """
    }

    static func oneDecimal(_ value: Double) -> String { String(format: "%.1f", value) }
}
