import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Prometheus
import SafeguardCore
import SQLKit
import Vapor

/// Sets up an application: database, keys, migrations, middleware and routes.
public func configure(_ app: Application, settings: Settings = .fromEnvironment()) async throws {
    // Every file the server makes (database, its journal, keys, audit checkpoints) is the
    // operator's alone; files an older version made readable are closed too.
    umask(0o077)
    // Read the locale tables now: a broken one stops the start, not a page later.
    _ = (LocaleTables.en.count, LocaleTables.zhHans.count, LocaleTables.mn.count, LocaleTables.mnMong.count)
    try FileManager.default.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o700])
    let keyring = try KeyStore.load(settings)

    if let url = settings.databaseURL {
        var config = try SQLPostgresConfiguration(url: url)
        if let schema = settings.databaseSchema { config.searchPath = [schema] }
        // A burst of writes waits its turn for a connection rather than failing a counsellor's save
        // after the driver's default ten seconds. On a starved machine (the test suites all at once on
        // two cores) 30 concurrent saves over 8 connections waited past 30 s: a minute, then.
        app.databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: settings.postgresConnectionsPerLoop,
                                    connectionPoolTimeout: .seconds(60), sqlLogLevel: .trace), as: .psql)
    } else {
        SQLiteDirect.installPageCache(logger: app.logger)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: settings.sqlitePath + suffix) {
            chmod(settings.sqlitePath + suffix, 0o600)
        }
        app.databases.use(.sqlite(.file(settings.sqlitePath), sqlLogLevel: .trace), as: .sqlite)
    }
    let isPostgres = settings.databaseURL != nil
    app.safeguard = AppServices(settings: settings, cipher: FieldCipher(keyring: keyring), blindIndex: BlindIndex(keyring: keyring),
                                isPostgres: isPostgres, warnings: try loadRules(settings), redFlagPolicy: try loadRedFlagPolicy(settings))
    app.requestMetrics = RequestMetrics(registry: PrometheusCollectorRegistry())
    app.sessionCache = SessionCache()
    app.signInThrottle = SignInThrottle(limits: .init(burst: Double(settings.signInPerMinute), perMinute: Double(settings.signInPerMinute)))
    app.cdsClients = CDSClientRegistry()
    app.cdsReplayCache = CDSReplayCache(shared: isPostgres)
    app.cdsCounters = CDSCounters()
    app.passwords.use(.bcrypt(cost: settings.bcryptCost))
    // The common-password list is read once, off the request path: the first password set would
    // otherwise wait for it inside a write.
    Task.detached(priority: .background) { _ = CommonPasswords.shipped.count }

    if isPostgres, let schema = settings.databaseSchema {
        try await app.db.sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    }
    if !isPostgres {
        // WAL: readers never wait for the writer. The setting is stored in the database file.
        try await app.db.sql.raw("PRAGMA journal_mode=WAL").run()
        app.sqliteDirect = try SQLiteDirect.open(path: settings.sqlitePath, logger: app.logger, eventLoop: app.eventLoopGroup.any())
    }
    app.groupCommit = GroupCommit(writer: app.sqliteDirect?.writer,
                                  keys: WriteKeys(audit: AuditSealKey(keyring.auditKey), rows: RowSeal(keyring.rowSealKey)))
    app.vettingJobs = VettingJobs()
    app.lifecycle.use(app.vettingJobs)

    app.migrations.add(M001CreateAccounts())
    app.migrations.add(M002CreateAudit())
    app.migrations.add(M003CreateHelpline())
    app.migrations.add(M004CreateCases())
    app.migrations.add(M005CreateBreakGlass())
    app.migrations.add(M006CreateReporting())
    app.migrations.add(M007CreateLodging())
    app.migrations.add(M008CreateNetwork())
    app.migrations.add(M009CreateLegalAid())
    app.migrations.add(M010CreateVetting())
    app.migrations.add(M011SplitRecheckPasses())
    app.migrations.add(M012RosterKeysInBackground())
    app.migrations.add(M013CoveringMatchIndexes())
    app.migrations.add(M014SealAuditEntries())
    app.migrations.add(M015SealCases(seal: RowSeal(keyring.rowSealKey)))
    app.migrations.add(M016ProtectChildrenAndStays(cipher: app.safeguard.cipher, index: app.safeguard.blindIndex))
    app.migrations.add(M017SealVettingDetails(services: app.safeguard))
    app.migrations.add(M018TimeZones())
    app.migrations.add(M019CreateTraining())
    app.migrations.add(M020TrainingCascades())
    app.migrations.add(M021MandatoryTraining())
    app.migrations.add(M022OpenRegistration())
    app.migrations.add(M023TrainingTests())
    app.migrations.add(M024ChangeAgents())
    app.migrations.add(M025SessionFeedback())
    app.migrations.add(M026Consultations())
    app.migrations.add(M027TrainingMaterials())
    app.migrations.add(M028ChangeEvidence())
    app.migrations.add(M029TrainingCascadeLinks())
    app.migrations.add(M030LibraryCatalogue())
    app.migrations.add(M031LibraryCirculation())
    app.migrations.add(M032Rooms())
    app.migrations.add(M033LibraryCategories())
    app.migrations.add(M034LibrarySearchVector())
    app.migrations.add(M035LibraryCopyCondition())
    app.migrations.add(M036UNRecommendations())
    app.migrations.add(M037UNFollowUp())
    app.migrations.add(M038UNIndicators())
    app.migrations.add(M039UNFigureIndexes())
    app.migrations.add(M040UNCommunications())
    app.migrations.add(M041UNChildrenViews())
    app.migrations.add(M042UNAlternativeReports())
    app.migrations.add(M043UNReportingCalendar())
    app.migrations.add(M044UNLawsAndPolicies())
    app.migrations.add(M045CountryPacks())
    app.migrations.add(M046ReportsToLocalTeams())
    app.migrations.add(M047LibraryTitleSortKey())
    app.migrations.add(M048RekeyMongolianNames(cipher: app.safeguard.cipher, index: app.safeguard.blindIndex))

    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    ContentConfiguration.global.use(decoder: JSONBody.decoder, for: .json)

    app.routes.defaultMaxBodySize = "1mb"
    // Outbound requests go only where their address was checked: a redirect could point anywhere.
    app.http.client.configuration.redirectConfiguration = .disallow
    // A connection that sends nothing for this long is closed, so idle or stalled clients cannot
    // hold the server's connections (the response to a slow request is not cut short by it).
    app.http.server.configuration.idleTimeout = .seconds(Int64(settings.idleTimeoutSeconds))
    app.middleware = Middlewares()
    app.middleware.use(ProblemMiddleware())
    app.middleware.use(CDSCORS(allowedOrigins: settings.cdsOrigins))
    app.middleware.use(BodyLimit(maxBytes: 1024 * 1024))
    app.middleware.use(Authentication())

    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(KeysCommand(), as: "keys")
    app.asyncCommands.use(CDSCommand(), as: "cds")

    if settings.sweepInterval > 0 { app.lifecycle.use(Scheduler.loop(every: settings.sweepInterval)) }
    // Only a serving process takes checkpoints: `audit verify` must not sign the head it checks.
    let command = app.environment.arguments.dropFirst().first { !$0.hasPrefix("-") } ?? "serve"
    if settings.auditCheckpointSeconds > 0, command == "serve" {
        app.lifecycle.use(AuditCheckpoints.loop(every: settings.auditCheckpointSeconds))
    }

    try routes(app)
}

