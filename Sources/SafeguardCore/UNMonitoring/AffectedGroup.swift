/// Groups of children a recommendation concerns, as the Universal Human Rights Index tags
/// "affected persons", narrowed to children (and the left-behind children of China's internal migration).
public enum AffectedGroup: String, CaseIterable, Codable, Sendable {
    case childrenWithDisabilities = "children_with_disabilities"
    case girls
    case migrantChildren = "migrant_children"
    case childrenInDetention = "children_in_detention"
    case leftBehindChildren = "left_behind_children"
    case minorityAndIndigenousChildren = "minority_and_indigenous_children"
    case childrenInAlternativeCare = "children_in_alternative_care"
}
