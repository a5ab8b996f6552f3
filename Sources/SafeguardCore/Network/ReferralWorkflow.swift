/// Where a referral stands.
public enum ReferralStatus: String, CaseIterable, Codable, Sendable {
    case sent, accepted, declined
    case inProgress = "in_progress"
    case completed, revoked

    /// The receiver has yet to act.
    public var awaitsReceiver: Bool { self == .sent }
    public var isOpen: Bool { [.sent, .accepted, .inProgress].contains(self) }
    /// How an inbox sorts it: waiting for the receiver, being worked, closed.
    public var openRank: Int { self == .sent ? 0 : isOpen ? 1 : 2 }
}

/// What can happen to a referral. The receiver accepts, declines, starts and completes; the
/// sender revokes, and records the answers of receivers outside Safeguard.
public enum ReferralEvent: String, CaseIterable, Codable, Sendable {
    case accept, decline, start, complete, revoke

    /// Declining needs a reason, completing an outcome.
    public var needsText: Bool { self == .decline || self == .complete }
}

public enum ReferralWorkflow {
    public struct Refusal: Error, Equatable, Sendable {
        public let status: ReferralStatus
        public let event: ReferralEvent
        public var message: String { "A referral that is \(status.rawValue) cannot take '\(event.rawValue)'." }
    }

    public static func next(_ status: ReferralStatus, _ event: ReferralEvent) throws(Refusal) -> ReferralStatus {
        switch (status, event) {
        case (.sent, .accept): return .accepted
        case (.sent, .decline): return .declined
        case (.accepted, .start): return .inProgress
        case (.accepted, .complete), (.inProgress, .complete): return .completed
        case (.sent, .revoke), (.accepted, .revoke), (.inProgress, .revoke): return .revoked
        default: throw Refusal(status: status, event: event)
        }
    }
}
