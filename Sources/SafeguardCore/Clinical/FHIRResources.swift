import Foundation

/// The parts of FHIR R4 resources the warning rules read. Unknown elements are ignored; the
/// elements read must have the types FHIR gives them, or reading fails with the element's path.
public protocol FHIRResource: Sendable {
    static var resourceType: String { get }
    /// The type the JSON says it is.
    var resourceType: String? { get set }
    /// A resource with no other elements, to read into.
    init(resourceType: String?)
    /// Reads the element `name` from `scanner`, skipping those the rules do not read (see FHIRReading.swift).
    mutating func read(_ name: JSONScanner.Name, _ scanner: inout JSONScanner) throws
}

public enum FHIR {
    public struct Coding: Codable, Sendable, Hashable {
        public var system: String?
        public var code: String?
        public var display: String?
        public init(system: String?, code: String?, display: String? = nil) {
            self.system = system
            self.code = code
            self.display = display
        }
    }

    public struct CodeableConcept: Codable, Sendable {
        public var coding: [Coding]?
        public var text: String?
    }

    public struct Quantity: Codable, Sendable {
        public var value: Double?
        public var comparator: String?
        public var unit: String?
    }

    public struct Period: Codable, Sendable {
        public var start: String?
        public var end: String?
    }

    public struct Patient: FHIRResource {
        public static var resourceType: String { "Patient" }
        public var resourceType: String?
        public var id: String?
        public var birthDate: String?
        public var gender: String?
    }

    public struct Encounter: FHIRResource {
        public static var resourceType: String { "Encounter" }
        public var resourceType: String?
        public var id: String?
        public var period: Period?
    }

    public struct Observation: FHIRResource {
        public static var resourceType: String { "Observation" }
        public var resourceType: String?
        public var id: String?
        public var status: String?
        public var code: CodeableConcept?
        public var valueCodeableConcept: CodeableConcept?
        public var valueQuantity: Quantity?
        public var valueString: String?
        public var interpretation: [CodeableConcept]?
        public var effectiveDateTime: String?
        public var issued: String?

        public var date: String? { effectiveDateTime ?? issued }
        /// Entered in error or cancelled: never evidence.
        public var isVoid: Bool { status == "entered-in-error" || status == "cancelled" }
    }

    public struct Condition: FHIRResource {
        public static var resourceType: String { "Condition" }
        public var resourceType: String?
        public var id: String?
        public var code: CodeableConcept?
        public var clinicalStatus: CodeableConcept?
        public var verificationStatus: CodeableConcept?
        public var onsetDateTime: String?
        public var recordedDate: String?

        public var date: String? { onsetDateTime ?? recordedDate }
        /// Refuted or entered in error: the clinician ruled it out, so it is never evidence.
        public var isVoid: Bool {
            verificationStatus?.coding?.contains { $0.code == "refuted" || $0.code == "entered-in-error" } ?? false
        }
    }

}

/// The clinical facts about one patient that a hook brings: the patient, the encounter if known,
/// and the observations and conditions the prefetch (or a FHIR search) returned.
public struct ClinicalRecord: Sendable {
    public var patient: FHIR.Patient
    public var encounter: FHIR.Encounter?
    public var observations: [FHIR.Observation]
    public var conditions: [FHIR.Condition]

    public init(patient: FHIR.Patient, encounter: FHIR.Encounter? = nil, observations: [FHIR.Observation] = [], conditions: [FHIR.Condition] = []) {
        self.patient = patient
        self.encounter = encounter
        self.observations = observations
        self.conditions = conditions
    }

    /// Why a prefetch item cannot be read; `key` names the item.
    public struct ShapeError: Error, Equatable, Sendable {
        public let key: String
        public let message: String
    }

    /// Reads prefetch items given one by one as raw JSON (as a FHIR server returns them).
    /// A resource of the wrong type or shape is refused, naming the item.
    public static func read(patient: Data, encounter: Data? = nil, observations: Data? = nil, conditions: Data? = nil) throws(ShapeError) -> ClinicalRecord {
        var items = ["patient": patient]
        items["encounter"] = encounter
        items["observations"] = observations
        items["conditions"] = conditions
        let prefetch = try Prefetch.read(items)
        guard let record = ClinicalRecord(prefetch) else { throw ShapeError(key: "patient", message: "is missing") }
        return record
    }

    /// The record in a prefetch, when it has the patient.
    public init?(_ prefetch: Prefetch) {
        guard let patient = prefetch.patient else { return nil }
        self.init(patient: patient, encounter: prefetch.encounter, observations: prefetch.observations ?? [], conditions: prefetch.conditions ?? [])
    }

    /// Names the element of a decoding error; `under` is the path of the value read.
    static func describe(_ error: any Error, under: [any CodingKey] = []) -> String {
        guard let error = error as? DecodingError else { return "unreadable JSON" }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "element \(path(under + context.codingPath)) has the wrong type"
        case .keyNotFound(let key, let context): return "element \(path(under + context.codingPath)).\(key.stringValue) is missing"
        case .dataCorrupted(let context) where context.debugDescription == JSONScanner.givenTwiceDescription:
            return "element \(path(under + context.codingPath)) is given twice"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "unreadable JSON" : "element \(path(under + context.codingPath)) is invalid"
        @unknown default: return "unreadable JSON"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

/// The prefetch of a CDS Hooks call (read by `scan` in FHIRReading.swift).
public struct Prefetch: Sendable {
    public var patient: FHIR.Patient?
    public var encounter: FHIR.Encounter?
    public var observations: [FHIR.Observation]?
    public var conditions: [FHIR.Condition]?
    /// Items the client sent, null ones included (null: the client has no data for it).
    public var sent: Set<String> = []
    /// Searches a `FactScreen` found to hold no fact, left empty instead of read.
    public var screened: Set<String> = []

    public init() {}

    /// This prefetch with the items of `other` added.
    public func adding(_ other: Prefetch) -> Prefetch {
        var merged = self
        merged.patient = patient ?? other.patient
        merged.encounter = encounter ?? other.encounter
        merged.observations = observations ?? other.observations
        merged.conditions = conditions ?? other.conditions
        merged.sent.formUnion(other.sent)
        merged.screened.formUnion(other.screened)
        return merged
    }
}
