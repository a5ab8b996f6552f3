extension StringProtocol where UTF8View: BidirectionalCollection {
    /// The text without leading and trailing white space (spaces of every width, tabs, line
    /// breaks, and the invisible zero-width space): the same set as Foundation's
    /// `.whitespacesAndNewlines`, without bridging through NSString, which cost more than the rest
    /// of a field's checks.
    public var trimmedWhitespace: String {
        // Most values begin and end with a visible ASCII character: nothing to trim, nothing to copy.
        if let first = utf8.first, let last = utf8.last, (0x21..<0x7F).contains(first), (0x21..<0x7F).contains(last) { return String(self) }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmable($0) }),
              let last = scalars.lastIndex(where: { !isTrimmable($0) }) else { return "" }
        return String(self[first...last])
    }
}

private func isTrimmable(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isWhitespace || scalar == "\u{200B}"
}
