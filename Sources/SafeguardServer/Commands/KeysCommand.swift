import Crypto
import Foundation
import SafeguardCore
import Vapor

/// `safeguard keys rotate`: adds a new field key to the key file and makes it current (old keys
/// stay, so old values still open). `safeguard keys reencrypt`: re-seals every value under the
/// current key; afterwards old keys may be removed from the file.
struct KeysCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "subcommand", help: "rotate | reencrypt")
        var subcommand: String
    }

    var help: String { "Rotates the field-encryption key: safeguard keys rotate, then safeguard keys reencrypt" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let settings = app.safeguard.settings
        switch signature.subcommand {
        case "rotate":
            guard settings.masterKey == nil else {
                context.console.error("SAFEGUARD_KEY is set: rotate by adding keys to a key file instead")
                throw ExitCode(2)
            }
            let keyring = try KeyStore.load(settings)
            let key = SymmetricKey(size: .bits256)
            var keys = keyring.fieldKeys
            keys[Keyring.keyID(of: key)] = key
            let rotated = try Keyring(currentKeyID: Keyring.keyID(of: key), fieldKeys: keys, indexKey: keyring.indexKey)
            try KeyStore.save(rotated, settings)
            context.console.info("new current key \(rotated.currentKeyID); run 'safeguard keys reencrypt' next")
        case "reencrypt":
            try await app.autoMigrate()
            let cipher = app.safeguard.cipher
            let changed = try await EncryptedColumns.reencrypt(cipher: cipher) { body in try await app.write(body) }
            context.console.info("re-encrypted \(changed) values under key \(cipher.keyring.currentKeyID)")
        default:
            context.console.error("unknown subcommand '\(signature.subcommand)'; expected: rotate, reencrypt")
            throw ExitCode(2)
        }
    }
}
