/// A title in the centre's catalogue, with the fields a cataloguer expects, as MARC 21 carries them
/// and as the catalogue's form, CSV and API take them.
public struct CatalogueEntry: Codable, Equatable, Sendable {
    public struct Author: Codable, Equatable, Sendable {
        public var name: String
        /// An organisation (MARC 110/710) rather than a person (100/700).
        public var corporate: Bool
        /// What they did: author, editor, translator, illustrator (MARC $e).
        public var role: String?
        public init(name: String, corporate: Bool = false, role: String? = nil) { self.name = name; self.corporate = corporate; self.role = role }
    }

    public var title: String
    public var subtitle: String?
    /// The statement of responsibility as printed (MARC 245 $c).
    public var responsibility: String?
    public var authors: [Author]
    public var edition: String?
    public var publisher: String?
    public var place: String?
    public var year: Int?
    /// The extent as a cataloguer writes it: "xii, 240 p.", "1 video (45 min)".
    public var extent: String?
    /// ISBN-13s, each checked.
    public var isbns: [String]
    public var issn: String?
    public var series: String?
    /// `mn`, `en`, `zh`, or another ISO 639 code.
    public var languages: [String]
    public var subjects: [String]
    public var summary: String?
    /// Where a digital copy is (MARC 856 $u).
    public var link: String?
    public var format: LibraryFormat
    /// The codes of the centre's own categories (MARC 084 $a, with $2 `safeguard`).
    public var categories: [String]

    public init(title: String, subtitle: String? = nil, responsibility: String? = nil, authors: [Author] = [], edition: String? = nil, publisher: String? = nil,
                place: String? = nil, year: Int? = nil, extent: String? = nil, isbns: [String] = [], issn: String? = nil, series: String? = nil,
                languages: [String] = [], subjects: [String] = [], summary: String? = nil, link: String? = nil, format: LibraryFormat = .book,
                categories: [String] = []) {
        self.title = title; self.subtitle = subtitle; self.responsibility = responsibility; self.authors = authors; self.edition = edition
        self.publisher = publisher; self.place = place; self.year = year; self.extent = extent; self.isbns = isbns; self.issn = issn
        self.series = series; self.languages = languages; self.subjects = subjects; self.summary = summary; self.link = link; self.format = format
        self.categories = categories
    }
}

/// What a catalogued item is.
public enum LibraryFormat: String, CaseIterable, Codable, Sendable {
    case book, handbook, leaflet, video, online
}

/// Who a title is for.
public enum LibraryAudience: String, CaseIterable, Codable, Sendable {
    case professional, student, parent, child
}

/// MARC 21 bibliographic fields to and from catalogue entries: 020 ISBN, 022 ISSN, 041 language,
/// 100/110 main author, 245 title, 250 edition, 264 (or 260) publication, 300 extent, 490 series,
/// 520 summary, 650 subjects, 655 genre (handbook, leaflet), 700/710 further authors, 856 link,
/// and the centre's own categories in 084 (other classification number) with $2 `safeguard`.
public enum MARCCatalogue {
    /// MARC's language codes (ISO 639-2/B) for the ones the centre names by two letters.
    static let languageCodes = ["mn": "mon", "en": "eng", "zh": "chi", "ru": "rus", "ja": "jpn", "ko": "kor", "de": "ger", "fr": "fre"]
    static let languageNames = Dictionary(uniqueKeysWithValues: languageCodes.map { ($1, $0) })

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case noTitle
        case badISBN(String, ISBN.Problem)

