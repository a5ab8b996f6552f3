import Foundation
import SafeguardCore
import Vapor

/// The recommendations' pages: the list with its filters, the import and the export; a
/// recommendation typed in; and a recommendation's page, where a person confirms the suggested
/// classification (each suggestion showing the words that triggered it) and links the earlier
/// recommendation it repeats. No page needs JavaScript.
enum RecommendationPages {
    // MARK: the list

    /// The filters as typed in the address: a number not typed as one is named, not a 400.
    struct ListForm: Content {
        var cluster: String?, mechanism: String?, status: String?, country: String?, q: String?, year: String?, toConfirm: String?, page: String?

        func query() -> (Recommendations.Query, [FieldError]) {
            var problems: [FieldError] = []
            func number(_ text: String?, _ field: String, _ message: String) -> Int? {
                guard let typed = text?.trimmedWhitespace, !typed.isEmpty else { return nil }
                guard let value = Int(typed) else { problems.append(FieldError(field, message)); return nil }
                return value
            }
            let year = number(year, "year", "must be a year from 1990 to next year")
            let page = number(page, "page", "give a page from 1 to 10000")
            func chosen(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }
            return (.init(cluster: chosen(cluster), mechanism: chosen(mechanism), status: chosen(status), country: chosen(country), q: chosen(q),
                          year: year, toConfirm: toConfirm == "true", page: page), problems)
        }
    }

    static let filterPlaces: FormKit.Places = [
        "cluster": ("f-cluster", "monitoring.field.cluster"), "mechanism": ("f-mechanism", "monitoring.field.mechanism"),
        "status": ("f-status", "monitoring.field.status"), "country": ("f-country", "monitoring.field.country"), "year": ("f-year", "monitoring.field.year"),
        "q": ("f-q", "monitoring.field.words"), "page": ("f-q", "monitoring.field.words"),
    ]
    static let importPlaces: FormKit.Places = ["file": ("import-file", "monitoring.field.file"), "rows": ("import-file", "monitoring.field.file")]

    @Sendable static func list(req: Request) async throws -> HTML {
        try await listPage(req, importErrors: [], report: nil)
    }

