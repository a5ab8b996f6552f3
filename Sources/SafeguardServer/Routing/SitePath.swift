import Foundation
import SafeguardCore
import Vapor

/// A path written once, by its area: the route is registered with its pattern, and every link,
/// menu entry and redirect to it is made by calling it with the values of its parameters, so a
/// link cannot point where no route is or leave an id out. The OpenAPI tool reads the `api/`
/// patterns and refuses to describe a path that is not one of them.
///
/// `SitePath("training/cohorts/:cohortID", UUID.self)` makes `/training/cohorts/<id>` from
/// `TrainingPaths.cohort(id)`; the types given must match the pattern's parameters in number,
/// which is checked when the route is registered (at start-up, not on a request).
struct SitePath<each Value: CustomStringConvertible>: Sendable {
    let pattern: String

    init(_ pattern: String, _ types: repeat (each Value).Type) {
        var count = 0
        for _ in repeat (each Value).self { count += 1 }
        let parameters = pattern.split(separator: "/").filter { $0.hasPrefix(":") }.count
        precondition(parameters == count, "\(pattern) has \(parameters) parameters but \(count) types")
        self.pattern = pattern
    }

    var components: [PathComponent] { pattern.pathComponents }

    /// The path with its parameters filled in order, each percent-encoded as one segment.
    func callAsFunction(_ value: repeat each Value) -> String {
        var values: [String] = []
        for v in repeat each value { values.append(v.description) }
        var next = values.makeIterator()
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            guard segment.hasPrefix(":") else { return String(segment) }
            return next.next()?.addingPercentEncoding(withAllowedCharacters: Self.segmentAllowed) ?? ""
        }
        return "/" + segments.joined(separator: "/")
    }

    private static var segmentAllowed: CharacterSet { CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/;?#")) }
}

extension RoutesBuilder {
    /// Registers a handler at a typed path behind the access policy (see `on(_:_:action:body:use:)`).
    @discardableResult
    func on<each Value, Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: SitePath<repeat each Value>, action: Action, body: HTTPBodyStreamStrategy = .collect,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        on(method, path.components, action: action, body: body, use: handler)
    }

    /// Registers a handler at a typed path for any signed-in user.
    @discardableResult
    func signedIn<each Value, Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: SitePath<repeat each Value>, use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        signedIn(method, path.components, use: handler)
    }

    /// Registers a public handler at a typed path: no account is needed (the handler checks what it must).
    @discardableResult
    func open<each Value, Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: SitePath<repeat each Value>, body: HTTPBodyStreamStrategy = .collect,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        on(method, path.components, body: body, use: handler)
    }
}
