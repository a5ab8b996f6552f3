import Foundation
import SafeguardCore
@testable import SafeguardServer
import Testing

/// The locale files a translator edits: every language has every key once, with the same
/// placeholders, so no page shows a key, another language, or an unfilled `{count}`.
@Suite struct LocaleFilesTests {
    static let files = ["en": LocaleTables.en, "zh-Hans": LocaleTables.zhHans, "mn": LocaleTables.mn]

    @Test func everyLanguageHasEveryKeyAndTheSamePlaceholders() {
        for (locale, table) in Self.files {
            #expect(Set(table.keys) == Set(LocaleTables.en.keys), "\(locale): \(Set(table.keys).symmetricDifference(LocaleTables.en.keys).sorted())")
            for (key, english) in LocaleTables.en {
                #expect(Self.placeholders(table[key] ?? "") == Self.placeholders(english), "\(locale) \(key)")
                #expect(!(table[key] ?? "").trimmingCharacters(in: .whitespaces).isEmpty, "\(locale) \(key) is empty")
            }
        }
    }

    /// The traditional script's table covers the public pages only: each of its keys is one of
    /// English's, with the same placeholders, written in the Mongolian script alone (no Cyrillic
    /// or Chinese slipped in), and the keys those pages show are all there.
    @Test func theTraditionalScriptsTableHoldsThePublicPagesInThatScript() {
        let table = LocaleTables.mnMong
        #expect(table.count >= 100)
        for (key, text) in table {
            #expect(LocaleTables.en[key] != nil, "mn-Mong \(key) is not a key of English")
            #expect(Self.placeholders(text) == Self.placeholders(LocaleTables.en[key] ?? ""), "mn-Mong \(key)")
            // Cyrillic or Chinese only where English quotes them too (a search example, the letters ө and ү)
            let isForeign = { (scalar: Unicode.Scalar) in (0x0400...0x04FF).contains(scalar.value) || (0x4E00...0x9FFF).contains(scalar.value) }
            let foreign = text.unicodeScalars.filter(isForeign)
            #expect(foreign.isEmpty || (LocaleTables.en[key] ?? "").unicodeScalars.contains(where: isForeign), "mn-Mong \(key) holds \(String(String.UnicodeScalarView(foreign)))")
            #expect(text.unicodeScalars.contains { (0x1800...0x18AF).contains($0.value) } || text == LocaleTables.en[key], "mn-Mong \(key) is not in the Mongolian script")
        }
        for key in ["nav.skip", "nav.language", "login.title", "verify.title", "subject.title", "library.search"] where LocaleTables.en[key] != nil {
            #expect(table[key] != nil, "mn-Mong lacks \(key)")
        }
    }

    @Test func aStringTheTraditionalScriptLacksIsShownInChineseAndEveryOtherInEnglishAtWorst() {
        let vertical = Strings(locale: "mn-Mong")
        let untranslated = LocaleTables.en.keys.first { LocaleTables.mnMong[$0] == nil }!
        #expect(vertical[untranslated] == LocaleTables.zhHans[untranslated])
        #expect(Strings(locale: "mn")["nav.signOut"] == LocaleTables.mn["nav.signOut"])
        #expect(Strings(locale: "xx").locale == "en")
        #expect(Strings.preferred("mn-Mong-CN,zh;q=0.8") == "mn-Mong")
        #expect(Strings.preferred("mn-MN,mn;q=0.9,en;q=0.8") == "mn")
        #expect(Strings.preferred("fr-FR, zh-CN;q=0.8") == "zh-Hans")
        #expect(Strings.preferred("de") == "en" && Strings.preferred("") == "en")
        #expect(Strings.preferred("en;q=0.5, mn;q=0.9") == "mn" && Strings.preferred("mn-CN") == "mn-Mong" && Strings.preferred("zh;q=0, en;q=0.1") == "en")
        #expect(Strings.preferred("mn;q=abc") == "mn", "a weight that is not a number counts as 1")
        #expect(Strings.preferred("en;q=inf, mn") == "en" && Strings.preferred("zh;q=2, mn;q=1") == "zh-Hans" && Strings.preferred("zh;q=nan, mn;q=0.1") == "mn")
    }

