import Foundation
import SafeguardCore

/// The best F1 any matcher could reach on these files if it decided each pair by what the two
/// rows show: how the names agree, how the birth dates differ, the sexes, the document numbers
/// (and whether each agrees with its own row's birth date), how many registry and roster people
/// share the name, whether the pair is the person's best by score, and whether the record is
/// already another person's exact hit. Pairs alike in all of these are alike to every such
/// matcher, which must take all of them or none; the best choice takes the kinds in order of their
/// share of true pairs (a prefix of that order). The pairs are every pair the
/// blocking finds (one wrong birth date field or one name spelling is always found); exact hits
/// are kept as the server makes them. Several pairs for one person may all be taken, which only
/// helps the bound: no matcher on this evidence can do better.
struct EvidenceBound {
    struct Tally {
        var right = 0
        var wrong = 0
    }

    static func compute(roster: [MatchPerson], registry: [MatchPerson], linker: FuzzyLinker, hit: [Bool], hitRecords: Set<Int>,
                        isTrue: @escaping @Sendable (Int, Int) -> Bool) -> [String: Tally] {
        var rosterCounts: [String: Int] = [:]
        for person in roster { rosterCounts[person.name.unordered, default: 0] += 1 }
        let slices = 16
        let parts = SliceTallies(slices)
        let frozenCounts = rosterCounts
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            var tally: [String: Tally] = [:]
            for i in stride(from: slice, to: roster.count, by: slices) where !hit[i] {
                let person = roster[i]
                let subject = linker.registeredNamesakes(of: person)
                let blocked = linker.blocked(for: person)
                let scores = blocked.map { VettingMatcher.score(person, registry[$0], frequency: .unknown) }
                let top = scores.map(\.score).max() ?? 0
                for (j, score) in zip(blocked, scores) {
                    let key = signature(person, registry[j], reasons: score.reasons, registryNamesakes: linker.namesakes(at: j),
                                        subjectNamesakes: subject, rosterNamesakes: frozenCounts[person.name.unordered] ?? 0)
                        + (score.score == top ? "+best_for_person" : "+not_best") + (hitRecords.contains(j) ? "+record_is_a_hit" : "")
                    if isTrue(i, j) { tally[key, default: Tally()].right += 1 } else { tally[key, default: Tally()].wrong += 1 }
                }
            }
            parts.tallies[slice] = tally
        }
        return parts.tallies.reduce(into: [:]) { all, part in
            for (key, value) in part {
                all[key, default: Tally()].right += value.right
                all[key, default: Tally()].wrong += value.wrong
            }
        }
    }

    /// The best F1 over prefixes of the kinds ordered by their share of true pairs, with the hits
    /// (`hitsCorrect` of `hitsPredicted`) and the kinds `mustTake` names always taken, against
    /// `findable` true pairs.
    static func best(_ tallies: [String: Tally], hitsCorrect: Int, hitsPredicted: Int, findable: Int,
                     mustTake: (String) -> Bool = { _ in false }) -> [String: Any] {
        var right = hitsCorrect, predicted = hitsPredicted
        for (kind, tally) in tallies where mustTake(kind) {
            right += tally.right
            predicted += tally.right + tally.wrong
        }
        let ordered = tallies.filter { !mustTake($0.key) }.values.sorted {
            Double($0.right) / Double($0.right + $0.wrong) > Double($1.right) / Double($1.right + $1.wrong)
        }
        var best = (f1: 2 * Double(right) / Double(predicted + findable), right: right, predicted: predicted, kinds: 0)
        for (taken, kind) in ordered.enumerated() {
            right += kind.right
            predicted += kind.right + kind.wrong
            let f1 = 2 * Double(right) / Double(predicted + findable)
            if f1 > best.f1 { best = (f1, right, predicted, taken + 1) }
        }
        return ["f1": best.f1, "precision": Double(best.right) / Double(best.predicted), "recall": Double(best.right) / Double(findable),
                "predicted": best.predicted, "correct": best.right, "kinds_taken": best.kinds, "kinds": tallies.count,
                "pairs_blocked": tallies.values.reduce(0) { $0 + $1.right + $1.wrong }]
    }

    /// `reasons`: the pair's reasons as `VettingMatcher.score` gives them without namesake counts.
    static func signature(_ a: MatchPerson, _ b: MatchPerson, reasons: [String], registryNamesakes: Int, subjectNamesakes: Int,
                          rosterNamesakes: Int) -> String {
        let name = reasons.first { $0.hasPrefix("name_") } ?? (reasons.contains("document_differs") ? "unscored" : "name_differs")
        let documents: String
        switch (a.document, b.document) {
        case (nil, nil): documents = "no_numbers"
        case (_?, nil): documents = "roster_number_only"
        case (nil, _?): documents = "registry_number_only"
        case let (x?, y?): documents = x == y ? "number_equal" : reasons.contains("document_close") ? "number_close" : "number_differs"
        }
        let sex: String
        switch (a.sex, b.sex) {
        case let (x?, y?) where x == y && x != .unknown: sex = "sex_equal"
        case let (x?, y?) where [Sex.female, .male].contains(x) && [Sex.female, .male].contains(y): sex = "sex_differs"
        default: sex = "sex_unknown"
        }
        return [name, dateRelation(a, b), sex, documents, "roster_" + numberAgreesWithDate(a), "registry_" + numberAgreesWithDate(b),
                "registry_namesakes_" + bucket(registryNamesakes), subjectNamesakes > 0 ? "spelling_registered" : "spelling_not_registered",
                "roster_namesakes_" + bucket(rosterNamesakes)].joined(separator: "+")
    }

    static func dateRelation(_ a: MatchPerson, _ b: MatchPerson) -> String {
        switch (a.birthYear == b.birthYear, a.birthMonth == b.birthMonth, a.birthDay == b.birthDay) {
        case (true, true, true): return "date_equal"
        case (true, true, false): return abs(a.birthDay - b.birthDay) == 1 ? "day_one_off" : "day_differs"
        case (true, false, true): return "month_differs"
        case (false, true, true):
            if abs(a.birthYear - b.birthYear) == 1 { return "year_one_off" }
            let x = Array(String(a.birthYear)), y = Array(String(b.birthYear))
            return x.count == y.count && zip(x, y).filter { $0 != $1 }.count == 1 ? "year_one_digit" : "year_differs"
        case (true, false, false) where a.birthMonth == b.birthDay && a.birthDay == b.birthMonth: return "day_month_swapped"
        default: return "date_two_fields"
        }
    }

    /// Whether an 18-character resident number carries the row's own birth date (GB 11643 places 7-14).
    static func numberAgreesWithDate(_ person: MatchPerson) -> String {
        guard let number = person.document, number.utf8.count == 18 else { return "number_not_resident" }
        let date = String(format: "%04d%02d%02d", person.birthYear, person.birthMonth, person.birthDay)
        return Array(number.utf8)[6..<14].elementsEqual(date.utf8) ? "number_holds_date" : "number_holds_other_date"
    }

    static func bucket(_ count: Int) -> String {
        switch count {
        case ...1: return "1"
        case 2: return "2"
        case 3: return "3"
        case 4...7: return "4-7"
        case 8...13: return "8-13"
        case 14...30: return "14-30"
        default: return "31+"
        }
    }
}

/// Each slice's tally, written by one thread each.
final class SliceTallies: @unchecked Sendable {
    var tallies: [[String: EvidenceBound.Tally]]
    init(_ n: Int) { tallies = .init(repeating: [:], count: n) }
}