        public var description: String {
            switch self {
            case .noTitle: "has no title (245 $a)"
            case .badISBN(_, .wrongCheckDigit): "has an ISBN (020 $a) with a wrong check digit"
            case .badISBN(_, .wrongPrefix): "has an ISBN (020 $a) of 13 digits that does not start 978 or 979"
            case .badISBN: "has an ISBN (020 $a) that is not 10 or 13 digits"
            }
        }
    }

    public static func entry(from record: MARCRecord) -> Result<CatalogueEntry, Problem> {
        func clean(_ text: String?) -> String? {
            // the ISBD punctuation a cataloguer ends subfields with: "Title /", "Place :", "Publisher," (a
            // final full stop may be an abbreviation's, "2nd ed.", so it stays)
            // control characters (MARC's own separators among them) are no part of the text
            guard var text = text.map({ String(String.UnicodeScalarView($0.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F })) })?
                .trimmingCharacters(in: .whitespaces) else { return nil }
            while let last = text.last, " /:;,=".contains(last) { text.removeLast() }
            text = text.trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
        }
        guard let title = clean(record.first("245", "a")) else { return .failure(.noTitle) }
        var isbns: [String] = []
        for typed in record.values("020", "a") {
            // "9789997812345 (pbk.)": the number comes first
            let number = String(typed.prefix { !$0.isWhitespace && $0 != "(" })
            switch ISBN.normalised(number) {
            case .success(let isbn): if !isbns.contains(isbn) { isbns.append(isbn) }
            case .failure(let problem): return .failure(.badISBN(number, problem))
            }
        }
        var authors: [CatalogueEntry.Author] = []
        for (tag, corporate) in [("100", false), ("110", true), ("700", false), ("710", true)] {
            for field in record.fields {
                guard case .data(let t, _, let subfields) = field, t == tag, let name = clean(subfields.first { $0.code == "a" }?.value) else { continue }
                authors.append(.init(name: name, corporate: corporate, role: clean(subfields.first { $0.code == "e" }?.value)))
            }
        }
        let publication = record.fields.contains { $0.tag == "264" } ? "264" : "260"
        let languages = record.values("041", "a").compactMap { code -> String? in
            let code = code.trimmingCharacters(in: .whitespaces).lowercased()
            return code.isEmpty ? nil : languageNames[code] ?? code
        } + (record.control("008").flatMap { field -> String? in
            // positions 35-37 of 008: the language of the item
            let characters = Array(field)
            guard characters.count >= 38 else { return nil }
            let code = String(characters[35...37]).trimmingCharacters(in: .whitespaces).lowercased()
            return code.isEmpty || code == "|||" ? nil : languageNames[code] ?? code
        }.map { [$0] } ?? [])
        let year = record.first(publication, "c").flatMap { text -> Int? in
            // "2019.", "c2019", "[2019]": the first four digits in a row
            let digits = Array(text)
            for start in digits.indices where start + 4 <= digits.count {
                let run = digits[start..<start + 4]
                if run.allSatisfy(\.isASCIIDigit), let year = Int(String(run)) { return year }
            }
            return nil
        }
        let type = record.leader.count > 6 ? Array(record.leader)[6] : "a"
        // a book may be a handbook or a leaflet by its genre (655, the Library of Congress's genre terms)
        let genres = record.values("655", "a").map { $0.lowercased() }
        let format: LibraryFormat = type == "g" ? .video : type == "m" ? .online
            : genres.contains { $0.hasPrefix("handbooks") } ? .handbook : genres.contains { $0.hasPrefix("pamphlets") || $0.hasPrefix("leaflets") } ? .leaflet : .book
        var seenLanguages = Set<String>()
        return .success(CatalogueEntry(
            title: title, subtitle: clean(record.first("245", "b")), responsibility: clean(record.first("245", "c")), authors: authors,
            edition: clean(record.first("250", "a")), publisher: clean(record.first(publication, "b")), place: clean(record.first(publication, "a")), year: year,
            extent: clean(record.first("300", "a")), isbns: isbns, issn: record.first("022", "a").flatMap(ISSN.normalised), series: clean(record.first("490", "a")),
            languages: languages.filter { seenLanguages.insert($0).inserted }, subjects: record.values("650", "a").compactMap(clean),
            summary: clean(record.first("520", "a")),
            // only a web address is a link a reader can follow
            link: record.values("856", "u").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix("https://") || $0.hasPrefix("http://") },
            format: format, categories: categories(in: record)))
    }

    /// The source code in 084 $2 that marks a classification as the centre's own categories.
    public static let categoryScheme = "safeguard"

    static func categories(in record: MARCRecord) -> [String] {
        var seen = Set<String>()
        return record.fields.compactMap { field -> String? in
            guard case .data("084", _, let subfields) = field, subfields.first(where: { $0.code == "2" })?.value.trimmingCharacters(in: .whitespaces) == categoryScheme,
                  let code = subfields.first(where: { $0.code == "a" })?.value.trimmingCharacters(in: .whitespaces), !code.isEmpty else { return nil }
            return seen.insert(code).inserted ? code : nil
        }
    }

    /// The entry as a MARC 21 record, `controlNumber` in 001.
    public static func record(from entry: CatalogueEntry, controlNumber: String) -> MARCRecord {
        typealias S = MARCRecord.Subfield
        var fields: [MARCRecord.Field] = [.control(tag: "001", value: controlNumber)]
        func data(_ tag: String, _ indicators: (Character, Character), _ subfields: [S?]) {
            let present = subfields.compactMap { $0 }
            if !present.isEmpty { fields.append(.data(tag: tag, indicators: indicators, subfields: present)) }
        }
        let language = entry.languages.first.map { languageCodes[$0] ?? $0 } ?? "   "
        let year = entry.year.map { String($0) } ?? "    "
        // 008: date entered (blank), a single date (s) and the language at 35-37; the rest left blank
        fields.append(.control(tag: "008", value: "      s" + year.padding(toLength: 4, withPad: " ", startingAt: 0) + String(repeating: " ", count: 24)
                               + language.padding(toLength: 3, withPad: " ", startingAt: 0) + " d"))
        for isbn in entry.isbns { data("020", (" ", " "), [S("a", isbn)]) }
        data("022", (" ", " "), [entry.issn.map { S("a", $0) }])
        if !entry.languages.isEmpty { data("041", ("0", " "), entry.languages.map { S("a", languageCodes[$0] ?? $0) }) }
        if let main = entry.authors.first {
            data(main.corporate ? "110" : "100", (main.corporate ? "2" : "1", " "), [S("a", main.name), main.role.map { S("e", $0) }])
        }
        for code in entry.categories { data("084", (" ", " "), [S("a", code), S("2", categoryScheme)]) }
        data("245", (entry.authors.isEmpty ? "0" : "1", "0"), [S("a", entry.title), entry.subtitle.map { S("b", $0) }, entry.responsibility.map { S("c", $0) }])
        data("250", (" ", " "), [entry.edition.map { S("a", $0) }])
        data("264", (" ", "1"), [entry.place.map { S("a", $0) }, entry.publisher.map { S("b", $0) }, entry.year.map { S("c", String($0)) }])
        data("300", (" ", " "), [entry.extent.map { S("a", $0) }])
        data("490", ("0", " "), [entry.series.map { S("a", $0) }])
        data("520", (" ", " "), [entry.summary.map { S("a", $0) }])
        for subject in entry.subjects { data("650", (" ", "4"), [S("a", subject)]) }
        switch entry.format {
        case .handbook: data("655", (" ", "7"), [S("a", "Handbooks and manuals"), S("2", "lcgft")])
        case .leaflet: data("655", (" ", "7"), [S("a", "Pamphlets"), S("2", "lcgft")])
        default: break
        }
        for author in entry.authors.dropFirst() {
            data(author.corporate ? "710" : "700", (author.corporate ? "2" : "1", " "), [S("a", author.name), author.role.map { S("e", $0) }])
        }
        data("856", ("4", "0"), [entry.link.map { S("u", $0) }])
        let type: Character = entry.format == .video ? "g" : entry.format == .online ? "m" : "a"
        return MARCRecord(leader: "00000n\(type)m a2200000 i 4500", fields: fields)
    }
}
