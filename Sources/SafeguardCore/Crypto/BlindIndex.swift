import Crypto
import Foundation

/// Keyed hashes (HMAC-SHA256) of normalised values, so that equal values can be found without
/// storing them: a repeat caller's phone number, a child's document number or name.
/// Each purpose has its own domain so that a phone hash never equals a name hash, and a child's
/// document number in a case never equals the same number at a hotel or in the vetting registry:
/// whoever holds the database cannot join those records by their keys.
public struct BlindIndex: Sendable {
    public enum Domain: String, Sendable {
        case callerIdentifier = "caller"
        /// A training participant's phone or e-mail (duplicate checks when people are added).
        case trainingContact = "training-contact"
        /// Vetting: the registry, rosters, queries and subject access, which must find each other.
        case documentNumber = "document"
        /// A child's document number in case records.
        case childDocument = "child-document"
        /// A child's exact birth date in case records (duplicate checks).
        case childBirthDate = "child-birth-date"
        /// A guest's document number at a hotel (police searches for a missing child).
        case stayDocument = "stay-document"
        /// A registry record's source reference: a record is entered once.
        case registryReference = "registry-reference"
        case personName = "name"
        /// A hospital patient id, keyed by the hospital: finds the open warning for the same patient.
        case clinicalPatient = "patient"
        /// A vetting blocking key (name parts with birth date fields): finds fuzzy candidates.
        case vettingBlock = "vetting-block"
    }

    private let key: PreparedHMACKey

    public init(keyring: Keyring) { self.key = PreparedHMACKey(keyring.indexKey) }

    /// The HMAC of the domain, a unit separator and the value, handed to `body` (32 bytes).
    private func mac<T>(_ normalised: String, domain: Domain, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        var prefix = domain.rawValue + "\u{1F}", value = normalised
        return withUnsafeTemporaryAllocation(byteCount: PreparedHMACKey.length, alignment: 8) { out in
            prefix.withUTF8 { prefix in value.withUTF8 { value in key.authenticate(prefix, value, into: out) } }
            return body(UnsafeRawBufferPointer(out))
        }
    }

    public func hash(_ normalised: String, domain: Domain) -> String {
        mac(normalised, domain: domain) { Data($0).base64EncodedString() }
    }

    /// The first 64 bits of the keyed hash, for indexes that hold millions of keys (vetting):
    /// half the size of the text form and compared as integers. A collision only ever adds a
    /// candidate that the full comparison then drops.
    public func key64(_ normalised: String, domain: Domain) -> Int64 {
        mac(normalised, domain: domain) { $0.loadUnaligned(as: Int64.self) }
    }

    /// A normalised document number's 64-bit key, or nil when there is no number.
    public func documentKey(_ raw: String?) -> Int64? {
        guard let raw else { return nil }
        let normalised = DocumentNumber.normalise(raw)
        return normalised.isEmpty ? nil : key64(normalised, domain: .documentNumber)
    }

    /// A caller's phone number or chat id: phone numbers keep digits only (so "+86 138-0000 0000"
    /// and "8613800000000" agree); other identifiers are trimmed and lower-cased.
    public func callerIdentifier(_ raw: String) -> String? { contact(raw, domain: .callerIdentifier) }

    /// A phone number by its digits alone, anything else (an e-mail) by its lower-case text.
    public func contact(_ raw: String, domain: Domain) -> String? {
        let trimmed = raw.trimmedWhitespace
        guard !trimmed.isEmpty else { return nil }
        let digits = trimmed.filter(\.isASCII).filter(\.isNumber)
        let looksLikePhone = trimmed.allSatisfy { $0.isNumber || " +-()./".contains($0) }
        let normalised = looksLikePhone && digits.count >= 3 ? String(digits) : trimmed.lowercased()
        return hash(normalised, domain: domain)
    }

    /// A document number's key for one purpose (`childDocument` or `stayDocument`).
    public func documentNumber(_ raw: String, domain: Domain) -> String? {
        let normalised = DocumentNumber.normalise(raw)
        return normalised.isEmpty ? nil : hash(normalised, domain: domain)
    }

    public func personName(_ raw: String) -> String? {
        let key = NameNormaliser.matchKey(raw)
        return key.isEmpty ? nil : hash(key, domain: .personName)
    }
}

public enum DocumentNumber {
    /// Upper-case, without spaces, hyphens or dots.
    public static func normalise(_ raw: String) -> String {
        let isDigitOrCapital = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
        // A number read back from a record is normalised already.
        if raw.utf8.allSatisfy(isDigitOrCapital) { return raw }
        // Nearly every number is ASCII: keep letters and digits byte by byte.
        if raw.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(raw.utf8.count)
            for byte in raw.utf8 {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte)
                case UInt8(ascii: "a")...UInt8(ascii: "z"): bytes.append(byte - 32)
                default: break
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(raw.uppercased().filter { $0.isLetter || $0.isNumber })
    }
}
