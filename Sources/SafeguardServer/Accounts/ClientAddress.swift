import Vapor

extension Request {
    /// The address of the client: the peer's, or behind a proxy the operator trusts
    /// (`SAFEGUARD_TRUSTED_PROXIES`), the nearest address in `X-Forwarded-For` that is not one of
    /// those proxies. A header from anyone else is ignored, so a client cannot choose its address.
    var clientAddress: String? {
        guard let peer = remoteAddress?.ipAddress else { return nil }
        let trusted = application.safeguard.settings.trustedProxies
        guard trusted.contains(peer) else { return peer }
        let forwarded = headers[.xForwardedFor].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        return forwarded.reversed().first { !trusted.contains($0) } ?? peer
    }
}
