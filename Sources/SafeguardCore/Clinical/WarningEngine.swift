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
    /// For the clinician to judge, never reported automatically: the facts are old or dated in
    /// the future, or the birth date cannot be read. Such a warning is always informational.
    public var forClinicianOnly: Bool?

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
///
/// Value sets are compiled into one index from code to a bit mask of the sets holding it, so a
/// fact's codes are looked up once, and a rule is a few mask tests; facts no value set knows are
/// dropped before any rule runs.
public struct WarningEngine: Sendable {
    public let ruleSet: WarningRuleSet
    private let index: CodeIndex
    private let rules: [CompiledRule]
    /// Tells search bundles that hold no fact for these rules.
    public let screen: FactScreen

    /// Checks the rule set and prepares its value sets for fast lookup.
    public init(_ ruleSet: WarningRuleSet) throws(WarningRuleSet.Mistake) {
        typealias Mistake = WarningRuleSet.Mistake
        let names = ruleSet.valueSets.keys.sorted()
        guard names.count <= 63 else { throw Mistake(path: "valueSets", message: "at most 63 value sets") }
        var bits: [String: UInt64] = [:]
        for (position, name) in names.enumerated() { bits[name] = 1 << UInt64(position) }
        func bit(_ name: String?, _ path: String) throws(Mistake) -> UInt64 {
            guard let name else { return 0 }
            guard let bit = bits[name] else { throw Mistake(path: path, message: "unknown value set '\(name)'") }
            return bit
        }
        let never = try bit(ruleSet.neverWarn, "neverWarn")
        var index = CodeIndex()
        for name in names { try index.add(ruleSet.valueSets[name]!, name: name, bit: bits[name]!, systems: ruleSet.systems) }
        index.neverWarn = never
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
        var rules: [CompiledRule] = []
        for (index, rule) in ruleSet.rules.enumerated() {
            let path = "rules[\(index)] (\(rule.id))"
            guard ids.insert(rule.id).inserted else { throw Mistake(path: path, message: "the id is used twice") }
            guard let situation = LegalSituation(rawValue: rule.situation) else { throw Mistake(path: path + ".situation", message: "must be 1 to 9") }
            var colour = situation.colour
            if let name = rule.colour {
                guard let given = WarningColour(rawValue: name) else { throw Mistake(path: path + ".colour", message: "must be red, orange or yellow") }
                colour = given
            }
            guard rule.summary.count < 140 else { throw Mistake(path: path + ".summary", message: "must be under 140 characters (a CDS card summary)") }
            guard !rule.anyOf.isEmpty else { throw Mistake(path: path + ".anyOf", message: "needs at least one fact") }
            var groups: [[CompiledMatcher]] = []
            var position = 0
            for group in [rule.anyOf, rule.andAnyOf].compactMap({ $0 }) {
                var compiled: [CompiledMatcher] = []
                for matcher in group {
                    let where_ = "\(path).facts[\(position)]"
                    position += 1
                    guard (matcher.observation == nil) != (matcher.condition == nil) else {
                        throw Mistake(path: where_, message: "name either an observation or a condition value set")
                    }
                    compiled.append(CompiledMatcher(isObservation: matcher.observation != nil,
                                                    code: try bit(matcher.observation, where_ + ".observation") | bit(matcher.condition, where_ + ".condition"),
                                                    value: try bit(matcher.value, where_ + ".value"), atLeast: matcher.atLeast))
                }
                groups.append(compiled)
            }
            rules.append(CompiledRule(rule: rule, situation: situation, colour: colour, groups: groups))
        }
        self.ruleSet = ruleSet
        self.index = index
        self.rules = rules
        screen = FactScreen(index: index)
    }

    public func policyMinutes(_ table: [String: Int], _ colour: WarningColour) -> Int { table[colour.rawValue] ?? 0 }



