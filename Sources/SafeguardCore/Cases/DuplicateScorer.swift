/// Scores how likely two child records describe the same child, to show possible duplicates
/// before a new child is registered. It only ever suggests: the worker decides.
public enum DuplicateScorer {
    public struct Person: Sendable {
        public var name: String
        public var birthDate: PartialDate?
        public var sex: Sex?
        public var documentNumber: String?

        public init(name: String, birthDate: PartialDate? = nil, sex: Sex? = nil, documentNumber: String? = nil) {
            self.name = name
            self.birthDate = birthDate
            self.sex = sex
            self.documentNumber = documentNumber
        }
    }

    public enum Reason: String, Sendable, Codable {
        case sameDocument = "same_document"
        case sameNameAndBirthDate = "same_name_and_birth_date"
        case sameNameBirthDateOneFieldOff = "same_name_birth_date_one_field_off"
        case similarNameSameBirthDate = "similar_name_same_birth_date"
        case sameName = "same_name"
    }

    public struct Match: Sendable {
        public var score: Double
        public var reason: Reason
    }

    /// Scores from 0 to 1; `nil` when the two are not worth showing.
    public static func score(_ a: Person, _ b: Person) -> Match? {
        if let da = a.documentNumber.map(DocumentNumber.normalise), let db = b.documentNumber.map(DocumentNumber.normalise),
           !da.isEmpty, da == db {
            return Match(score: 1.0, reason: .sameDocument)
        }
        if let sa = a.sex, let sb = b.sex, sa != sb, sa != .unknown, sb != .unknown { return nil }
        let keyA = NameNormaliser.matchKey(a.name), keyB = NameNormaliser.matchKey(b.name)
        let sameName = !keyA.isEmpty && keyA == keyB
        let birth = birthDateAgreement(a.birthDate, b.birthDate)
        switch (sameName, birth) {
        case (true, .same): return Match(score: 0.9, reason: .sameNameAndBirthDate)
        case (true, .oneFieldOff): return Match(score: 0.75, reason: .sameNameBirthDateOneFieldOff)
        case (true, .unknown): return Match(score: 0.6, reason: .sameName)
        case (false, .same):
            let similarity = Similarity.normalisedLevenshtein(keyA, keyB)
            return similarity >= 0.75 ? Match(score: 0.5 + 0.3 * similarity, reason: .similarNameSameBirthDate) : nil
        default: return nil
        }
    }

    enum BirthDateAgreement { case same, oneFieldOff, unknown, different }

    static func birthDateAgreement(_ a: PartialDate?, _ b: PartialDate?) -> BirthDateAgreement {
        guard let a, let b else { return .unknown }
        let pairs = [(a.year, b.year), (a.month ?? 0, b.month ?? 0), (a.day ?? 0, b.day ?? 0)]
        let differing = pairs.filter { $0.0 != $0.1 }.count
        switch differing {
        case 0: return .same
        case 1: return .oneFieldOff
        default: return .different
        }
    }
}

public enum Similarity {
    /// 1 - edit distance / longer length, over Unicode characters.
    public static func normalisedLevenshtein(_ a: String, _ b: String) -> Double {
        let x = Array(a), y = Array(b)
        if x.isEmpty && y.isEmpty { return 1 }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            current[0] = i
            for j in stride(from: 1, through: y.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        let distance = x.isEmpty ? y.count : previous[y.count]
        return 1 - Double(distance) / Double(max(x.count, y.count))
    }
}
