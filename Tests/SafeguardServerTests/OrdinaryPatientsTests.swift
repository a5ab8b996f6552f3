import Foundation
import SafeguardCore
@testable import SafeguardServer
import Testing
import Vapor

/// Ordinary children and adults from carebundle's synthetic FHIR R4 cohorts must raise no
/// warning and leave nothing behind. `.ci/run` generates them with
/// Tests/Clinical/generate_ordinary_patients.py and sets SAFEGUARD_CAREBUNDLE_DIR.
@Suite struct OrdinaryPatientsTests {
    static let folder = ProcessInfo.processInfo.environment["SAFEGUARD_CAREBUNDLE_DIR"].flatMap { $0.isEmpty ? nil : $0 }

    @Test(.enabled(if: folder != nil)) func ordinaryPatientsRaiseNoWarning() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await ReportingWorld.make(server)
            let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder!).filter { $0.hasSuffix(".json") }.sorted()
            #expect(files.count >= 100)
            for (index, file) in files.enumerated() {
                let prefetch = String(decoding: try Data(contentsOf: URL(fileURLWithPath: Self.folder!).appendingPathComponent(file)), as: UTF8.self)
                let call = #"{"hook":"encounter-start","hookInstance":"\#(UUID().uuidString)","context":{"userId":"Practitioner/synthetic","patientId":"ordinary-\#(index)","encounterId":"e-\#(index)"},"prefetch":\#(prefetch)}"#
                // act
                let response = try await world.invoke(server, call)
                // assert
                #expect(response.status == .ok, "\(file): \(response.body.string)")
                #expect(try server.decode(CDSCard.Response.self, response).cards.isEmpty, "\(file) raised a warning")
            }
            #expect(try await world.count(server, "clinical_alerts") == 0)
        }
    }
}
