import Foundation
import SafeguardCore
import Testing

/// The stored sort key against Foundation's own collation for Mongolian: the hand-written key must
/// order every pair as the library the platform ships does, wherever the two do not call it a tie.
@Suite struct SortKeyTests {
    static let mongolian = Locale(identifier: "mn")

    @Test func theMongolianAlphabetPutsӨAfterОAndҮAfterУ() {
        // setup
        let names = ["Өлзий", "Оюун", "Пүрэв", "Үүрийн", "Улаан", "Яндаг", "Ерөөл", "Фүрэв", "Ариун", "ариун гэр", "2-р хороо", "Child protection", "儿童保护"]
        // act
        let byKey = names.sorted { SortKey.of($0) < SortKey.of($1) }
        // assert
        #expect(byKey == ["2-р хороо", "Child protection", "Ариун", "ариун гэр", "Ерөөл", "Оюун", "Өлзий", "Пүрэв", "Улаан", "Үүрийн", "Фүрэв", "Яндаг", "儿童保护"])
        #expect(names.sorted() != byKey, "code points alone put ө and ү after я")
    }

    @Test func everyPairOfRandomWordsIsOrderedAsFoundationOrdersThemForMongolian() {
        // setup: words of the alphabet with capitals, spaces and digits, from a fixed seed
        var random = SeededRandom(seed: 20261205)
        let letters = Array("абвгдежзийклмноөпрстуүфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОӨПРСТУҮФХЦЧШЩЭЮЯ") + [" ", "1", "7"]
        let words = (0..<600).map { _ in String((0..<Int.random(in: 1...7, using: &random)).map { _ in letters.randomElement(using: &random)! }) }
        var disagreements: [String] = []
        // act
        for (a, b) in zip(words, words.dropFirst()) {
            let (keyA, keyB) = (SortKey.of(a), SortKey.of(b))
            guard keyA != keyB else { continue }
            let foundation = a.compare(b, options: [], range: nil, locale: Self.mongolian)
            if (keyA < keyB) != (foundation == .orderedAscending) { disagreements.append("\(a) / \(b)") }
        }
        // assert
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }

    @Test func aLongTitleIsKeyedByItsFirstSixtyFourCharactersAndAMarkIsIgnored() {
        #expect(SortKey.of(String(repeating: "а", count: 500)).count == 64 * 6)
        #expect(SortKey.of("е\u{0308}") == SortKey.of("е") && SortKey.of("Café") == SortKey.of("cafe"))
    }
}