/// Runs migrations and creates the first administrator when there is no user yet.
/// Returns the generated password (to print once) when one was made.
public func prepare(_ app: Application) async throws -> String? {
    try await app.autoMigrate()
    if !app.safeguard.isPostgres {
        // Refreshes the planner's statistics where they are stale (cheap when they are not).
        try await app.db.sql.raw("PRAGMA optimize").run()
    }
    return try await Bootstrap.firstAdministrator(app)
}

enum Bootstrap {
    static func firstAdministrator(_ app: Application) async throws -> String? {
        let sql = app.db.sql
        guard try await sql.raw("SELECT id FROM users LIMIT 1").first() == nil else { return nil }
        let password = app.safeguard.settings.adminPassword
        if let password, let problem = PasswordPolicy.problems(password, username: "admin").first {
            throw WarningRuleSet.Mistake(path: "SAFEGUARD_ADMIN_PASSWORD", message: problem)
        }
        return try await app.write { db in
            let region = try await RegionStore.create(code: "ROOT", name: Strings.rootRegionName, parentID: nil, on: db)
            let organisation = UUID.timeOrdered()
            try await db.insert(into: "organisations").columns("id", "name", "type", "region_id", "created_at")
                .values(SQLBind(organisation), SQLBind("Safeguard"), SQLBind("other"), SQLBind(region), SQLBind(Date())).run()
            let created = try await AccountStore.create(
                .init(username: "admin", displayName: "Administrator", organisationID: organisation, roles: [Role.administrator.rawValue],
                      password: password, locale: "en"),
                organisationID: organisation, mustChangePassword: password == nil, app: app, on: db)
            try await AuditLog.append([.init(verb: .create, recordType: "user", recordID: created.id.uuidString, reason: "first administrator")],
                                      actorID: "system", organisationID: organisation.uuidString, on: db)
            return created.oneTimePassword
        }
    }
}

/// The operator's rule set, or the shipped one; a mistake in it stops the start with its place named.
func loadRules(_ settings: Settings) throws -> WarningEngine {
    let ruleSet: WarningRuleSet
    if let path = settings.rulesFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WarningRuleSet.Mistake(path: path, message: "cannot be read (SAFEGUARD_RULES_FILE)")
        }
        ruleSet = try WarningRuleSet.decode(data)
    } else {
        ruleSet = try WarningRuleSet.bundled()
    }
    return try WarningEngine(ruleSet)
}

/// The operator's red-flag thresholds, or the defaults.
func loadRedFlagPolicy(_ settings: Settings) throws -> RedFlagPolicy {
    guard let path = settings.redFlagPolicyFile else { return RedFlagPolicy() }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw WarningRuleSet.Mistake(path: path, message: "cannot be read (SAFEGUARD_RED_FLAG_POLICY_FILE)")
    }
    do { return try JSONDecoder().decode(RedFlagPolicy.self, from: data) } catch {
        throw WarningRuleSet.Mistake(path: path, message: "is not a red-flag policy: give every threshold of RedFlagPolicy as a number")
    }
}
