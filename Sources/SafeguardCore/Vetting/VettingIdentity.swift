import Foundation

/// A person as the registry, a query or a roster names them, checked: the document number is
/// valid for its type, and the birth date and sex a resident ID encodes agree with those given.
public struct VettingIdentity: Sendable, Equatable {
    public var name: String
    public var sex: Sex?
    public var birthDate: PartialDate?
    public var documentType: VettingDocumentType?
    /// Normalised (upper case, letters and digits only); nil when the person has no document on file.
    public var documentNumber: String?

    public init(name: String, sex: Sex?, birthDate: PartialDate?, documentType: VettingDocumentType?, documentNumber: String?) {
        self.name = name
        self.sex = sex
        self.birthDate = birthDate
        self.documentType = documentType
        self.documentNumber = documentNumber
    }

    /// Reads and checks raw values; every problem is named with its field.
    /// `requireDocument` is true for registry records and queries, false for roster entries.
    public static func read(name rawName: String?, sex rawSex: String?, birthDate rawBirth: String?, documentType rawType: String?,
                            documentNumber rawNumber: String?, requireDocument: Bool) -> Result<VettingIdentity, ValidationErrors> {
        var v = FieldValidator()
        let name = (rawName ?? "").trimmedWhitespace
        v.check((1...100).contains(name.count), "name", "give the person's full name (up to 100 characters)")
        let sex = v.code(blankToNil(rawSex), "sex", as: Sex.self)
        var birth: PartialDate?
        if let raw = blankToNil(rawBirth) {
            birth = PartialDate(raw)
            if birth == nil || birth?.isComplete == false {
                v.add("birthDate", "is not a possible date; write YYYY-MM-DD")
                birth = nil
            }
        } else {
            v.add("birthDate", "give the date of birth (YYYY-MM-DD)")
        }
        let type = v.code(blankToNil(rawType), "documentType", as: VettingDocumentType.self)
        let number = blankToNil(rawNumber).map(DocumentNumber.normalise)
        if requireDocument || number != nil || type != nil {
            if type == nil && blankToNil(rawType) == nil { v.add("documentType", "choose the document type") }
            if number == nil || number?.isEmpty == true { v.add("documentNumber", "give the document number") }
        }
        if let type, let number, !number.isEmpty {
            for problem in documentProblems(type: type, number: number, sex: sex, birthDate: birth) { v.add(problem.field, problem.message) }
        }
        if !v.errors.isEmpty { return .failure(ValidationErrors(v.errors)) }
        return .success(VettingIdentity(name: name, sex: sex, birthDate: birth, documentType: type, documentNumber: number?.isEmpty == true ? nil : number))
    }

    /// GB 11643 numbers are checked in full and cross-checked; passports and other documents are typed free values.
    static func documentProblems(type: VettingDocumentType, number: String, sex: Sex?, birthDate: PartialDate?) -> [FieldError] {
        switch type {
        case .passport, .other:
            return (3...30).contains(number.count) ? [] : [FieldError("documentNumber", "a document number has 3 to 30 letters and digits")]
        case .residentID, .residencePermit:
            let id: ResidentID
            do { id = try ResidentID(number) } catch { return [FieldError("documentNumber", "the number \(error.description)")] }
            var problems: [FieldError] = []
            if type == .residentID && id.isResidencePermit {
                problems.append(FieldError("documentType", "this is a residence permit number (it starts with 81, 82 or 83); choose residence_permit"))
            }
            if type == .residencePermit && !id.isResidencePermit {
                problems.append(FieldError("documentType", "a residence permit number starts with 810000, 820000 or 830000"))
            }
            if let birthDate, birthDate != id.birthDate {
                problems.append(FieldError("birthDate", "differs from the birth date encoded in the document number"))
            }
            if let sex, sex == .male || sex == .female, sex != id.sex {
                problems.append(FieldError("sex", "differs from the sex encoded in the document number"))
            }
            return problems
        }
    }

    private static func blankToNil(_ raw: String?) -> String? {
        guard let trimmed = raw?.trimmedWhitespace, !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
