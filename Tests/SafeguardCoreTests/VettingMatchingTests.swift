import Foundation
import Testing
@testable import SafeguardCore

@Suite struct VettingMatchingTests {
    func person(_ name: String, _ birth: String, _ sex: Sex? = .male) -> MatchPerson {
        MatchPerson(name: PinyinName.matchName(name), birthDate: PartialDate(birth)!, sex: sex)
    }

    @Test func chineseNamesBecomePinyinWithSurnameReadings() {
        #expect(PinyinName.matchName("王小龙") == MatchName(family: "wang", given: "xiaolong"))
        #expect(PinyinName.matchName("单雄信") == MatchName(family: "shan", given: "xiongxin"))
        #expect(PinyinName.matchName("曾国藩").family == "zeng")
        #expect(PinyinName.matchName("区家麟").family == "ou")
        #expect(PinyinName.matchName("解缙").family == "xie")
        // A surname reading applies to the surname only: 单 in a given name stays "dan".
        #expect(PinyinName.matchName("王单").given == "dan")
        #expect(PinyinName.matchName("欧阳修") == MatchName(family: "ouyang", given: "xiu"))
        #expect(PinyinName.matchName("尉迟恭") == MatchName(family: "yuchi", given: "gong"))
        #expect(PinyinName.matchName("買買提·艾力").family == "aili")
    }

    @Test func latinNamesAreFoldedAndCommasNameTheFamily() {
        #expect(PinyinName.matchName("WANG Xiao Long") == MatchName(family: "wang", given: "xiaolong"))
        #expect(PinyinName.matchName("Zhāng Wěi") == MatchName(family: "zhang", given: "wei"))
        #expect(PinyinName.matchName("Müller, Jürgen") == MatchName(family: "muller", given: "jurgen"))
    }

    @Test func chineseAndPinyinSpellingsOfOnePersonMatchExactly() {
        let score = VettingMatcher.score(person("单雄信", "1980-03-04"), person("Shan Xiongxin", "1980-03-04"))
        #expect(score.isCandidate)
        #expect(score.reasons.contains("name_equal"))
    }

    @Test func swappedNamesTyposAndOneWrongDateFieldAreCandidates() {
        let registry = person("Wang Xiaolong", "1985-07-12")
        #expect(VettingMatcher.score(registry, person("Xiaolong Wang", "1985-07-12")).reasons.contains("name_swapped"))
        #expect(VettingMatcher.score(registry, person("Wang Xiaolomg", "1985-07-12")).isCandidate)
        #expect(VettingMatcher.score(registry, person("Wang Xiaolong", "1986-07-12")).reasons.contains("birth_date_one_field_differs"))
        #expect(VettingMatcher.score(registry, person("Wang Xiaolong", "1985-12-07")).reasons.contains("birth_day_month_transposed"))
    }

    @Test func differentPeopleAreNotCandidates() {
        let registry = person("Wang Xiaolong", "1985-07-12")
        // Same surname and birth date, another given name (two edits in a short name).
        #expect(!VettingMatcher.score(registry, person("Wang Xiaoming", "1985-07-12")).isCandidate)
        // Same name, unrelated birth date.
        #expect(!VettingMatcher.score(registry, person("Wang Xiaolong", "1990-02-01")).isCandidate)
        // Same name, month and day, a year that is no typing slip (1985 -> 1982: three years, one digit;
        // 1985 -> 1978: two digits): a namesake, not a wrong field.
        #expect(!VettingMatcher.score(registry, person("Wang Xiaolong", "1978-07-12")).isCandidate)
        #expect(VettingMatcher.score(registry, person("Wang Xiaolong", "1982-07-12")).isCandidate)
        #expect(VettingMatcher.score(registry, person("Wang Xiaolong", "1958-07-12")).isCandidate)
        #expect(VettingMatcher.score(registry, person("Wang Xiaolong", "1990-07-12")).isCandidate == false)
        // A typo and a wrong date field together are too little to go on.
        #expect(VettingMatcher.score(registry, person("Wang Xiaolomg", "1986-07-12")).score < VettingMatcher.score(registry, person("Wang Xiaolong", "1986-07-12")).score)
    }

