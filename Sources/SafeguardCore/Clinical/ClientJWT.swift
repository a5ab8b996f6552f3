import _CryptoExtras
import Crypto
import Foundation

/// A public key from a client's JSON Web Key Set: EC P-384 or RSA, the two kinds the CDS Hooks
/// specification allows for ES384 and RS384.
public struct JWK: Codable, Sendable {
    public var kty: String
    public var kid: String?
    public var alg: String?
    public var use: String?
    public var crv: String?
    public var x: String?
    public var y: String?
    public var n: String?
    public var e: String?

    public init(kty: String, kid: String?, alg: String? = nil, crv: String? = nil, x: String? = nil, y: String? = nil, n: String? = nil, e: String? = nil) {
        self.kty = kty
        self.kid = kid
        self.alg = alg
        self.crv = crv
        self.x = x
        self.y = y
        self.n = n
        self.e = e
    }
}

public struct JWKSet: Codable, Sendable {
    public var keys: [JWK]
    public init(keys: [JWK]) { self.keys = keys }
}

/// The verified claims of a CDS client's token.
public struct ClientClaims: Sendable, Equatable {
    public var issuer: String
    public var subject: String?
    public var tokenID: String
    public var expires: Date
    public var tenant: String?
}

/// Why a token was refused. Only the server's log (without the token) and the tests see this;
/// the client gets a bare 401.
public enum JWTRejection: Error, Equatable, Sendable {
    case malformed
    case algorithmNotAllowed(String)
    case unknownIssuer
    case unknownKey
    case badSignature
    case wrongAudience
    case expired
    case notYetValid
    case lifetimeTooLong
    case missingClaim(String)
}

/// The parsed, ready-to-use public keys of one issuer.
public struct IssuerKeys: Sendable {
    enum Key: @unchecked Sendable {
        case es384(P384.Signing.PublicKey)
        case rs384(_RSA.Signing.PublicKey)
    }

    let keys: [String: Key]

    public var keyIDs: [String] { keys.keys.sorted() }

    /// Reads a JWK set, refusing keys that cannot verify ES384 or RS384, keys without a `kid`,
    /// and RSA keys under 2048 bits; the message names the key.
    public init(_ set: JWKSet) throws(JWTKeyError) {
        var keys: [String: Key] = [:]
        guard !set.keys.isEmpty else { throw JWTKeyError(message: "the key set has no keys") }
        for (index, jwk) in set.keys.enumerated() {
            guard let kid = jwk.kid, !kid.isEmpty else { throw JWTKeyError(message: "key \(index) has no kid") }
            // Which of two keys under one kid verifies would be a guess: refuse the set.
            guard keys[kid] == nil else { throw JWTKeyError(message: "two keys have the kid \(kid); give each key its own kid") }
            if let use = jwk.use, use != "sig" { throw JWTKeyError(message: "key \(kid) is not a signing key (use \(use))") }
            switch jwk.kty {
            case "EC":
                guard jwk.crv == "P-384", jwk.alg == nil || jwk.alg == "ES384" else {
                    throw JWTKeyError(message: "key \(kid) must be an EC key on curve P-384 for ES384")
                }
                guard let x = jwk.x.flatMap(Base64URL.decode), let y = jwk.y.flatMap(Base64URL.decode), x.count == 48, y.count == 48,
                      let key = try? P384.Signing.PublicKey(rawRepresentation: x + y) else {
                    throw JWTKeyError(message: "key \(kid) has an invalid P-384 point")
                }
                keys[kid] = .es384(key)
            case "RSA":
                guard jwk.alg == nil || jwk.alg == "RS384" else { throw JWTKeyError(message: "key \(kid) must be for RS384") }
                guard let n = jwk.n.flatMap(Base64URL.decode), let e = jwk.e.flatMap(Base64URL.decode),
                      let key = try? _RSA.Signing.PublicKey(n: n, e: e), key.keySizeInBits >= 2048 else {
                    throw JWTKeyError(message: "key \(kid) is not a valid RSA key of 2048 bits or more")
                }
                keys[kid] = .rs384(key)
            default:
                throw JWTKeyError(message: "key \(kid) has type \(jwk.kty); only EC (P-384) and RSA keys are accepted")
            }
        }
        self.keys = keys
    }
}

public struct JWTKeyError: Error, Equatable, Sendable { public let message: String }

/// Verifies the bearer token a CDS client sends (CDS Hooks 2.0, "Trusting CDS Clients"):
/// ES384 or RS384 only (never `none` or HMAC), a registered issuer and key, `aud` equal to the
/// endpoint called, `exp` in the near future, `iat` not in the future, and a `jti`.
/// The caller checks `jti` against its replay cache.
public struct ClientJWTVerifier: Sendable {
    public var clockSkew: TimeInterval
    /// The specification asks clients for tokens that expire within five minutes.
    public var maximumLifetime: TimeInterval

    public init(clockSkew: TimeInterval = 60, maximumLifetime: TimeInterval = 300) {
        self.clockSkew = clockSkew
        self.maximumLifetime = maximumLifetime
    }

    private struct Header {
        var alg, kid: String?
        init(_ s: inout JSONScanner) throws {
            try ClientJWTVerifier.members(&s) { s, name in
                switch name {
                case "alg": alg = try s.string()
                case "kid": kid = try s.string()
                default: try s.skip()
                }
            }
        }
    }

