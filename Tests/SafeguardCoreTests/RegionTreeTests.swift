import SafeguardCore
import Testing

/// A country pack's region file: Mongolia's capital with its districts and khoroos, and an aimag
/// with its soums and bags, in any order; a cycle, a missing parent or a code twice refused whole.
@Suite struct RegionTreeTests {
    func rows(_ lines: [(String, String, String)]) -> [RegionTree.Row] {
        lines.enumerated().map { RegionTree.Row(line: $0.offset + 2, code: $0.element.0, name: $0.element.1, parentCode: $0.element.2) }
    }

    func problems(_ result: Result<[RegionTree.Row], ValidationErrors>) -> [String] {
        guard case .failure(let errors) = result else { return [] }
        return errors.errors.map { "\($0.field): \($0.message)" }
    }

    @Test func regionsComeOutParentsFirstWhateverTheFilesOrder() throws {
        // setup: khoroo before its district, bag before its soum before its aimag
        let file = rows([("UB-SBD-1", "1-р хороо", "UB-SBD"), ("UB-SBD", "Сүхбаатар дүүрэг", "UB"), ("UB", "Улаанбаатар", ""),
                         ("ARK-TSE-1", "1-р баг", "ARK-TSE"), ("ARK-TSE", "Цэцэрлэг сум", "ARK"), ("ARK", "Архангай аймаг", "MN")])
        // act
        let ordered = try RegionTree.ordered(file, held: ["MN"]).get()
        // assert
        let position = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1.code, $0) })
        for row in file where !row.parentCode.isEmpty && row.parentCode != "MN" { #expect(position[row.parentCode]! < position[row.code]!, "\(row.code)") }
        #expect(ordered.count == file.count)
    }

    @Test func aCycleAMissingParentAndACodeTwiceAreEachNamedByLine() {
        // a cycle of three, and one region hanging under it, which is not itself in the cycle
        let cycle = rows([("A", "Synthetic A", "C"), ("B", "Synthetic B", "A"), ("C", "Synthetic C", "B"), ("D", "Synthetic D", "C")])
        #expect(problems(RegionTree.ordered(cycle, held: [])) == ["rows[2].parent_code: makes the region its own ancestor",
                                                                   "rows[3].parent_code: makes the region its own ancestor",
                                                                   "rows[4].parent_code: makes the region its own ancestor"])
        #expect(problems(RegionTree.ordered(rows([("A", "Synthetic A", "A")]), held: [])) == ["rows[2].parent_code: makes the region its own ancestor"])
        let missing = rows([("A", "Synthetic A", "NOWHERE"), ("B", "Synthetic B", "A")])
        #expect(problems(RegionTree.ordered(missing, held: ["MN"])) == ["rows[2].parent_code: names a region neither in the file nor on the server"])
        let twice = rows([("A", "Synthetic A", ""), ("A", "Synthetic A again", ""), ("MN", "Mongolia", "")])
        #expect(problems(RegionTree.ordered(twice, held: ["MN"])) == ["rows[3].code: is also the code of row 2", "rows[4].code: is a region the server already holds"])
        let bad = rows([("A B", "Synthetic", ""), ("C", " ", "x y")])
        #expect(problems(RegionTree.ordered(bad, held: [])).count == 3)
    }

    @Test func aChainAHundredThousandLongIsOrderedAndAThousandBadRowsGiveAHundredProblems() throws {
        // setup: each region under the one before, listed deepest first
        let chain = (0..<100_000).reversed().map { RegionTree.Row(line: $0 + 2, code: "R\($0)", name: "Synthetic", parentCode: $0 == 0 ? "" : "R\($0 - 1)") }
        // act
        let ordered = try RegionTree.ordered(chain, held: []).get()
        // assert
        #expect(ordered.first?.code == "R0" && ordered.last?.code == "R99999")
        let bad = (0..<1_000).map { RegionTree.Row(line: $0 + 2, code: "bad code \($0)", name: "", parentCode: "") }
        #expect(problems(RegionTree.ordered(bad, held: [])).count == 100)
    }
}