    @Test func blockingFindsEachKindOfVariantAndFewOthers() {
        // setup
        let reference = [person("Wang Xiaolong", "1985-07-12"), person("Li Na", "1990-01-01", .female), person("Wang Fang", "1985-07-12", .female)]
        let linker = FuzzyLinker(reference: reference)
        // act / assert
        #expect(linker.candidates(for: person("Xiaolong Wang", "1985-07-12")).map(\.index) == [0])
        #expect(linker.candidates(for: person("Wang Xiaolomg", "1985-07-12")).map(\.index) == [0])
        #expect(linker.candidates(for: person("Wang Xiaolong", "1985-08-12")).map(\.index) == [0])
        #expect(linker.candidates(for: person("Li Na", "1991-01-01", .female)).map(\.index) == [1])
        #expect(linker.candidates(for: person("Zhao Lei", "1985-07-12")).isEmpty)
    }

    @Test func identitiesAreCheckedAgainstTheirDocuments() throws {
        // A valid number whose birth date and sex disagree with those given.
        let result = VettingIdentity.read(name: "Test Person", sex: "female", birthDate: "1991-01-02", documentType: "resident_id",
                                          documentNumber: "360426199101010071", requireDocument: true)
        guard case .failure(let errors) = result else { Issue.record("accepted a mismatch"); return }
        #expect(Set(errors.errors.map(\.field)) == ["birthDate", "sex"])
        // A bad check digit.
        guard case .failure(let bad) = VettingIdentity.read(name: "A", sex: "male", birthDate: "1991-01-01", documentType: "resident_id",
                                                            documentNumber: "360426199101010072", requireDocument: true) else { Issue.record("bad check"); return }
        #expect(bad.errors.first?.message.contains("check character") == true)
        // Permits carry their own prefixes.
        let permit = "810000" + "19900101" + "002"
        let digits = permit.compactMap(\.wholeNumberValue)
        let number = permit + String(ResidentID.checkCharacter(forFirst17: digits))
        guard case .success(let ok) = VettingIdentity.read(name: "A", sex: "female", birthDate: "1990-01-01", documentType: "residence_permit",
                                                           documentNumber: number, requireDocument: true) else { Issue.record("permit refused"); return }
        #expect(ok.documentNumber == number)
        guard case .failure = VettingIdentity.read(name: "A", sex: "female", birthDate: "1990-01-01", documentType: "resident_id",
                                                   documentNumber: number, requireDocument: true) else { Issue.record("permit taken as an ID"); return }
        // Passports are typed free values.
        guard case .success = VettingIdentity.read(name: "A", sex: nil, birthDate: "1990-01-01", documentType: "passport",
                                                   documentNumber: "E1234 5678", requireDocument: true) else { Issue.record("passport refused"); return }
    }

