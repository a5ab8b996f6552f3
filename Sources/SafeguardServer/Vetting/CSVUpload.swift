import Foundation
import SafeguardCore
import Vapor

/// A CSV file streamed in the request body, read record by record and handed on in batches:
/// memory holds one batch, whatever the file's size.
enum CSVUpload {
    /// A record of the file; its values by column are made when asked for, so that a batch can
    /// make them on several cores.
    struct Row: Sendable {
        let record: CSVRecord
        let columns: CSVColumns

        var number: Int { record.number }
        var values: Result<ColumnValues, FieldError> { columns.values(record) }
    }

    /// Where the file comes from: the API streams the request body; a browser form posts the file as
    /// one part of a multipart body (collected, so smaller).
    enum Source {
        case body(Request)
        case file(ByteBuffer)

        func chunks(_ each: (ByteBuffer) async throws -> Void) async throws {
            switch self {
            case .body(let req): for try await chunk in req.body { try await each(chunk) }
            case .file(let buffer): try await each(buffer)
            }
        }
    }

    static func read(_ source: Source, required: [String], optional: [String], batchSize: Int,
                     batch: @escaping ([Row]) async throws -> Void) async throws {
        var reader = CSVReader()
        var columns: CSVColumns?
        var pending: [Row] = []
        let take = { (record: CSVRecord) throws in
            guard let columns else {
                columns = try CSVColumns(header: record, required: required, optional: optional)
                return
            }
            pending.append(Row(record: record, columns: columns))
        }
        do {
            try await source.chunks { chunk in
                try reader.feed(chunk.readableBytesView, emit: take)
                while pending.count >= batchSize {
                    let next = Array(pending.prefix(batchSize))
                    pending.removeFirst(batchSize)
                    try await batch(next)
                }
            }
            try reader.finish(emit: take)
        } catch let problem as CSVReader.Problem {
            throw AppError.invalid("file", problem.description)
        } catch let errors as ValidationErrors {
            throw AppError.invalid(errors)
        }
        guard columns != nil else { throw AppError.invalid("file", "the file is empty; the first line must name the columns") }
        if !pending.isEmpty { try await batch(pending) }
    }
}
