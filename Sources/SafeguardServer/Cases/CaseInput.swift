import Foundation
import SafeguardCore
import Vapor

struct CaseInput: Content {
    var childID: UUID?
    var child: ChildInput?
    /// Create the child even though possible duplicates were shown.
    var confirmNewChild: Bool?
    var concerns: [String]?
    var risk: String?
    var summary: String?
    var assigneeID: UUID?
}

struct ValidCase: Sendable {
    var childID: UUID?
    var child: ValidChild?
    var confirmNewChild: Bool
    var concerns: [String]
    var risk: RiskLevel
    var summary: String?
    var assigneeID: UUID?
}

extension CaseInput {
    func validated(defaults: (concerns: [String], risk: RiskLevel, summary: String?)? = nil, pack: CountryPack = .china) throws -> ValidCase {
        var v = FieldValidator()
        let raw = concerns ?? defaults?.concerns ?? []
        var concerns: [String] = []
        for code in Set(raw).sorted() {
            if Taxonomy.isKnown(code) { concerns.append(code) } else { v.add("concerns", "unknown category '\(code.prefix(60))'") }
        }
        if raw.isEmpty { v.add("concerns", "choose at least one concern") }
        var risk = v.code(self.risk, "risk", as: RiskLevel.self)
        if risk == nil && (self.risk ?? "").isEmpty {
            if let fallback = defaults?.risk { risk = fallback } else { v.add("risk", "is required") }
        }
        if let summary { v.check(summary.count <= ContactInput.maxTextLength, "summary", "is longer than \(ContactInput.maxTextLength) characters") }
        if childID != nil && child != nil { v.add("child", "give either childID or child, not both") }
        var validChild: ValidChild? = nil
        do { validChild = try child?.validated(prefix: "child.", pack: pack) } catch let errors as ValidationErrors {
            for error in errors.errors { v.add(error.field, error.message) }
        }
        try v.finish()
        return ValidCase(childID: childID, child: validChild, confirmNewChild: confirmNewChild ?? false,
                         concerns: concerns, risk: risk!, summary: summary?.trimmed ?? defaults?.summary,
                         assigneeID: assigneeID)
    }
}

struct StageInput: Content { var stage: String }
struct ClosureDecisionInput: Content { var decision: String }
struct AssignInput: Content {
    var userID: UUID
    /// `lead` (the responsible worker; replaces the previous lead) or `member`.
    var role: String?
    /// When the lead changes: the previous lead's open tasks go to the new lead (`reassign`, the
    /// default) or stay with them (`keep`, only if they stay on the team).
    var openTasks: String?
    /// When the lead changes: the previous lead stays on the team as a member (default: leaves it).
    var previousLeadStays: Bool?
}

/// What happens to the previous lead's open tasks when a case changes hands.
enum HandoverTasks: String, CaseIterable, Sendable {
    case reassign, keep
}
struct NoteInput: Content {
    var compartment: String?
    var body: String
}
struct TaskInput: Content {
    var title: String
    var dueAt: Date
    var assigneeID: UUID?
}
struct PerpetratorInput: Content {
    var name: String?
    var relationship: String?
    var notes: String?
}

enum NoteCompartment: String, CaseIterable, Codable, Sendable {
    case general, legal, clinical

    var writeAction: Action {
        switch self {
        case .general: .noteWriteGeneral
        case .legal: .noteWriteLegal
        case .clinical: .noteWriteClinical
        }
    }

    var readAction: Action {
        switch self {
        case .general: .noteReadGeneral
        case .legal: .noteReadLegal
        case .clinical: .noteReadClinical
        }
    }
}
