/// The ten top-level issue categories of the Child Helpline International framework, each with its
/// subcategories and an "unspecified" option, and the CRC articles each concern engages
/// (clusters of the 2015 CRC reporting guidelines).
///
/// Codes are `category.subcategory` and never change; labels live in the locale tables under
/// `category.<code>`.
public struct IssueCategory: Sendable {
    public let code: String
    public let crcArticles: [String]
    public let subcategories: [Subcategory]

    public struct Subcategory: Sendable {
        public let code: String
        /// Articles beyond the category's own, where a subcategory engages a specific right.
        public let crcArticles: [String]
    }
}

public enum Taxonomy {
    private static func sub(_ code: String, _ articles: [String] = []) -> (String, [String]) { (code, articles) }

    private static func category(_ code: String, _ articles: [String], _ subs: [(String, [String])]) -> IssueCategory {
        let all = subs + [("unspecified", [])]
        return IssueCategory(code: code, crcArticles: articles,
                             subcategories: all.map { .init(code: "\(code).\($0.0)", crcArticles: $0.1) })
    }

    public static let categories: [IssueCategory] = [
        category("missing", ["8", "9", "11", "35"], [
            sub("abduction", ["11", "35"]), sub("lost"), sub("runaway"),
        ]),
        category("violence", ["19", "39"], [
            sub("bullying", ["28.2"]), sub("child_marriage", ["24.3"]), sub("child_labour", ["32"]),
            sub("cyberbullying", ["17"]), sub("fgm", ["24.3"]), sub("neglect", ["27"]),
            sub("online_sexual_exploitation", ["34"]), sub("harmful_practices", ["24.3"]),
            sub("physical", ["37a"]), sub("psychological"), sub("sexual", ["34"]),
        ]),
        category("mental_health", ["24", "39"], [
            sub("substance_use", ["33"]), sub("behavioural"), sub("self_concerns"),
            sub("emotional_distress"), sub("neurodevelopmental", ["23"]), sub("eating"),
            sub("self_harm", ["6"]), sub("suicidal", ["6"]), sub("traumatic_distress"),
        ]),
        category("physical_health", ["24"], [
            sub("general_medical"), sub("hiv_aids"), sub("nutrition", ["27"]),
            sub("pregnancy"), sub("sexual_reproductive_health"),
        ]),
        category("access_to_services", ["4"], [
            sub("education", ["28"]), sub("essential_needs", ["26", "27"]), sub("healthcare", ["24"]),
            sub("legal", ["12", "37d", "40"]), sub("mental_health_services", ["24"]),
            sub("sexual_health_services", ["24"]), sub("socio_economic", ["26", "27"]),
        ]),
        category("discrimination", ["2"], [
            sub("ethnicity_nationality", ["30"]), sub("financial"), sub("gender"),
            sub("gender_identity_orientation"), sub("health", ["23"]), sub("religion", ["14"]),
        ]),
        category("family", ["5", "18"], [
            sub("adoption_fostering", ["20", "21"]), sub("family_wellbeing", ["27.4"]),
            sub("general"), sub("caregiver_relationship", ["9"]), sub("siblings"),
        ]),
        category("peers", ["15", "31"], [
            sub("classmates"), sub("friends"), sub("partner"),
        ]),
        category("education_occupation", ["28", "29"], [
            sub("academic"), sub("work", ["32"]), sub("teacher_school", ["28.2"]),
        ]),
        category("sexuality", ["16", "24"], [
            sub("behaviours"), sub("orientation_identity", ["2"]),
        ]),
    ]

    private static let subcategoryIndex: [String: (IssueCategory, IssueCategory.Subcategory)] = {
        var index: [String: (IssueCategory, IssueCategory.Subcategory)] = [:]
        for category in categories { for sub in category.subcategories { index[sub.code] = (category, sub) } }
        return index
    }()

    public static var allSubcategoryCodes: [String] { categories.flatMap { $0.subcategories.map(\.code) } }

    public static func isKnown(_ code: String) -> Bool { subcategoryIndex[code] != nil }

    public static func topCategory(of code: String) -> String? { subcategoryIndex[code]?.0.code }

    /// The CRC articles a set of concerns engages, sorted in article order.
    public static func crcArticles(for codes: some Sequence<String>) -> [String] {
        var articles = Set<String>()
        for code in codes {
            guard let (category, sub) = subcategoryIndex[code] else { continue }
            articles.formUnion(category.crcArticles)
            articles.formUnion(sub.crcArticles)
        }
        return articles.sorted(by: articleOrder)
    }

    /// "4" < "12" < "24" < "24.3" < "37a" < "37d".
    static func articleOrder(_ a: String, _ b: String) -> Bool {
        func parts(_ s: String) -> (Int, String) {
            let number = s.prefix { $0.isNumber }
            return (Int(number) ?? 0, String(s.dropFirst(number.count)))
        }
        return parts(a) < parts(b)
    }
}
