/// A JSON object's members in the order written. A name is looked up by walking them: the
/// objects of request bodies and FHIR resources have a handful of members, and comparing a few
/// short names costs less than hashing every name into a dictionary (which was a seventh of
/// reading a CDS call). Where a name repeats, the first one counts, as with JSONDecoder.
public struct JSONMembers: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var names: [String] = []
    private var values: [JSONValue] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (name, value) in elements { append(name, value) }
    }

    mutating func append(_ name: String, _ value: JSONValue) {
        names.append(name)
        values.append(value)
    }

    public subscript(name: String) -> JSONValue? {
        guard let index = names.firstIndex(of: name) else { return nil }
        return values[index]
    }

    /// The members as a dictionary (the first of a repeated name).
    var dictionary: [String: JSONValue] {
        Dictionary(zip(names, values), uniquingKeysWith: { first, _ in first })
    }

    /// Equal when they give the same value for every name, whatever the order.
    public static func == (left: JSONMembers, right: JSONMembers) -> Bool { left.dictionary == right.dictionary }
}
