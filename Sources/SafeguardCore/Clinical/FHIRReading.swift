import Foundation

// FHIR resources read straight from the JSON with `JSONScanner`, the elements the rules do not
// read skipped: JSONDecoder, which made a keyed container for every object, had been half of a CDS
// call's CPU, and a tree of parsed values walked afterwards a third. An element of the wrong type
// gives the same `DecodingError` at the same path as JSONDecoder did, so callers hear the same answer.

extension FHIR {
    /// The code system URIs records use most, kept once instead of copied out of every coding.
    public static let systemURIs = JSONScanner.KnownStrings([
        "http://loinc.org", "http://snomed.info/sct", "http://unitsofmeasure.org",
        "http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10-cn",
        "http://id.who.int/icd/release/11/mms",
        "http://terminology.hl7.org/CodeSystem/condition-clinical", "http://terminology.hl7.org/CodeSystem/condition-ver-status",
        "http://terminology.hl7.org/CodeSystem/condition-category", "http://terminology.hl7.org/CodeSystem/observation-category",
        "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "http://terminology.hl7.org/CodeSystem/data-absent-reason",
    ])
}

extension FHIR.Coding {
    static func scan(_ s: inout JSONScanner) throws -> Self? {
        var coding = Self(system: nil, code: nil)
        guard try s.object({ s, name in
            switch name {
            case "system": coding.system = try s.string(among: FHIR.systemURIs)
            case "code": coding.code = try s.string()
            case "display": coding.display = try s.string()
            default: try s.skip()
            }
        }) else { return nil }
        return coding
    }
}

extension FHIR.CodeableConcept {
    static func scan(_ s: inout JSONScanner) throws -> Self? {
        var concept = Self()
        guard try s.object({ s, name in
            switch name {
            case "coding": concept.coding = try s.elements(FHIR.Coding.scan)
            case "text": concept.text = try s.string()
            default: try s.skip()
            }
        }) else { return nil }
        return concept
    }
}

extension FHIR.Quantity {
    static func scan(_ s: inout JSONScanner) throws -> Self? {
        var quantity = Self()
        guard try s.object({ s, name in
            switch name {
            case "value": quantity.value = try s.double()
            case "comparator": quantity.comparator = try s.string()
            case "unit": quantity.unit = try s.string()
            default: try s.skip()
            }
        }) else { return nil }
        return quantity
    }
}

extension FHIR.Period {
    static func scan(_ s: inout JSONScanner) throws -> Self? {
        var period = Self()
        guard try s.object({ s, name in
            switch name {
            case "start": period.start = try s.string()
            case "end": period.end = try s.string()
            default: try s.skip()
            }
        }) else { return nil }
        return period
    }
}

extension FHIR.Patient {
    public init(resourceType: String?) { self.resourceType = resourceType }

    public mutating func read(_ name: JSONScanner.Name, _ s: inout JSONScanner) throws {
        switch name {
        case "id": id = try s.string()
        case "birthDate": birthDate = try s.string()
        case "gender": gender = try s.string()
        default: try s.skip()
        }
    }
}

extension FHIR.Encounter {
    public init(resourceType: String?) { self.resourceType = resourceType }

    public mutating func read(_ name: JSONScanner.Name, _ s: inout JSONScanner) throws {
        switch name {
        case "id": id = try s.string()
        case "period": period = try FHIR.Period.scan(&s)
        default: try s.skip()
        }
    }
}

extension FHIR.Observation {
    public init(resourceType: String?) { self.resourceType = resourceType }

    public mutating func read(_ name: JSONScanner.Name, _ s: inout JSONScanner) throws {
        switch name {
        case "id": id = try s.string()
        case "status": status = try s.string()
        case "code": code = try FHIR.CodeableConcept.scan(&s)
        case "valueCodeableConcept": valueCodeableConcept = try FHIR.CodeableConcept.scan(&s)
        case "valueQuantity": valueQuantity = try FHIR.Quantity.scan(&s)
        case "valueString": valueString = try s.string()
        case "interpretation": interpretation = try s.elements(FHIR.CodeableConcept.scan)
        case "effectiveDateTime": effectiveDateTime = try s.string()
        case "issued": issued = try s.string()
        default: try s.skip()
        }
    }
}

extension FHIR.Observation: FactResource {
    /// `read`'s elements checked as it reads them, and the codes of `code` looked up.
    static func screen(_ name: JSONScanner.Name, _ s: inout JSONScanner, _ screen: FactScreen) throws {
        switch name {
        case "id", "status", "valueString", "effectiveDateTime", "issued": try screen.text(&s)
        case "code": try screen.concept(&s, codesAreFacts: true)
        case "valueCodeableConcept": try screen.concept(&s, codesAreFacts: false)
        case "valueQuantity": try screen.quantity(&s)
        case "interpretation": try screen.concepts(&s)
        default: try s.skip()
        }
    }
}

extension FHIR.Condition {
    public init(resourceType: String?) { self.resourceType = resourceType }

