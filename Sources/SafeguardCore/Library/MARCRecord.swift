/// One bibliographic record in MARC 21: a 24-character leader, control fields (001-009) holding
/// one value, and data fields with two indicators and coded subfields.
public struct MARCRecord: Equatable, Sendable {
    public struct Subfield: Equatable, Sendable {
        public var code: Character
        public var value: String
        public init(_ code: Character, _ value: String) { self.code = code; self.value = value }
    }

    public enum Field: Equatable, Sendable {
        case control(tag: String, value: String)
        case data(tag: String, indicators: (Character, Character), subfields: [Subfield])

        public var tag: String {
            switch self {
            case .control(let tag, _), .data(let tag, _, _): tag
            }
        }

        public static func == (a: Field, b: Field) -> Bool {
            switch (a, b) {
            case let (.control(t1, v1), .control(t2, v2)): t1 == t2 && v1 == v2
            case let (.data(t1, i1, s1), .data(t2, i2, s2)): t1 == t2 && i1 == i2 && s1 == s2
            default: false
            }
        }
    }

    public var leader: String
    public var fields: [Field]

    public init(leader: String, fields: [Field]) {
        self.leader = leader
        self.fields = fields
    }

    /// The values of subfield `code` in every field tagged `tag`, in order.
    public func values(_ tag: String, _ code: Character) -> [String] {
        fields.flatMap { field -> [String] in
            guard case .data(let t, _, let subfields) = field, t == tag else { return [] }
            return subfields.filter { $0.code == code }.map(\.value)
        }
    }

    public func first(_ tag: String, _ code: Character) -> String? { values(tag, code).first }

    public func control(_ tag: String) -> String? {
        for case .control(let t, let value) in fields where t == tag { return value }
        return nil
    }
}

/// MARC 21 records in ISO 2709, the exchange format every library system reads and writes: the
/// leader gives the record's length (positions 0-4) and where its data begins (12-16), a directory
/// of 12-byte entries (tag, length, start) ends with 0x1E, each field ends with 0x1E, subfields
/// begin with 0x1F, and the record ends with 0x1D. Only UTF-8 records (leader position 9 `a`) are read.
public enum ISO2709 {
    static let fieldEnd: UInt8 = 0x1E, recordEnd: UInt8 = 0x1D, subfieldStart: UInt8 = 0x1F

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case leaderTooShort
        case lengthNotANumber
        case lengthMismatch(declared: Int, actual: Int)
        case baseAddressInvalid
        case notUTF8Coded
        case directoryBroken
        case fieldOutsideRecord(tag: String)
        case fieldNotTerminated(tag: String)
        case textNotUTF8(tag: String)
        case recordNotTerminated

