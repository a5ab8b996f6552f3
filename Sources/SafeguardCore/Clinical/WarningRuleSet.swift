import Foundation

/// A versioned, declarative set of warning rules: which clinical facts about a minor raise a
/// red, orange or yellow warning, and under which situation of the law. It is a JSON file the
/// operator reads and changes (see `warning-rules.json`); `compile` checks it and names the
/// first mistake.
public struct WarningRuleSet: Codable, Sendable {
    public var id: String
    public var version: String
    public var title: String
    /// Patients at or over this age never warn.
    public var minorAgeBelow: Int
    public var policy: Policy
    /// Short names for code systems, each with the URIs record systems use for it.
    public var systems: [String: [String]]
    public var valueSets: [String: ValueSet]
    /// Codes that never count as evidence, whatever a value set says (e.g. abuse ruled out).
    public var neverWarn: String?
    public var rules: [Rule]
    /// Situations of the law that clinical data cannot show, with the reason; for readers.
    public var notCovered: [String: String]?

    public struct Policy: Codable, Sendable {
        /// How long a clinical warning waits for the doctor before the service reports by itself.
        public var alertGraceMinutes: [String: Int]
        /// How long a report may stay a draft before it is submitted automatically.
        public var reportDeadlineMinutes: [String: Int]
        /// How long an authority has to acknowledge a report before it is escalated.
        public var acknowledgementHours: Int
        /// Facts older than this many months (before the encounter) are shown to the clinician
        /// but never reported automatically; nil: no limit.
        public var automaticReportLookBackMonths: Int?
        /// What overriding a warning of each colour does: `escalate` (report after the grace
        /// period to the hospital's designated reporter and the authority) or `record` (keep the reason only).
        public var onOverride: [String: String]
    }

    /// Codes as `alias|code` (`icd10|T74.2`), code prefixes as `alias|prefix`, and free texts
    /// (matched case-insensitively against values given as text).
    public struct ValueSet: Codable, Sendable {
        public var codes: [String]?
        public var prefixes: [String]?
        public var texts: [String]?
    }

    public struct Rule: Codable, Sendable {
        public var id: String
        public var situation: Int
        public var colour: String?
        public var summary: String
        /// The legal source of the rule, cited on the card.
        public var legalSource: String
        public var patient: PatientCriteria?
        /// Any one of these facts fires the rule...
        public var anyOf: [Matcher]
        /// ...when, if given, one of these facts is also present.
        public var andAnyOf: [Matcher]?
    }

    public struct PatientCriteria: Codable, Sendable {
        public var gender: [String]?
        /// The rule's facts themselves show the sex (a pregnancy): a record giving another sex
        /// does not stop the rule, and the card says so.
        public var sexShownByFacts: Bool?
        public var ageBelow: Int?
        public var ageAtLeast: Int?
    }

    /// One kind of fact: an observation with a code from `observation` (and, if given, a value
    /// from `value` or a quantity of at least `atLeast`), or a condition with a code from `condition`.
    public struct Matcher: Codable, Sendable {
        public var observation: String?
        public var value: String?
        public var atLeast: Double?
        public var condition: String?
    }

    public struct Mistake: Error, Equatable, Sendable, CustomStringConvertible {
        public let path: String
        public let message: String
        public var description: String { "\(path): \(message)" }
        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }
    }

    public static func decode(_ data: Data) throws -> WarningRuleSet {
        do { return try JSONDecoder().decode(WarningRuleSet.self, from: data) } catch {
            throw Mistake(path: "rule set", message: ClinicalRecord.describe(error))
        }
    }
}

extension WarningRuleSet {
    /// The rule set shipped with Safeguard (`Clinical/warning-rules.json`).
    public static func bundled() throws -> WarningRuleSet {
        guard let url = Bundle.module.url(forResource: "warning-rules", withExtension: "json") else {
            throw Mistake(path: "warning-rules.json", message: "missing from the build")
        }
        return try decode(try Data(contentsOf: url))
    }
}
