/// Suggests the clusters and affected groups of a recommendation from its text, in English or
/// Chinese, by a thesaurus anyone can read below: every suggestion names the terms that triggered
/// it, and a person confirms or corrects it. Nothing is learned or weighted out of sight.
///
/// English terms are whole words in order (`best interests`), where a final `*` allows any ending
/// (`discriminat*`: discrimination, discriminatory); a hyphen or apostrophe separates words, so
/// `left behind` also finds "left-behind". Chinese terms are found anywhere in the text.
public struct RecommendationClassifier: Sendable {
    public enum Label: Hashable, Sendable {
        case cluster(CRCCluster)
        case group(AffectedGroup)
    }

    public struct Suggestion: Equatable, Sendable {
        public var label: Label
        /// The thesaurus terms found in the text, as the thesaurus writes them, in its order.
        public var triggers: [String]

        public init(label: Label, triggers: [String]) {
            self.label = label
            self.triggers = triggers
        }
    }

    /// Changes whenever a term is added or removed, and is stored beside a suggestion.
    public static let version = "thesaurus-1"

    public static let standard = RecommendationClassifier(thesaurus: thesaurus)

    private struct Term: Sendable {
        var text: String
        var words: [String]
        var openEnded: Bool
        var isChinese: Bool
    }

    private let entries: [(label: Label, terms: [Term])]
    /// Where each term sits, (entry, term), by its first word: a text's words are looked up, not
    /// compared with every term (an import of 20,000 recommendations classifies each).
    private let byFirstWord: [String: [(entry: Int, term: Int)]]
    /// Terms of one open-ended word (`budget*`), found by prefix.
    private let openWords: [(entry: Int, term: Int)]
    private let chinese: [(entry: Int, term: Int)]

    public init(thesaurus: [(Label, [String])]) {
        entries = thesaurus.map { label, terms in
            (label, terms.map { text in
                let isChinese = text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
                let openEnded = text.hasSuffix("*")
                return Term(text: text, words: Self.words(openEnded ? String(text.dropLast()) : text), openEnded: openEnded, isChinese: isChinese)
            })
        }
        var byFirstWord: [String: [(entry: Int, term: Int)]] = [:], openWords: [(entry: Int, term: Int)] = [], chinese: [(entry: Int, term: Int)] = []
        for (e, entry) in entries.enumerated() {
            for (t, term) in entry.terms.enumerated() where !term.words.isEmpty || term.isChinese {
                if term.isChinese { chinese.append((e, t)) }
                else if term.words.count == 1 && term.openEnded { openWords.append((e, t)) }
                else { byFirstWord[term.words[0], default: []].append((e, t)) }
            }
        }
        (self.byFirstWord, self.openWords, self.chinese) = (byFirstWord, openWords, chinese)
    }

