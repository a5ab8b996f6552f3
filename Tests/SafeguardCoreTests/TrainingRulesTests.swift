import Foundation
@testable import SafeguardCore
import Testing

@Suite struct TrainingRulesTests {
    @Test func completionNeedsTheRequiredShareExactly() {
        // 80 % of 600 minutes is 480
        #expect(TrainingCompletion.completed(attendedMinutes: 480, scheduledMinutes: 600, requiredPercent: 80))
        #expect(!TrainingCompletion.completed(attendedMinutes: 479, scheduledMinutes: 600, requiredPercent: 80))
        // nothing scheduled completes nobody
        #expect(!TrainingCompletion.completed(attendedMinutes: 0, scheduledMinutes: 0, requiredPercent: 0))
        #expect(TrainingCompletion.percent(attendedMinutes: 479, scheduledMinutes: 600) == 79)
    }

    @Test func onlyPresentAndLateCountAsAttended() {
        #expect(AttendanceMark.allCases.filter(\.counts) == [.present, .late])
    }

    @Test func aCertificateCodeSurvivesHowPeopleTypeItAndCatchesASlip() {
        // setup
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let code = CertificateCode.make(using: &generator)
            // assert: its own canonical form, also typed in lower case without hyphens
            #expect(code.count == 16 && CertificateCode.canonical(code) == code, "\(code)")
            #expect(CertificateCode.canonical(code.lowercased().replacingOccurrences(of: "-", with: "")) == code)
            // one character changed in the body is caught by the check character
            var characters = Array(code)
            characters[0] = characters[0] == "7" ? "8" : "7"
            #expect(CertificateCode.canonical(String(characters)) == nil, "\(code)")
        }
        // O read as zero, I and L as one
        #expect(CertificateCode.canonical("0000-0000-0001-1") == "0000-0000-0001-1")
        #expect(CertificateCode.canonical("OOOO-OOOO-OOOI-I") == "0000-0000-0001-1")
        #expect(CertificateCode.canonical("0000-0000-000L-1") == "0000-0000-0001-1")
        #expect(CertificateCode.canonical("") == nil && CertificateCode.canonical("0000-0000-0001") == nil && CertificateCode.canonical("0000-0000-0001-1-1") == nil)
    }
}

@Suite struct SessionFeedbackTests {
    @Test func feedbackIsShownFromThreeAnswersEachQuestionOverThoseWhoAnsweredIt() {
        // setup
        let two: [[SessionFeedback.Criterion: Int]] = [[.trainer: 5, .materials: 2], [.trainer: 1, .overall: 3, .materials: 4]]
        // act
        let hidden = SessionFeedback.summarise(two)
        let shown = SessionFeedback.summarise(two + [[.overall: 4, .trainer: 9], [.trainer: 3, .overall: 5]])
        // assert: two answers are counted, not shown; then each question rated at least 3 times is
        // shown (a rating off the scale not counted), and materials, rated twice, is not
        #expect(hidden.responses == 2 && !hidden.shown && hidden.means.isEmpty && hidden.counts.isEmpty)
        #expect(shown.responses == 4 && shown.shown)
        #expect(shown.means == ["trainer": 3, "overall": 4] && shown.counts["trainer"] == [1, 0, 1, 0, 1] && shown.counts["overall"] == [0, 0, 1, 1, 1])
    }

    @Test func oneHiddenCellOfABreakdownHidesTheNextSmallestToo() {
        #expect(SmallCellSuppression.display(breakdown: [6, 5, 1], exact: false) == ["6", "<5", "<5"])
        #expect(SmallCellSuppression.display(breakdown: [6, 2, 1], exact: false) == ["6", "<5", "<5"])
        #expect(SmallCellSuppression.display(breakdown: [6, 7], exact: false) == ["6", "7"])
        #expect(SmallCellSuppression.display(breakdown: [6, 1], exact: true) == ["6", "1"])
    }
}

@Suite struct CertificatePDFTests {
    @Test func everyObjectIsWhereTheCrossReferenceTableSaysAndTheStreamHasItsLength() throws {
        // setup
        let lines = [CertificatePDF.Line("Synthetic Resource Centre", size: 14), .init("王小明 Wang Xiaoming", size: 28),
                     .init(String(repeating: "completed a synthetic course on child rights ", count: 6), size: 13)]
        // act
        let pdf = CertificatePDF.document(title: "Certificate", lines: lines)
        let text = String(decoding: pdf, as: Unicode.ASCII.self)
        // assert: startxref names the table, and each entry the byte where its object begins
        let startxref = try #require(text.range(of: "startxref\n", options: .backwards))
        let tableAt = try #require(Int(text[startxref.upperBound...].prefix { $0.isNumber }))
        #expect(pdf[tableAt..<tableAt + 4] == Data("xref".utf8))
        let entries = text[text.index(text.startIndex, offsetBy: tableAt)...].split(separator: "\n").dropFirst(3).prefix(8)
        for (index, entry) in entries.enumerated() {
            let offset = try #require(Int(entry.prefix(10)))
            #expect(pdf[offset...].starts(with: Data("\(index + 1) 0 obj".utf8)), "object \(index + 1)")
        }
        let stream = try #require(text.range(of: "stream\n")), end = try #require(text.range(of: "endstream"))
        let length = try #require(text.range(of: "/Length ").map { Int(text[$0.upperBound...].prefix { $0.isNumber }) } ?? nil)
        #expect(text.distance(from: stream.upperBound, to: end.lowerBound) == length)
        // the long line is wrapped to fit the page, at spaces
        #expect(text.components(separatedBy: " Tj ET").count - 1 == 2 + CertificatePDF.wrap(lines[2].text, size: 13, width: 702).count)
    }

