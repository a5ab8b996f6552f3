/// A person reduced to what fuzzy matching compares.
public struct MatchPerson: Sendable, Hashable {
    public var name: MatchName
    public var birthYear: Int
    public var birthMonth: Int
    public var birthDay: Int
    public var sex: Sex?
    /// The normalised document number, when there is one: a number that differs by more than a
    /// typo's worth rules the pair out (namesakes born the same day are common).
    public var document: String?

    public init(name: MatchName, birthDate: PartialDate, sex: Sex?, document: String? = nil) {
        self.name = name
        self.document = document
        self.birthYear = birthDate.year
        self.birthMonth = birthDate.month ?? 0
        self.birthDay = birthDate.day ?? 0
        self.sex = sex
    }

    public init(_ identity: VettingIdentity) {
        self.init(name: PinyinName.matchName(identity.name), birthDate: identity.birthDate ?? PartialDate(year: 1900)!, sex: identity.sex,
                  document: identity.documentNumber)
    }
}

/// How common names are in the reference (the registry): namesakes are common in China, so an
/// exact name with one wrong birth date field means little when many people share the name,
/// and a "typo" that spells another registered name is more likely that other name.
public struct NameFrequency: Sendable, Equatable {
    /// People in the reference with the candidate's name.
    public var candidate: Int
    /// People in the reference with exactly the subject's name as written.
    public var subject: Int

    public init(candidate: Int, subject: Int) {
        self.candidate = candidate
        self.subject = subject
    }

    /// Nothing known: treat the candidate's name as rare and the subject's as unregistered.
    public static let unknown = NameFrequency(candidate: 1, subject: 0)
}

/// How alike two people are, and why; only ever grounds for "possible match, under review".
public struct MatchScore: Sendable, Equatable {
    public var score: Double
    public var reasons: [String]
    public var isCandidate: Bool { score >= VettingMatcher.candidateThreshold }
}

/// Fuzzy matching of people whose document numbers did not match (or who have none).
///
/// Blocking: each person yields four keys (both name parts with the birth year; both with the
/// birth month and day; each part alone with the full birth date), so candidates share a name
/// and most of a birth date, a swapped order still meets, a typo in one part is caught by the
/// other part, and a wrong date field by the name blocks. Only pairs that share a key are scored,
/// which keeps the cost near-linear.
public enum VettingMatcher {
    public static let candidateThreshold = 0.7
    /// Above this many namesakes, a name with one wrong birth date field is expected by chance:
    /// the limit falls as the difference gets likelier between strangers. Two people born the same
    /// year and month differ only in the day about 1 in 600 times; the same year and day, in the
    /// month about 1 in 1,500; the same month and day, in a year a typing slip apart about 1 in
    /// 2,600. The same chance rate for each (three namesakes for a day, as before)
    /// found 47% of true hits with a wrong field at a million instead of 29%, F1 unchanged (BENCHMARKS.md).
    static func namesakeLimit(sameYear: Bool, sameMonth: Bool) -> Int {
        if !sameYear { return 13 }
        if !sameMonth { return 7 }
        return 3
    }

    public static func blockingKeys(_ person: MatchPerson) -> [String] {
        let names = person.name.unordered
        var keys = ["n|\(names)|\(person.birthYear)", "m|\(names)|\(person.birthMonth)-\(person.birthDay)"]
        let date = "\(person.birthYear)-\(person.birthMonth)-\(person.birthDay)"
        for part in Set([person.name.family, person.name.given]) where !part.isEmpty { keys.append("p|\(part)|\(date)") }
        return keys
    }

    /// Whether a document number shared with a registry record makes a hit: only when the name
    /// agrees too (in the sense possible matches use: a typo, swapped parts, another spelling of
    /// the same reading) and the sexes do not contradict each other. Otherwise the number is shared
    /// or mistyped, and a keeper decides: never a hit by the number alone.
    public static func documentHitHolds(_ a: MatchPerson, _ b: MatchPerson) -> Bool {
        guard let x = a.document, x == b.document, nameAgreement(a, b).score > 0 else { return false }
        if let s = a.sex, let t = b.sex, [Sex.female, .male].contains(s), [Sex.female, .male].contains(t), s != t { return false }
        return true
    }

