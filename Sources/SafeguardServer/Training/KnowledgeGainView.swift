import SafeguardCore

/// A cohort's knowledge gain in words and as a small chart: the mean scores before and after, the
/// mean difference with its 95 % interval, and the share who improved.
enum KnowledgeGainView {
    static func percent(_ share: Double) -> String { String(Int((share * 100).rounded())) }

    static func render(_ g: KnowledgeGain.Summary, _ s: Strings) -> HTML {
        let interval = g.lower.map { lower in
            s.format("training.gainInterval", ["lower": percent(lower), "upper": percent(g.upper ?? lower)])
        } ?? s["training.gainNoInterval"]
        let text = s.format("training.gainSummary", ["pairs": String(g.pairs), "pre": percent(g.meanPre), "post": percent(g.meanPost),
                                                     "difference": percent(g.meanDifference), "improved": percent(g.shareImproved)])
        let bars: [HTML] = [(s["testKind.pre"], g.meanPre), (s["testKind.post"], g.meanPost)].enumerated().map { index, bar in
            let width = Int((bar.1 * 300).rounded()), y = index * 34 + 4
            return """
                <text x="0" y="\(y + 18)" font-size="13">\(bar.0)</text><rect x="90" y="\(y)" width="\(width)" height="24" fill="\(index == 0 ? "#8aa4b8" : "#0b3d5c")"/>\
                <text x="\(96 + width)" y="\(y + 18)" font-size="13">\(percent(bar.1)) %</text>
                """
        }
        return """
            <p>\(text) \(interval)</p>
            <svg xmlns="http://www.w3.org/2000/svg" width="460" height="76" viewBox="0 0 460 76" role="img" aria-label="\(text)">\(bars)</svg>
            """
    }
}
