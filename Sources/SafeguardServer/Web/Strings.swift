import SafeguardCore
import Vapor

/// The user's language: every user-facing string comes from a locale table.
struct Strings: Sendable {
    /// The languages of the whole interface, which an account may choose.
    static let supported = ["en", "zh-Hans", "mn"]
    /// Traditional Mongolian script, for the public pages a visitor reads (the Inner Mongolia network
    /// writes it beside Chinese): a string it lacks is shown in Chinese, the language its readers share.
    static let publicScripts = ["mn-Mong"]
    static let selectable = supported + publicScripts
    /// Each language named in itself, as a language switch offers it.
    static let endonyms = ["en": "English", "zh-Hans": "简体中文", "mn": "Монгол", "mn-Mong": "ᠮᠣᠩᠭᠣᠯ"]

    let locale: String
    /// The tables a string is looked up in, in order; English last.
    private let tables: [[String: String]]

    init(locale: String) {
        let chosen = Strings.selectable.contains(locale) ? locale : "en"
        self.locale = chosen
        switch chosen {
        case "zh-Hans": tables = [LocaleTables.zhHans, LocaleTables.en]
        case "mn": tables = [LocaleTables.mn, LocaleTables.en]
        case "mn-Mong": tables = [LocaleTables.mnMong, LocaleTables.zhHans, LocaleTables.en]
        default: tables = [LocaleTables.en]
        }
    }

    /// The ISO 639-1 code of the reader's language, whatever its script: what a training or a
    /// library category is labelled with.
    var languageCode: String { String(locale.prefix(2)) }

    /// Things named by people in the reader's alphabetical order: Mongolian's (ө after о, ү after у,
    /// where code points put both after я) for a reader of Mongolian; for others as the list came.
    func ordered<T>(_ items: [T], by name: (T) -> String) -> [T] {
        guard languageCode == "mn" else { return items }
        return items.map { (SortKey.of(name($0)), $0) }.enumerated()
            .sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
    }

    private func lookUp(_ key: String) -> String? {
        for table in tables { if let value = table[key] { return value } }
        return nil
    }

    subscript(_ key: String) -> String {
        lookUp(key) ?? key
    }

    /// A category's label; a subcategory's says which category it belongs to ("Violence: Bullying").
    func category(_ code: String) -> String {
        guard let dot = code.firstIndex(of: ".") else { return self["category." + code] }
        return "\(self["category." + code[..<dot]]): \(self["category." + code])"
    }

    /// The name the server gives the region it makes at its first start; pages name it in the reader's language.
    static let rootRegionName = "All regions"

    /// A region's name as stored, except the server's own root, named in the reader's language.
    func region(_ name: String) -> String {
        name == Self.rootRegionName ? self["region.root"] : name
    }

    /// A language's name by its ISO 639 code; a code without one is shown as it is.
    func language(_ code: String) -> String {
        lookUp("language." + code) ?? code
    }

    /// A validation message in the reader's language: looked up by its English text, with its numbers
    /// and dates kept (`MessageTemplate`); one without a translation is shown as it came.
    func problem(_ message: String) -> String {
        let (template, values) = MessageTemplate.split(message)
        guard let translated = lookUp("problem." + template) else { return message }
        return MessageTemplate.fill(translated, values)
    }

    /// A string with `{name}` placeholders filled in, in one pass over the template: a value that
    /// itself holds `{name}` (a title someone typed) is put in as it is, never filled in again.
    func format(_ key: String, _ values: [String: String]) -> String {
        let template = self[key]
        var text = "", rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}"), let value = values[String(rest[rest.index(after: open)..<close])] else {
                text.append("{")
                rest = rest[rest.index(after: open)...]
                continue
            }
            text += value
            rest = rest[rest.index(after: close)...]
        }
        return text + rest
    }
}

extension Request {
    var strings: Strings {
        if let actor = actorIfSignedIn { return Strings(locale: actor.locale) }
        let cookie = cookies["sg_lang"]?.string ?? ""
        let chosen = Strings.selectable.contains(cookie) ? cookie : Strings.preferred(headers.first(name: .acceptLanguage) ?? "")
        // the traditional script covers the public pages; elsewhere its readers read Chinese, marked as Chinese
        return Strings(locale: Strings.publicScripts.contains(chosen) && !Layout.isPublic(url.path) ? "zh-Hans" : chosen)
    }
}

extension Strings {
    /// The language of an Accept-Language header that Safeguard speaks with the highest weight
    /// (the first among equals); English when none is. Mongolian in China (mn-CN) is written in
    /// the traditional script there.
    static func preferred(_ acceptLanguage: String) -> String {
        var best: (locale: String, weight: Double)?
        for tag in acceptLanguage.lowercased().split(separator: ",").prefix(20) {
            let parts = tag.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let language = parts.first ?? ""
            // a weight is from 0 to 1; one out of range (q=2, q=inf) counts as 1, one not a number as none
            let weight = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) }.map { min($0, 1) } ?? 1
            let locale: String? = language.hasPrefix("mn-mong") || language == "mn-cn" ? "mn-Mong"
                : language == "mn" || language.hasPrefix("mn-") ? "mn"
                : language == "zh" || language.hasPrefix("zh-") ? "zh-Hans"
                : language == "en" || language.hasPrefix("en-") ? "en" : nil
            if let locale, weight > 0, weight > (best?.weight ?? 0) { best = (locale, weight) }
        }
        return best?.locale ?? "en"
    }
}
