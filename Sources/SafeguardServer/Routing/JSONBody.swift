import Foundation
import SafeguardCore
import Vapor

extension Request {
    /// The JSON body decoded with one shared decoder, for the hottest creates: Vapor's generic
    /// path parses the content type and looks up a configured decoder on every request (6 % of a
    /// contact intake). Anything but a collected JSON body takes the generic path, so errors and
    /// other media types are answered exactly as everywhere else.
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        guard let body = jsonBody else { return try content.decode(T.self) }
        return try JSONBody.decoder.decode(T.self, from: body)
    }

    /// The JSON body read by `read` from a parsed `JSONValue` (see there), which must give what
    /// JSONDecoder would.
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
    /// The decoder of every JSON body (dates in ISO 8601). Decoding does not change it, so one
    /// serves every request thread.
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