    @Test func csvIsReadInChunksWithQuotesAndBadEncodingPerRecord() throws {
        // setup: a quoted comma, an escaped quote, a line break inside quotes, CRLF, a GBK line, no final newline
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("name,note\r\n\"Wang, Fang\",\"said \"\"hi\"\"\"\r\n\"two\nlines\",x\n".utf8)
        bytes += [0xCD, 0xF5, 0x2C, 0x61, 0x0A] + Array("last,row".utf8)
        func read(inChunksOf size: Int) throws -> [CSVRecord] {
            var reader = CSVReader()
            var records: [CSVRecord] = []
            for start in stride(from: 0, to: bytes.count, by: size) {
                try reader.feed(bytes[start..<min(start + size, bytes.count)]) { records.append($0) }
            }
            try reader.finish { records.append($0) }
            return records
        }
        // act: one byte at a time, the worst chunking
        let records = try read(inChunksOf: 1)
        // assert: the same records whatever the chunks
        for size in [2, 7, bytes.count] {
            let other = try read(inChunksOf: size)
            #expect(other.map(\.fields) == records.map(\.fields) && other.map(\.notUTF8) == records.map(\.notUTF8), "chunks of \(size)")
        }
        #expect(records.map(\.number) == [1, 2, 3, 4, 5])
        #expect(records[0].fields == ["name", "note"])
        #expect(records[1].fields == ["Wang, Fang", "said \"hi\""])
        #expect(records[2].fields == ["two\nlines", "x"])
        #expect(records[3].notUTF8)
        #expect(records[4].fields == ["last", "row"])
        var long = CSVReader()
        #expect(throws: CSVReader.Problem.recordTooLong(record: 2)) {
            try long.feed(Array("a,b\n".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 70_000)) { _ in }
        }
        var unterminated = CSVReader()
        try unterminated.feed(Array("a\n\"open".utf8)) { _ in }
        #expect(throws: CSVReader.Problem.unterminatedQuote(record: 2)) { try unterminated.finish { _ in } }
    }

    @Test func headersNameMissingAndUnknownColumns() {
        let header = CSVRecord(number: 1, fields: ["name", "sex", "colour"], notUTF8: false)
        #expect(throws: ValidationErrors.self) { try CSVColumns(header: header, required: ["name", "sex", "birth_date"], optional: []) }
        do { _ = try CSVColumns(header: header, required: ["name", "sex", "birth_date"], optional: []) } catch {
            #expect(error.errors.map(\.message) == ["missing columns: birth_date", "unknown columns: colour; expected name, sex, birth_date"])
        }
    }

    @Test func registryRowsReportEveryProblem() {
        let today = PartialDate("2026-11-26")!
        let row = ["name": "Test", "sex": "male", "birth_date": "1991-02-30", "document_type": "resident_id", "document_number": "360426199101010072",
                   "offence_category": "theft", "decision_type": "conviction", "decision_date": "2027-01-01", "issuing_authority": "Court",
                   "source_reference": "X"]
        guard case .failure(let errors) = RegistryRecordInput.read(ColumnValues(row), today: today) else { Issue.record("accepted"); return }
        #expect(Set(errors.errors.map(\.field)) == ["birth_date", "document_number", "offence_category", "decision_date", "source_reference"])
    }
}

@Suite struct VettingDocumentMatchingTests {
    @Test func aDifferentDocumentRulesOutANamesakeButATypoDoesNot() {
        let birth = PartialDate("1985-07-12")!
        let registry = MatchPerson(name: MatchName(family: "wang", given: "fang"), birthDate: birth, sex: .female, document: "110105198507120028")
        let namesake = MatchPerson(name: MatchName(family: "wang", given: "fang"), birthDate: birth, sex: .female, document: "320102198507120046")
        let typo = MatchPerson(name: MatchName(family: "wang", given: "fang"), birthDate: birth, sex: .female, document: "110105198507120082")
        let none = MatchPerson(name: MatchName(family: "wang", given: "fang"), birthDate: birth, sex: .female)
        #expect(!VettingMatcher.score(registry, namesake).isCandidate)
        #expect(VettingMatcher.score(registry, typo).reasons.contains("document_close"))
        #expect(VettingMatcher.score(registry, none).isCandidate)
    }
}

@Suite struct VettingNameFrequencyTests {
    let registry = MatchPerson(name: MatchName(family: "wang", given: "wei"), birthDate: PartialDate("1985-07-12")!, sex: .male)

    @Test func aWrongDateFieldCountsOnlyForRareNames() {
        let subject = MatchPerson(name: MatchName(family: "wang", given: "wei"), birthDate: PartialDate("1986-07-12")!, sex: .male)
        #expect(VettingMatcher.score(subject, registry, frequency: NameFrequency(candidate: 1, subject: 1)).isCandidate)
        let common = VettingMatcher.score(subject, registry, frequency: NameFrequency(candidate: 500, subject: 500))
        #expect(!common.isCandidate && common.reasons.contains("common_name"))
    }

    @Test func theNamesakesAllowedFallAsTheWrongFieldGetsLikelierByChance() {
        // setup: the same man with his year, his month, or his day wrong
        let wrong = ["year": "1986-07-12", "month": "1985-09-12", "day": "1985-07-20"]
        func found(_ field: String, namesakes: Int) -> Bool {
            let subject = MatchPerson(name: MatchName(family: "wang", given: "wei"), birthDate: PartialDate(wrong[field]!)!, sex: .male)
            return VettingMatcher.score(subject, registry, frequency: NameFrequency(candidate: namesakes, subject: namesakes)).isCandidate
        }

        // act, assert: a wrong day is likeliest among strangers, a slipped year least likely
        #expect([3, 4].map { found("day", namesakes: $0) } == [true, false])
        #expect([7, 8].map { found("month", namesakes: $0) } == [true, false])
        #expect([13, 14].map { found("year", namesakes: $0) } == [true, false])
    }

