import Foundation
import SafeguardCore

// Fuzzy matching in memory, as a re-check runs it, on the files of Benchmarks/vetting_data.py:
//
//     swift run -c release safeguard-vetting-bench /tmp/vetting-bench
//
// Exact document match first, then blocked fuzzy candidates for everyone else; precision,
// recall and F1 against truth.csv (overall and by kind of hit), and the time of each phase.
// Prints one JSON object.

/// A record's fields by column name, without building a dictionary per row.
struct Row {
    let columns: [String: Int]
    let fields: [String]
    subscript(_ name: String) -> String? { columns[name].map { fields[$0] } }
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

/// Each slice's pairs, written by one thread each.
final class Results: @unchecked Sendable {
    var exact: [[(Int, Int)]]
    var fuzzy: [[(Int, Int)]]
    init(_ n: Int) { exact = .init(repeating: [], count: n); fuzzy = .init(repeating: [], count: n) }
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

func run() throws {
    let folder = CommandLine.arguments.dropFirst().first ?? "/tmp/vetting-bench"
    let clock = ContinuousClock()
    var references: [String] = []
    var registry: [MatchPerson] = []
    var byDocument: [String: Int32] = [:]
    let loadRegistry = try clock.measure {
        try readCSV(folder + "/registry.csv") { values in
            let p = person(values)
            if let document = p.document { byDocument[document] = Int32(registry.count) }
            registry.append(p)
            references.append(values["source_reference"] ?? "")
        }
    }
    var linker: FuzzyLinker!
    let index = clock.measure { linker = FuzzyLinker(reference: registry) }
    var roster: [(staff: String, person: MatchPerson)] = []
    let loadRoster = try clock.measure { try readCSV(folder + "/roster.csv") { roster.append(($0["staff_reference"] ?? "", person($0))) } }

    // Link on every core, in slices.
    let slices = ProcessInfo.processInfo.activeProcessorCount * 4
    let results = Results(slices)
    let frozenLinker = linker!, frozenRoster = roster, frozenDocuments = byDocument
    let link = clock.measure {
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            var exact: [(Int, Int)] = [], fuzzy: [(Int, Int)] = []
            for i in stride(from: slice, to: frozenRoster.count, by: slices) {
                let p = frozenRoster[i].person
                if let document = p.document, let hit = frozenDocuments[document] { exact.append((i, Int(hit))); continue }
                if let best = frozenLinker.candidates(for: p).first { fuzzy.append((i, best.index)) }
            }
            results.exact[slice] = exact
            results.fuzzy[slice] = fuzzy
        }
    }

    var truth: [String: (reference: String, kind: String)] = [:]
    try readCSV(folder + "/truth.csv") { truth[$0["staff_reference"]!] = ($0["source_reference"]!, $0["kind"]!) }
    func score(_ pairs: [(Int, Int)], kinds: Set<String>?) -> (precision: Double, recall: Double, f1: Double, predicted: Int) {
        let relevant = truth.filter { kinds?.contains($0.value.kind) ?? true }
        var correct = 0
        for (i, r) in pairs where truth[roster[i].staff]?.reference == references[r] { correct += 1 }
        let precision = pairs.isEmpty ? 1 : Double(correct) / Double(pairs.count)
        let recall = relevant.isEmpty ? 1 : Double(correct) / Double(relevant.count)
        return (precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall), pairs.count)
    }
    let exact = results.exact.flatMap { $0 }, fuzzy = results.fuzzy.flatMap { $0 }
    let all = score(exact + fuzzy, kinds: nil)
    let fuzzyOnly = score(fuzzy, kinds: ["no_id", "typo", "swapped", "wrong_date"])
    var byKind: [String: Double] = [:]
    for kind in ["exact", "no_id", "typo", "swapped", "wrong_date"] {
        let wanted = truth.filter { $0.value.kind == kind }
        let found = (exact + fuzzy).filter { truth[roster[$0.0].staff]?.kind == kind && truth[roster[$0.0].staff]?.reference == references[$0.1] }.count
        byKind[kind] = wanted.isEmpty ? 1 : Double(found) / Double(wanted.count)
    }
    let total = seconds(loadRegistry) + seconds(index) + seconds(loadRoster) + seconds(link)
    var falseReasons: [String: Int] = [:]
    for (i, r) in fuzzy where truth[roster[i].staff]?.reference != references[r] {
        falseReasons[VettingMatcher.score(roster[i].person, registry[r]).reasons.joined(separator: "+"), default: 0] += 1
    }
    let report: [String: Any] = [
        "false_positive_reasons": falseReasons,
        "registry": registry.count, "roster": roster.count, "cores": ProcessInfo.processInfo.activeProcessorCount,
        "seconds": ["read_registry": seconds(loadRegistry), "block_index": seconds(index), "read_roster": seconds(loadRoster), "link": seconds(link), "total": total],
        "roster_per_second_link": Double(roster.count) / seconds(link), "roster_per_second_total": Double(roster.count) / total,
        "overall": ["precision": all.precision, "recall": all.recall, "f1": all.f1, "predicted": all.predicted],
        "fuzzy": ["precision": fuzzyOnly.precision, "recall": fuzzyOnly.recall, "f1": fuzzyOnly.f1, "predicted": fuzzyOnly.predicted],
        "recall_by_kind": byKind,
    ]
    print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
}

if CommandLine.arguments.count > 2, CommandLine.arguments[1] == "--ingest" {
    try ingest(CommandLine.arguments[2])
} else {
    try run()
}
