import Foundation
import Testing
@testable import SafeguardCore

@Suite struct RedFlagRulesTests {
    func codes(_ stay: StayFacts) -> [String] { RedFlagRules.evaluate(stay).map(\.code) }

    @Test func aThirteenYearOldWithAnUnrelatedAdultIsRed() {
        // act
        let flags = RedFlagRules.evaluate(StayFacts(minors: [.init(age: 13, sex: .female)],
                                                    adults: [.init(age: 35, sex: .male, relationship: .unrelated)], guardianReached: false))
        // assert
        #expect(flags.first?.code == "unrelated_adult")
        #expect(flags.first?.colour == .red)
    }

    @Test func aFamilyStayRaisesNothing() {
        #expect(codes(StayFacts(minors: [.init(age: 9, sex: .female), .init(age: 12, sex: .male)],
                                adults: [.init(age: 40, sex: .female, relationship: .parent)], guardianReached: true)).isEmpty)
    }

    @Test func aMinorWhoNamesNoGuardianIsOrangeEvenWithFamily() {
        // setup: a 15-year-old with a sibling, who names no parent or guardian
        let facts = StayFacts(minors: [.init(age: 15, sex: .female)], adults: [.init(age: 19, sex: .female, relationship: .sibling)],
                              guardianReached: false, guardianNamed: false)
        // act
        let flags = RedFlagRules.evaluate(facts, policy: RedFlagPolicy())
        // assert
        #expect(flags.map(\.code) == ["no_guardian_named"] && flags.first?.colour == .orange)
    }

    @Test func implausibleRelationshipsAreOrange() {
        #expect(codes(StayFacts(minors: [.init(age: 15, sex: .female)], adults: [.init(age: 24, sex: .male, relationship: .parent)],
                                guardianReached: true)) == ["implausible_relationship"])
        #expect(codes(StayFacts(minors: [.init(age: 15, sex: .female)], adults: [.init(age: 40, sex: .male, relationship: .grandparent)],
                                guardianReached: true)) == ["implausible_relationship"])
        #expect(codes(StayFacts(minors: [.init(age: 15, sex: .female)], adults: [.init(age: 33, sex: .male, relationship: .notStated)],
                                guardianReached: true)) == ["relationship_not_stated"])
    }

    @Test func aYoungMinorAloneNeedsAReachedGuardian() {
        #expect(codes(StayFacts(minors: [.init(age: 15, sex: .male)], adults: [], guardianReached: false)) == ["alone_without_guardian"])
        #expect(codes(StayFacts(minors: [.init(age: 15, sex: .male)], adults: [], guardianReached: true)).isEmpty)
        #expect(codes(StayFacts(minors: [.init(age: 17, sex: .male)], adults: [], guardianReached: false)).isEmpty)
    }

    @Test func oppositeSexMinorsLateAndManyVisitorsAndObservations() {
        // setup: 23:30 in UTC+8 is 15:30 UTC
        let late = ISO8601DateFormatter().date(from: "2026-11-26T15:30:00Z")!
        let afternoon = ISO8601DateFormatter().date(from: "2026-11-26T07:00:00Z")!
        let stay = StayFacts(minors: [.init(age: 16, sex: .female), .init(age: 16, sex: .male)], adults: [], guardianReached: true,
                             visitors: [.init(arrivedAt: late, relationship: .unrelated), .init(arrivedAt: afternoon, relationship: .unrelated),
                                        .init(arrivedAt: afternoon, relationship: .familyFriend), .init(arrivedAt: late, relationship: .parent)],
                             observations: [.cashOnly, .intoxicated])
        // act
        let flags = RedFlagRules.evaluate(stay)
        // assert
        #expect(flags.map(\.code) == ["intoxicated", "opposite_sex_minors", "late_visitor", "many_visitors", "cash_only"])
        #expect(flags.first { $0.code == "late_visitor" }?.reason.contains("1 visitor") == true)
    }

    @Test func thresholdsAreThePolicys() {
        var policy = RedFlagPolicy()
        policy.aloneUnderAge = 18
        #expect(RedFlagRules.evaluate(StayFacts(minors: [.init(age: 17, sex: .male)], adults: [], guardianReached: false), policy: policy)
            .map(\.code) == ["alone_without_guardian"])
    }
}
