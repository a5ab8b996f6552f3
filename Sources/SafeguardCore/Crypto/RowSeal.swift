import Crypto
import Foundation

/// An HMAC over the columns of a row that decide who may open it (its organisation, owner,
/// assignee, team) and the codes it is read by (stage, risk), under a key kept outside the
/// database. A row changed directly in the database no longer matches its seal and is refused
/// instead of served: a new assignee written there gains nothing.
public struct RowSeal: Sendable {
    // Kept as bytes: SymmetricKey is not Sendable.
    private let key: Data

    public init(_ key: SymmetricKey) { self.key = key.withUnsafeBytes { Data($0) } }

    /// The seal of a row of `table` whose sealed columns hold `values`, in a fixed order.
    public func seal(_ table: String, _ values: [String?]) -> String {
        // Length-prefixed, with NULL distinct from the empty string.
        var text = "\(table.utf8.count):\(table);"
        for value in values { text += value.map { "\($0.utf8.count):\($0);" } ?? "-;" }
        return Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: key)))
    }

    public func verifies(_ seal: String?, _ table: String, _ values: [String?]) -> Bool {
        guard let seal else { return false }
        let expected = self.seal(table, values)
        return seal.utf8.count == expected.utf8.count && zip(seal.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
