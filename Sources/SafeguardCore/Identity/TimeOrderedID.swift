import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562, section 5.7): the Unix time in milliseconds in the first 48
    /// bits, then 74 random bits.
    ///
    /// Record ids are the keys of primary-key and reference indexes. Random (version 4) ids put
    /// each new row on a random page of every such index, so a commit of a few rows rewrites pages
    /// all over the tables; ids that grow with time append to the same few pages. The id reveals
    /// when the record was created, to the millisecond, which the record states anyway.
    public static func timeOrdered(at now: Date = Date()) -> UUID {
        let milliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        var id: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &id) { bytes in
            RandomBuffer.shared.fill(bytes)
            for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
            bytes[6] = 0x70 | (bytes[6] & 0x0F)   // version 7
            bytes[8] = 0x80 | (bytes[8] & 0x3F)   // RFC 9562 variant
        }
        return UUID(uuid: id)
    }

    /// The id splitting the time-ordered ids from `first` to `last` at their middle moment: the
    /// smallest version 7 UUID of that millisecond (every id made before it sorts before it).
    public static func timeOrderedMiddle(of first: UUID, _ last: UUID) -> UUID {
        let middle = (first.timeOrderedMilliseconds + last.timeOrderedMilliseconds) / 2
        var id: uuid_t = (0, 0, 0, 0, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &id) { bytes in
            for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: middle >> (8 * (5 - index))) }
        }
        return UUID(uuid: id)
    }

    /// The Unix time in milliseconds that a version 7 UUID carries in its first 48 bits.
    public var timeOrderedMilliseconds: UInt64 {
        withUnsafeBytes(of: uuid) { bytes in bytes.prefix(6).reduce(0) { $0 << 8 | UInt64($1) } }
    }
}