    public mutating func read(_ name: JSONScanner.Name, _ s: inout JSONScanner) throws {
        switch name {
        case "id": id = try s.string()
        case "code": code = try FHIR.CodeableConcept.scan(&s)
        case "clinicalStatus": clinicalStatus = try FHIR.CodeableConcept.scan(&s)
        case "verificationStatus": verificationStatus = try FHIR.CodeableConcept.scan(&s)
        case "onsetDateTime": onsetDateTime = try s.string()
        case "recordedDate": recordedDate = try s.string()
        default: try s.skip()
        }
    }
}

extension FHIR.Condition: FactResource {
    /// `read`'s elements checked as it reads them, and the codes of `code` looked up.
    static func screen(_ name: JSONScanner.Name, _ s: inout JSONScanner, _ screen: FactScreen) throws {
        switch name {
        case "id", "onsetDateTime", "recordedDate": try screen.text(&s)
        case "code": try screen.concept(&s, codesAreFacts: true)
        case "clinicalStatus", "verificationStatus": try screen.concept(&s, codesAreFacts: false)
        default: try s.skip()
        }
    }
}

/// What reading a JSON object as a FHIR resource found besides the resource: its `resourceType`
/// as written (nil when it is absent or not a string, `typeIsText` false for the latter) and the
/// first element that could not be read. The type is known only once the whole object is read,
/// and a wrong type is the better answer than a wrong element.
private struct Scanned {
    var resourceType: String?
    var typeIsText: Bool
    var failure: (any Error)?

    /// Reads the object into `resource`; nil for null.
    static func scan<T: FHIRResource>(_ s: inout JSONScanner, into resource: inout T) throws -> Scanned? {
        var type: String?
        var typeIsText = true
        var failure: (any Error)?
        guard try s.object({ s, name in
            if case "resourceType" = name {
                typeIsText = try s.attempt(name) { s in type = try s.string() } == nil
            } else if failure == nil {
                failure = try s.attempt(name) { s in try resource.read(name, &s) }
            } else {
                try s.skip()
            }
        }) else { return nil }
        resource.resourceType = type
        return Scanned(resourceType: type, typeIsText: typeIsText, failure: failure)
    }
}

extension Prefetch {
    /// The items the service reads, in the order their errors are reported.
    static let items = ["patient", "encounter", "observations", "conditions"]

    /// Reads a prefetch object (nil for null): each known item must be of its FHIR type (a Bundle of
    /// the right resources for searches), or the error (a `ShapeError`) names the item and the element.
    /// With a `screen`, a search that it finds holds no fact is left unread (see `screened`).
    public static func scan(_ s: inout JSONScanner, screen: FactScreen? = nil) throws -> Prefetch? {
        var prefetch = Prefetch()
        guard try s.object({ s, name in
            switch name {
            case "patient": try prefetch.read("patient", &s)
            case "encounter": try prefetch.read("encounter", &s)
            case "observations": try prefetch.read("observations", &s, screen: screen)
            case "conditions": try prefetch.read("conditions", &s, screen: screen)
            default: try s.skip()
            }
        }) else { return nil }
        return prefetch
    }

    /// Reads one item. Null is sent too: CDS Hooks says a client with no data for an item sends
    /// null, which means "nothing there", not "fetch it".
    private mutating func read(_ key: String, _ s: inout JSONScanner, screen: FactScreen? = nil) throws {
        switch key {
        case "patient": patient = try Self.resource(&s, key)
        case "encounter": encounter = try Self.resource(&s, key)
        case "observations": observations = try search(&s, key, screen: screen)
        default: conditions = try search(&s, key, screen: screen)
        }
        sent.insert(key)
    }

    /// A search bundle, left empty (and noted in `screened`) when `screen` finds it holds no fact.
    private mutating func search<T: FactResource>(_ s: inout JSONScanner, _ key: String, screen: FactScreen?) throws -> [T]? {
        if let screen, s.readOrRewind({ try screen.holdsNoFacts(&$0, T.self) }) {
            screened.insert(key)
            return []
        }
        return try Self.bundle(&s, key)
    }

    /// Skips a value that is neither an object nor null and throws `problem`.
    private static func requireObject(_ s: inout JSONScanner, or problem: @autoclosure () -> ClinicalRecord.ShapeError) throws {
        let kind = try s.kind()
        guard kind == .object || kind == .null else {
            try s.skip()
            throw problem()
        }
    }

    /// Reads items given one by one as raw JSON (as a FHIR server returns them), by key.
    public static func read(_ items: [String: Data]) throws(ClinicalRecord.ShapeError) -> Prefetch {
        var prefetch = Prefetch()
        for key in Self.items {
            guard let data = items[key] else { continue }
            do {
                try JSONScanner.read(data) { s in try prefetch.read(key, &s) }
            } catch let error as ClinicalRecord.ShapeError {
                throw error
            } catch {
                // A syntax error has no path; a name given twice has one.
                let description = ClinicalRecord.describe(error)
                throw ClinicalRecord.ShapeError(key: key, message: description == "unreadable JSON" ? "is not valid JSON" : "is not valid JSON: \(description)")
            }
        }
        return prefetch
    }

