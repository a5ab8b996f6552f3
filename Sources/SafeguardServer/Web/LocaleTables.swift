/// Every user-facing string, per language; one table per area, merged here.
enum LocaleTables {
    static let en = [reportingEn, lodgingEn, networkEn, legalAidEn, vettingEn].reduce(foundationEn) { $0.merging($1) { first, _ in first } }
    static let zhHans = [reportingZhHans, lodgingZhHans, networkZhHans, legalAidZhHans, vettingZhHans].reduce(foundationZhHans) { $0.merging($1) { first, _ in first } }
}
