/// Where a statutory report stands.
public enum ReportStatus: String, CaseIterable, Codable, Sendable {
    case draft
    case submitted
    case received
    /// The authority asked the reporter for more information; answering submits it again.
    case informationRequested = "information_requested"
    case acknowledged
    case closed

    /// Still waiting for someone: the deadline sweeper looks at these.
    public var isOpen: Bool { self != .acknowledged && self != .closed }
}

/// What can happen to a report, and who may make it happen.
public enum ReportEvent: String, CaseIterable, Codable, Sendable {
    case submit
    /// The deadline passed before the reporter submitted: the system submits.
    case autoSubmit = "auto_submit"
    case receive
    case requestInformation = "request_information"
    case answer
    case acknowledge
    case close

    public enum Side: Sendable { case reporter, authority, system }

    public var side: Side {
        switch self {
        case .submit, .answer: return .reporter
        case .autoSubmit: return .system
        case .receive, .requestInformation, .acknowledge, .close: return .authority
        }
    }
}

public enum ReportWorkflow {
    public struct Refusal: Error, Equatable, Sendable {
        public let status: ReportStatus
        public let event: ReportEvent
        public var message: String { "A report that is \(status.rawValue) cannot take '\(event.rawValue)'." }
    }

    /// The status after `event`, or a refusal naming why it cannot happen now.
    public static func next(_ status: ReportStatus, _ event: ReportEvent) throws(Refusal) -> ReportStatus {
        switch (status, event) {
        case (.draft, .submit), (.draft, .autoSubmit): return .submitted
        case (.submitted, .receive): return .received
        case (.submitted, .requestInformation), (.received, .requestInformation): return .informationRequested
        case (.informationRequested, .answer): return .submitted
        case (.submitted, .acknowledge), (.received, .acknowledge): return .acknowledged
        case (.acknowledged, .close): return .closed
        default: throw Refusal(status: status, event: event)
        }
    }
}
