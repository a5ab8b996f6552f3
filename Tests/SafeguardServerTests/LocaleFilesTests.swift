import Foundation
@testable import SafeguardServer
import Testing

/// The locale files a translator edits: every language has every key once, with the same
/// placeholders, so no page shows a key, another language, or an unfilled `{count}`.
@Suite struct LocaleFilesTests {
    static let files = ["en": LocaleTables.en, "zh-Hans": LocaleTables.zhHans]

    @Test func everyLanguageHasEveryKeyAndTheSamePlaceholders() {
        for (locale, table) in Self.files {
            #expect(Set(table.keys) == Set(LocaleTables.en.keys), "\(locale): \(Set(table.keys).symmetricDifference(LocaleTables.en.keys).sorted())")
            for (key, english) in LocaleTables.en {
                #expect(Self.placeholders(table[key] ?? "") == Self.placeholders(english), "\(locale) \(key)")
                #expect(!(table[key] ?? "").trimmingCharacters(in: .whitespaces).isEmpty, "\(locale) \(key) is empty")
            }
        }
    }

    @Test func noKeyIsWrittenTwiceInAFile() throws {
        // JSON keeps one of two equal keys silently; a translator's second copy must not hide the first.
        for locale in Self.files.keys {
            let url = try #require(LocaleTables.url(locale))
            let keys = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("\"") }.map { $0.split(separator: "\"")[0] }
            #expect(keys.count == LocaleTables.en.count)
            #expect(keys.count == Set(keys).count, "\(locale): \(Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
        }
    }

    static func placeholders(_ text: String) -> Set<String> {
        Set(text.split(separator: "{", omittingEmptySubsequences: false).dropFirst().compactMap { $0.split(separator: "}", maxSplits: 1).first.map(String.init) })
    }
}
