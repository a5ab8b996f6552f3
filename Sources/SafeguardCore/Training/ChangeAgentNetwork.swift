import Foundation

/// Where a Change Agent's project stands.
public enum ChangeProjectStatus: String, CaseIterable, Codable, Sendable {
    case planned, active, completed, stopped
}

/// A network of Change Agents counted as a coordinator reports it ("38 agents across 21 batches"):
/// each person once, however many batches they graduated from, and by the region and institution
/// they work in. An institution is the same whatever its spelling's case or spacing.
public struct ChangeAgentNetwork: Sendable, Equatable {
    public struct Agent: Sendable {
        public var person: UUID, batch: UUID, region: String?, institution: String
        public init(person: UUID, batch: UUID, region: String?, institution: String) {
            self.person = person; self.batch = batch; self.region = region; self.institution = institution
        }
    }

    public struct Count: Sendable, Equatable, Codable {
        public var name: String, agents: Int
        public init(name: String, agents: Int) { self.name = name; self.agents = agents }
    }

    public let agents: Int
    public let batches: Int
    /// Largest first; people without a recorded region are counted under nil's name, "".
    public let byRegion: [Count]
    public let byInstitution: [Count]

    public init(_ agents: [Agent]) {
        var people: [UUID: Agent] = [:]
        for agent in agents where people[agent.person] == nil { people[agent.person] = agent }
        self.agents = people.count
        batches = Set(agents.map(\.batch)).count
        byRegion = Self.count(people.values.map { ($0.region ?? "", $0.region ?? "") })
        byInstitution = Self.count(people.values.map { (Self.key($0.institution), $0.institution.trimmingCharacters(in: .whitespaces)) })
    }

    static func key(_ institution: String) -> String {
        institution.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Counted by key, named by the first spelling met in key order, largest first, then by name.
    private static func count(_ keyed: [(key: String, name: String)]) -> [Count] {
        var counts: [String: (name: String, agents: Int)] = [:]
        for (key, name) in keyed.sorted(by: { ($0.key, $0.name) < ($1.key, $1.name) }) {
            counts[key, default: (name, 0)].agents += 1
        }
        return counts.values.map { Count(name: $0.name, agents: $0.agents) }
            .sorted { ($0.agents, $1.name) > ($1.agents, $0.name) }
    }
}
