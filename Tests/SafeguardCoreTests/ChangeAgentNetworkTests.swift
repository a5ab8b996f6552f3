import Foundation
import SafeguardCore
import Testing

@Suite struct ChangeAgentNetworkTests {
    @Test func aPersonIsOneAgentHoweverManyBatchesTheyGraduatedFrom() {
        // setup: three people in two batches, one of them in both
        let (a, b, c) = (UUID(), UUID(), UUID())
        let (first, second) = (UUID(), UUID())
        let agents = [
            ChangeAgentNetwork.Agent(person: a, batch: first, region: "Ulaanbaatar", institution: "Synthetic University"),
            ChangeAgentNetwork.Agent(person: a, batch: second, region: "Ulaanbaatar", institution: "Synthetic University"),
            ChangeAgentNetwork.Agent(person: b, batch: first, region: "Darkhan", institution: "synthetic  university "),
            ChangeAgentNetwork.Agent(person: c, batch: second, region: nil, institution: "Synthetic School No. 1"),
        ]
        // act
        let network = ChangeAgentNetwork(agents)
        // assert
        #expect(network.agents == 3 && network.batches == 2)
        #expect(network.byInstitution == [.init(name: "Synthetic University", agents: 2), .init(name: "Synthetic School No. 1", agents: 1)])
        #expect(network.byRegion == [.init(name: "", agents: 1), .init(name: "Darkhan", agents: 1), .init(name: "Ulaanbaatar", agents: 1)])
    }

    @Test func anEmptyNetworkCountsNothing() {
        let network = ChangeAgentNetwork([])
        #expect(network.agents == 0 && network.batches == 0 && network.byRegion.isEmpty && network.byInstitution.isEmpty)
    }
}
