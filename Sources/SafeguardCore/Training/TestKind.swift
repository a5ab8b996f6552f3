/// When a test is taken: before the training or after it.
public enum TestKind: String, CaseIterable, Codable, Sendable {
    case pre, post
}
