import SafeguardCore
import Vapor

/// Refuses an area whose rules the signed-in user's country pack switches off (Mongolia has no
/// hotel registration of minors), before the handler reads anything; visitors pass on to the
/// route's own sign-in check.
struct CountryPackGate: AsyncMiddleware {
    let applies: @Sendable (CountryPack) -> Bool
    let refusal: String

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let actor = request.actorIfSignedIn, !applies(actor.countryPack) { throw AppError.conflict(refusal) }
        return try await next.respond(to: request)
    }

    /// The menu's entries into the lodging area, which a pack without it does not show.
    static let lodgingPages = [LodgingPaths.staysNew(), LodgingPaths.stays()]

    static let lodging = CountryPackGate(applies: \.registersMinorsInHotels,
                                         refusal: "hotel registration of minors (China's Five Musts) is switched off for this organisation's country")
}
