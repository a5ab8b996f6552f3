import SafeguardCore
import Vapor

/// `safeguard demo`: fills a fresh database with synthetic data and prints the demo sign-ins.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "contacts", help: "how many synthetic contacts (default 60)")
        var contacts: Int?
        @Option(name: "country", help: "the country pack of the demo centre: CN (default, a helpline in China) or MN (a khoroo centre in Ulaanbaatar)")
        var country: String?
    }

    var help: String { "Fills a fresh database with synthetic organisations, users, contacts and cases" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if let password = try await prepare(app) {
            context.console.info("first administrator: admin / \(password) (shown once; change it at first sign-in)")
        }
        let password = Environment.get("SAFEGUARD_DEMO_PASSWORD") ?? "demo-password-1"
        let contacts = min(max(signature.contacts ?? 60, 0), 100_000)
        let result: DemoData.Result
        switch CountryPack(rawValue: (signature.country ?? "CN").uppercased()) {
        case .china: result = try await DemoData.load(app, password: password, contacts: contacts)
        case .mongolia: result = try await DemoData.loadMongolia(app, password: password, contacts: contacts)
        case nil:
            context.console.error("unknown country \(signature.country ?? ""): expected one of \(CountryPack.allCases.map(\.rawValue).joined(separator: ", "))")
            throw ExitCode(2)
        }
        context.console.info("demo data: \(result.contacts) contacts, \(result.cases) cases, \(result.reports) statutory report")
        for user in result.users { context.console.info("  sign in as \(user.username) / \(password)  (\(user.roles))") }
    }
}
