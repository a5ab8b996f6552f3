/// The UN document a recommendation comes from, read from its symbol: a treaty body's concluding
/// observations (`CRC/C/CHN/CO/5-6`: the Committee on the Rights of the Child on China's fifth and
/// sixth reports) or a report of the Universal Periodic Review's working group (`A/HRC/40/6`).
/// Other symbols (special procedures, resolutions) are kept as written, since they follow no one shape.
public enum DocumentSymbol: Hashable, Sendable, CustomStringConvertible {
    case concludingObservations(body: TreatyBody, country: String, reports: ClosedRange<Int>)
    case uprReport(session: Int, number: Int)
    case other(String)

    /// The treaty bodies and the part of the symbol before the country (the CRC's optional
    /// protocols on the sale of children and on armed conflict have their own).
    public enum TreatyBody: String, CaseIterable, Sendable {
        case crc = "CRC/C", crcSaleOfChildren = "CRC/C/OPSC", crcArmedConflict = "CRC/C/OPAC", cedaw = "CEDAW/C", ccpr = "CCPR/C",
             cescr = "E/C.12", crpd = "CRPD/C", cat = "CAT/C", cerd = "CERD/C", cmw = "CMW/C", ced = "CED/C"
    }

    public struct Problem: Error, Equatable, Sendable {
        public let message: String
    }

    /// Reads a symbol as a user or an export writes it: spaces around it and lower case are forgiven.
    public static func parse(_ text: String) -> Result<DocumentSymbol, Problem> {
        let symbol = text.trimmedWhitespace.uppercased()
        guard !symbol.isEmpty else { return .failure(Problem(message: "is empty")) }
        guard symbol.count <= 60, symbol.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "/.-".unicodeScalars.contains($0)) }) else {
            return .failure(Problem(message: "must be a UN document symbol such as CRC/C/CHN/CO/5-6 (letters, digits and / . - only)"))
        }
        let parts = symbol.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if let co = parts.lastIndex(of: "CO"), co == parts.count - 2, co >= 2 {
            return concludingObservations(body: parts[..<(co - 1)].joined(separator: "/"), country: parts[co - 1], reports: parts[co + 1])
        }
        if parts.count == 4, parts[0] == "A", parts[1] == "HRC" {
            guard let session = Int(parts[2]), let number = Int(parts[3]), (1...999).contains(session), (1...9_999).contains(number) else {
                return .failure(Problem(message: "a UPR report's symbol is A/HRC/<session>/<number>, for example A/HRC/40/6"))
            }
            return .success(.uprReport(session: session, number: number))
        }
        return .success(.other(symbol))
    }

    private static func concludingObservations(body: String, country: String, reports: String) -> Result<DocumentSymbol, Problem> {
        guard let treatyBody = TreatyBody(rawValue: body) else {
            return .failure(Problem(message: "names no treaty body known here before the country (CRC/C, CRC/C/OPSC, CRC/C/OPAC, CEDAW/C, CCPR/C, E/C.12, CRPD/C, CAT/C, CERD/C, CMW/C, CED/C)"))
        }
        guard CountryCode.isAlpha3(country) else {
            return .failure(Problem(message: "the country must be its three-letter ISO 3166 code, for example CHN"))
        }
        let numbers = reports.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(numbers.count), let first = Int(numbers[0]), let last = Int(numbers[numbers.count - 1]),
              numbers.allSatisfy({ $0.utf8.count <= 2 }), 1 <= first, first <= last else {
            return .failure(Problem(message: "the reports must be a number or a rising range of numbers, for example 5-6"))
        }
        return .success(.concludingObservations(body: treatyBody, country: country, reports: first...last))
    }

    public var description: String {
        switch self {
        case let .concludingObservations(body, country, reports):
            let numbers = reports.lowerBound == reports.upperBound ? "\(reports.lowerBound)" : "\(reports.lowerBound)-\(reports.upperBound)"
            return "\(body.rawValue)/\(country)/CO/\(numbers)"
        case let .uprReport(session, number): return "A/HRC/\(session)/\(number)"
        case let .other(symbol): return symbol
        }
    }

    /// The country a symbol names, when it names one.
    public var country: String? {
        if case let .concludingObservations(_, country, _) = self { return country }
        return nil
    }
}
