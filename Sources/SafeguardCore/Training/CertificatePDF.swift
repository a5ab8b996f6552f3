import Foundation

/// A one-page PDF 1.4 certificate (A4 landscape), written by hand: lines of text centred on the
/// page inside a double border. The text is set in Adobe's STSong-Light with the UniGB-UCS2-H
/// encoding (ISO 32000-1, 9.7.5.2: a predefined CMap, so no font is embedded and every conforming
/// reader shows Chinese, Latin and Russian names alike). Letters outside the font's GB 2312 set
/// (Mongolian Ө and Ү, most accented Latin) show blank: Mongolian certificates will need an
/// embedded font. Characters beyond the Basic Multilingual Plane, which UCS-2 cannot carry, are
/// written as U+FFFD.
public enum CertificatePDF {
    public struct Line: Sendable {
        public var text: String
        public var size: Double
        public init(_ text: String, size: Double) { (self.text, self.size) = (text, size) }
    }

    static let width = 842.0, height = 595.0

    /// The document: `lines` from the top of the page down, each centred.
    public static func document(title: String, lines: [Line]) -> Data {
        var content = "q 0.04 0.24 0.36 RG 3 w 36 36 770 523 re S 1 w 46 46 750 503 re S Q\n"
        var y = height - 120
        for line in lines.flatMap({ line in wrap(line.text, size: line.size, width: width - 140).map { Line($0, size: line.size) } }) {
            let x = max(50, (width - textWidth(line.text, size: line.size)) / 2)
            content += "BT /F1 \(number(line.size)) Tf \(number(x)) \(number(y)) Td <\(hex(line.text))> Tj ET\n"
            y -= line.size * 1.9
        }
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(Int(width)) \(Int(height))] /Resources << /Font << /F1 4 0 R >> >> /Contents 7 0 R >>",
            "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>",
            "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
                + "/FontDescriptor 6 0 R /DW 1000 /W [1 95 500 814 907 500] >>",
            "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
                + "/CapHeight 880 /StemV 93 >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream",
            "<< /Title <FEFF\(hex(title))> /Producer (Safeguard) >>",
        ]
        var pdf = "%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".data(using: .isoLatin1)!
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(pdf.count)
            pdf.append(Data("\(index + 1) 0 obj\n\(object)\nendobj\n".utf8))
        }
        let xref = pdf.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { table += String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n" }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info \(objects.count) 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        pdf.append(Data(table.utf8))
        return pdf
    }

    /// UCS-2 big-endian in hexadecimal, as the UniGB-UCS2-H CMap reads it.
    static func hex(_ text: String) -> String {
        text.unicodeScalars.map { scalar in
            let unit = scalar.value <= 0xFFFF ? scalar.value : 0xFFFD
            let digits = String(unit, radix: 16, uppercase: true)
            return String(repeating: "0", count: 4 - digits.count) + digits
        }.joined()
    }

    /// The text in lines no wider than `width`: broken at a space where the line has one, else
    /// between any two characters (Chinese has no spaces).
    static func wrap(_ text: String, size: Double, width: Double) -> [String] {
        var lines: [String] = [], current = ""
        for character in text {
            let candidate = current + String(character)
            if textWidth(candidate, size: size) <= width || current.isEmpty { current = candidate; continue }
            if let space = current.lastIndex(of: " "), character != " " {
                lines.append(String(current[..<space]))
                current = String(current[current.index(after: space)...]) + String(character)
            } else {
                lines.append(current)
                current = character == " " ? "" : String(character)
            }
        }
        return current.isEmpty ? lines : lines + [current]
    }

    /// Half an em for the half-width characters (ASCII), a whole em for the rest.
    static func textWidth(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.value < 0x7F ? 0.5 : 1.0) } * size
    }

    private static func number(_ value: Double) -> String { String(format: "%.2f", value) }
}