    /// Every rule the record fires, most urgent first. `now` stands in for the encounter date
    /// when the record has none.
    public func evaluate(_ record: ClinicalRecord, now: Date) -> [ClinicalWarning] {
        // Without a birth date the service cannot tell a minor, and warns about nobody. A birth
        // date that is given but cannot be read leaves the age unknown: rules are applied as if
        // the patient could be a minor, for the clinician to judge.
        guard let text = record.patient.birthDate else { return [] }
        let birth = PartialDate(String(text.prefix(10)))
        let facts = collectFacts(record)
        guard !facts.isEmpty else { return [] }
        let encounterDay = record.encounter?.period?.start.flatMap(Day.init) ?? Day(now)
        let gender = record.patient.gender
        func ages(on day: Day) -> ClosedRange<Int> { birth?.age(onYear: day.year, month: day.month, day: day.day) ?? 0...200 }
        // Facts older than the look-back window, or dated after the encounter, are not enough for
        // an automatic report.
        let lookBack = ruleSet.policy.automaticReportLookBackMonths
        // Ages are taken at the date of each fact; a date after the encounter is an error, and the
        // encounter's date stands in for it.
        func ageDay(_ fact: Fact) -> Day {
            guard let day = fact.day, day.ordinal <= encounterDay.ordinal + 1 else { return encounterDay }
            return day
        }
        func isCurrent(_ fact: Fact) -> Bool {
            guard let day = fact.day else { return true }
            if day.ordinal > encounterDay.ordinal + 1 { return false }
            guard let lookBack else { return true }
            return day.ordinal >= encounterDay.ordinal - lookBack * 31
        }

        var warnings: [ClinicalWarning] = []
        for compiled in rules {
            let rule = compiled.rule
            func patientFits(_ fact: Fact) -> Bool {
                let ages = ages(on: ageDay(fact))
                guard ages.lowerBound < ruleSet.minorAgeBelow else { return false }
                if let criteria = rule.patient {
                    if let limit = criteria.ageBelow, ages.lowerBound >= limit { return false }
                    if let limit = criteria.ageAtLeast, ages.upperBound < limit { return false }
                    if let genders = criteria.gender, criteria.sexShownByFacts != true, let gender, gender != "unknown", !genders.contains(gender) {
                        return false
                    }
                }
                return true
            }
            var evidence: [Int] = []
            var fired = true, current = true
            for group in compiled.groups {
                let found = facts.indices.filter { i in group.contains { $0.matches(facts[i]) } && patientFits(facts[i]) }
                if found.isEmpty { fired = false; break }
                if !found.contains(where: { isCurrent(facts[$0]) }) { current = false }
                evidence += found.filter { !evidence.contains($0) }
            }
            guard fired else { continue }
            // Explain the age and sex decision, saying where it was made conservatively.
            var notes: [String] = []
            let day = ageDay(facts[evidence[0]])
            let range = ages(on: day)
            if let birth, range.count == 1 {
                notes.append("Age \(range.lowerBound) on \(day) (born \(birth)).")
            } else if let birth {
                notes.append("Birth date known only as \(birth): age \(range.lowerBound) to \(range.upperBound) on \(day). "
                             + "Treated as meeting the rule's age limit, because the child could.")
            } else {
                notes.append("The birth date given (\(text.prefix(20))) is not a valid date, so the age is unknown: the rule was applied as if "
                             + "the patient could be a minor. Check the record; this is not reported automatically.")
            }
            var sexContradicted = false
            if rule.patient?.gender != nil, gender == nil || gender == "unknown" {
                notes.append("Sex not recorded: the facts found were taken as sufficient.")
            } else if let genders = rule.patient?.gender, rule.patient?.sexShownByFacts == true, let gender, !genders.contains(gender) {
                // Either the recorded sex is wrong or the fact has another cause (a raised hCG in a
                // boy can be a tumour marker): shown, never reported by itself.
                notes.append("The record gives the sex as \(gender), but the facts found suggest a pregnancy: shown whatever sex is recorded, "
                             + "for the clinician to judge (a raised hCG can have other causes); not reported automatically.")
                sexContradicted = true
            }
            for index in evidence where !isCurrent(facts[index]) {
                let fact = facts[index], date = fact.date ?? "?"
                if let day = fact.day, day.ordinal > encounterDay.ordinal + 1 {
                    notes.append("\(fact.resource) is dated \(date), after this encounter (\(encounterDay)): a data error; check the record.")
                } else {
                    notes.append("\(fact.resource) is dated \(date), more than \(lookBack ?? 0) months before this encounter.")
                }
            }
            if !current { notes.append("Shown for the clinician to judge; not reported automatically.") }
            let forClinician = !current || birth == nil || sexContradicted
            warnings.append(ClinicalWarning(ruleID: rule.id, ruleSetVersion: ruleSet.version, colour: forClinician ? .yellow : compiled.colour,
                                            situation: compiled.situation, summary: rule.summary, legalSource: rule.legalSource,
                                            evidence: evidence.map { facts[$0].evidence() }, patientNotes: notes,
                                            forClinicianOnly: forClinician ? true : nil))
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

    /// One coded fact from the record with the value sets its code and value belong to.
    private struct Fact {
        var isObservation: Bool
        var codeSets: UInt64
        var valueSets: UInt64
        var quantity: Double?
        var day: Day?
        var resource: String
        var coding: FHIR.Coding
        var valueText: String?
        var date: String?

        /// Built only for facts a warning cites.
        func evidence() -> ClinicalWarning.Evidence {
            .init(resource: resource, element: isObservation ? "Observation.code = \(coding.code ?? "")" : "Condition.code",
                  system: coding.system, code: coding.code ?? "", display: valueText.map { "value: \($0)" } ?? coding.display, date: date)
        }
    }

    private func collectFacts(_ record: ClinicalRecord) -> [Fact] {
        var facts: [Fact] = []
        // Through the arrays' storage, so that each resource is lent to `fact(of:)` rather than copied out.
        record.observations.withUnsafeBufferPointer { observations in
            for i in observations.indices { if let fact = fact(of: observations[i]) { facts.append(fact) } }
        }
        record.conditions.withUnsafeBufferPointer { conditions in
            for i in conditions.indices { if let fact = fact(of: conditions[i]) { facts.append(fact) } }
        }
        return facts
    }

    private func fact(of observation: FHIR.Observation) -> Fact? {
        guard !observation.isVoid, let codes = observation.code?.coding else { return nil }
        let codeSets = index.sets(of: codes)
        guard codeSets != 0, let first = codes.first(where: { $0.code != nil }) else { return nil }
        let values = (observation.valueCodeableConcept?.coding ?? []) + (observation.interpretation ?? []).flatMap { $0.coding ?? [] }
        let text = observation.valueString ?? observation.valueCodeableConcept?.text
        var valueSets = index.sets(of: values)
        if let text { valueSets |= index.sets(ofText: text) }
        var valueText = values.first { $0.code != nil }.map { "\($0.code ?? "")\($0.display.map { " \($0)" } ?? "")" } ?? text
        if let quantity = observation.valueQuantity?.value { valueText = "\(quantity)\(observation.valueQuantity?.unit.map { " \($0)" } ?? "")" }
        return Fact(isObservation: true, codeSets: codeSets, valueSets: valueSets, quantity: observation.valueQuantity?.value,
                    day: observation.date.flatMap(Day.init), resource: "Observation/\(observation.id ?? "?")", coding: first,
                    valueText: valueText, date: observation.date)
    }

    private func fact(of condition: FHIR.Condition) -> Fact? {
        guard !condition.isVoid, let codes = condition.code?.coding else { return nil }
        // A code in the never-warn set (abuse ruled out) is no evidence, whatever else holds it.
        var codeSets: UInt64 = 0
        var first: FHIR.Coding?
        for coding in codes {
            let sets = index.sets(of: coding)
            guard sets & index.neverWarn == 0 else { continue }
            codeSets |= sets
            if first == nil, coding.code != nil { first = coding }
        }
        guard codeSets != 0, let first else { return nil }
        return Fact(isObservation: false, codeSets: codeSets, valueSets: 0, quantity: nil, day: condition.date.flatMap(Day.init),
                    resource: "Condition/\(condition.id ?? "?")", coding: first, valueText: nil, date: condition.date)
    }

    private struct CompiledMatcher: Sendable {
        var isObservation: Bool
        var code: UInt64
        var value: UInt64
        var atLeast: Double?

        func matches(_ fact: Fact) -> Bool {
            guard fact.isObservation == isObservation, fact.codeSets & code != 0 else { return false }
            guard isObservation else { return true }
            if value != 0, fact.valueSets & value != 0 { return true }
            if let atLeast { return (fact.quantity ?? -.infinity) >= atLeast }
            return value == 0
        }
    }

    private struct CompiledRule: Sendable {
        var rule: WarningRuleSet.Rule
        var situation: LegalSituation
        var colour: WarningColour
        /// Every group must have a matching fact.
        var groups: [[CompiledMatcher]]
    }
}

/// Every code, prefix and text of the rule set, each with the bit mask of the value sets that hold it.
///
/// The codes and prefixes of each code system are one trie over their characters: a code is read
/// once, character by character, collecting the masks of the prefixes it passes and of the code it
/// ends on, without a copy, a hash or a comparison of strings. Codes compare without dots, spaces
/// and case (`T74.2`, `t742` and `T74 2` are one code). Looking up the codes of ordinary records,
/// which no value set holds, had been most of evaluating them.
struct CodeIndex: Sendable {
    /// The characters rule-set codes may hold; a code with any other character is in no value
    /// set from that character on.
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_".utf8)
    /// For each byte, its place in `alphabet` (lower-case letters as upper-case), `ignored` for
    /// the dots and spaces codes are written with or without, `absent` for the rest.
    static let symbols: [UInt8] = {
        var table = [UInt8](repeating: absent, count: 256)
        for (symbol, byte) in alphabet.enumerated() {
            table[Int(byte)] = UInt8(symbol)
            if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) { table[Int(byte | 0x20)] = UInt8(symbol) }
        }
        table[Int(UInt8(ascii: "."))] = ignored
        table[Int(UInt8(ascii: " "))] = ignored
        return table
    }()
    static let absent: UInt8 = 0xFF, ignored: UInt8 = 0xFE

    /// Each code system URI (also as bytes) and its root node; a handful, found by comparing.
    var systems: [String] = []
    var systemBytes: [[UInt8]] = []
    var roots: [Int32] = []
    /// The child of `node` by symbol `s` at `children[node * alphabet.count + s]`; 0 for none
    /// (node 0 is no one's child).
    var children: [Int32] = []
    /// Per node: the value sets holding the code that ends there, and those holding it as a prefix.
    var exact: [UInt64] = []
    var prefix: [UInt64] = []
    var texts: [String: UInt64] = [:]
    var neverWarn: UInt64 = 0

    mutating func add(_ valueSet: WarningRuleSet.ValueSet, name: String, bit: UInt64, systems names: [String: [String]]) throws(WarningRuleSet.Mistake) {
        func nodes(_ entry: String) throws(WarningRuleSet.Mistake) -> [Int] {
            let mistake = { (message: String) in WarningRuleSet.Mistake(path: "valueSets.\(name)", message: message) }
            let parts = entry.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw mistake("'\(entry)' must be written system|code") }
            guard let uris = names[parts[0]] else { throw mistake("unknown code system '\(parts[0])' in '\(entry)'") }
            var path: [Int] = []
            for byte in parts[1].utf8 {
                let symbol = Self.symbols[Int(byte)]
                if symbol == Self.ignored { continue }
                guard symbol != Self.absent else { throw mistake("'\(entry)': a code may hold only letters, digits, '-', '_', dots and spaces") }
                path.append(Int(symbol))
            }
            guard !path.isEmpty else { throw mistake("'\(entry)' must be written system|code") }
            var ends: [Int] = []
            for uri in uris {
                var node = root(uri)
                for symbol in path { node = child(node, symbol) }
                ends.append(node)
            }
            return ends
        }
        for entry in valueSet.codes ?? [] { for node in try nodes(entry) { exact[node] |= bit } }
        for entry in valueSet.prefixes ?? [] { for node in try nodes(entry) { prefix[node] |= bit } }
        for text in valueSet.texts ?? [] { texts[text.lowercased(), default: 0] |= bit }
    }

