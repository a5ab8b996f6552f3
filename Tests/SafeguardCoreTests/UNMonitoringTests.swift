import SafeguardCore
import Testing

/// Reading the symbols recommendations cite, the CRC clusters, and the classifier's suggestions.
@Suite struct UNMonitoringTests {
    @Test func concludingObservationsAreReadFromTheirSymbol() throws {
        // act
        let symbol = try DocumentSymbol.parse("  crc/c/chn/co/5-6 ").get()
        // assert
        #expect(symbol == .concludingObservations(body: .crc, country: "CHN", reports: 5...6))
        #expect(symbol.description == "CRC/C/CHN/CO/5-6")
        #expect(symbol.country == "CHN")
        #expect(try DocumentSymbol.parse("CRC/C/OPSC/CHN/CO/1").get() == .concludingObservations(body: .crcSaleOfChildren, country: "CHN", reports: 1...1))
        #expect(try DocumentSymbol.parse("E/C.12/MNG/CO/5").get().description == "E/C.12/MNG/CO/5")
    }

    @Test func uprReportsAndOtherSymbolsAreKept() throws {
        #expect(try DocumentSymbol.parse("A/HRC/40/6").get() == .uprReport(session: 40, number: 6))
        #expect(try DocumentSymbol.parse("A/HRC/RES/7/29").get() == .other("A/HRC/RES/7/29"))
    }

    @Test func aWrongSymbolIsRefusedNamingWhatIsWrong() {
        let problems: [(String, String)] = [
            ("", "is empty"),
            ("CRC/C/CN/CO/5-6", "three-letter ISO 3166 code"),
            ("CRC/C/CHN/CO/6-5", "rising range"),
            ("CRC/C/CHN/CO/", "rising range"),
            ("CRC/C/CHN/CO/99999999999999999999", "rising range"),
            ("XYZ/C/CHN/CO/1", "no treaty body"),
            ("A/HRC/0/6", "A/HRC/<session>/<number>"),
            ("A/HRC/40/99999999999999999999", "A/HRC/<session>/<number>"),
            ("CRC/C/CHN/CO/5\u{0}", "letters, digits"),
            (String(repeating: "A/", count: 40), "letters, digits"),
        ]
        for (text, expected) in problems {
            // act
            let result = DocumentSymbol.parse(text)
            // assert
            guard case .failure(let problem) = result else { Issue.record("\(text) was accepted"); continue }
            #expect(problem.message.contains(expected), "\(text): \(problem.message)")
        }
    }

    @Test func articlesFindTheirClusters() {
        #expect(CRCCluster.clusters(forArticle: "19") == [.violenceAgainstChildren])
        #expect(CRCCluster.clusters(forArticle: "6") == [.generalPrinciples, .disabilityHealthWelfare])
        #expect(CRCCluster.clusters(forArticle: "24.3") == [.violenceAgainstChildren])
        #expect(CRCCluster.clusters(forArticle: "24") == [.violenceAgainstChildren, .disabilityHealthWelfare])
        #expect(CRCCluster.clusters(forArticle: "37") == [.violenceAgainstChildren, .specialProtection])
        #expect(CRCCluster.clusters(forArticle: "37A") == [.violenceAgainstChildren])
        #expect(CRCCluster.clusters(forArticle: "55").isEmpty)
        #expect(CRCCluster.clusters(forArticle: " ").isEmpty)
    }

    @Test func everyArticleOfTheConventionsSubstantivePartHasACluster() {
        // Part I is articles 1 to 41; 41 (higher standards elsewhere prevail) is in no cluster.
        for article in 1...40 {
            #expect(!CRCCluster.clusters(forArticle: String(article)).isEmpty, "article \(article)")
        }
    }

