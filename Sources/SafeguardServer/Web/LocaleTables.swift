/// Every user-facing string, per language; one table per area, merged here.
enum LocaleTables {
    static let en = foundationEn.merging(reportingEn) { first, _ in first }.merging(lodgingEn) { first, _ in first }
    static let zhHans = foundationZhHans.merging(reportingZhHans) { first, _ in first }.merging(lodgingZhHans) { first, _ in first }
}
