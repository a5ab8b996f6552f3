import Foundation
import SafeguardCore
import SQLKit

/// A person's columns as a vetting query stores them: name, birth date and document number each
/// encrypted (bound to table, row and column), and the document's 64-bit keyed hash. The
/// registry and rosters seal the three as one value instead (`sealIdentity`). The keys fuzzy
/// matching needs (`nameKey`, `blockKeys`) are made where they are stored.
struct SealedPerson: Sendable {
    var name: String
    var sex: String?
    var birthDate: String
    var documentType: String?
    var documentNumber: String?
    var documentKey: Int64?
}

enum VettingPeople {
    static func seal(_ person: VettingIdentity, table: String, id: UUID, services: AppServices) throws -> SealedPerson {
        let context = "\(table)/\(id.uppercaseText)/"
        return SealedPerson(
            name: try services.cipher.seal(person.name, context: context + "name"),
            sex: person.sex?.rawValue,
            birthDate: try services.cipher.seal(person.birthDate?.description ?? "", context: context + "birth_date"),
            documentType: person.documentType?.rawValue,
            documentNumber: try person.documentNumber.map { try services.cipher.seal($0, context: context + "document_number") },
            documentKey: services.blindIndex.documentKey(person.documentNumber))
    }

    /// Name, birth date and document number as one sealed value, bound to the row's `person`
    /// column: the registry and rosters hold millions of people, and one seal costs less than
    /// three. The validated date and number come first; the name, last, may hold any character.
    static func sealIdentity(_ person: VettingIdentity, table: String, id: UUID, services: AppServices) throws -> String {
        let details = (person.birthDate?.description ?? "") + "\u{1F}" + (person.documentNumber ?? "") + "\u{1F}" + person.name
        return try services.cipher.seal(details, context: table + "/" + id.uppercaseText + "/person")
    }

    static func nameKey(_ person: MatchPerson, _ index: BlindIndex) -> Int64 {
        index.key64(person.name.unordered, domain: .personName)
    }

    static func blockKeys(_ person: MatchPerson, _ index: BlindIndex) -> [Int64] {
        VettingMatcher.blockingKeys(person).map { index.key64($0, domain: .vettingBlock) }
    }

    /// Reads back a person from a row with the columns `seal` wrote (optionally prefixed), or the
    /// one value `sealIdentity` wrote (rows since M012; their three old columns hold no data).
    static func open(_ row: any SQLRow, table: String, id: UUID, prefix: String = "", services: AppServices) throws -> VettingIdentity {
        let context = "\(table)/\(id.uppercaseText)/"
        let sex = try row.decode(column: prefix + "sex", as: String?.self).flatMap(Sex.init(rawValue:))
        let type = try row.decode(column: prefix + "document_type", as: String?.self).flatMap(VettingDocumentType.init(rawValue:))
        if row.contains(column: prefix + "person"), let sealed = try row.decode(column: prefix + "person", as: String?.self) {
            let details = try services.cipher.open(sealed, context: context + "person").split(separator: "\u{1F}", maxSplits: 2, omittingEmptySubsequences: false)
            guard details.count == 3 else { throw FieldCipherError.malformed }
            return VettingIdentity(name: String(details[2]), sex: sex, birthDate: PartialDate(String(details[0])), documentType: type,
                                   documentNumber: details[1].isEmpty ? nil : String(details[1]))
        }
        let name = try services.cipher.open(try row.decode(column: prefix + "name", as: String.self), context: context + "name")
        let birth = try services.cipher.open(try row.decode(column: prefix + "birth_date", as: String.self), context: context + "birth_date")
        let number = try row.decode(column: prefix + "document_number", as: String?.self).map { try services.cipher.open($0, context: context + "document_number") }
        return VettingIdentity(name: name, sex: sex, birthDate: PartialDate(birth), documentType: type, documentNumber: number)
    }

    /// A receipt number: a prefix, the day, and eight random characters from an alphabet without look-alikes.
    static func receipt(_ prefix: String, at date: Date) -> String {
        let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
        let day = ISODay.string(date).replacingOccurrences(of: "-", with: "")
        var random = SystemRandomNumberGenerator()
        return "\(prefix)-\(day)-" + String((0..<8).map { _ in alphabet[Int(random.next(upperBound: UInt32(alphabet.count)))] })
    }
}

/// Calendar days as the registry writes them (YYYY-MM-DD, UTC): dates compare as text.
enum ISODay {
    static func string(_ date: Date) -> String { CivilDay(date).description }

    static func today(_ now: Date) -> PartialDate { PartialDate(string(now))! }
}
