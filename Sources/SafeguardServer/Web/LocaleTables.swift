import Foundation

/// Every user-facing string, per language, from `Resources/Locales/<locale>.json`: one flat JSON
/// object per language (keys grouped by area through their prefix), which a translator edits
/// without Swift. A test checks that every language has every key, except the traditional Mongolian
/// script's, which holds the public pages' strings and leaves the rest to Chinese.
enum LocaleTables {
    static let en = load("en")
    static let zhHans = load("zh-Hans")
    static let mn = load("mn")
    static let mnMong = load("mn-Mong")

    /// A missing or broken table is a broken build, found at start-up (`configure` reads them all), not
    /// a page that shows keys.
    static func url(_ locale: String) -> URL? {
        Bundle.module.url(forResource: locale, withExtension: "json", subdirectory: "Locales")
    }

    static func load(_ locale: String) -> [String: String] {
        guard let url = url(locale), let data = try? Data(contentsOf: url) else {
            fatalError("the locale table Locales/\(locale).json is missing from the SafeguardServer resources")
        }
        do {
            return try JSONDecoder().decode([String: String].self, from: data)
        } catch {
            fatalError("the locale table Locales/\(locale).json is not a JSON object of strings: \(error)")
        }
    }
}
