import Foundation

/// Everything the operator can set, read once from the environment at start-up.
public struct Settings: Sendable {
    /// Folder for the SQLite database and the key file. `SAFEGUARD_DATA_DIR`, default `./data`.
    public var dataDirectory: String
    /// PostgreSQL instead of the embedded SQLite file when set. `DATABASE_URL`.
    public var databaseURL: String?
    /// PostgreSQL schema to use (tests isolate themselves this way). `DATABASE_SCHEMA`.
    public var databaseSchema: String?
    /// Base64 256-bit master key. `SAFEGUARD_KEY`; otherwise the key file is used.
    public var masterKey: String?
    /// `SAFEGUARD_KEY_FILE`, default `<data>/keys.json`, created with mode 0600 on first run.
    public var keyFile: String
    /// The first administrator's password. `SAFEGUARD_ADMIN_PASSWORD`; otherwise one is generated
    /// and printed once.
    public var adminPassword: String?
    public var bcryptCost: Int
    /// PostgreSQL connections per event loop (per core). `DATABASE_POOL`, default 4.
    public var postgresConnectionsPerLoop: Int = 4
    /// Failed logins before a lock-out, and its length.
    public var maxFailedLogins: Int = 5
    public var lockout: TimeInterval = 15 * 60
    public var sessionIdleTimeout: TimeInterval = 30 * 60
    public var sessionLifetime: TimeInterval = 12 * 60 * 60

    public init(dataDirectory: String, databaseURL: String? = nil, databaseSchema: String? = nil,
                masterKey: String? = nil, keyFile: String? = nil, adminPassword: String? = nil, bcryptCost: Int = 12,
                postgresConnectionsPerLoop: Int = 4) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.databaseSchema = databaseSchema
        self.masterKey = masterKey
        self.keyFile = keyFile ?? (dataDirectory as NSString).appendingPathComponent("keys.json")
        self.adminPassword = adminPassword
        self.bcryptCost = bcryptCost
        self.postgresConnectionsPerLoop = postgresConnectionsPerLoop
    }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> Settings {
        func value(_ name: String) -> String? { env[name].flatMap { $0.isEmpty ? nil : $0 } }
        return Settings(
            dataDirectory: value("SAFEGUARD_DATA_DIR") ?? "./data",
            databaseURL: value("DATABASE_URL"),
            databaseSchema: value("DATABASE_SCHEMA"),
            masterKey: value("SAFEGUARD_KEY"),
            keyFile: value("SAFEGUARD_KEY_FILE"),
            adminPassword: value("SAFEGUARD_ADMIN_PASSWORD"),
            bcryptCost: value("SAFEGUARD_BCRYPT_COST").flatMap(Int.init) ?? 12,
            postgresConnectionsPerLoop: value("DATABASE_POOL").flatMap(Int.init) ?? 4
        )
    }

    public var sqlitePath: String { (dataDirectory as NSString).appendingPathComponent("safeguard.sqlite") }
}
