import Foundation
import SafeguardCore
import Vapor

/// The indicators' page: every indicator with its values by period, the form to define one, a
/// value typed in or computed for a period, and every computed indicator recomputed for a year.
/// A recommendation's page shows its own and its clusters' indicators, with the form to define one.
enum IndicatorPages {
    static let definePlaces: FormKit.Places = [
        "title": ("d-title", "monitoring.field.indicator"), "recommendationID": ("d-cluster", "monitoring.field.cluster"), "cluster": ("d-cluster", "monitoring.field.cluster"),
        "figure": ("d-figure", "monitoring.field.figure"), "unit": ("d-unit", "monitoring.field.unit"),
    ]
    static func valuePlaces(_ id: UUID) -> FormKit.Places {
        let p = "v-\(id.uuidString)-"
        return ["periodStart": (p + "start", "monitoring.field.periodStart"), "periodEnd": (p + "end", "monitoring.field.periodEnd"),
                "value": (p + "value", "monitoring.field.value"), "source": (p + "source", "monitoring.field.source"), "sourceDate": (p + "date", "monitoring.field.sourceDate")]
    }
    static let recomputePlaces: FormKit.Places = ["year": ("rc-year", "monitoring.field.year")]

    /// Which form was refused, with its problems and what was typed.
    enum Refused {
        case define([FieldError], DefineForm)
        case value(UUID, [FieldError], ValueForm)
        case recompute([FieldError])
    }

    struct DefineForm: Content {
        var title: String?, recommendationID: String?, cluster: String?, figure: String?, unit: String?
        var input: Indicators.Input {
            .init(title: title, recommendationID: recommendationID.flatMap(UUID.init(uuidString:)), cluster: cluster.flatMap { $0.isEmpty ? nil : $0 },
                  figure: figure, unit: unit)
        }
    }

    struct ValueForm: Content {
        var periodStart: String?, periodEnd: String?, value: String?, source: String?, sourceDate: String?
        func input() -> (Indicators.ValueInput, [FieldError]) {
            let typed = value?.trimmedWhitespace ?? "", number = Double(typed.replacingOccurrences(of: ",", with: ""))
            return (.init(periodStart: periodStart, periodEnd: periodEnd, value: typed.isEmpty ? nil : number, source: source?.trimmedWhitespace.isEmpty == false ? source : nil,
                          sourceDate: sourceDate),
                    !typed.isEmpty && (number == nil || !number!.isFinite) ? [FieldError("value", "give the value as a number")] : [])
        }
    }

    struct RecomputeForm: Content { var year: String? }

    static func figureLabel(_ figure: String?, _ s: Strings) -> String {
        figure.map { s["monitoring.figure." + $0] } ?? s["monitoring.figure.byHand"]
    }

