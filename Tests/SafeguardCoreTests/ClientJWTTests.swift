import _CryptoExtras
import Crypto
import Foundation
import Testing
@testable import SafeguardCore

@Suite struct ClientJWTTests {
    static let ec = ClientJWTSigner(.es384(P384.Signing.PrivateKey()), keyID: "ec-1")
    static let rsa = ClientJWTSigner(.rs384(try! _RSA.Signing.PrivateKey(keySize: .bits2048)), keyID: "rsa-1")
    static let keys = try! IssuerKeys(JWKSet(keys: [ec.publicJWK(), rsa.publicJWK()]))
    let issuer = "https://ehr.synthetic-hospital.example"
    let audience = "https://safeguard.example/cds-services/mandatory-reporting"
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    let verifier = ClientJWTVerifier()

    func verify(_ token: String, audience: String? = nil, at: Date? = nil) throws(JWTRejection) -> ClientClaims {
        try verifier.verify(token, audience: audience ?? self.audience, now: at ?? now) { $0 == issuer ? Self.keys : nil }
    }

    func claims(_ changes: [String: Any] = [:]) -> [String: Any] {
        var claims: [String: Any] = ["iss": issuer, "aud": audience, "iat": Int(now.timeIntervalSince1970),
                                     "exp": Int(now.timeIntervalSince1970) + 300, "jti": "j-1"]
        for (key, value) in changes { claims[key] = value }
        return claims
    }

    @Test func es384AndRS384TokensFromARegisteredIssuerPass() throws {
        for signer in [Self.ec, Self.rsa] {
            // act
            let verified = try verify(try signer.token(issuer: issuer, audience: audience, now: now, tokenID: "t-\(signer.keyID)"))
            // assert
            #expect(verified.issuer == issuer)
            #expect(verified.tokenID == "t-\(signer.keyID)")
        }
    }

