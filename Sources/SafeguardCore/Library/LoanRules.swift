/// Who borrows from the library: staff of the centre and users of Safeguard, and readers registered
/// at the desk (students, parents, others).
public enum ReaderKind: String, CaseIterable, Codable, Sendable {
    case staff, student, parent, other
}

/// Where a copy is.
public enum CopyStatus: String, CaseIterable, Codable, Sendable {
    case available
    case onLoan = "on_loan"
    /// Kept at the desk for the reader next in the queue, until their pick-up day.
    case onHoldShelf = "on_hold_shelf"
    case inRepair = "in_repair"
    case lost, withdrawn
}

/// How much a reader may borrow, for how long, and how often a loan may be renewed (Koha's
/// circulation rules, one per kind of reader).
public struct LoanRule: Equatable, Sendable {
    public let maxItems: Int
    public let loanDays: Int
    public let maxRenewals: Int

    public static func rule(for kind: ReaderKind) -> LoanRule {
        switch kind {
        case .staff: LoanRule(maxItems: 10, loanDays: 28, maxRenewals: 3)
        case .student: LoanRule(maxItems: 5, loanDays: 14, maxRenewals: 2)
        case .parent, .other: LoanRule(maxItems: 3, loanDays: 14, maxRenewals: 1)
        }
    }

    /// Days a trapped copy waits on the hold shelf for the reader it is kept for.
    public static let pickUpDays = 7
    /// Days after its return that a loan still names its reader; then it keeps the item and the dates only.
    public static let anonymiseAfterDays = 30
}