    @Test func textIsWrittenAsUCS2AndWrappedWhereItFits() {
        #expect(CertificatePDF.hex("王A") == "738B0041" && CertificatePDF.hex("\u{20000}") == "FFFD")
        // Latin breaks at a space, Chinese between any two characters
        #expect(CertificatePDF.wrap("aaaa bbbb cccc", size: 10, width: 40) == ["aaaa", "bbbb", "cccc"] && CertificatePDF.wrap("aaaa bbbb cccc", size: 10, width: 45) == ["aaaa bbbb", "cccc"])
        #expect(CertificatePDF.wrap("儿童权利公约", size: 10, width: 30) == ["儿童权", "利公约"])
        #expect(CertificatePDF.wrap("short", size: 10, width: 500) == ["short"])
    }
}

@Suite struct CascadeReachTests {
    @Test func eachPersonCountsOnceAtTheLowestGeneration() {
        // setup: A and B trained directly; A trained C and D; C trained E and also B (already first generation); D trained E again
        let trainees = ["A": ["C", "D"], "C": ["E", "B"], "D": ["E"], "E": ["F"]]
        // act
        let reach = CascadeReach.generations(firstGeneration: ["A", "B", "A"], trainees: trainees)
        // assert
        #expect(reach == ["A": 1, "B": 1, "C": 2, "D": 2, "E": 3, "F": 4])
        #expect(CascadeReach.generations(firstGeneration: ["A"], trainees: trainees, maxGenerations: 2) == ["A": 1, "C": 2, "D": 2])
    }

    @Test func aLoopInTheRecordsCountsNobodyTwiceAndEnds() {
        let reach = CascadeReach.generations(firstGeneration: [1], trainees: [1: [2], 2: [3], 3: [1, 4]])
        #expect(reach == [1: 1, 2: 2, 3: 3, 4: 4])
    }
}

@Suite struct TrainingComplianceTests {
    @Test func aNewStarterHasTheirWindowThenIsDueThenOverdue() {
        // setup: started 2026-01-10, 365 days to do it: deadline 2027-01-10
        func status(_ today: String) -> TrainingCompliance.Status {
            TrainingCompliance.status(startedOn: "2026-01-10", completedOn: nil, withinDays: 365, refreshMonths: 36, today: today).status
        }
        // assert
        #expect(status("2026-06-01") == .pending)
        #expect(status("2026-12-11") == .due && status("2027-01-10") == .due)
        #expect(status("2027-01-11") == .overdue)
    }

    @Test func aCompletionCountsUntilItsRefreshFallsDue() {
        let result = TrainingCompliance.status(startedOn: "2020-01-01", completedOn: "2024-01-31", withinDays: 365, refreshMonths: 36, today: "2026-06-01")
        #expect(result.status == .compliant && result.deadline == "2027-01-31")
        #expect(TrainingCompliance.status(startedOn: "2020-01-01", completedOn: "2023-01-31", withinDays: 365, refreshMonths: 36, today: "2026-06-01").status == .overdue)
        // done once, never due again
        #expect(TrainingCompliance.status(startedOn: "2020-01-01", completedOn: "2021-01-01", withinDays: 365, refreshMonths: nil, today: "2030-01-01") == (.compliant, nil))
        // a month on from 31 January is the end of February
        #expect(TrainingCompliance.add(months: 1, to: "2027-01-31") == "2027-02-28" && TrainingCompliance.add(months: 1, to: "2028-01-31") == "2028-02-29")
    }
}

@Suite struct KnowledgeGainTests {
    @Test func thePairedDifferenceHasAStudentInterval() throws {
        // setup: four people, differences 0.2, 0.1, 0.3, 0.0 (mean 0.15, sd 0.1291)
        let pairs: [(pre: Double, post: Double)] = [(0.4, 0.6), (0.5, 0.6), (0.3, 0.6), (0.7, 0.7)]
        // act
        let summary = try #require(KnowledgeGain.summarise(pairs))
        // assert: 0.15 ± 3.182 × 0.1291 / 2
        #expect(abs(summary.meanDifference - 0.15) < 1e-9 && abs(summary.meanPre - 0.475) < 1e-9 && abs(summary.meanPost - 0.625) < 1e-9)
        #expect(abs(summary.lower! - (0.15 - 0.2054)) < 0.001 && abs(summary.upper! - (0.15 + 0.2054)) < 0.001)
        #expect(summary.shareImproved == 0.75)
        // one pair: no interval; nobody: nothing
        #expect(KnowledgeGain.summarise([(0.5, 0.9)])?.lower == nil && KnowledgeGain.summarise([]) == nil)
    }

    @Test func theTQuantileJoinsTheNormalSmoothly() {
        #expect(KnowledgeGain.tQuantile975(degreesOfFreedom: 30) == 2.042)
        #expect(abs(KnowledgeGain.tQuantile975(degreesOfFreedom: 31) - 2.040) < 0.002)
        #expect(abs(KnowledgeGain.tQuantile975(degreesOfFreedom: 120) - 1.980) < 0.001)
    }
}
