import Foundation
import ZIPFoundation

/// A report written as a Word document (Office Open XML, ISO/IEC 29500): the committees ask for
/// submissions in Word. Headings carry outline levels, so a reader's navigation and a screen
/// reader find the parts; tables repeat their header row on each page; each chart is a native
/// Word chart whose values sit in the document (no spreadsheet inside), with its figures also
/// in its description for readers who cannot see it.
public enum DocxWriter {
    public static let contentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    public static func data(_ report: ReportDocument) throws -> Data {
        var body = XMLText(), charts: [String] = []
        body.paragraph(style: "Title", report.title, language: report.language)
        for block in report.blocks {
            switch block {
            case .heading(let level, let text):
                body.paragraph(style: "Heading\(min(max(level, 1), 3))", text, language: report.language)
            case .text(let text):
                for paragraph in ReportDocument.paragraphs(text) { body.paragraph(style: nil, paragraph, language: report.language) }
            case .quote(let text):
                for paragraph in ReportDocument.paragraphs(text) { body.paragraph(style: "Quote", paragraph, language: report.language) }
            case .list(let items):
                for item in items { body.paragraph(style: "ListBullet", "• " + item, language: report.language) }
            case .table(let table):
                body.paragraph(style: "Caption", table.caption, language: report.language)
                body.table(table, language: report.language)
                body.paragraph(style: "Note", table.note, language: report.language)
            case .chart(let chart):
                charts.append(chartPart(chart))
                body.paragraph(style: "Caption", chart.caption, language: report.language)
                body.chart(number: charts.count, description: describe(chart))
                body.paragraph(style: "Note", chart.note, language: report.language)
            }
        }
        let archive = try Archive(accessMode: .create)
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(charts: charts.count)),
            ("_rels/.rels", packageRelationships),
            ("docProps/core.xml", coreProperties(report)),
            ("word/document.xml", document(body.text)),
            ("word/styles.xml", styles(language: report.language)),
            ("word/_rels/document.xml.rels", documentRelationships(charts: charts.count)),
        ] + charts.enumerated().map { ("word/charts/chart\($0.offset + 1).xml", $0.element) }
        for (path, xml) in parts {
            let bytes = Data(xml.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: report.created,
                                 compressionMethod: .deflate) { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
        }
        return archive.data ?? Data()
    }

    /// A chart's figures as words, for its description: `2024: 12; 2025: <5`.
    static func describe(_ chart: ReportDocument.Chart) -> String {
        "\(chart.caption). " + chart.bars.map { "\($0.label): \($0.display)" }.joined(separator: "; ")
    }

    // MARK: the document's body

    struct XMLText {
        var text = ""

        mutating func paragraph(style: String?, _ content: String, language: String) {
            text += "<w:p>"
            if let style { text += "<w:pPr><w:pStyle w:val=\"\(style)\"/></w:pPr>" }
            run(content)
            text += "</w:p>"
        }

        /// A run of text; a line break inside a paragraph stays a line break.
        mutating func run(_ content: String, bold: Bool = false) {
            let lines = content.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            text += "<w:r>" + (bold ? "<w:rPr><w:b/></w:rPr>" : "")
            for (index, line) in lines.enumerated() {
                if index > 0 { text += "<w:br/>" }
                text += "<w:t xml:space=\"preserve\">\(escape(String(line)))</w:t>"
            }
            text += "</w:r>"
        }

        mutating func table(_ table: ReportDocument.Table, language: String) {
            let columns = max(table.columns.count, 1), width = 9_000 / columns
            text += "<w:tbl><w:tblPr><w:tblStyle w:val=\"ReportTable\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>"
            text += "<w:tblCaption w:val=\"\(escape(table.caption))\"/></w:tblPr><w:tblGrid>"
            text += String(repeating: "<w:gridCol w:w=\"\(width)\"/>", count: columns) + "</w:tblGrid>"
            text += "<w:tr><w:trPr><w:tblHeader/></w:trPr>"
            for column in table.columns { cell(column, bold: true) }
            text += "</w:tr>"
            for row in table.rows {
                text += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                for index in 0..<columns { cell(index < row.count ? row[index] : "", bold: false) }
                text += "</w:tr>"
            }
            text += "</w:tbl>"
        }

        mutating func cell(_ content: String, bold: Bool) {
            text += "<w:tc><w:p>"
            run(content, bold: bold)
            text += "</w:p></w:tc>"
        }

        mutating func chart(number: Int, description: String) {
            // 15 cm by 7.5 cm, in EMU
            text += """
                <w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="5400000" cy="2700000"/>\
                <wp:docPr id="\(number)" name="Chart \(number)" descr="\(escape(description))"/>\
                <a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">\
                <c:chart r:id="rIdChart\(number)"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>
                """
        }
    }

    /// Text as XML character data: the five markup characters escaped, and the control characters
    /// XML 1.0 cannot hold at all dropped (a Word file with one does not open).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    // MARK: the parts

    static let mainNamespaces = """
        xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" \
        xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" \
        xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
        xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"
        """

    static func document(_ body: String) -> String {
        // A4 with 2.5 cm margins, in twentieths of a point
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document \(mainNamespaces)><w:body>\(body)<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>\
        <w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>
        """
    }

    static func contentTypes(charts: Int) -> String {
        let chartTypes = (0..<charts).map {
            "<Override PartName=\"/word/charts/chart\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
            <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\(chartTypes)</Types>
            """
    }

    static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        </Relationships>
        """

    static func documentRelationships(charts: Int) -> String {
        let chartRelationships = (0..<charts).map {
            "<Relationship Id=\"rIdChart\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart\" Target=\"charts/chart\($0 + 1).xml\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            \(chartRelationships)</Relationships>
            """
    }

    static func coreProperties(_ report: ReportDocument) -> String {
        let created = ISO8601DateFormatter().string(from: report.created)
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
            <dc:title>\(escape(report.title))</dc:title><dc:language>\(escape(report.language))</dc:language>\
            <dcterms:created xsi:type="dcterms:W3CDTF">\(created)</dcterms:created></cp:coreProperties>
            """
    }

    /// The United Nations' own look: Times New Roman 12 pt (SimSun for Chinese), headings in bold.
    static func styles(language: String) -> String {
        let chinese = language.hasPrefix("zh")
        func style(_ id: String, _ name: String, outline: Int? = nil, size: Int, bold: Bool = false, italic: Bool = false,
                   indent: Int = 0, before: Int = 0, after: Int = 120, keepNext: Bool = false) -> String {
            var paragraph = "<w:spacing w:before=\"\(before)\" w:after=\"\(after)\"/>"
            if keepNext { paragraph = "<w:keepNext/>" + paragraph }
            if indent > 0 { paragraph += "<w:ind w:left=\"\(indent)\" w:right=\"\(indent)\"/>" }
            if let outline { paragraph += "<w:outlineLvl w:val=\"\(outline)\"/>" }
            return """
                <w:style w:type="paragraph" w:styleId="\(id)"><w:name w:val="\(name)"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
                <w:pPr>\(paragraph)</w:pPr><w:rPr>\(bold ? "<w:b/>" : "")\(italic ? "<w:i/>" : "")<w:sz w:val="\(size)"/><w:szCs w:val="\(size)"/></w:rPr></w:style>
                """
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
            <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="SimSun" w:cs="Times New Roman"/>\
            <w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="\(chinese ? "zh-CN" : "en-GB")" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>\
            <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
            \(style("Title", "Title", size: 36, bold: true, after: 360))\
            \(style("Heading1", "heading 1", outline: 0, size: 30, bold: true, before: 360, keepNext: true))\
            \(style("Heading2", "heading 2", outline: 1, size: 26, bold: true, before: 240, keepNext: true))\
            \(style("Heading3", "heading 3", outline: 2, size: 24, bold: true, before: 200, keepNext: true))\
            \(style("Caption", "caption", size: 22, bold: true, before: 200, after: 80, keepNext: true))\
            \(style("Note", "Note", size: 18, italic: true, after: 200))\
            \(style("Quote", "Quote", size: 24, italic: true, indent: 720))\
            \(style("ListBullet", "List Bullet", size: 24, indent: 360))\
            <w:style w:type="table" w:styleId="ReportTable"><w:name w:val="Report Table"/><w:tblPr><w:tblBorders>\
            <w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
            <w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
            <w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
            </w:tblBorders><w:tblCellMar><w:left w:w="100" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
            </w:styles>
            """
    }

    /// A bar chart with its values held in the chart itself (the cache a chart keeps of its
    /// spreadsheet), so Word and LibreOffice draw it without one. Its caption is the paragraph
    /// above it, not a title inside it, as for a table.
    static func chartPart(_ chart: ReportDocument.Chart) -> String {
        let count = chart.bars.count
        let labels = chart.bars.enumerated().map { "<c:pt idx=\"\($0.offset)\"><c:v>\(escape($0.element.label))</c:v></c:pt>" }.joined()
        let values = chart.bars.enumerated().compactMap { index, bar in
            bar.value.map { "<c:pt idx=\"\(index)\"><c:v>\($0.isFinite ? $0 : 0)</c:v></c:pt>" }
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><c:roundedCorners val="0"/><c:chart>\
            <c:autoTitleDeleted val="1"/><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>\
            <c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val="1"/>\
            <c:pt idx="0"><c:v>\(escape(chart.series))</c:v></c:pt></c:strCache></c:strRef></c:tx>\
            <c:spPr><a:solidFill><a:srgbClr val="1F4E79"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>\
            <c:cat><c:strRef><c:f>Sheet1!$A$2:$A$\(count + 1)</c:f><c:strCache><c:ptCount val="\(count)"/>\(labels)</c:strCache></c:strRef></c:cat>\
            <c:val><c:numRef><c:f>Sheet1!$B$2:$B$\(count + 1)</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="\(count)"/>\(values)\
            </c:numCache></c:numRef></c:val></c:ser><c:gapWidth val="80"/><c:axId val="10"/><c:axId val="20"/></c:barChart>\
            <c:catAx><c:axId val="10"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>\
            <c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="20"/><c:crosses val="autoZero"/>\
            <c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>\
            <c:valAx><c:axId val="20"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>\
            <c:majorGridlines/><c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="10"/>\
            <c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/>\
            <c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>
            """
    }
}
