import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Indicators of a recommendation or of a cluster: entered by hand (a value, its source and date)
/// or computed from the organisation's records by a declared figure. Values are kept, never
/// overwritten: the newest for a period is the one shown, the others are its history.
enum Indicators {
    struct Input: Content {
        var title: String?
        /// The recommendation it measures, or the cluster it measures as a whole.
        var recommendationID: UUID?, cluster: String?
        /// A figure computed from the records (`helpline.contacts`); none for one entered by hand.
        var figure: String?
        /// What a value entered by hand counts in ("%", "children", "days").
        var unit: String?
    }

    struct ValueInput: Content {
        /// The first and last days of the period.
        var periodStart: String?, periodEnd: String?
        /// By hand only: the value, where it was published and when.
        var value: Double?, source: String?, sourceDate: String?
    }

    struct RecomputeInput: Content { var year: Int? }

    struct Value: Content {
        var periodStart: String, periodEnd: String
        /// As the reader may see it: small counts hidden unless they may see exact figures.
        var display: String
        var value: Double?, numerator: Int?, denominator: Int?
        var source: String?, sourceDate: String?
        var definition: String?, computedAt: Date?
    }

    struct Indicator: Content {
        var id: UUID, title: String
        var recommendationID: UUID?, recommendation: String?, cluster: String?
        var figure: String?, unit: String?
        /// The newest value of each period, the latest period first.
        var values: [Value]
    }

    struct Recomputed: Content { var year: Int; var indicators: Int; var computedAt: Date }

