import Foundation
import SafeguardCore
import Vapor

/// The year's training figures as tables, with the year to choose and the CSV download.
enum TrainingFiguresPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let actor = try req.actor()
        let query = try req.query.decode(TrainingFigures.Query.self)
        let year: Int
        do { year = try TrainingFigures.year(query) } catch {
            guard let problems = FormKit.problems(error) else { throw error }
            let response = try await page(req, nil, typed: query.year, errors: problems).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        let figures = try await TrainingFigures.compute(year: year, exact: AccessPolicy.allows(actor.roles, .statsReadExact), actor: actor, on: req.sql)
        return try await page(req, figures, typed: String(year), errors: []).encodeResponse(for: req)
    }

    static func page(_ req: Request, _ f: TrainingFigures.Figures?, typed: String?, errors: [FieldError]) -> HTML {
        let s = req.strings
        let chooser: HTML = """
            \(FormKit.errorSummary(errors, places: ["year": ("year", "figures.year")], s))
            <form method="get" action="\(TrainingPaths.figures())" class="inline">
            <label for="year">\(s["figures.year"])</label> <input type="number" id="year" name="year" min="2000" max="2100" value="\(typed ?? "")" required>
            <button type="submit">\(s["figures.show"])</button></form>
            """
        guard let f else { return Layout.page(s["figures.title"], req, chooser) }
        func key(_ dimension: String, _ key: String) -> String {
            switch dimension {
            case "targetGroup": s["targetGroup." + key]
            case "sex": s["sex." + key]
            case "region": key.isEmpty ? s["common.notRecorded"] : s.region(key)
            case "generation": key == "1" ? s["figures.generation.first"]
                : s.format("figures.generation.later", ["generation": key, "before": String((Int(key) ?? 2) - 1)])
            default: key
            }
        }
        let breakdowns: [HTML] = f.breakdowns.filter { !$0.cells.isEmpty }.map { b in
            let rows: [HTML] = b.cells.map { "<tr><th scope=\"row\">\(key(b.dimension, $0.key))</th><td>\($0.display)</td></tr>" }
            return """
                <table><caption>\(s["figures.by." + b.dimension])</caption><thead><tr><th scope="col">\(s["figures.dimension." + b.dimension])</th>
                <th scope="col">\(s["figures.people"])</th></tr></thead><tbody>\(rows)</tbody></table>
                """
        }
        let delivered: [HTML] = f.delivered.map { "<tr><th scope=\"row\">\($0.programmeTitle)</th><td>\($0.sessions)</td><td>\(String($0.hours))</td></tr>" }
        let completion: [HTML] = f.completion.map { c in
            "<tr><th scope=\"row\">\(c.programmeTitle)</th><td>\(c.enrolled)</td><td>\(c.completed)</td><td>\(c.percent.map { "\($0) %" } ?? "–")</td></tr>"
        }
        let consulted: [HTML] = f.consultations.map { c in
            "<tr><th scope=\"row\">\(s["consultation.kind." + c.kind])</th><td>\(s["category." + c.category])</td><td>\(c.display)</td></tr>"
        }
        return Layout.page(s.format("figures.titleYear", ["year": String(f.year)]), req, """
            \(chooser)
            <p><a href="\(TrainingPaths.figuresCSV())?year=\(String(f.year))" download>\(s["figures.download"])</a></p>
            <p>\(s["figures.explained"])</p>
            <p><strong>\(s.format("figures.peopleTrained", ["people": f.peopleTrained]))</strong></p>
            \(breakdowns)
            \(delivered.isEmpty ? "" : """
                <table><caption>\(s["figures.delivered"])</caption><thead><tr><th scope="col">\(s["figures.programme"])</th>
                <th scope="col">\(s["training.sessions"])</th><th scope="col">\(s["figures.hours"])</th></tr></thead><tbody>\(delivered)</tbody></table>
                """ as HTML)
            \(completion.isEmpty ? "" : """
                <table><caption>\(s["figures.completion"])</caption><thead><tr><th scope="col">\(s["figures.programme"])</th>
                <th scope="col">\(s["figures.enrolled"])</th><th scope="col">\(s["figures.completed"])</th><th scope="col">\(s["figures.percent"])</th></tr></thead>
                <tbody>\(completion)</tbody></table>
                """ as HTML)
            \(consulted.isEmpty ? "" : """
                <table><caption>\(s["figures.consultations"])</caption><thead><tr><th scope="col">\(s["consultation.field.kind"])</th>
                <th scope="col">\(s["consultation.field.topic"])</th><th scope="col">\(s["figures.count"])</th></tr></thead><tbody>\(consulted)</tbody></table>
                """ as HTML)
            """)
    }
}
