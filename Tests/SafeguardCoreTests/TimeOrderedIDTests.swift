import Foundation
import Testing
@testable import SafeguardCore

@Suite struct TimeOrderedIDTests {
    @Test func carriesTheTimeVersionAndVariantOfRFC9562() {
        // setup
        let now = Date(timeIntervalSince1970: 1_795_000_000.123)

        // act
        let id = UUID.timeOrdered(at: now)

        // assert
        let text = id.uuidString
        let milliseconds = UInt64(text.replacingOccurrences(of: "-", with: "").prefix(12), radix: 16)
        #expect(milliseconds == 1_795_000_000_123)
        #expect(Array(text)[14] == "7")
        #expect("89AB".contains(Array(text)[19]))
    }

    @Test func idsMadeLaterSortAfterEarlierOnesAndNeverRepeat() {
        // setup
        let start = Date(timeIntervalSince1970: 1_795_000_000)

        // act
        let ids = (0..<10_000).map { UUID.timeOrdered(at: start.addingTimeInterval(Double($0) * 0.002)) }

        // assert
        let texts = ids.map(\.uuidString)
        let sorted = texts == texts.sorted()
        #expect(sorted)
        #expect(Set(texts).count == texts.count)
        let sameMillisecond = (0..<1_000).map { _ in UUID.timeOrdered(at: start) }
        #expect(Set(sameMillisecond).count == 1_000)
    }

    @Test func theMiddleIdSplitsIdsAtTheirMiddleMoment() {
        // setup
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let ids = (0..<1_000).map { UUID.timeOrdered(at: start.addingTimeInterval(Double($0) * 0.01)) }

        // act
        let middle = UUID.timeOrderedMiddle(of: ids.first!, ids.last!)

        // assert
        #expect(middle.timeOrderedMilliseconds == 1_795_000_000_000 + 4_995)
        let before = ids.filter { $0.uuidString < middle.uuidString }
        #expect(before.count == 500)
        #expect(before == Array(ids.prefix(500)))
        #expect(UUID.timeOrderedMiddle(of: ids[7], ids[7]).uuidString <= ids[7].uuidString)
    }
}
