import Foundation

private let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

extension UUID {
    /// The same text as `uuidString`, written without the C library's formatter.
    public var uppercaseText: String {
        String(unsafeUninitializedCapacity: 36) { writeUppercaseText(into: $0) }
    }

    /// The same text in a buffer of 36 bytes on the stack, for a caller that copies it anyway
    /// (a statement binding it): no string is made.
    public func withUppercaseText<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { text in
            _ = writeUppercaseText(into: text)
            return try body(UnsafeBufferPointer(text))
        }
    }

    private func writeUppercaseText(into text: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let digits = hexDigits
        return withUnsafeBytes(of: uuid) { bytes in
            var at = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { text[at] = UInt8(ascii: "-"); at += 1 }
                text[at] = digits[Int(byte >> 4)]
                text[at + 1] = digits[Int(byte & 0x0F)]
                at += 2
            }
            return at
        }
    }
}
