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
    /// Sign-in attempts one client address may make at once, and per minute after a first burst
    /// of as many. `SAFEGUARD_SIGNIN_PER_MINUTE`, default 10.
    public var signInPerMinute: Int = 10
    public var sessionIdleTimeout: TimeInterval = 30 * 60
    public var sessionLifetime: TimeInterval = 12 * 60 * 60
    /// The address clients reach this server at; CDS clients sign tokens for
    /// `<publicURL>/cds-services/<id>`. `SAFEGUARD_PUBLIC_URL`, default `http://localhost:8080`.
    public var publicURL: String = "http://localhost:8080"
    /// The warning rule set (JSON). `SAFEGUARD_RULES_FILE`; the shipped rule set when unset.
    public var rulesFile: String?
    /// Seconds between runs of the scheduled jobs (`Scheduler`); 0 turns it off (tests run it by hand).
    /// `SAFEGUARD_SWEEP_SECONDS`, default 30.
    public var sweepInterval: Int = 30
    /// The hotel red-flag thresholds (JSON, the fields of `RedFlagPolicy`). `SAFEGUARD_RED_FLAG_POLICY_FILE`.
    public var redFlagPolicyFile: String?
    /// Days after check-in when a stay's names, documents and guardian details are cleared
    /// (counts stay). `SAFEGUARD_STAY_RETENTION_DAYS`, default 3 years.
    public var stayRetentionDays: Int = 1_095
    /// Seconds between signed checkpoints of the audit chain's head (file, log, syslog); 0 turns
    /// them off. `SAFEGUARD_AUDIT_CHECKPOINT_SECONDS`, default 300.
    public var auditCheckpointSeconds: Int = 300
    /// Also send each audit checkpoint to syslog (authpriv). `SAFEGUARD_AUDIT_SYSLOG=1`.
    public var auditSyslog = false
    /// Addresses of the reverse proxies in front of the server, whose `X-Forwarded-For` names the
    /// client (sign-in limits, loopback-only metrics). `SAFEGUARD_TRUSTED_PROXIES`, comma-separated.
    public var trustedProxies: Set<String> = []
    /// Browser origins (SMART apps) allowed to call the CDS services, e.g. `https://ehr.example.org`.
    /// `SAFEGUARD_CDS_ORIGINS`, comma-separated; discovery is open to any origin.
    public var cdsOrigins: Set<String> = []
    /// Seconds a connection may stay silent before the server closes it, `SAFEGUARD_IDLE_TIMEOUT_SECONDS`,
    /// default 120. Silent both ways: it also cuts a request the server is still working on after
    /// its last byte arrived (a million-row registry import commits for tens of seconds), so it must
    /// stay above the longest such work; 20 s cut that import off.
    public var idleTimeoutSeconds: Int = 120
    /// The bearer token `/metrics` asks for. `SAFEGUARD_METRICS_TOKEN`; without it, only clients
    /// on this machine (loopback) may read the metrics.
    public var metricsToken: String?
    /// Whether a record system's FHIR server or a unit's webhook may be on plain http or on a
    /// private, loopback or link-local address. `SAFEGUARD_ALLOW_PRIVATE_NETWORK=1`; off by
    /// default, so a client cannot make the server reach internal services.
    public var allowPrivateNetwork = false
    /// Registry records the search for possible matches indexes in memory at a time (about 250 MiB
    /// per million); a larger registry is searched in parts. `SAFEGUARD_SEARCH_REGISTRY_PART`, default 1,000,000.
    public var searchRegistryPart = 1_000_000
    /// Rows a registry import writes in one transaction (see `RegistryImport`).
    /// `SAFEGUARD_REGISTRY_IMPORT_BATCH`, 100 to 50,000, default 50,000.
    public var registryImportBatch = 50_000
    /// How long the service waits for a FHIR server when prefetch is missing (all items together).
    public var fhirTimeout: TimeInterval = 3

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
        var settings = Settings(
            dataDirectory: value("SAFEGUARD_DATA_DIR") ?? "./data",
            databaseURL: value("DATABASE_URL"),
            databaseSchema: value("DATABASE_SCHEMA"),
            masterKey: value("SAFEGUARD_KEY"),
            keyFile: value("SAFEGUARD_KEY_FILE"),
            adminPassword: value("SAFEGUARD_ADMIN_PASSWORD"),
            bcryptCost: value("SAFEGUARD_BCRYPT_COST").flatMap(Int.init) ?? 12,
            postgresConnectionsPerLoop: value("DATABASE_POOL").flatMap(Int.init) ?? 4
        )
        if let url = value("SAFEGUARD_PUBLIC_URL") { settings.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url }
        settings.rulesFile = value("SAFEGUARD_RULES_FILE")
        settings.redFlagPolicyFile = value("SAFEGUARD_RED_FLAG_POLICY_FILE")
        if let perMinute = value("SAFEGUARD_SIGNIN_PER_MINUTE").flatMap(Int.init), (1...100_000).contains(perMinute) {
            settings.signInPerMinute = perMinute
        }
        if let seconds = value("SAFEGUARD_IDLE_TIMEOUT_SECONDS").flatMap(Int.init), (1...3_600).contains(seconds) {
            settings.idleTimeoutSeconds = seconds
        }
        if let records = value("SAFEGUARD_SEARCH_REGISTRY_PART").flatMap(Int.init), (1_000...100_000_000).contains(records) {
            settings.searchRegistryPart = records
        }
        if let rows = value("SAFEGUARD_REGISTRY_IMPORT_BATCH").flatMap(Int.init), (100...50_000).contains(rows) {
            settings.registryImportBatch = rows
        }
        settings.metricsToken = value("SAFEGUARD_METRICS_TOKEN")
        settings.trustedProxies = Set((value("SAFEGUARD_TRUSTED_PROXIES") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        settings.cdsOrigins = Set((value("SAFEGUARD_CDS_ORIGINS") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        if let seconds = value("SAFEGUARD_AUDIT_CHECKPOINT_SECONDS").flatMap(Int.init), seconds >= 0 { settings.auditCheckpointSeconds = seconds }
        settings.auditSyslog = value("SAFEGUARD_AUDIT_SYSLOG") == "1"
        settings.allowPrivateNetwork = value("SAFEGUARD_ALLOW_PRIVATE_NETWORK") == "1"
        if let seconds = value("SAFEGUARD_SWEEP_SECONDS").flatMap(Int.init) { settings.sweepInterval = seconds }
        if let days = value("SAFEGUARD_STAY_RETENTION_DAYS").flatMap(Int.init), days > 0 { settings.stayRetentionDays = days }
        return settings
    }

    public var sqlitePath: String { (dataDirectory as NSString).appendingPathComponent("safeguard.sqlite") }
}