    static func create(_ input: Input, by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let title = v.text(input.title, "title", max: 300, required: "give the indicator a title")
        let cluster = v.code(input.cluster, "cluster", as: CRCCluster.self)
        v.check(input.recommendationID != nil || cluster != nil || input.cluster?.isEmpty == false, "recommendationID", "choose the recommendation or the cluster it measures")
        let figureText = input.figure?.trimmedWhitespace ?? ""
        let figure = figureText.isEmpty ? nil : IndicatorFigure(rawValue: figureText)
        v.check(figureText.isEmpty || figure != nil, "figure", "names no figure Safeguard computes; choose one from the list")
        let unit = v.text(input.unit, "unit", max: 40)
        v.check(figure == nil || unit == nil, "unit", "a computed figure has its own unit")
        try v.finish()
        let actor = caller.actor
        return try await caller.write { db in
            if let recommendation = input.recommendationID { _ = try await Recommendations.row(recommendation, organisation: actor.organisationID, on: db) }
            let id = UUID.timeOrdered()
            try await db.insert(into: "un_indicators").columns("id", "organisation_id", "title", "recommendation_id", "cluster", "figure", "unit", "created_by", "created_at")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(title!), SQLBind(input.recommendationID), SQLBind(cluster?.rawValue),
                        SQLBind(figure?.rawValue), SQLBind(unit), SQLBind(actor.userID), SQLBind(Date())).run()
            try await AuditLog.append([.init(verb: .create, recordType: "un_indicator", recordID: id.uuidString)], by: actor, on: db)
            return IDOnly(id: id)
        }
    }

    /// The period's first and last days, checked; the query's bounds are the first day's start and the day after the last.
    static func period(_ start: String?, _ end: String?, _ v: inout FieldValidator) -> (start: CivilDay, end: CivilDay)? {
        let first = CivilDay(start?.trimmedWhitespace ?? ""), last = CivilDay(end?.trimmedWhitespace ?? "")
        v.check(first != nil, "periodStart", "give the date (YYYY-MM-DD)")
        v.check(last != nil, "periodEnd", "give the date (YYYY-MM-DD)")
        guard let first, let last else { return nil }
        v.check(first <= last, "periodEnd", "ends before the period starts")
        v.check(last.daysSince1970 - first.daysSince1970 <= 3_660, "periodEnd", "a period is at most ten years")
        v.check(first.year >= 1990, "periodStart", "must be a year from 1990 to next year")
        return first <= last ? (first, last) : nil
    }

    /// A calendar month, quarter or year: the only periods a figure is computed for.
    static func calendarPeriod(_ period: (start: CivilDay, end: CivilDay)) -> Bool {
        let (start, end) = period
        guard start.day == 1, end.adding(days: 1).day == 1, start.year == end.year else { return false }
        let months = end.month - start.month + 1
        return months == 1 || months == 12 || (months == 3 && (start.month - 1) % 3 == 0)
    }

    /// How many months a value covers: 1, 3 or 12 for a computed one (a calendar month, quarter or year).
    static func months(_ value: Value) -> Int {
        guard let start = CivilDay(value.periodStart), let end = CivilDay(value.periodEnd) else { return 0 }
        return (end.year - start.year) * 12 + end.month - start.month + 1
    }

    static func instant(_ day: CivilDay) -> Date { Date(timeIntervalSince1970: Double(day.daysSince1970) * 86_400) }

    /// A value for a period: typed in for an indicator entered by hand, computed now for a computed one.
    static func addValue(_ id: UUID, _ input: ValueInput, now: Date = Date(), by caller: Caller) async throws {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let period = period(input.periodStart, input.periodEnd, &v)
        try v.finish()
        let actor = caller.actor
        try await caller.write { db in
            guard let row = try await db.raw("SELECT figure FROM un_indicators WHERE id = \(bind: id) AND organisation_id = \(bind: actor.organisationID)").first()
            else { throw AppError.notFound("indicator") }
            let figure = try row.decode(column: "figure", as: String?.self).flatMap(IndicatorFigure.init(rawValue:))
            if let figure {
                guard input.value == nil && input.source == nil else { throw AppError.invalid("value", "a computed indicator's value is counted, not typed") }
                // any range of days would let two overlapping periods give away a small count by their difference
                guard calendarPeriod(period!) else { throw AppError.invalid("periodStart", "a computed figure covers a calendar month, quarter or year") }
                try await insertComputed(id, figure, period!, organisation: actor.organisationID, now: now, by: actor.userID, on: db)
            } else {
                var v = FieldValidator()
                v.check(input.value.map { $0.isFinite && abs($0) < 1e15 } ?? false, "value", "give the value as a number")
                let source = v.text(input.source, "source", max: 500, required: "give the source of the value")
                let sourceDay = CivilDay(input.sourceDate?.trimmedWhitespace ?? "")
                v.check(input.sourceDate?.trimmedWhitespace.isEmpty ?? true || sourceDay != nil, "sourceDate", "give the date (YYYY-MM-DD)")
                try v.finish()
                try await db.insert(into: "un_indicator_values")
                    .columns("id", "indicator_id", "period_start", "period_end", "value", "source", "source_date", "entered_by", "created_at")
                    .values(SQLBind(UUID.timeOrdered()), SQLBind(id), SQLBind(period!.start.description), SQLBind(period!.end.description), SQLBind(input.value!),
                            SQLBind(source!), SQLBind(sourceDay?.description), SQLBind(actor.userID), SQLBind(now)).run()
            }
            try await AuditLog.append([.init(verb: .update, recordType: "un_indicator", recordID: id.uuidString)], by: actor, on: db)
        }
    }

    static func insertComputed(_ id: UUID, _ figure: IndicatorFigure, _ period: (start: CivilDay, end: CivilDay), organisation: UUID, now: Date, by user: UUID,
                               on db: any SQLDatabase) async throws {
        let result = try await IndicatorQueries.compute(figure, organisation: organisation, from: instant(period.start), to: instant(period.end.adding(days: 1)), on: db)
        try await db.insert(into: "un_indicator_values")
            .columns("id", "indicator_id", "period_start", "period_end", "numerator", "denominator", "definition", "computed_at", "entered_by", "created_at")
            .values(SQLBind(UUID.timeOrdered()), SQLBind(id), SQLBind(period.start.description), SQLBind(period.end.description), SQLBind(result.numerator),
                    SQLBind(result.denominator), SQLBind(figure.definition), SQLBind(now), SQLBind(user), SQLBind(now)).run()
    }

    /// Every computed indicator of the organisation for one calendar year, in one transaction.
    static func recompute(_ input: RecomputeInput, now: Date = Date(), by caller: Caller) async throws -> Recomputed {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let year = input.year ?? Recommendations.currentYear
        v.check((RecommendationDraft.firstYear...(Recommendations.currentYear + 1)).contains(year), "year", "must be a year from 1990 to next year")
        try v.finish()
        let actor = caller.actor
        let count = try await caller.write { db in
            let rows = try await db.raw("SELECT id, figure FROM un_indicators WHERE organisation_id = \(bind: actor.organisationID) AND figure IS NOT NULL").all()
            let period = (CivilDay(year: year, month: 1, day: 1)!, CivilDay(year: year, month: 12, day: 31)!)
            // one query per figure, whatever the number of indicators that use it; written a few hundred to a statement
            var results: [IndicatorFigure: IndicatorQueries.Result] = [:], values: [[any Encodable & Sendable]] = []
            for row in rows {
                guard let figure = IndicatorFigure(rawValue: try row.decode(column: "figure", as: String.self)) else { continue }
                if results[figure] == nil {
                    results[figure] = try await IndicatorQueries.compute(figure, organisation: actor.organisationID, from: instant(period.0),
                                                                         to: instant(period.1.adding(days: 1)), on: db)
                }
                values.append([UUID.timeOrdered(), try row.decode(column: "id", as: UUID.self), period.0.description, period.1.description,
                               results[figure]!.numerator, results[figure]!.denominator, figure.definition, now, actor.userID, now])
            }
            for chunk in values.chunked(into: 500) {
                let insert = db.insert(into: "un_indicator_values")
                    .columns("id", "indicator_id", "period_start", "period_end", "numerator", "denominator", "definition", "computed_at", "entered_by", "created_at")
                for value in chunk { insert.values(value.map { SQLBind($0) }) }
                try await insert.run()
            }
            try await AuditLog.append([.init(verb: .update, recordType: "un_indicators", recordID: "recompute-\(year)")], by: actor, on: db)
            return rows.count
        }
        return Recomputed(year: year, indicators: count, computedAt: now)
    }

    // MARK: reading

    /// The organisation's indicators, or one recommendation's with those of its clusters, or the
    /// ones a report shows. A published report hides small counts whoever prints it.
    static func list(recommendation: UUID? = nil, id: UUID? = nil, ids: [UUID]? = nil, published: Bool = false, by caller: Caller) async throws -> [Indicator] {
        _ = try caller.scopes(.monitoringRead)
        let db = caller.app.sql, exact = !published && AccessPolicy.allows(caller.actor.roles, .statsReadExact)
        var filter: SQLQueryString = ""
        if let id {
            filter = " AND i.id = \(bind: id)"
        } else if let ids {
            guard !ids.isEmpty else { return [] }
            filter = " AND i.id IN \(SQLGroupExpression(ids.map { SQLBind($0) }))"
        } else if let recommendation {
            // the recommendation's clusters are read only once it is known to be the caller's
            _ = try await Recommendations.row(recommendation, organisation: caller.actor.organisationID, on: db)
            filter = """
                 AND (i.recommendation_id = \(bind: recommendation)
                 OR i.cluster IN (SELECT code FROM un_recommendation_tags WHERE recommendation_id = \(bind: recommendation) AND kind = 'cluster'))
                """
        }
        let rows = try await db.raw("""
            SELECT i.id, i.title, i.recommendation_id, i.cluster, i.figure, i.unit, r.document_symbol, r.paragraph FROM un_indicators i
            LEFT JOIN un_recommendations r ON r.id = i.recommendation_id
            WHERE i.organisation_id = \(bind: caller.actor.organisationID)\(filter) ORDER BY i.created_at LIMIT \(literal: max(1_000, ids?.count ?? 0))
            """).all()
        let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
        var values: [UUID: [Value]] = [:]
        for chunk in ids.chunked(into: 500) {
            // the newest value of each period first, so the first seen of a period is the one shown
            for row in try await db.raw("""
                SELECT * FROM un_indicator_values WHERE indicator_id IN \(SQLGroupExpression(chunk.map { SQLBind($0) }))
                ORDER BY period_start DESC, period_end DESC, created_at DESC
                """).all() {
                let id = try row.decode(column: "indicator_id", as: UUID.self)
                let start = try row.decode(column: "period_start", as: String.self), end = try row.decode(column: "period_end", as: String.self)
                guard !(values[id] ?? []).contains(where: { $0.periodStart == start && $0.periodEnd == end }) else { continue }
                let numerator = try row.decode(column: "numerator", as: Int?.self), denominator = try row.decode(column: "denominator", as: Int?.self)
                let definition = try row.decode(column: "definition", as: String?.self)
                let value = try row.decode(column: "value", as: Double?.self)
                let kind = definition.flatMap { IndicatorFigure(rawValue: String($0.prefix { $0 != "@" })) }?.kind ?? .count
                let display = numerator.map { IndicatorFigure.display(numerator: $0, denominator: denominator, kind: kind, exact: exact) }
                    ?? value.map { $0.rounded() == $0 && abs($0) < 1e15 ? String(Int64($0)) : String($0) } ?? ""
                values[id, default: []].append(Value(periodStart: start, periodEnd: end, display: display, value: value,
                                                     numerator: exact ? numerator : nil, denominator: exact ? denominator : nil,
                                                     source: try row.decode(column: "source", as: String?.self), sourceDate: try row.decode(column: "source_date", as: String?.self),
                                                     definition: definition, computedAt: try row.decode(column: "computed_at", as: Date?.self)))
            }
        }
        if published {
            // a year beside its quarters would give a hidden quarter away by subtraction: a published
            // figure shows its computed values at one granularity only, the coarsest it holds
            for (id, list) in values {
                let months = list.filter { $0.definition != nil }.map { Self.months($0) }
                guard let coarsest = months.max(), Set(months).count > 1 else { continue }
                values[id] = list.filter { $0.definition == nil || Self.months($0) == coarsest }
            }
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            let symbol = try row.decode(column: "document_symbol", as: String?.self)
            return Indicator(id: id, title: try row.decode(column: "title", as: String.self), recommendationID: try row.decode(column: "recommendation_id", as: UUID?.self),
                             recommendation: try symbol.map { "\($0) ¶\(try row.decode(column: "paragraph", as: String.self))" },
                             cluster: try row.decode(column: "cluster", as: String?.self), figure: try row.decode(column: "figure", as: String?.self),
                             unit: try row.decode(column: "unit", as: String?.self), values: values[id] ?? [])
        }
    }
}
