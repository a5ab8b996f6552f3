import Foundation
import SafeguardCore

// A re-check's matching in memory, on the files of Benchmarks/vetting_data.py:
//
//     swift run -c release safeguard-vetting-bench /tmp/vetting-bench
//
// As the server decides: every roster row checked as an upload checks it; a registry record with
// the same document number is a hit only when the person agrees too (`documentHitHolds`); everyone
// else gets the best blocked fuzzy candidate (a shared number always among them), which a keeper
// reviews. Scored against truth.csv for hits alone and for hits plus possible matches, by kind of
// hit and by kind of decoy, with the time of each phase. Prints one JSON object.

/// A record's fields by column name, without building a dictionary per row.
struct Row {
    let columns: [String: Int]
    let fields: [String]
    subscript(_ name: String) -> String? { columns[name].map { fields[$0] } }
    var values: ColumnValues { ColumnValues(names: Array(columns.keys), fields: columns.values.map { fields[$0] }) }
}

func readCSV(_ path: String, _ row: @escaping (Row) -> Void) throws {
    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    var reader = CSVReader()
    var columns: [String: Int]?
    let take = { (record: CSVRecord) in
        guard let names = columns else { columns = Dictionary(uniqueKeysWithValues: record.fields.enumerated().map { ($1, $0) }); return }
        row(Row(columns: names, fields: record.fields))
    }
    while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { try chunk.withUnsafeBytes { try reader.feed($0, emit: take) } }
    try reader.finish(emit: take)
}

func person(_ values: Row) -> MatchPerson {
    let document = values["document_number"].flatMap { $0.isEmpty ? nil : DocumentNumber.normalise($0) }
    return MatchPerson(name: PinyinName.matchName(values["name"] ?? ""), birthDate: PartialDate(values["birth_date"] ?? "") ?? PartialDate(year: 1900)!,
                       sex: Sex(rawValue: values["sex"] ?? ""), document: document)
}

/// Each slice's pairs (roster index, registry index), written by one thread each.
final class Results: @unchecked Sendable {
    var hits: [[(Int, Int)]]
    var possible: [[(Int, Int)]]
    init(_ n: Int) { hits = .init(repeating: [], count: n); possible = .init(repeating: [], count: n) }
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

struct Quality {
    var precision: Double, recall: Double, f1: Double, predicted: Int, correct: Int
    var json: [String: Any] { ["precision": precision, "recall": recall, "f1": f1, "predicted": predicted, "correct": correct] }
}

func run() throws {
    let folder = CommandLine.arguments.dropFirst().first ?? "/tmp/vetting-bench"
    let clock = ContinuousClock()
    var references: [String] = []
    var registry: [MatchPerson] = []
    let loadRegistry = try clock.measure {
        try readCSV(folder + "/registry.csv") { values in
            let p = person(values)
            registry.append(p)
            references.append(values["source_reference"] ?? "")
        }
    }
    var linker: FuzzyLinker!
    let index = clock.measure { linker = FuzzyLinker(reference: registry) }
    var roster: [(staff: String, person: MatchPerson)] = []
    var invalid = 0
    let loadRoster = try clock.measure {
        try readCSV(folder + "/roster.csv") { row in
            guard case .success = RosterEntryInput.read(row.values) else { invalid += 1; return }
            roster.append((row["staff_reference"] ?? "", person(row)))
        }
    }
    var refused = 0, refusedRows = 0
    try readCSV(folder + "/roster_refused.csv") { row in
        refusedRows += 1
        if case .failure(let problems) = RosterEntryInput.read(row.values), problems.errors.contains(where: { $0.field == "document_number" }) { refused += 1 }
    }

    // Link on every core, in slices.
    let slices = ProcessInfo.processInfo.activeProcessorCount * 4
    let results = Results(slices)
    let frozenLinker = linker!, frozenRoster = roster
    let link = clock.measure {
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            var hits: [(Int, Int)] = [], possible: [(Int, Int)] = []
            for i in stride(from: slice, to: frozenRoster.count, by: slices) {
                let p = frozenRoster[i].person
                if let hit = frozenLinker.hit(for: p) { hits.append((i, hit)) } else if let best = frozenLinker.candidates(for: p).first { possible.append((i, best.index)) }
            }
            results.hits[slice] = hits
            results.possible[slice] = possible
        }
    }

