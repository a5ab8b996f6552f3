/// A target of the Sustainable Development Goals, `16.2` or `4.a`: goal 1 to 17, then a number
/// or a letter. Read as the Universal Human Rights Index writes it, with or without its title
/// ("16.2 - End abuse, exploitation ...") or an `SDG` before it.
public struct SDGTarget: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let goal: Int
    public let target: String

    public init?(_ text: String) {
        var rest = Substring(text.trimmedWhitespace.uppercased())
        if rest.hasPrefix("SDG") { rest = rest.dropFirst(3).drop { $0 == " " || $0 == "-" } }
        let code = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") }
        let parts = code.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let goal = Int(parts[0]), (1...17).contains(goal), parts[0].count <= 2 else { return nil }
        let target = parts[1].lowercased()
        let isNumber = target.count <= 2 && Int(target).map { (1...20).contains($0) } == true
        let isLetter = target.count == 1 && ("a"..."j").contains(target)
        guard isNumber || isLetter else { return nil }
        self.goal = goal
        self.target = target
    }

    public var description: String { "\(goal).\(target)" }

    public static func < (a: SDGTarget, b: SDGTarget) -> Bool {
        // numbered targets before the lettered means of implementation, as the goals list them
        (a.goal, Int(a.target) ?? 100, a.target) < (b.goal, Int(b.target) ?? 100, b.target)
    }
}