    private struct Claims {
        var iss, sub, jti, tenant: String?
        /// `aud` may be one string or a list of strings.
        var aud: [String]?
        var exp, iat: Double?
        init(_ s: inout JSONScanner) throws {
            try ClientJWTVerifier.members(&s) { s, name in
                switch name {
                case "iss": iss = try s.string()
                case "sub": sub = try s.string()
                case "aud": aud = try s.kind() == .string ? s.string().map { [$0] } : s.elements { try $0.string() }
                case "exp": exp = try s.double()
                case "iat": iat = try s.double()
                case "jti": jti = try s.string()
                case "tenant": tenant = try s.string()
                default: try s.skip()
                }
            }
        }
    }

    /// Reads a JSON object's members; anything else, or a name given twice, is an error.
    private static func members(_ s: inout JSONScanner, _ member: (inout JSONScanner, JSONScanner.Name) throws -> Void) throws {
        guard try s.object(member) else { throw JSONScanner.mismatch([String: Any].self) }
    }

    // The header and claims are read with the scanner: JSONDecoder cost more than RS384's check.
    private static func object<T>(_ data: [UInt8], _ read: (inout JSONScanner) throws -> T) -> T? {
        try? JSONScanner.read(data, read)
    }

    /// The token's three parts decoded, and the digest of the bytes its signature covers; nil
    /// unless it is three base64url parts. Read as bytes: splitting the text by characters cost
    /// more than the parse.
    private static func parts(of token: String) -> (header: [UInt8], claims: [UInt8], signature: [UInt8], digest: SHA384Digest)? {
        var token = token
        return token.withUTF8 { bytes -> (header: [UInt8], claims: [UInt8], signature: [UInt8], digest: SHA384Digest)? in
            let dot = UInt8(ascii: ".")
            guard let first = bytes.firstIndex(of: dot), let second = bytes[(first + 1)...].firstIndex(of: dot),
                  !bytes[(second + 1)...].contains(dot),
                  let header = Base64.decodeURL(UnsafeBufferPointer(rebasing: bytes[..<first])),
                  let claims = Base64.decodeURL(UnsafeBufferPointer(rebasing: bytes[(first + 1)..<second])),
                  let signature = Base64.decodeURL(UnsafeBufferPointer(rebasing: bytes[(second + 1)...])) else { return nil }
            return (header, claims, signature, SHA384.hash(data: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[..<second]))))
        }
    }

    /// `orAudience`: a second address the token may name instead (feedback is sent to the
    /// service's feedback URL, and clients sign for either).
    public func verify(_ token: String, audience: String, orAudience: String? = nil, now: Date,
                       keys: (String) -> IssuerKeys?) throws(JWTRejection) -> ClientClaims {
        guard let parts = Self.parts(of: token), let header = Self.object(parts.header, Header.init),
              let claims = Self.object(parts.claims, Claims.init) else { throw .malformed }
        let signature = parts.signature
        guard let alg = header.alg, alg == "ES384" || alg == "RS384" else { throw .algorithmNotAllowed(header.alg ?? "none") }
        guard let issuer = claims.iss else { throw .missingClaim("iss") }
        guard let issuerKeys = keys(issuer) else { throw .unknownIssuer }
        guard let kid = header.kid, let key = issuerKeys.keys[kid] else { throw .unknownKey }

        let valid: Bool
        switch (key, alg) {
        case (.es384(let key), "ES384"):
            guard signature.count == 96, let ecdsa = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else { throw .badSignature }
            valid = key.isValidSignature(ecdsa, for: parts.digest)
        case (.rs384(let key), "RS384"):
            valid = key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: parts.digest,
                                         padding: .insecurePKCS1v1_5)
        default:
            // The key registered under this kid is for the other algorithm: an algorithm-confusion attempt.
            throw .algorithmNotAllowed(alg)
        }
        guard valid else { throw .badSignature }

        guard let aud = claims.aud else { throw .missingClaim("aud") }
        guard aud.contains(audience) || orAudience.map(aud.contains) == true else { throw .wrongAudience }
        guard let exp = claims.exp else { throw .missingClaim("exp") }
        let nowSeconds = now.timeIntervalSince1970
        guard exp + clockSkew > nowSeconds else { throw .expired }
        guard exp - nowSeconds <= maximumLifetime + clockSkew else { throw .lifetimeTooLong }
        guard let iat = claims.iat else { throw .missingClaim("iat") }
        guard iat - clockSkew <= nowSeconds else { throw .notYetValid }
        guard let jti = claims.jti, !jti.isEmpty, jti.count <= 200 else { throw .missingClaim("jti") }
        return ClientClaims(issuer: issuer, subject: claims.sub, tokenID: jti, expires: Date(timeIntervalSince1970: exp), tenant: claims.tenant)
    }
}

/// Base64 with the URL alphabet and no padding (RFC 7515 section 2).
public enum Base64URL {
    public static func decode(_ text: some StringProtocol) -> Data? {
        var text = String(text)
        return text.withUTF8 { Base64.decodeURL($0).map { Data($0) } }
    }

    public static func encode(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
