import SafeguardCore
import Testing

/// A recommendation typed or imported: paragraphs, SDG targets, broken encodings and every rule of
/// a draft, as a monitoring officer's file meets them.
@Suite struct RecommendationDraftTests {
    func read(_ fields: RecommendationDraft.Fields) -> (RecommendationDraft?, [FieldError]) {
        var v = FieldValidator()
        let draft = RecommendationDraft.read(fields, currentYear: 2026, into: &v)
        return (draft, v.errors)
    }

    static let crc = RecommendationDraft.Fields(mechanism: "CRC", documentSymbol: "CRC/C/CHN/CO/5-6", paragraph: "para. 40 (b)",
                                                text: "The Committee urges the State party to prohibit corporal punishment in all settings.", year: "2026-06-01",
                                                themes: ["Corporal punishment"], affectedPersons: ["Children", "Girls", "Persons living in rural areas"],
                                                sdgTargets: ["16.2 - End abuse, exploitation, trafficking", "SDG 4.a"], articles: ["19", "37A"])

    @Test func aParagraphIsKeptInOneFormAndSortedAsCounted() {
        #expect(Paragraph.normalize("para. 32 (a)") == "32(a)")
        #expect(Paragraph.normalize("§ 32a") == "32(a)")
        #expect(Paragraph.normalize("158.12") == "158.12")
        #expect(Paragraph.normalize("第45段") == "45")
        #expect(Paragraph.normalize("32(a)(ii)") == "32(a)(ii)")
        for bad in ["", "a", "32.", "32((a)", "32(a", "thirty", "1..2", String(repeating: "1", count: 30)] { #expect(Paragraph.normalize(bad) == nil, "\(bad)") }
        #expect(["10", "9", "158.12", "158.2"].sorted { Paragraph.sortKey($0) < Paragraph.sortKey($1) } == ["9", "10", "158.2", "158.12"])
    }

    @Test func sdgTargetsAreReadWithOrWithoutTheirTitles() {
        #expect(SDGTarget("16.2 - End abuse, exploitation")?.description == "16.2")
        #expect(SDGTarget("SDG 4.a")?.description == "4.a")
        #expect(SDGTarget("5.3")! < SDGTarget("5.a")!)
        for bad in ["18.1", "0.1", "16", "16.99", "16.z", "x.1", ""] { #expect(SDGTarget(bad) == nil, "\(bad)") }
    }

    @Test func textThroughTheWrongEncodingIsFound() {
        // setup: é and 中 written as UTF-8 and read back as Windows-1252
        let french = String(decoding: Array("protégé".utf8), as: UTF8.self)
        let mojibakeFrench = String(String.UnicodeScalarView("protégé".utf8.map { Unicode.Scalar($0) }))
        let mojibakeChinese = String(String.UnicodeScalarView("中文".utf8.map { Unicode.Scalar($0) }))
        // assert
        #expect(BrokenEncoding.found(in: mojibakeFrench))
        #expect(BrokenEncoding.found(in: mojibakeChinese))
        #expect(BrokenEncoding.found(in: "lost \u{FFFD} byte"))
        #expect(BrokenEncoding.found(in: "Itâ€™s"))
        #expect(!BrokenEncoding.found(in: french))
        #expect(!BrokenEncoding.found(in: "委员会建议缔约国加强保护。"))
        #expect(!BrokenEncoding.found(in: "Ça, à Genève — « l’enfant »"))
    }

    @Test func aConcludingObservationIsReadWholeFromAFilesRow() throws {
        // act
        let (draft, errors) = read(Self.crc)
        // assert
        #expect(errors.isEmpty, "\(errors)")
        let d = try #require(draft)
        #expect(d.mechanism == .crc && d.symbol.description == "CRC/C/CHN/CO/5-6" && d.paragraph == "40(b)")
        #expect(d.country == "CHN" && d.year == 2026 && d.language == "en" && !d.urgent)
        #expect(d.classification.groups == [.girls] && d.classification.themes == ["Corporal punishment", "Persons living in rural areas"])
        #expect(d.classification.sdgTargets.map(\.description) == ["4.a", "16.2"] && d.classification.articles == ["19", "37a"])
    }

    @Test func aUPRRecommendationHasItsStateAndPosition() throws {
        // act
        let (draft, errors) = read(.init(mechanism: "Universal Periodic Review", documentSymbol: "A/HRC/40/6", paragraph: "28.150",
                                         text: "加强对留守儿童的保护。", country: "chn", year: "2019", recommendingState: "Synthetic State", position: "Accepted",
                                         reiterates: "A/HRC/25/5#186.97"))
        // assert
        #expect(errors.isEmpty, "\(errors)")
        #expect(draft?.position == .supported && draft?.language == "zh-Hans" && draft?.country == "CHN")
        #expect(draft?.reiterates == .init(symbol: "A/HRC/25/5", paragraph: "186.97"))
    }

    @Test func eachWrongFieldIsNamedAndNothingIsReturned() {
        let cases: [(RecommendationDraft.Fields, String, String)] = [
            (with(\.mechanism, "Committee on Everything"), "mechanism", "unknown mechanism"),
            (with(\.documentSymbol, "CRC/C/CN/CO/5"), "documentSymbol", "three-letter"),
            (with(\.documentSymbol, "CEDAW/C/CHN/CO/9"), "documentSymbol", "another treaty body's"),
            (with(\.documentSymbol, "A/HRC/40/6"), "documentSymbol", "choose upr"),
            (with(\.paragraph, "forty"), "paragraph", "paragraph number"),
            (with(\.text, "protÃ©gÃ©"), "text", "wrong encoding"),
            (with(\.text, "  "), "text", "give the recommendation's text"),
            (with(\.country, "FRA"), "country", "differs from the country in the document symbol"),
            (with(\.year, "1989"), "year", "1990"),
            (with(\.year, "2099-01-01"), "year", "1990"),
            (with(\.position, "noted"), "position", "only a UPR"),
            (with(\.urgent, "maybe"), "urgent", "yes or no"),
            (with(\.reiterates, "CRC/C/CHN/CO/3-4"), "reiterates", "symbol and paragraph"),
            (with(\.reiterates, "CRC/C/CHN/CO/5-6#40(b)"), "reiterates", "itself"),
            (with(\.language, "english language"), "language", "language code"),
            (withList(\.sdgTargets, ["16.2", "18.1"]), "sdgTargets", "16.2 or 4.a"),
            (withList(\.articles, ["99"]), "articles", "1 to 54"),
            (withList(\.clusters, ["violence"]), "clusters", "unknown cluster"),
        ]
        for (fields, field, message) in cases {
            // act
            let (draft, errors) = read(fields)
            // assert
            #expect(draft == nil)
            #expect(errors.contains { $0.field == field && $0.message.contains(message) }, "\(field): \(errors)")
        }
    }

    @Test func anOlderSymbolWithoutACountryNeedsOne() {
        // act: the Committee's symbols before 2000 (CRC/C/15/Add.56) name no country
        let (missing, errors) = read(with(\.documentSymbol, "CRC/C/15/Add.56"))
        var fields = with(\.documentSymbol, "CRC/C/15/Add.56")
        fields.country = "CHN"
        let (given, _) = read(fields)
        // assert
        #expect(missing == nil && errors.map(\.field) == ["country"])
        #expect(given?.symbol == .other("CRC/C/15/ADD.56"))
    }

    @Test func similarTextsAreFoundInEitherLanguage() {
        let earlier = TextSimilarity.terms("Prohibit corporal punishment in all settings, including the home.")
        let later = TextSimilarity.terms("Explicitly prohibit corporal punishment in all settings, including in the home and schools.")
        let other = TextSimilarity.terms("Ensure birth registration for all children.")
        #expect(TextSimilarity.jaccard(earlier, later) > 0.5)
        #expect(TextSimilarity.jaccard(earlier, other) < 0.2)
        #expect(TextSimilarity.jaccard(TextSimilarity.terms("禁止一切场合的体罚"), TextSimilarity.terms("明确禁止一切场合的体罚")) > 0.7)
        #expect(TextSimilarity.jaccard([], []) == 0)
    }

    @Test func mechanismsAreReadByCodeOrName() {
        #expect(Mechanism.parse(" crc ") == .crc && Mechanism.parse("Committee against Torture") == .cat && Mechanism.parse("Special Procedures") == .specialProcedures)
        #expect(Mechanism.parse("special_procedures") == .specialProcedures && Mechanism.parse("nobody") == nil)
    }

    func with(_ path: WritableKeyPath<RecommendationDraft.Fields, String?>, _ value: String) -> RecommendationDraft.Fields {
        var fields = Self.crc
        fields[keyPath: path] = value
        return fields
    }

    func withList(_ path: WritableKeyPath<RecommendationDraft.Fields, [String]>, _ value: [String]) -> RecommendationDraft.Fields {
        var fields = Self.crc
        fields[keyPath: path] = value
        return fields
    }
}

/// A communication's steps under the third Optional Protocol, in order, and the State's response due.
@Suite struct CommunicationTimelineTests {
    let today = CivilDay(year: 2026, month: 12, day: 5)!

    @Test func stepsInOrderPassAndTheStatesResponseIsDueSixMonthsAfterTheViews() {
        // setup
        let timeline = CommunicationTimeline(submitted: CivilDay("2024-01-10"), registered: CivilDay("2024-02-01"), admissibility: CivilDay("2025-03-01"),
                                             views: CivilDay("2026-01-15"))
        // assert
        #expect(timeline.problems(today: today).isEmpty)
        #expect(timeline.stateResponseDue == CivilDay("2026-07-14"))
        #expect(CommunicationTimeline(submitted: CivilDay("2026-12-05")).problems(today: today).isEmpty)
    }

    @Test func aStepBeforeTheOneBeforeItOrInTheFutureIsNamed() {
        let cases: [(CommunicationTimeline, String, String)] = [
            (.init(submitted: CivilDay("2024-02-01"), registered: CivilDay("2024-01-10")), "registeredOn", "before the communication was submitted"),
            (.init(registered: CivilDay("2024-01-10")), "submittedOn", "submitted before it is registered"),
            (.init(submitted: CivilDay("2024-01-01"), registered: CivilDay("2024-02-01"), admissibility: CivilDay("2024-01-15")), "admissibilityOn", "before the communication was registered"),
            (.init(submitted: CivilDay("2024-01-01"), registered: CivilDay("2024-02-01"), views: CivilDay("2024-05-01")), "admissibilityOn", "decided before Views"),
            (.init(submitted: CivilDay("2027-01-01")), "submittedOn", "in the future"),
        ]
        for (timeline, field, message) in cases {
            // act
            let problems = timeline.problems(today: today)
            // assert
            #expect(problems.contains { $0.field == field && $0.message.contains(message) }, "\(problems)")
        }
    }
}
