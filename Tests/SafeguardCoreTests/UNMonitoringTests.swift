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
