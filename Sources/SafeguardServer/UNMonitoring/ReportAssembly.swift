import Foundation
import SafeguardCore
import SQLKit

/// An alternative report put together for printing or for Word, in the report's own language
/// (not the reader's): each section that holds anything, with the recommendations it follows up,
/// the State's claims, the findings, the indicators' values as they are now, and the children's
/// views they agreed to have quoted. Figures are always shown as a published figure is: small
/// counts hidden, whoever prints it.
enum ReportAssembly {
    /// The report as it leaves the organisation, printed or in Word: each export is in the access log.
    static func exported(_ id: UUID, by caller: Caller) async throws -> ReportDocument {
        let document = try await document(id, by: caller)
        try await caller.write { db in
            try await AuditLog.append([.init(verb: .export, recordType: "un_report", recordID: id.uuidString)], by: caller.actor, on: db)
        }
        return document
    }

    static func document(_ id: UUID, by caller: Caller) async throws -> ReportDocument {
        let report = try await AlternativeReports.get(id, by: caller)
        let s = Strings(locale: report.language), db = caller.app.sql, organisation = caller.actor.organisationID
        let indicators = try await Indicators.list(ids: report.sections.flatMap { $0.figures.map(\.indicatorID) }, published: true, by: caller)
        let byID = Dictionary(uniqueKeysWithValues: indicators.map { ($0.id, $0) })
        let cited = try await recommendations(report.sections.flatMap(\.recommendationIDs), language: report.language, organisation: organisation, s, on: db)
        let children = report.audience == AlternativeReports.Audience.children.rawValue
        var blocks: [ReportDocument.Block] = []
        for section in report.sections {
            let quotes = section.quoteChildren ? try await quotes(section.cluster, organisation: organisation, s, on: db) : []
            guard !section.stateClaims.isEmpty && !children || !section.findings.isEmpty || !section.recommendationIDs.isEmpty || !section.figures.isEmpty || !quotes.isEmpty
            else { continue }
            blocks.append(.heading(level: 1, text: s["monitoring.cluster." + section.cluster]))
            if !section.recommendationIDs.isEmpty {
                blocks.append(.heading(level: 2, text: s["monitoring.report.followsUp"]))
                blocks.append(.list(section.recommendationIDs.compactMap { cited[$0] }))
            }
            if !section.stateClaims.isEmpty && !children {
                blocks += [.heading(level: 2, text: s["monitoring.report.stateClaims"]), .text(section.stateClaims)]
            }
            if !section.findings.isEmpty {
                blocks += [.heading(level: 2, text: s[children ? "monitoring.report.childrenFindings" : "monitoring.report.findings"]), .text(section.findings)]
            }
            for figure in section.figures {
                guard let indicator = byID[figure.indicatorID] else { continue }
                blocks.append(figure.presentation == AlternativeReports.Presentation.chart.rawValue ? .chart(chart(indicator, s)) : .table(table(indicator, s)))
            }
            if !quotes.isEmpty {
                blocks.append(.heading(level: 2, text: s["monitoring.report.childrenSay"]))
                blocks += quotes.map { .quote($0) }
            }
        }
        return ReportDocument(title: report.title, language: report.language, created: report.updatedAt, blocks: blocks)
    }

    /// `CRC/C/CHN/CO/5-6 ¶ 32 (2026; Partially implemented): text`, in the report's language where the text is held in it.
    static func recommendations(_ ids: [UUID], language: String, organisation: UUID, _ s: Strings, on db: any SQLDatabase) async throws -> [UUID: String] {
        var lines: [UUID: String] = [:]
        for chunk in Array(Set(ids)).chunked(into: 500) {
            for r in try await db.raw("""
                SELECT r.id, r.document_symbol, r.paragraph, r.year, r.status, r.language, r.text, t.text AS translated FROM un_recommendations r
                LEFT JOIN un_recommendation_texts t ON t.recommendation_id = r.id AND t.language = \(bind: language)
                WHERE r.organisation_id = \(bind: organisation) AND r.id IN \(SQLGroupExpression(chunk.map { SQLBind($0) }))
                """).all() {
                let text = try r.decode(column: "translated", as: String?.self) ?? r.decode(column: "text", as: String.self)
                lines[try r.decode(column: "id", as: UUID.self)] = """
                    \(try r.decode(column: "document_symbol", as: String.self)) ¶ \(try r.decode(column: "paragraph", as: String.self)) \
                    (\(try r.decode(column: "year", as: Int.self)); \(s["monitoring.status." + (try r.decode(column: "status", as: String.self))])): \(text)
                    """
            }
        }
        return lines
    }

