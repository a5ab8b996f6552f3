import Testing
@testable import SafeguardCore

@Suite struct CaseWorkflowTests {
    @Test func casesMoveForwardThroughTheStages() throws {
        #expect(try CaseWorkflow.move(from: .registration, to: .assessment) == .assessment)
        #expect(try CaseWorkflow.move(from: .services, to: .closure) == .closure)
    }

    @Test func closedIsReachedOnlyByApproval() {
        for stage in CaseStage.allCases {
            #expect(throws: CaseWorkflow.Problem.self) { try CaseWorkflow.move(from: stage, to: .closed) }
        }
    }

    @Test func closureNeedsASecondPerson() throws {
        #expect(throws: CaseWorkflow.Problem.approverIsRequester) {
            try CaseWorkflow.decideClosure(at: .closure, .approve, requesterIsApprover: true)
        }
        #expect(try CaseWorkflow.decideClosure(at: .closure, .approve, requesterIsApprover: false) == .closed)
        #expect(try CaseWorkflow.decideClosure(at: .closure, .reject, requesterIsApprover: true) == .services)
    }

    @Test func closedCasesCanBeReopened() throws {
        #expect(try CaseWorkflow.move(from: .closed, to: .reopened) == .reopened)
        #expect(try CaseWorkflow.move(from: .reopened, to: .assessment) == .assessment)
    }
}

@Suite struct TaxonomyTests {
    @Test func tenCategoriesEachWithUnspecified() {
        #expect(Taxonomy.categories.count == 10)
        for category in Taxonomy.categories {
            #expect(category.subcategories.contains { $0.code == "\(category.code).unspecified" })
        }
    }

    @Test func codesAreUnique() {
        let codes = Taxonomy.allSubcategoryCodes
        #expect(Set(codes).count == codes.count)
    }

    @Test func sexualViolenceEngagesArticles19And34() {
        // act
        let articles = Taxonomy.crcArticles(for: ["violence.sexual"])
        // assert
        #expect(articles == ["19", "34", "39"])
    }

    @Test func articlesAreSortedNumerically() {
        #expect(Taxonomy.crcArticles(for: ["access_to_services.legal", "violence.physical"]) ==
                ["4", "12", "19", "37a", "37d", "39", "40"])
    }

    @Test func unknownCodesAreRecognised() {
        #expect(!Taxonomy.isKnown("violence.made_up"))
        #expect(Taxonomy.topCategory(of: "mental_health.suicidal") == "mental_health")
    }
}

@Suite struct PartialDateTests {
    @Test func parsesYearMonthAndDay() {
        #expect(PartialDate("2012")?.description == "2012")
        #expect(PartialDate("2012-03")?.month == 3)
        #expect(PartialDate("2012-02-29")?.day == 29)
    }

    @Test func writesBackWhatItRead() {
        for text in ["2012", "1900-01", "2012-02-29", "2009-10-05", "2200-12-31"] {
            #expect(PartialDate(text)?.description == text)
        }
    }

    @Test func rejectsImpossibleDates() {
        for text in ["2013-02-29", "2012-13", "2012-00-10", "12-01-01", "2012-1-1", "abcd", "", "2012-04-31"] {
            #expect(PartialDate(text) == nil, "\(text) should be rejected")
        }
    }

    @Test func ageOfAPartialDateIsARange() {
        // act, assert
        #expect(PartialDate("2012-06-15")!.age(onYear: 2026, month: 6, day: 14) == 13...13)
        #expect(PartialDate("2012")!.age(onYear: 2026, month: 6, day: 14) == 13...14)
    }
}

@Suite struct DuplicateScorerTests {
    @Test func sameDocumentIsACertainMatch() {
        let a = DuplicateScorer.Person(name: "A", documentNumber: "11010519491231002x")
        let b = DuplicateScorer.Person(name: "B", documentNumber: "110105 19491231 002X")
        #expect(DuplicateScorer.score(a, b)?.reason == .sameDocument)
    }

