import Foundation
import Testing
@testable import SafeguardCore

@Suite struct WarningEngineTests {
    static let engine = try! WarningEngine(WarningRuleSet.bundled())
    static let snomed = "http://snomed.info/sct", loinc = "http://loinc.org"
    let now = ISO8601DateFormatter().date(from: "2026-11-26T10:00:00Z")!

    func evaluate(birthDate: String?, gender: String? = "female", encounter: String? = "2026-11-20T09:00:00Z",
                  observations: [String] = [], conditions: [String] = []) throws -> [ClinicalWarning] {
        let record = try ClinicalRecord.read(patient: Data(SyntheticFHIR.patient(birthDate: birthDate, gender: gender).utf8),
                                             encounter: encounter.map { Data(SyntheticFHIR.encounter(start: $0).utf8) },
                                             observations: Data(SyntheticFHIR.bundle(observations).utf8),
                                             conditions: Data(SyntheticFHIR.bundle(conditions).utf8))
        return Self.engine.evaluate(record, now: now)
    }

    @Test func pregnancyOfAGirlUnder14IsRedWithEitherAnswerCodeSystem() throws {
        for answer in [(Self.loinc, "LA15173-0"), (Self.snomed, "77386006")] {
            // act
            let warnings = try evaluate(birthDate: "2013-05-01",
                                        observations: [SyntheticFHIR.observation(id: "preg", code: "82810-3", answer: answer)])
            // assert
            #expect(warnings.map(\.ruleID) == ["girl-under-14-pregnancy"], "\(answer)")
            #expect(warnings.first?.colour == .red)
            #expect(warnings.first?.situation == .girlUnder14SexualHarmOrPregnancy)
            #expect(warnings.first?.evidence.first?.resource == "Observation/preg")
            #expect(warnings.first?.patientNotes.first == "Age 13 on 2026-11-20 (born 2013-05-01).")
        }
    }

    @Test func notPregnantAnswersAndTumourMarkerHCGNeverWarn() throws {
        // act
        let warnings = try evaluate(birthDate: "2013-05-01", observations: [
            SyntheticFHIR.observation(id: "a", code: "82810-3", answer: (Self.loinc, "LA26683-5")),
            SyntheticFHIR.observation(id: "b", code: "82810-3", answer: (Self.snomed, "60001007")),
            SyntheticFHIR.observation(id: "c", code: "53959-3", quantity: 500),
            SyntheticFHIR.observation(id: "d", code: "2106-3", text: "Negative"),
        ])
        // assert
        #expect(warnings.isEmpty)
    }

    @Test func positiveHCGByTextCodeOrQuantityIsEvidence() throws {
        let cases = [
            SyntheticFHIR.observation(id: "u", code: "2106-3", text: "Positive"),
            SyntheticFHIR.observation(id: "s", code: "2118-8", answer: (Self.snomed, "10828004")),
            SyntheticFHIR.observation(id: "q", code: "21198-7", quantity: 1200),
        ]
        for observation in cases {
            #expect(try evaluate(birthDate: "2013-05-01", observations: [observation]).first?.colour == .red, "\(observation)")
        }
        // A quantity under the threshold is not pregnancy.
        #expect(try evaluate(birthDate: "2013-05-01", observations: [SyntheticFHIR.observation(id: "q", code: "21198-7", quantity: 3)]).isEmpty)
    }

    @Test func ageIsTakenAtTheFactNotToday() throws {
        // setup: 14 today, but 13 when the pregnancy was recorded
        let observation = SyntheticFHIR.observation(id: "old", code: "82810-3", answer: (Self.loinc, "LA15173-0"), date: "2026-03-01")
        // act
        let warnings = try evaluate(birthDate: "2012-06-15", observations: [observation])
        // assert
        #expect(warnings.first?.ruleID == "girl-under-14-pregnancy")
        #expect(warnings.first?.patientNotes.first?.contains("Age 13 on 2026-03-01") == true)
    }

