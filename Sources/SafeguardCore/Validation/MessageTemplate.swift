import Foundation

/// A validation message as a template: the numbers and dates in it taken out as `{1}`, `{2}`, …
/// so that one translation serves every limit ("is longer than 200 characters" and "… 5000 …"),
/// and put back into the translation in the same order. Messages are looked up by their English
/// text, as gettext does, so a message written in a store needs no key of its own.
public enum MessageTemplate {
    // ISO dates and date-times, or a whole number standing on its own, perhaps negative ("age -1",
    // "question 4: …"), but not part of 14:00, K7Q2-9MXD, +08:00 or 12.5.
    private static let value = try! NSRegularExpression(
        pattern: #"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:\d{2}|Z)?)?|(?<![\w\-:+.])-?\d+(?![\w\-+.]|:\S)"#)

    /// The template of a message and the values taken out of it.
    public static func split(_ message: String) -> (template: String, values: [String]) {
        let text = message as NSString
        var template = "", values: [String] = [], last = 0
        for match in value.matches(in: message, range: NSRange(location: 0, length: text.length)) {
            template += text.substring(with: NSRange(location: last, length: match.range.location - last))
            values.append(text.substring(with: match.range))
            template += "{\(values.count)}"
            last = match.range.location + match.range.length
        }
        template += text.substring(from: last)
        return (template, values)
    }

    /// A translated template with the values put back.
    public static func fill(_ template: String, _ values: [String]) -> String {
        var text = template
        for (index, value) in values.enumerated() { text = text.replacingOccurrences(of: "{\(index + 1)}", with: value) }
        return text
    }
}