    /// The values of an indicator as a table: period, value, and where it came from.
    static func valuesTable(_ i: Indicators.Indicator, _ s: Strings) -> HTML {
        guard !i.values.isEmpty else { return "<p>\(s["monitoring.values.none"])</p>" }
        let rows: [HTML] = i.values.map { v in
            let origin: HTML = v.definition.map { d in "\(s.format("monitoring.computedBy", ["definition": d, "at": Layout.date(v.computedAt)]))" }
                ?? "\(v.source ?? "")\(v.sourceDate.map { " (\($0))" } ?? "")"
            return "<tr><td>\(v.periodStart) – \(v.periodEnd)</td><td>\(v.display)\(i.unit.map { " \($0)" } ?? "")</td><td>\(origin)</td></tr>"
        }
        return """
            <table><caption>\(s.format("monitoring.values.caption", ["title": i.title]))</caption><thead><tr><th scope="col">\(s["monitoring.field.period"])</th>
            <th scope="col">\(s["monitoring.field.value"])</th><th scope="col">\(s["monitoring.field.source"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    static func defineForm(_ req: Request, recommendationID: UUID?, errors: [FieldError], typed: DefineForm?) -> HTML {
        let s = req.strings
        let figures: [HTML] = IndicatorFigure.allCases.map { f in
            "<option value=\"\(f.rawValue)\"\(typed?.figure == f.rawValue ? " selected" : "" as HTML)>\(s["monitoring.figure." + f.rawValue])</option>"
        }
        let measures: HTML = recommendationID.map { "<input type=\"hidden\" name=\"recommendationID\" value=\"\($0.uuidString)\">" } ?? """
            \(Layout.select("cluster", label: s["monitoring.field.cluster"], options: CRCCluster.allCases.map(\.rawValue), labelPrefix: "monitoring.cluster.",
                            selected: typed?.cluster, strings: s, emptyKey: "monitoring.chooseCluster", required: true, id: "d-cluster"))
            """
        return """
            \(FormKit.errorSummary(errors, places: definePlaces, s))
            <form method="post" action="\(UNMonitoringPaths.indicators())">\(Layout.csrfField(req))\(measures)
            \(FormKit.field("title", s["monitoring.field.indicator"], typed?.title, id: "d-title", extra: " maxlength=\"300\" required"))
            <label for="d-figure">\(s["monitoring.field.figure"])</label><select id="d-figure" name="figure" aria-describedby="d-figure-hint">
            <option value="">\(s["monitoring.figure.byHand"])</option>\(figures)</select>
            <p class="hint" id="d-figure-hint">\(s["monitoring.hint.figure"])</p>
            \(FormKit.field("unit", s["monitoring.field.unit"], typed?.unit, id: "d-unit", hint: s["monitoring.hint.unit"], extra: " maxlength=\"40\""))
            <p><button type="submit">\(s["monitoring.indicator.add"])</button></p></form>
            """
    }

    /// The section of a recommendation's page.
    static func section(_ req: Request, _ r: Recommendations.Detail, manages: Bool) async throws -> HTML {
        let s = req.strings
        let indicators = try await Indicators.list(recommendation: r.id, by: try req.caller())
        let items: [HTML] = indicators.map { i in
            let measures = i.cluster.map { s["monitoring.cluster." + $0] } ?? s["monitoring.indicator.thisRecommendation"]
            return "<h3><a href=\"\(UNMonitoringPaths.indicators())#i-\(i.id.uuidString)\">\(i.title)</a></h3><p class=\"hint\">\(measures) · \(figureLabel(i.figure, s))</p>\(valuesTable(i, s))"
        }
        return """
            <section aria-labelledby="indicators"><h2 id="indicators">\(s["monitoring.indicators"])</h2>
            \(indicators.isEmpty ? "<p>\(s["monitoring.indicators.none"])</p>" : "\(items)" as HTML)
            \(manages ? "<details><summary>\(s["monitoring.indicator.define"])</summary>\(defineForm(req, recommendationID: r.id, errors: [], typed: nil))</details>" : "" as HTML)
            </section>
            """
    }

    @Sendable static func page(req: Request) async throws -> HTML { try await indicatorsPage(req, refused: nil) }

    static func indicatorsPage(_ req: Request, refused: Refused?) async throws -> HTML {
        let s = req.strings, caller = try req.caller()
        let manages = AccessPolicy.allows(caller.actor.roles, .monitoringManage)
        let indicators = try await Indicators.list(by: caller)
        let items: [HTML] = indicators.map { i in
            let measures: HTML = i.recommendationID.map { "<a href=\"\(UNMonitoringPaths.recommendation($0))\">\(i.recommendation ?? "")</a>" }
                ?? "\(i.cluster.map { s["monitoring.cluster." + $0] } ?? "")"
            var errors: [FieldError] = [], typed = ValueForm()
            if case .value(let id, let e, let form) = refused, id == i.id { (errors, typed) = (e, form) }
            let places = valuePlaces(i.id), p = "v-\(i.id.uuidString)-"
            let byHand: HTML = i.figure == nil ? """
                \(FormKit.field("value", s["monitoring.field.value"], typed.value, id: p + "value", extra: " inputmode=\"decimal\" required"))
                \(FormKit.field("source", s["monitoring.field.source"], typed.source, id: p + "source", extra: " maxlength=\"500\" required"))
                \(FormKit.field("sourceDate", s["monitoring.field.sourceDate"], typed.sourceDate, id: p + "date", type: "date"))
                """ : ""
            let valueForm: HTML = manages ? """
                \(FormKit.errorSummary(errors, places: places, s, focus: !errors.isEmpty))
                <form method="post" action="\(UNMonitoringPaths.indicatorValues(i.id))">\(Layout.csrfField(req))
                <fieldset><legend>\(i.figure == nil ? s["monitoring.value.add"] : s["monitoring.value.compute"])</legend>
                \(FormKit.field("periodStart", s["monitoring.field.periodStart"], typed.periodStart ?? "\(Recommendations.currentYear)-01-01", id: p + "start", type: "date", extra: " required"))
                \(FormKit.field("periodEnd", s["monitoring.field.periodEnd"], typed.periodEnd ?? "\(Recommendations.currentYear)-12-31", id: p + "end", type: "date", extra: " required"))
                \(byHand)<p><button type="submit">\(i.figure == nil ? s["common.save"] : s["monitoring.value.computeButton"])</button></p></fieldset></form>
                """ : ""
            return """
                <section aria-labelledby="i-\(i.id.uuidString)"><h2 id="i-\(i.id.uuidString)">\(i.title)</h2>
                <p>\(measures) · \(figureLabel(i.figure, s))\(i.figure.flatMap(IndicatorFigure.init(rawValue:)).map { " · \($0.definition)" } ?? "")</p>
                \(valuesTable(i, s))\(valueForm)</section>
                """
        }
        var defineErrors: [FieldError] = [], defineTyped: DefineForm?, recomputeErrors: [FieldError] = []
        if case .define(let e, let form) = refused { (defineErrors, defineTyped) = (e, form) }
        if case .recompute(let e) = refused { recomputeErrors = e }
        let recomputed = req.query[Int.self, at: "recomputed"]
        let tools: HTML = manages ? """
            <section aria-labelledby="recompute"><h2 id="recompute">\(s["monitoring.recompute"])</h2>
            \(recomputed.map { "<p class=\"flash\" role=\"status\">\(s.format("monitoring.recomputed", ["count": String($0)]))</p>" } ?? "" as HTML)
            \(FormKit.errorSummary(recomputeErrors, places: recomputePlaces, s))
            <form method="post" action="\(UNMonitoringPaths.recomputation())">\(Layout.csrfField(req))
            \(FormKit.field("year", s["monitoring.field.year"], String(Recommendations.currentYear), id: "rc-year", type: "number", extra: " min=\"1990\" max=\"2100\" required"))
            <p><button type="submit">\(s["monitoring.recomputeButton"])</button></p></form></section>
            <section aria-labelledby="define"><h2 id="define">\(s["monitoring.indicator.defineForCluster"])</h2>
            \(defineForm(req, recommendationID: nil, errors: defineErrors, typed: defineTyped))</section>
            """ : ""
        return Layout.page(s["monitoring.indicators"], req, """
            <p><a href="\(UNMonitoringPaths.recommendations())">\(s["monitoring.back"])</a></p>
            \(indicators.isEmpty ? "<p>\(s["monitoring.indicators.none"])</p>" : "\(items)" as HTML)\(tools)
            """)
    }

    @Sendable static func define(req: Request) async throws -> Response {
        let form = try req.content.decode(DefineForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let created = try await Indicators.create(form.input, by: try req.caller())
            return Pages.seeOther("\(UNMonitoringPaths.indicators())#i-\(created.id.uuidString)")
        }, show: { try await indicatorsPage(req, refused: .define($0, form)) })
    }

    @Sendable static func addValue(req: Request) async throws -> Response {
        let form = try req.content.decode(ValueForm.self), id = try req.uuid("indicatorID")
        return try await FormKit.saveOrShow(req, save: {
            let (input, problems) = form.input()
            guard problems.isEmpty else { throw ValidationErrors(problems) }
            try await Indicators.addValue(id, input, by: try req.caller())
            return Pages.seeOther("\(UNMonitoringPaths.indicators())#i-\(id.uuidString)")
        }, show: { try await indicatorsPage(req, refused: .value(id, $0, form)) })
    }

    @Sendable static func recompute(req: Request) async throws -> Response {
        let form = try req.content.decode(RecomputeForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let typed = form.year?.trimmedWhitespace ?? ""
            guard let year = Int(typed) else { throw AppError.invalid("year", "must be a year from 1990 to next year") }
            let done = try await Indicators.recompute(.init(year: year), by: try req.caller())
            return Pages.seeOther("\(UNMonitoringPaths.indicators())?recomputed=\(done.indicators)#recompute")
        }, show: { try await indicatorsPage(req, refused: .recompute($0)) })
    }

    // MARK: the API

    struct Figure: Content { var figure: String; var kind: String; var version: Int; var definition: String }

    @Sendable static func figuresJSON(req: Request) async throws -> [Figure] {
        _ = try req.caller().scopes(.monitoringRead)
        return IndicatorFigure.allCases.map { Figure(figure: $0.rawValue, kind: $0.kind.rawValue, version: $0.version, definition: $0.definition) }
    }

    @Sendable static func listJSON(req: Request) async throws -> [Indicators.Indicator] {
        try await Indicators.list(recommendation: req.query[UUID.self, at: "recommendation"], by: try req.caller())
    }

    @Sendable static func createJSON(req: Request) async throws -> Response {
        try await Indicators.create(try req.content.decode(Indicators.Input.self), by: try req.caller()).created(for: req)
    }

    @Sendable static func addValueJSON(req: Request) async throws -> Response {
        let id = try req.uuid("indicatorID"), caller = try req.caller()
        try await Indicators.addValue(id, try req.content.decode(Indicators.ValueInput.self), by: caller)
        guard let indicator = try await Indicators.list(id: id, by: caller).first else { throw AppError.notFound("indicator") }
        return try await indicator.created(for: req)
    }

    @Sendable static func recomputeJSON(req: Request) async throws -> Indicators.Recomputed {
        try await Indicators.recompute(try req.content.decode(Indicators.RecomputeInput.self), by: try req.caller())
    }
}
