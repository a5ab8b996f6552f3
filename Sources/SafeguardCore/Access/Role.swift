/// A role a user holds in their organisation. Later capabilities add more roles here.
public enum Role: String, CaseIterable, Codable, Sendable {
    case administrator
    case supervisor
    case counsellor
    case caseWorker = "case_worker"
    case lawyer
    case psychologist
    case analyst
    case auditor
}
