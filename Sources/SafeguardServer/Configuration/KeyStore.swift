import Foundation
import SafeguardCore

/// Loads the keyring from the environment or the key file, creating the file (mode 0600) on first run.
enum KeyStore {
    static func load(_ settings: Settings) throws -> Keyring {
        if let master = settings.masterKey { return try Keyring(masterKeyBase64: master) }
        let manager = FileManager.default
        if manager.fileExists(atPath: settings.keyFile) {
            let attributes = try manager.attributesOfItem(atPath: settings.keyFile)
            if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
                throw KeyStoreError.tooOpen(settings.keyFile, mode)
            }
            let data = try Data(contentsOf: URL(fileURLWithPath: settings.keyFile))
            return try Keyring(file: JSONDecoder().decode(Keyring.File.self, from: data))
        }
        let keyring = Keyring.generate()
        let data = try JSONEncoder().encode(keyring.file)
        // Created with 0600 from the start: the key never sits in a readable file, not even briefly.
        guard manager.createFile(atPath: settings.keyFile, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw KeyStoreError.cannotCreate(settings.keyFile)
        }
        return keyring
    }
}

extension KeyStore {
    /// Replaces the key file atomically, keeping mode 0600.
    static func save(_ keyring: Keyring, _ settings: Settings) throws {
        let data = try JSONEncoder().encode(keyring.file)
        let temporary = settings.keyFile + ".new"
        try? FileManager.default.removeItem(atPath: temporary)
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw KeyStoreError.cannotCreate(temporary)
        }
        guard rename(temporary, settings.keyFile) == 0 else { throw KeyStoreError.cannotCreate(settings.keyFile) }
    }
}

enum KeyStoreError: Error, CustomStringConvertible {
    case tooOpen(String, Int)
    case cannotCreate(String)

    var description: String {
        switch self {
        case .tooOpen(let path, let mode):
            "key file \(path) has mode \(String(mode, radix: 8)); others must not read it: chmod 600 \(path)"
        case .cannotCreate(let path): "cannot create key file \(path)"
        }
    }
}
