/// A recommendation as it is typed or imported, checked: the same rules for a form, the API and
/// each row of a file. Every problem is named by its field, nothing is repaired in silence.
public struct RecommendationDraft: Equatable, Sendable {
    /// An earlier recommendation this one repeats, by its document and paragraph.
    public struct Reference: Hashable, Sendable {
        public var symbol: String
        public var paragraph: String

        public init(symbol: String, paragraph: String) {
            self.symbol = symbol
            self.paragraph = paragraph
        }
    }

    /// What was typed or read, before it is checked; lists are already split.
    public struct Fields: Sendable {
        public var mechanism, documentSymbol, paragraph, text, language, country, year, recommendingState, position, urgent, reiterates: String?
        public var themes, affectedPersons, sdgTargets, articles, clusters: [String]

        public init(mechanism: String? = nil, documentSymbol: String? = nil, paragraph: String? = nil, text: String? = nil, language: String? = nil,
                    country: String? = nil, year: String? = nil, recommendingState: String? = nil, position: String? = nil, urgent: String? = nil,
                    reiterates: String? = nil, themes: [String] = [], affectedPersons: [String] = [], sdgTargets: [String] = [], articles: [String] = [],
                    clusters: [String] = []) {
            (self.mechanism, self.documentSymbol, self.paragraph, self.text, self.language) = (mechanism, documentSymbol, paragraph, text, language)
            (self.country, self.year, self.recommendingState, self.position, self.urgent) = (country, year, recommendingState, position, urgent)
            (self.reiterates, self.themes, self.affectedPersons, self.sdgTargets, self.articles, self.clusters) = (reiterates, themes, affectedPersons, sdgTargets, articles, clusters)
        }
    }

    public var mechanism: Mechanism
    public var symbol: DocumentSymbol
    public var paragraph: String
    public var text: String
    public var language: String
    public var country: String
    public var year: Int
    public var recommendingState: String?
    public var position: UPRPosition?
    public var urgent: Bool
    public var classification: RecommendationClassification
    public var reiterates: Reference?

    public static let maximumTextLength = 10_000
    /// The Convention entered into force in 1990: no recommendation on it is older.
    public static let firstYear = 1990

