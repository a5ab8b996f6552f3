/// The stages a case moves through. Closure needs a supervisor's approval; a closed case can be
/// reopened, and then goes through the stages again.
public enum CaseStage: String, CaseIterable, Codable, Sendable {
    case registration
    case assessment
    case casePlan = "case_plan"
    case services
    case closure
    case closed
    case reopened
}

public enum CaseWorkflow {
    /// Stages a worker may move a case to directly. `closed` is reached only by approval.
    public static func allowedMoves(from stage: CaseStage) -> [CaseStage] {
        switch stage {
        case .registration: [.assessment, .closure]
        case .assessment: [.casePlan, .closure]
        case .casePlan: [.services, .assessment, .closure]
        case .services: [.casePlan, .closure]
        case .closure: []
        case .closed: [.reopened]
        case .reopened: [.assessment, .casePlan, .services, .closure]
        }
    }

    public enum Decision: String, CaseIterable, Codable, Sendable { case approve, reject }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notAllowed(from: CaseStage, to: CaseStage)
        case notAwaitingClosure(CaseStage)
        case approverIsRequester

        public var description: String {
            switch self {
            case .notAllowed(let from, let to): "a case cannot move from \(from.rawValue) to \(to.rawValue)"
            case .notAwaitingClosure(let stage): "the case is at \(stage.rawValue), not awaiting closure"
            case .approverIsRequester: "closure must be approved by someone other than the person who asked for it"
            }
        }
    }

    public static func move(from: CaseStage, to: CaseStage) throws(Problem) -> CaseStage {
        guard allowedMoves(from: from).contains(to) else { throw .notAllowed(from: from, to: to) }
        return to
    }

    /// The stage after a supervisor decides on a closure request.
    public static func decideClosure(at stage: CaseStage, _ decision: Decision, requesterIsApprover: Bool)
        throws(Problem) -> CaseStage {
        guard stage == .closure else { throw .notAwaitingClosure(stage) }
        if decision == .approve && requesterIsApprover { throw .approverIsRequester }
        return decision == .approve ? .closed : .services
    }
}
