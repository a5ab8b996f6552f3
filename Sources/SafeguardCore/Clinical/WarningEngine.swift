import Foundation

/// A warning the engine raised, with everything needed to explain it.
public struct ClinicalWarning: Sendable, Codable, Equatable {
    public var ruleID: String
    public var ruleSetVersion: String
    public var colour: WarningColour
    public var situation: LegalSituation
    public var summary: String
    public var legalSource: String
    /// The facts that fired the rule.
    public var evidence: [Evidence]
    /// How the patient met the rule's age and sex criteria, including any conservative decision.
    public var patientNotes: [String]

    public struct Evidence: Sendable, Codable, Equatable {
        public var resource: String
        public var element: String
        public var system: String?
        public var code: String
        public var display: String?
        public var date: String?
    }
}

/// Evaluates clinical records against a compiled rule set. Pure and thread-safe: one engine
/// serves every request.
public struct WarningEngine: Sendable {
    public let ruleSet: WarningRuleSet
    private let sets: [String: CompiledSet]
    private let neverWarn: CompiledSet?

    /// Checks the rule set and prepares its value sets for fast lookup.
    public init(_ ruleSet: WarningRuleSet) throws(WarningRuleSet.Mistake) {
        typealias Mistake = WarningRuleSet.Mistake
        var sets: [String: CompiledSet] = [:]
        for (name, valueSet) in ruleSet.valueSets {
            sets[name] = try CompiledSet(valueSet, name: name, systems: ruleSet.systems)
        }
        func known(_ name: String?, _ path: String) throws(Mistake) {
            if let name, sets[name] == nil { throw Mistake(path: path, message: "unknown value set '\(name)'") }
        }
        try known(ruleSet.neverWarn, "neverWarn")
        for colour in WarningColour.allCases {
            for (table, values) in [("alertGraceMinutes", ruleSet.policy.alertGraceMinutes), ("reportDeadlineMinutes", ruleSet.policy.reportDeadlineMinutes)] {
                guard let minutes = values[colour.rawValue], minutes >= 0 else {
                    throw Mistake(path: "policy.\(table).\(colour.rawValue)", message: "give a number of minutes, 0 or more")
                }
            }
            guard let action = ruleSet.policy.onOverride[colour.rawValue], ["escalate", "record"].contains(action) else {
                throw Mistake(path: "policy.onOverride.\(colour.rawValue)", message: "must be 'escalate' or 'record'")
            }
        }
        var ids = Set<String>()
        for (index, rule) in ruleSet.rules.enumerated() {
            let path = "rules[\(index)] (\(rule.id))"
            guard ids.insert(rule.id).inserted else { throw Mistake(path: path, message: "the id is used twice") }
            guard LegalSituation(rawValue: rule.situation) != nil else { throw Mistake(path: path + ".situation", message: "must be 1 to 9") }
            if let colour = rule.colour, WarningColour(rawValue: colour) == nil {
                throw Mistake(path: path + ".colour", message: "must be red, orange or yellow")
            }
            guard rule.summary.count < 140 else { throw Mistake(path: path + ".summary", message: "must be under 140 characters (a CDS card summary)") }
            guard !rule.anyOf.isEmpty else { throw Mistake(path: path + ".anyOf", message: "needs at least one fact") }
            for (m, matcher) in (rule.anyOf + (rule.andAnyOf ?? [])).enumerated() {
                let where_ = "\(path).facts[\(m)]"
                guard (matcher.observation == nil) != (matcher.condition == nil) else {
                    throw Mistake(path: where_, message: "name either an observation or a condition value set")
                }
                try known(matcher.observation, where_ + ".observation")
                try known(matcher.condition, where_ + ".condition")
                try known(matcher.value, where_ + ".value")
            }
        }
        self.ruleSet = ruleSet
        self.sets = sets
        self.neverWarn = ruleSet.neverWarn.flatMap { sets[$0] }
    }

    public func policyMinutes(_ table: [String: Int], _ colour: WarningColour) -> Int { table[colour.rawValue] ?? 0 }

