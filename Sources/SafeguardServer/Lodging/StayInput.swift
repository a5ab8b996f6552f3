import Foundation
import SafeguardCore
import Vapor

/// A check-in as the clerk enters it: one field per "Must".
struct StayInput: Content {
    struct Person: Content {
        var name: String?
        var documentType: String?
        var documentNumber: String?
        var birthDate: String?
        var sex: String?
        /// Minors: how the identity was verified. Co-occupants: their relationship to the minor.
        var identityCheck: String?
        var relationship: String?
    }

    struct Guardian: Content {
        var name: String?
        var phone: String?
        var relationship: String?
        var reached: Bool?
        /// The minor did not or could not name a parent or guardian: the stay is saved without
        /// one, and flagged, rather than with details the clerk would have to invent.
        var notNamed: Bool?
    }

    var room: String?
    var checkedInAt: String?
    var guestCount: Int?
    var minors: [Person]?
    var guardian: Guardian?
    var coOccupants: [Person]?
    var observations: [String]?
}

extension StayInput {
    /// Reads a parsed body exactly as JSONDecoder reads it (same values, same errors): every
    /// check-in of a minor comes through here.
    init(json: JSONValue) throws {
        let body = try JSONObject(json)
        func person(_ person: JSONObject) throws -> Person {
            Person(name: try person.string("name"), documentType: try person.string("documentType"), documentNumber: try person.string("documentNumber"),
                   birthDate: try person.string("birthDate"), sex: try person.string("sex"), identityCheck: try person.string("identityCheck"),
                   relationship: try person.string("relationship"))
        }
        room = try body.string("room")
        checkedInAt = try body.string("checkedInAt")
        guestCount = try body.int("guestCount")
        minors = try body.objects("minors")?.map(person)
        guardian = try body.object("guardian").map { guardian in
            Guardian(name: try guardian.string("name"), phone: try guardian.string("phone"), relationship: try guardian.string("relationship"),
                     reached: try guardian.bool("reached"), notNamed: try guardian.bool("notNamed"))
        }
        coOccupants = try body.objects("coOccupants")?.map(person)
        observations = try body.strings("observations")
    }
}

/// A checked person: identity, age and sex worked out from the document where it can be.
struct ValidGuest: Sendable {
    var name: String
    var documentType: DocumentType?
    var documentNumber: String?
    var age: Int?
    var sex: Sex
    var identityCheck: IdentityCheck?
    var relationship: Relationship?
}

struct ValidStay: Sendable {
    var room: String
    var checkedInAt: Date
    var guestCount: Int
    var minors: [ValidGuest]
    var coOccupants: [ValidGuest]
    /// Nil, all three, when the minor named no guardian.
    var guardianName: String?
    var guardianPhone: String?
    var guardianRelationship: Relationship?
    var guardianReached: Bool
    var observations: Set<ClerkObservation>

    var facts: StayFacts {
        StayFacts(minors: minors.map { .init(age: $0.age ?? 17, sex: $0.sex) },
                  adults: coOccupants.map { .init(age: $0.age, sex: $0.sex, relationship: $0.relationship ?? .notStated) },
                  guardianReached: guardianReached, guardianNamed: guardianRelationship != nil, observations: observations)
    }

    /// What `guardian_relationship` holds when no guardian was named.
    static let guardianNotNamed = "not_named"
}

