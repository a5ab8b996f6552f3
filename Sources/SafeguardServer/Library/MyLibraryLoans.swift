import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// A colleague's own reading: the loans of the reader cards linked to their account. Only they
/// see it; returned loans forget their reader after `LoanRule.anonymiseAfterDays`, so the list
/// holds what is out now and what came back lately.
enum MyLibraryLoans {
    struct Line: Content {
        var title: String
        var barcode: String
        var loanedAt: Date
        var dueOn: String
        var returnedAt: Date?
        /// Ended because the copy was lost, not brought back.
        var lost: Bool
    }

    static func lines(by caller: Caller) async throws -> [Line] {
        let userID = caller.actor.userID
        return try await caller.auditedRead { db in
            let rows = try await db.raw("""
                SELECT l.id, t.title, c.barcode, l.loaned_at, l.due_on, l.returned_at,
                CASE WHEN c.status = 'lost' AND l.returned_at IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM library_loans n WHERE n.copy_id = l.copy_id AND n.loaned_at > l.loaned_at) THEN 1 ELSE 0 END AS lost
                FROM library_readers r
                JOIN library_loans l ON l.reader_id = r.id JOIN library_copies c ON c.id = l.copy_id JOIN library_titles t ON t.id = c.title_id
                WHERE r.user_id = \(bind: userID) ORDER BY l.returned_at IS NOT NULL, l.loaned_at DESC LIMIT 500
                """).all()
            let lines = try rows.map { r in
                Line(title: try r.decode(column: "title", as: String.self), barcode: try r.decode(column: "barcode", as: String.self),
                     loanedAt: try r.decode(column: "loaned_at", as: Date.self), dueOn: try r.decode(column: "due_on", as: String.self),
                     returnedAt: try r.decode(column: "returned_at", as: Date?.self), lost: try r.decode(column: "lost", as: Int.self) == 1)
            }
            return Audited(lines, try rows.map { .init(verb: .read, recordType: "library_loan", recordID: try $0.decode(column: "id", as: UUID.self).uuidString) })
        }
    }

    @Sendable static func json(req: Request) async throws -> [Line] { try await lines(by: try req.caller()) }

    @Sendable static func page(req: Request) async throws -> HTML {
        let s = req.strings
        let lines = try await lines(by: try req.caller())
        let rows: [HTML] = lines.map { l in
            "<tr><td>\(l.title)</td><td>\(l.barcode)</td><td>\(Layout.date(l.loanedAt))</td><td>\(l.dueOn)</td><td>\(l.lost ? s["library.copyStatus.lost"] : l.returnedAt.map(Layout.date) ?? s["library.stillOut"])</td></tr>"
        }
        return Layout.page(s["library.myLoans"], req, """
            <p>\(s["library.myLoansExplained"])</p>
            \(lines.isEmpty ? "<p>\(s["library.noLoans"])</p>" : """
            <table><caption>\(s["library.myLoans"])</caption><thead><tr><th scope="col">\(s["library.field.title"])</th><th scope="col">\(s["library.field.barcode"])</th>
            <th scope="col">\(s["library.loanedAt"])</th><th scope="col">\(s["library.dueOn"])</th><th scope="col">\(s["library.returnedAt"])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """ as HTML)
            """)
    }
}
