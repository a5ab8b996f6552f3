import Foundation

/// A name reduced to what matching compares: family and given name in toneless pinyin or folded
/// Latin letters, lower case, without spaces. "王小龙", "Wang Xiao Long" and "WANG Xiaolong"
/// all become (wang, xiaolong).
public struct MatchName: Sendable, Hashable {
    public var family: String
    public var given: String

    public init(family: String, given: String) {
        self.family = family
        self.given = given
    }

    /// Both parts in a fixed order, so a swapped surname and given name agree.
    public var unordered: String { family <= given ? "\(family)|\(given)" : "\(given)|\(family)" }
}

/// Chinese names to pinyin with the readings surnames take (单 is "shan" as a surname, "dan"
/// elsewhere), and Latin names folded.
public enum PinyinName {
    /// Characters whose reading as a surname differs from their common reading.
    static let surnameReadings: [Character: String] = [
        "单": "shan", "曾": "zeng", "区": "ou", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha", "盖": "ge",
        "乐": "yue", "覃": "qin", "翟": "zhai", "缪": "miao", "召": "shao", "秘": "bi", "种": "chong", "繁": "po",
        "员": "yun", "尉": "wei", "柏": "bai", "任": "ren", "华": "hua", "纪": "ji", "沈": "shen", "黑": "he",
        "宿": "su", "隗": "wei", "句": "gou", "訾": "zi", "长": "chang", "藏": "zang", "贲": "ben", "费": "fei",
    ]
    /// Two-character surnames, with their surname readings where they differ from the characters'.
    static let compoundSurnames: [String: String?] = [
        "欧阳": nil, "司马": nil, "诸葛": nil, "上官": nil, "东方": nil, "皇甫": nil, "尉迟": "yuchi", "公孙": nil,
        "慕容": nil, "令狐": nil, "长孙": "zhangsun", "宇文": nil, "司徒": nil, "夏侯": nil, "端木": nil, "万俟": "moqi",
        "澹台": "tantai", "轩辕": nil, "西门": nil, "南宫": nil, "独孤": nil, "申屠": nil, "闻人": nil, "呼延": nil,
        "钟离": nil, "宗政": nil, "濮阳": nil, "太史": nil, "公羊": nil, "赫连": nil, "百里": nil, "东郭": nil,
        "拓跋": nil, "完颜": nil, "单于": "chanyu", "司空": nil, "仲孙": nil, "第五": nil,
    ]

    public static func matchName(_ raw: String) -> MatchName {
        if raw.unicodeScalars.contains(where: isHan) { return chinese(raw) }
        return latin(raw)
    }

    static func chinese(_ name: String) -> MatchName {
        // Names of minority nationalities written with a middle dot ("买买提·艾力") are given name
        // first; the last part is what a register files them under.
        let dots: Set<Character> = ["·", "•", "‧", "・", "."]
        let dotted = name.contains(where: dots.contains)
            ? name.split(whereSeparator: dots.contains).map { String($0.filter { !$0.isWhitespace }) }.filter { !$0.isEmpty } : []
        if dotted.count > 1 {
            return MatchName(family: dotted.last!.map(reading).joined(), given: dotted.dropLast().joined().map(reading).joined())
        }
        let characters = Array(name.filter { !$0.isWhitespace })
        guard let first = characters.first else { return MatchName(family: "", given: "") }
        if characters.count > 2, let compound = compoundSurnames[String(characters[0...1])] {
            let family = compound ?? characters[0...1].map(reading).joined()
            return MatchName(family: family, given: characters.dropFirst(2).map(reading).joined())
        }
        let family = surnameReadings[first] ?? reading(first)
        return MatchName(family: family, given: characters.dropFirst().map(reading).joined())
    }

    /// "Wang Xiao Long": the first word is the family name, as Chinese names are written in pinyin;
    /// "Smith, John" names its family first explicitly. A Western order is caught as a swap.
    static func latin(_ name: String) -> MatchName {
        if name.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: ",") }) { return ascii(name) }
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        if let comma = folded.firstIndex(of: ",") {
            return MatchName(family: letters(folded[..<comma]), given: letters(folded[folded.index(after: comma)...]))
        }
        let words = folded.split { !$0.isLetter }
        guard let first = words.first else { return MatchName(family: "", given: "") }
        return MatchName(family: letters(first), given: words.dropFirst().map { letters($0) }.joined())
    }

    /// The common case, plain ASCII without a comma, without Foundation's folding.
    static func ascii(_ name: String) -> MatchName {
        var words: [[UInt8]] = [[]]
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): words[words.count - 1].append(byte + 32)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): words[words.count - 1].append(byte)
            default: if !words[words.count - 1].isEmpty { words.append([]) }
            }
        }
        let parts = words.filter { !$0.isEmpty }
        guard let first = parts.first else { return MatchName(family: "", given: "") }
        return MatchName(family: String(decoding: first, as: UTF8.self), given: String(decoding: parts.dropFirst().joined(), as: UTF8.self))
    }

    static func letters(_ text: some StringProtocol) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.properties.isAlphabetic })).lowercased()
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value) || (0x20000...0x2A6DF).contains(scalar.value)
            || (0xF900...0xFAFF).contains(scalar.value)
    }

    /// One character's toneless reading (ICU's Han-Latin transform), cached: names draw on a few
    /// thousand characters and the transform is slow.
    static func reading(_ character: Character) -> String {
        if let known = cache.value(for: character) { return known }
        let text = String(character)
        let latin = text.applyingTransform(.mandarinToLatin, reverse: false)?.applyingTransform(.stripDiacritics, reverse: false) ?? text
        let result = letters(latin)
        cache.store(result.isEmpty ? text : result, for: character)
        return result.isEmpty ? text : result
    }

    private static let cache = ReadingCache()
}

private final class ReadingCache: @unchecked Sendable {
    private let lock = NSLock()
    private var readings: [Character: String] = [:]

    func value(for character: Character) -> String? { lock.withLock { readings[character] } }
    func store(_ reading: String, for character: Character) { lock.withLock { readings[character] = reading } }
}
