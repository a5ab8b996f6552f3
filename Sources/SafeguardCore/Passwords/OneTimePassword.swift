/// One-time passwords an administrator reads out or copies by hand: lower-case letters and
/// digits without the look-alikes 0/o, 1/l/i, so that what is typed is what was shown.
public enum OneTimePassword {
    public static let alphabet = Array("23456789abcdefghjkmnpqrstuvwxyz")

    /// 20 characters of 31: 99 bits, from the system's secure generator.
    public static func make(length: Int = 20) -> String {
        var random = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(random.next(upperBound: UInt32(alphabet.count)))] })
    }
}