    private static func resource<T: FHIRResource>(_ s: inout JSONScanner, _ key: String) throws -> T? {
        try requireObject(&s, or: ClinicalRecord.ShapeError(key: key, message: "is not a FHIR resource (a JSON object with resourceType)"))
        var resource = T(resourceType: nil)
        guard let scanned = try Scanned.scan(&s, into: &resource) else { return nil }
        guard scanned.typeIsText else {
            throw ClinicalRecord.ShapeError(key: key, message: "is not a FHIR resource (a JSON object with resourceType)")
        }
        guard scanned.resourceType == T.resourceType else {
            throw ClinicalRecord.ShapeError(key: key, message: "must be a \(T.resourceType), not \(scanned.resourceType ?? "a resource without resourceType")")
        }
        if let failure = scanned.failure {
            throw ClinicalRecord.ShapeError(key: key, message: "is not a valid \(T.resourceType): \(ClinicalRecord.describe(failure))")
        }
        return resource
    }

    /// A search result: a Bundle of `T` (OperationOutcome entries, search warnings, are skipped).
    private static func bundle<T: FHIRResource>(_ s: inout JSONScanner, _ key: String) throws -> [T]? {
        let invalid = { (error: any Error) in
            ClinicalRecord.ShapeError(key: key, message: "holds an invalid \(T.resourceType): \(ClinicalRecord.describe(error))")
        }
        var type: String?
        var typeError: (any Error)?
        var resources: [T] = []
        // A search brings a handful or dozens: growing the array from one by doubling cost a copy each time.
        resources.reserveCapacity(16)
        // The first problem among the entries, reported once the bundle's own type is known good.
        var entriesError: ClinicalRecord.ShapeError?
        try requireObject(&s, or: ClinicalRecord.ShapeError(key: key, message: "must be a Bundle of \(T.resourceType) resources (a JSON object with resourceType Bundle)"))
        let present = try s.object { s, name in
            switch name {
            case "resourceType":
                typeError = try s.attempt(name) { s in type = try s.string() }
            case "entry":
                if let error = try s.attempt(name, { s in
                    _ = try s.array { s, index in
                        guard entriesError == nil else { return try s.skip() }
                        entriesError = try Self.entry(&s, index, key, into: &resources)
                    }
                }) { entriesError = invalid(error) }
            default: try s.skip()
            }
        }
        guard present else { return nil }
        if let typeError { throw invalid(typeError) }
        guard let type else { throw ClinicalRecord.ShapeError(key: key, message: "holds an invalid \(T.resourceType): element .resourceType is missing") }
        guard type == "Bundle" else { throw ClinicalRecord.ShapeError(key: key, message: "must be a Bundle of \(T.resourceType) resources, not \(type)") }
        if let entriesError { throw entriesError }
        return resources
    }

    /// Reads entry `index` of a bundle into `resources`, or returns why it cannot be read.
    private static func entry<T: FHIRResource>(_ s: inout JSONScanner, _ index: Int, _ key: String, into resources: inout [T]) throws -> ClinicalRecord.ShapeError? {
        var problem: ClinicalRecord.ShapeError?
        let wrongType = { (found: String?) in
            ClinicalRecord.ShapeError(key: key, message: "entry \(index) must be a \(T.resourceType), not \(found ?? "a resource without resourceType")")
        }
        let present = try s.object { s, name in
            guard case "resource" = name, problem == nil else { return try s.skip() }
            let kind = try s.kind()
            guard kind == .object || kind == .null else {
                try s.skip()
                problem = wrongType(nil)
                return
            }
            // Read in place at the end of the array (copying resources had cost as much as reading
            // them), and taken away again when it is not a good resource of the search.
            resources.append(T(resourceType: nil))
            let scanned = try Scanned.scan(&s, into: &resources[resources.count - 1])
            guard let scanned, scanned.resourceType == T.resourceType, scanned.failure == nil else {
                resources.removeLast()
                // An OperationOutcome is a search's warning, not a resource of the search.
                guard let scanned, scanned.resourceType != "OperationOutcome" else { return }
                guard scanned.resourceType == T.resourceType else { problem = wrongType(scanned.resourceType); return }
                let path: [any CodingKey] = [JSONObject.Key(stringValue: "entry"), JSONObject.Key(intValue: index), JSONObject.Key(stringValue: "resource")]
                problem = ClinicalRecord.ShapeError(key: key, message: "holds an invalid \(T.resourceType): \(ClinicalRecord.describe(scanned.failure!, under: path))")
                return
            }
        }
        if !present {
            let path: [any CodingKey] = [JSONObject.Key(stringValue: "entry"), JSONObject.Key(intValue: index)]
            return ClinicalRecord.ShapeError(key: key, message: "holds an invalid \(T.resourceType): element \(ClinicalRecord.path(path)) has the wrong type")
        }
        return problem
    }
}
