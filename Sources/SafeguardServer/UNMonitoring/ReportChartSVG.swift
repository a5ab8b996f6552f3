import Foundation
import SafeguardCore

/// A report's bar chart drawn as SVG inside the page, so it prints as sharply as the text. The
/// drawing is an image to a screen reader, named by its caption; its figures follow it as a list,
/// which every reader gets, so a hidden count reads as hidden, not as nothing.
enum ReportChartSVG {
    static let width = 600.0, height = 260.0, left = 56.0, bottom = 32.0, top = 12.0

    static func figure(_ chart: ReportDocument.Chart, id: String) -> HTML {
        let values = chart.bars.compactMap(\.value).filter(\.isFinite)
        let ceiling = niceCeiling(values.max() ?? 0)
        let plotWidth = width - left - 8, plotHeight = height - top - bottom
        let slot = plotWidth / Double(max(chart.bars.count, 1))
        var shapes = ""
        for step in 0...4 {
            let value = ceiling * Double(step) / 4, y = top + plotHeight - plotHeight * Double(step) / 4
            shapes += "<line x1=\"\(left)\" x2=\"\(width - 8)\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#ccc\"/>"
            shapes += "<text x=\"\(left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\" font-size=\"12\">\(HTML.escape(label(value)))</text>"
        }
        for (index, bar) in chart.bars.enumerated() {
            let x = left + slot * Double(index)
            if let value = bar.value, value.isFinite, ceiling > 0 {
                let h = plotHeight * max(value, 0) / ceiling
                shapes += "<rect x=\"\(x + slot * 0.15)\" y=\"\(top + plotHeight - h)\" width=\"\(slot * 0.7)\" height=\"\(h)\" fill=\"#1f4e79\"/>"
            }
            shapes += "<text x=\"\(x + slot / 2)\" y=\"\(height - 10)\" text-anchor=\"middle\" font-size=\"12\">\(HTML.escape(bar.label))</text>"
        }
        let figures: [HTML] = chart.bars.map { "<li>\($0.label): \($0.display)</li>" }
        return """
            <figure aria-labelledby="\(id)-caption"><figcaption id="\(id)-caption">\(chart.caption)</figcaption>
            <svg viewBox="0 0 \(Int(width)) \(Int(height))" width="100%" role="img" aria-labelledby="\(id)-caption" focusable="false">\(HTML(unsafe: shapes))</svg>
            <ul>\(figures)</ul><p class="hint">\(chart.note)</p></figure>
            """
    }

    /// The axis's top: 1, 2 or 5 times a power of ten, at or above the largest bar.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let power = pow(10, floor(log10(value)))
        for step in [1.0, 2, 5, 10] where step * power >= value { return step * power }
        return 10 * power
    }

    static func label(_ value: Double) -> String { value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.1f", value) }
}
