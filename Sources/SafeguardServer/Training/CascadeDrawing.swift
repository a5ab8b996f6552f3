import Foundation

/// The cascade as a drawing: the programme on the left, then one column per generation of the people
/// who passed the training on, each joined to whoever trained them and labelled with how many they
/// trained. The table beside it carries the same figures for screen readers and print.
enum CascadeDrawing {
    static let columnWidth = 210, rowHeight = 34, maximumPeople = 120

    static func svg(_ reach: TrainingViews.Reach, programme: String, _ s: Strings) -> HTML {
        guard !reach.trainers.isEmpty else { return "" }
        let shown = Array(reach.trainers.prefix(maximumPeople))
        var columns: [Int: [TrainingViews.Reach.Trainer]] = [:]
        for trainer in shown { columns[trainer.generation, default: []].append(trainer) }
        var place: [UUID: (x: Int, y: Int)] = [:]
        for (generation, people) in columns {
            for (row, person) in people.enumerated() { place[person.id] = (generation * columnWidth + 20, row * rowHeight + 30) }
        }
        let height = (columns.values.map(\.count).max() ?? 1) * rowHeight + 40
        let width = ((columns.keys.max() ?? 1) + 1) * columnWidth + 20
        let root = (x: 20, y: height / 2)
        var lines: [HTML] = [], nodes: [HTML] = []
        for person in shown {
            guard let at = place[person.id] else { continue }
            let from = person.trainedBy.flatMap { place[$0] } ?? root
            lines.append("<line x1=\"\(from.x + 8)\" y1=\"\(from.y)\" x2=\"\(at.x - 8)\" y2=\"\(at.y)\" stroke=\"#8aa4b8\"/>")
            let label = s.format("training.trainedCount", ["name": String(person.name.prefix(18)), "count": String(person.trained)])
            nodes.append("<circle cx=\"\(at.x)\" cy=\"\(at.y)\" r=\"7\" fill=\"#0b3d5c\"/><text x=\"\(at.x + 12)\" y=\"\(at.y + 4)\" font-size=\"12\">\(label)</text>")
        }
        let title = s.format("training.drawingTitle", ["programme": programme, "people": String(reach.trainers.count)])
        let more: HTML = reach.trainers.count > maximumPeople
            ? "<p class=\"hint\">\(s.format("training.drawingMore", ["shown": String(maximumPeople), "total": String(reach.trainers.count)]))</p>" : ""
        return """
            <figure><svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" role="img" aria-labelledby="cascade-title">
            <title id="cascade-title">\(title)</title>
            <rect x="\(root.x - 8)" y="\(root.y - 8)" width="16" height="16" fill="#c0392b"/>\(lines)\(nodes)</svg>
            <figcaption>\(title)</figcaption></figure>\(more)
            """
    }
}