    static func listPage(_ req: Request, importErrors: [FieldError], report: RecommendationExchange.Report?) async throws -> HTML {
        let s = req.strings, caller = try req.caller()
        let form = try req.query.decode(ListForm.self)
        var (query, problems) = form.query()
        var found = Recommendations.Found(items: [], hasMore: false)
        if problems.isEmpty {
            do { found = try await Recommendations.list(query, by: caller) } catch {
                guard let refused = FormKit.problems(error) else { throw error }
                problems = refused
                query.page = 1
            }
        }
        let manages = AccessPolicy.allows(caller.actor.roles, .monitoringManage)
        let filters: HTML = """
            <form method="get" action="\(UNMonitoringPaths.recommendations())" class="filters" aria-label="\(s["monitoring.filters"])">
            \(FormKit.errorSummary(problems, places: filterPlaces, s))<div class="grid">
            <div>\(Layout.select("cluster", label: s["monitoring.field.cluster"], options: CRCCluster.allCases.map(\.rawValue), labelPrefix: "monitoring.cluster.",
                            selected: form.cluster, strings: s, id: "f-cluster"))</div>
            <div>\(Layout.select("mechanism", label: s["monitoring.field.mechanism"], options: Mechanism.allCases.map(\.rawValue), labelPrefix: "monitoring.mechanism.",
                            selected: form.mechanism, strings: s, id: "f-mechanism"))</div>
            <div>\(Layout.select("status", label: s["monitoring.field.status"], options: Recommendations.Status.allCases.map(\.rawValue), labelPrefix: "monitoring.status.",
                            selected: form.status, strings: s, id: "f-status"))</div>
            <div>\(FormKit.field("country", s["monitoring.field.country"], form.country, id: "f-country", extra: " maxlength=\"3\" size=\"4\" autocapitalize=\"characters\""))</div>
            <div>\(FormKit.field("year", s["monitoring.field.year"], form.year, id: "f-year", type: "number", extra: " min=\"1990\" max=\"2100\""))</div>
            <div>\(FormKit.field("q", s["monitoring.field.words"], form.q, id: "f-q", type: "search", extra: " maxlength=\"200\""))</div></div>
            <p><label class="choice" for="f-confirm"><input type="checkbox" id="f-confirm" name="toConfirm" value="true"\(form.toConfirm == "true" ? " checked" : "" as HTML)> \(s["monitoring.toConfirm"])</label></p>
            <p><button type="submit">\(s["filter.apply"])</button></p></form>
            """
        let rows: [HTML] = found.items.map { r in
            let clusters = r.clusters.map { s["monitoring.cluster." + $0] }.joined(separator: "; ")
            let state: HTML = r.classification == Recommendations.ClassificationState.suggested.rawValue ? " <span class=\"hint\">(\(s["monitoring.classification.suggested"]))</span>" : ""
            let excerpt = r.text.count > 220 ? String(r.text.prefix(220)) + "…" : r.text
            return """
                <tr><td><a href="\(UNMonitoringPaths.recommendation(r.id))">\(r.documentSymbol) ¶\(r.paragraph)</a>\(r.urgent ? " <strong>\(s["monitoring.urgent"])</strong>" : "" as HTML)</td>
                <td>\(s["monitoring.mechanism." + r.mechanism])</td><td>\(r.year)</td><td lang="\(r.language)">\(excerpt)</td><td>\(clusters)\(state)</td><td>\(s["monitoring.status." + r.status])</td></tr>
                """
        }
        let table: HTML = found.items.isEmpty ? "<p>\(s["monitoring.none"])</p>" : """
            <table><caption>\(s["monitoring.list"])</caption><thead><tr><th scope="col">\(s["monitoring.field.paragraph"])</th><th scope="col">\(s["monitoring.field.mechanism"])</th>
            <th scope="col">\(s["monitoring.field.year"])</th><th scope="col">\(s["monitoring.field.text"])</th><th scope="col">\(s["monitoring.field.clusters"])</th>
            <th scope="col">\(s["monitoring.field.status"])</th></tr></thead><tbody>\(rows)</tbody></table>
            \(Layout.pager(UNMonitoringPaths.recommendations(), filters: [("cluster", form.cluster), ("mechanism", form.mechanism), ("status", form.status),
                                                                         ("country", form.country), ("year", form.year), ("q", form.q), ("toConfirm", form.toConfirm)],
                           page: query.page ?? 1, hasMore: found.hasMore, strings: s))
            """
        let actions: HTML = """
            <p>\(manages ? "<a href=\"\(UNMonitoringPaths.recommendationsNew())\">\(s["monitoring.add"])</a> · " as HTML : "")
            <a href="\(UNMonitoringPaths.plan())">\(s["monitoring.plan"])</a> · <a href="\(UNMonitoringPaths.indicators())">\(s["monitoring.indicators"])</a> ·
            <a href="\(UNMonitoringPaths.communications())">\(s["monitoring.op3.title"])</a> ·
            <a href="\(UNMonitoringPaths.consultations())">\(s["monitoring.children.title"])</a> ·
            <a href="\(UNMonitoringPaths.reports())">\(s["monitoring.reports"])</a> ·
            <a href="\(UNMonitoringPaths.calendar())">\(s["monitoring.calendar.title"])</a> ·
            <a href="\(UNMonitoringPaths.laws())">\(s["monitoring.laws"])</a> ·
            <a href="\(UNMonitoringPaths.recommendationsExport())" download>\(s["monitoring.export"])</a></p>
            """
        let importSection: HTML = manages ? """
            <section aria-labelledby="import"><h2 id="import">\(s["monitoring.import"])</h2>
            \(report.map { reportSection($0, s) } ?? "")
            \(FormKit.errorSummary(importErrors, places: importPlaces, s, focus: report == nil))
            <form method="post" action="\(UNMonitoringPaths.recommendationsImport())" enctype="multipart/form-data">\(Layout.csrfField(req))
            <label for="import-file">\(s["monitoring.field.file"])</label><input type="file" id="import-file" name="file" accept=".csv,text/csv" required aria-describedby="import-hint">
            <p class="hint" id="import-hint">\(s["monitoring.hint.import"])</p>
            <p><button type="submit">\(s["monitoring.importButton"])</button></p></form></section>
            """ : ""
        // the list is what is used every day; a file is imported now and then, below it
        return Layout.page(s["monitoring.title"], req, "\(report == nil && importErrors.isEmpty ? "" : importSection)\(actions)\(filters)\(table)\(report == nil && importErrors.isEmpty ? importSection : "")")
    }