    @Test func swappedNameWithSameBirthDateMatches() {
        let a = DuplicateScorer.Person(name: "Li Na", birthDate: PartialDate("2013-05-02"))
        let b = DuplicateScorer.Person(name: "Na Li", birthDate: PartialDate("2013-05-02"))
        #expect(DuplicateScorer.score(a, b)?.reason == .sameNameAndBirthDate)
    }

    @Test func birthDateOffByOneFieldIsAWeakerMatch() {
        let a = DuplicateScorer.Person(name: "Li Na", birthDate: PartialDate("2013-05-02"))
        let b = DuplicateScorer.Person(name: "Li Na", birthDate: PartialDate("2013-02-05"))
        #expect(DuplicateScorer.score(a, b)?.reason == nil)
        let c = DuplicateScorer.Person(name: "Li Na", birthDate: PartialDate("2014-05-02"))
        #expect(DuplicateScorer.score(a, c)?.reason == .sameNameBirthDateOneFieldOff)
    }

    @Test func typoInNameWithSameBirthDateIsSuggested() {
        let a = DuplicateScorer.Person(name: "Batbayar Tuya", birthDate: PartialDate("2011-01-20"))
        let b = DuplicateScorer.Person(name: "Batbayar Tuyaa", birthDate: PartialDate("2011-01-20"))
        #expect(DuplicateScorer.score(a, b)?.reason == .similarNameSameBirthDate)
    }

    @Test func differentSexIsNotAMatch() {
        let a = DuplicateScorer.Person(name: "Li Na", birthDate: PartialDate("2013-05-02"), sex: .female)
        let b = DuplicateScorer.Person(name: "Li Na", birthDate: PartialDate("2013-05-02"), sex: .male)
        #expect(DuplicateScorer.score(a, b) == nil)
    }
}

@Suite struct SmallCellSuppressionTests {
    @Test func countsUnderFiveAreHidden() {
        #expect(SmallCellSuppression.display(4, exact: false) == "<5")
        #expect(SmallCellSuppression.display(0, exact: false) == "<5")
        #expect(SmallCellSuppression.display(5, exact: false) == "5")
        #expect(SmallCellSuppression.display(3, exact: true) == "3")
    }
}

@Suite struct ResidentIDTests {
    @Test func acceptsTheStandardsExamples() throws {
        // act
        let a = try ResidentID("11010519491231002X")
        let b = try ResidentID("360426199101010071")
        // assert
        #expect(a.birthDate == PartialDate("1949-12-31"))
        #expect(a.sex == .female)
        #expect(b.sex == .male)
        #expect(b.regionCode == "360426")
    }

    @Test func acceptsLowerCaseXAndSpaces() throws {
        #expect(try ResidentID("110105 19491231 002x").number == "11010519491231002X")
    }

    @Test func rejectsAWrongCheckCharacter() {
        #expect(throws: ResidentID.Problem.wrongCheckCharacter(expected: "X")) { try ResidentID("110105194912310021") }
    }

    @Test func rejectsAnImpossibleBirthDate() {
        // 1949-02-30 cannot exist, whatever the check character says
        #expect(throws: ResidentID.Problem.impossibleBirthDate("19490230")) { try ResidentID("110105194902300021") }
    }

    @Test func rejectsWrongLength() {
        #expect(throws: ResidentID.Problem.wrongLength(17)) { try ResidentID("11010519491231002") }
    }

    @Test func rejectsLettersAndNonASCIIDigitsWhereDigitsBelong() {
        // a letter inside, an X anywhere but last, full-width and Arabic-Indic digits of the right count
        for number in ["1101051949123A002X", "X10105194912310021", "１１０１０５１９４９１２３１００２X", "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X"] {
            #expect(throws: ResidentID.Problem.notDigits) { try ResidentID(number) }
        }
    }
}
