/// A set of 64-bit keyed hashes (`BlindIndex.key64`). They are spread evenly already and cannot
/// be chosen by an outsider, so each is its own hash in one open-addressed table: a million-row
/// upload's search for repeats spent most of its time hashing keys again with `Set`.
public struct KeySet: Sendable {
    /// Zero marks an empty slot; a zero key is remembered apart.
    private var slots: [Int64]
    private var holdsZero = false
    public private(set) var count = 0

    public init(capacity: Int = 0) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = [Int64](repeating: 0, count: size)
    }

    /// Adds `key`; false when it was in the set already.
    public mutating func insert(_ key: Int64) -> Bool {
        if key == 0 {
            if holdsZero { return false }
            holdsZero = true
            count += 1
            return true
        }
        if (count + 1) * 2 > slots.count { grow() }
        let inserted = Self.place(key, in: &slots)
        if inserted { count += 1 }
        return inserted
    }

    public func contains(_ key: Int64) -> Bool {
        if key == 0 { return holdsZero }
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: key) & mask
        while slots[index] != 0 {
            if slots[index] == key { return true }
            index = (index + 1) & mask
        }
        return false
    }

    private static func place(_ key: Int64, in slots: inout [Int64]) -> Bool {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: key) & mask
        while slots[index] != 0 {
            if slots[index] == key { return false }
            index = (index + 1) & mask
        }
        slots[index] = key
        return true
    }

    private mutating func grow() {
        var larger = [Int64](repeating: 0, count: slots.count * 2)
        for key in slots where key != 0 { _ = Self.place(key, in: &larger) }
        slots = larger
    }
}
