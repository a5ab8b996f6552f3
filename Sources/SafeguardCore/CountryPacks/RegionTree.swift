/// A country's administrative divisions read from a file (`code,name,parent_code`): China's
/// provinces, prefectures and counties; Mongolia's capital and aimags, its districts and soums,
/// their khoroos and bags. The file is checked whole before anything is written: each code once,
/// each parent in the file or already held, no region its own ancestor; then the regions come out
/// parents first, so that each insert finds its parent.
public enum RegionTree {
    public struct Row: Sendable, Equatable {
        /// The file's line, for the report.
        public var line: Int
        public var code: String
        public var name: String
        /// Empty for a region under the country's root.
        public var parentCode: String

        public init(line: Int, code: String, name: String, parentCode: String) {
            self.line = line
            self.code = code
            self.name = name
            self.parentCode = parentCode
        }
    }

    /// 1 to 20 Latin letters, digits or dashes, as a region typed in by hand (`CN-11`, `MN-UB-SBD`).
    public static func isCode(_ text: String) -> Bool {
        (1...20).contains(text.utf8.count) && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
    }

    /// The rows in an order where every parent comes before its children, or the problems (at most
    /// a hundred), each named by its row (`rows[2]` the first after the header). `held`: the codes already on the server, which a row may hang under.
    public static func ordered(_ rows: [Row], held: Set<String>) -> Result<[Row], ValidationErrors> {
        var v = FieldValidator()
        var byCode: [String: Row] = [:]
        for row in rows where v.errors.count < 100 {
            let place = "rows[\(row.line)]"
            v.check(isCode(row.code), "\(place).code", "use 1 to 20 letters, digits or dashes")
            _ = v.text(row.name, "\(place).name", max: 200, required: "is required, up to 200 characters")
            v.check(row.parentCode.isEmpty || isCode(row.parentCode), "\(place).parent_code", "use 1 to 20 letters, digits or dashes")
            if let first = byCode[row.code] {
                v.add("\(place).code", "is also the code of row \(first.line)")
            } else if held.contains(row.code) {
                v.add("\(place).code", "is a region the server already holds")
            } else {
                byCode[row.code] = row
            }
        }
        for row in rows where v.errors.count < 100 && isCode(row.parentCode) && byCode[row.parentCode] == nil && !held.contains(row.parentCode) {
            v.add("rows[\(row.line)].parent_code", "names a region neither in the file nor on the server")
        }
        // each row's chain of parents within the file must end outside it; one that comes back is a cycle
        var settled = Set<String>(), cyclic = Set<String>()
        for row in rows where byCode[row.code]?.line == row.line {
            var chain: [String] = [], seen = Set<String>(), code = row.code
            while let current = byCode[code], !settled.contains(code) {
                if !seen.insert(code).inserted {
                    cyclic.formUnion(chain.drop { $0 != code })
                    break
                }
                chain.append(code)
                code = current.parentCode
            }
            settled.formUnion(chain)
        }
        for row in rows where v.errors.count < 100 && cyclic.contains(row.code) && byCode[row.code]?.line == row.line {
            v.add("rows[\(row.line)].parent_code", "makes the region its own ancestor")
        }
        if !v.errors.isEmpty { return .failure(ValidationErrors(v.errors)) }
        // parents first: by depth within the file, walked up without recursion (a chain may be a hundred thousand long)
        var depth: [String: Int] = [:]
        for row in rows {
            var chain: [String] = [], code = row.code
            while depth[code] == nil, let current = byCode[code] {
                chain.append(code)
                code = current.parentCode
            }
            var d = depth[code] ?? 0
            for link in chain.reversed() {
                d += 1
                depth[link] = d
            }
        }
        return .success(rows.enumerated().sorted { (depth[$0.element.code] ?? 0, $0.offset) < (depth[$1.element.code] ?? 0, $1.offset) }.map(\.element))
    }
}
