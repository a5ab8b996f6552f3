import Foundation

/// The parts of FHIR R4 resources the warning rules read. Unknown elements are ignored; the
/// elements read must have the types FHIR gives them, or decoding fails with the element's path.
public protocol FHIRResource: Decodable, Sendable {
    static var resourceType: String { get }
    /// The type the JSON says it is.
    var resourceType: String? { get }
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

    struct TypeProbe: Decodable { var resourceType: String? }

    /// A bundle entry's resource when it is a `T`; nil for the OperationOutcomes a search may add;
    /// anything else is a mistake, reported with the entry's place.
    struct Only<T: FHIRResource>: Decodable {
        struct WrongType: Error { var entry: Int; var found: String? }
        var resource: T?
        init(from decoder: any Decoder) throws {
            // Every element read is optional, so any resource decodes as a `T`; its resourceType
            // then says whether it was one. (One pass: a separate type probe doubled the cost.)
            let decoded: T
            do { decoded = try T(from: decoder) } catch {
                let found = (try? TypeProbe(from: decoder))?.resourceType
                if found == T.resourceType { throw error }
                if found == "OperationOutcome" {
                    resource = nil
                    return
                }
                throw WrongType(entry: decoder.codingPath.dropLast().last?.intValue ?? 0, found: found)
            }
            switch decoded.resourceType {
            case T.resourceType: resource = decoded
            case "OperationOutcome": resource = nil
            default:
                // The path ends [..., "entry", index, "resource"].
                throw WrongType(entry: decoder.codingPath.dropLast().last?.intValue ?? 0, found: decoded.resourceType)
            }
        }
    }

    /// Names the element of a decoding error, below the first `depth` levels of its path.
    static func describe(_ error: any Error, depth: Int = 0) -> String {
        guard let error = error as? DecodingError else { return "unreadable JSON" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.dropFirst(depth).map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "element \(path(context)) has the wrong type"
        case .keyNotFound(let key, let context): return "element \(path(context)).\(key.stringValue) is missing"
        case .dataCorrupted(let context): return context.codingPath.count <= depth ? "unreadable JSON" : "element \(path(context)) is invalid"
        @unknown default: return "unreadable JSON"
        }
    }
}

/// The prefetch of a CDS Hooks call, read in one pass: each known item must be of its FHIR type
/// (a Bundle of the right resources for searches), or the error names the item.
public struct Prefetch: Decodable, Sendable {
    public var patient: FHIR.Patient?
    public var encounter: FHIR.Encounter?
    public var observations: [FHIR.Observation]?
    public var conditions: [FHIR.Condition]?
    /// Items the client sent (null items count as not sent).
    public var sent: Set<String> = []

    public init() {}

    /// Reads items given one by one as raw JSON (as a FHIR server returns them), by key.
    public static func read(_ items: [String: Data]) throws(ClinicalRecord.ShapeError) -> Prefetch {
        var object = Data("{".utf8)
        for (position, (key, data)) in items.sorted(by: { $0.key < $1.key }).enumerated() {
            object += Data("\(position == 0 ? "" : ",")\"\(key)\":".utf8) + data
        }
        object += Data("}".utf8)
        do { return try JSONDecoder().decode(Prefetch.self, from: object) } catch let error as ClinicalRecord.ShapeError { throw error } catch {
            throw ClinicalRecord.ShapeError(key: items.count == 1 ? items.keys.first! : "prefetch", message: "is not valid JSON")
        }
    }

    /// This prefetch with the items of `other` added.
    public func adding(_ other: Prefetch) -> Prefetch {
        var merged = self
        merged.patient = patient ?? other.patient
        merged.encounter = encounter ?? other.encounter
        merged.observations = observations ?? other.observations
        merged.conditions = conditions ?? other.conditions
        merged.sent.formUnion(other.sent)
        return merged
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let depth = decoder.codingPath.count + 1
        for key in ["patient", "encounter", "observations", "conditions"] where container.contains(Key(key)) {
            if try !container.decodeNil(forKey: Key(key)) { sent.insert(key) }
        }
        patient = sent.contains("patient") ? try Self.resource(container, "patient", depth: depth) : nil
        encounter = sent.contains("encounter") ? try Self.resource(container, "encounter", depth: depth) : nil
        observations = sent.contains("observations") ? try Self.bundle(container, "observations", depth: depth) : nil
        conditions = sent.contains("conditions") ? try Self.bundle(container, "conditions", depth: depth) : nil
    }

    private static func resource<T: FHIRResource>(_ container: KeyedDecodingContainer<Key>, _ key: String, depth: Int) throws -> T {
        let decoded: T
        do { decoded = try container.decode(T.self, forKey: Key(key)) } catch {
            guard let probe = try? container.decode(ClinicalRecord.TypeProbe.self, forKey: Key(key)) else {
                throw ClinicalRecord.ShapeError(key: key, message: "is not a FHIR resource (a JSON object with resourceType)")
            }
            guard probe.resourceType == T.resourceType else {
                throw ClinicalRecord.ShapeError(key: key, message: "must be a \(T.resourceType), not \(probe.resourceType ?? "a resource without resourceType")")
            }
            throw ClinicalRecord.ShapeError(key: key, message: "is not a valid \(T.resourceType): \(ClinicalRecord.describe(error, depth: depth))")
        }
        guard decoded.resourceType == T.resourceType else {
            throw ClinicalRecord.ShapeError(key: key, message: "must be a \(T.resourceType), not \(decoded.resourceType ?? "a resource without resourceType")")
        }
        return decoded
    }

    /// A search result: a Bundle of `T` (OperationOutcome entries, search warnings, are skipped).
    private static func bundle<T: FHIRResource>(_ container: KeyedDecodingContainer<Key>, _ key: String, depth: Int) throws -> [T] {
        let bundle: FHIR.Bundle<ClinicalRecord.Only<T>>
        do {
            bundle = try container.decode(FHIR.Bundle<ClinicalRecord.Only<T>>.self, forKey: Key(key))
        } catch let wrong as ClinicalRecord.Only<T>.WrongType {
            throw ClinicalRecord.ShapeError(key: key, message: "entry \(wrong.entry) must be a \(T.resourceType), not \(wrong.found ?? "a resource without resourceType")")
        } catch {
            if let found = (try? container.decode(ClinicalRecord.TypeProbe.self, forKey: Key(key)))?.resourceType, found != "Bundle" {
                throw ClinicalRecord.ShapeError(key: key, message: "must be a Bundle of \(T.resourceType) resources, not \(found)")
            }
            throw ClinicalRecord.ShapeError(key: key, message: "holds an invalid \(T.resourceType): \(ClinicalRecord.describe(error, depth: depth))")
        }
        guard bundle.resourceType == "Bundle" else {
            throw ClinicalRecord.ShapeError(key: key, message: "must be a Bundle of \(T.resourceType) resources, not \(bundle.resourceType)")
        }
        return bundle.entry?.compactMap { $0.resource?.resource } ?? []
    }
}
