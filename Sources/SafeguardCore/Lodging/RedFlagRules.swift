import Foundation

/// The facts of a stay the red-flag rules read: who is in the room, how they are related to the
/// minor, whether a guardian was reached, who visited, and what the clerk saw.
public struct StayFacts: Sendable {
    public struct Minor: Sendable {
        public var age: Int
        public var sex: Sex
        public init(age: Int, sex: Sex) { self.age = age; self.sex = sex }
    }

    public struct Adult: Sendable {
        public var age: Int?
        public var sex: Sex
        public var relationship: Relationship
        public init(age: Int?, sex: Sex, relationship: Relationship) { self.age = age; self.sex = sex; self.relationship = relationship }
    }

    public struct Visitor: Sendable {
        public var arrivedAt: Date
        public var relationship: Relationship
        public init(arrivedAt: Date, relationship: Relationship) { self.arrivedAt = arrivedAt; self.relationship = relationship }
    }

    public var minors: [Minor]
    public var adults: [Adult]
    public var guardianReached: Bool
    /// False when the minor did not or could not name a parent or guardian.
    public var guardianNamed: Bool
    public var visitors: [Visitor]
    public var observations: Set<ClerkObservation>
    /// Hours are local to the business; the caller gives its time zone offset.
    public var utcOffsetSeconds: Int

    public init(minors: [Minor], adults: [Adult], guardianReached: Bool, guardianNamed: Bool = true, visitors: [Visitor] = [],
                observations: Set<ClerkObservation> = [], utcOffsetSeconds: Int = 8 * 3600) {
        self.minors = minors
        self.adults = adults
        self.guardianReached = guardianReached
        self.guardianNamed = guardianNamed
        self.visitors = visitors
        self.observations = observations
        self.utcOffsetSeconds = utcOffsetSeconds
    }
}

/// A red, orange or yellow flag on a stay, with its reason.
public struct StayFlag: Sendable, Codable, Equatable {
    public var code: String
    public var colour: WarningColour
    public var reason: String

    public init(code: String, colour: WarningColour, reason: String) {
        self.code = code
        self.colour = colour
        self.reason = reason
    }
}

/// The thresholds of the red-flag rules; an operator may change them.
public struct RedFlagPolicy: Codable, Sendable {
    /// A minor under this age alone, with no guardian reached, is flagged.
    public var aloneUnderAge = 16
    /// A parent at least this many years older than the child; a grandparent at least `grandparentMinimumGap`.
    public var parentMinimumGap = 14
    public var parentMaximumGap = 60
    public var grandparentMinimumGap = 30
    /// Visitors arriving at or after this local hour (or before 6) come after curfew.
    public var curfewHour = 22
    /// This many unrelated visitors to a minor's room are flagged.
    public var unrelatedVisitorLimit = 3

    public init() {}
}

/// The red-flag rules for a minor's stay: each flag says why.
public enum RedFlagRules {
    public static func evaluate(_ stay: StayFacts, policy: RedFlagPolicy = RedFlagPolicy()) -> [StayFlag] {
        guard !stay.minors.isEmpty else { return [] }
        var flags: [StayFlag] = []
        func flag(_ code: String, _ colour: WarningColour, _ reason: String) { flags.append(StayFlag(code: code, colour: colour, reason: reason)) }
        let youngest = stay.minors.map(\.age).min()!

        for adult in stay.adults {
            switch adult.relationship {
            case .unrelated:
                flag("unrelated_adult", .red, "An adult unrelated to the minor shares the room.")
            case .notStated:
                flag("relationship_not_stated", .red, "An adult in the room cannot or will not say how they are related to the minor.")
            case .familyFriend:
                flag("family_friend_adult", .orange, "A family friend, not family or a guardian, shares the room; confirm with the guardian.")
            default:
                break
            }
            guard let age = adult.age else { continue }
            let gap = age - youngest
            switch adult.relationship {
            case .parent, .stepParent:
                if gap < policy.parentMinimumGap || gap > policy.parentMaximumGap {
                    flag("implausible_relationship", .orange, "An adult stated as parent is \(gap) years older than the minor.")
                }
            case .grandparent where gap < policy.grandparentMinimumGap:
                flag("implausible_relationship", .orange, "An adult stated as grandparent is only \(gap) years older than the minor.")
            default:
                break
            }
        }
        if !stay.guardianNamed {
            flag("no_guardian_named", .orange, "The minor did not or could not name a parent or guardian.")
        }
        if stay.adults.isEmpty, youngest < policy.aloneUnderAge, !stay.guardianReached {
            flag("alone_without_guardian", .orange, "A minor under \(policy.aloneUnderAge) stays without an adult, and no guardian was reached.")
        }
        let sexes = Set(stay.minors.map(\.sex)).intersection([.female, .male])
        if sexes.count == 2, !stay.adults.contains(where: { $0.relationship.isFamily || $0.relationship.isCarer }) {
            flag("opposite_sex_minors", .orange, "Minors of opposite sexes share the room without family or a carer.")
        }
        let late = stay.visitors.filter { visitor in
            let hour = (Int(visitor.arrivedAt.timeIntervalSince1970) + stay.utcOffsetSeconds) / 3600 % 24
            return !visitor.relationship.isFamily && (hour >= policy.curfewHour || hour < 6)
        }
        if !late.isEmpty { flag("late_visitor", .orange, "\(late.count) visitor(s) who are not family came to the minor's room after \(policy.curfewHour):00.") }
        let unrelated = stay.visitors.filter { !$0.relationship.isFamily && !$0.relationship.isCarer }
        if unrelated.count >= policy.unrelatedVisitorLimit {
            flag("many_visitors", .orange, "\(unrelated.count) unrelated visitors came to the minor's room.")
        }
        for observation in ClerkObservation.allCases where stay.observations.contains(observation) {
            switch observation {
            case .injured: flag("injured", .red, "The clerk saw that the minor is injured.")
            case .intoxicated: flag("intoxicated", .red, "The clerk saw that the minor is drunk or drugged.")
            case .coerced: flag("coerced", .red, "The clerk saw signs that the minor is being coerced.")
            case .frightened: flag("frightened", .orange, "The clerk saw that the minor is frightened.")
            case .noLuggage: flag("no_luggage", .yellow, "The guests have no luggage.")
            case .cashOnly: flag("cash_only", .yellow, "The stay is paid in cash only.")
            case .bookingNameDiffers: flag("booking_name_differs", .yellow, "The booking name differs from the guest's.")
            case .noIdentityDocument: flag("no_identity_document", .orange, "The minor has no identity document.")
            }
        }
        // One flag per code, most urgent first.
        var seen = Set<String>()
        return flags.sorted { $0.colour < $1.colour }.filter { seen.insert($0.code).inserted }
    }
}
