import SafeguardCore
import Testing

@Suite struct PasswordPolicyTests {
    @Test func theShippedListHoldsAtLeastAHundredThousandPasswords() {
        #expect(CommonPasswords.shipped.count >= 100_000)
        #expect(CommonPasswords.shipped.contains("password1234"))
        #expect(CommonPasswords.shipped.contains("iloveyou2015") || CommonPasswords.shipped.contains("qwertyuiop123"))
        #expect(!CommonPasswords.shipped.contains("lantern orchid velvet quarry"))
    }

    @Test func commonPasswordsAreRefusedWhateverTheirCase() {
        // setup
        let list = CommonPasswords(entries: ["sunshine2020x"])
        // act / assert
        #expect(PasswordPolicy.problems("SunShine2020X", common: list).first?.contains("common") == true)
        #expect(PasswordPolicy.problems("sunshine2021xy", common: list).isEmpty)
    }

    @Test func repeatedPatternsAndTheUsernameAreRefused() {
        let none = CommonPasswords(entries: [])
        for repetitive in ["aaaaaaaaaaaa", "abababababab", "passwordpassword", "xyz1xyz1xyz1x", "1212121212121", "aaaabbbbaaaabbbb"] {
            #expect(PasswordPolicy.problems(repetitive, common: none).first?.contains("repeats") == true, "\(repetitive)")
        }
        #expect(PasswordPolicy.problems("counsellor-of-the-year", username: "Counsellor-Of-The-Year", common: none) == ["must not be the username"])
        #expect(PasswordPolicy.problems("a long admin passphrase", username: "admin", common: none).isEmpty)
        #expect(PasswordPolicy.problems("short", common: none) == ["must be at least 12 characters"])
        #expect(PasswordPolicy.problems(String(repeating: "ab1", count: 50), common: none) == ["must be at most 128 characters"])
        #expect(PasswordPolicy.problems("correct horse battery", common: none).isEmpty)
    }

    @Test func oneTimePasswordsHoldNoLookAlikesAndPassThePolicy() {
        // act
        let passwords = (0..<500).map { _ in OneTimePassword.make() }
        // assert
        let lookAlikes = Set("0O1lIio")
        #expect(passwords.allSatisfy { $0.count == 20 && !$0.contains(where: lookAlikes.contains) })
        #expect(Set(passwords).count == passwords.count)
        // Every character of the alphabet turns up: the generator is not stuck on a few.
        #expect(Set(passwords.joined()) == Set(OneTimePassword.alphabet))
        #expect(passwords.allSatisfy { PasswordPolicy.problems($0, common: CommonPasswords(entries: [])).isEmpty })
    }
}
