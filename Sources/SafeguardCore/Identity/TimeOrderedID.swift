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
        var bytes = RandomBuffer.shared.take(16) { Array($0) } ?? {
            var generator = SystemRandomNumberGenerator()
            return (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        }()
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)   // version 7
        bytes[8] = 0x80 | (bytes[8] & 0x3F)   // RFC 9562 variant
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
