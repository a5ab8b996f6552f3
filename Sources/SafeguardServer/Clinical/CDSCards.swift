import Foundation
import SafeguardCore
import Vapor

/// CDS Hooks 2.0 response shapes.
enum CDSCard {
    struct Response: Content { var cards: [Card] }

    struct Coding: Content { var system: String?; var code: String; var display: String? }

    struct Card: Content {
        var uuid: String
        var summary: String
        var detail: String
        var indicator: String
        var source: Source
        var suggestions: [Suggestion]?
        var selectionBehavior: String?
        var overrideReasons: [Coding]?
        var links: [Link]?
    }

    struct Source: Content { var label: String; var url: String?; var topic: Coding? }
    struct Link: Content { var label: String; var url: String; var type: String }

    struct Suggestion: Content {
        var label: String
        var uuid: String
        var isRecommended: Bool
        var actions: [Action]
    }

    struct Action: Content {
        var type: String
        var description: String
        var resource: Task?
    }

    /// A FHIR Task the record system may keep as its note that a report is to be filed.
    struct Task: Content {
        struct Reference: Content { var reference: String }
        struct Concept: Content { var text: String }
        var resourceType = "Task"
        var status = "requested"
        var intent = "order"
        var code: Concept
        var description: String
        var `for`: Reference
    }

    static let situationTopic = "https://safeguard.example/fhir/CodeSystem/mandatory-reporting-situation"

    static func card(for alert: ClinicalAlertStore.Alert, patientID: String, publicURL: String) -> Card {
        let w = alert.warning
        let reportForm = "\(publicURL)/clinical-alerts/\(alert.id.uuidString)"
        let source = Source(label: "Safeguard mandatory reporting", url: "\(publicURL)/cds-services",
                            topic: Coding(system: situationTopic, code: String(w.situation.rawValue), display: "Situation \(w.situation.rawValue) of the 2020 Opinion"))
        if let reference = alert.reportReference {
            return Card(uuid: alert.id.uuidString, summary: "Reported to the authorities: \(reference)",
                        detail: "A statutory report (\(reference)) was filed for this warning (rule `\(w.ruleID)`). No further action is needed here.",
                        indicator: "info", source: source, links: [Link(label: "See the report", url: reportForm, type: "absolute")])
        }
        let evidence = w.evidence.map { e in
            "- \(e.resource): `\(e.code)`\(e.display.map { " \($0)" } ?? "")\(e.date.map { " (\($0))" } ?? "")"
        }.joined(separator: "\n")
        let overridden = alert.status == .overriddenEscalating
            ? "\n\nThis warning was overridden. The rule set reports \(w.colour.rawValue) warnings anyway: the report will be filed automatically."
            : ""
        let detail = """
            **\(w.colour.rawValue.capitalized) warning, situation \(w.situation.rawValue).** \(w.legalSource)

            Evidence:
            \(evidence)

            \(w.patientNotes.joined(separator: " "))

            Rule `\(w.ruleID)`, rule set \(w.ruleSetVersion). If nobody files the report by \(ISO8601DateFormatter().string(from: alert.deadline)), \
            Safeguard files it automatically and tells the hospital's designated reporters.\(overridden)
            """
        let task = Task(code: .init(text: "Statutory report of harm to a minor"),
                        description: "File the statutory report to public security: \(w.summary)", for: .init(reference: "Patient/\(patientID)"))
        return Card(uuid: alert.id.uuidString, summary: w.summary, detail: detail, indicator: w.colour.cardIndicator, source: source,
                    suggestions: [Suggestion(label: "File the statutory report now", uuid: UUID().uuidString, isRecommended: true,
                                             actions: [Action(type: "create", description: "Record that the statutory report was filed", resource: task)])],
                    selectionBehavior: "at-most-one",
                    overrideReasons: CDSServices.overrideReasons.map { Coding(system: CDSServices.overrideSystem, code: $0.code, display: $0.display) },
                    links: [Link(label: "Open the pre-filled report form", url: reportForm, type: "absolute")])
    }
}
