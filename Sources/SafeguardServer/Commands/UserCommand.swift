import SQLKit
import Vapor

/// `safeguard user create <username> <role>[,<role>...] [--name "Display name"]`: prints a one-time password.
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "subcommand", help: "create")
        var subcommand: String
        @Argument(name: "username")
        var username: String
        @Argument(name: "roles", help: "comma-separated roles, e.g. counsellor,case_worker")
        var roles: String
        @Option(name: "name", help: "display name")
        var name: String?
    }

    var help: String { "Creates a user in the first organisation: safeguard user create <username> <roles>" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.subcommand == "create" else {
            context.console.error("unknown subcommand '\(signature.subcommand)'; expected: create")
            throw ExitCode(2)
        }
        let app = context.application
        _ = try await prepare(app)
        guard let organisation = try await app.db.sql.raw("SELECT id FROM organisations ORDER BY created_at LIMIT 1").first()?
            .decode(column: "id", as: UUID.self) else { throw ExitCode(1) }
        let roles = signature.roles.split(separator: ",").map(String.init)
        let created = try await app.write { db in
            let created = try await AccountStore.create(
                .init(username: signature.username, displayName: signature.name ?? signature.username, organisationID: organisation,
                      roles: roles, password: nil, locale: nil),
                organisationID: organisation, app: app, on: db)
            try await AuditLog.append([.init(verb: .create, recordType: "user", recordID: created.id.uuidString, reason: "command line")],
                                      actorID: "system", organisationID: organisation.uuidString, on: db)
            return created
        }
        context.console.info("created \(signature.username); one-time password (shown once): \(created.oneTimePassword ?? "")")
    }
}
