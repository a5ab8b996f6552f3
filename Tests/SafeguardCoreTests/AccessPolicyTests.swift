import Testing
@testable import SafeguardCore

@Suite struct AccessPolicyTests {
    @Test func administratorsCannotReadChildrensRecords() {
        // act
        let allowed = Action.allCases.filter { AccessPolicy.allows([.administrator], $0) }
        // assert
        #expect(!allowed.contains(.caseRead))
        #expect(!allowed.contains(.contactRead))
        #expect(allowed.contains(.userManage))
    }

    @Test func privilegedCompartmentsBelongToTheirProfession() {
        #expect(AccessPolicy.allows([.lawyer], .noteReadLegal))
        #expect(!AccessPolicy.allows([.lawyer], .noteReadClinical))
        #expect(AccessPolicy.allows([.psychologist], .noteReadClinical))
        #expect(!AccessPolicy.allows([.psychologist], .noteReadLegal))
        for role in Role.allCases where role != .lawyer {
            #expect(!AccessPolicy.allows([role], .noteReadLegal), "\(role) must not read legal notes")
        }
    }

    @Test func widerScopesAbsorbNarrowerOnes() {
        // act
        let scopes = AccessPolicy.scopes(for: [.counsellor, .supervisor], .caseRead)
        // assert
        #expect(scopes == [.organisation])
    }

    @Test func ownAndAssignedAreKeptSideBySide() {
        #expect(!Scope.own.covers(.assigned))
        #expect(!Scope.assigned.covers(.own))
        #expect(Scope.organisation.covers(.own))
        #expect(Scope.all.covers(.jurisdiction))
    }

    @Test func noRoleMeansNoAccess() {
        for action in Action.allCases { #expect(!AccessPolicy.allows([Role](), action)) }
    }
}