    @Test func base64URLRoundTripsEveryLengthAndRefusesOtherAlphabets() {
        for length in 0...40 {
            let bytes = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 250) })
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes, "length \(length)")
        }
        for text in ["ab+c", "ab/c", "abc=", "a!bc", "abcde"] { #expect(Base64URL.decode(text) == nil, "\(text)") }
    }

    @Test func tokensWithoutExactlyThreePartsAreMalformed() throws {
        // setup
        let token = try Self.rsa.token(issuer: issuer, audience: audience, now: now, tokenID: "t-parts")
        let parts = token.split(separator: ".").map(String.init)
        for broken in [parts[0] + "." + parts[1], token + "." + parts[2], parts.joined(separator: ".."), "", ".."] {
            // act / assert
            #expect(throws: JWTRejection.malformed) { try verify(broken) }
        }
    }

    @Test func unsignedAndHMACTokensAreRefused() throws {
        // setup
        let body = Base64URL.encode(try JSONSerialization.data(withJSONObject: claims()))
        let none = Base64URL.encode(Data(#"{"alg":"none","typ":"JWT","kid":"ec-1"}"#.utf8)) + "." + body + "."
        let hmacHeader = Base64URL.encode(Data(#"{"alg":"HS384","typ":"JWT","kid":"ec-1"}"#.utf8))
        let mac = HMAC<SHA384>.authenticationCode(for: Data("\(hmacHeader).\(body)".utf8), using: SymmetricKey(size: .bits256))
        let hmac = "\(hmacHeader).\(body).\(Base64URL.encode(Data(mac)))"
        // act / assert
        #expect(throws: JWTRejection.algorithmNotAllowed("none")) { try verify(none) }
        #expect(throws: JWTRejection.algorithmNotAllowed("HS384")) { try verify(hmac) }
    }

    @Test func everyBrokenClaimIsRefused() throws {
        let expired = try Self.ec.sign(header: ["alg": "ES384", "kid": "ec-1"], claims: claims(["exp": Int(now.timeIntervalSince1970) - 120]))
        #expect(throws: JWTRejection.expired) { try verify(expired) }
        let tooLong = try Self.ec.sign(header: ["alg": "ES384", "kid": "ec-1"], claims: claims(["exp": Int(now.timeIntervalSince1970) + 3600]))
        #expect(throws: JWTRejection.lifetimeTooLong) { try verify(tooLong) }
        let future = try Self.ec.sign(header: ["alg": "ES384", "kid": "ec-1"], claims: claims(["iat": Int(now.timeIntervalSince1970) + 600]))
        #expect(throws: JWTRejection.notYetValid) { try verify(future) }
        let otherAudience = try Self.ec.token(issuer: issuer, audience: "https://elsewhere.example/cds-services/x", now: now)
        #expect(throws: JWTRejection.wrongAudience) { try verify(otherAudience) }
        let stranger = try Self.ec.token(issuer: "https://unknown.example", audience: audience, now: now)
        #expect(throws: JWTRejection.unknownIssuer) { try verify(stranger) }
        let noJTI = try Self.ec.sign(header: ["alg": "ES384", "kid": "ec-1"], claims: claims().filter { $0.key != "jti" })
        #expect(throws: JWTRejection.missingClaim("jti")) { try verify(noJTI) }
        let unknownKey = try Self.ec.sign(header: ["alg": "ES384", "kid": "ec-9"], claims: claims())
        #expect(throws: JWTRejection.unknownKey) { try verify(unknownKey) }
        // Within the clock skew an expired token still passes.
        #expect(throws: Never.self) { try verify(try Self.ec.token(issuer: issuer, audience: audience, now: now), at: now.addingTimeInterval(330)) }
    }

    @Test func tamperedForeignAndConfusedSignaturesAreRefused() throws {
        // setup
        let token = try Self.ec.token(issuer: issuer, audience: audience, now: now)
        let parts = token.split(separator: ".").map(String.init)
        let tampered = parts[0] + "." + Base64URL.encode(try JSONSerialization.data(withJSONObject: claims(["sub": "someone else"]))) + "." + parts[2]
        let foreign = try ClientJWTSigner(.es384(P384.Signing.PrivateKey()), keyID: "ec-1").token(issuer: issuer, audience: audience, now: now)
        // An RS384 token naming the EC key: algorithm confusion.
        let confused = try Self.rsa.sign(header: ["alg": "RS384", "kid": "ec-1"], claims: claims())
        // act / assert
        #expect(throws: JWTRejection.badSignature) { try verify(tampered) }
        #expect(throws: JWTRejection.badSignature) { try verify(foreign) }
        #expect(throws: JWTRejection.algorithmNotAllowed("RS384")) { try verify(confused) }
        #expect(throws: JWTRejection.malformed) { try verify("not.a-token") }
    }

    @Test func anAudienceListMustHoldTheEndpointAndClaimsOfTheWrongTypeAreMalformed() throws {
        // setup
        let sign = { (changes: [String: Any]) in try Self.ec.sign(header: ["alg": "ES384", "kid": "ec-1"], claims: claims(changes)) }
        // act / assert
        #expect(try verify(try sign(["aud": ["https://other.example/x", audience]])).issuer == issuer)
        #expect(throws: JWTRejection.wrongAudience) { try verify(try sign(["aud": ["https://other.example/x"]])) }
        #expect(throws: JWTRejection.missingClaim("aud")) { try verify(try sign(["aud": NSNull()])) }
        #expect(throws: JWTRejection.malformed) { try verify(try sign(["aud": 7])) }
        #expect(throws: JWTRejection.malformed) { try verify(try sign(["exp": "tomorrow"])) }
        #expect(throws: JWTRejection.malformed) { try verify(try sign(["jti": ["j-1"]])) }
    }

    @Test func membersGivenTwiceAreMalformed() throws {
        // setup: JSON parsers disagree on which of two members counts, so neither may
        let header = Data(#"{"alg":"ES384","kid":"ec-1"}"#.utf8)
        let claims = #"{"iss":"\#(issuer)","aud":"\#(audience)","iat":\#(Int(now.timeIntervalSince1970)),"exp":\#(Int(now.timeIntervalSince1970) + 300),"jti":"j-1""#
        // act / assert
        #expect(try verify(try Self.ec.sign(header: header, claims: Data((claims + "}").utf8))).tokenID == "j-1")
        #expect(throws: JWTRejection.malformed) { try verify(try Self.ec.sign(header: header, claims: Data((claims + #","aud":"https://other.example/x"}"#).utf8))) }
        #expect(throws: JWTRejection.malformed) {
            try verify(try Self.ec.sign(header: Data(#"{"alg":"ES384","kid":"ec-1","alg":"none"}"#.utf8), claims: Data((claims + "}").utf8)))
        }
        #expect(throws: JWTRejection.malformed) { try verify(try Self.ec.sign(header: Data("[]".utf8), claims: Data((claims + "}").utf8))) }
    }

    @Test func keySetsAcceptOnlyP384AndStrongRSA() throws {
        let p256 = P256.Signing.PrivateKey().publicKey.rawRepresentation
        let weak = JWK(kty: "EC", kid: "k", crv: "P-256", x: Base64URL.encode(p256.prefix(32)), y: Base64URL.encode(p256.suffix(32)))
        #expect(throws: JWTKeyError(message: "key k must be an EC key on curve P-384 for ES384")) { try IssuerKeys(JWKSet(keys: [weak])) }
        #expect(throws: JWTKeyError(message: "key k has type oct; only EC (P-384) and RSA keys are accepted")) {
            try IssuerKeys(JWKSet(keys: [JWK(kty: "oct", kid: "k")]))
        }
        #expect(throws: JWTKeyError(message: "key 0 has no kid")) { try IssuerKeys(JWKSet(keys: [try Self.ec.publicJWK()].map { var k = $0; k.kid = nil; return k })) }
    }

    @Test func rsaKeysUnder2048BitsAreRefused() throws {
        func rsa(bits: Int) -> JWK {
            var modulus = (0..<(bits / 8)).map { _ in UInt8.random(in: 0...255) }
            modulus[0] |= 0x80
            modulus[modulus.count - 1] |= 1
            return JWK(kty: "RSA", kid: "r\(bits)", n: Base64URL.encode(modulus), e: Base64URL.encode([1, 0, 1]))
        }
        for bits in [512, 768, 1024, 2040] {
            #expect(throws: JWTKeyError(message: "key r\(bits) is not a valid RSA key of 2048 bits or more")) { try IssuerKeys(JWKSet(keys: [rsa(bits: bits)])) }
        }
        #expect(try IssuerKeys(JWKSet(keys: [rsa(bits: 2048)])).keyIDs == ["r2048"])
    }

    @Test func twoKeysUnderOneKidAreRefused() throws {
        var second = try Self.rsa.publicJWK()
        second.kid = "ec-1"
        #expect(throws: JWTKeyError(message: "two keys have the kid ec-1; give each key its own kid")) {
            try IssuerKeys(JWKSet(keys: [try Self.ec.publicJWK(), second]))
        }
    }
}
