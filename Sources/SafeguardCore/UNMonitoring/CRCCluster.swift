/// The clusters of rights the Committee on the Rights of the Child groups a report by (its 2015
/// reporting guidelines, CRC/C/58/Rev.3), and the optional protocols, with the articles of each.
/// An article may sit in two clusters (article 6 in the general principles and in health).
public enum CRCCluster: String, CaseIterable, Codable, Sendable {
    case generalMeasures = "general_measures"
    case definitionOfTheChild = "definition_of_the_child"
    case generalPrinciples = "general_principles"
    case civilRights = "civil_rights"
    case violenceAgainstChildren = "violence_against_children"
    case familyEnvironment = "family_environment"
    case disabilityHealthWelfare = "disability_health_welfare"
    case educationLeisureCulture = "education_leisure_culture"
    case specialProtection = "special_protection"
    case optionalProtocolSaleOfChildren = "opsc"
    case optionalProtocolArmedConflict = "opac"
    case optionalProtocolCommunications = "opic"

    /// The guideline edition the clusters and articles follow: a later edition is a new table, so
    /// that a classification made under this one keeps its meaning.
    public static let guidelines = "CRC/C/58/Rev.3 (2015)"

    /// The articles (and parts of articles) of the Convention in the cluster, as the guidelines list them.
    public var articles: [String] {
        switch self {
        case .generalMeasures: ["4", "42", "44.6"]
        case .definitionOfTheChild: ["1"]
        case .generalPrinciples: ["2", "3", "6", "12"]
        case .civilRights: ["7", "8", "13", "14", "15", "16", "17"]
        case .violenceAgainstChildren: ["19", "24.3", "28.2", "34", "37a", "39"]
        case .familyEnvironment: ["5", "9", "10", "11", "18.1", "18.2", "20", "21", "25", "27.4"]
        case .disabilityHealthWelfare: ["6", "18.3", "23", "24", "26", "27.1", "27.2", "27.3", "33"]
        case .educationLeisureCulture: ["28", "29", "30", "31"]
        case .specialProtection: ["22", "30", "32", "33", "35", "36", "37b", "37c", "37d", "38", "39", "40"]
        case .optionalProtocolSaleOfChildren, .optionalProtocolArmedConflict, .optionalProtocolCommunications: []
        }
    }

    /// The clusters an article belongs to, in the guidelines' order: `24.3` or `37a` as written; a
    /// bare number also finds the clusters of its parts (`24`: health, and violence by 24.3).
    public static func clusters(forArticle article: String) -> [CRCCluster] {
        let wanted = article.trimmedWhitespace.lowercased()
        guard !wanted.isEmpty else { return [] }
        return allCases.filter { cluster in
            cluster.articles.contains { listed in
                listed == wanted || base(listed) == wanted
            }
        }
    }

    /// `24.3` -> `24`, `37a` -> `37`.
    private static func base(_ article: String) -> String {
        String(article.prefix { $0.isASCII && $0.isNumber })
    }
}
