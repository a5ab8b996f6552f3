import SafeguardCore
import Vapor

/// The application's shared, immutable services.
struct AppServices: Sendable {
    let settings: Settings
    let cipher: FieldCipher
    let blindIndex: BlindIndex
    let isPostgres: Bool
    /// The warning rule set, compiled; its policy also sets report deadlines.
    let warnings: WarningEngine
    /// The thresholds of the hotel red-flag rules.
    var redFlagPolicy = RedFlagPolicy()

    /// Seals the audit chain and its checkpoints; from the key file, never the database.
    var auditKey: AuditSealKey { AuditSealKey(cipher.keyring.auditKey) }
    /// Seals the columns that decide who may open a record.
    var rowSeal: RowSeal { RowSeal(cipher.keyring.rowSealKey) }
}

extension Application {
    struct ServicesKey: StorageKey { typealias Value = AppServices }

    var safeguard: AppServices {
        get { storage[ServicesKey.self]! }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var safeguard: AppServices { application.safeguard }
    var cipher: FieldCipher { application.safeguard.cipher }
}
