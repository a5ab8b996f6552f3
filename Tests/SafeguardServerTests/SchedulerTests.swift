import Foundation
@testable import SafeguardServer
import Testing

/// Each area owns its background jobs; the scheduler runs them all and reports by job.
@Suite struct SchedulerTests {
    @Test func everyAreaJobRunsOnceUnderItsOwnName() async throws {
        // setup
        let names = Scheduler.jobs.map(\.name)
        // assert: a count is never credited to another job
        #expect(Set(names).count == names.count, "\(names)")
        for area in ["clinical.", "reporting.", "legal-aid.", "lodging.", "vetting.", "training."] {
            #expect(names.contains { $0.hasPrefix(area) }, "\(area)")
        }
        try await TestServer.run { server in
            // act: nothing is due on a fresh server
            let result = try await Scheduler.run(server.app)
            // assert
            #expect(result.nothingDone && Set(result.counts.keys) == Set(names), "\(result.counts)")
        }
    }
}
