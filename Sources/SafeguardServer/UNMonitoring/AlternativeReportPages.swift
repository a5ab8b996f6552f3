import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Alternative reports: the list with the form to start one; a report's page with a form per
/// cluster (its words counted against the limit); the report printable and as a Word document.
enum AlternativeReportPages {
    struct ReportForm: Content {
        var title: String?, country: String?, mechanism: String?, language: String?, audience: String?, wordLimit: String?, childrenVersionOf: String?
        /// A number not typed as one reaches the store as none, which names it with every other problem.
        var input: AlternativeReports.Input {
            .init(title: title, country: country, mechanism: mechanism, language: language, audience: audience, wordLimit: Int(wordLimit?.trimmedWhitespace ?? ""),
                  childrenVersionOf: childrenVersionOf.flatMap { UUID(uuidString: $0) })
        }
    }

    struct SectionForm: Content {
        var stateClaims: String?, findings: String?, recommendationIDs: [String]?, quoteChildren: String?
        /// `figure[<indicator id>]` = `table`, `chart` or empty for not shown.
        var figure: [String: String]?

        /// The indicators chosen, each once however its id was written (an id in capitals and in
        /// small letters is the same indicator).
        var figures: [UUID: String] {
            Dictionary((figure ?? [:]).compactMap { key, value in UUID(uuidString: key).map { ($0, value) } }, uniquingKeysWith: { first, _ in first })
        }

        /// The figures in the order the page lists them, the indicators' creation order: their ids are
        /// time-ordered, so that order is the ids' own, with no query to find it.
        var input: AlternativeReports.SectionInput {
            .init(stateClaims: stateClaims, findings: findings, recommendationIDs: (recommendationIDs ?? []).compactMap { UUID(uuidString: $0) },
                  figures: figures.filter { !$0.value.isEmpty }.sorted { $0.key.uuidString < $1.key.uuidString }
                    .map { .init(indicatorID: $0.key, presentation: $0.value) },
                  quoteChildren: quoteChildren == "true")
        }
    }

    static let reportPlaces: FormKit.Places = [
        "title": ("r-title", "monitoring.report.title"), "country": ("r-country", "monitoring.field.country"), "mechanism": ("r-mechanism", "monitoring.field.mechanism"),
        "language": ("r-language", "monitoring.report.language"), "audience": ("r-audience", "monitoring.report.audience"),
        "wordLimit": ("r-limit", "monitoring.report.wordLimit"), "childrenVersionOf": ("r-parent", "monitoring.report.childrenVersionOf"),
    ]

    static func sectionPlaces(_ cluster: String) -> FormKit.Places {
        ["stateClaims": ("c-\(cluster)-claims", "monitoring.report.stateClaims"), "findings": ("c-\(cluster)-findings", "monitoring.report.findings"),
         "recommendationIDs": ("c-\(cluster)-recommendations", "monitoring.report.followsUp"), "figures": ("c-\(cluster)-figures", "monitoring.indicators")]
    }

    // MARK: the list

    @Sendable static func list(req: Request) async throws -> HTML { try await listPage(req, form: ReportForm(), errors: []) }

