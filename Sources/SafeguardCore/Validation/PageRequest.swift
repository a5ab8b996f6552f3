/// A page of a list as a request asks for it. Both numbers come from the client, so both are
/// bounded before anything multiplies them: `offset` can never overflow, whatever was sent.
public struct PageRequest: Sendable, Equatable {
    /// Deep enough for a million-row list at 50 a page, small enough that `offset` stays far from overflow.
    public static let maxPage = 100_000

    public let page: Int
    public let perPage: Int

    public var offset: Int { (page - 1) * perPage }

    /// The largest page size any list allows.
    public static let maxPerPage = 10_000

    /// Numbers from code, kept in range (those from a request go through `read`, which names the problem).
    public init(page: Int, perPage: Int) {
        self.page = min(max(page, 1), Self.maxPage)
        self.perPage = min(max(perPage, 1), Self.maxPerPage)
    }

    /// Reads `page` and `perPage` from a request, recording an error that names the parameter
    /// when either is out of range; the defaults stand in for what is missing or wrong.
    public static func read(page: Int?, perPage: Int? = nil, defaultPerPage: Int, maxPerPage: Int = 100,
                            _ v: inout FieldValidator) -> PageRequest {
        var pageNumber = 1, size = defaultPerPage
        if let page {
            if (1...maxPage).contains(page) { pageNumber = page } else { v.add("page", "must be between 1 and \(maxPage)") }
        }
        if let perPage {
            if (1...maxPerPage).contains(perPage) { size = perPage } else { v.add("perPage", "must be between 1 and \(maxPerPage)") }
        }
        return PageRequest(page: pageNumber, perPage: size)
    }

    /// The same, thrown at once: for lists whose only parameter is the page.
    public static func read(page: Int?, perPage: Int? = nil, defaultPerPage: Int, maxPerPage: Int = 100) throws(ValidationErrors) -> PageRequest {
        var v = FieldValidator()
        let request = read(page: page, perPage: perPage, defaultPerPage: defaultPerPage, maxPerPage: maxPerPage, &v)
        try v.finish()
        return request
    }
}