extension StayInput {
    func validated(now: Date = Date()) throws -> ValidStay {
        var v = FieldValidator()
        let room = room?.trimmedWhitespace ?? ""
        v.check((1...20).contains(room.count), "room", "give the room number (1 to 20 characters)")
        let checkedIn = checkedInAt.map { DateTime.parse($0) } ?? now
        if checkedIn == nil { v.add("checkedInAt", "is not a date-time such as 2026-11-26T21:30:00+08:00") }
        let day = Self.utc.dateComponents([.year, .month, .day], from: checkedIn ?? now)
        let people = minors ?? []
        v.check(!people.isEmpty, "minors", "register at least one minor")
        v.check(people.count <= 10, "minors", "at most 10 minors per stay")
        let minors = people.enumerated().compactMap { index, person in
            Self.person(person, field: "minors[\(index)]", minor: true, on: day, validator: &v)
        }
        let occupants = (coOccupants ?? []).enumerated().compactMap { index, person in
            Self.person(person, field: "coOccupants[\(index)]", minor: false, on: day, validator: &v)
        }
        v.check((coOccupants ?? []).count <= 10, "coOccupants", "at most 10 co-occupants per stay")
        let guardianName = guardian?.name?.trimmedWhitespace ?? ""
        let guardianPhone = guardian?.phone?.trimmedWhitespace ?? ""
        let notNamed = guardian?.notNamed == true
        var guardianRelationship: Relationship?
        if notNamed {
            v.check(guardianName.isEmpty && guardianPhone.isEmpty && guardian?.relationship == nil && guardian?.reached != true, "guardian",
                    "either name the guardian or say that the minor named none, not both")
        } else {
            v.check((1...200).contains(guardianName.count), "guardian.name",
                    "record the name of a parent or guardian (Five Musts, item 2), or say that the minor named none")
            v.check(guardianPhone.filter(\.isNumber).count >= 5 && guardianPhone.count <= 40, "guardian.phone",
                    "record a phone number at which the guardian can be reached")
            guardianRelationship = v.code(guardian?.relationship, "guardian.relationship", as: Relationship.self)
            if guardian?.relationship == nil { v.add("guardian.relationship", "say how the guardian is related to the minor") }
        }
        let guests = guestCount ?? (people.count + (coOccupants ?? []).count)
        v.check(guests >= people.count + (coOccupants ?? []).count && guests <= 40, "guestCount",
                "must count every minor and co-occupant, at most 40")
        var observed = Set<ClerkObservation>()
        for (index, code) in (observations ?? []).enumerated() {
            if let value = v.code(code, "observations[\(index)]", as: ClerkObservation.self) { observed.insert(value) }
        }
        try v.finish()
        return ValidStay(room: room, checkedInAt: checkedIn!, guestCount: guests, minors: minors, coOccupants: occupants,
                         guardianName: notNamed ? nil : guardianName, guardianPhone: notNamed ? nil : guardianPhone, guardianRelationship: guardianRelationship,
                         guardianReached: guardian?.reached ?? false, observations: observed)
    }

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Checks one person; a resident ID must pass GB 11643 and agree with the given birth date and sex.
    static func person(_ p: Person, field: @autoclosure () -> String, minor: Bool, on day: DateComponents, validator v: inout FieldValidator) -> ValidGuest? {
        let before = v.errors.count
        let name = p.name?.trimmedWhitespace ?? ""
        v.check((1...200).contains(name.count), "\(field()).name", "give the name as on the document")
        // the Five Musts are China's: a stay takes China's documents
        let type = CountryPack.china.check(documentType: p.documentType, "\(field()).documentType", into: &v)
            ? v.code(p.documentType, "\(field()).documentType", as: DocumentType.self) : nil
        let number = p.documentNumber?.trimmedWhitespace.uppercased()
        if minor, type == nil || number?.isEmpty != false { v.add("\(field()).documentNumber", "verify and record the minor's identity document (Five Musts, item 1)") }
        var birth = p.birthDate.flatMap { PartialDate($0) }
        if p.birthDate != nil, birth == nil { v.add("\(field()).birthDate", "is not a date of the form YYYY-MM-DD") }
        var sex = v.code(p.sex, "\(field()).sex", as: Sex.self)
        var documentRefused = false
        if type == .residentID || type == .residencePermit, let number, !number.isEmpty {
            do {
                let id = try ResidentID(number)
                if let given = birth, given.isComplete, given != id.birthDate {
                    v.add("\(field()).birthDate", "differs from the birth date encoded in the ID number")
                }
                if let given = sex, given != .unknown, given != id.sex { v.add("\(field()).sex", "differs from the sex encoded in the ID number") }
                birth = birth ?? id.birthDate
                sex = sex ?? id.sex
            } catch {
                v.add("\(field()).documentNumber", error.description)
                documentRefused = true
            }
        } else if let number, number.count > 40 {
            v.add("\(field()).documentNumber", "at most 40 characters")
        }
        var age: Int?
        if let birth {
            age = birth.age(onYear: day.year!, month: day.month!, day: day.day!).lowerBound
        }
        if minor {
            if age == nil, !documentRefused { v.add("\(field()).birthDate", "give the minor's birth date, or a resident ID number that holds it") }
            if let age, age >= 18 || age < 0 { v.add("\(field()).birthDate", "is not a minor's: age \(age) at check-in") }
        }
        let check = minor ? v.code(p.identityCheck, "\(field()).identityCheck", as: IdentityCheck.self) : nil
        if minor, p.identityCheck == nil { v.add("\(field()).identityCheck", "say how the identity was verified") }
        let relationship = minor ? nil : v.code(p.relationship, "\(field()).relationship", as: Relationship.self)
        if !minor, p.relationship == nil { v.add("\(field()).relationship", "record how this person is related to the minor (Five Musts, item 3)") }
        guard v.errors.count == before else { return nil }
        return ValidGuest(name: name, documentType: type, documentNumber: number?.isEmpty == true ? nil : number, age: age,
                          sex: sex ?? .unknown, identityCheck: check, relationship: relationship)
    }
}
