import Foundation

/// A report as its blocks, whatever it is written to: a Word document (`DocxWriter`) or a page.
/// It holds text already in the report's language, and each figure already as a reader may see it.
public struct ReportDocument: Sendable, Equatable {
    public var title: String
    /// `en`, `zh-Hans`: what a reader's tools (spelling, voice, fonts) take it to be written in.
    public var language: String
    public var created: Date
    public var blocks: [Block]

    public init(title: String, language: String, created: Date, blocks: [Block] = []) {
        self.title = title
        self.language = language
        self.created = created
        self.blocks = blocks
    }

    public enum Block: Sendable, Equatable {
        /// Level 1 is a part of the report (a cluster), level 2 a part of that.
        case heading(level: Int, text: String)
        /// Paragraphs are separated by blank lines; a single line break is kept within one.
        case text(String)
        case quote(String)
        case list([String])
        case table(Table)
        case chart(Chart)
    }

    public struct Table: Sendable, Equatable {
        public var caption: String
        public var columns: [String]
        public var rows: [[String]]
        /// Where the figures come from (the definition and when it was computed).
        public var note: String

        public init(caption: String, columns: [String], rows: [[String]], note: String) {
            self.caption = caption
            self.columns = columns
            self.rows = rows
            self.note = note
        }
    }

    /// Bars by period. A bar with no value is a figure hidden as a small count: it keeps its place
    /// and its label, and is drawn as nothing.
    public struct Chart: Sendable, Equatable {
        public var caption: String
        public var series: String
        public var bars: [Bar]
        public var note: String

        public init(caption: String, series: String, bars: [Bar], note: String) {
            self.caption = caption
            self.series = series
            self.bars = bars
            self.note = note
        }
    }

    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double?
        /// As the table shows it (`<5`, `82.5% (33 / 40)`), for readers who cannot see the bars.
        public var display: String

        public init(label: String, value: Double?, display: String) {
            self.label = label
            self.value = value
            self.display = display
        }
    }

    /// The words a committee counts: headings, text, quotations and lists, not tables or charts.
    public var words: Int {
        blocks.reduce(0) { total, block in
            switch block {
            case .heading(_, let text), .text(let text), .quote(let text): total + WordCount.count(text)
            case .list(let items): total + items.reduce(0) { $0 + WordCount.count($1) }
            case .table, .chart: total
            }
        }
    }

    /// A text's paragraphs: split at blank lines, each trimmed, none empty.
    public static func paragraphs(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
