import SafeguardCore

/// The keys a write may need besides the field cipher: the audit chain's and the row seals'. The
/// group commit sets them for every write, so stores seal without being handed them.
struct WriteKeys: Sendable {
    let audit: AuditSealKey
    let rows: RowSeal

    @TaskLocal static var current: WriteKeys?

    struct Missing: Error, CustomStringConvertible {
        var description: String { "a sealed write ran outside req.write/app.write, where the keys are not set" }
    }

    static func required() throws -> WriteKeys {
        guard let current else { throw Missing() }
        return current
    }
}
