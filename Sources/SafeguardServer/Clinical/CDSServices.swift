import Foundation
import SafeguardCore
import Vapor

/// The CDS services Safeguard offers, one per hook (CDS Hooks 2.0: a service serves one hook).
struct CDSServiceDefinition: Content {
    var hook: String
    var id: String
    var title: String
    var description: String
    var prefetch: [String: String]
    var usageRequirements: String?
}

enum CDSServices {
    /// The pregnancy, hCG and maltreatment facts the rules read; conditions are read whole
    /// because the rules match ICD-10 chapters by prefix.
    static let observationCodes = ["82810-3", "2106-3", "2112-1", "2118-8", "2110-5", "21198-7", "19080-1"]
        .map { "http://loinc.org|\($0)" }.joined(separator: ",")

    static func prefetch(withEncounter: Bool) -> [String: String] {
        var templates = [
            "patient": "Patient/{{context.patientId}}",
            "observations": "Observation?patient={{context.patientId}}&code=\(observationCodes)",
            "conditions": "Condition?patient={{context.patientId}}",
        ]
        if withEncounter { templates["encounter"] = "Encounter/{{context.encounterId}}" }
        return templates
    }

    static let all: [CDSServiceDefinition] = [
        ("encounter-start", "safeguard-encounter-start", "On admission or registration", true),
        ("patient-view", "safeguard-patient-view", "When a patient's record is opened", false),
        ("encounter-discharge", "safeguard-encounter-discharge", "Before discharge", true),
    ].map { hook, id, when, withEncounter in
        CDSServiceDefinition(hook: hook, id: id, title: "Safeguard mandatory reporting (\(when.lowercased()))",
                             description: "\(when): warns red, orange or yellow when a minor's record shows a situation that the law "
                                 + "requires to be reported to the authorities, and files the report when the clinician accepts, "
                                 + "overrides a red warning, or does not answer in time.",
                             prefetch: prefetch(withEncounter: withEncounter),
                             usageRequirements: "Register the record system's issuer and JWK set (ES384 or RS384) with Safeguard first.")
    }

    static func service(_ id: String) -> CDSServiceDefinition? { all.first { $0.id == id } }

    /// Override reasons a clinician may pick (CDS Hooks 2.0 `overrideReasons`).
    static let overrideSystem = "https://safeguard.example/fhir/CodeSystem/override-reason"
    static let overrideReasons: [(code: String, display: String)] = [
        ("already-reported", "Already reported to the authorities"),
        ("not-applicable", "Not applicable to this patient"),
        ("patient-safety", "Reporting now would endanger the patient"),
        ("other", "Other reason (explain in the comment)"),
    ]
}
