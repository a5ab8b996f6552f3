import Vapor

/// `safeguard audit verify`: walks the audit hash chain and reports the first broken link.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "subcommand", help: "verify")
        var subcommand: String
    }

    var help: String { "Verifies the audit log's hash chain: safeguard audit verify" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.subcommand == "verify" else {
            context.console.error("unknown subcommand '\(signature.subcommand)'; expected: verify")
            throw ExitCode(2)
        }
        let app = context.application
        try await app.autoMigrate()
        let key = app.safeguard.auditKey
        let (checkpoints, badLines, tornTail) = AuditCheckpoints.load(app.safeguard.settings, key: key)
        let report = try await AuditLog.verify(key: key, checkpoints: checkpoints, on: app.db.sql)
        if let problem = report.firstBreak {
            context.console.error("audit log BROKEN at entry \(problem.sequence): \(problem) (\(report.checked) entries checked)")
            throw ExitCode(1)
        }
        if !badLines.isEmpty {
            context.console.error("audit checkpoint file: line(s) \(badLines.map(String.init).joined(separator: ", ")) are not signed with this server's key")
            throw ExitCode(1)
        }
        if tornTail {
            context.console.warning("the checkpoint file's last line was cut short (a crash while writing it); it was not used")
        }
        if checkpoints.isEmpty {
            context.console.warning("no audit checkpoints found at \(AuditCheckpoints.path(app.safeguard.settings)): entries deleted from the end could not be detected")
        }
        context.console.info("audit log intact: \(report.checked) entries verified against \(checkpoints.count) checkpoint(s)")
    }
}

struct ExitCode: Error, CustomStringConvertible {
    let code: Int32
    init(_ code: Int32) { self.code = code }
    var description: String { "exit code \(code)" }
}
