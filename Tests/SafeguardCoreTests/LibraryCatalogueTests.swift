import Foundation
import SafeguardCore
import Testing

@Suite struct ISBNTests {
    @Test func numbersAreCheckedAndKeptAsISBN13() {
        #expect(ISBN.normalised("0-306-40615-2") == .success("9780306406157"))
        #expect(ISBN.normalised("978 0 306 40615 7") == .success("9780306406157"))
        #expect(ISBN.normalised("0-8044-2957-x") == .success("9780804429573"))
        #expect(ISBN.isbn10(of: "9780804429573") == "080442957X")
        #expect(ISBN.normalised("0-306-40615-3") == .failure(.wrongCheckDigit(expected: "2")))
        #expect(ISBN.normalised("9780306406158") == .failure(.wrongCheckDigit(expected: "7")))
        #expect(ISBN.normalised("9770306406157") == .failure(.wrongPrefix))
        #expect(ISBN.normalised("12345") == .failure(.wrongLength))
        #expect(ISBN.normalised("03064061X2") == .failure(.notDigits))
        #expect(ISSN.normalised("03178471") == "0317-8471" && ISSN.normalised("0317-8472") == nil)
    }
}

@Suite struct SearchTextTests {
    @Test func readersFindWordsTypedWithoutAccentsOrMongolianLetters() {
        // setup: a Mongolian title, typed on a Russian keyboard; an English one with accents; Chinese
        let stored = SearchText.indexed(["Хүүхэд хамгаалал: Өрх гэр", "Café Résumé", "儿童保护手册"])
        let tokens = Set(stored.split(separator: " ").map(String.init))
        // assert
        #expect(tokens.isSuperset(of: ["хуухэд", "хамгаалал", "орх", "гэр", "cafe", "resume", "儿童", "保护", "护手", "儿"]))
        #expect(SearchText.terms("ХУУХЭД ёлка") == [.init(text: "хуухэд", prefix: true), .init(text: "елка", prefix: true)])
        #expect(SearchText.terms("儿童保护") == [.init(text: "儿童", prefix: false), .init(text: "童保", prefix: false), .init(text: "保护", prefix: false)])
        #expect(SearchText.terms("书") == [.init(text: "书", prefix: false)])
        #expect(SearchText.terms("  ,.;  ").isEmpty)
        #expect(SearchText.terms(String(repeating: "a b c d ", count: 20)).count == 4)
    }
}

@Suite struct ISO2709Tests {
    let entry = CatalogueEntry(
        title: "Хүүхэд хамгааллын гарын авлага", subtitle: "нийгмийн ажилтанд", responsibility: "Б. Болд", authors: [.init(name: "Болд, Б.", role: "editor"),
        .init(name: "Synthetic Resource Centre", corporate: true)], edition: "2nd ed.", publisher: "Synthetic Press", place: "Улаанбаатар", year: 2019,
        extent: "240 p.", isbns: ["9780306406157"], issn: "0317-8471", series: "Synthetic handbooks", languages: ["mn", "en"], subjects: ["Child protection", "Social work"],
        summary: "A synthetic handbook.", link: "https://library.example.org/1", format: .handbook, categories: ["CP.LAW", "FAM"])

    @Test func aRecordWrittenIsReadBackTheSame() throws {
        // act
        let bytes = ISO2709.write(MARCCatalogue.record(from: entry, controlNumber: "SG-1"))
        let read = ISO2709.records(in: bytes + bytes)
        // assert: two records, each the entry again, with a leader that says its length and UTF-8
        #expect(read.count == 2)
        let record = try read[0].get()
        #expect(Int(String(record.leader.prefix(5))) == bytes.count && Array(record.leader)[9] == "a")
        #expect(record.control("001") == "SG-1")
        #expect(MARCCatalogue.entry(from: record) == .success(entry))
    }

    @Test func aBrokenRecordIsNamedAndTheOthersAreStillRead() {
        // setup: a good record, one with a wrong length in its leader, one with a broken directory, one not UTF-8
        let good = ISO2709.write(MARCCatalogue.record(from: entry, controlNumber: "1"))
        var wrongLength = good
        wrongLength.replaceSubrange(0..<5, with: Array("00099".utf8))
        var brokenDirectory = good
        brokenDirectory[30] = UInt8(ascii: "x")
        var marc8 = good
        marc8[9] = UInt8(ascii: " ")
        // act
        let read = ISO2709.records(in: good + wrongLength + brokenDirectory + marc8 + Array("\n".utf8) + good)
        // assert
        #expect(read.count == 5)
        #expect((try? read[0].get()) != nil && (try? read[4].get()) != nil)
        #expect(read[1] == .failure(.lengthMismatch(declared: 99, actual: good.count)))
        #expect(read[2] == .failure(.directoryBroken))
        #expect(read[3] == .failure(.notUTF8Coded))
        #expect(ISO2709.records(in: Array("00010".utf8)) == [.failure(.leaderTooShort)])
    }

    @Test func aTitleNeedsATitleAndAGoodISBN() {
        var record = MARCCatalogue.record(from: entry, controlNumber: "1")
        record.fields = record.fields.map { field in
            guard case .data("020", let indicators, _) = field else { return field }
            return .data(tag: "020", indicators: indicators, subfields: [.init("a", "0306406153 (pbk.)")])
        }
        #expect(MARCCatalogue.entry(from: record) == .failure(.badISBN("0306406153", .wrongCheckDigit(expected: "2"))))
        record.fields.removeAll { $0.tag == "245" }
        #expect(MARCCatalogue.entry(from: record) == .failure(.noTitle))
    }
}

