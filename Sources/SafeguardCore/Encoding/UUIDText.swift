import Foundation

private let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

extension UUID {
    /// The same text as `uuidString`, written without the C library's formatter.
    public var uppercaseText: String {
        let digits = hexDigits
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { text in
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
}
