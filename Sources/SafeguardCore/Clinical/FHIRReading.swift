import Foundation

// FHIR resources read from parsed JSON (`JSONValue`): JSONDecoder, which made a keyed container
// for every object of every resource, had been half of a CDS call's CPU. Elements are read in the
// order they are declared, and one of the wrong type gives the same `DecodingError` at the same
// path as JSONDecoder did, so callers hear the same answer.

extension FHIR.Coding {
    init(json o: JSONObject) throws {
        self.init(system: try o.string("system"), code: try o.string("code"), display: try o.string("display"))
    }
}

extension FHIR.CodeableConcept {
    init(json o: JSONObject) throws {
        self.init(coding: try o.objects("coding")?.map(FHIR.Coding.init(json:)), text: try o.string("text"))
    }
}

extension FHIR.Quantity {
    init(json o: JSONObject) throws {
        self.init(value: try o.double("value"), comparator: try o.string("comparator"), unit: try o.string("unit"))
    }
}

extension FHIR.Period {
    init(json o: JSONObject) throws {
        self.init(start: try o.string("start"), end: try o.string("end"))
    }
}

extension FHIR.Patient {
    public init(json o: JSONObject) throws {
        self.init(resourceType: try o.string("resourceType"), id: try o.string("id"), birthDate: try o.string("birthDate"), gender: try o.string("gender"))
    }
}

extension FHIR.Encounter {
    public init(json o: JSONObject) throws {
        self.init(resourceType: try o.string("resourceType"), id: try o.string("id"), period: try o.object("period").map(FHIR.Period.init(json:)))
    }
}

extension FHIR.Observation {
    public init(json o: JSONObject) throws {
        self.init(resourceType: try o.string("resourceType"), id: try o.string("id"), status: try o.string("status"),
                  code: try o.object("code").map(FHIR.CodeableConcept.init(json:)),
                  valueCodeableConcept: try o.object("valueCodeableConcept").map(FHIR.CodeableConcept.init(json:)),
                  valueQuantity: try o.object("valueQuantity").map(FHIR.Quantity.init(json:)), valueString: try o.string("valueString"),
                  interpretation: try o.objects("interpretation")?.map(FHIR.CodeableConcept.init(json:)),
                  effectiveDateTime: try o.string("effectiveDateTime"), issued: try o.string("issued"))
    }
}

extension FHIR.Condition {
    public init(json o: JSONObject) throws {
        self.init(resourceType: try o.string("resourceType"), id: try o.string("id"), code: try o.object("code").map(FHIR.CodeableConcept.init(json:)),
                  clinicalStatus: try o.object("clinicalStatus").map(FHIR.CodeableConcept.init(json:)),
                  verificationStatus: try o.object("verificationStatus").map(FHIR.CodeableConcept.init(json:)),
                  onsetDateTime: try o.string("onsetDateTime"), recordedDate: try o.string("recordedDate"))
    }
}

extension Prefetch {
    /// Reads a prefetch object's items: each known item must be of its FHIR type (a Bundle of the
    /// right resources for searches), or the error names the item and the element.
    public init(json prefetch: JSONObject) throws(ClinicalRecord.ShapeError) {
        self.init()
        sent = Set(["patient", "encounter", "observations", "conditions"].filter { prefetch.value($0) != nil })
        if let item = prefetch.value("patient") { patient = try Self.resource(item, "patient") }
        if let item = prefetch.value("encounter") { encounter = try Self.resource(item, "encounter") }
        if let item = prefetch.value("observations") { observations = try Self.bundle(item, "observations") }
        if let item = prefetch.value("conditions") { conditions = try Self.bundle(item, "conditions") }
    }

    /// Reads items given one by one as raw JSON (as a FHIR server returns them), by key.
    public static func read(_ items: [String: Data]) throws(ClinicalRecord.ShapeError) -> Prefetch {
        var members = JSONMembers()
        for (key, data) in items {
            do { members.append(key, try JSONValue.parse(data)) } catch { throw ClinicalRecord.ShapeError(key: key, message: "is not valid JSON") }
        }
        return try Prefetch(json: try! JSONObject(.object(members)))
    }

    private static func resource<T: FHIRResource>(_ item: JSONValue, _ key: String) throws(ClinicalRecord.ShapeError) -> T {
        let object: JSONObject, found: String?
        do {
            object = try JSONObject(item)
            found = try object.string("resourceType")
        } catch {
            throw ClinicalRecord.ShapeError(key: key, message: "is not a FHIR resource (a JSON object with resourceType)")
        }
        guard found == T.resourceType else {
            throw ClinicalRecord.ShapeError(key: key, message: "must be a \(T.resourceType), not \(found ?? "a resource without resourceType")")
        }
        do { return try T(json: object) } catch {
            throw ClinicalRecord.ShapeError(key: key, message: "is not a valid \(T.resourceType): \(ClinicalRecord.describe(error))")
        }
    }

    /// A search result: a Bundle of `T` (OperationOutcome entries, search warnings, are skipped).
    private static func bundle<T: FHIRResource>(_ item: JSONValue, _ key: String) throws(ClinicalRecord.ShapeError) -> [T] {
        let invalid = { (error: any Error) in
            ClinicalRecord.ShapeError(key: key, message: "holds an invalid \(T.resourceType): \(ClinicalRecord.describe(error))")
        }
        guard let bundle = try? JSONObject(item) else {
            throw ClinicalRecord.ShapeError(key: key, message: "must be a Bundle of \(T.resourceType) resources (a JSON object with resourceType Bundle)")
        }
        let type: String?
        do { type = try bundle.string("resourceType") } catch { throw invalid(error) }
        guard let type else { throw ClinicalRecord.ShapeError(key: key, message: "holds an invalid \(T.resourceType): element .resourceType is missing") }
        guard type == "Bundle" else { throw ClinicalRecord.ShapeError(key: key, message: "must be a Bundle of \(T.resourceType) resources, not \(type)") }
        let entries: [JSONObject]
        do { entries = try bundle.objects("entry") ?? [] } catch { throw invalid(error) }
        var resources: [T] = []
        for (index, entry) in entries.enumerated() {
            guard entry.value("resource") != nil else { continue }
            let object = entry.objectIfAny("resource")
            let found = try? object?.string("resourceType")
            let wrongType = ClinicalRecord.ShapeError(key: key, message: "entry \(index) must be a \(T.resourceType), not \(found ?? "a resource without resourceType")")
            // An OperationOutcome is a search's warning, not a resource of the search.
            if found == "OperationOutcome" { continue }
            guard let object, found == T.resourceType else { throw wrongType }
            do { resources.append(try T(json: object)) } catch { throw invalid(error) }
        }
        return resources
    }
}
