import Foundation
import SafeguardCore
import Vapor

/// `safeguard cds demo-call`: acts as the demo hospital's record system and calls the running
/// server's `encounter-start` service for a synthetic girl with a positive pregnancy test, signing
/// the call with the demo key. Prints the cards.
struct CDSCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "demo-call")
        var action: String
        @Option(name: "age", help: "the synthetic patient's age in years (default 13)")
        var age: Int?
        @Option(name: "url", help: "the server (default SAFEGUARD_PUBLIC_URL or http://localhost:8080)")
        var url: String?
    }

    var help: String { "Calls the CDS service as the demo hospital (after `safeguard demo`)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "demo-call" else { throw AppError.badRequest("unknown action \(signature.action); try demo-call") }
        let app = context.application
        let settings = app.safeguard.settings
        let (signer, issuer) = try DemoKey.load(settings)
        let service = "safeguard-encounter-start"
        let base = signature.url ?? settings.publicURL
        let token = try signer.token(issuer: issuer, audience: settings.publicURL + ClinicalPaths.service(service))
        let year = Calendar(identifier: .gregorian).component(.year, from: Date()) - (signature.age ?? 13)
        let patientID = "demo-\(UUID().uuidString.prefix(8).lowercased())"
        let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        let patient = SyntheticFHIR.patient(id: patientID, birthDate: "\(year)-01-15")
        let encounter = SyntheticFHIR.encounter(start: today + "T09:00:00Z")
        let observations = SyntheticFHIR.bundle([SyntheticFHIR.observation(id: "hcg", code: "2106-3", text: "Positive", date: today)])
        let body = #"{"hook":"encounter-start","hookInstance":"\#(UUID().uuidString)","context":{"userId":"Practitioner/demo","patientId":"\#(patientID)","encounterId":"e1"},"prefetch":{"patient":\#(patient),"encounter":\#(encounter),"observations":\#(observations),"conditions":\#(SyntheticFHIR.bundle([]))}}"#
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: token)
        headers.contentType = .json
        let response = try await app.client.post(URI(string: base + ClinicalPaths.service(service)), headers: headers) { $0.body = ByteBuffer(string: body) }
        context.console.info("HTTP \(response.status.code)")
        context.console.print(response.body.map { String(buffer: $0) } ?? "")
    }
}
