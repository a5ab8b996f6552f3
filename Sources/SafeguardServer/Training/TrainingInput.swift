import Foundation
import SafeguardCore
import Vapor

/// What the training API and pages accept. Every field is optional here so that a missing one is
/// named by the validation, not by the decoder.
enum TrainingInput {
    /// What is wrong with a day typed for something done or reported (which must have begun where
    /// the reader is, unless `mayBeFuture`); nil when it is a day.
    static func dayProblem(_ text: String, mayBeFuture: Bool) -> String? {
        guard let day = PartialDate(text), day.isComplete, let start = LocalTime.date(day, hour: 0, minute: 0, in: Layout.timeZone) else {
            return "give the date (YYYY-MM-DD)"
        }
        return !mayBeFuture && start > Date() ? "is in the future" : nil
    }

    struct Programme: Content {
        var title: String?
        var description: String?
        var targetGroups: [String]?
        var delivery: String?
        var hours: Int?
        var language: String?
        /// The share of a cohort's scheduled time a participant must attend, in percent (default 80).
        var requiredPercent: Int?
        /// Those who complete a cohort become Change Agents of that batch.
        var changeAgents: Bool?
    }

    struct Cohort: Content {
        var name: String?
        var startsOn: String?
        var endsOn: String?
        var capacity: Int?
        /// Anyone may register on its public page (an open seminar or workshop).
        var openRegistration: Bool?
    }

    struct Session: Content {
        var title: String?
        var startsAt: String?
        var endsAt: String?
        var place: String?
        /// The staff member who gives it.
        var trainerID: UUID?
        /// Or someone trained earlier who passes the training on: whoever attends was trained by them.
        var trainerParticipantID: UUID?
    }

    struct Participant: Content {
        var name: String?
        var institution: String?
        var position: String?
        var sex: String?
        var targetGroup: String?
        /// A phone number or e-mail address.
        var contact: String?
        /// The region the person works in.
        var regionID: UUID?
        /// The person agreed that their details are kept for their training record.
        var consent: Bool?
        /// The Safeguard user this person is, so that their training counts for their job's requirements.
        var userID: UUID?
        /// Register the person even though someone of the same name and contact or institution is registered.
        var confirmNew: Bool?
    }

    /// What a person gives when registering themselves on the public page.
    struct SelfRegistration: Content {
        var name: String?
        var institution: String?
        var position: String?
        var sex: String?
        var targetGroup: String?
        var contact: String?
        /// Anything the organisers should arrange (step-free access, sign language, large print).
        var needs: String?
        var consent: Bool?
    }

    struct Enrolment: Content {
        var participantID: UUID?
    }

    struct Mark: Content {
        var participantID: UUID?
        var mark: String?
    }

    struct Attendance: Content {
        var marks: [Mark]?
    }

    struct Certificates: Content {
        /// Only these participants; every completer without a certificate when absent.
        var participantIDs: [UUID]?
    }

    struct Revocation: Content {
        var reason: String?
    }
}
