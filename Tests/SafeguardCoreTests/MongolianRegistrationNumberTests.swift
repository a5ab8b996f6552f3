import SafeguardCore
import Testing

/// Mongolia's registration number as a social worker types it: two Cyrillic letters and eight
/// digits carrying the birth date (the month plus 20 from 2000), cross-checked against the form.
@Suite struct MongolianRegistrationNumberTests {
    let today = CivilDay("2026-12-05")!

    func problem(_ text: String) -> MongolianRegistrationNumber.Problem? {
        do { _ = try MongolianRegistrationNumber(text, today: today); return nil } catch { return error }
    }

    @Test func theLettersAndTheBirthDateAreRead() throws {
        // act
        let before2000 = try MongolianRegistrationNumber("УБ99061512", today: today)
        let after2000 = try MongolianRegistrationNumber(" чө 13 25 04 21 ", today: today)
        // assert
        #expect(before2000.placeCode == "УБ" && before2000.birthDate == PartialDate(year: 1999, month: 6, day: 15))
        #expect(after2000.number == "ЧӨ13250421" && after2000.birthDate == PartialDate(year: 2013, month: 5, day: 4))
        #expect(after2000.agrees(with: PartialDate(year: 2013, month: 5, day: 4)!) && after2000.agrees(with: PartialDate(year: 2013)!))
        #expect(!after2000.agrees(with: PartialDate(year: 2013, month: 4, day: 5)!), "day and month swapped")
    }

    @Test func eachWrongNumberIsNamedWithoutRepeatingIt() {
        #expect(problem("UB99061512") == .notMongolianLetters, "Latin U and B look like Cyrillic У and В")
        #expect(problem("УB99061512") == .notMongolianLetters)
        #expect(problem("У199061512") == .notMongolianLetters)
        #expect(problem("УБ9906151") == .wrongLength(9))
        #expect(problem("УБ9906151X") == .notDigits)
        #expect(problem("УБ990615١٢") == .notDigits, "digits of another script")
        #expect(problem("УБ99023012") == .impossibleBirthDate, "30 February")
        #expect(problem("УБ99130112") == .impossibleBirthDate, "month 13")
        #expect(problem("УБ13330112") == .impossibleBirthDate, "month 13 of the 2000s")
        #expect(problem("УБ30250101") == .birthInFuture, "2030")
        for problem in [MongolianRegistrationNumber.Problem.wrongLength(9), .notMongolianLetters, .notDigits, .impossibleBirthDate, .birthInFuture] {
            #expect(!problem.description.contains("УБ"))
        }
    }
}