    /// Every rule the record fires, most urgent first. `now` stands in for the encounter date
    /// when the record has none.
    public func evaluate(_ record: ClinicalRecord, now: Date) -> [ClinicalWarning] {
        let birth = record.patient.birthDate.flatMap { PartialDate(String($0.prefix(10))) }
        let encounterDay = record.encounter?.period?.start.flatMap(Day.init) ?? Day(now)
        // Ages are taken at the date of each fact; a patient who is no minor at any of them never warns.
        let facts = collectFacts(record)
        guard !facts.isEmpty, let birth else { return [] }

        var warnings: [ClinicalWarning] = []
        for rule in ruleSet.rules {
            var notes: [String] = []
            func patientFits(at fact: Fact) -> Bool {
                let day = fact.day ?? encounterDay
                let ages = birth.age(onYear: day.year, month: day.month, day: day.day)
                guard ages.lowerBound < ruleSet.minorAgeBelow else { return false }
                if let criteria = rule.patient {
                    if let limit = criteria.ageBelow, ages.lowerBound >= limit { return false }
                    if let limit = criteria.ageAtLeast, ages.upperBound < limit { return false }
                    if let genders = criteria.gender, let gender = record.patient.gender, gender != "unknown", !genders.contains(gender) { return false }
                }
                return true
            }
            let first = facts.filter { fact in rule.anyOf.contains { matches($0, fact) } && patientFits(at: fact) }
            guard !first.isEmpty else { continue }
            var evidence = first
            if let also = rule.andAnyOf {
                let second = facts.filter { fact in also.contains { matches($0, fact) } && patientFits(at: fact) }
                guard !second.isEmpty else { continue }
                evidence += second.filter { fact in !evidence.contains { $0.evidence == fact.evidence } }
            }
            // Explain the age and sex decision, saying where it was made conservatively.
            let day = evidence[0].day ?? encounterDay
            let ages = birth.age(onYear: day.year, month: day.month, day: day.day)
            if ages.count == 1 {
                notes.append("Age \(ages.lowerBound) on \(day) (born \(birth)).")
            } else {
                notes.append("Birth date known only as \(birth): age \(ages.lowerBound) to \(ages.upperBound) on \(day). "
                             + "Treated as meeting the rule's age limit, because the child could.")
            }
            if rule.patient?.gender != nil, record.patient.gender == nil || record.patient.gender == "unknown" {
                notes.append("Sex not recorded: the facts found were taken as sufficient.")
            }
            let situation = LegalSituation(rawValue: rule.situation)!
            warnings.append(ClinicalWarning(ruleID: rule.id, ruleSetVersion: ruleSet.version,
                                            colour: rule.colour.flatMap(WarningColour.init) ?? situation.colour, situation: situation,
                                            summary: rule.summary, legalSource: rule.legalSource,
                                            evidence: evidence.map(\.evidence), patientNotes: notes))
        }
        // A warning whose facts a more urgent one already cites says nothing new.
        var kept: [ClinicalWarning] = []
        for warning in warnings.sorted(by: { ($0.colour.rank, $0.situation.rawValue) < ($1.colour.rank, $1.situation.rawValue) }) {
            let cited = kept.flatMap(\.evidence)
            if !warning.evidence.allSatisfy(cited.contains) { kept.append(warning) }
        }
        return kept
    }

    // MARK: facts

    /// One coded fact from the record: an observation (its code, and its value if coded or
    /// textual or a quantity) or a condition.
    private struct Fact {
        enum Kind { case observation(code: [FHIR.Coding], values: [FHIR.Coding], text: String?, quantity: Double?), condition([FHIR.Coding]) }
        var kind: Kind
        var day: Day?
        var evidence: ClinicalWarning.Evidence
    }

