import Testing
@testable import SafeguardCore

@Suite struct ReportWorkflowTests {
    @Test func aReportRunsFromDraftToClosedWithAQuestionOnTheWay() throws {
        var status = ReportStatus.draft
        for event in [ReportEvent.submit, .receive, .requestInformation, .answer, .acknowledge, .close] {
            status = try ReportWorkflow.next(status, event)
        }
        #expect(status == .closed)
    }

    @Test func outOfOrderEventsAreRefused() {
        #expect(throws: ReportWorkflow.Refusal(status: .draft, event: .acknowledge)) { try ReportWorkflow.next(.draft, .acknowledge) }
        #expect(throws: ReportWorkflow.Refusal(status: .acknowledged, event: .autoSubmit)) { try ReportWorkflow.next(.acknowledged, .autoSubmit) }
        #expect(throws: ReportWorkflow.Refusal(status: .closed, event: .submit)) { try ReportWorkflow.next(.closed, .submit) }
    }

    @Test func coloursFollowTheSuggestedMapping() {
        #expect(LegalSituation.allCases.map(\.colour) == [.red, .red, .orange, .orange, .orange, .yellow, .yellow, .yellow, .yellow])
        #expect(WarningColour.red.cardIndicator == "critical")
    }
}