        public var description: String {
            switch self {
            case .leaderTooShort: "the record is shorter than its 24-byte leader"
            case .lengthNotANumber: "the leader's record length (positions 0-4) is not a number"
            case .lengthMismatch(let declared, let actual): "the leader says the record is \(declared) bytes long, but it is \(actual)"
            case .baseAddressInvalid: "the leader's base address of data (positions 12-16) does not point inside the record"
            case .notUTF8Coded: "the record is not coded in UTF-8 (leader position 9 must be a)"
            case .directoryBroken: "the directory is broken: it must be 12-byte entries ending with a field terminator"
            case .fieldOutsideRecord(let tag): "field \(tag) lies outside the record or over another field"
            case .fieldNotTerminated(let tag): "field \(tag) does not end with a field terminator"
            case .textNotUTF8(let tag): "field \(tag) is not valid UTF-8"
            case .recordNotTerminated: "the record does not end with a record terminator"
            }
        }
    }

    /// Each record of a file, in order: the record, or why it could not be read. A record that
    /// cannot be read does not stop the ones after it (each ends with its own terminator).
    /// At most `limit` results: a caller that takes no more need not read further.
    public static func records(in bytes: [UInt8], limit: Int = .max) -> [Result<MARCRecord, Problem>] {
        var results: [Result<MARCRecord, Problem>] = []
        var start = 0
        while start < bytes.count && results.count < limit {
            // whitespace between records (a file saved with line ends) is not a record
            if bytes[start] == 0x0A || bytes[start] == 0x0D || bytes[start] == 0x20 { start += 1; continue }
            let end = bytes[start...].firstIndex(of: recordEnd).map { $0 + 1 } ?? bytes.count
            results.append(Result { try record(bytes[start..<end]) }.mapError { $0 as! Problem })
            start = end
        }
        return results
    }

    public static func record(_ bytes: ArraySlice<UInt8>) throws -> MARCRecord {
        let base = bytes.startIndex
        guard bytes.count >= 24 else { throw Problem.leaderTooShort }
        guard let declared = number(bytes[base..<base + 5]) else { throw Problem.lengthNotANumber }
        guard declared == bytes.count else { throw Problem.lengthMismatch(declared: declared, actual: bytes.count) }
        guard bytes.last == recordEnd else { throw Problem.recordNotTerminated }
        guard bytes[base + 9] == UInt8(ascii: "a") else { throw Problem.notUTF8Coded }
        guard let dataStart = number(bytes[base + 12..<base + 17]), dataStart > 24, dataStart < bytes.count else { throw Problem.baseAddressInvalid }
        guard let leader = String(validating: bytes[base..<base + 24], as: UTF8.self) else { throw Problem.leaderTooShort }
        // the directory: 12-byte entries from 24 up to the terminator just before the data
        guard (dataStart - 25) % 12 == 0, bytes[base + dataStart - 1] == fieldEnd else { throw Problem.directoryBroken }
        var fields: [MARCRecord.Field] = []
        // fields follow one another: entries that point at the same bytes again would let a small
        // record stand for a huge one
        var previousEnd = base + dataStart
        for entry in stride(from: base + 24, to: base + dataStart - 1, by: 12) {
            guard let tag = String(validating: bytes[entry..<entry + 3], as: UTF8.self), tag.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x7A }),
                  let length = number(bytes[entry + 3..<entry + 7]), let offset = number(bytes[entry + 7..<entry + 12]) else { throw Problem.directoryBroken }
            let from = base + dataStart + offset, to = from + length
            guard length >= 1, from >= previousEnd, to <= bytes.endIndex - 1 else { throw Problem.fieldOutsideRecord(tag: tag) }
            previousEnd = to
            guard bytes[to - 1] == fieldEnd else { throw Problem.fieldNotTerminated(tag: tag) }
            let content = bytes[from..<to - 1]
            if tag < "010" && tag.allSatisfy(\.isNumber) {
                guard let value = String(validating: content, as: UTF8.self) else { throw Problem.textNotUTF8(tag: tag) }
                fields.append(.control(tag: tag, value: value))
                continue
            }
            guard content.count >= 2 else { throw Problem.fieldOutsideRecord(tag: tag) }
            let indicators = (Character(Unicode.Scalar(content[content.startIndex])), Character(Unicode.Scalar(content[content.startIndex + 1])))
            var subfields: [MARCRecord.Subfield] = []
            for part in content.dropFirst(2).split(separator: subfieldStart, omittingEmptySubsequences: true) {
                guard let text = String(validating: part, as: UTF8.self), let code = text.first else { throw Problem.textNotUTF8(tag: tag) }
                subfields.append(.init(code, String(text.dropFirst())))
            }
            fields.append(.data(tag: tag, indicators: indicators, subfields: subfields))
        }
        return MARCRecord(leader: leader, fields: fields)
    }

    /// The largest field and record ISO 2709 can describe: 4 digits of length in a directory entry, 5 in the leader.
    public static let maximumFieldBytes = 9_999, maximumRecordBytes = 99_999

    /// The record in ISO 2709, its leader's length, base address and coding (UTF-8) made to fit.
    /// A field or record too long for the format's lengths is the caller's to prevent (`fits`).
    public static func write(_ record: MARCRecord) -> [UInt8] {
        var directory: [UInt8] = [], data: [UInt8] = []
        for field in record.fields {
            var content: [UInt8] = []
            switch field {
            case .control(_, let value):
                content = Array(value.utf8)
            case .data(_, let indicators, let subfields):
                content = Array(String(indicators.0).utf8.prefix(1)) + Array(String(indicators.1).utf8.prefix(1))
                for subfield in subfields { content += [subfieldStart] + Array(String(subfield.code).utf8) + Array(subfield.value.utf8) }
            }
            content.append(fieldEnd)
            directory += Array(field.tag.utf8.prefix(3)) + digits(content.count, 4) + digits(data.count, 5)
            data += content
        }
        directory.append(fieldEnd)
        let dataStart = 24 + directory.count, length = dataStart + data.count + 1
        var leader = Array((record.leader + String(repeating: " ", count: 24)).utf8.prefix(24))
        leader.replaceSubrange(0..<5, with: digits(length, 5))
        leader[9] = UInt8(ascii: "a")
        leader.replaceSubrange(10..<12, with: Array("22".utf8))
        leader.replaceSubrange(12..<17, with: digits(dataStart, 5))
        leader.replaceSubrange(20..<24, with: Array("4500".utf8))
        return leader + directory + data + [recordEnd]
    }

    /// Whether the record can be written: every field and the whole within the format's lengths.
    public static func fits(_ record: MARCRecord) -> Bool {
        let bytes = write(record)
        guard bytes.count <= maximumRecordBytes, let parsed = try? self.record(bytes[...]) else { return false }
        return parsed.fields == record.fields
    }

    static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    static func digits(_ value: Int, _ width: Int) -> [UInt8] {
        let text = String(value)
        return Array((String(repeating: "0", count: max(0, width - text.count)) + text).utf8)
    }
}