    private func collectFacts(_ record: ClinicalRecord) -> [Fact] {
        var facts: [Fact] = []
        for observation in record.observations where !observation.isVoid {
            let codes = observation.code?.coding ?? []
            guard let first = codes.first(where: { $0.code != nil }) else { continue }
            let values = (observation.valueCodeableConcept?.coding ?? []) + (observation.interpretation ?? []).flatMap { $0.coding ?? [] }
            let text = observation.valueString ?? observation.valueCodeableConcept?.text
            let shown = values.first { $0.code != nil }
            var valueText = shown.map { "\($0.code ?? "")\($0.display.map { " \($0)" } ?? "")" } ?? text
            if let quantity = observation.valueQuantity?.value { valueText = "\(quantity)\(observation.valueQuantity?.unit.map { " \($0)" } ?? "")" }
            facts.append(Fact(kind: .observation(code: codes, values: values, text: text, quantity: observation.valueQuantity?.value),
                              day: observation.date.flatMap(Day.init),
                              evidence: .init(resource: "Observation/\(observation.id ?? "?")", element: "Observation.code = \(first.code!)",
                                              system: first.system, code: first.code!, display: valueText.map { "value: \($0)" } ?? first.display,
                                              date: observation.date)))
        }
        for condition in record.conditions where !condition.isVoid {
            let codes = (condition.code?.coding ?? []).filter { coding in neverWarn.map { !$0.contains(coding) } ?? true }
            guard let first = codes.first(where: { $0.code != nil }) else { continue }
            facts.append(Fact(kind: .condition(codes), day: condition.date.flatMap(Day.init),
                              evidence: .init(resource: "Condition/\(condition.id ?? "?")", element: "Condition.code",
                                              system: first.system, code: first.code!, display: first.display, date: condition.date)))
        }
        return facts
    }

    private func matches(_ matcher: WarningRuleSet.Matcher, _ fact: Fact) -> Bool {
        switch fact.kind {
        case .observation(let code, let values, let text, let quantity):
            guard let name = matcher.observation, let set = sets[name], code.contains(where: set.contains) else { return false }
            if let valueName = matcher.value, let valueSet = sets[valueName] {
                if values.contains(where: valueSet.contains) { return true }
                if let text, valueSet.containsText(text) { return true }
                if matcher.atLeast == nil { return false }
            }
            if let limit = matcher.atLeast { return (quantity ?? -.infinity) >= limit }
            return matcher.value == nil
        case .condition(let codes):
            guard let name = matcher.condition, let set = sets[name] else { return false }
            return codes.contains(where: set.contains)
        }
    }
}

/// A value set ready for lookup: exact `system|CODE` keys, prefixes by system, lower-cased texts.
struct CompiledSet: Sendable {
    var exact: Set<String> = []
    var prefixes: [(system: String, prefix: String)] = []
    var texts: Set<String> = []

    init(_ valueSet: WarningRuleSet.ValueSet, name: String, systems: [String: [String]]) throws(WarningRuleSet.Mistake) {
        func split(_ entry: String) throws(WarningRuleSet.Mistake) -> [(String, String)] {
            let parts = entry.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw WarningRuleSet.Mistake(path: "valueSets.\(name)", message: "'\(entry)' must be written system|code")
            }
            guard let uris = systems[parts[0]] else {
                throw WarningRuleSet.Mistake(path: "valueSets.\(name)", message: "unknown code system '\(parts[0])' in '\(entry)'")
            }
            return uris.map { ($0, CompiledSet.normalise(parts[1])) }
        }
        for entry in valueSet.codes ?? [] { for (system, code) in try split(entry) { exact.insert(system + "|" + code) } }
        for entry in valueSet.prefixes ?? [] { prefixes += try split(entry).map { (system: $0.0, prefix: $0.1) } }
        texts = Set((valueSet.texts ?? []).map { $0.lowercased() })
    }

    /// Codes compare without dots and case: `T74.2`, `t742` and `T742` are one code.
    static func normalise(_ code: String) -> String {
        code.uppercased().filter { $0 != "." && $0 != " " }
    }

    func contains(_ coding: FHIR.Coding) -> Bool {
        guard let system = coding.system, let raw = coding.code else { return false }
        let code = CompiledSet.normalise(raw)
        if exact.contains(system + "|" + code) { return true }
        return prefixes.contains { $0.system == system && code.hasPrefix($0.prefix) }
    }

    func containsText(_ text: String) -> Bool {
        texts.contains(text.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

/// A calendar day read from a FHIR date or dateTime (`YYYY-MM-DD...`); UTC for `Date`s.
struct Day: CustomStringConvertible, Sendable {
    var year: Int, month: Int, day: Int

    init?(_ text: String) {
        guard let date = PartialDate(String(text.prefix(10))), let month = date.month, let day = date.day else { return nil }
        self.year = date.year
        self.month = month
        self.day = day
    }

    init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        year = parts.year!
        month = parts.month!
        day = parts.day!
    }

    var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
}
