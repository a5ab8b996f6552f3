import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SafeguardCore
import Testing
import ZIPFoundation

/// A report written to Word: read back with a ZIP reader and an XML parser of their own, as Word
/// and LibreOffice read it, and its words counted as a committee counts them.
@Suite struct DocxWriterTests {
    static let report = ReportDocument(title: "Alternative report <2026> & more", language: "en", created: Date(timeIntervalSince1970: 1_780_000_000), blocks: [
        .heading(level: 1, text: "Violence against children"),
        .list(["CRC/C/CHN/CO/5-6 ¶ 32: prohibit corporal punishment"]),
        .text("First paragraph.\n\nSecond paragraph\nwith a line break and a bell \u{7} character."),
        .quote("“I want someone to listen.” (13-15)"),
        .table(.init(caption: "Helpline contacts", columns: ["Period", "Value"], rows: [["2025", "1234"], ["2026", "<5"]], note: "helpline.contacts@1")),
        .chart(.init(caption: "Helpline contacts by year", series: "Contacts", bars: [.init(label: "2025", value: 1234, display: "1234"), .init(label: "2026", value: nil, display: "<5")],
                     note: "helpline.contacts@1")),
    ])

    /// Every part of the package, by its path.
    func parts(_ data: Data) throws -> [String: String] {
        let archive = try Archive(data: data, accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            parts[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        return parts
    }

    /// The text of every `w:t` (or `c:v`) element, in order, read by an XML parser.
    final class TextCollector: NSObject, XMLParserDelegate {
        let element: String
        var texts: [String] = [], current: String?, elements: [String] = []
        init(element: String) { self.element = element }
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements.append(name)
            if name == element { current = "" }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == element, let current { texts.append(current) }
            current = nil
        }
    }

    func read(_ xml: String, element: String) throws -> TextCollector {
        let collector = TextCollector(element: element), parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = collector
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        return collector
    }

    @Test func aReportIsAWordPackageWithEveryPartWellFormed() throws {
        // act
        let parts = try parts(try DocxWriter.data(Self.report))
        // assert
        #expect(Set(parts.keys) == ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "word/document.xml", "word/styles.xml",
                                    "word/_rels/document.xml.rels", "word/charts/chart1.xml"])
        for (path, xml) in parts { _ = try read(xml, element: "none"); #expect(xml.hasPrefix("<?xml"), "\(path)") }
        #expect(parts["[Content_Types].xml"]!.contains("/word/charts/chart1.xml"))
        #expect(parts["word/_rels/document.xml.rels"]!.contains("Target=\"charts/chart1.xml\""))
    }

    @Test func theTextTablesAndChartsAreThereEscapedAndInOrder() throws {
        // act
        let parts = try parts(try DocxWriter.data(Self.report))
        let document = try read(parts["word/document.xml"]!, element: "w:t")
        let chart = try read(parts["word/charts/chart1.xml"]!, element: "c:v")
        // assert: markup characters come back as typed, the bell (which XML cannot hold) is dropped
        #expect(document.texts == ["Alternative report <2026> & more", "Violence against children", "• CRC/C/CHN/CO/5-6 ¶ 32: prohibit corporal punishment",
                                   "First paragraph.", "Second paragraph", "with a line break and a bell  character.", "“I want someone to listen.” (13-15)",
                                   "Helpline contacts", "Period", "Value", "2025", "1234", "2026", "<5", "helpline.contacts@1",
                                   "Helpline contacts by year", "helpline.contacts@1"])
        #expect(document.elements.filter { $0 == "w:tbl" }.count == 1)
        #expect(document.elements.contains("w:tblHeader"))
        // the hidden figure keeps its label and has no value
        #expect(chart.texts == ["Contacts", "2025", "2026", "1234.0"])
        #expect(parts["word/document.xml"]!.contains("descr=\"Helpline contacts by year. 2025: 1234; 2026: &lt;5\""))
    }

    @Test func headingsCarryOutlineLevelsAndChineseIsMarkedAsChinese() throws {
        // setup
        var chinese = Self.report
        chinese.language = "zh-Hans"
        // act
        let styles = try parts(try DocxWriter.data(chinese))["word/styles.xml"]!
        // assert
        #expect(styles.contains("w:styleId=\"Heading1\"") && styles.contains("<w:outlineLvl w:val=\"0\"/>"))
        #expect(styles.contains("<w:lang w:val=\"zh-CN\""))
        #expect(try parts(try DocxWriter.data(Self.report))["word/styles.xml"]!.contains("<w:lang w:val=\"en-GB\""))
    }

    @Test func wordsAreCountedAsACommitteeCountsThem() {
        #expect(WordCount.count("") == 0)
        #expect(WordCount.count("The Committee urges the State party") == 6)
        #expect(WordCount.count("child-friendly don't 3.5 per cent") == 5)
        #expect(WordCount.count("end.  Next -- word") == 3)
        #expect(WordCount.count("儿童权利委员会") == 7)
        #expect(WordCount.count("CRC 第 19 条规定") == 6)
        // setup: a report's words are its text, not its tables
        #expect(Self.report.words == WordCount.count("Violence against children") + WordCount.count("• CRC/C/CHN/CO/5-6 ¶ 32: prohibit corporal punishment")
                + WordCount.count("First paragraph.\n\nSecond paragraph\nwith a line break and a bell \u{7} character.") + WordCount.count("“I want someone to listen.” (13-15)"))
    }
}
