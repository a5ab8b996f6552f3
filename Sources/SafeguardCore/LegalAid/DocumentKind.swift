import Foundation

/// The kinds of file a legal matter accepts, told by their first bytes (never by the name or the
/// type the browser claims).
public enum DocumentKind: String, CaseIterable, Codable, Sendable {
    case pdf, png, jpeg, docx, text

    public static let maximumBytes = 8 * 1024 * 1024

    public var contentType: String {
        switch self {
        case .pdf: return "application/pdf"
        case .png: return "image/png"
        case .jpeg: return "image/jpeg"
        case .docx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .text: return "text/plain; charset=utf-8"
        }
    }

    /// The extension a file of this kind is saved with.
    public var fileExtension: String {
        switch self {
        case .pdf: "pdf"
        case .png: "png"
        case .jpeg: "jpg"
        case .docx: "docx"
        case .text: "txt"
        }
    }

    /// The kind of these bytes, or nil for anything else (executables, HTML, archives...).
    public static func detect(_ bytes: Data, filename: String) -> DocumentKind? {
        func starts(_ prefix: [UInt8]) -> Bool { bytes.count >= prefix.count && Array(bytes.prefix(prefix.count)) == prefix }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        // A Word document is a ZIP archive holding word/document.xml; other archives are refused.
        if starts([0x50, 0x4B, 0x03, 0x04]), filename.lowercased().hasSuffix(".docx"), bytes.range(of: Data("word/".utf8)) != nil { return .docx }
        if filename.lowercased().hasSuffix(".txt"), !bytes.contains(0), String(data: bytes, encoding: .utf8) != nil { return .text }
        return nil
    }
}
