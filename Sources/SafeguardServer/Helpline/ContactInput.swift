import Foundation
import SafeguardCore
import Vapor

/// A contact as a counsellor records it. Codes arrive as strings so that an unknown value gets
/// an error naming the field and the allowed values.
struct ContactInput: Content {
    struct Caller: Codable, Sendable {
        var type: String?
        var anonymous: Bool?
        var name: String?
        /// Phone number or chat id: stored only as a keyed hash (and encrypted if a callback is agreed).
        var identifier: String?
    }

    struct Child: Codable, Sendable {
        var age: Int?
        var ageBand: String?
        var gender: String?
        var location: String?
        var language: String?
        var school: String?
        var livingSituation: String?
    }

    var channel: String?
    var contactType: String?
    var startedAt: Date?
    var endedAt: Date?
    var caller: Caller?
    var child: Child?
    var categories: [String]?
    var urgency: String?
    var summary: String?
    var actions: [String]?
    var referralTargets: String?
    var callbackRequested: Bool?
    var callbackConsent: Bool?
    var caseID: UUID?
}

extension ContactInput {
    /// Reads a parsed body exactly as JSONDecoder reads it (same values, same errors), for the
    /// hottest path: a contact is recorded while the child is on the line.
    init(json: JSONValue) throws {
        let body = try JSONObject(json)
        channel = try body.string("channel")
        contactType = try body.string("contactType")
        startedAt = try body.date("startedAt")
        endedAt = try body.date("endedAt")
        caller = try body.object("caller").map { caller in
            Caller(type: try caller.string("type"), anonymous: try caller.bool("anonymous"), name: try caller.string("name"),
                   identifier: try caller.string("identifier"))
        }
        child = try body.object("child").map { child in
            Child(age: try child.int("age"), ageBand: try child.string("ageBand"), gender: try child.string("gender"), location: try child.string("location"),
                  language: try child.string("language"), school: try child.string("school"), livingSituation: try child.string("livingSituation"))
        }
        categories = try body.strings("categories")
        urgency = try body.string("urgency")
        summary = try body.string("summary")
        actions = try body.strings("actions")
        referralTargets = try body.string("referralTargets")
        callbackRequested = try body.bool("callbackRequested")
        callbackConsent = try body.bool("callbackConsent")
        caseID = try body.uuid("caseID")
    }
}

/// A contact input that passed validation.
struct ValidContact: Sendable {
    var channel: ContactChannel
    var contactType: ContactType
    var startedAt: Date
    var endedAt: Date?
    var callerType: CallerType?
    var callerAnonymous: Bool
    var callerName: String?
    var callerIdentifier: String?
    var childAge: Int?
    var childAgeBand: AgeBand?
    var childGender: Sex?
    var childLocation: String?
    var childLanguage: String?
    var childSchool: String?
    var childLivingSituation: LivingSituation?
    var categories: [String]
    var urgency: Urgency
    var summary: String?
    var actions: [ContactAction]
    var referralTargets: String?
    var callbackRequested: Bool
    var callbackConsent: Bool
    var caseID: UUID?
}

extension ContactInput {
    static let maxTextLength = 20_000
    static let maxShortLength = 200

    func validated(now: Date = Date()) throws -> ValidContact {
        var v = FieldValidator()
        let channel = v.code(channel, "channel", as: ContactChannel.self)
        if channel == nil && (self.channel ?? "").isEmpty { v.add("channel", "is required") }
        let contactType = v.code(contactType, "contactType", as: ContactType.self)
        if contactType == nil && (self.contactType ?? "").isEmpty { v.add("contactType", "is required") }
        let startedAt = startedAt ?? now
        v.check(startedAt <= now.addingTimeInterval(300), "startedAt", "is in the future")
        if let endedAt { v.check(endedAt >= startedAt, "endedAt", "is before startedAt") }

        let anonymous = caller?.anonymous ?? false
        let callerName = caller?.name?.trimmed
        if anonymous && callerName != nil { v.add("caller.name", "must be empty for an anonymous caller") }
        let callerType = v.code(caller?.type, "caller.type", as: CallerType.self)
        let identifier = caller?.identifier?.trimmed
        short(&v, callerName, "caller.name")
        short(&v, identifier, "caller.identifier")

        if let age = child?.age { v.check((0...30).contains(age), "child.age", "must be between 0 and 30") }
        let ageBand = v.code(child?.ageBand, "child.ageBand", as: AgeBand.self)
        let gender = v.code(child?.gender, "child.gender", as: Sex.self)
        let living = v.code(child?.livingSituation, "child.livingSituation", as: LivingSituation.self)
        for (value, field) in [(child?.location, "child.location"), (child?.language, "child.language"), (child?.school, "child.school")] {
            short(&v, value?.trimmed, field)
        }

        var categories: [String] = []
        for code in normalisedCodes(self.categories) {
            if Taxonomy.isKnown(code) { categories.append(code) } else { v.add("categories", "unknown category '\(code.prefix(60))'") }
        }
        if contactType?.isDataContact == true && categories.isEmpty && (self.categories ?? []).isEmpty {
            v.add("categories", "choose at least one category for a contact about a child")
        }
        let urgency = v.code(urgency, "urgency", as: Urgency.self)
        var actions: [ContactAction] = []
        for raw in Set(self.actions ?? []).sorted() {
            if let action = v.code(raw, "actions", as: ContactAction.self) { actions.append(action) }
        }
        if let summary { v.check(summary.count <= Self.maxTextLength, "summary", "is longer than \(Self.maxTextLength) characters") }
        if let referralTargets { v.check(referralTargets.count <= 2_000, "referralTargets", "is longer than 2000 characters") }
        let callbackRequested = callbackRequested ?? false
        let callbackConsent = callbackConsent ?? false
        if callbackRequested && !callbackConsent {
            v.add("callbackConsent", "a callback needs the caller's consent")
        }
        if callbackRequested && identifier == nil {
            v.add("caller.identifier", "a callback needs a number or chat id to call back")
        }
        try v.finish()
        return ValidContact(
            channel: channel!, contactType: contactType!, startedAt: startedAt, endedAt: endedAt,
            callerType: callerType, callerAnonymous: anonymous, callerName: callerName, callerIdentifier: identifier,
            childAge: child?.age, childAgeBand: ageBand ?? child?.age.map(AgeBand.band(forAge:)), childGender: gender,
            childLocation: child?.location?.trimmed, childLanguage: child?.language?.trimmed, childSchool: child?.school?.trimmed,
            childLivingSituation: living, categories: categories, urgency: urgency ?? .medium,
            summary: summary?.trimmed, actions: actions, referralTargets: referralTargets?.trimmed,
            callbackRequested: callbackRequested, callbackConsent: callbackConsent, caseID: caseID)
    }

    private func normalisedCodes(_ raw: [String]?) -> [String] {
        Array(Set((raw ?? []).map { $0.trimmedWhitespace }.filter { !$0.isEmpty })).sorted()
    }

    private func short(_ v: inout FieldValidator, _ value: String?, _ field: String) {
        if let value { v.check(value.count <= Self.maxShortLength, field, "is longer than \(Self.maxShortLength) characters") }
    }
}

extension String {
    /// Trimmed, or nil when nothing is left.
    var trimmed: String? {
        let value = trimmedWhitespace
        return value.isEmpty ? nil : value
    }
}