    @Test func aReaderOfMongolianSeesNamesInTheAlphabetsOrderAndOthersAsTheListCame() {
        let names = ["Яндаг", "Өлзий", "Оюун", "Үүрийн", "Улаан"]
        #expect(Strings(locale: "mn").ordered(names, by: { $0 }) == ["Оюун", "Өлзий", "Улаан", "Үүрийн", "Яндаг"])
        #expect(Strings(locale: "en").ordered(names, by: { $0 }) == names && Strings(locale: "zh-Hans").ordered(names, by: { $0 }) == names)
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

    /// Every message a form's validation can give (the last argument of `add`, `check`, `invalid` or
    /// `FieldError`, or a `missing:`, written as a plain string in Sources) has a translation: a new
    /// message without one would show in English on a Chinese page.
    @Test func everyValidationMessageInTheSourcesCanBeTranslated() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)).compactMap { $0 as? URL }
            .filter { $0.pathExtension == "swift" }
        var messages = Set<String>()
        for file in files { messages.formUnion(Self.validationMessages(in: try String(contentsOf: file, encoding: .utf8))) }
        #expect(messages.count > 200)
        let untranslated = messages.map { MessageTemplate.split($0).template }.filter { LocaleTables.en["problem." + $0] == nil }
        #expect(untranslated.isEmpty, "add to every locale file: \(untranslated.sorted().map { "problem." + $0 })")
    }

    @Test func aRefusedFormSpeaksTheReadersLanguageWithTheLimitsItWasGiven() {
        let chinese = Strings(locale: "zh-Hans")
        #expect(chinese.problem("give the room number (1 to 20 characters)") == "请填写房间号（1 至 20 个字符）")
        #expect(chinese.problem("is longer than 5000 characters") == "超过 5000 个字符")
        #expect(chinese.problem("falls outside the cohort's dates (2027-03-01 to 2027-03-05)") == "不在本期培训日期范围内（2027-03-01 至 2027-03-05）")
        #expect(chinese.problem("there is no question 4: the test has 3") == "没有第 4 题：测试共 3 题")
        #expect(chinese.problem("is not a minor's: age -1 at check-in") == "不是未成年人：入住时年龄为 -1 岁")
        #expect(chinese.problem("when the team meets, e.g. first Monday of the month, 14:00") == "团队开会时间，例如每月第一个星期一 14:00")
        #expect(chinese.problem("a message nobody wrote") == "a message nobody wrote")
        #expect(Strings(locale: "en").problem("is longer than 5000 characters") == "is longer than 5000 characters")
    }

    @Test func aValueHoldingAPlaceholderIsPutInAsItIs() {
        // a title typed as "Meet in {room} re {title}" must not pull the room's name in
        let english = Strings(locale: "en")
        #expect(english.format("calendar.roomBooking", ["room": "Classroom", "title": "Meet in {room} re {title}"]) == "Classroom: Meet in {room} re {title}")
        #expect(english.format("calendar.roomBooking", ["room": "{title}", "title": "Synthetic"]) == "{title}: Synthetic")
    }

    /// The plain-string messages of validation calls in Swift source.
    static func validationMessages(in source: String) -> Set<String> {
        let text = Array(source)
        var found = Set<String>()
        func literal(_ argument: String) -> String? {
            var a = argument.trimmingCharacters(in: .whitespacesAndNewlines)
            if a.hasPrefix("missing:") { a = String(a.dropFirst(8)).trimmingCharacters(in: .whitespaces) }
            guard a.count >= 2, a.first == "\"", a.last == "\"", !a.contains("\\("), a.dropFirst().dropLast().firstIndex(of: "\"") == nil || a.contains("\\\"") else { return nil }
            return String(a.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
        }
        for call in ["add(", "check(", "invalid(", "FieldError(", "requiredCode("] {
            var search = source.startIndex
            while let range = source.range(of: call, range: search..<source.endIndex) {
                search = range.upperBound
                var i = source.distance(from: source.startIndex, to: range.upperBound) - 1
                var depth = 0, inString = false, current = "", arguments: [String] = []
                while i < text.count {
                    let c = text[i]
                    if inString {
                        current.append(c)
                        if c == "\\", i + 1 < text.count, text[i + 1] == "(" {
                            // an interpolation, with any strings in it: copied to its closing parenthesis
                            var j = i + 1, open = 0
                            repeat { current.append(text[j]); open += text[j] == "(" ? 1 : text[j] == ")" ? -1 : 0; j += 1 } while open > 0 && j < text.count
                            i = j; continue
                        }
                        if c == "\\", i + 1 < text.count { current.append(text[i + 1]); i += 2; continue }
                        if c == "\"" { inString = false }
                    } else if c == "\"" { inString = true; current.append(c) }
                    else if "([{".contains(c) { depth += 1; if depth > 1 { current.append(c) } }
                    else if ")]}".contains(c) { depth -= 1; if depth == 0 { arguments.append(current); break }; current.append(c) }
                    else if c == ",", depth == 1 { arguments.append(current); current = "" }
                    else { current.append(c) }
                    i += 1
                }
                if arguments.count >= 2, let message = literal(arguments.last!) { found.insert(message) }
            }
        }
        return found
    }

    static func placeholders(_ text: String) -> Set<String> {
        Set(text.split(separator: "{", omittingEmptySubsequences: false).dropFirst().compactMap { $0.split(separator: "}", maxSplits: 1).first.map(String.init) })
    }
}
