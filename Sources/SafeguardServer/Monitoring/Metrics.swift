import Prometheus
import NIOCore
import Vapor

/// Request counts and latencies per route pattern (never per concrete path), in Prometheus text format.
struct RequestMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    static let buckets: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                                      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5)]

    func record(method: String, route: String, status: UInt, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(descriptor: .init(namespace: "safeguard", metricName: "http_requests", unitName: "total",
                                               helpText: "HTTP requests answered"), labels: labels).increment()
        registry.makeDurationHistogram(descriptor: .init(namespace: "safeguard", metricName: "http_request_duration", unitName: "seconds",
                                                         helpText: "HTTP request latency"),
                                       labels: [("route", route)], buckets: Self.buckets).record(duration)
    }
}

extension Application {
    struct RequestMetricsKey: StorageKey { typealias Value = RequestMetrics }

    var requestMetrics: RequestMetrics {
        get { storage[RequestMetricsKey.self]! }
        set { storage[RequestMetricsKey.self] = newValue }
    }
}

enum MonitoringController {
    struct Health: Content { var status: String }

    @Sendable static func healthz(req: Request) async throws -> Health { Health(status: "ok") }

    /// Ready only when the database answers.
    @Sendable static func readyz(req: Request) async throws -> Health {
        _ = try await req.sql.raw("SELECT 1 AS one").first()
        return Health(status: "ready")
    }

    /// Metrics tell how busy each route is: for the operator's collector only, with its token,
    /// or from this machine when no token is configured.
    @Sendable static func metrics(req: Request) async throws -> Response {
        if let token = req.safeguard.settings.metricsToken {
            guard let sent = req.headers.bearerAuthorization?.token, Authentication.constantTimeEqual(sent, token) else {
                throw AppError.unauthenticated
            }
        } else {
            // Behind a proxy on this machine the peer is loopback for everyone: the client's own address decides.
            guard let client = req.clientAddress, isLoopback(client) else {
                throw Abort(.forbidden, reason: "Metrics are served to this machine only; set SAFEGUARD_METRICS_TOKEN to read them from elsewhere.")
            }
        }
        var headers = HTTPHeaders()
        headers.contentType = .init(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: req.application.requestMetrics.registry.emitToString()))
    }

    static func isLoopback(_ ip: String) -> Bool {
        ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }
}