    var truth: [String: (reference: String, kind: String)] = [:]
    try readCSV(folder + "/truth.csv") { truth[$0["staff_reference"]!] = ($0["source_reference"]!, $0["kind"]!) }
    var decoys: [String: String] = [:]
    try readCSV(folder + "/decoys.csv") { decoys[$0["staff_reference"]!] = $0["kind"]! }
    let onRoster = Set(roster.map(\.staff))
    let findable = truth.filter { onRoster.contains($0.key) }
    func isTrue(_ pair: (Int, Int)) -> Bool { truth[roster[pair.0].staff]?.reference == references[pair.1] }
    func quality(_ pairs: [(Int, Int)]) -> Quality {
        let correct = pairs.filter(isTrue).count
        let precision = pairs.isEmpty ? 1 : Double(correct) / Double(pairs.count)
        let recall = findable.isEmpty ? 1 : Double(correct) / Double(findable.count)
        return Quality(precision: precision, recall: recall, f1: precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall),
                       predicted: pairs.count, correct: correct)
    }
    let hits = results.hits.flatMap { $0 }, possible = results.possible.flatMap { $0 }
    func recallByKind(_ pairs: [(Int, Int)]) -> [String: Double] {
        var found: [String: Int] = [:], wanted: [String: Int] = [:]
        for (_, value) in findable { wanted[value.kind, default: 0] += 1 }
        for pair in pairs where isTrue(pair) { found[truth[roster[pair.0].staff]!.kind, default: 0] += 1 }
        return wanted.mapValues { Double($0) }.reduce(into: [:]) { $0[$1.key] = Double(found[$1.key] ?? 0) / $1.value }
    }
    /// Wrong pairs by who they wrongly name: a decoy of each kind, a true hit given the wrong record, or anyone else.
    func falsePositives(_ pairs: [(Int, Int)]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for pair in pairs where !isTrue(pair) {
            let staff = roster[pair.0].staff
            counts[decoys[staff] ?? (truth[staff] != nil ? "true_hit_given_another_record" : "other_staff"), default: 0] += 1
        }
        return counts
    }
    var falseReasons: [String: Int] = [:]
    for pair in possible where !isTrue(pair) {
        falseReasons[VettingMatcher.score(roster[pair.0].person, registry[pair.1]).reasons.joined(separator: "+"), default: 0] += 1
    }
    // The best any matcher could do on the same evidence (EvidenceBound).
    var isHit = [Bool](repeating: false, count: roster.count)
    for (i, _) in hits { isHit[i] = true }
    let staff = roster.map(\.staff), truthByStaff = truth, frozenReferences = references
    var bound: [String: Any] = [:]
    let boundTime = clock.measure {
        let tallies = EvidenceBound.compute(roster: roster.map(\.person), registry: registry, linker: frozenLinker, hit: isHit,
                                               hitRecords: Set(hits.map(\.1))) { i, j in
            truthByStaff[staff[i]]?.reference == frozenReferences[j]
        }
        let hitQuality = quality(hits)
        bound["any_choice"] = EvidenceBound.best(tallies, hitsCorrect: hitQuality.correct, hitsPredicted: hitQuality.predicted, findable: findable.count)
        // Item 12 of issue 21: a shared number always goes to a keeper, whatever else differs.
        bound["shared_numbers_to_a_keeper"] = EvidenceBound.best(tallies, hitsCorrect: hitQuality.correct, hitsPredicted: hitQuality.predicted,
                                                                 findable: findable.count) { $0.contains("+number_equal+") }
    }
    bound["seconds"] = seconds(boundTime)
    let total = seconds(loadRegistry) + seconds(index) + seconds(loadRoster) + seconds(link)
    let report: [String: Any] = [
        "registry": registry.count, "roster": roster.count, "roster_invalid": invalid, "cores": ProcessInfo.processInfo.activeProcessorCount,
        "true_hits_on_roster": findable.count, "decoys": decoys.count,
        "refused_at_upload": ["rows": refusedRows, "refused_naming_document_number": refused],
        "seconds": ["read_registry": seconds(loadRegistry), "block_index": seconds(index), "read_and_check_roster": seconds(loadRoster),
                    "link": seconds(link), "total": total],
        "roster_per_second_link": Double(roster.count) / seconds(link),
        "hits": quality(hits).json, "hits_and_possible": quality(hits + possible).json,
        "recall_by_kind": ["hits": recallByKind(hits), "hits_and_possible": recallByKind(hits + possible)],
        "false_positives": ["hits": falsePositives(hits), "hits_and_possible": falsePositives(hits + possible)],
        "false_possible_reasons": falseReasons,
        "best_on_this_evidence": bound,
    ]
    print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
}

if CommandLine.arguments.count > 2, CommandLine.arguments[1] == "--ingest" {
    try ingest(CommandLine.arguments[2])
} else {
    try run()
}
