import SafeguardCore
import Vapor

enum StatisticsPage {
    @Sendable static func show(req: Request) async throws -> HTML {
        let figures = try await StatisticsController.statistics(req: req)
        let s = req.strings
        let sections: [HTML] = [
            ("stats.contactsByMonth", figures.contactsByMonth, { (k: String) in k }),
            ("stats.byChannel", figures.contactsByChannel, { s["channel." + $0] }),
            ("stats.byCategory", figures.contactsByCategory, { s.category($0) }),
            ("stats.byCallerType", figures.contactsByCallerType, { s["callerType." + $0] }),
            ("stats.casesByStage", figures.casesByStage, { s["stage." + $0] }),
            ("stats.casesByRisk", figures.casesByRisk, { s["risk." + $0] }),
            ("stats.casesOpenedByMonth", figures.casesOpenedByMonth, { (k: String) in k }),
            ("stats.casesClosedByMonth", figures.casesClosedByMonth, { (k: String) in k }),
        ].enumerated().map { index, item in
            let (key, cells, coded) = item
            // contacts without the field recorded are counted as "unknown", which no code table names
            let label = { (code: String) in code == "unknown" ? s["common.notRecorded"] : coded(code) }
            return """
                <section aria-labelledby="s\(index)"><h2 id="s\(index)">\(s[key])</h2>\(chart(cells, label: label, title: s[key]))
                \(table(cells, label: label, heading: s[key], s))</section>
                """
        }
        let note: HTML = figures.exact ? "" : "<p>\(s["stats.suppressed"])</p>"
        return Layout.page(s["stats.title"], req, """
            \(note)<p><a href="\(StatisticsPaths.API.csv())" download>\(s["stats.export"])</a></p>\(sections)
            """)
    }

    /// A plain SVG bar chart; the table after it carries the same figures for screen readers.
    static func chart(_ cells: [Statistics.Cell], label: (String) -> String, title: String) -> HTML {
        guard !cells.isEmpty else { return "" }
        let top = max(cells.map(\.count).max() ?? 1, 1)
        let rowHeight = 22, width = 600, labelWidth = 220
        let bars: [HTML] = cells.enumerated().map { index, cell in
            // Suppressed cells draw no bar: its length would give the hidden count away.
            let shown = cell.display == String(cell.count)
            let length = shown ? max(1, (width - labelWidth - 60) * cell.count / top) : 0
            let y = index * rowHeight
            return """
                <text x="0" y="\(y + 15)" font-size="12">\(label(cell.key))</text>
                <rect x="\(labelWidth)" y="\(y + 3)" width="\(length)" height="16" fill="#0b3d5c"></rect>
                <text x="\(labelWidth + length + 6)" y="\(y + 15)" font-size="12">\(cell.display)</text>
                """
        }
        return """
            <svg role="img" aria-label="\(title)" width="\(width)" height="\(cells.count * rowHeight + 4)" viewBox="0 0 \(width) \(cells.count * rowHeight + 4)" aria-hidden="true">\(bars)</svg>
            """
    }

    static func table(_ cells: [Statistics.Cell], label: (String) -> String, heading: String, _ s: Strings) -> HTML {
        let rows: [HTML] = cells.map { "<tr><th scope=\"row\">\(label($0.key))</th><td>\($0.display)</td></tr>" }
        return "<table><thead><tr><th scope=\"col\">\(heading)</th><th scope=\"col\">\(s["stats.count"])</th></tr></thead><tbody>\(rows)</tbody></table>"
    }
}
