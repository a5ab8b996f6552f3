/// How a recommendation is classified: CRC clusters and articles, affected groups, SDG targets and
/// free themes. Suggested by the classifier or a file, then confirmed by a person; the same checks either way.
public struct RecommendationClassification: Equatable, Sendable {
    public var clusters: [CRCCluster]
    public var groups: [AffectedGroup]
    public var articles: [String]
    public var sdgTargets: [SDGTarget]
    public var themes: [String]

    public init(clusters: [CRCCluster] = [], groups: [AffectedGroup] = [], articles: [String] = [], sdgTargets: [SDGTarget] = [], themes: [String] = []) {
        self.clusters = CRCCluster.allCases.filter(clusters.contains)
        self.groups = AffectedGroup.allCases.filter(groups.contains)
        self.articles = Array(Set(articles)).sorted { Self.articleOrder($0) < Self.articleOrder($1) }
        self.sdgTargets = Array(Set(sdgTargets)).sorted()
        var seen = Set<String>()
        self.themes = themes.filter { seen.insert($0.lowercased()).inserted }
    }

    /// The checked classification, or nil with every problem added to `v`. An affected person the
    /// Universal Human Rights Index names that is no group here is kept as a theme.
    public static func read(themes: [String], affectedPersons: [String], sdgTargets: [String], articles: [String], clusters: [String],
                            prefix: String = "", into v: inout FieldValidator) -> RecommendationClassification? {
        let before = v.errors.count
        var themes = themes.compactMap(nonEmpty)
        var groups: [AffectedGroup] = []
        for person in affectedPersons.compactMap(nonEmpty) {
            if let group = AffectedGroup(rawValue: person) ?? AffectedGroup.named(person) { groups.append(group) }
            else if !["children", "child", "all", "儿童"].contains(person.lowercased()) { themes.append(person) }
        }
        v.check(themes.count <= 30, prefix + "themes", "at most 30 themes")
        v.check(themes.allSatisfy { $0.unicodeScalars.count <= 200 && !$0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }, prefix + "themes",
                "each theme is at most 200 characters on one line")

        let targetTexts = sdgTargets.compactMap(nonEmpty)
        let targets = targetTexts.compactMap(SDGTarget.init)
        v.check(targets.count == targetTexts.count, prefix + "sdgTargets", "each SDG target is a goal and a target, such as 16.2 or 4.a")
        v.check(targets.count <= 30, prefix + "sdgTargets", "at most 30 SDG targets")

        let articleTexts = articles.compactMap(nonEmpty).map { $0.lowercased() }
        v.check(articleTexts.allSatisfy(isArticle), prefix + "articles", "each article is a number from 1 to 54, perhaps with a part, such as 19, 24.3 or 37a")
        v.check(articleTexts.count <= 60, prefix + "articles", "at most 60 articles")

        let clusterTexts = clusters.compactMap(nonEmpty)
        let found = clusterTexts.compactMap(CRCCluster.init(rawValue:))
        v.check(found.count == clusterTexts.count, prefix + "clusters",
                "unknown cluster; expected one of: general_measures, definition_of_the_child, general_principles, civil_rights, violence_against_children, family_environment, disability_health_welfare, education_leisure_culture, special_protection, opsc, opac, opic")
        guard v.errors.count == before else { return nil }
        return RecommendationClassification(clusters: found, groups: groups, articles: articleTexts, sdgTargets: targets, themes: themes)
    }

    /// What the classifier suggests from the texts, added to what a file or a person gave: the
    /// clusters of the articles given too.
    public func addingSuggestions(from texts: [String], classifier: RecommendationClassifier = .standard) -> RecommendationClassification {
        var clusters = self.clusters + articles.flatMap(CRCCluster.clusters(forArticle:)), groups = self.groups
        for suggestion in texts.flatMap(classifier.suggest) {
            switch suggestion.label {
            case .cluster(let cluster): clusters.append(cluster)
            case .group(let group): groups.append(group)
            }
        }
        return RecommendationClassification(clusters: clusters, groups: groups, articles: articles, sdgTargets: sdgTargets, themes: themes)
    }

    private static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmedWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }

    /// `19`, `24.3`, `37a`: an article of the Convention (1 to 54) or of a treaty, with its part.
    public static func isArticle(_ article: String) -> Bool {
        let number = article.prefix { $0.isNumber }
        guard let value = Int(number), (1...54).contains(value), number.count <= 2 else { return false }
        let part = article.dropFirst(number.count)
        return part.isEmpty || (part.count == 1 && ("a"..."f").contains(part))
            || (part.first == "." && (2...3).contains(part.count) && part.dropFirst().allSatisfy(\.isNumber))
    }

    static func articleOrder(_ article: String) -> (Int, String) {
        let number = article.prefix { $0.isNumber }
        return (Int(number) ?? 0, String(article.dropFirst(number.count)))
    }
}

