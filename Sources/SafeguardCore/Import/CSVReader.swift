import Foundation

/// One record of a CSV file (RFC 4180), numbered from 1 (the header).
public struct CSVRecord: Sendable {
    public var number: Int
    public var fields: [String]
    /// The record's bytes were not UTF-8 (a file saved as GBK, say); its fields are empty.
    public var notUTF8: Bool
}

/// Reads CSV incrementally from chunks of bytes as they arrive, so a file of any size is read
/// in bounded memory: quoted fields with commas, quotes and line breaks, CRLF or LF, a UTF-8 byte
/// order mark. Each record is checked for UTF-8 on its own, so one bad line is reported, not the file.
public struct CSVReader: Sendable {
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case unterminatedQuote(record: Int)
        case recordTooLong(record: Int)

        public var description: String {
            switch self {
            case .unterminatedQuote(let record): "record \(record) opens a quoted field that never closes"
            case .recordTooLong(let record): "record \(record) is longer than 64 KiB; is this a CSV file?"
            }
        }
    }

    static let maximumRecordBytes = 65_536
    /// The record's field bytes one after another, and where each finished field ends: one buffer
    /// reused for every record instead of an array per field.
    private var recordBuffer: [UInt8] = []
    private var fieldEnds: [Int] = []
    private var recordBytes = 0
    private var inQuotes = false
    private var quoteSeen = false
    private var afterCarriageReturn = false
    private var atStart = true
    private var bomSkipped = 0
    private var recordNumber = 1
    private var fieldStarted = false

    public init() {}

    /// Feeds the next chunk; `emit` gets every record the chunk completes.
    public mutating func feed(_ bytes: some Sequence<UInt8>, emit: (CSVRecord) throws -> Void) throws {
        // Generic sequences are slow to walk across modules: read contiguous storage directly.
        let done: Bool? = try bytes.withContiguousStorageIfAvailable { buffer in
            try feed(UnsafeRawBufferPointer(buffer), emit: emit)
            return true
        }
        if done == nil { try Array(bytes).withUnsafeBytes { try feed($0, emit: emit) } }
    }

    private var fieldIsEmpty: Bool { recordBuffer.count == (fieldEnds.last ?? 0) }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\"")
    }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, emit: (CSVRecord) throws -> Void) throws {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if atStart {
                // Skip EF BB BF at the very beginning.
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                if bomSkipped < 3 && byte == bom[bomSkipped] { bomSkipped += 1; continue }
                atStart = false
                if bomSkipped > 0 && bomSkipped < 3 { recordBuffer.append(contentsOf: bom[0..<bomSkipped]) }
            }
            recordBytes += 1
            if recordBytes > Self.maximumRecordBytes { throw Problem.recordTooLong(record: recordNumber) }
            if inQuotes {
                if quoteSeen {
                    quoteSeen = false
                    if byte == UInt8(ascii: "\"") { recordBuffer.append(byte); continue }
                    inQuotes = false
                } else {
                    if byte == UInt8(ascii: "\"") { quoteSeen = true } else { recordBuffer.append(byte) }
                    continue
                }
            }
            switch byte {
            case UInt8(ascii: "\""):
                if fieldIsEmpty && !fieldStarted { inQuotes = true; fieldStarted = true } else { recordBuffer.append(byte) }
            case UInt8(ascii: ","):
                fieldEnds.append(recordBuffer.count)
                fieldStarted = false
            case UInt8(ascii: "\r"):
                afterCarriageReturn = true
                continue
            case UInt8(ascii: "\n"):
                try endRecord(emit)
            default:
                if afterCarriageReturn { recordBuffer.append(UInt8(ascii: "\r")) }
                recordBuffer.append(byte)
                fieldStarted = true
                // The bytes up to the next comma, quote or line break are the field's: taken as a run.
                var end = index
                while end < bytes.count, !Self.isSpecial(bytes[end]) { end += 1 }
                if end > index {
                    recordBytes += end - index
                    if recordBytes > Self.maximumRecordBytes { throw Problem.recordTooLong(record: recordNumber) }
                    recordBuffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<end]))
                    index = end
                }
            }
            afterCarriageReturn = false
        }
    }

    /// Ends the input: the last record may lack its line break.
    public mutating func finish(emit: (CSVRecord) throws -> Void) throws {
        if inQuotes && !quoteSeen { throw Problem.unterminatedQuote(record: recordNumber) }
        inQuotes = false
        quoteSeen = false
        if !recordBuffer.isEmpty || !fieldEnds.isEmpty || fieldStarted { try endRecord(emit) }
    }

    private mutating func endRecord(_ emit: (CSVRecord) throws -> Void) throws {
        fieldEnds.append(recordBuffer.count)
        fieldStarted = false
        afterCarriageReturn = false
        defer { recordBuffer.removeAll(keepingCapacity: true); fieldEnds.removeAll(keepingCapacity: true); recordBytes = 0; recordNumber += 1 }
        // A blank line is not a record.
        if fieldEnds.count == 1 && recordBuffer.isEmpty { recordNumber -= 1; return }
        var strings: [String] = []
        strings.reserveCapacity(fieldEnds.count)
        let valid = recordBuffer.withUnsafeBufferPointer { buffer in
            var start = 0
            for end in fieldEnds {
                let bytes = UnsafeBufferPointer(rebasing: buffer[start..<end])
                start = end
                // ASCII needs no UTF-8 validation, which costs more than the rest of reading a field.
                if bytes.allSatisfy({ $0 < 0x80 }) {
                    strings.append(String(decoding: bytes, as: UTF8.self))
                } else if let text = String(validating: bytes, as: UTF8.self) {
                    strings.append(text)
                } else {
                    return false
                }
            }
            return true
        }
        try emit(CSVRecord(number: recordNumber, fields: valid ? strings : [], notUTF8: !valid))
    }
}