@Suite struct ISO2709HostileTests {
    @Test func directoryEntriesThatPointAtTheSameBytesAreRefused() throws {
        // setup: a record whose second entry points at the first field again (a small file that would stand for a huge one)
        let good = ISO2709.write(MARCRecord(leader: "", fields: [.data(tag: "245", indicators: ("0", "0"), subfields: [.init("a", "Synthetic")]),
                                                                  .data(tag: "650", indicators: (" ", "4"), subfields: [.init("a", "Synthetic")])]))
        var overlapping = good
        // the second directory entry (bytes 36-47): start 00000 instead of the first field's length
        overlapping.replaceSubrange(43..<48, with: Array("00000".utf8))
        // assert
        #expect((try? ISO2709.record(good[...])) != nil)
        #expect(ISO2709.records(in: overlapping) == [.failure(.fieldOutsideRecord(tag: "650"))])
        // and a file of terminators is read no further than asked
        #expect(ISO2709.records(in: [UInt8](repeating: 0x1D, count: 10_000), limit: 3).count == 3)
    }

    @Test func whatTheFormatCannotDescribeDoesNotFit() throws {
        let long = MARCRecord(leader: "", fields: [.data(tag: "520", indicators: (" ", " "), subfields: [.init("a", String(repeating: "ж", count: 5_000))])])
        #expect(!ISO2709.fits(long))
        #expect(ISO2709.fits(MARCRecord(leader: "", fields: [.data(tag: "520", indicators: (" ", " "), subfields: [.init("a", String(repeating: "ж", count: 4_000))])])))
        // a title carrying MARC's own separators loses them when read
        let record = MARCRecord(leader: "", fields: [.data(tag: "245", indicators: ("0", "0"), subfields: [.init("a", "Synthetic\u{1D}title")])])
        #expect(try MARCCatalogue.entry(from: record).get().title == "Synthetictitle")
    }

    @Test func aRecordWrittenAsMARCXMLIsReadBackTheSame() throws {
        // setup: the entry, and a title with the characters XML escapes
        var tricky = ISO2709Tests().entry
        tricky.title = "Rights & duties <draft> \"quoted\""
        let records = [MARCCatalogue.record(from: ISO2709Tests().entry, controlNumber: "SG-1"), MARCCatalogue.record(from: tricky, controlNumber: "SG-2")]
        // act
        let xml = MARCXML.write(records)
        let read = try MARCXML.records(in: Data(xml.utf8)).get().map { try $0.get() }
        // assert
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection xmlns=\"http://www.loc.gov/MARC21/slim\">"))
        #expect(read == records)
        #expect(try MARCCatalogue.entry(from: read[1]).get() == tricky)
    }

    @Test func aMARCXMLFileThatCannotBeTakenIsNamed() throws {
        let doctype = #"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><collection><record><leader>&a;</leader></record></collection>"#
        #expect(MARCXML.records(in: Data(doctype.utf8)) == .failure(.doctype))
        #expect(MARCXML.records(in: Data("<collection>\n<record>\n<leader>".utf8)) == .failure(.notWellFormed(line: 3)))
        // a DOCTYPE in any case of letters, an entity, another encoding, or UTF-16 (where the bytes hide the words) is refused before parsing
        #expect(MARCXML.records(in: Data("<?xml version=\"1.0\"?><!DocType c><collection/>".utf8)) == .failure(.doctype))
        #expect(MARCXML.records(in: Data("<collection><!ENTITY x \"y\"></collection>".utf8)) == .failure(.doctype))
        #expect(MARCXML.records(in: Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><collection/>".utf8)) == .failure(.notUTF8))
        #expect(MARCXML.records(in: "<!DOCTYPE c SYSTEM \"file:///etc/passwd\"><collection/>".data(using: .utf16LittleEndian)!) == .failure(.notUTF8))
        #expect(MARCXML.records(in: Data(count: MARCXML.maximumBytes + 1)) == .failure(.tooLarge))
        #expect(MARCXML.records(in: Data("<collection></collection>".utf8)) == .failure(.noRecords))
        let leader = "00000nam a2200000 i 4500"
        let mixed = """
            <collection xmlns="http://www.loc.gov/MARC21/slim"><record><leader>short</leader></record>
            <record><leader>\(leader)</leader><datafield tag="24" ind1="1" ind2="0"><subfield code="a">x</subfield></datafield></record>
            <record><leader>\(leader)</leader><datafield tag="245" ind1="1" ind2="0"><subfield code="ab">x</subfield></datafield></record>
            <record><leader>\(leader)</leader><datafield tag="245" ind1="1" ind2="0"><subfield code="a">Fine</subfield></datafield></record></collection>
            """
        let results = try MARCXML.records(in: Data(mixed.utf8)).get()
        #expect(results.count == 4)
        #expect(results[0] == .failure(.badLeader) && results[1] == .failure(.badTag) && results[2] == .failure(.badSubfieldCode))
        #expect(try results[3].get().first("245", "a") == "Fine")
        // text given as CDATA is text
        let cdata = "<collection><record><leader>\(leader)</leader><datafield tag=\"245\" ind1=\"1\" ind2=\"0\"><subfield code=\"a\">Rights <![CDATA[& <duties>]]> too</subfield></datafield></record></collection>"
        #expect(try MARCXML.records(in: Data(cdata.utf8)).get()[0].get().first("245", "a") == "Rights & <duties> too")
    }
}
