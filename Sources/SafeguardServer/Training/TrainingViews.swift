import Foundation
import SafeguardCore
import Vapor

/// What the training API answers and its pages show.
enum TrainingViews {
    struct ProgrammeSummary: Content {
        var id: UUID
        var title: String
        var delivery: String
        var hours: Int
        var targetGroups: [String]
        var cohorts: Int
    }

    struct Programme: Content {
        var id: UUID
        var title: String
        var description: String
        var targetGroups: [String]
        var delivery: String
        var hours: Int
        var language: String
        var requiredPercent: Int
        /// Those who complete a cohort become Change Agents of that batch.
        var changeAgents: Bool
        var cohorts: [CohortSummary]
    }

    struct CohortSummary: Content {
        var id: UUID
        var name: String
        var startsOn: String
        var endsOn: String
        var capacity: Int
        var enrolled: Int
        var waitlisted: Int
    }

    struct Session: Content {
        var id: UUID
        var title: String
        var startsAt: Date
        var endsAt: Date
        var place: String
        var trainerID: UUID?
        var trainerName: String?
        /// A participant trained earlier who gives the session (the cascade), and their name.
        var trainerParticipantID: UUID?
        var trainerParticipantName: String?
        var minutes: Int
    }

    /// One person's place in a cohort, with what they attended and their certificate.
    struct Enrolment: Content {
        var id: UUID
        var participantID: UUID
        var name: String
        var institution: String
        var status: String
        /// 1 for the first on the waiting list.
        var waitlistPosition: Int?
        var attendedMinutes: Int
        var attendedPercent: Int
        var completed: Bool
        var certificate: CertificateLine?
        /// They registered on the public page, and what they asked the organisers to arrange.
        var selfRegistered: Bool
        var needs: String?
    }

    struct CertificateLine: Content {
        var id: UUID
        var code: String
        var issuedAt: Date
        var revoked: Bool
    }

    struct Cohort: Content {
        var id: UUID
        var programmeID: UUID
        var programmeTitle: String
        var name: String
        var startsOn: String
        var endsOn: String
        var capacity: Int
        var requiredPercent: Int
        var scheduledMinutes: Int
        /// Anyone may register on its public page, /training/register/<id>.
        var openRegistration: Bool
        var sessions: [Session]
        var enrolments: [Enrolment]
    }

    struct RegisterLine: Content {
        var participantID: UUID
        var name: String
        var institution: String
        var mark: String?
    }

    /// A session's attendance register: everyone enrolled in its cohort, and their mark so far.
    struct Register: Content {
        var session: Session
        var cohortID: UUID
        var cohortName: String
        var lines: [RegisterLine]
    }

    /// How far a programme's or a person's training spread, generation by generation.
    struct Reach: Content {
        struct Generation: Content {
            var generation: Int
            var people: Int
            var byTargetGroup: [String: Int]
            var bySex: [String: Int]
            var byInstitution: [String: Int]
        }
        var generations: [Generation]
        var total: Int
        /// The people who passed the training on, with whom they trained (for the drawing).
        var trainers: [Trainer]

        struct Trainer: Content {
            var id: UUID
            var name: String
            var generation: Int
            var trained: Int
            /// Who trained them, if it is someone in this cascade.
            var trainedBy: UUID?
        }
    }

    /// A session coming up, on a coordinator's or trainer's dashboard.
    /// The Change Agents of an organisation, by batch, with what each works on; counted once each.
    struct Network: Content {
        struct ProjectLine: Content { var id: UUID; var title: String; var status: String }
        struct Agent: Content {
            var participantID: UUID, name: String, institution: String, region: String?, certificateCode: String
            var projects: [ProjectLine]
        }
        struct Batch: Content { var cohortID: UUID; var programmeTitle: String; var cohortName: String; var agents: [Agent] }

        var agents: Int
        var batches: Int
        var byRegion: [ChangeAgentNetwork.Count]
        var byInstitution: [ChangeAgentNetwork.Count]
        var batchList: [Batch]
    }

    struct Project: Content {
        struct Agent: Content { var participantID: UUID; var institution: String; var name: String }
        struct Milestone: Content { var id: UUID; var title: String; var dueOn: String; var doneOn: String? }
        struct Report: Content { var id: UUID; var reportedOn: String; var progress: String; var by: String; var evidence: [Evidence] }
        struct Evidence: Content { var id: UUID; var filename: String; var kind: String; var size: Int }

        var id: UUID, title: String, goal: String, institutions: String, status: String
        /// The batch its first agent graduated from.
        var batch: String?
        var updatedAt: Date
        var agents: [Agent]
        var milestones: [Milestone]
        var reports: [Report]
    }

    struct UpcomingSession: Content {
        var session: Session
        var cohortID: UUID
        var cohortName: String
        var programmeTitle: String
    }

    /// A cohort open to registration, as its public page shows it.
    struct OpenCohort: Content {
        struct Session: Content { var title: String; var startsAt: Date; var place: String }
        var id: UUID
        var organisationID: UUID
        var organisationName: String
        var programmeTitle: String
        var description: String
        var name: String
        var startsOn: String
        var endsOn: String
        var placesLeft: Int
        var sessions: [Session]
    }

    /// What someone who registered themselves is told: where they stand, and no record's id.
    struct SelfRegistered: Content {
        var status: String
    }

    struct EnrolmentResult: Content {
        var id: UUID
        /// `enrolled`, or `waitlisted` when the cohort is full.
        var status: String
    }

    struct Cancelled: Content {
        var cohortID: UUID
        /// The participant who moved up from the waiting list into the place, if anyone did.
        var promotedParticipantID: UUID?
    }

    struct Issued: Content {
        var participantID: UUID
        var certificateID: UUID
        var code: String
    }

    struct Certificate: Content {
        var id: UUID
        var code: String
        var name: String
        var programmeTitle: String
        var hours: Int
        var cohortName: String
        var startsOn: String
        var endsOn: String
        var organisationName: String
        var issuedAt: Date
        var revokedAt: Date?
    }

    /// What the public verification page may show: no more than the name, course and date.
    struct Verification: Content {
        var code: String
        var name: String
        var programmeTitle: String
        var issuedOn: String
        var issuedBy: String
        var revoked: Bool
    }
}