    @Test func partialBirthDatesAreDecidedConservativelyAndSaySo() throws {
        // setup: born some time in 2012: 13 or 14 on 2026-11-20
        let pregnancy = SyntheticFHIR.observation(id: "p", code: "82810-3", answer: (Self.loinc, "LA15173-0"))
        // act
        let warnings = try evaluate(birthDate: "2012", observations: [pregnancy])
        // assert
        #expect(warnings.first?.colour == .red)
        #expect(warnings.first?.patientNotes.first?.contains("known only as 2012: age 13 to 14") == true)
        // A month narrows it: born December 2012 is 13 on 2026-11-20.
        #expect(try evaluate(birthDate: "2012-12", observations: [pregnancy]).first?.patientNotes.first?.hasPrefix("Age 13") == true)
        // Born 2011: 14 or 15, so not under 14 and pregnancy alone is not a reportable fact.
        #expect(try evaluate(birthDate: "2011", observations: [pregnancy]).isEmpty)
        // No birth date: the service cannot tell a minor, and warns about nobody.
        #expect(try evaluate(birthDate: nil, observations: [pregnancy]).isEmpty)
    }

    @Test func everyColourHasAPath() throws {
        // act
        let red = try evaluate(birthDate: "2015-01-01", gender: "male", conditions: [SyntheticFHIR.condition(id: "g", code: "S30.21XA")])
        let orange = try evaluate(birthDate: "2015-01-01", gender: "male", conditions: [SyntheticFHIR.condition(id: "t", code: "T74.12XA")])
        let yellow = try evaluate(birthDate: "2015-01-01", conditions: [SyntheticFHIR.condition(id: "n", code: "T74.02XA")])
        // assert
        #expect(red.map(\.colour) == [.red] && red.first?.situation == .genitalInjury)
        #expect(orange.map(\.colour) == [.orange] && orange.first?.situation == .injuriesMalnutritionOrUnconsciousness)
        #expect(yellow.map(\.colour) == [.yellow] && yellow.first?.situation == .abandonmentOrNeglect)
    }

    @Test func pregnancyAfterAssaultOfAnOlderGirlIsOrangeAndCitesBothFacts() throws {
        // act
        let warnings = try evaluate(birthDate: "2010-01-01",
                                    observations: [SyntheticFHIR.observation(id: "p", code: "82810-3", answer: (Self.loinc, "LA15173-0"))],
                                    conditions: [SyntheticFHIR.condition(id: "a", code: "T76.22XA")])
        // assert: one warning (the wider sexual-abuse rule adds nothing new)
        #expect(warnings.map(\.ruleID) == ["girl-14-plus-pregnancy-after-assault"])
        #expect(warnings.first?.evidence.map(\.resource) == ["Observation/p", "Condition/a"])
        // Pregnancy alone at 16 is not a reportable fact.
        #expect(try evaluate(birthDate: "2010-01-01", observations: [SyntheticFHIR.observation(id: "p", code: "82810-3", answer: (Self.loinc, "LA15173-0"))]).isEmpty)
    }

    @Test func ruledOutRefutedAndErroneousFactsNeverWarn() throws {
        // act
        let warnings = try evaluate(birthDate: "2015-01-01", observations: [
            SyntheticFHIR.observation(id: "e", code: "82810-3", answer: (Self.loinc, "LA15173-0"), status: "entered-in-error"),
        ], conditions: [
            SyntheticFHIR.condition(id: "z1", code: "Z04.42"), SyntheticFHIR.condition(id: "z2", code: "Z04.72"),
            SyntheticFHIR.condition(id: "r", code: "T74.22XA", verification: "refuted"),
        ])
        // assert
        #expect(warnings.isEmpty)
    }

