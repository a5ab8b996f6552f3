import Testing
@testable import SafeguardCore

@Suite struct ReferralWorkflowTests {
    @Test func aReferralIsAcceptedStartedAndCompleted() throws {
        var status = ReferralStatus.sent
        for event in [ReferralEvent.accept, .start, .complete] { status = try ReferralWorkflow.next(status, event) }
        #expect(status == .completed)
        #expect(try ReferralWorkflow.next(.sent, .decline) == .declined)
    }

    @Test func closedReferralsTakeNoMoreEvents() {
        #expect(throws: ReferralWorkflow.Refusal(status: .declined, event: .accept)) { try ReferralWorkflow.next(.declined, .accept) }
        #expect(throws: ReferralWorkflow.Refusal(status: .completed, event: .revoke)) { try ReferralWorkflow.next(.completed, .revoke) }
        #expect(throws: ReferralWorkflow.Refusal(status: .sent, event: .complete)) { try ReferralWorkflow.next(.sent, .complete) }
    }

    @Test func urgentServicesAreAnsweredSooner() {
        #expect(ServiceType.shelter.responseHours < ServiceType.legalAdvice.responseHours)
    }
}
