import Vapor

/// `safeguard demo`: fills a fresh database with synthetic data and prints the demo sign-ins.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "contacts", help: "how many synthetic contacts (default 60)")
        var contacts: Int?
    }

    var help: String { "Fills a fresh database with synthetic organisations, users, contacts and cases" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if let password = try await prepare(app) {
            context.console.info("first administrator: admin / \(password) (shown once; change it at first sign-in)")
        }
        let password = Environment.get("SAFEGUARD_DEMO_PASSWORD") ?? "demo-password-1"
        let result = try await DemoData.load(app, password: password, contacts: signature.contacts ?? 60)
        context.console.info("demo data: \(result.contacts) contacts, \(result.cases) cases, \(result.reports) statutory report")
        for user in result.users { context.console.info("  sign in as \(user.username) / \(password)  (\(user.roles))") }
    }
}
