import Foundation
import SafeguardCore
import Vapor

struct ChildInput: Content {
    struct Guardian: Codable, Sendable {
        var name: String?
        var relationship: String?
        var phone: String?
    }

    var name: String?
    var otherNames: String?
    var birthDate: String?
    var birthDateEstimated: Bool?
    var sex: String?
    var documentType: String?
    var documentNumber: String?
    var location: String?
    var guardians: [Guardian]?
    var confirmNewChild: Bool?
}

enum DocumentType: String, CaseIterable, Codable, Sendable {
    case residentID = "resident_id", residencePermit = "residence_permit", passport, birthCertificate = "birth_certificate", other
    /// Mongolia's civil registration number (`MongolianRegistrationNumber`).
    case mongolianRegistration = "mn_registration"
}

struct ValidChild: Sendable {
    var name: String
    var otherNames: String?
    var birthDate: PartialDate?
    var birthDateEstimated: Bool
    var sex: Sex
    var documentType: DocumentType?
    var documentNumber: String?
    var location: String?
    var guardians: [ChildInput.Guardian]
}

extension ChildInput {
    /// `pack`: the organisation's, which names the documents its records take and checks each.
    func validated(prefix: String = "", pack: CountryPack = .china, today: Date = Date()) throws -> ValidChild {
        var v = FieldValidator()
        let name = name?.trimmed
        if name == nil { v.add(prefix + "name", "is required (a known alias will do)") }
        if let name { v.check(name.count <= 200, prefix + "name", "is longer than 200 characters") }
        var birth: PartialDate? = nil
        if let text = birthDate?.trimmed {
            birth = PartialDate(text)
            if birth == nil { v.add(prefix + "birthDate", "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD") }
            let year = Calendar(identifier: .gregorian).component(.year, from: today)
            if let b = birth, b.year > year { v.add(prefix + "birthDate", "is in the future") }
        }
        let sex = v.code(sex, prefix + "sex", as: Sex.self) ?? .unknown
        let type = pack.check(documentType: documentType, prefix + "documentType", into: &v) ? v.code(documentType, prefix + "documentType", as: DocumentType.self) : nil
        var number = documentNumber?.trimmed
        if number != nil && type == nil && (documentType ?? "").isEmpty { v.add(prefix + "documentType", "is required with a document number") }
        if let given = number, type == .mongolianRegistration {
            do {
                let registration = try MongolianRegistrationNumber(given, today: CivilDay(today))
                // an estimated date is only near the true one
                if let birth, birthDateEstimated != true, !registration.agrees(with: birth) {
                    v.add(prefix + "birthDate", "does not match the birth date in the registration number")
                }
                // kept in one form (capitals, no spaces, composed letters), so the same child is found again
                number = registration.number.precomposedStringWithCanonicalMapping
            } catch {
                v.add(prefix + "documentNumber", error.description)
            }
        }
        if let number, type == .residentID || type == .residencePermit {
            do {
                let id = try ResidentID(number)
                if let birth, birth.isComplete, birth != id.birthDate {
                    v.add(prefix + "birthDate", "does not match the birth date in the ID number")
                }
                if sex != .unknown && sex != .other && sex != id.sex {
                    v.add(prefix + "sex", "does not match the sex encoded in the ID number")
                }
            } catch {
                v.add(prefix + "documentNumber", error.description)
            }
        }
        for (index, guardian) in (guardians ?? []).enumerated() where guardian.name?.trimmed == nil && guardian.phone?.trimmed == nil {
            v.add("\(prefix)guardians[\(index)]", "needs a name or a phone number")
        }
        try v.finish()
        return ValidChild(name: name!, otherNames: otherNames?.trimmed, birthDate: birth,
                          birthDateEstimated: birthDateEstimated ?? false, sex: sex, documentType: type,
                          documentNumber: number, location: location?.trimmed, guardians: guardians ?? [])
    }
}

/// A possibly matching existing child, shown before a new record is created.
struct ChildMatch: Content {
    var id: UUID
    var name: String
    var birthDate: String?
    var sex: String
    var score: Double
    var reason: String
}
