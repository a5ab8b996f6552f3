import Foundation
import SafeguardCore

// What a roster upload costs per row before anything is written, one step at a time, on one core:
//
//     swift run -c release safeguard-vetting-bench --ingest /tmp/vetting-bench/roster.csv
//
// Prints one JSON object: microseconds per row for each step.

func ingest(_ path: String) throws {
    let clock = ContinuousClock()
    var records: [CSVRecord] = []
    let reading = try clock.measure {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        var reader = CSVReader()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { try chunk.withUnsafeBytes { try reader.feed($0) { records.append($0) } } }
        try reader.finish { records.append($0) }
    }
    let columns = try CSVColumns(header: records.removeFirst(), required: RosterEntryInput.requiredColumns, optional: RosterEntryInput.optionalColumns)
    var inputs: [RosterEntryInput] = []
    inputs.reserveCapacity(records.count)
    let validating = clock.measure {
        for record in records {
            if case .success(let values) = columns.values(record), case .success(let input) = RosterEntryInput.read(values) { inputs.append(input) }
        }
    }
    let keyring = Keyring.generate()
    let cipher = FieldCipher(keyring: keyring), index = BlindIndex(keyring: keyring)
    var sealedBytes = 0 // read at the end, so that no seal is optimised away
    let sealing = try clock.measure {
        for input in inputs {
            let context = "roster_entries/\(UUID().uuidString)/"
            sealedBytes += try cipher.seal(input.person.name, context: context + "name").utf8.count
            sealedBytes += try cipher.seal(input.person.birthDate?.description ?? "", context: context + "birth_date").utf8.count
            sealedBytes += try cipher.seal(input.person.documentNumber, context: context + "document_number")?.utf8.count ?? 0
        }
    }
    let sealingOnce = try clock.measure {
        for input in inputs {
            let details = (input.person.birthDate?.description ?? "") + "\u{1F}" + (input.person.documentNumber ?? "") + "\u{1F}" + input.person.name
            sealedBytes += try cipher.seal(details, context: "roster_entries/\(UUID().uuidString)/person").utf8.count
        }
    }
    var keys = 0
    let documentKeys = clock.measure {
        for input in inputs { keys &+= Int(truncatingIfNeeded: index.documentKey(input.person.documentNumber) ?? 0) }
    }
    let blocking = clock.measure {
        for input in inputs {
            for key in VettingMatcher.blockingKeys(MatchPerson(input.person)) { keys &+= Int(truncatingIfNeeded: index.key64(key, domain: .vettingBlock)) }
        }
    }
    let rows = Double(inputs.count)
    func perRow(_ d: Duration) -> Double { (seconds(d) * 1e6 / rows * 100).rounded() / 100 }
    let figures: [String: Any] = [
        "rows": inputs.count, "readCSVMicroseconds": perRow(reading), "validateMicroseconds": perRow(validating),
        "sealThreeFieldsMicroseconds": perRow(sealing), "sealAsOneValueMicroseconds": perRow(sealingOnce), "documentKeyMicroseconds": perRow(documentKeys),
        "blockingKeysMicroseconds": perRow(blocking), "checksum": (keys ^ sealedBytes) & 1,
    ]
    print(String(decoding: try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys]), as: UTF8.self))
}
