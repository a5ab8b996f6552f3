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
        // depth first without recursion: a chain of categories as deep as anyone makes it cannot
        // exhaust the stack. Each node is written when entered; its total is added up on the way out.
        var nodes: [Node] = [], visited = Set<ID>()
        var stack: [(id: ID, index: Int, next: Int)] = []
        func enter(_ id: ID, depth: Int) {
            guard visited.insert(id).inserted else { return }
            nodes.append(Node(id: id, depth: depth, total: direct[id] ?? 0))
            stack.append((id, nodes.count - 1, 0))
        }
        for root in roots.sorted(by: order) {
            enter(root, depth: 0)
            while let top = stack.last {
                let kids = children[top.id] ?? []
                if top.next < kids.count {
                    stack[stack.count - 1].next += 1
                    enter(kids[top.next], depth: nodes[top.index].depth + 1)
                } else {
                    stack.removeLast()
                    if let parent = stack.last { nodes[parent.index].total += nodes[top.index].total }
                }
            }
        }
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
