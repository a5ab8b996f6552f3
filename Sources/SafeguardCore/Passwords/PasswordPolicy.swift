import Foundation
import GzipInflate

/// What a new password must be: long enough, not one that attackers try first, not a short
/// pattern said again. Each refusal says why, so the person can choose better at once.
public enum PasswordPolicy {
    public static let minimumLength = 12
    public static let maximumLength = 128

    /// Why a password is refused; `message` is the API's wording, pages show their locale's by `rawValue`.
    public enum Problem: String, CaseIterable, Sendable {
        case tooShort, tooLong, common, repetitive, username

        public var message: String {
            switch self {
            case .tooShort: "must be at least \(PasswordPolicy.minimumLength) characters"
            case .tooLong: "must be at most \(PasswordPolicy.maximumLength) characters"
            case .common: "is in a list of common and breached passwords that attackers try first; choose another, for example four unrelated words"
            case .repetitive: "repeats a short pattern (such as aaaaaaaaaaaa or passwordpassword); choose something less regular, for example four unrelated words"
            case .username: "must not be the username"
            }
        }
    }

    /// The problems with a proposed password, empty when it is acceptable. The username itself is
    /// refused as a password.
    public static func check(_ password: String, username: String? = nil, common: CommonPasswords = .shipped) -> [Problem] {
        let length = password.count
        if length < minimumLength { return [.tooShort] }
        if length > maximumLength { return [.tooLong] }
        let folded = password.lowercased()
        if common.contains(folded) { return [.common] }
        if isRepetitive(folded) { return [.repetitive] }
        if let username, folded == username.lowercased() { return [.username] }
        return []
    }

    public static func problems(_ password: String, username: String? = nil, common: CommonPasswords = .shipped) -> [String] {
        check(password, username: username, common: common).map(\.message)
    }

    /// A password made of a short unit said again (`abcabcabcabc`), or of very few different characters.
    static func isRepetitive(_ folded: String) -> Bool {
        let characters = Array(folded)
        if Set(characters).count < 4 { return true }
        let count = characters.count
        for period in 1...(count / 2) {
            var repeats = true
            for index in period..<count where characters[index] != characters[index - period] {
                repeats = false
                break
            }
            if repeats { return true }
        }
        return false
    }
}

/// The shipped list of common and breached passwords (see Tools/common-passwords/SOURCE.md),
/// held as sorted 64-bit FNV-1a hashes of the lowercased entries: about 4 MB for half a million
/// entries, looked up by binary search.
public struct CommonPasswords: Sendable {
    let hashes: [UInt64]

    public var count: Int { hashes.count }

    /// Loaded once, on the first password check.
    public static let shipped: CommonPasswords = {
        guard let url = Bundle.module.url(forResource: "common-passwords.txt", withExtension: "gz"),
              let compressed = try? Data(contentsOf: url), let list = try? CommonPasswords(gzip: compressed) else {
            fatalError("the shipped common-password list is missing or damaged: rebuild the package")
        }
        return list
    }()

    public init(entries: some Sequence<String>) {
        hashes = entries.map { Self.hash($0.lowercased().utf8) }.sorted()
    }

    struct Damaged: Error {}

    /// Reads a gzip file of one password a line.
    public init(gzip: Data) throws {
        // A gzip file records its inflated size (modulo 2^32) in its last four bytes.
        guard gzip.count > 18 else { throw Damaged() }
        let size = gzip.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
        // A damaged file must not make us allocate gigabytes: the list inflates to about 5 MB.
        guard size < 64 << 20 else { throw Damaged() }
        var text = [UInt8](repeating: 0, count: size + 1)
        let written = gzip.withUnsafeBytes { input in
            sg_gunzip(input.bindMemory(to: UInt8.self).baseAddress, input.count, &text, text.count)
        }
        guard written == size else { throw Damaged() }
        var hashes: [UInt64] = []
        hashes.reserveCapacity(size / 9)
        var start = 0
        for index in 0..<size where text[index] == UInt8(ascii: "\n") {
            if index > start { hashes.append(Self.hash(text[start..<index])) }
            start = index + 1
        }
        if size > start { hashes.append(Self.hash(text[start..<size])) }
        self.hashes = hashes.sorted()
    }

    public func contains(_ folded: String) -> Bool {
        let wanted = Self.hash(folded.utf8)
        var low = 0, high = hashes.count
        while low < high {
            let middle = (low + high) / 2
            if hashes[middle] < wanted { low = middle + 1 } else { high = middle }
        }
        return low < hashes.count && hashes[low] == wanted
    }

    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}
