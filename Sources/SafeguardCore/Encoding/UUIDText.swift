import Foundation

private let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

/// The text form puts a dash before bytes 4, 6, 8 and 10.
private func dashPrecedes(byte index: Int) -> Bool { index == 4 || index == 6 || index == 8 || index == 10 }

extension UUID {
    /// The same text as `uuidString`, written without the C library's formatter.
    public var uppercaseText: String {
        String(unsafeUninitializedCapacity: 36) { writeUppercaseText(into: $0) }
    }

    /// The same text in a buffer of 36 bytes on the stack, for a caller that copies it anyway
    /// (a statement binding it): no string is made. Inlinable so that the caller's result type is
    /// known where it is called: generic code from another module looks up metadata per call.
    @inlinable
    public func withUppercaseText<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { text in
            _ = writeUppercaseText(into: text)
            return try body(UnsafeBufferPointer(text))
        }
    }

    /// Writes the 36 characters of `uppercaseText` into `text`; returns their count.
    public func writeUppercaseText(into text: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let digits = hexDigits
        return withUnsafeBytes(of: uuid) { bytes in
            var at = 0
            for (index, byte) in bytes.enumerated() {
                if dashPrecedes(byte: index) { text[at] = UInt8(ascii: "-"); at += 1 }
                text[at] = digits[Int(byte >> 4)]
                text[at + 1] = digits[Int(byte & 0x0F)]
                at += 2
            }
            return at
        }
    }
}

extension UUID {
    /// Reads the 36-character text form (either case), as `UUID(uuidString:)` does but without
    /// the C library's scanner, which cost more than the query when reading ids by the million.
    public init?(text: String) {
        var text = text
        let parsed: uuid_t? = text.withUTF8 { bytes in
            guard bytes.count == 36 else { return nil }
            var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            let ok = withUnsafeMutableBytes(of: &value) { out -> Bool in
                var at = 0
                for index in 0..<16 {
                    if dashPrecedes(byte: index) {
                        guard bytes[at] == UInt8(ascii: "-") else { return false }
                        at += 1
                    }
                    guard let high = hexValue(bytes[at]), let low = hexValue(bytes[at + 1]) else { return false }
                    out[index] = high << 4 | low
                    at += 2
                }
                return true
            }
            return ok ? value : nil
        }
        guard let parsed else { return nil }
        self.init(uuid: parsed)
    }
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    default: nil
    }
}