    /// How closely two names agree, whichever order their parts are in.
    static func nameAgreement(_ a: MatchPerson, _ b: MatchPerson) -> (score: Double, reason: String?) {
        let straight = nameDistance(a.name.family + a.name.given, b.name.family + b.name.given)
        let swapped = nameDistance(a.name.family + a.name.given, b.name.given + b.name.family)
        let length = max(a.name.family.utf8.count + a.name.given.utf8.count, b.name.family.utf8.count + b.name.given.utf8.count)
        switch min(straight, swapped) {
        case 0: return (1, swapped < straight ? "name_swapped" : "name_equal")
        case 1: return (0.8, "name_one_edit")
        case 2 where length > 12: return (0.6, "name_two_edits")
        default: return (0, nil)
        }
    }

    /// `a` is the person asked about, `b` the reference (registry) person. The same document
    /// number is always at least a possible match: whatever else disagrees (the name, the sex, a
    /// common name with another birth date), a keeper decides; it is never dropped, and never a
    /// hit by itself (see `documentHitHolds`).
    public static func score(_ a: MatchPerson, _ b: MatchPerson, frequency: NameFrequency = .unknown) -> MatchScore {
        let result = personScore(a, b, frequency: frequency)
        if let x = a.document, x == b.document, result.score < candidateThreshold {
            return MatchScore(score: candidateThreshold, reasons: result.reasons + ["same_document_other_details_differ"])
        }
        return result
    }

    static func personScore(_ a: MatchPerson, _ b: MatchPerson, frequency: NameFrequency) -> MatchScore {
        var reasons: [String] = []
        if let x = a.document, let y = b.document {
            if x == y { reasons.append("document_equal") } else if nameDistance(x, y) <= 2 { reasons.append("document_close") } else {
                return MatchScore(score: 0, reasons: ["document_differs"])
            }
        }
        let (nameScore, nameReason) = nameAgreement(a, b)
        if let nameReason { reasons.append(nameReason) }
        let sameYear = a.birthYear == b.birthYear, sameMonth = a.birthMonth == b.birthMonth, sameDay = a.birthDay == b.birthDay
        let dateScore: Double
        switch (sameYear, sameMonth, sameDay) {
        case (true, true, true): dateScore = 1; reasons.append("birth_date_equal")
        case (true, false, false) where a.birthMonth == b.birthDay && a.birthDay == b.birthMonth:
            dateScore = 0.6; reasons.append("birth_day_month_transposed")
        case (false, true, true) where yearIsASlip(a.birthYear, b.birthYear), (true, false, true), (true, true, false):
            dateScore = 0.6; reasons.append("birth_date_one_field_differs")
        default: dateScore = 0
        }
        let sexScore: Double
        switch (a.sex, b.sex) {
        case let (x?, y?) where x == y && x != .unknown: sexScore = 1; reasons.append("sex_equal")
        case let (x?, y?) where [Sex.female, .male].contains(x) && [Sex.female, .male].contains(y) && x != y:
            return MatchScore(score: 0, reasons: reasons + ["sex_differs"])
        default: sexScore = 0.5
        }
        guard nameScore > 0, dateScore > 0 else { return MatchScore(score: 0, reasons: reasons) }
        if nameScore == 1, dateScore < 1, frequency.candidate > namesakeLimit(sameYear: sameYear, sameMonth: sameMonth) {
            // A common name with another birth date is usually another person, unless the date
            // differs by a typing slip registries are known for (the day off by one, or day and
            // month swapped) and the sex is the same: few namesakes share that by chance.
            let dayOffByOne = sameYear && sameMonth && abs(a.birthDay - b.birthDay) == 1
            let swapped = sameYear && a.birthMonth == b.birthDay && a.birthDay == b.birthMonth
            guard dayOffByOne || swapped, sexScore == 1 else { return MatchScore(score: 0, reasons: reasons + ["common_name"]) }
            reasons.append("common_name_date_slip")
        }
        if nameScore < 1, frequency.subject > 0 {
            return MatchScore(score: 0, reasons: reasons + ["spelling_is_another_registered_name"])
        }
        return MatchScore(score: 0.5 * nameScore + 0.4 * dateScore + 0.1 * sexScore, reasons: reasons)
    }

    /// Whether two birth years differ as a typing slip does: one digit, two neighbouring digits
    /// swapped, or one year either way. A namesake born three or seven years apart is another person.
    static func yearIsASlip(_ x: Int, _ y: Int) -> Bool {
        abs(x - y) == 1 || nameDistance(String(x), String(y)) == 1
    }

