import Foundation

/// Writes CSV lines (RFC 4180) for downloads. A field that a spreadsheet would run as a formula
/// (it starts with =, +, -, @, a tab or a carriage return) is written with a leading apostrophe:
/// names and references come from people, and a download must not become a program.
public enum CSVWriter {
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    static func field(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A field as it was before `line` wrote it: the apostrophe put before a formula's first sign
    /// is taken off again, so that an exported file reads back unchanged.
    public static func original<S: StringProtocol>(_ field: S) -> String {
        guard field.hasPrefix("'"), let next = field.dropFirst().unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(next) else { return String(field) }
        return String(field.dropFirst())
    }
}
