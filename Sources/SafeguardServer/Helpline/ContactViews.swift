import Foundation
import Vapor

/// A contact in a list: codes and times only, no personal data, so lists need no decryption.
struct ContactSummary: Content {
    var id: UUID
    var channel: String
    var contactType: String
    var startedAt: Date
    var urgency: String
    var categories: [String]
    var childAgeBand: String?
    var counsellorID: UUID
    var caseID: UUID?
}

/// A contact opened in full.
struct ContactDetail: Content {
    struct Caller: Content {
        var type: String?
        var anonymous: Bool
        var name: String?
        var callbackNumber: String?
    }

    struct Child: Content {
        var age: Int?
        var ageBand: String?
        var gender: String?
        var location: String?
        var language: String?
        var school: String?
        var livingSituation: String?
    }

    var id: UUID
    var organisationID: UUID
    var counsellorID: UUID
    var caseID: UUID?
    var caseReference: String?
    var channel: String
    var contactType: String
    var startedAt: Date
    var endedAt: Date?
    var caller: Caller
    var child: Child
    var categories: [String]
    var urgency: String
    var summary: String?
    var actions: [String]
    var referralTargets: String?
    var callbackRequested: Bool
    var callbackConsent: Bool
    var repeatCaller: RepeatCaller?
}

/// Earlier contacts from the same phone number or chat id, shown to the counsellor during the call.
struct RepeatCaller: Content {
    static let countLimit = 100
    /// Earlier contacts, counted up to `countLimit`.
    var previousCount: Int
    var previous: [ContactSummary]
}

struct ContactPage: Content {
    var items: [ContactSummary]
    var page: Int
    var perPage: Int
    var hasMore: Bool
}
