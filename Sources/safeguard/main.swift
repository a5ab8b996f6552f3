import Logging
import SafeguardServer
import Vapor

var environment = try Environment.detect()
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)

do {
    try await configure(app)
    // `serve` (also the default) readies the database and the first administrator; the other
    // commands do what they need themselves.
    let command = environment.arguments.dropFirst().first { !$0.hasPrefix("-") } ?? "serve"
    if command == "serve", let password = try await prepare(app) {
        // Printed once, to the terminal only: never to the log. Framed, so that it stands out
        // among the migrations' log lines above it.
        let rule = String(repeating: "=", count: 72)
        print("\n\(rule)\n  First administrator created.\n  Sign in as:         admin\n  One-time password:  \(password)\n"
              + "  It is shown only this once; you choose your own at the first sign-in.\n\(rule)\n")
    }
    try await app.execute()
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
