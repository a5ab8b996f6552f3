/// What a resource centre gives besides training: on-the-job consultancy to a professional working
/// on a child's situation, and information or counselling to a parent or child who comes in.
public enum ConsultationKind: String, CaseIterable, Codable, Sendable {
    case consultancy, information, counselling
}

/// Who received it. A parent or child is never named: the record counts, it does not identify.
public enum ConsultationRecipient: String, CaseIterable, Codable, Sendable {
    case professional, parent, child, other
}
