import Foundation

/// One registry record as a keeper submits it (a form, the API or a row of an import file), checked.
public struct RegistryRecordInput: Sendable, Equatable {
    public var person: VettingIdentity
    public var offence: OffenceCategory
    public var decision: DecisionType
    public var decisionDate: PartialDate
    public var issuingAuthority: String
    public var prohibitionScope: String
    /// Nil: prohibited for life.
    public var prohibitionEnd: PartialDate?
    public var sourceReference: String

    public static let columns = ["name", "sex", "birth_date", "document_type", "document_number", "offence_category", "decision_type",
                                 "decision_date", "issuing_authority", "prohibition_scope", "prohibition_end", "source_reference"]
    public static let requiredColumns = ["name", "sex", "birth_date", "document_type", "document_number", "offence_category", "decision_type",
                                         "decision_date", "issuing_authority", "source_reference"]
    public static let defaultScope = "all work in close contact with minors"

    /// What is sealed beside the person.
    public var details: RegistryDetails {
        RegistryDetails(offenceCategory: offence.rawValue, decisionType: decision.rawValue, decisionDate: decisionDate.description,
                        issuingAuthority: issuingAuthority, prohibitionScope: prohibitionScope, sourceReference: sourceReference)
    }

    /// Reads values keyed by the import file's column names (the API uses the same names).
    public static func read(_ values: ColumnValues, today: PartialDate) -> Result<RegistryRecordInput, ValidationErrors> {
        var errors: [FieldError] = []
        let identity = VettingIdentity.read(name: values["name"], sex: values["sex"], birthDate: values["birth_date"],
                                            documentType: values["document_type"], documentNumber: values["document_number"], requireDocument: true)
        if case .failure(let problems) = identity { errors += problems.errors.map { FieldError(column($0.field), $0.message) } }
        var v = FieldValidator()
        let offence = v.code(trimmed(values["offence_category"]), "offence_category", as: OffenceCategory.self)
        if trimmed(values["offence_category"]) == nil { v.add("offence_category", "give the offence category") }
        let decision = v.code(trimmed(values["decision_type"]), "decision_type", as: DecisionType.self)
        if trimmed(values["decision_type"]) == nil { v.add("decision_type", "give the decision type") }
        let decisionDate = date(values["decision_date"], "decision_date", required: true, &v)
        if let decisionDate, today < decisionDate { v.add("decision_date", "is in the future") }
        let end = date(values["prohibition_end"], "prohibition_end", required: false, &v)
        if let end, let decisionDate, end < decisionDate { v.add("prohibition_end", "ends before the decision date") }
        let authority = trimmed(values["issuing_authority"]) ?? ""
        v.check((2...200).contains(authority.count), "issuing_authority", "name the court, procuratorate or public security organ that decided")
        let source = trimmed(values["source_reference"]) ?? ""
        v.check((2...80).contains(source.count), "source_reference", "give the decision's reference (up to 80 characters)")
        let scope = trimmed(values["prohibition_scope"]) ?? defaultScope
        v.check(scope.count <= 300, "prohibition_scope", "at most 300 characters")
        errors += v.errors
        guard errors.isEmpty, case .success(let person) = identity, let offence, let decision, let decisionDate else {
            return .failure(ValidationErrors(errors))
        }
        if let birth = person.birthDate, decisionDate < birth {
            return .failure(ValidationErrors([FieldError("decision_date", "is before the person's birth date")]))
        }
        return .success(RegistryRecordInput(person: person, offence: offence, decision: decision, decisionDate: decisionDate,
                                            issuingAuthority: authority, prohibitionScope: scope, prohibitionEnd: end, sourceReference: source))
    }

    /// Whether the prohibition still applies on a day.
    public func applies(on day: PartialDate) -> Bool { prohibitionEnd.map { day <= $0 } ?? true }

    static func date(_ raw: String?, _ field: String, required: Bool, _ v: inout FieldValidator) -> PartialDate? {
        guard let text = trimmed(raw) else {
            if required { v.add(field, "give the date (YYYY-MM-DD)") }
            return nil
        }
        guard let date = PartialDate(text), date.isComplete else {
            v.add(field, "is not a possible date; write YYYY-MM-DD")
            return nil
        }
        return date
    }

    static func trimmed(_ raw: String?) -> String? {
        guard let text = raw?.trimmedWhitespace, !text.isEmpty else { return nil }
        return text
    }

    /// The identity's field names as the file's columns.
    static func column(_ field: String) -> String {
        ["birthDate": "birth_date", "documentType": "document_type", "documentNumber": "document_number"][field] ?? field
    }
}

/// A member of a unit's staff as its roster lists them; the document is optional (some staff
/// have none on file), which is what fuzzy matching is for.
public struct RosterEntryInput: Sendable, Equatable {
    public var person: VettingIdentity
    public var position: String?
    public var staffReference: String?

    public static let requiredColumns = ["name", "sex", "birth_date"]
    public static let optionalColumns = ["document_type", "document_number", "position", "staff_reference"]

    public static func read(_ values: ColumnValues) -> Result<RosterEntryInput, ValidationErrors> {
        let identity = VettingIdentity.read(name: values["name"], sex: values["sex"], birthDate: values["birth_date"],
                                            documentType: values["document_type"], documentNumber: values["document_number"], requireDocument: false)
        var errors: [FieldError] = []
        if case .failure(let problems) = identity { errors = problems.errors.map { FieldError(RegistryRecordInput.column($0.field), $0.message) } }
        let position = RegistryRecordInput.trimmed(values["position"])
        let reference = RegistryRecordInput.trimmed(values["staff_reference"])
        if (position?.count ?? 0) > 100 { errors.append(FieldError("position", "at most 100 characters")) }
        if (reference?.count ?? 0) > 60 { errors.append(FieldError("staff_reference", "at most 60 characters")) }
        guard errors.isEmpty, case .success(let person) = identity else { return .failure(ValidationErrors(errors)) }
        return .success(RosterEntryInput(person: person, position: position, staffReference: reference))
    }
}
