import Foundation
import SafeguardCore
@testable import SafeguardServer
import Testing
import Vapor

@Suite struct AccessPolicyRouteTests {
    /// Routes that need no permission: public, or the signed-in user's own account.
    static let unguarded: Set<String> = [
        "GET /healthz", "GET /readyz", "GET /metrics", "GET /openapi.json", "GET /verify", "GET /verify/:code", "GET /api/verify/:code", "GET /api/me/training", "GET /api/training/open-cohorts/:cohortID", "POST /api/training/open-cohorts/:cohortID/registrations", "GET /training/register/:cohortID", "POST /training/register/:cohortID", "GET /assets/contact.js", "GET /assets/report.js", "GET /favicon.svg", "GET /favicon.ico",
        "POST /api/tokens", "DELETE /api/tokens/current", "GET /api/me", "PATCH /api/me", "GET /api/me/tasks", "POST /api/me/password",
        "GET /login", "POST /login", "POST /logout", "GET /lang/:locale",
        "GET /", "GET /account", "POST /account/password", "POST /account/locale", "POST /account/time-zone",
        "GET /api/me/notifications", "POST /api/me/notifications/read", "POST /notifications/read",
        "POST /api/me/calendar-feed", "GET /calendar/:feed", "POST /account/calendar-feed", "GET /calendar",
        // CDS Hooks: the record system's signed JWT is checked by the handler.
        "GET /cds-services", "POST /cds-services/:serviceID", "POST /cds-services/:serviceID/feedback",
        // The public catalogue of training materials an organisation chose to share.
        "GET /catalogue", "GET /catalogue/:materialID/file", "GET /api/catalogue", "GET /api/catalogue/:materialID/file",
        // The library's catalogue is for readers, signed in or not.
        "GET /library", "GET /library/titles/:titleID", "GET /api/library/titles", "GET /api/library/titles/:titleID",
        "GET /library/categories", "GET /api/library/categories",
        // A room's bookings for calendar programs, behind the secret in the address.
        "GET /rooms/calendar/:feed",
        // One's own library loans: the handler reads only the cards linked to the caller.
        "GET /api/me/library/loans", "GET /library/my-loans",
        // Feedback on a session of one's own cohort: the handler finds the caller's place, and without one the session is not found.
        "GET /api/me/training/sessions/:sessionID/feedback", "PUT /api/me/training/sessions/:sessionID/feedback",
        "GET /training/my-sessions/:sessionID/feedback", "POST /training/my-sessions/:sessionID/feedback",
        // One's own certificate, found by the holder's account.
        "GET /training/my-certificates/:certificateID/pdf",
        // Vetting subject access: the person proves who they are to the handler, which limits failures per address.
        "POST /api/vetting/subject-access", "POST /api/vetting/subject-access/review-requests",
        "GET /check-my-record", "POST /check-my-record", "POST /check-my-record/review",
    ]

    static func describe(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
    }

    @Test func everyRouteIsGuardedOrListedAsOpen() async throws {
        try await TestServer.run { server in
            for route in server.app.routes.all where route.policyAction == nil {
                #expect(Self.unguarded.contains(Self.describe(route)), "\(Self.describe(route)) has no policy action")
            }
        }
    }

    @Test func everyMenuEntryIsAPageTheServerHasAndShowsOnlyToThoseItsRouteLetsIn() async throws {
        try await TestServer.run { server in
            for entry in Layout.menu {
                #expect(server.app.pageGuards.keys.contains(entry.path), "the menu's \(entry.path) has no page")
            }
            // act
            let counsellor = try await server.send(.GET, "/", as: .counsellor).body.string
            let clerk = try await server.send(.GET, "/", as: .hotelClerk).body.string
            // assert: the guard is the route's (contactCreate for the contact form, stayCreate for check-in)
            #expect(counsellor.contains("href=\"/contacts/new\"") && !counsellor.contains("href=\"/stays/new\""))
            #expect(clerk.contains("href=\"/stays/new\"") && !clerk.contains("href=\"/contacts/new\""))
        }
    }

    @Test func aTypedPathFillsItsParametersAsSegmentsAndCountsThem() {
        // setup
        let id = UUID()
        // act, assert
        #expect(TrainingPaths.cohort(id) == "/training/cohorts/\(id.uuidString)")
        #expect(VettingPaths.API.query("a/b c?") == "/api/vetting/queries/a%2Fb%20c%3F")
        #expect(PagePaths.home() == "/")
        #expect(CasesPaths.caseTaskDone(id, id) == "/cases/\(id.uuidString)/tasks/\(id.uuidString)/done")
    }

    @Test func everyRoleAndEveryGuardedRouteAgreeWithThePolicy() async throws {
        try await TestServer.run { server in
            var checked = 0
            for route in server.app.routes.all {
                guard let action = route.policyAction else { continue }
                let path = "/" + route.path.map { component -> String in
                    if case .parameter = component { return UUID().uuidString }
                    return component.description
                }.joined(separator: "/")
                for role in Role.allCases {
                    // act
                    let body = [.POST, .PATCH].contains(route.method) ? "{}" : nil
                    let response = try await server.send(route.method, path, as: role, json: body)
                    // assert
                    if AccessPolicy.allows([role], action) {
                        #expect(response.status != .forbidden && response.status != .unauthorized,
                                "\(role) should pass \(Self.describe(route)) (\(action)), got \(response.status)")
                    } else {
                        #expect(response.status == .forbidden, "\(role) must be refused \(Self.describe(route)) (\(action)), got \(response.status)")
                    }
                    checked += 1
                }
            }
            #expect(checked >= Role.allCases.count * 40)
        }
    }

    @Test func signedOutRequestsAreRefused() async throws {
        try await TestServer.run { server in
            #expect(try await server.send(.GET, "/api/contacts").status == .unauthorized)
            let page = try await server.send(.GET, "/contacts")
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location) == "/login")
        }
    }
}