    static func listPage(_ req: Request, form f: ReportForm, errors: [FieldError]) async throws -> HTML {
        let s = req.strings, caller = try req.caller()
        let reports = try await AlternativeReports.list(by: caller)
        let rows: [HTML] = reports.map { r in
            """
            <tr><th scope="row"><a href="\(UNMonitoringPaths.report(r.id))">\(r.title)</a></th><td>\(r.country)</td><td>\(s["monitoring.mechanism." + r.mechanism])</td>
            <td>\(s.language(r.language))</td><td>\(s["monitoring.report.audience." + r.audience])</td>
            <td>\(s.format("monitoring.report.wordsOf", ["words": String(r.words), "limit": String(r.wordLimit)]))</td></tr>
            """
        }
        let table: HTML = reports.isEmpty ? "<p>\(s["monitoring.report.none"])</p>" : """
            <table><caption>\(s["monitoring.reports"])</caption><thead><tr><th scope="col">\(s["monitoring.report.title"])</th>
            <th scope="col">\(s["monitoring.field.country"])</th><th scope="col">\(s["monitoring.field.mechanism"])</th><th scope="col">\(s["monitoring.report.language"])</th>
            <th scope="col">\(s["monitoring.report.audience"])</th><th scope="col">\(s["monitoring.report.words"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        let parents: [HTML] = reports.filter { $0.audience == AlternativeReports.Audience.adults.rawValue }.map {
            "<option value=\"\($0.id.uuidString)\"\(f.childrenVersionOf == $0.id.uuidString ? " selected" : "" as HTML)>\($0.title)</option>"
        }
        let add: HTML = AccessPolicy.allows(caller.actor.roles, .monitoringManage) ? """
            <section aria-labelledby="add"><h2 id="add">\(s["monitoring.report.add"])</h2>
            \(FormKit.errorSummary(errors, places: reportPlaces, s))
            <form method="post" action="\(UNMonitoringPaths.reports())">\(Layout.csrfField(req))<div class="grid">
            <div>\(FormKit.field("title", s["monitoring.report.title"], f.title, id: "r-title", extra: " maxlength=\"300\" required"))</div>
            <div>\(FormKit.field("country", s["monitoring.field.country"], f.country, id: "r-country", hint: s["monitoring.report.hint.country"],
                                 extra: " maxlength=\"3\" pattern=\"[A-Za-z]{3}\" required autocomplete=\"off\""))</div>
            <div>\(Layout.select("mechanism", label: s["monitoring.field.mechanism"], options: Mechanism.allCases.map(\.rawValue), labelPrefix: "monitoring.mechanism.",
                                 selected: f.mechanism ?? Mechanism.crc.rawValue, strings: s, includeEmpty: false, required: true, id: "r-mechanism"))</div>
            <div>\(Layout.select("language", label: s["monitoring.report.language"], options: Strings.supported, labelPrefix: "language.",
                                 selected: f.language ?? s.locale, strings: s, includeEmpty: false, required: true, id: "r-language"))</div>
            <div>\(Layout.select("audience", label: s["monitoring.report.audience"], options: AlternativeReports.Audience.allCases.map(\.rawValue),
                                 labelPrefix: "monitoring.report.audience.", selected: f.audience, strings: s, includeEmpty: false, id: "r-audience"))</div>
            <div>\(FormKit.field("wordLimit", s["monitoring.report.wordLimit"], f.wordLimit, id: "r-limit", type: "number", hint: s["monitoring.report.hint.wordLimit"],
                                 extra: " min=\"500\" max=\"100000\" required"))</div>
            <div><label for="r-parent">\(s["monitoring.report.childrenVersionOf"])</label><select id="r-parent" name="childrenVersionOf">
            <option value="">\(s["monitoring.report.noParent"])</option>\(parents)</select></div>
            </div><p><button type="submit">\(s["monitoring.report.start"])</button></p></form></section>
            """ : ""
        return Layout.page(s["monitoring.reports"], req, "<p><a href=\"\(UNMonitoringPaths.recommendations())\">\(s["monitoring.back"])</a></p>\(table)\(add)")
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let f = try req.content.decode(ReportForm.self)
        return try await FormKit.saveOrShow(req, save: {
            if let parent = f.childrenVersionOf, !parent.isEmpty, UUID(uuidString: parent) == nil {
                throw AppError.invalid("childrenVersionOf", "choose the report it goes with from the list")
            }
            let created = try await AlternativeReports.create(f.input, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.report(created.id))
        }, show: { try await listPage(req, form: f, errors: $0) })
    }

    // MARK: a report

    struct Choice { var id: UUID; var label: String; var lang: String? }

    /// What each cluster's form offers: the recommendations to the report's country classified in
    /// the cluster, and the indicators of the cluster or of a recommendation in it.
    static func choices(_ report: AlternativeReports.Report, on db: any SQLDatabase, organisation: UUID) async throws -> (recommendations: [String: [Choice]], indicators: [String: [Choice]]) {
        var recommendations: [String: [Choice]] = [:], indicators: [String: [Choice]] = [:]
        for r in try await db.raw("""
            SELECT t.code, r.id, r.document_symbol, r.paragraph, r.year, r.language, r.text FROM un_recommendations r
            JOIN un_recommendation_tags t ON t.recommendation_id = r.id AND t.kind = 'cluster'
            WHERE r.organisation_id = \(bind: organisation) AND r.country = \(bind: report.country) ORDER BY r.sort_key LIMIT 3000
            """).all() {
            let text = try r.decode(column: "text", as: String.self)
            recommendations[try r.decode(column: "code", as: String.self), default: []].append(Choice(
                id: try r.decode(column: "id", as: UUID.self),
                label: "\(try r.decode(column: "document_symbol", as: String.self)) ¶\(try r.decode(column: "paragraph", as: String.self)) (\(try r.decode(column: "year", as: Int.self))): "
                    + (text.count > 160 ? String(text.prefix(160)) + "…" : text), lang: try r.decode(column: "language", as: String.self)))
        }
        for i in try await db.raw("""
            SELECT DISTINCT i.id, i.title, i.created_at, COALESCE(i.cluster, t.code) AS cluster FROM un_indicators i
            LEFT JOIN un_recommendation_tags t ON t.recommendation_id = i.recommendation_id AND t.kind = 'cluster'
            WHERE i.organisation_id = \(bind: organisation) ORDER BY i.created_at LIMIT 3000
            """).all() {
            guard let cluster = try i.decode(column: "cluster", as: String?.self) else { continue }
            indicators[cluster, default: []].append(Choice(id: try i.decode(column: "id", as: UUID.self), label: try i.decode(column: "title", as: String.self), lang: nil))
        }
        return (recommendations, indicators)
    }

    @Sendable static func report(req: Request) async throws -> HTML { try await reportPage(req, failed: nil) }

    /// `failed`: the cluster whose form was refused, with what was typed and the problems.
    static func reportPage(_ req: Request, failed: (cluster: String, form: SectionForm, errors: [FieldError])?) async throws -> HTML {
        let s = req.strings, caller = try req.caller()
        let report = try await AlternativeReports.get(try req.uuid("reportID"), by: caller)
        let manage = AccessPolicy.allows(caller.actor.roles, .monitoringManage)
        let (recommendations, indicators) = try await choices(report, on: req.sql, organisation: caller.actor.organisationID)
        let children = report.audience == AlternativeReports.Audience.children.rawValue
        let over = report.words > report.wordLimit
        let contents: [HTML] = report.sections.map { section in
            "<li><a href=\"#c-\(section.cluster)\">\(s["monitoring.cluster." + section.cluster])</a> · \(s.format("monitoring.report.wordCount", ["words": String(section.words)]))</li>"
        }
        let forms: [HTML] = report.sections.map { section in
            let typed = failed?.cluster == section.cluster ? failed!.form : nil
            let cited = typed.map { Set(($0.recommendationIDs ?? []).compactMap { UUID(uuidString: $0) }) } ?? Set(section.recommendationIDs)
            let shown = typed?.figures ?? Dictionary(section.figures.map { ($0.indicatorID, $0.presentation) }, uniquingKeysWith: { first, _ in first })
            let id = "c-\(section.cluster)"
            let recommendationBoxes: [HTML] = (recommendations[section.cluster] ?? []).map { r in
                """
                <p><label class="choice" for="\(id)-r-\(r.id.uuidString)"><input type="checkbox" id="\(id)-r-\(r.id.uuidString)" name="recommendationIDs[]" \
                value="\(r.id.uuidString)"\(cited.contains(r.id) ? " checked" : "" as HTML)\(manage ? "" : " disabled" as HTML)> \
                <span lang="\(r.lang ?? report.language)">\(r.label)</span></label></p>
                """
            }
            // indicators already shown stay offered even if no longer in the cluster
            var offered = indicators[section.cluster] ?? []
            for figure in section.figures where !offered.contains(where: { $0.id == figure.indicatorID }) { offered.append(Choice(id: figure.indicatorID, label: figure.title, lang: nil)) }
            let figureChoices: [HTML] = offered.map { i in
                "<div>\(Layout.select("figure[\(i.id)]", label: i.label, options: AlternativeReports.Presentation.allCases.map(\.rawValue), labelPrefix: "monitoring.report.presentation.", selected: shown[i.id], strings: s, emptyKey: "monitoring.report.presentation.none", extra: manage ? "" : " disabled", id: "\(id)-f-\(i.id)"))</div>"
            }
            let claims = typed?.stateClaims ?? section.stateClaims, findings = typed?.findings ?? section.findings
            let quote = typed.map { $0.quoteChildren == "true" } ?? section.quoteChildren
            let disabled: HTML = manage ? "" : " readonly"
            let body: HTML = """
                \(typed == nil ? "" : FormKit.errorSummary(failed!.errors, places: sectionPlaces(section.cluster), s))
                \(children ? "" : """
                <label for="\(id)-claims">\(s["monitoring.report.stateClaims"])</label>
                <textarea class="prose" lang="\(report.language)" id="\(id)-claims" name="stateClaims" rows="5" maxlength="\(AlternativeReports.textLimit)" aria-describedby="\(id)-claims-hint"\(disabled)>\(claims)</textarea>
                <p class="hint" id="\(id)-claims-hint">\(s["monitoring.report.hint.stateClaims"])</p>
                """ as HTML)
                <label for="\(id)-findings">\(s[children ? "monitoring.report.childrenFindings" : "monitoring.report.findings"])</label>
                <textarea class="prose" lang="\(report.language)" id="\(id)-findings" name="findings" rows="\(children ? 8 : 10)" maxlength="\(AlternativeReports.textLimit)" aria-describedby="\(id)-findings-hint"\(disabled)>\(findings)</textarea>
                <p class="hint" id="\(id)-findings-hint">\(s[children ? "monitoring.report.hint.childrenFindings" : "monitoring.report.hint.findings"])</p>
                <fieldset id="\(id)-recommendations"><legend>\(s["monitoring.report.followsUp"])</legend>\
                \(recommendationBoxes.isEmpty ? "<p>\(s["monitoring.report.noRecommendations"])</p>" : "\(recommendationBoxes)" as HTML)</fieldset>
                <fieldset id="\(id)-figures"><legend>\(s["monitoring.indicators"])</legend>\
                \(figureChoices.isEmpty ? "<p>\(s["monitoring.report.noIndicators"])</p>" : "<div class=\"grid\">\(figureChoices)</div>" as HTML)</fieldset>
                <p><label class="choice" for="\(id)-quote"><input type="checkbox" id="\(id)-quote" name="quoteChildren" value="true"\(quote ? " checked" : "" as HTML)\
                \(manage ? "" : " disabled" as HTML)> \(s["monitoring.report.quoteChildren"])</label></p>
                """
            // a section with something in it, or refused, is open; the others wait closed, so the page stays short to walk
            let written = !section.stateClaims.isEmpty || !section.findings.isEmpty || !section.recommendationIDs.isEmpty || !section.figures.isEmpty || section.quoteChildren
            // the heading stands outside the summary, where every screen reader's heading list finds it
            return """
                <h2 id="\(id)">\(s["monitoring.cluster." + section.cluster])</h2>
                <details id="\(id)-part"\(written || typed != nil ? " open" : "" as HTML)><summary>\(s.format("monitoring.report.openSection", ["words": String(section.words)]))</summary>
                \(manage ? """
                <form method="post" action="\(UNMonitoringPaths.reportSection(report.id, section.cluster))">\(Layout.csrfField(req))\(body)
                <p class="hint" id="\(id)-count" aria-live="polite" data-word-count data-others="\(report.words - section.words)" data-limit="\(report.wordLimit)"
                data-template="\(s["monitoring.report.liveCount"])">\(s.format("monitoring.report.liveCount", ["words": String(section.words), "total": String(report.words), "limit": String(report.wordLimit)]))</p>
                <p><button type="submit">\(s["monitoring.report.saveSection"])</button></p></form>
                """ as HTML : body)
                </details>
                """
        }
        let versions: [HTML] = report.childrenVersions.map { "<li><a href=\"\(UNMonitoringPaths.report($0))\">\(s["monitoring.report.childrenVersion"])</a></li>" }
        return Layout.page(report.title, req, """
            <p><a href="\(UNMonitoringPaths.reports())">\(s["monitoring.reports"])</a></p>
            <dl><dt>\(s["monitoring.field.country"])</dt><dd>\(report.country)</dd><dt>\(s["monitoring.field.mechanism"])</dt><dd>\(s["monitoring.mechanism." + report.mechanism])</dd>
            <dt>\(s["monitoring.report.language"])</dt><dd>\(s.language(report.language))</dd><dt>\(s["monitoring.report.audience"])</dt><dd>\(s["monitoring.report.audience." + report.audience])</dd>
            <dt>\(s["monitoring.report.words"])</dt><dd\(over ? " class=\"errors\"" : "" as HTML)>\(s.format("monitoring.report.wordsOf", ["words": String(report.words), "limit": String(report.wordLimit)]))</dd>
            \(report.childrenVersionOf.map { "<dt>\(s["monitoring.report.childrenVersionOf"])</dt><dd><a href=\"\(UNMonitoringPaths.report($0))\">\(s["monitoring.report.mainReport"])</a></dd>" } ?? "" as HTML)
            </dl>\(versions.isEmpty ? "" : "<ul>\(versions)</ul>" as HTML)
            <p><a href="\(UNMonitoringPaths.reportPrint(report.id))">\(s["monitoring.report.print"])</a> ·
            <a href="\(UNMonitoringPaths.reportDocx(report.id))" download>\(s["monitoring.report.docx"])</a></p>
            <nav aria-label="\(s["monitoring.report.sections"])"><ul>\(contents)</ul></nav>
            \(forms)\(manage ? "<script src=\"\(UNMonitoringPaths.assetsReportJs())\" defer></script>" : "" as HTML)
            """)
    }

    @Sendable static func saveSection(req: Request) async throws -> Response {
        let f = try req.content.decode(SectionForm.self), id = try req.uuid("reportID")
        let cluster = req.parameters.get("cluster") ?? ""
        return try await FormKit.saveOrShow(req, save: {
            _ = try await AlternativeReports.updateSection(id, cluster: cluster, f.input, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.report(id) + "#c-\(cluster)")
        }, show: { try await reportPage(req, failed: (cluster, f, $0)) })
    }

    // MARK: printed and in Word

    /// The report as it will be read: in its own language, headings and tables a screen reader
    /// walks, each chart drawn and told in words beside it.
    @Sendable static func print(req: Request) async throws -> HTML {
        let s = req.strings, caller = try req.caller()
        let document = try await ReportAssembly.exported(try req.uuid("reportID"), by: caller)
        var body: [HTML] = [], figure = 0
        for block in document.blocks {
            switch block {
            case .heading(let level, let text): body.append(level == 1 ? "<h2>\(text)</h2>" : "<h3>\(text)</h3>")
            case .text(let text): body += ReportDocument.paragraphs(text).map { "<p>\(lines($0))</p>" }
            case .quote(let text): body.append("<blockquote><p>\(lines(text))</p></blockquote>")
            case .list(let items): body.append("<ul>\(items.map { "<li>\($0)</li>" as HTML })</ul>")
            case .table(let table):
                let head: [HTML] = table.columns.map { "<th scope=\"col\">\($0)</th>" }
                let rows: [HTML] = table.rows.map { row in "<tr>\(row.enumerated().map { $0.offset == 0 ? "<th scope=\"row\">\($0.element)</th>" : "<td>\($0.element)</td>" as HTML })</tr>" }
                body.append("<table><caption>\(table.caption)</caption><thead><tr>\(head)</tr></thead><tbody>\(rows)</tbody></table><p class=\"hint\">\(table.note)</p>")
            case .chart(let chart):
                figure += 1
                body.append(ReportChartSVG.figure(chart, id: "chart-\(figure)"))
            }
        }
        return Layout.page(document.title, req, """
            <p><a href="\(UNMonitoringPaths.report(try req.uuid("reportID")))">\(s["monitoring.report.back"])</a></p>
            <p class="hint">\(s.format("monitoring.report.printedWords", ["words": String(document.words)]))</p>
            <article lang="\(document.language)">\(body)</article>
            """)
    }

    static func lines(_ text: String) -> HTML { HTML(unsafe: text.split(separator: "\n", omittingEmptySubsequences: false).map { HTML.escape(String($0)) }.joined(separator: "<br>")) }

    @Sendable static func docx(req: Request) async throws -> Response {
        let document = try await ReportAssembly.exported(try req.uuid("reportID"), by: try req.caller())
        let response = Response(status: .ok, body: .init(data: try DocxWriter.data(document)))
        // it quotes children and carries figures from their records: never kept by a cache on the way
        response.headers.cacheControl = .init(noStore: true)
        response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.wordprocessingml.document")
        // the title is the organisation's, so the file is named by the report's id only
        response.headers.contentDisposition = .init(.attachment, filename: "report-\(try req.uuid("reportID")).docx")
        return response
    }

    // MARK: the API

    @Sendable static func listJSON(req: Request) async throws -> [AlternativeReports.Summary] { try await AlternativeReports.list(by: try req.caller()) }
    @Sendable static func createJSON(req: Request) async throws -> Response {
        try await AlternativeReports.create(try req.content.decode(AlternativeReports.Input.self), by: try req.caller()).created(for: req)
    }
    @Sendable static func getJSON(req: Request) async throws -> AlternativeReports.Report { try await AlternativeReports.get(try req.uuid("reportID"), by: try req.caller()) }
    @Sendable static func saveSectionJSON(req: Request) async throws -> AlternativeReports.Report {
        try await AlternativeReports.updateSection(try req.uuid("reportID"), cluster: req.parameters.get("cluster") ?? "",
                                                   try req.content.decode(AlternativeReports.SectionInput.self), by: try req.caller())
    }
}
