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
        // Printed once, to the terminal only: never to the log.
        print("First administrator created. Sign in as 'admin' with the one-time password: \(password)")
    }
    try await app.execute()
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
