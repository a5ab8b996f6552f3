/// What participants thought of a session: each rates a few things from 1 (poor) to 5 (very good)
/// and may add a comment. Results are shown only once enough people have answered that no one's
/// answers can be told apart: a trainer reading "1 answer: trainer 2 of 5" knows whose it was.
public enum SessionFeedback {
    public enum Criterion: String, CaseIterable, Codable, Sendable {
        case relevance, trainer, materials, organisation, overall
    }

    public static let scale = 1...5
    /// Fewer answers than this are counted but not shown.
    public static let shownFrom = 3

    public struct Summary: Codable, Equatable, Sendable {
        public var responses: Int
        /// False while fewer than `shownFrom` have answered: the means and counts below are then empty.
        public var shown: Bool
        /// The mean rating per criterion, over those who rated it.
        public var means: [String: Double]
        /// How many gave each rating, 1 to 5, per criterion.
        public var counts: [String: [Int]]
    }

    /// Summarises the forms given; a criterion left unrated on a form is not counted for that
    /// criterion, and a criterion rated fewer than `shownFrom` times is not shown.
    public static func summarise(_ forms: [[Criterion: Int]]) -> Summary {
        guard forms.count >= shownFrom else { return Summary(responses: forms.count, shown: false, means: [:], counts: [:]) }
        var means: [String: Double] = [:], counts: [String: [Int]] = [:]
        for criterion in Criterion.allCases {
            let ratings = forms.compactMap { $0[criterion] }.filter(scale.contains)
            // a question fewer answered is not shown either: one rating among three forms is one person's
            guard ratings.count >= shownFrom else { continue }
            means[criterion.rawValue] = Double(ratings.reduce(0, +)) / Double(ratings.count)
            counts[criterion.rawValue] = scale.map { rating in ratings.filter { $0 == rating }.count }
        }
        return Summary(responses: forms.count, shown: true, means: means, counts: counts)
    }
}