/// The columns a file must have, read from its header; records become dictionaries by column name.
public struct CSVColumns: Sendable {
    public let names: [String]

    /// Checks the header: every required column present, no unknown or repeated column.
    public init(header: CSVRecord, required: [String], optional: [String]) throws(ValidationErrors) {
        var v = FieldValidator()
        if header.notUTF8 {
            v.add("file", "the header is not UTF-8 text; save the file as CSV UTF-8")
            try v.finish()
        }
        let names = header.fields.map { $0.trimmedWhitespace.lowercased() }
        let known = Set(required + optional)
        let missing = required.filter { !names.contains($0) }
        if !missing.isEmpty { v.add("file", "missing columns: \(missing.joined(separator: ", "))") }
        let unknown = names.filter { !known.contains($0) }
        // A header is named back only when it looks like a column name: a file without a header
        // row has a person's name and number on its first line.
        func named(_ headers: [String]) -> String {
            let columnLike = headers.filter { $0.count <= 40 && $0.allSatisfy { ("a"..."z").contains($0) || $0 == "_" } }
            return columnLike.count == headers.count ? headers.joined(separator: ", ")
                : "\(headers.count) that do not look like column names (is the first line the header?)"
        }
        if !unknown.isEmpty { v.add("file", "unknown columns: \(named(unknown)); expected \((required + optional).joined(separator: ", "))") }
        var seen = Set<String>()
        let repeated = names.filter { !seen.insert($0).inserted }
        if !repeated.isEmpty { v.add("file", "repeated columns: \(named(repeated))") }
        try v.finish()
        self.names = names
    }

    /// The record's values by column, or the problem that makes it unreadable.
    public func values(_ record: CSVRecord) -> Result<ColumnValues, FieldError> {
        if record.notUTF8 { return .failure(FieldError("record", "not UTF-8 text; save the file as CSV UTF-8")) }
        guard record.fields.count == names.count else {
            return .failure(FieldError("record", "has \(record.fields.count) fields; the header has \(names.count)"))
        }
        return .success(ColumnValues(names: names, fields: record.fields))
    }
}

/// A record's values by column name, from a file or a form. A file has a handful of columns, so a
/// name is found by comparing it with each in turn: a dictionary made for every record of a
/// million-row file cost more than checking the record.
public struct ColumnValues: Sendable {
    private let names: [String]
    private let fields: [String]

    public init(names: [String], fields: [String]) {
        self.names = names
        self.fields = fields
    }

    public init(_ values: [String: String]) { self.init(names: Array(values.keys), fields: Array(values.values)) }

    public subscript(column: String) -> String? {
        for index in names.indices where names[index] == column { return fields[index] }
        return nil
    }

    /// The values as a dictionary, to keep a row that could not be imported.
    public var dictionary: [String: String] { Dictionary(zip(names, fields)) { first, _ in first } }
}
