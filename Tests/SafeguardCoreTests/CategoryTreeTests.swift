import SafeguardCore
import Testing

/// Browsing the centre's categories: counts that include what is under each, in reading order.
@Suite struct CategoryTreeTests {
    @Test func eachCategoryCountsItsTitlesAndThoseOfEveryCategoryUnderIt() {
        // setup: child protection (2 titles) > law (3) > courts (4); family (1); a category whose parent is gone
        let parents: [String: String?] = ["CP": nil, "CP.LAW": "CP", "CP.LAW.COURT": "CP.LAW", "FAM": nil, "ORPHAN": "GONE"]
        // act
        let tree = CategoryTree(parents: parents, direct: ["CP": 2, "CP.LAW": 3, "CP.LAW.COURT": 4, "FAM": 1])
        // assert
        #expect(tree.nodes.map(\.id) == ["CP", "CP.LAW", "CP.LAW.COURT", "FAM", "ORPHAN"])
        #expect(tree.nodes.map(\.depth) == [0, 1, 2, 0, 0])
        #expect(tree.nodes.map(\.total) == [9, 7, 4, 1, 0])
        #expect(Set(tree.subtree("CP")) == ["CP", "CP.LAW", "CP.LAW.COURT"])
        #expect(tree.subtree("FAM") == ["FAM"])
    }

    @Test func aLoopIsCutWhereItCloses() {
        let tree = CategoryTree(parents: ["A": "B", "B": "A", "C": nil], direct: ["A": 1, "B": 1, "C": 1])
        // neither A nor B is at the top: only C is reached, and nothing loops
        #expect(tree.nodes.map(\.id) == ["C"])
        #expect(Set(tree.subtree("A")) == ["A", "B"])
    }

    @Test func aChainOfAHundredThousandLevelsIsWalkedWithoutExhaustingTheStack() {
        // setup: each category under the one before, one title at the bottom
        var parents: [Int: Int?] = [0: nil]
        for level in 1..<100_000 { parents[level] = level - 1 }
        // act
        let tree = CategoryTree(parents: parents, direct: [99_999: 1])
        // assert
        #expect(tree.nodes.count == 100_000 && tree.nodes.allSatisfy { $0.total == 1 } && tree.nodes.last?.depth == 99_999)
        #expect(tree.subtree(0).count == 100_000)
    }
}