    /// The cluster's views from consultations where the children and their guardians consented,
    /// each that its child agreed to have quoted, with the age band and never more.
    static func quotes(_ cluster: String, organisation: UUID, _ s: Strings, on db: any SQLDatabase) async throws -> [String] {
        try await db.raw("""
            SELECT v.view, v.age_band FROM un_child_views v JOIN un_consultations c ON c.id = v.consultation_id
            WHERE c.organisation_id = \(bind: organisation) AND v.cluster = \(bind: cluster) AND v.may_quote = \(bind: true)
            AND c.child_consent = \(bind: true) AND c.guardian_consent = \(bind: true) ORDER BY c.held_on, v.created_at LIMIT 50
            """).all().map {
            s.format("monitoring.report.quote", ["view": try $0.decode(column: "view", as: String.self),
                                                 "band": s["monitoring.children.band." + (try $0.decode(column: "age_band", as: String.self))]])
        }
    }

    /// `2025`, `2025 Q2`, `2025-03`, or the first and last days of any other period.
    static func periodLabel(_ start: String, _ end: String, _ s: Strings) -> String {
        let range = s.format("monitoring.report.range", ["from": start, "to": end])
        guard let first = CivilDay(start), let last = CivilDay(end) else { return range }
        if Indicators.calendarPeriod((first, last)) {
            let months = last.month - first.month + 1
            if months == 12 { return "\(first.year)" }
            if months == 3 { return s.format("monitoring.report.quarter", ["year": "\(first.year)", "quarter": "\((first.month - 1) / 3 + 1)"]) }
            return String(start.prefix(7))
        }
        return range
    }

    /// Where the values come from: the figure's definition and when it was computed, or the source given by hand.
    static func note(_ indicator: Indicators.Indicator, _ s: Strings) -> String {
        guard let newest = indicator.values.max(by: { ($0.computedAt ?? .distantPast) < ($1.computedAt ?? .distantPast) }) else { return s["monitoring.report.noValues"] }
        if let definition = newest.definition, let computed = newest.computedAt {
            return s.format("monitoring.report.computedNote", ["definition": definition, "date": String(ISO8601DateFormatter().string(from: computed).prefix(10))])
        }
        let sources = Array(Set(indicator.values.compactMap { v in v.source.map { $0 + (v.sourceDate.map { " (\($0))" } ?? "") } })).sorted()
        return s.format("monitoring.report.sourceNote", ["source": sources.joined(separator: "; ")])
    }

    static func table(_ indicator: Indicators.Indicator, _ s: Strings) -> ReportDocument.Table {
        ReportDocument.Table(caption: indicator.title, columns: [s["monitoring.report.period"], s["monitoring.report.value"] + (indicator.unit.map { " (\($0))" } ?? "")],
                             rows: indicator.values.reversed().map { [periodLabel($0.periodStart, $0.periodEnd, s), $0.display] }, note: note(indicator, s))
    }

    /// The bars are drawn from what the table shows, so a chart can never tell more than the table
    /// beside it: a hidden count is a gap, a share is its percentage.
    static func chart(_ indicator: Indicators.Indicator, _ s: Strings) -> ReportDocument.Chart {
        ReportDocument.Chart(caption: indicator.title, series: indicator.unit ?? indicator.title, bars: indicator.values.reversed().map { value in
            let shown = value.value ?? Double(value.display.prefix { $0 != "%" && $0 != " " })
            return ReportDocument.Bar(label: periodLabel(value.periodStart, value.periodEnd, s), value: shown, display: value.display)
        }, note: note(indicator, s))
    }
}
