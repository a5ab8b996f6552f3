// Rule evaluation in-process, on one core, and signed tokens for the HTTP benchmark.
//
//   swift run -c release safeguard-rule-bench                 evaluations per second
//   swift run -c release safeguard-rule-bench tokens N ISSUER AUDIENCE ES384|RS384 OUT_DIR
//                                                             N tokens (one per line) and the public JWK set
import _CryptoExtras
import Crypto
import Foundation
import SafeguardCore

/// The realistic bundle of the issue: a patient, 20 observations and 10 conditions.
func prefetch(warning: Bool) -> (patient: Data, observations: Data, conditions: Data) {
    var observations = SyntheticFHIR.routineObservations(count: warning ? 19 : 20)
    if warning { observations.append(SyntheticFHIR.observation(id: "preg", code: "82810-3", answer: ("http://loinc.org", "LA15173-0"))) }
    return (Data(SyntheticFHIR.patient(birthDate: "2013-03-01").utf8), Data(SyntheticFHIR.bundle(observations).utf8),
            Data(SyntheticFHIR.bundle(SyntheticFHIR.routineConditions(count: 10)).utf8))
}

/// Runs `body` repeatedly for about `seconds` and returns operations per second.
func rate(seconds: Double = 3, _ body: () throws -> Void) rethrows -> Double {
    var count = 0
    let start = DispatchTime.now().uptimeNanoseconds
    var elapsed = 0.0
    while elapsed < seconds {
        for _ in 0..<50 { try body() }
        count += 50
        elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
    return Double(count) / elapsed
}

func evaluate() throws {
    let engine = try WarningEngine(WarningRuleSet.bundled())
    let now = Date()
    print("rule set \(engine.ruleSet.id) \(engine.ruleSet.version), \(engine.ruleSet.rules.count) rules; bundle: patient + 20 observations + 10 conditions")
    var sink = 0
    for warning in [false, true] {
        let data = prefetch(warning: warning)
        let record = try ClinicalRecord.read(patient: data.patient, observations: data.observations, conditions: data.conditions)
        let baseline = try rate { sink &+= (try JSONSerialization.jsonObject(with: data.observations) as? [String: Any])?.count ?? 0
                                  sink &+= (try JSONSerialization.jsonObject(with: data.conditions) as? [String: Any])?.count ?? 0 }
        let evaluation = rate { sink &+= engine.evaluate(record, now: now).count }
        let syntax = try rate { for item in [data.patient, data.observations, data.conditions] { try JSONScanner.read(item) { try $0.skip() } } }
        let decoding = try rate { sink &+= try ClinicalRecord.read(patient: data.patient, observations: data.observations, conditions: data.conditions).observations.count }
        let withDecoding = try rate {
            let record = try ClinicalRecord.read(patient: data.patient, observations: data.observations, conditions: data.conditions)
            sink &+= engine.evaluate(record, now: now).count
        }
        // What the CDS service does: the prefetch object read with the engine's screen, then the rules.
        let object = Data(#"{"patient":\#(String(decoding: data.patient, as: UTF8.self)),"observations":\#(String(decoding: data.observations, as: UTF8.self)),"conditions":\#(String(decoding: data.conditions, as: UTF8.self))}"#.utf8)
        let screened = try rate {
            let prefetch = try JSONScanner.read(object) { try Prefetch.scan(&$0, screen: engine.screen) }
            sink &+= engine.evaluate(ClinicalRecord(prefetch!)!, now: now).count
        }
        let label = warning ? "red patient " : "ordinary    "
        print(String(format: "%@ baseline (JSONSerialization of the bundles) %9.0f /s", label, baseline))
        print(String(format: "%@ evaluate (decoded record)              %9.0f /s   ratio %.2f", label, evaluation, evaluation / baseline))
        print(String(format: "%@ check the JSON's syntax only           %9.0f /s   ratio %.2f", label, syntax, syntax / baseline))
        print(String(format: "%@ decode the FHIR JSON                   %9.0f /s   ratio %.2f", label, decoding, decoding / baseline))
        print(String(format: "%@ decode + evaluate                      %9.0f /s   ratio %.2f", label, withDecoding, withDecoding / baseline))
        print(String(format: "%@ screen, read if in doubt + evaluate    %9.0f /s   ratio %.2f", label, screened, screened / baseline))
    }
    let ec = ClientJWTSigner(.es384(P384.Signing.PrivateKey()), keyID: "ec")
    let rsa = ClientJWTSigner(.rs384(try _RSA.Signing.PrivateKey(keySize: .bits2048)), keyID: "rsa")
    let keys = try IssuerKeys(JWKSet(keys: [try ec.publicJWK(), try rsa.publicJWK()]))
    let verifier = ClientJWTVerifier()
    for signer in [ec, rsa] {
        let token = try signer.token(issuer: "iss", audience: "aud")
        let verifications = try rate { sink &+= try verifier.verify(token, audience: "aud", now: now) { _ in keys }.tokenID.count }
        print(String(format: "JWT verify %@                          %9.0f /s", signer.keyID == "ec" ? "ES384" : "RS384", verifications))
    }
    if sink == 42 { print("") }
}

func tokens(_ arguments: [String]) throws {
    guard arguments.count == 5, let count = Int(arguments[0]) else {
        FileHandle.standardError.write(Data("usage: tokens N ISSUER AUDIENCE ES384|RS384 OUT_DIR\n".utf8))
        exit(2)
    }
    let (issuer, audience, alg, out) = (arguments[1], arguments[2], arguments[3], arguments[4])
    let signer = alg == "RS384" ? ClientJWTSigner(.rs384(try _RSA.Signing.PrivateKey(keySize: .bits2048)), keyID: "bench-rsa")
        : ClientJWTSigner(.es384(P384.Signing.PrivateKey()), keyID: "bench-ec")
    let now = Date()
    var lines = ""
    for _ in 0..<count { lines += try signer.token(issuer: issuer, audience: audience, now: now) + "\n" }
    try lines.write(toFile: out + "/tokens.txt", atomically: true, encoding: .utf8)
    try JSONEncoder().encode(JWKSet(keys: [try signer.publicJWK()])).write(to: URL(fileURLWithPath: out + "/jwks.json"))
    let warning = prefetch(warning: true), ordinary = prefetch(warning: false)
    for (name, data) in [("ordinary", ordinary), ("red", warning)] {
        let body = #"{"hook":"encounter-start","hookInstance":"\#(UUID().uuidString)","context":{"userId":"Practitioner/bench","patientId":"p1","encounterId":"e1"},"prefetch":{"patient":\#(String(decoding: data.patient, as: UTF8.self)),"encounter":\#(SyntheticFHIR.encounter(start: "2026-11-20T09:00:00Z")),"observations":\#(String(decoding: data.observations, as: UTF8.self)),"conditions":\#(String(decoding: data.conditions, as: UTF8.self))}}"#
        try body.write(toFile: "\(out)/\(name).json", atomically: true, encoding: .utf8)
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "tokens" { try tokens(Array(arguments.dropFirst())) } else { try evaluate() }
