import Foundation
import SafeguardCore
import Vapor

/// A file sent in a multipart form, checked the one way every upload is: not empty, at most
/// 8 MiB, and of a kind told by its first bytes (never by its name or the type the browser claims).
enum UploadedFile {
    static func check(_ file: File?) throws -> (kind: DocumentKind, bytes: Data) {
        guard let file else { throw AppError.invalid("file", "choose the file to upload") }
        let bytes = Data(buffer: file.data)
        guard !bytes.isEmpty else { throw AppError.invalid("file", "the file is empty") }
        guard bytes.count <= DocumentKind.maximumBytes else { throw AppError.invalid("file", "is larger than 8 MiB") }
        guard let kind = DocumentKind.detect(bytes, filename: file.filename) else {
            throw AppError.invalid("file", "only PDF, PNG, JPEG, Word (.docx) and plain text (.txt) files are accepted")
        }
        return (kind, bytes)
    }

    /// The name a file came with, kept only to offer it again on download: no path, no control or
    /// format characters (a right-to-left override could show `fdp.exe` as `exe.pdf`), and the
    /// extension of the kind its bytes were found to be, so that a PDF never downloads as `.html`.
    static func safeName(_ filename: String, kind: DocumentKind) -> String {
        let base = String(filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
        let visible = String(String.UnicodeScalarView(base.unicodeScalars.filter { scalar in
            !(scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format)
        }))
        let stem = visible.lastIndex(of: ".").map { String(visible[..<$0]) } ?? visible
        return String((stem.isEmpty ? "file" : stem).prefix(190)) + "." + kind.fileExtension
    }

    private static let asciiNameCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")

    /// A stored file as a download; its name is given in the RFC 6266 form that carries any language.
    static func download(_ file: (filename: String, kind: DocumentKind, bytes: Data)) -> Response {
        let response = Response(status: .ok, body: .init(data: file.bytes))
        response.headers.replaceOrAdd(name: .contentType, value: file.kind.contentType)
        let encoded = file.filename.addingPercentEncoding(withAllowedCharacters: asciiNameCharacters) ?? "download"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename*=UTF-8''\(encoded)")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }
}
