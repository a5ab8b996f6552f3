import SafeguardCore
import Vapor

/// The user's language: every user-facing string comes from a locale table.
struct Strings: Sendable {
    static let supported = ["en", "zh-Hans"]
    let locale: String
    private let table: [String: String]

    init(locale: String) {
        let chosen = Strings.supported.contains(locale) ? locale : "en"
        self.locale = chosen
        self.table = chosen == "zh-Hans" ? LocaleTables.zhHans : LocaleTables.en
    }

    subscript(_ key: String) -> String {
        table[key] ?? LocaleTables.en[key] ?? key
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
        table["language." + code] ?? LocaleTables.en["language." + code] ?? code
    }

    /// A validation message in the reader's language: looked up by its English text, with its numbers
    /// and dates kept (`MessageTemplate`); one without a translation is shown as it came.
    func problem(_ message: String) -> String {
        let (template, values) = MessageTemplate.split(message)
        guard let translated = table["problem." + template] else { return message }
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
        if let chosen = cookies["sg_lang"]?.string, Strings.supported.contains(chosen) { return Strings(locale: chosen) }
        let accept = headers.first(name: .acceptLanguage)?.lowercased() ?? ""
        return Strings(locale: accept.hasPrefix("zh") ? "zh-Hans" : "en")
    }
}
