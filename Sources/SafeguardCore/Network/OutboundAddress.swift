import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the server may send a request that a client chose the address of (a record system's
/// FHIR server, a unit's webhook): only to public addresses, unless the operator allows the
/// private network. Otherwise a client could make the server reach its own loopback services,
/// the cloud metadata address or the hospital's internal network (server-side request forgery).
public enum OutboundAddress {
    /// Why an IP address is not public, or nil when it is. Unparseable text is refused too.
    public static func refusal(_ ip: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, ip, &v4) == 1 {
            let bytes = withUnsafeBytes(of: v4.s_addr) { Array($0) }
            return refusal(v4: bytes)
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, ip, &v6) == 1 else { return "is not an IP address" }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes.allSatisfy({ $0 == 0 }) { return "is the unspecified address" }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return "is a loopback address" }
        // IPv4-mapped (::ffff:a.b.c.d) and the old IPv4-compatible form carry an IPv4 address.
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && (bytes[10...11] == [0xff, 0xff] || bytes[10...11] == [0, 0]) {
            return refusal(v4: Array(bytes[12...15]))
        }
        if bytes[0] & 0xfe == 0xfc { return "is a unique local (private) address" }
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80 { return "is a link-local address" }
        if bytes[0] == 0xff { return "is a multicast address" }
        // NAT64 and 6to4 embed IPv4 addresses that may be private; refuse rather than decode.
        if bytes[0...3] == [0x00, 0x64, 0xff, 0x9b] || bytes[0...1] == [0x20, 0x02] { return "embeds an IPv4 address" }
        return nil
    }

    static func refusal(v4 b: [UInt8]) -> String? {
        switch (b[0], b[1]) {
        case (0, _): "is in 0.0.0.0/8 (this network)"
        case (127, _): "is a loopback address"
        case (10, _), (172, 16...31), (192, 168): "is a private address"
        case (169, 254): "is a link-local address (cloud metadata lives here)"
        case (100, 64...127): "is a carrier-grade NAT address"
        case (192, 0) where b[2] == 0: "is reserved for protocol assignments"
        case (198, 18...19): "is reserved for benchmarking"
        case (224...255, _): "is a multicast or reserved address"
        default: nil
        }
    }

    /// Checks a URL a client gave: https (or http when the private network is allowed), and
    /// every address its host resolves to public. Returns the problem, or nil when it may be fetched.
    public static func problem(with url: URL, allowPrivateNetwork: Bool, resolve: (String) -> [String] = resolve) -> String? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else { return "is not an http(s) address" }
        if allowPrivateNetwork { return ["http", "https"].contains(scheme) ? nil : "is not an http(s) address" }
        guard scheme == "https" else { return "must use https" }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let addresses = resolve(bare)
        if addresses.isEmpty { return "has a host name that does not resolve" }
        for address in addresses { if let why = refusal(address) { return "resolves to an address that \(why)" } }
        return nil
    }

    /// The host's addresses as text (getaddrinfo: the system's resolver, /etc/hosts included).
    public static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let current = node {
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(current.pointee.ai_addr, current.pointee.ai_addrlen, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(cString: text))
            }
            node = current.pointee.ai_next
        }
        return addresses
    }
}
