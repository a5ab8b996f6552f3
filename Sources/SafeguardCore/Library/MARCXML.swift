import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// MARC 21 in XML (the Library of Congress's MARCXML slim schema): a `collection` of `record`s,
/// each a `leader`, `controlfield`s and `datafield`s of `subfield`s. Read with Foundation's
/// streaming parser, UTF-8 only; a file that declares a DOCTYPE or an entity is refused, so none is
/// ever expanded (the check runs on the bytes the parser reads, which UTF-8 alone makes certain).
public enum MARCXML {
    public static let namespace = "http://www.loc.gov/MARC21/slim"

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case doctype
        case notUTF8
        case tooLarge
        case notWellFormed(line: Int)
        case noRecords
        case tooMany(Int)
        case badLeader
        case badTag
        case badIndicator
        case badSubfieldCode

        public var description: String {
            switch self {
            case .doctype: "declares a DOCTYPE, which MARCXML does not need: remove it"
            case .notUTF8: "is not UTF-8 text: save the MARCXML file as UTF-8"
            case .tooLarge: "a MARCXML file may be at most 10 MB: split it, or send ISO 2709"
            case .notWellFormed(let line): "is not well-formed XML (line \(line))"
            case .noRecords: "holds no MARCXML records"
            case .tooMany(let limit): "at most \(limit) records at once"
            case .badLeader: "has a leader that is not 24 characters"
            case .badTag: "has a field whose tag is not 3 letters or digits"
            case .badIndicator: "has an indicator that is not one character"
            case .badSubfieldCode: "has a subfield whose code is not one character"
            }
        }
    }

    public static func write(_ records: [MARCRecord]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection xmlns=\"\(namespace)\">\n"
        for record in records {
            out += "<record>\n<leader>\(escape(record.leader))</leader>\n"
            for field in record.fields {
                switch field {
                case .control(let tag, let value):
                    out += "<controlfield tag=\"\(escape(tag))\">\(escape(value))</controlfield>\n"
                case .data(let tag, let indicators, let subfields):
                    out += "<datafield tag=\"\(escape(tag))\" ind1=\"\(escape(String(indicators.0)))\" ind2=\"\(escape(String(indicators.1)))\">"
                    for subfield in subfields { out += "<subfield code=\"\(escape(String(subfield.code)))\">\(escape(subfield.value))</subfield>" }
                    out += "</datafield>\n"
                }
            }
            out += "</record>\n"
        }
        return out + "</collection>\n"
    }

    /// `&`, `<`, `>` and quotes as entities; characters XML 1.0 cannot carry at all (controls other
    /// than tab and line breaks) are left out.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: break
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Each record of the file, or the problem that stops it; the whole file fails when it is not
    /// XML at all. At most `limit` records are read.
    /// libxml2 refuses a text node or document past 10,000,000 bytes unless told otherwise, which
    /// Foundation does not: a larger file is refused by name rather than as "not well-formed".
    public static let maximumBytes = 10_000_000

    public static func records(in data: Data, limit: Int = .max) -> Result<[Result<MARCRecord, Problem>], Problem> {
        guard data.count <= maximumBytes else { return .failure(.tooLarge) }
        // UTF-8 only, and no NUL: UTF-16 would hide a DOCTYPE from the byte search below
        guard !data.contains(0), String(data: data, encoding: .utf8) != nil else { return .failure(.notUTF8) }
        // a DOCTYPE is where entities are declared: none is needed, none is taken, in any case of letters
        let lowered = Data(data.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 })
        if lowered.range(of: Data("<!doctype".utf8)) != nil || lowered.range(of: Data("<!entity".utf8)) != nil { return .failure(.doctype) }
        if let declaration = lowered.prefix(200).range(of: Data("encoding=".utf8)),
           !lowered[declaration.upperBound...].prefix(7).elementsEqual(Data("\"utf-8\"".utf8)) && !lowered[declaration.upperBound...].prefix(7).elementsEqual(Data("'utf-8'".utf8)) {
            return .failure(.notUTF8)
        }
        let reader = Reader(limit: limit)
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = true
        parser.delegate = reader
        // Foundation on Linux reports a document cut short as parsed: an element left open says otherwise
        if !parser.parse() || reader.open != 0 {
            if reader.records.count > limit { return .failure(.tooMany(limit)) }
            return .failure(.notWellFormed(line: max(1, parser.lineNumber)))
        }
        return reader.records.isEmpty ? .failure(.noRecords) : .success(reader.records)
    }

    final class Reader: NSObject, XMLParserDelegate {
        let limit: Int
        var records: [Result<MARCRecord, Problem>] = []
        var leader: String?, fields: [MARCRecord.Field] = [], problem: Problem?
        var tag = "", indicators: (Character, Character) = (" ", " "), subfields: [MARCRecord.Subfield] = [], code: Character = " "
        var text = ""
        var inRecord = false
        /// Elements begun and not yet ended.
        var open = 0

        init(limit: Int) { self.limit = limit }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            text = ""
            open += 1
            switch name {
            case "record":
                inRecord = true
                leader = nil
                fields = []
                problem = nil
            case "controlfield", "datafield":
                tag = attributes["tag"] ?? ""
                if tag.count != 3 || !tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { problem = problem ?? .badTag }
                if name == "datafield" {
                    let first = attributes["ind1"] ?? " ", second = attributes["ind2"] ?? " "
                    if first.count != 1 || second.count != 1 { problem = problem ?? .badIndicator }
                    indicators = (first.first ?? " ", second.first ?? " ")
                    subfields = []
                }
            case "subfield":
                let value = attributes["code"] ?? ""
                if value.count != 1 { problem = problem ?? .badSubfieldCode }
                code = value.first ?? " "
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, foundCDATA block: Data) { text += String(decoding: block, as: UTF8.self) }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            open -= 1
            guard inRecord else { return }
            switch name {
            case "leader":
                leader = text
                if text.count != 24 { problem = problem ?? .badLeader }
            case "controlfield": fields.append(.control(tag: tag, value: text))
            case "subfield": subfields.append(.init(code, text))
            case "datafield": fields.append(.data(tag: tag, indicators: indicators, subfields: subfields))
            case "record":
                inRecord = false
                if leader == nil { problem = problem ?? .badLeader }
                records.append(problem.map { .failure($0) } ?? .success(MARCRecord(leader: leader!, fields: fields)))
                if records.count > limit { parser.abortParsing() }
            default: break
            }
            text = ""
        }
    }
}
