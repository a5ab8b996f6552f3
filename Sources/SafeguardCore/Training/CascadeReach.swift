/// How far training spreads: the people a programme (or a Change Agent) trained directly are the
/// first generation, the people they trained the second, and so on. A person trained twice counts
/// once, at the lowest generation they reach, and a loop in the records (which the server refuses
/// when attendance is marked, but an import might carry) cannot count anyone twice or run forever.
public enum CascadeReach {
    /// How many generations a reach counts: deep enough for any real cascade, and a bound on a walk
    /// through records that loop.
    public static let defaultMaxGenerations = 10

    /// `firstGeneration`: the people trained directly. `trainees`: who each person trained.
    /// Returns each reached person's generation (1 for the first), up to `maxGenerations`.
    public static func generations<ID: Hashable>(firstGeneration: some Sequence<ID>, trainees: [ID: [ID]], maxGenerations: Int = defaultMaxGenerations) -> [ID: Int] {
        var generation: [ID: Int] = [:]
        var frontier: [ID] = []
        for person in firstGeneration where generation[person] == nil {
            generation[person] = 1
            frontier.append(person)
        }
        var level = 1
        while !frontier.isEmpty && level < maxGenerations {
            level += 1
            var next: [ID] = []
            for trainer in frontier {
                for person in trainees[trainer] ?? [] where generation[person] == nil {
                    generation[person] = level
                    next.append(person)
                }
            }
            frontier = next
        }
        return generation
    }
}