    @Test func anEnglishRecommendationIsClassifiedWithTheWordsThatTriggeredIt() {
        // setup
        let text = """
            The Committee recommends that the State party strengthen the mandatory reporting of violence against children, \
            including sexual abuse in schools, and ensure that left-behind children and children with disabilities have \
            access to helplines.
            """
        // act
        let suggestions = RecommendationClassifier.standard.suggest(text)
        // assert
        #expect(suggestions.first == .init(label: .cluster(.violenceAgainstChildren),
                                           triggers: ["violence", "abuse", "sexual abuse", "helpline*", "mandatory reporting"]))
        #expect(suggestions.contains { $0.label == .cluster(.educationLeisureCulture) && $0.triggers == ["school*"] })
        #expect(suggestions.contains { $0.label == .group(.leftBehindChildren) && $0.triggers == ["left behind"] })
        #expect(suggestions.contains { $0.label == .group(.childrenWithDisabilities) })
        #expect(!suggestions.contains { $0.label == .cluster(.optionalProtocolArmedConflict) })
    }

    @Test func aChineseRecommendationIsClassifiedToo() {
        // act
        let suggestions = RecommendationClassifier.standard.suggest("委员会建议缔约国加强对留守儿童的保护，防止拐卖和童工，并确保其接受教育。")
        // assert
        #expect(suggestions.first == .init(label: .cluster(.specialProtection), triggers: ["童工", "拐卖"]))
        #expect(suggestions.contains { $0.label == .group(.leftBehindChildren) && $0.triggers == ["留守儿童"] })
        #expect(suggestions.contains { $0.label == .cluster(.educationLeisureCulture) && $0.triggers == ["教育"] })
    }

    @Test func termsMatchWholeWordsUnlessOpenEnded() {
        // setup: "playground" is not "right to play"; "abused" is not "abuse"; "discriminatory" is "discriminat*"
        let classifier = RecommendationClassifier(thesaurus: [(.cluster(.generalPrinciples), ["discriminat*"]), (.cluster(.violenceAgainstChildren), ["abuse"])])
        // act
        let found = classifier.suggest("Repeal discriminatory laws; children abused in care.")
        // assert
        #expect(found == [.init(label: .cluster(.generalPrinciples), triggers: ["discriminat*"])])
        #expect(classifier.suggest("").isEmpty)
    }
}

/// The classifier looks a text's words up by their first word; it must find exactly what comparing
/// every term at every place finds (the reference below), on random texts made of the thesaurus's words.
@Suite struct ClassifierDifferentialTests {
    static func reference(_ text: String) -> [RecommendationClassifier.Suggestion] {
        func words(_ text: String) -> [String] { text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init) }
        let textWords = words(text)
        let suggestions = RecommendationClassifier.thesaurus.compactMap { label, terms -> RecommendationClassifier.Suggestion? in
            let found = terms.filter { term in
                if term.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) { return text.contains(term) }
                let open = term.hasSuffix("*"), termWords = words(open ? String(term.dropLast()) : term)
                guard !termWords.isEmpty, textWords.count >= termWords.count else { return false }
                return (0...(textWords.count - termWords.count)).contains { start in
                    termWords.indices.allSatisfy { i in
                        i == termWords.count - 1 && open ? textWords[start + i].hasPrefix(termWords[i]) : textWords[start + i] == termWords[i]
                    }
                }
            }
            return found.isEmpty ? nil : .init(label: label, triggers: found)
        }
        return suggestions.enumerated().sorted { ($0.element.triggers.count, -$0.offset) > ($1.element.triggers.count, -$1.offset) }.map(\.element)
    }

    @Test func theIndexedClassifierFindsWhatComparingEveryTermFinds() {
        // setup: the thesaurus's own words and pieces of them, shuffled with filler, in both languages
        var generator = SystemRandomNumberGenerator()
        let pieces = RecommendationClassifier.thesaurus.flatMap(\.1).flatMap { $0.replacingOccurrences(of: "*", with: "").split(separator: " ").map(String.init) }
            + ["the", "state", "party", "schools", "budgets", "co-ordination", "left-behind", "children's", "委员会", "建议"]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 1...25, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined(separator: Bool.random(using: &generator) ? " " : ", ")
            // act and assert
            #expect(RecommendationClassifier.standard.suggest(text) == Self.reference(text), "\(text)")
        }
    }
}