    @Test func adultsAndRoutineRecordsRaiseNothing() throws {
        let pregnancy = SyntheticFHIR.observation(id: "p", code: "82810-3", answer: (Self.loinc, "LA15173-0"))
        #expect(try evaluate(birthDate: "1990-01-01", observations: [pregnancy], conditions: [SyntheticFHIR.condition(id: "t", code: "T74.12XA")]).isEmpty)
        #expect(try evaluate(birthDate: "2014-01-01", observations: SyntheticFHIR.routineObservations(count: 20),
                             conditions: SyntheticFHIR.routineConditions(count: 10)).isEmpty)
    }

    @Test func wrongResourceTypesAndShapesAreNamed() {
        #expect(throws: ClinicalRecord.ShapeError(key: "patient", message: "must be a Patient, not Observation")) {
            try ClinicalRecord.read(patient: Data(SyntheticFHIR.observation(id: "x", code: "1").utf8))
        }
        #expect(throws: ClinicalRecord.ShapeError(key: "conditions", message: "entry 0 must be a Condition, not Patient")) {
            try ClinicalRecord.read(patient: Data(SyntheticFHIR.patient(birthDate: nil).utf8),
                                    conditions: Data(SyntheticFHIR.bundle([SyntheticFHIR.patient(birthDate: nil)]).utf8))
        }
        #expect(throws: ClinicalRecord.ShapeError(key: "patient", message: "is not a valid Patient: element .birthDate has the wrong type")) {
            try ClinicalRecord.read(patient: Data(#"{"resourceType":"Patient","birthDate":2013}"#.utf8))
        }
    }

    /// Each malformed prefetch item and the answer its sender gets, naming the element.
    static let malformedPrefetch: [(key: String, json: String, message: String)] = [
        ("patient", "[]", "is not a FHIR resource (a JSON object with resourceType)"),
        ("patient", #"{"resourceType":7}"#, "is not a FHIR resource (a JSON object with resourceType)"),
        ("patient", #"{"birthDate":"2013-01-01"}"#, "must be a Patient, not a resource without resourceType"),
        ("patient", #"{"resourceType":"Patient","gender":["female"]}"#, "is not a valid Patient: element .gender has the wrong type"),
        ("encounter", #"{"resourceType":"Encounter","period":{"start":5}}"#, "is not a valid Encounter: element .period.start has the wrong type"),
        ("encounter", #"{"resourceType":"Encounter","period":"2026"}"#, "is not a valid Encounter: element .period has the wrong type"),
        ("observations", #"{"resourceType":"Patient"}"#, "must be a Bundle of Observation resources, not Patient"),
        ("observations", #"{"entry":[]}"#, "holds an invalid Observation: element .resourceType is missing"),
        ("observations", #"{"resourceType":"Bundle","entry":{}}"#, "holds an invalid Observation: element .entry has the wrong type"),
        ("observations", #"{"resourceType":"Bundle","entry":[null]}"#, "holds an invalid Observation: element .entry[0] has the wrong type"),
        ("observations", #"{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Observation","code":{"coding":[{"system":1}]}}}]}"#,
         "holds an invalid Observation: element .entry[0].resource.code.coding[0].system has the wrong type"),
        ("observations", #"{"resourceType":"Bundle","entry":[{},{"resource":{"resourceType":"Observation","valueQuantity":{"value":"7"}}}]}"#,
         "holds an invalid Observation: element .entry[1].resource.valueQuantity.value has the wrong type"),
        ("observations", #"{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Observation","interpretation":[null]}}]}"#,
         "holds an invalid Observation: element .entry[0].resource.interpretation[0] has the wrong type"),
        ("observations", #"{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Condition","code":7}}]}"#, "entry 0 must be a Observation, not Condition"),
        ("observations", #"{"resourceType":"Bundle","entry":[{"resource":{"status":"final"}}]}"#, "entry 0 must be a Observation, not a resource without resourceType"),
        ("conditions", #"{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"OperationOutcome"}},{"resource":{"resourceType":"Patient"}}]}"#,
         "entry 1 must be a Condition, not Patient"),
        ("conditions", #"{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Condition","verificationStatus":{"coding":{}}}}]}"#,
         "holds an invalid Condition: element .entry[0].resource.verificationStatus.coding has the wrong type"),
        ("conditions", #"{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Condition","onsetDateTime":true}}]}"#,
         "holds an invalid Condition: element .entry[0].resource.onsetDateTime has the wrong type"),
        ("conditions", #"{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Condition""#, "is not valid JSON"),
        // The type is known only at the end of the object, and a wrong type is the better answer.
        ("patient", #"{"gender":["female"],"resourceType":"Observation"}"#, "must be a Patient, not Observation"),
        ("observations", #"{"entry":[null],"resourceType":"Patient"}"#, "must be a Bundle of Observation resources, not Patient"),
        ("observations", #"{"entry":[{"resource":{"code":7,"resourceType":"Observation"}}],"resourceType":"Bundle"}"#,
         "holds an invalid Observation: element .entry[0].resource.code has the wrong type"),
        // Parsers disagree on which of two values counts, so neither does.
        ("patient", #"{"resourceType":"Patient","birthDate":"2013-01-01","birthDate":"1990-01-01"}"#, "is not valid JSON: element .birthDate is given twice"),
        // A syntax error anywhere wins over a wrong type before it.
        ("patient", #"{"resourceType":"Patient","gender":7,"id":}"#, "is not valid JSON"),
    ]

    @Test func everyMalformedPrefetchItemIsNamedWithItsElement() {
        for item in Self.malformedPrefetch {
            #expect(throws: ClinicalRecord.ShapeError(key: item.key, message: item.message)) { try Prefetch.read([item.key: Data(item.json.utf8)]) }
        }
    }

    @Test func operationOutcomesAreSkippedAndNullItemsAreSentWithNothingInThem() throws {
        // act
        let prefetch = try Prefetch.read(["patient": Data("null".utf8), "conditions": Data(#"""
            {"resourceType":"Bundle","entry":[{"resource":{"resourceType":"OperationOutcome","issue":[]}},{"resource":null},
            {"resource":{"resourceType":"Condition","id":"c1","code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"O09.9"}]},"unknown":{"x":[1]}}}]}
            """#.utf8)])

        // assert
        #expect(prefetch.sent == ["patient", "conditions"])
        #expect(prefetch.patient == nil)
        #expect(prefetch.conditions?.map(\.id) == ["c1"])
        #expect(prefetch.conditions?.first?.code?.coding?.first?.code == "O09.9")
    }

    @Test func codesMatchWithoutDotsSpacesOrCaseAndOnlyInTheirSystem() throws {
        // setup
        let condition = { (code: String, system: String) in
            try self.evaluate(birthDate: "2013-05-01", conditions: [SyntheticFHIR.condition(id: "c", code: code, system: system)]).map(\.ruleID)
        }
        let icd10 = "http://hl7.org/fhir/sid/icd-10-cm"
        let expected = try condition("T74.22XA", icd10)
        // act / assert
        #expect(!expected.isEmpty)
        for spelling in ["T7422XA", "t74.22xa", "T74 22XA", "T74.2", "T74.2#"] {
            #expect(try condition(spelling, icd10) == expected, "\(spelling)")
        }
        // A character no rule-set code holds ends the match: T7 is no value set's prefix.
        #expect(try condition("T7#4.22XA", icd10).isEmpty)
        #expect(try condition("T74.22XA", Self.snomed).isEmpty)
        #expect(try condition("T74.22XA", "http://hl7.org/fhir/sid/icd-10-cm-other").isEmpty)
    }

    @Test func ruleSetCodesMayHoldOnlyTheCharactersOfCodes() throws {
        // setup
        var ruleSet = try WarningRuleSet.bundled()
        ruleSet.valueSets["neglect"]?.prefixes = ["icd10|T74#0"]
        // act / assert
        #expect(throws: WarningRuleSet.Mistake(path: "valueSets.neglect", message: "'icd10|T74#0': a code may hold only letters, digits, '-', '_', dots and spaces")) {
            try WarningEngine(ruleSet)
        }
        ruleSet.valueSets["neglect"]?.prefixes = ["icd10|."]
        #expect(throws: WarningRuleSet.Mistake(path: "valueSets.neglect", message: "'icd10|.' must be written system|code")) { try WarningEngine(ruleSet) }
    }

    @Test func ruleSetMistakesAreNamed() throws {
        // setup
        var ruleSet = try WarningRuleSet.bundled()
        ruleSet.rules[0].anyOf = [.init(observation: "noSuchSet")]
        // act / assert
        #expect(throws: WarningRuleSet.Mistake(path: "rules[0] (genital-injury).facts[0].observation", message: "unknown value set 'noSuchSet'")) {
            try WarningEngine(ruleSet)
        }
        ruleSet = try WarningRuleSet.bundled()
        ruleSet.policy.onOverride["red"] = "ignore"
        #expect(throws: WarningRuleSet.Mistake(path: "policy.onOverride.red", message: "must be 'escalate' or 'record'")) { try WarningEngine(ruleSet) }
    }
}

/// Clinical rules without false reports: the date of a fact, the sex a record states, a birth
/// date that cannot be read.
@Suite struct WarningEngineCorrectnessTests {
    let engine = WarningEngineTests()
    static let pregnant = (WarningEngineTests.loinc, "LA15173-0")

    @Test func pregnancyCountsWhateverSexTheRecordStates() throws {
        for gender in ["male", "other"] {
            // act
            let warnings = try engine.evaluate(birthDate: "2013-05-01", gender: gender,
                                               observations: [SyntheticFHIR.observation(id: "preg", code: "82810-3", answer: Self.pregnant)])
            // assert
            #expect(warnings.map(\.ruleID) == ["girl-under-14-pregnancy"], "\(gender)")
            // a card for the clinician, never an automatic report on a contradiction
            #expect(warnings.first?.colour == .yellow && warnings.first?.forClinicianOnly == true)
            #expect(warnings.first?.patientNotes.contains { $0.contains("sex as \(gender)") } == true)
        }
    }

    @Test func anOldFactIsForTheClinicianNeverAnAutomaticReport() throws {
        // setup: a woman of 25 whose record holds a delivery code from when she was 13
        let delivery = SyntheticFHIR.condition(id: "old-delivery", code: "O80", date: "2014-06-01")
        // act
        let warnings = try engine.evaluate(birthDate: "2001-01-15", conditions: [delivery])
        // assert
        #expect(warnings.map(\.ruleID) == ["girl-under-14-pregnancy"])
        #expect(warnings.first?.colour == .yellow)
        #expect(warnings.first?.forClinicianOnly == true)
        #expect(warnings.first?.patientNotes.contains { $0.contains("more than 12 months before") } == true)
        // the same code recorded last month is red
        let recent = try engine.evaluate(birthDate: "2013-01-15", conditions: [SyntheticFHIR.condition(id: "d", code: "O80", date: "2026-10-20")])
        #expect(recent.first?.colour == .red && recent.first?.forClinicianOnly == nil)
    }

    @Test func aFactDatedInTheFutureIsShownAsADataError() throws {
        // act
        let warnings = try engine.evaluate(birthDate: "2013-05-01",
                                           observations: [SyntheticFHIR.observation(id: "f", code: "82810-3", answer: Self.pregnant, date: "2031-01-01")])
        // assert
        #expect(warnings.first?.forClinicianOnly == true)
        #expect(warnings.first?.patientNotes.contains { $0.contains("after this encounter") && $0.contains("data error") } == true)
    }

    @Test func anUnreadableBirthDateLeavesTheAgeUnknownAndIsExplained() throws {
        for birthDate in ["2013-02-30", "abc"] {
            // act
            let warnings = try engine.evaluate(birthDate: birthDate,
                                               observations: [SyntheticFHIR.observation(id: "preg", code: "82810-3", answer: Self.pregnant)])
            // assert
            #expect(!warnings.isEmpty, "\(birthDate)")
            #expect(warnings.allSatisfy { $0.forClinicianOnly == true && $0.colour == .yellow })
            #expect(warnings.first?.patientNotes.first?.contains("not a valid date") == true)
        }
    }
}