    private mutating func newNode() -> Int {
        children += repeatElement(0, count: Self.alphabet.count)
        exact.append(0)
        prefix.append(0)
        return exact.count - 1
    }

    private mutating func root(_ uri: String) -> Int {
        if exact.isEmpty { _ = newNode() }
        // The same string the scanner keeps for codings of this system compares at once.
        let uri = FHIR.systemURIs.kept(uri) ?? uri
        if let known = systems.firstIndex(of: uri) { return Int(roots[known]) }
        let node = newNode()
        systems.append(uri)
        systemBytes.append(Array(uri.utf8))
        roots.append(Int32(node))
        return node
    }

    private mutating func child(_ node: Int, _ symbol: Int) -> Int {
        let slot = node * Self.alphabet.count + symbol
        if children[slot] != 0 { return Int(children[slot]) }
        let made = newNode()
        children[slot] = Int32(made)
        return made
    }

    func sets(of coding: FHIR.Coding) -> UInt64 {
        guard let uri = coding.system, let code = coding.code, let position = systems.firstIndex(of: uri) else { return 0 }
        return walk(from: roots[position], code.utf8)
    }

    /// The sets of a code given as the bytes of its system URI and of the code.
    func sets(system: UnsafeBufferPointer<UInt8>, code: UnsafeBufferPointer<UInt8>) -> UInt64 {
        for (position, uri) in systemBytes.enumerated() where uri.count == system.count {
            if uri.withUnsafeBufferPointer({ memcmp($0.baseAddress!, system.baseAddress!, system.count) }) == 0 { return walk(from: roots[position], code) }
        }
        return 0
    }

    private func walk(from root: Int32, _ code: some Sequence<UInt8>) -> UInt64 {
        var node = Int(root), mask: UInt64 = 0
        for byte in code {
            let symbol = Self.symbols[Int(byte)]
            if symbol == Self.ignored { continue }
            guard symbol != Self.absent else { return mask }
            node = Int(children[node * Self.alphabet.count + Int(symbol)])
            guard node != 0 else { return mask }
            mask |= prefix[node]
        }
        return node == Int(root) ? mask : mask | exact[node]
    }

    func sets(of codings: [FHIR.Coding]) -> UInt64 {
        codings.reduce(0) { $0 | sets(of: $1) }
    }

    func sets(ofText text: String) -> UInt64 {
        texts[text.trimmedWhitespace.lowercased()] ?? 0
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

    /// Days counted in months of 31, enough to order days and measure look-back windows.
    var ordinal: Int { (year * 12 + month) * 31 + day }
}
