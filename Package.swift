// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "safeguard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "safeguard", targets: ["safeguard"]),
        .library(name: "SafeguardCore", targets: ["SafeguardCore"]),
        .library(name: "SafeguardServer", targets: ["SafeguardServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        // Exact: FieldSealing calls BoringSSL inside swift-crypto, and SQLiteStablePlans,
        // SQLitePageCache and SQLiteDirect call the SQLite that sqlite-nio builds in, by their
        // internal names. Another version may rename them; move these only with their tests run.
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", exact: "1.13.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // A Word document is a ZIP archive of XML parts.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        .target(
            name: "SafeguardCore",
            dependencies: [
                "FieldSealing",
                "GzipInflate",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Clinical/warning-rules.json"), .copy("Passwords/common-passwords.txt.gz")]
        ),
        // Inflates the shipped list of common passwords with the system's zlib.
        .target(name: "GzipInflate", linkerSettings: [.linkedLibrary("z")]),
        // AES-GCM and HMAC keys prepared once, with the BoringSSL that swift-crypto builds in.
        .target(name: "FieldSealing"),
        // Calls SQLite's variable-argument configuration function, which Swift cannot call.
        .target(name: "SQLiteStablePlans"),
        // Keeps SQLite's page cache from being swept whole at every commit.
        .target(name: "SQLitePageCache"),
        .target(
            name: "SafeguardServer",
            dependencies: [
                "SafeguardCore",
                "SQLiteStablePlans",
                "SQLitePageCache",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources/openapi.json"), .copy("Resources/Locales")]
        ),
        .executableTarget(
            name: "safeguard",
            dependencies: [
                "SafeguardServer",
                .product(name: "Vapor", package: "vapor"),
            ]
        ),
        // Benchmarks/: in-process rule evaluation and signed tokens for the HTTP benchmark.
        .executableTarget(
            name: "safeguard-rule-bench",
            dependencies: [
                "SafeguardCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Benchmarks/RuleBenchmark"
        ),
        // Benchmarks/: fuzzy vetting matches in memory against a known truth.
        .executableTarget(
            name: "safeguard-vetting-bench",
            dependencies: ["SafeguardCore"],
            path: "Benchmarks/VettingBenchmark"
        ),
        .testTarget(
            name: "SafeguardCoreTests",
            dependencies: [
                "SafeguardCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(
            name: "SafeguardServerTests",
            dependencies: [
                "SafeguardServer",
                "SafeguardCore",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ]
)
