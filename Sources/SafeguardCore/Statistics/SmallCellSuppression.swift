/// Aggregate figures shown to anyone without case access, and every export, hide small counts:
/// a count under 5 could point at one child.
public enum SmallCellSuppression {
    public static let threshold = 5

    public static func display(_ count: Int, exact: Bool) -> String {
        exact || count >= threshold ? String(count) : "<\(threshold)"
    }

    /// The cells of one breakdown whose total is shown: when only one cell is hidden, the total
    /// minus the others would give it away, so the smallest cell shown is hidden too.
    public static func display(breakdown counts: [Int], exact: Bool) -> [String] {
        guard !exact else { return counts.map(String.init) }
        var hidden = counts.map { $0 < threshold }
        if hidden.filter({ $0 }).count == 1, let smallest = counts.indices.filter({ !hidden[$0] }).min(by: { counts[$0] < counts[$1] }) {
            hidden[smallest] = true
        }
        return zip(counts, hidden).map { $1 ? "<\(threshold)" : String($0) }
    }
}
