import Foundation
import SafeguardCore
import Vapor

extension Request {
    /// The JSON body of the hottest creates, read by `read` from a parsed `JSONValue` (see there),
    /// which must give what JSONDecoder gives: Vapor's generic path parses the content type, sets
    /// up a decoder and decodes through Codable's containers, 7-9 % of a contact intake or a
    /// check-in. Anything but a collected JSON body takes the generic path, so errors and other
    /// media types are answered exactly as everywhere else.
    func decodeJSON<T: Decodable>(_ read: (JSONValue) throws -> T) throws -> T {
        guard let body = jsonBody else { return try content.decode(T.self) }
        return try read(try body.withUnsafeReadableBytes { try JSONValue.parse($0) })
    }

    private var jsonBody: ByteBuffer? {
        guard let body = body.data, let contentType = headers.first(name: .contentType),
              contentType.split(separator: ";", maxSplits: 1).first?.trimmedWhitespace.lowercased() == "application/json" else { return nil }
        return body
    }
}

enum JSONBody {
    /// The decoder of every other JSON body (dates in ISO 8601). Decoding does not change it, so
    /// one serves every request thread.
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
