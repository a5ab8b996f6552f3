import Foundation

/// ISO 8601 date-times as the API accepts them: `2026-11-01T08:30:00Z`, with or without
/// fractional seconds, with `Z` or an offset.
public enum DateTime {
    public static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}

extension FieldValidator {
    /// Parses an optional ISO 8601 date-time, recording an error that shows the expected form.
    public mutating func dateTime(_ text: String?, _ field: String) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        guard let date = DateTime.parse(text) else {
            add(field, "expected an ISO 8601 date-time such as 2026-11-01T00:00:00Z")
            return nil
        }
        return date
    }
}
