import _CryptoExtras
import Crypto
import Foundation

/// Signs CDS client tokens the way a hospital's record system does. Safeguard itself only
/// verifies; this serves the `safeguard cds token` command, the tests and the benchmarks.
public struct ClientJWTSigner: Sendable {
    public enum Key: @unchecked Sendable {
        case es384(P384.Signing.PrivateKey)
        case rs384(_RSA.Signing.PrivateKey)
    }

    public let key: Key
    public let keyID: String

    public init(_ key: Key, keyID: String) {
        self.key = key
        self.keyID = keyID
    }

    /// The public half as a JWK, to register with the service.
    public func publicJWK() throws -> JWK {
        switch key {
        case .es384(let key):
            let raw = key.publicKey.rawRepresentation
            return JWK(kty: "EC", kid: keyID, alg: "ES384", crv: "P-384", x: Base64URL.encode(raw.prefix(48)), y: Base64URL.encode(raw.suffix(48)))
        case .rs384(let key):
            let parts = try key.publicKey.getKeyPrimitives()
            return JWK(kty: "RSA", kid: keyID, alg: "RS384", n: Base64URL.encode(parts.modulus), e: Base64URL.encode(parts.publicExponent))
        }
    }

    /// A signed token; `header` and `claims` are JSON objects given as dictionaries.
    public func sign(header: [String: Any], claims: [String: Any]) throws -> String {
        try sign(header: JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]),
                 claims: JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys]))
    }

    /// A signed token of the JSON texts given, as they are (the tests' malformed tokens).
    public func sign(header: Data, claims: Data) throws -> String {
        let head = Base64URL.encode(header), body = Base64URL.encode(claims)
        let input = Data("\(head).\(body)".utf8)
        let signature: Data
        switch key {
        case .es384(let key): signature = try key.signature(for: SHA384.hash(data: input)).rawRepresentation
        case .rs384(let key): signature = try key.signature(for: SHA384.hash(data: input), padding: .insecurePKCS1v1_5).rawRepresentation
        }
        return "\(head).\(body).\(Base64URL.encode(signature))"
    }

    /// A token as the specification describes it: five minutes, a fresh `jti`, `aud` = the endpoint.
    public func token(issuer: String, audience: String, now: Date = Date(), lifetime: TimeInterval = 300, tokenID: String = UUID().uuidString) throws -> String {
        let alg: String
        switch key {
        case .es384: alg = "ES384"
        case .rs384: alg = "RS384"
        }
        return try sign(header: ["alg": alg, "typ": "JWT", "kid": keyID],
                        claims: ["iss": issuer, "sub": issuer, "aud": audience, "iat": Int(now.timeIntervalSince1970),
                                 "exp": Int(now.timeIntervalSince1970 + lifetime), "jti": tokenID])
    }
}