    /// Optimal string alignment distance (Damerau-Levenshtein without repeated edits), stopping at 3.
    static func nameDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        if x == y { return 0 }
        if abs(x.count - y.count) > 2 { return 3 }
        if x.isEmpty || y.isEmpty { return min(max(x.count, y.count), 3) }
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            var rowMinimum = i
            for j in stride(from: 1, through: y.count, by: 1) {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { value = min(value, previous2[j - 2] + 1) }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum >= 3 { return 3 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return min(previous[y.count], 3)
    }
}

/// Links two lists in memory with the blocking and scoring above: what a re-check's search for
/// possible matches does (a part of the registry at a time), and what the benchmark measures.
public struct FuzzyLinker: Sendable {
    /// Every reference person under each of their blocking keys and their document number, as
    /// (hash of the key, index) sorted by hash: a flat array, a few times smaller than a
    /// dictionary of arrays, which matters at a million people. Equal hashes of unequal keys only
    /// add a pair that scoring then rules out.
    private let hashes: [Int]
    private let indexes: [Int32]
    private let reference: [MatchPerson]
    /// Per reference person, how many registry people carry the name; counted here unless given.
    private let namesakes: [Int32]
    private let nameCounts: [String: Int32]

    /// `namesakes[i]`: registry people named as `reference[i]` is, when the reference is only a
    /// part of the registry; counted within `reference` when nil.
    public init(reference: [MatchPerson], namesakes: [Int]? = nil) {
        self.reference = reference
        var entries: [(hash: Int, index: Int32)] = []
        entries.reserveCapacity(reference.count * 5)
        var counts: [String: Int32] = [:]
        for (index, person) in reference.enumerated() {
            for key in Self.keys(person) { entries.append((key, Int32(index))) }
            if namesakes == nil { counts[person.name.unordered, default: 0] += 1 }
        }
        entries.sort { $0.hash < $1.hash }
        hashes = entries.map(\.hash)
        indexes = entries.map(\.index)
        nameCounts = counts
        self.namesakes = namesakes.map { $0.map { Int32(clamping: $0) } } ?? reference.map { counts[$0.name.unordered] ?? 0 }
    }

    private static func keys(_ person: MatchPerson) -> [Int] {
        var keys = VettingMatcher.blockingKeys(person).map(\.hashValue)
        if let document = person.document { keys.append("d|\(document)".hashValue) }
        return keys
    }

    private func indexes(under hash: Int) -> ArraySlice<Int32> {
        var low = 0, high = hashes.count
        while low < high {
            let middle = (low + high) / 2
            if hashes[middle] < hash { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < hashes.count, hashes[end] == hash { end += 1 }
        return indexes[low..<end]
    }

    /// The reference person who is this person by document number (`VettingMatcher.documentHitHolds`).
    public func hit(for person: MatchPerson) -> Int? {
        guard let document = person.document else { return nil }
        return indexes(under: "d|\(document)".hashValue).lazy.map(Int.init).first { VettingMatcher.documentHitHolds(person, reference[$0]) }
    }

    /// The reference people who may be this person, best first: those sharing a blocking key, and
    /// those sharing the document number (a shared number is always put to a keeper).
    /// `namesakes`: registry people named exactly as this person is, when the reference is a part of it.
    public func candidates(for person: MatchPerson, namesakes subjectCount: Int? = nil) -> [(index: Int, score: MatchScore)] {
        let subject = subjectCount ?? registeredNamesakes(of: person)
        var found: [(index: Int, score: MatchScore)] = []
        for index in blocked(for: person) {
            let frequency = NameFrequency(candidate: namesakes(at: index), subject: subject)
            let score = VettingMatcher.score(person, reference[index], frequency: frequency)
            if score.isCandidate { found.append((index, score)) }
        }
        return found.sorted { $0.score.score > $1.score.score }
    }

    /// Every reference person who shares a blocking key or the document number with this person,
    /// scored or not: what any decision on these keys chooses from.
    public func blocked(for person: MatchPerson) -> [Int] {
        var seen = Set<Int32>()
        var found: [Int] = []
        for hash in Self.keys(person) {
            for index in indexes(under: hash) where seen.insert(index).inserted { found.append(Int(index)) }
        }
        return found
    }

    /// Registry people named as reference person `index` is.
    public func namesakes(at index: Int) -> Int { Int(namesakes[index]) }

    /// Reference people named exactly as this person is (counted within the reference).
    public func registeredNamesakes(of person: MatchPerson) -> Int { Int(nameCounts[person.name.unordered] ?? 0) }
}
