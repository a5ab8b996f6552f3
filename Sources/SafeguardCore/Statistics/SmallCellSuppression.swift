/// Aggregate figures shown to anyone without case access, and every export, hide small counts:
/// a count under 5 could point at one child.
public enum SmallCellSuppression {
    public static let threshold = 5

    public static func display(_ count: Int, exact: Bool) -> String {
        exact || count >= threshold ? String(count) : "<\(threshold)"
    }
}