    /// The labels with at least one term in the text, those with the most terms first (then in the thesaurus's order).
    public func suggest(_ text: String) -> [Suggestion] {
        let words = Self.words(text)
        var found = Set<Int>()
        let key = { (place: (entry: Int, term: Int)) in place.entry << 16 | place.term }
        for (start, word) in words.enumerated() {
            for place in byFirstWord[word] ?? [] where Self.matches(words, at: start, entries[place.entry].terms[place.term]) { found.insert(key(place)) }
            for place in openWords where word.hasPrefix(entries[place.entry].terms[place.term].words[0]) { found.insert(key(place)) }
        }
        if text.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) {
            for place in chinese where text.contains(entries[place.entry].terms[place.term].text) { found.insert(key(place)) }
        }
        let suggestions = entries.enumerated().compactMap { e, entry -> Suggestion? in
            let triggers = entry.terms.indices.filter { found.contains(e << 16 | $0) }.map { entry.terms[$0].text }
            return triggers.isEmpty ? nil : Suggestion(label: entry.label, triggers: triggers)
        }
        return suggestions.enumerated().sorted { ($0.element.triggers.count, -$0.offset) > ($1.element.triggers.count, -$1.offset) }.map(\.element)
    }

    /// Lower-case runs of letters and digits.
    private static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// The term's words from `start` on; its last may be open-ended.
    private static func matches(_ words: [String], at start: Int, _ term: Term) -> Bool {
        guard start + term.words.count <= words.count else { return false }
        let last = term.words.count - 1
        return term.words.indices.allSatisfy { i in
            i == last && term.openEnded ? words[start + i].hasPrefix(term.words[i]) : words[start + i] == term.words[i]
        }
    }

    /// The shipped thesaurus: the language of the Committee's concluding observations and of their
    /// official Chinese versions, cluster by cluster, then the groups.
    public static let thesaurus: [(Label, [String])] = [
        (.cluster(.generalMeasures), [
            "national plan of action", "comprehensive policy", "coordinat*", "budget*", "resource allocation", "data collection",
            "disaggregated data", "independent monitoring", "national human rights institution", "ombudsperson", "ombudsman",
            "dissemination", "awareness-raising", "civil society", "business sector", "children's rights and the business",
            "国家行动计划", "综合政策", "协调", "预算", "资源分配", "数据收集", "分类数据", "独立监测", "国家人权机构", "监察员", "宣传", "民间社会", "工商业",
        ]),
        (.cluster(.definitionOfTheChild), [
            "definition of the child", "minimum age of marriage", "age of marriage", "minimum age",
            "儿童的定义", "最低婚龄", "结婚年龄", "最低年龄",
        ]),
        (.cluster(.generalPrinciples), [
            "non-discrimination", "discriminat*", "best interests", "right to life", "survival and development", "views of the child",
            "respect for the views", "right to be heard", "child participation",
            "不歧视", "歧视", "最大利益", "生命权", "生存和发展", "尊重儿童意见", "儿童参与", "表达意见",
        ]),
        (.cluster(.civilRights), [
            "birth registration", "nationality", "identity", "freedom of expression", "freedom of thought", "freedom of religion",
            "freedom of association", "peaceful assembly", "privacy", "access to information",
            "出生登记", "国籍", "身份", "言论自由", "思想自由", "宗教自由", "结社自由", "和平集会", "隐私", "获取信息",
        ]),
        (.cluster(.violenceAgainstChildren), [
            "violence", "abuse", "neglect", "corporal punishment", "sexual exploitation", "sexual abuse", "torture", "harmful practices",
            "female genital mutilation", "child marriage", "early marriage", "forced marriage", "bullying", "domestic violence",
            "helpline*", "mandatory reporting",
            "暴力", "虐待", "忽视", "体罚", "性剥削", "性侵", "酷刑", "有害做法", "童婚", "早婚", "强迫婚姻", "欺凌", "家庭暴力", "求助热线", "强制报告",
        ]),
        (.cluster(.familyEnvironment), [
            "family environment", "alternative care", "foster care", "institutional care", "institutionali*", "deinstitutionali*",
            "adoption", "separated from their parents", "parental responsibilit*", "family reunification", "maintenance for the child",
            "kinship care",
            "家庭环境", "替代照料", "寄养", "机构照料", "收养", "与父母分离", "父母责任", "家庭团聚", "抚养费", "亲属照料",
        ]),
        (.cluster(.disabilityHealthWelfare), [
            "disabilit*", "health", "health care", "mental health", "hiv", "nutrition", "breastfeeding", "adolescent health",
            "reproductive health", "substance use", "drug use", "social security", "standard of living", "poverty", "sanitation",
            "drinking water",
            "残疾", "健康", "卫生", "心理健康", "精神健康", "艾滋病", "营养", "母乳喂养", "生殖健康", "药物滥用", "社会保障", "生活水平", "贫困", "饮用水",
        ]),
        (.cluster(.educationLeisureCulture), [
            "education", "school*", "enrolment", "dropout", "drop out", "vocational training", "early childhood education", "preschool",
            "leisure", "right to play", "recreation*", "cultural activities", "human rights education",
            "教育", "学校", "入学", "辍学", "职业培训", "学前教育", "幼儿园", "休息", "游戏", "娱乐", "文化活动", "人权教育",
        ]),
        (.cluster(.specialProtection), [
            "refugee*", "asylum", "migrant*", "unaccompanied", "minority", "minorities", "indigenous", "child labour", "economic exploitation",
            "trafficking", "street situations", "juvenile justice", "child justice", "deprived of their liberty", "detention",
            "age of criminal responsibility",
            "难民", "寻求庇护", "移民", "无人陪伴", "少数民族", "土著", "童工", "经济剥削", "贩运", "拐卖", "街头儿童", "少年司法", "未成年人司法",
            "剥夺自由", "拘留", "羁押", "刑事责任年龄",
        ]),
        (.cluster(.optionalProtocolSaleOfChildren), [
            "sale of children", "child prostitution", "child pornography", "child sexual abuse material",
            "买卖儿童", "儿童卖淫", "儿童色情", "儿童性虐待材料",
        ]),
        (.cluster(.optionalProtocolArmedConflict), [
            "armed conflict", "armed forces", "armed groups", "child soldiers",
            "武装冲突", "武装部队", "武装团体", "儿童兵",
        ]),
        (.cluster(.optionalProtocolCommunications), [
            "communications procedure", "individual communications",
            "来文程序", "个人来文",
        ]),
        (.group(.childrenWithDisabilities), ["children with disabilities", "disabled children", "残疾儿童"]),
        (.group(.girls), ["girls", "girl child", "女童"]),
        (.group(.migrantChildren), ["migrant*", "refugee*", "asylum", "unaccompanied", "流动儿童", "移民儿童", "难民儿童", "寻求庇护"]),
        (.group(.childrenInDetention), ["detention", "detained", "deprived of their liberty", "拘留", "羁押", "被剥夺自由"]),
        (.group(.leftBehindChildren), ["left behind", "留守儿童"]),
        (.group(.minorityAndIndigenousChildren), ["minority", "minorities", "indigenous", "ethnic", "少数民族", "土著"]),
        (.group(.childrenInAlternativeCare), ["alternative care", "foster*", "institutional care", "orphan*", "替代照料", "寄养", "孤儿", "福利院"]),
    ]
}
