import Foundation
import Testing
@testable import SafeguardCore

@Suite struct FactScreenTests {
    static let engine = try! WarningEngine(WarningRuleSet.bundled())
    let now = ISO8601DateFormatter().date(from: "2026-11-26T10:00:00Z")!

    /// A prefetch object of a 13-year-old girl with these observations and conditions.
    func prefetch(observations: [String], conditions: [String]) -> String {
        #"{"patient":\#(SyntheticFHIR.patient(birthDate: "2013-05-01")),"observations":\#(SyntheticFHIR.bundle(observations)),"conditions":\#(SyntheticFHIR.bundle(conditions))}"#
    }

    /// What the service answers for a prefetch: the rules fired or the error, and the searches screened.
    func answer(_ json: String, screen: FactScreen?) -> (answer: String, screened: Set<String>) {
        do {
            guard let prefetch = try JSONScanner.read(Array(json.utf8), { try Prefetch.scan(&$0, screen: screen) }),
                  let record = ClinicalRecord(prefetch) else { return ("no patient", []) }
            return ("fired " + Self.engine.evaluate(record, now: now).map(\.ruleID).joined(separator: ","), prefetch.screened)
        } catch {
            return ("\(error)", [])
        }
    }

    @Test func ordinaryRecordsAreScreenedAndRecordsWithFactsAreRead() {
        // setup
        let ordinary = prefetch(observations: SyntheticFHIR.routineObservations(count: 20), conditions: SyntheticFHIR.routineConditions(count: 10))
        let pregnant = prefetch(observations: SyntheticFHIR.routineObservations(count: 5) + [SyntheticFHIR.observation(id: "p", code: "82810-3", answer: ("http://loinc.org", "LA15173-0"))],
                                conditions: SyntheticFHIR.routineConditions(count: 3))
        // act
        let screened = answer(ordinary, screen: Self.engine.screen)
        let read = answer(pregnant, screen: Self.engine.screen)
        // assert
        #expect(screened.answer == "fired ")
        #expect(screened.screened == ["observations", "conditions"])
        #expect(read.answer == "fired girl-under-14-pregnancy")
        #expect(read.screened == ["conditions"])
    }

    /// The screen may only save work: for every record, however malformed, the answer with it is
    /// the answer without it. Records are made from ordinary and warning resources and then
    /// damaged at random, as a fuzzer would.
    @Test func theScreenNeverChangesAnAnswer() {
        // setup
        var random = SeededRandom(seed: 20261127)
        let observations = SyntheticFHIR.routineObservations(count: 7) + [
            SyntheticFHIR.observation(id: "p", code: "82810-3", answer: ("http://loinc.org", "LA15173-0")),
            SyntheticFHIR.observation(id: "q", code: "21198-7", quantity: 1200),
            SyntheticFHIR.observation(id: "v", code: "82810-3", answer: ("http://snomed.info/sct", "77386006"), status: "entered-in-error"),
            #"{"resourceType":"Observation","id":"i","code":{"coding":[{"system":"http://loinc.org","code":"2106-3"}],"text":"hCG"},"interpretation":[{"coding":[{"code":"POS"}]}],"valueString":"Positive"}"#,
        ]
        let conditions = SyntheticFHIR.routineConditions(count: 10) + [
            SyntheticFHIR.condition(id: "t", code: "T74.22XA"),
            SyntheticFHIR.condition(id: "r", code: "T74.22XA", verification: "refuted"),
            SyntheticFHIR.condition(id: "z", code: "Z04.42"),
        ]
        let damage: [(inout String, inout SeededRandom) -> Void] = [
            // A value of another type where the reader expects one.
            { json, random in json.replaceOne(of: [#""code":"#, #""coding":"#, #""status":"#, #""value":"#, #""valueQuantity":"#, #""interpretation":"#,
                                                   #""entry":"#, #""resource":"#, #""system":"#, #""recordedDate":"#, #""verificationStatus":"#],
                                              using: &random, with: { pattern, random in pattern + ["7,\"x\":", "null,\"x\":", "[],\"x\":", "{},\"x\":", "\"text\",\"x\":", "[null],\"x\":"].randomElement(using: &random)! }) },
            // A member given twice.
            { json, random in json.replaceOne(of: [#"{"resourceType":"Observation""#, #"{"resourceType":"Condition""#, #""coding":[{"system""#],
                                              using: &random, with: { pattern, _ in pattern.hasSuffix("system\"") ? pattern + #":"x","system""# : pattern + #","id":"again""# }) },
            // Escapes, the wrong resource type, a search's warning, a missing type.
            { json, random in json.replaceOne(of: ["http://loinc.org", "T74.22XA", "8867-4"], using: &random, with: { pattern, _ in pattern.replacingOccurrences(of: "/", with: "\\/").replacingOccurrences(of: "T", with: "\\u0054").replacingOccurrences(of: "-", with: "\\u002d") }) },
            { json, random in json.replaceOne(of: [#""resourceType":"Observation""#, #""resourceType":"Condition""#, #""resourceType":"Bundle""#],
                                              using: &random, with: { _, random in [#""resourceType":"OperationOutcome""#, #""resourceType":"Patient""#, #""resourceType":7"#, #""type":"x""#].randomElement(using: &random)! }) },
            // Broken syntax.
            { json, random in json.removeLast(Int.random(in: 1...40, using: &random)) },
            { json, random in json.replaceOne(of: [",", ":", "}"], using: &random, with: { _, random in ["", ",,", "]"].randomElement(using: &random)! }) },
        ]
        var screenedCount = 0, damagedCount = 0
        for _ in 0..<600 {
            var json = prefetch(observations: (0..<Int.random(in: 0...8, using: &random)).map { _ in observations.randomElement(using: &random)! },
                                conditions: (0..<Int.random(in: 0...6, using: &random)).map { _ in conditions.randomElement(using: &random)! })
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                damage.randomElement(using: &random)!(&json, &random)
                damagedCount += 1
            }
            // act
            let screened = answer(json, screen: Self.engine.screen)
            let read = answer(json, screen: nil)
            // assert
            #expect(screened.answer == read.answer, "\(json)")
            screenedCount += screened.screened.count
        }
        // Both paths were taken many times.
        #expect(screenedCount > 200)
        #expect(damagedCount > 300)
    }
}

/// SplitMix64: the same records every run.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension String {
    /// Replaces one occurrence, chosen at random, of one of `patterns`.
    mutating func replaceOne(of patterns: [String], using random: inout SeededRandom, with change: (String, inout SeededRandom) -> String) {
        let found = patterns.flatMap { pattern in ranges(of: pattern).map { ($0, pattern) } }
        guard let (range, pattern) = found.randomElement(using: &random) else { return }
        replaceSubrange(range, with: change(pattern, &random))
    }
}
