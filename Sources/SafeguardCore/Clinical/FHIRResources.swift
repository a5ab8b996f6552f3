import Foundation

/// The parts of FHIR R4 resources the warning rules read. Unknown elements are ignored; the
/// elements read must have the types FHIR gives them, or decoding fails with the element's path.
public protocol FHIRResource: Decodable, Sendable {
    static var resourceType: String { get }
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
        public var id: String?
        public var birthDate: String?
        public var gender: String?
    }

    public struct Encounter: FHIRResource {
        public static var resourceType: String { "Encounter" }
        public var id: String?
        public var period: Period?
    }

    public struct Observation: FHIRResource {
        public static var resourceType: String { "Observation" }
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
        public var id: String?
        public var code: CodeableConcept?
        public var clinicalStatus: CodeableConcept?
        public var verificationStatus: CodeableConcept?
        public var onsetDateTime: String?
        public var recordedDate: String?

        public var date: String? { onsetDateTime ?? recordedDate }
        /// Refuted or entered in error: the clinician ruled it out, so it is never evidence.
        public var isVoid: Bool {
            let codes = verificationStatus?.coding?.compactMap(\.code) ?? []
            return codes.contains("refuted") || codes.contains("entered-in-error")
        }
    }

    struct Bundle<Resource: Decodable>: Decodable {
        struct Entry: Decodable { var resource: Resource? }
        var resourceType: String
        var entry: [Entry]?
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

    /// Reads prefetch items (`patient`, `encounter`, `observations`, `conditions`, each raw JSON).
    /// A resource of the wrong type or shape is refused, naming the item.
    public static func read(patient: Data, encounter: Data? = nil, observations: Data? = nil, conditions: Data? = nil) throws(ShapeError) -> ClinicalRecord {
        ClinicalRecord(patient: try decode(patient, key: "patient"),
                       encounter: try encounter.map { data throws(ShapeError) in try decode(data, key: "encounter") },
                       observations: try observations.map { data throws(ShapeError) in try bundle(data, key: "observations") } ?? [],
                       conditions: try conditions.map { data throws(ShapeError) in try bundle(data, key: "conditions") } ?? [])
    }

    private struct TypeProbe: Decodable { var resourceType: String? }

    /// A bundle entry's resource when it is a `T`; nil for the OperationOutcomes a search may add.
    private struct Only<T: FHIRResource>: Decodable {
        var resource: T?
        init(from decoder: any Decoder) throws {
            let probe = try TypeProbe(from: decoder)
            resource = probe.resourceType == T.resourceType ? try T(from: decoder) : nil
        }
    }

    private static func decode<T: FHIRResource>(_ data: Data, key: String) throws(ShapeError) -> T {
        let type = T.resourceType
        let probe: TypeProbe
        do { probe = try JSONDecoder().decode(TypeProbe.self, from: data) } catch {
            throw ShapeError(key: key, message: "is not a FHIR resource (a JSON object with resourceType)")
        }
        guard probe.resourceType == type else {
            throw ShapeError(key: key, message: "must be a \(type), not \(probe.resourceType ?? "a resource without resourceType")")
        }
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw ShapeError(key: key, message: "is not a valid \(type): \(describe(error))")
        }
    }

    private static func bundle<T: FHIRResource>(_ data: Data, key: String) throws(ShapeError) -> [T] {
        let type = T.resourceType
        let probe: TypeProbe
        do { probe = try JSONDecoder().decode(TypeProbe.self, from: data) } catch {
            throw ShapeError(key: key, message: "is not a FHIR Bundle")
        }
        guard probe.resourceType == "Bundle" else {
            throw ShapeError(key: key, message: "must be a Bundle of \(type) resources, not \(probe.resourceType ?? "a resource without resourceType")")
        }
        // OperationOutcome entries (search warnings) may ride along; anything else is a mistake.
        let types: FHIR.Bundle<TypeProbe>
        do { types = try JSONDecoder().decode(FHIR.Bundle<TypeProbe>.self, from: data) } catch {
            throw ShapeError(key: key, message: "is not a valid Bundle: \(describe(error))")
        }
        for (index, entry) in (types.entry ?? []).enumerated() {
            guard let found = entry.resource?.resourceType, found == type || found == "OperationOutcome" else {
                throw ShapeError(key: key, message: "entry \(index) must be a \(type), not \(entry.resource?.resourceType ?? "empty")")
            }
        }
        do {
            return try JSONDecoder().decode(FHIR.Bundle<Only<T>>.self, from: data).entry?.compactMap { $0.resource?.resource } ?? []
        } catch {
            throw ShapeError(key: key, message: "holds an invalid \(type): \(describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "unreadable JSON" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "element \(path(context)) has the wrong type"
        case .keyNotFound(let key, let context): return "element \(path(context)).\(key.stringValue) is missing"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "unreadable JSON" : "element \(path(context)) is invalid"
        @unknown default: return "unreadable JSON"
        }
    }
}