    static func reportSection(_ report: RecommendationExchange.Report, _ s: Strings) -> HTML {
        let notes: [HTML] = report.notes.map { "<li>\(s.format("monitoring.report.row", ["row": String($0.row)])): \(s.problem($0.message))</li>" }
        return """
            <div class="flash" role="status" tabindex="-1" autofocus><p>\(s.format("monitoring.report.summary", ["imported": String(report.imported),
                "translations": String(report.translations), "linked": String(report.linked)]))</p>
            \(notes.isEmpty ? "" : "<ul>\(notes)</ul>" as HTML)</div>
            """
    }

    struct ImportForm: Content { var file: File? }

    @Sendable static func importFile(req: Request) async throws -> Response {
        let upload = try req.content.decode(ImportForm.self)
        do {
            guard let file = upload.file, file.data.readableBytes > 0 else { throw AppError.invalid("file", "choose the CSV file of recommendations") }
            let report = try await RecommendationExchange.importFile(Array(file.data.readableBytesView), by: try req.caller())
            return try await listPage(req, importErrors: [], report: report).encodeResponse(for: req)
        } catch {
            guard let problems = FormKit.problems(error) else { throw error }
            let response = try await listPage(req, importErrors: problems, report: nil).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    @Sendable static func export(req: Request) async throws -> Response {
        let csv = try await RecommendationExchange.export(by: try req.caller())
        var headers = HTTPHeaders()
        headers.contentType = .init(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"safeguard-recommendations.csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: csv))
    }

    // MARK: typed in

    struct NewForm: Content {
        var mechanism: String?, documentSymbol: String?, paragraph: String?, year: String?, country: String?, language: String?, text: String?
        var recommendingState: String?, position: String?, urgent: String?, reiterates: String?, articles: String?, sdgTargets: String?, themes: String?

        func input() -> (Recommendations.Input, [FieldError]) {
            let typedYear = year?.trimmedWhitespace ?? "", number = Int(typedYear)
            func list(_ text: String?) -> [String] { (text ?? "").split(whereSeparator: { $0 == ";" || $0 == "," || $0.isNewline }).map(String.init) }
            return (.init(mechanism: mechanism, documentSymbol: documentSymbol, paragraph: paragraph, text: text, language: language, country: country, year: number,
                          recommendingState: recommendingState, position: position, urgent: urgent == "true", reiterates: reiterates,
                          themes: (themes ?? "").split(whereSeparator: \.isNewline).map(String.init), sdgTargets: list(sdgTargets), articles: list(articles)),
                    !typedYear.isEmpty && number == nil ? [FieldError("year", "must be a year from 1990 to next year")] : [])
        }
    }

    static let newPlaces: FormKit.Places = [
        "mechanism": ("n-mechanism", "monitoring.field.mechanism"), "documentSymbol": ("n-symbol", "monitoring.field.documentSymbol"),
        "paragraph": ("n-paragraph", "monitoring.field.paragraphNumber"), "year": ("n-year", "monitoring.field.year"),
        "country": ("n-country", "monitoring.field.country"), "language": ("n-language", "monitoring.field.language"), "text": ("n-text", "monitoring.field.text"),
        "recommendingState": ("n-state", "monitoring.field.recommendingState"), "position": ("n-position", "monitoring.field.position"),
        "urgent": ("n-urgent", "monitoring.urgent"), "reiterates": ("n-reiterates", "monitoring.field.reiterates"),
        "articles": ("n-articles", "monitoring.field.articles"), "sdgTargets": ("n-sdg", "monitoring.field.sdgTargets"), "themes": ("n-themes", "monitoring.field.themes"),
    ]

    @Sendable static func new(req: Request) async throws -> HTML {
        newPage(req, form: NewForm(mechanism: Mechanism.crc.rawValue, year: String(Recommendations.currentYear)), errors: [])
    }

    static func newPage(_ req: Request, form: NewForm, errors: [FieldError]) -> HTML {
        let s = req.strings
        func field(_ name: String, _ value: String?, type: String = "text", hint: String? = nil, extra: HTML = "") -> HTML {
            FormKit.field(name, s[newPlaces[name]!.label], value, id: newPlaces[name]!.id, type: type, hint: hint.map { s[$0] }, extra: extra)
        }
        return Layout.page(s["monitoring.add"], req, """
            \(FormKit.errorSummary(errors, places: newPlaces, s))
            <form method="post" action="\(UNMonitoringPaths.recommendationsNew())">\(Layout.csrfField(req))
            \(Layout.select("mechanism", label: s["monitoring.field.mechanism"], options: Mechanism.allCases.map(\.rawValue), labelPrefix: "monitoring.mechanism.",
                            selected: form.mechanism, strings: s, includeEmpty: false, required: true, id: "n-mechanism"))
            \(field("documentSymbol", form.documentSymbol, hint: "monitoring.hint.symbol", extra: " maxlength=\"60\" required autocomplete=\"off\" spellcheck=\"false\""))
            \(field("paragraph", form.paragraph, hint: "monitoring.hint.paragraph", extra: " maxlength=\"20\" required autocomplete=\"off\""))
            \(field("year", form.year, type: "number", extra: " min=\"1990\" max=\"2100\" required"))
            \(field("country", form.country, hint: "monitoring.hint.country", extra: " maxlength=\"3\" size=\"4\" autocapitalize=\"characters\""))
            <label for="n-text">\(s["monitoring.field.text"])</label><textarea id="n-text" name="text" rows="6" required maxlength="10000">\(form.text ?? "")</textarea>
            \(field("language", form.language, hint: "monitoring.hint.language", extra: " maxlength=\"8\" size=\"8\" autocomplete=\"off\""))
            <fieldset><legend>\(s["monitoring.upr"])</legend>
            \(field("recommendingState", form.recommendingState, extra: " maxlength=\"200\""))
            \(Layout.select("position", label: s["monitoring.field.position"], options: UPRPosition.allCases.map(\.rawValue), labelPrefix: "monitoring.position.",
                            selected: form.position, strings: s, emptyKey: "common.notRecorded", id: "n-position"))
            </fieldset>
            <p><label class="choice" for="n-urgent"><input type="checkbox" id="n-urgent" name="urgent" value="true"\(form.urgent == "true" ? " checked" : "" as HTML)> \(s["monitoring.urgent"])</label></p>
            \(field("reiterates", form.reiterates, hint: "monitoring.hint.reiterates", extra: " maxlength=\"90\" autocomplete=\"off\" spellcheck=\"false\""))
            \(field("articles", form.articles, hint: "monitoring.hint.articles", extra: " maxlength=\"300\" autocomplete=\"off\""))
            \(field("sdgTargets", form.sdgTargets, hint: "monitoring.hint.sdgTargets", extra: " maxlength=\"300\" autocomplete=\"off\""))
            <label for="n-themes">\(s["monitoring.field.themes"])</label><textarea id="n-themes" name="themes" rows="2" aria-describedby="n-themes-hint">\(form.themes ?? "")</textarea>
            <p class="hint" id="n-themes-hint">\(s["monitoring.hint.themes"])</p>
            <p><button type="submit">\(s["common.save"])</button></p></form>
            """)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let form = try req.content.decode(NewForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let (input, problems) = form.input()
            guard problems.isEmpty else { throw ValidationErrors(problems) }
            let created = try await Recommendations.create(input, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.recommendation(created.id))
        }, show: { newPage(req, form: form, errors: $0) })
    }

    // MARK: a recommendation

    struct ClassificationForm: Content {
        var clusters: [String]?, groups: [String]?, articles: String?, sdgTargets: String?, themes: String?

        var input: Recommendations.ClassificationInput {
            func list(_ text: String?) -> [String] { (text ?? "").split(whereSeparator: { $0 == ";" || $0 == "," || $0.isNewline }).map(String.init) }
            return .init(clusters: clusters, groups: groups, articles: list(articles), sdgTargets: list(sdgTargets),
                         themes: (themes ?? "").split(whereSeparator: \.isNewline).map(String.init))
        }
    }

    struct ReiterationForm: Content { var earlierID: String?, reference: String? }

    static let classificationPlaces: FormKit.Places = [
        "clusters": ("c-clusters", "monitoring.field.clusters"), "groups": ("c-groups", "monitoring.field.groups"),
        "articles": ("c-articles", "monitoring.field.articles"), "sdgTargets": ("c-sdg", "monitoring.field.sdgTargets"), "themes": ("c-themes", "monitoring.field.themes"),
    ]
    static let reiterationPlaces: FormKit.Places = ["earlierID": ("r-none", "monitoring.field.reiterates"), "reference": ("r-reference", "monitoring.field.reiterates")]

    /// The forms of a recommendation's page, each with its own problems when a post is refused.
    enum Section: Hashable { case classification, reiteration, institution, action, assessment }

    /// What was typed in the form that was refused, to show it again.
    struct Typed {
        var classification: ClassificationForm?
        var institution: FollowUp.InstitutionInput?
        var action: FollowUp.ActionInput?
        var assessment: FollowUp.AssessmentInput?
    }

    @Sendable static func recommendation(req: Request) async throws -> HTML {
        try await recommendationPage(req)
    }

    static func recommendationPage(_ req: Request, errors: [Section: [FieldError]] = [:], typed: Typed = Typed()) async throws -> HTML {
        let s = req.strings, caller = try req.caller(), id = try req.uuid("recommendationID")
        let r = try await Recommendations.detail(id, by: caller)
        let manages = AccessPolicy.allows(caller.actor.roles, .monitoringManage)
        let texts: [HTML] = r.texts.map { "<blockquote lang=\"\($0.language)\"><p>\($0.text)</p></blockquote>" }
        func links(_ list: [Recommendations.Link]) -> HTML {
            let items: [HTML] = list.map { "<li><a href=\"\(UNMonitoringPaths.recommendation($0.id))\">\($0.documentSymbol) ¶\($0.paragraph)</a> (\($0.year))</li>" }
            return "<ul>\(items)</ul>"
        }
        let about: HTML = """
            <dl><dt>\(s["monitoring.field.mechanism"])</dt><dd>\(s["monitoring.mechanism." + r.mechanism])</dd>
            <dt>\(s["monitoring.field.country"])</dt><dd>\(r.country)</dd><dt>\(s["monitoring.field.year"])</dt><dd>\(r.year)</dd>
            \(r.recommendingState.map { "<dt>\(s["monitoring.field.recommendingState"])</dt><dd>\($0)</dd>" } ?? "" as HTML)
            \(r.position.map { "<dt>\(s["monitoring.field.position"])</dt><dd>\(s["monitoring.position." + $0])</dd>" } ?? "" as HTML)
            \(r.urgent ? "<dt>\(s["monitoring.urgent"])</dt><dd>\(s["common.yes"])</dd>" : "" as HTML)
            <dt>\(s["monitoring.field.status"])</dt><dd>\(s["monitoring.status." + r.status])</dd></dl>
            """
        let chain: HTML = r.earlier.isEmpty && r.later.isEmpty ? "" : """
            <section aria-labelledby="chain"><h2 id="chain">\(s["monitoring.chain"])</h2>
            \(r.earlier.isEmpty ? "" : "<h3>\(s["monitoring.chain.earlier"])</h3>\(links(r.earlier))" as HTML)
            \(r.later.isEmpty ? "" : "<h3>\(s["monitoring.chain.later"])</h3>\(links(r.later))" as HTML)</section>
            """
        let classification = classificationSection(req, r, errors: errors[.classification] ?? [], typed: typed.classification, manages: manages)
        let reiteration: HTML = manages ? reiterationSection(req, r, errors: errors[.reiteration] ?? []) : ""
        let followUp = try await FollowUpPages.sections(req, r, errors: errors, typed: typed, manages: manages)
        let indicators = try await IndicatorPages.section(req, r, manages: manages)
        let laws = try await LawsAndPolicies.answering(r.id, organisation: caller.actor.organisationID, on: req.sql)
        let lawItems: [HTML] = laws.map { "<li><a href=\"\(UNMonitoringPaths.law($0.id))\">\($0.title)</a> (\($0.jurisdiction); \(s["monitoring.law.stage." + $0.stage]))</li>" }
        let answering: HTML = laws.isEmpty ? "" : "<section aria-labelledby=\"laws\"><h2 id=\"laws\">\(s["monitoring.law.answering"])</h2><ul>\(lawItems)</ul></section>"
        return Layout.page("\(r.documentSymbol) ¶\(r.paragraph)", req, """
            <p><a href="\(UNMonitoringPaths.recommendations())">\(s["monitoring.back"])</a> ·
            <a href="\(UNMonitoringPaths.plan())?document=\(r.documentSymbol)">\(s["monitoring.plan.open"])</a></p>
            \(about)\(texts)\(chain)
            \(r.classification == Recommendations.ClassificationState.suggested.rawValue ? "\(classification)\(followUp)\(indicators)" : "\(followUp)\(indicators)\(classification)" as HTML)
            \(answering)\(reiteration)
            """)
    }

    static func classificationSection(_ req: Request, _ r: Recommendations.Detail, errors: [FieldError], typed: ClassificationForm?, manages: Bool) -> HTML {
        let s = req.strings
        let state: HTML = r.classification == Recommendations.ClassificationState.confirmed.rawValue
            ? "<p>\(s.format("monitoring.confirmedBy", ["name": r.confirmedBy ?? "", "day": Layout.date(r.confirmedAt)]))</p>"
            : "<p>\(s.format("monitoring.suggestedBy", ["version": r.classifierVersion]))</p>"
        func triggers(_ kind: String, _ code: String) -> HTML {
            guard let found = r.suggestions.first(where: { $0.kind == kind && $0.code == code }) else { return "" }
            return " <span class=\"hint\">(\(s.format("monitoring.triggeredBy", ["words": found.triggers.joined(separator: ", ")])))</span>"
        }
        guard manages else {
            let clusters: [HTML] = r.clusters.map { "<li>\(s["monitoring.cluster." + $0])\(triggers("cluster", $0))</li>" }
            return "<section aria-labelledby=\"classification\"><h2 id=\"classification\">\(s["monitoring.classification"])</h2>\(state)<ul>\(clusters)</ul></section>"
        }
        let chosenClusters = typed?.clusters ?? r.clusters, chosenGroups = typed?.groups ?? r.groups
        let clusterBoxes: [HTML] = CRCCluster.allCases.map { c in
            let checked: HTML = chosenClusters.contains(c.rawValue) ? " checked" : ""
            return "<p><label class=\"choice\" for=\"c-cluster-\(c.rawValue)\"><input type=\"checkbox\" id=\"c-cluster-\(c.rawValue)\" name=\"clusters[]\" value=\"\(c.rawValue)\"\(checked)> \(s["monitoring.cluster." + c.rawValue])</label>\(triggers("cluster", c.rawValue))</p>"
        }
        let groupBoxes: [HTML] = AffectedGroup.allCases.map { g in
            let checked: HTML = chosenGroups.contains(g.rawValue) ? " checked" : ""
            return "<p><label class=\"choice\" for=\"c-group-\(g.rawValue)\"><input type=\"checkbox\" id=\"c-group-\(g.rawValue)\" name=\"groups[]\" value=\"\(g.rawValue)\"\(checked)> \(s["monitoring.group." + g.rawValue])</label>\(triggers("group", g.rawValue))</p>"
        }
        return """
            <section aria-labelledby="classification"><h2 id="classification">\(s["monitoring.classification"])</h2>\(state)
            \(FormKit.errorSummary(errors, places: classificationPlaces, s))
            <form method="post" action="\(UNMonitoringPaths.classification(r.id))">\(Layout.csrfField(req))
            <fieldset id="c-clusters"><legend>\(s["monitoring.field.clusters"])</legend><div class="grid">\(clusterBoxes)</div></fieldset>
            <fieldset id="c-groups"><legend>\(s["monitoring.field.groups"])</legend><div class="grid">\(groupBoxes)</div></fieldset>
            \(FormKit.field("articles", s["monitoring.field.articles"], typed?.articles ?? r.articles.joined(separator: "; "), id: "c-articles", hint: s["monitoring.hint.articles"], extra: " maxlength=\"300\" autocomplete=\"off\""))
            \(FormKit.field("sdgTargets", s["monitoring.field.sdgTargets"], typed?.sdgTargets ?? r.sdgTargets.joined(separator: "; "), id: "c-sdg", hint: s["monitoring.hint.sdgTargets"], extra: " maxlength=\"300\" autocomplete=\"off\""))
            <label for="c-themes">\(s["monitoring.field.themes"])</label><textarea id="c-themes" name="themes" rows="2" aria-describedby="c-themes-hint">\(typed?.themes ?? r.themes.joined(separator: "\n"))</textarea>
            <p class="hint" id="c-themes-hint">\(s["monitoring.hint.themes"])</p>
            <p><button type="submit">\(s["monitoring.confirm"])</button></p></form></section>
            """
    }

    static func reiterationSection(_ req: Request, _ r: Recommendations.Detail, errors: [FieldError]) -> HTML {
        let s = req.strings
        let current = r.earlier.first
        let choices: [HTML] = r.candidates.map { c in
            "<p><label class=\"choice\" for=\"r-\(c.id.uuidString)\"><input type=\"radio\" id=\"r-\(c.id.uuidString)\" name=\"earlierID\" value=\"\(c.id.uuidString)\"> \(c.documentSymbol) ¶\(c.paragraph) (\(c.year)) · \(s.format("monitoring.similarity", ["percent": String(Int((c.similarity * 100).rounded()))]))</label> <a href=\"\(UNMonitoringPaths.recommendation(c.id))\">\(s["monitoring.open"])</a></p>"
        }
        let none: HTML = "<p><label class=\"choice\" for=\"r-none\"><input type=\"radio\" id=\"r-none\" name=\"earlierID\" value=\"\"\(current == nil ? " checked" : "" as HTML)> \(current == nil ? s["monitoring.reiterates.none"] : s["monitoring.reiterates.unlink"])</label></p>"
        let kept: HTML = current.map { "<p><label class=\"choice\" for=\"r-current\"><input type=\"radio\" id=\"r-current\" name=\"earlierID\" value=\"\($0.id.uuidString)\" checked> \($0.documentSymbol) ¶\($0.paragraph) (\($0.year))</label></p>" } ?? ""
        return """
            <section aria-labelledby="reiteration"><h2 id="reiteration">\(s["monitoring.reiterates"])</h2>
            \(FormKit.errorSummary(errors, places: reiterationPlaces, s))
            <form method="post" action="\(UNMonitoringPaths.reiteration(r.id))">\(Layout.csrfField(req))
            <fieldset><legend>\(s["monitoring.reiterates.choose"])</legend>\(kept)\(choices)\(none)</fieldset>
            \(FormKit.field("reference", s["monitoring.field.reiterates"], nil, id: "r-reference", hint: s["monitoring.hint.reiterates"], extra: " maxlength=\"90\" autocomplete=\"off\" spellcheck=\"false\""))
            <p><button type="submit">\(s["common.save"])</button></p></form></section>
            """
    }

    @Sendable static func classify(req: Request) async throws -> Response {
        let form = try req.content.decode(ClassificationForm.self), id = try req.uuid("recommendationID")
        return try await FormKit.saveOrShow(req, save: {
            _ = try await Recommendations.classify(id, form.input, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.recommendation(id) + "#classification")
        }, show: { try await recommendationPage(req, errors: [.classification: $0], typed: Typed(classification: form)) })
    }

    @Sendable static func reiterate(req: Request) async throws -> Response {
        let form = try req.content.decode(ReiterationForm.self), id = try req.uuid("recommendationID")
        return try await FormKit.saveOrShow(req, save: {
            let typed = form.reference?.trimmedWhitespace ?? ""
            let chosen = typed.isEmpty ? form.earlierID.flatMap(UUID.init(uuidString:)) : nil
            _ = try await Recommendations.reiterate(id, .init(earlierID: chosen, reference: typed.isEmpty ? nil : typed), by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.recommendation(id) + "#reiteration")
        }, show: { try await recommendationPage(req, errors: [.reiteration: $0]) })
    }

    // MARK: the API

    @Sendable static func listJSON(req: Request) async throws -> Recommendations.Found {
        try await Recommendations.list(try req.query.decode(Recommendations.Query.self), by: try req.caller())
    }

    @Sendable static func createJSON(req: Request) async throws -> Response {
        let created = try await Recommendations.create(try req.content.decode(Recommendations.Input.self), by: try req.caller())
        return try await created.created(for: req, location: UNMonitoringPaths.API.recommendation(created.id))
    }

    @Sendable static func recommendationJSON(req: Request) async throws -> Recommendations.Detail {
        try await Recommendations.detail(try req.uuid("recommendationID"), by: try req.caller())
    }

    @Sendable static func classifyJSON(req: Request) async throws -> Recommendations.Detail {
        try await Recommendations.classify(try req.uuid("recommendationID"), try req.content.decode(Recommendations.ClassificationInput.self), by: try req.caller())
    }

    @Sendable static func reiterateJSON(req: Request) async throws -> Recommendations.Detail {
        try await Recommendations.reiterate(try req.uuid("recommendationID"), try req.content.decode(Recommendations.ReiterationInput.self), by: try req.caller())
    }

    /// The body is the CSV file itself.
    @Sendable static func importJSON(req: Request) async throws -> Response {
        guard let body = req.body.data, body.readableBytes > 0 else { throw AppError.invalid("file", "send the CSV file of recommendations as the body") }
        return try await RecommendationExchange.importFile(Array(body.readableBytesView), by: try req.caller()).created(for: req)
    }
}
