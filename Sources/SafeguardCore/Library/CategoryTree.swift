/// The centre's own categories as a tree: each category's titles counted with those of every
/// category under it, and the categories in reading order (each followed by those under it).
public struct CategoryTree<ID: Hashable & Comparable & Sendable>: Sendable {
    public struct Node: Equatable, Sendable {
        public var id: ID
        public var depth: Int
        /// Titles in this category or any under it, each counted once per category it is in.
        public var total: Int
    }

    public let nodes: [Node]
    let children: [ID: [ID]]

    /// `parents` gives each category's parent (nil at the top), `direct` the titles filed in each
    /// itself; `order` sorts siblings. A parent that is not among the categories puts its child at the
    /// top; a loop (which the store never writes) is cut where it closes.
    public init(parents: [ID: ID?], direct: [ID: Int], order: (ID, ID) -> Bool = { $0 < $1 }) {
        var children: [ID: [ID]] = [:], roots: [ID] = []
        for (id, parent) in parents {
            if let parent, parents[parent] != nil { children[parent, default: []].append(id) } else { roots.append(id) }
        }
        for key in children.keys { children[key]!.sort(by: order) }
        self.children = children
        var nodes: [Node] = [], visited = Set<ID>()
        func walk(_ id: ID, depth: Int) -> Int {
            guard visited.insert(id).inserted else { return 0 }
            let index = nodes.count
            nodes.append(Node(id: id, depth: depth, total: 0))
            var total = direct[id] ?? 0
            for child in children[id] ?? [] { total += walk(child, depth: depth + 1) }
            nodes[index].total = total
            return total
        }
        for root in roots.sorted(by: order) { _ = walk(root, depth: 0) }
        self.nodes = nodes
    }

    /// The category and every category under it: what a search "in" it covers.
    public func subtree(_ id: ID) -> [ID] {
        var found: [ID] = [], queue = [id], seen = Set<ID>()
        while let next = queue.popLast() {
            guard seen.insert(next).inserted else { continue }
            found.append(next)
            queue += children[next] ?? []
        }
        return found
    }
}