    /// The checked draft, or nil with every problem added to `v`, each field named `prefix` + its name.
    public static func read(_ f: Fields, prefix: String = "", currentYear: Int, into v: inout FieldValidator) -> RecommendationDraft? {
        let before = v.errors.count
        let mechanism = f.mechanism?.cleaned.flatMap(Mechanism.parse)
        if f.mechanism?.cleaned == nil { v.add(prefix + "mechanism", "choose the mechanism") }
        else if mechanism == nil {
            v.add(prefix + "mechanism", "unknown mechanism; expected one of: crc, upr, cedaw, ccpr, cescr, crpd, cat, cerd, cmw, ced, special_procedures")
        }

        var symbol: DocumentSymbol?
        if let typed = f.documentSymbol?.cleaned {
            switch DocumentSymbol.parse(typed) {
            case .success(let parsed): symbol = parsed
            case .failure(let problem): v.add(prefix + "documentSymbol", problem.message)
            }
        } else {
            v.add(prefix + "documentSymbol", "give the document symbol, for example CRC/C/CHN/CO/5-6")
        }
        if let mechanism, let symbol {
            switch symbol {
            case .concludingObservations(let body, _, _):
                if mechanism == .upr { v.add(prefix + "documentSymbol", "a UPR recommendation comes from a UPR report (A/HRC/<session>/<number>), not concluding observations") }
                else if mechanism != .specialProcedures && !mechanism.treatyBodies.contains(body) {
                    v.add(prefix + "documentSymbol", "is another treaty body's concluding observations than the mechanism chosen")
                }
            case .uprReport:
                if mechanism != .upr { v.add(prefix + "documentSymbol", "is a UPR report: choose upr as the mechanism") }
            case .other: break
            }
        }

        let paragraph = f.paragraph?.cleaned.flatMap(Paragraph.normalize)
        if f.paragraph?.cleaned == nil { v.add(prefix + "paragraph", "give the paragraph, for example 32(a)") }
        else if paragraph == nil { v.add(prefix + "paragraph", "must be a paragraph number such as 32, 32(a) or 158.12") }

        let text = v.text(f.text, prefix + "text", max: maximumTextLength, required: "give the recommendation's text", lines: true)
        if let text, BrokenEncoding.found(in: text) {
            v.add(prefix + "text", "looks broken by a wrong encoding (such as Ã© for é): save the file as CSV UTF-8")
        }
        let language = f.language?.cleaned ?? text.map(Self.language(of:)) ?? "en"
        v.check(Self.isLanguageTag(language), prefix + "language", "must be a language code such as en or zh-Hans")

        let country = f.country?.cleaned?.uppercased() ?? symbol?.country
        if let country {
            v.check(CountryCode.isAlpha3(country), prefix + "country", CountryCode.problem)
            if let named = symbol?.country { v.check(named == country, prefix + "country", "differs from the country in the document symbol") }
        } else if symbol != nil {
            v.add(prefix + "country", "give the country (its three-letter ISO 3166 code), which this symbol does not name")
        }

        // a year, or a publication date whose year is taken
        let yearText = f.year?.cleaned.map { $0.count == 10 && $0.dropFirst(4).first == "-" ? String($0.prefix(4)) : $0 }
        let year = yearText.flatMap { $0.count == 4 ? Int($0) : nil }
        if yearText == nil { v.add(prefix + "year", "give the year it was adopted") }
        else if year == nil || !(firstYear...(currentYear + 1)).contains(year!) {
            v.add(prefix + "year", "must be a year from 1990 to next year")
        }

        let recommendingState = v.text(f.recommendingState, prefix + "recommendingState", max: 200)
        let positionText = f.position?.cleaned
        let position = positionText.flatMap(UPRPosition.parse)
        if positionText != nil && position == nil { v.add(prefix + "position", "must be supported or noted") }
        if mechanism != nil && mechanism != .upr {
            v.check(recommendingState == nil, prefix + "recommendingState", "only a UPR recommendation has a recommending State")
            v.check(positionText == nil, prefix + "position", "only a UPR recommendation has the State's position")
        }

        let urgentText = f.urgent?.cleaned?.lowercased()
        let urgent = urgentText.map { ["yes", "true", "1", "urgent", "是"].contains($0) } ?? false
        v.check(urgentText == nil || urgent || ["no", "false", "0", "否"].contains(urgentText!), prefix + "urgent", "must be yes or no")

        let classification = RecommendationClassification.read(themes: f.themes, affectedPersons: f.affectedPersons, sdgTargets: f.sdgTargets,
                                                               articles: f.articles, clusters: f.clusters, prefix: prefix, into: &v)

        var reiterates: Reference?
        if let typed = f.reiterates?.cleaned {
            reiterates = reference(typed)
            if reiterates == nil {
                v.add(prefix + "reiterates", "name the earlier recommendation by its symbol and paragraph, for example CRC/C/CHN/CO/3-4#45")
            }
        }

        guard v.errors.count == before, let mechanism, let symbol, let paragraph, let text, let country, let year, let classification else { return nil }
        if let reiterates, reiterates.symbol == symbol.description, reiterates.paragraph == paragraph {
            v.add(prefix + "reiterates", "a recommendation cannot reiterate itself")
            return nil
        }
        return RecommendationDraft(mechanism: mechanism, symbol: symbol, paragraph: paragraph, text: text, language: language, country: country, year: year,
                                   recommendingState: recommendingState, position: position, urgent: urgent, classification: classification, reiterates: reiterates)
    }

    /// An earlier recommendation named by its symbol and paragraph: `CRC/C/CHN/CO/3-4#45` or with a space for the `#`.
    public static func reference(_ typed: String) -> Reference? {
        let typed = typed.trimmedWhitespace
        guard let cut = typed.lastIndex(of: "#") ?? typed.lastIndex(of: " "),
              case .success(let symbol) = DocumentSymbol.parse(String(typed[..<cut])),
              let paragraph = Paragraph.normalize(String(typed[typed.index(after: cut)...])) else { return nil }
        return Reference(symbol: symbol.description, paragraph: paragraph)
    }

    /// Chinese when the text is mostly written in Han characters, English otherwise: a file that
    /// names no language is an export in one of the two this product speaks.
    public static func language(of text: String) -> String {
        let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic }
        let han = letters.filter { (0x4E00...0x9FFF).contains($0.value) }.count
        return han * 2 > letters.count ? "zh-Hans" : "en"
    }

    static func isLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && (2...3).contains(parts[0].count) && parts[0].allSatisfy { ("a"..."z").contains($0) }
            && (parts.count == 1 || ((2...4).contains(parts[1].count) && parts[1].allSatisfy { $0.isASCII && $0.isLetter }))
    }
}

extension AffectedGroup {
    /// The group the Universal Human Rights Index's "affected persons" names, where it is one of these.
    static func named(_ text: String) -> AffectedGroup? {
        switch text.lowercased() {
        case "persons with disabilities", "children with disabilities": .childrenWithDisabilities
        case "girls", "girl child": .girls
        case "migrants", "refugees & asylum seekers", "refugees and asylum seekers", "migrant children": .migrantChildren
        case "persons deprived of their liberty", "children in detention": .childrenInDetention
        case "left-behind children", "left behind children": .leftBehindChildren
        case "minorities", "indigenous peoples", "minorities and indigenous peoples": .minorityAndIndigenousChildren
        case "children in alternative care", "children deprived of a family environment": .childrenInAlternativeCare
        default: nil
        }
    }
}

private extension String {
    /// Trimmed, and nil when nothing is left.
    var cleaned: String? {
        let trimmed = trimmedWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }
}
