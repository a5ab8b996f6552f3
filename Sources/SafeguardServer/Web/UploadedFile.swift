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
}