    @Test func aCommonNameIsStillFoundThroughTheDaySlipsRegistriesMake() {
        let common = NameFrequency(candidate: 500, subject: 500)
        for born in ["1985-07-13", "1985-07-11", "1985-12-07"] {
            let subject = MatchPerson(name: MatchName(family: "wang", given: "wei"), birthDate: PartialDate(born)!, sex: .male)
            let score = VettingMatcher.score(subject, registry, frequency: common)
            #expect(score.isCandidate && score.reasons.contains("common_name_date_slip"), "\(born)")
        }
        // but not two days off, another month, or without the same sex
        for (born, sex) in [("1985-07-14", Sex.male), ("1985-08-12", .male), ("1985-07-13", .unknown)] {
            let subject = MatchPerson(name: MatchName(family: "wang", given: "wei"), birthDate: PartialDate(born)!, sex: sex)
            #expect(!VettingMatcher.score(subject, registry, frequency: common).isCandidate, "\(born) \(sex)")
        }
    }

    @Test func aSpellingThatIsAnotherRegisteredNameIsNotATypo() {
        let subject = MatchPerson(name: MatchName(family: "wang", given: "wen"), birthDate: PartialDate("1985-07-12")!, sex: .male)
        #expect(VettingMatcher.score(subject, registry, frequency: NameFrequency(candidate: 1, subject: 0)).isCandidate)
        #expect(!VettingMatcher.score(subject, registry, frequency: NameFrequency(candidate: 1, subject: 2)).isCandidate)
    }

    @Test func aDifferentSexRulesOutTheMatch() {
        let subject = MatchPerson(name: MatchName(family: "wang", given: "wei"), birthDate: PartialDate("1985-07-12")!, sex: .female)
        #expect(VettingMatcher.score(subject, registry).reasons.contains("sex_differs"))
        #expect(!VettingMatcher.score(subject, registry).isCandidate)
        let unknown = MatchPerson(name: MatchName(family: "wang", given: "wei"), birthDate: PartialDate("1985-07-12")!, sex: nil)
        #expect(VettingMatcher.score(unknown, registry).isCandidate)
    }
}

@Suite struct DocumentHitTests {
    func person(_ name: String, _ born: String, document: String?, sex: Sex = .male) -> MatchPerson {
        MatchPerson(name: PinyinName.matchName(name), birthDate: PartialDate(born)!, sex: sex, document: document)
    }

    @Test func aNumberMakesAHitOnlyWithTheName() {
        let record = person("Wang Xiaolong", "1979-03-15", document: "110105197903150112")
        #expect(VettingMatcher.documentHitHolds(person("Wang Xiaolong", "1979-03-15", document: "110105197903150112"), record))
        #expect(VettingMatcher.documentHitHolds(person("Xiaolong Wang", "1979-03-15", document: "110105197903150112"), record), "parts swapped")
        #expect(VettingMatcher.documentHitHolds(person("Wang Xiaolon", "1979-03-15", document: "110105197903150112"), record), "a typo")
        #expect(!VettingMatcher.documentHitHolds(person("Zhou Min", "1979-03-15", document: "110105197903150112"), record), "another person")
        #expect(!VettingMatcher.documentHitHolds(person("Wang Xiaolong", "1979-03-15", document: "110105197903150112", sex: .female), record))
        #expect(!VettingMatcher.documentHitHolds(person("Wang Xiaolong", "1979-03-15", document: nil), record))
    }

    @Test func theSameNumberUnderAnotherNameIsAlwaysAPossibleMatch() {
        let record = person("Wang Xiaolong", "1979-03-15", document: "110105197903150112")
        let other = VettingMatcher.score(person("Zhou Min", "1985-01-01", document: "110105197903150112"), record)
        #expect(other.isCandidate)
        #expect(other.reasons.contains("document_equal"))
    }
}
