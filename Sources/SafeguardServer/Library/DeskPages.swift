import Foundation
import SafeguardCore
import Vapor

/// The circulation desk, built for a USB barcode scanner (it types the code and Enter): lending
/// takes a card and a barcode, a return one barcode. Each answer says what happened and what to
/// do with the copy next (back to the shelf, or onto the hold shelf for the next reader).
enum DeskPages {
    struct DeskForm: Content { var action: String?; var cardNumber: String?; var barcode: String?; var status: String?; var condition: String? }

    static let places: FormKit.Places = [
        "cardNumber": ("d-card", "library.field.card"), "barcode": ("d-barcode", "library.field.barcode"),
        "kind": ("r-kind", "library.field.readerKind"), "name": ("r-name", "library.field.readerName"), "contact": ("r-contact", "library.field.contact"),
        "expiresOn": ("r-expires", "library.field.expiresOn"), "username": ("r-username", "library.field.username"), "titleID": ("h-card", "library.field.title"), "location": ("c-location", "library.field.location"),
    ]
    static let readerPlaces: FormKit.Places = places.merging(["cardNumber": ("r-card", "library.field.card")]) { $1 }
    static let returnPlaces: FormKit.Places = places.merging(["barcode": ("d-return-barcode", "library.field.barcode")]) { $1 }
    static let upkeepPlaces: FormKit.Places = places.merging(["barcode": ("u-barcode", "library.field.barcode"), "status": ("u-status", "library.field.status"), "condition": ("u-condition", "library.field.condition"),
                                                              "cardNumber": ("u-card", "library.field.card")]) { $1 }

    @Sendable static func desk(req: Request) async throws -> HTML {
        page(req, done: nil, lend: DeskForm(), errors: [], returnErrors: [], readerErrors: [])
    }

    static func page(_ req: Request, done: String?, lend: DeskForm, errors: [FieldError], returnErrors: [FieldError], readerErrors: [FieldError],
                     reader: LibraryCirculation.ReaderInput = .init(), upkeepErrors: [FieldError] = []) -> HTML {
        let s = req.strings
        // a scanner types into whatever has the focus: after a refused scan it is back on the field
        // to scan again (the reader's card kept), never on the message, which the alert role reads out
        let focus = errors.contains(where: { $0.field == "cardNumber" }) ? "d-card" : !returnErrors.isEmpty ? "d-return-barcode" : !upkeepErrors.isEmpty ? "u-barcode" : !readerErrors.isEmpty ? "r-card"
            : lend.cardNumber != nil ? "d-barcode" : "d-card"
        func autofocus(_ id: String) -> HTML { id == focus ? " autofocus" : "" }
        let kinds = Layout.select("kind", label: s["library.field.readerKind"], options: ReaderKind.allCases.map(\.rawValue), labelPrefix: "library.readerKind.",
                                  selected: reader.kind, strings: s, emptyKey: "common.choose", required: true, id: "r-kind")
        return Layout.page(s["library.deskTitle"], req, """
            \(done.map { "<div class=\"flash\" role=\"status\"><p>\($0)</p></div>" as HTML } ?? "")
            <p>\(s["library.deskExplained"])</p>
            <section aria-labelledby="lend"><h2 id="lend">\(s["library.lend"])</h2>
            \(FormKit.errorSummary(errors, places: places, s, focus: false))
            <form method="post" action="\(LibraryPaths.desk())">\(Layout.csrfField(req))<input type="hidden" name="action" value="lend">
            <label for="d-card">\(s["library.field.card"])</label><input type="text" id="d-card" name="cardNumber" value="\(lend.cardNumber ?? "")" maxlength="40" autocomplete="off"\(autofocus("d-card")) required>
            <label for="d-barcode">\(s["library.field.barcode"])</label><input type="text" id="d-barcode" name="barcode" maxlength="40" autocomplete="off"\(autofocus("d-barcode")) required>
            <p><button type="submit">\(s["library.lendButton"])</button></p></form></section>
            <section aria-labelledby="return"><h2 id="return">\(s["library.returnOrRenew"])</h2>
            \(FormKit.errorSummary(returnErrors, places: returnPlaces, s, focus: false))
            <form method="post" action="\(LibraryPaths.desk())">\(Layout.csrfField(req))
            <label for="d-return-barcode">\(s["library.field.barcode"])</label><input type="text" id="d-return-barcode" name="barcode" maxlength="40" autocomplete="off"\(autofocus("d-return-barcode")) required>
            <p><button type="submit" name="action" value="return">\(s["library.returnButton"])</button>
            <button type="submit" name="action" value="renew">\(s["library.renewButton"])</button></p></form></section>
            <section aria-labelledby="reader"><h2 id="reader">\(s["library.newReader"])</h2>
            \(FormKit.errorSummary(readerErrors, places: readerPlaces, s, focus: false))
            <form method="post" action="\(LibraryPaths.readers())">\(Layout.csrfField(req))
            <label for="r-card">\(s["library.field.card"])</label><input type="text" id="r-card" name="cardNumber" value="\(reader.cardNumber ?? "")" maxlength="40" autocomplete="off"\(autofocus("r-card")) required>
            \(kinds)
            <label for="r-name">\(s["library.field.readerName"])</label><input type="text" id="r-name" name="name" value="\(reader.name ?? "")" maxlength="200" autocomplete="off" required>
            <label for="r-contact">\(s["library.field.contact"])</label><input type="text" id="r-contact" name="contact" value="\(reader.contact ?? "")" maxlength="200" autocomplete="off">
            <label for="r-expires">\(s["library.field.expiresOn"])</label><input type="date" id="r-expires" name="expiresOn" value="\(reader.expiresOn ?? "")" required>
            <label for="r-username">\(s["library.field.username"])</label><input type="text" id="r-username" name="username" value="\(reader.username ?? "")" maxlength="100" autocomplete="off">
            <p><button type="submit">\(s["common.save"])</button></p></form></section>
            <section aria-labelledby="upkeep"><h2 id="upkeep">\(s["library.upkeep"])</h2>
            \(FormKit.errorSummary(upkeepErrors, places: upkeepPlaces, s, focus: false))
            <form method="post" action="\(LibraryPaths.desk())">\(Layout.csrfField(req))<input type="hidden" name="action" value="status">
            <label for="u-barcode">\(s["library.field.barcode"])</label><input type="text" id="u-barcode" name="barcode" maxlength="40" autocomplete="off"\(autofocus("u-barcode")) required>
            \(Layout.select("status", label: s["library.field.status"], options: LibraryUpkeep.settable.map(\.rawValue), labelPrefix: "library.copyStatus.",
                            selected: nil, strings: s, emptyKey: "common.choose", required: true, id: "u-status"))
            <label for="u-condition">\(s["library.field.condition"])</label><input type="text" id="u-condition" name="condition" maxlength="200" autocomplete="off">
            <p><button type="submit">\(s["library.setStatus"])</button></p></form>
            <form method="post" action="\(LibraryPaths.desk())">\(Layout.csrfField(req))
            <label for="u-card">\(s["library.field.card"])</label><input type="text" id="u-card" name="cardNumber" maxlength="40" autocomplete="off" required>
            <p><button type="submit" name="action" value="block">\(s["library.block"])</button>
            <button type="submit" name="action" value="unblock">\(s["library.unblock"])</button></p></form></section>
            """)
    }

    static func answer(_ req: Request, _ html: HTML, failed: Bool) async throws -> Response {
        let response = try await html.encodeResponse(for: req)
        if failed { response.status = .unprocessableEntity }
        return response
    }

    /// Lend, return or renew; the page comes back saying what happened.
    @Sendable static func act(req: Request) async throws -> Response {
        let s = req.strings, form = try req.content.decode(DeskForm.self), caller = try req.caller()
        let input = LibraryCirculation.DeskInput(cardNumber: form.cardNumber, barcode: form.barcode)
        do {
            let done: String
            switch form.action {
            case "lend":
                let loan = try await LibraryCirculation.lend(input, by: caller)
                done = s.format("library.lent", ["title": loan.title, "due": loan.dueOn])
            case "renew":
                let loan = try await LibraryCirculation.renew(input, by: caller)
                done = s.format("library.renewed", ["title": loan.title, "due": loan.dueOn])
            case "status":
                let changed = try await LibraryUpkeep.setStatus(.init(barcode: form.barcode, status: form.status, condition: form.condition), by: caller)
                done = changed.heldForCard.map { s.format("library.statusHeld", ["barcode": changed.barcode, "card": $0]) }
                    ?? s.format("library.statusSet", ["barcode": changed.barcode, "status": s["library.copyStatus." + changed.status]])
            case "block", "unblock":
                let standing = try await LibraryUpkeep.setStanding(.init(cardNumber: form.cardNumber, blocked: form.action == "block"), by: caller)
                done = s.format(standing.blocked ? "library.readerBlocked" : "library.readerUnblocked", ["card": standing.cardNumber])
            case "return":
                let back = try await LibraryCirculation.giveBack(input, by: caller)
                done = (back.heldForCard.map { s.format("library.returnedHeld", ["title": back.title, "card": $0, "until": back.pickUpBy ?? ""]) }
                        ?? s.format("library.returned", ["title": back.title]))
                    + (back.overdueDays > 0 ? " " + s.format("library.returnedLate", ["days": String(back.overdueDays)]) : "")
            default:
                throw AppError.invalid("action", "choose lend, return or renew")
            }
            // the card stays for the reader's next item
            return try await answer(req, page(req, done: done, lend: DeskForm(cardNumber: form.action == "lend" ? form.cardNumber : nil),
                                              errors: [], returnErrors: [], readerErrors: []), failed: false)
        } catch {
            guard let problems = FormKit.problems(error) else { throw error }
            let lending = form.action == "lend", upkeep = ["status", "block", "unblock"].contains(form.action ?? "")
            return try await answer(req, page(req, done: nil, lend: lending ? form : DeskForm(), errors: lending ? problems : [],
                                              returnErrors: lending || upkeep ? [] : problems, readerErrors: [], upkeepErrors: upkeep ? problems : []), failed: true)
        }
    }

    @Sendable static func registerReader(req: Request) async throws -> Response {
        let s = req.strings, input = try req.content.decode(LibraryCirculation.ReaderInput.self)
        do {
            _ = try await LibraryCirculation.registerReader(input, by: try req.caller())
            return try await answer(req, page(req, done: s.format("library.readerSaved", ["card": input.cardNumber?.trimmedWhitespace ?? ""]),
                                              lend: DeskForm(cardNumber: input.cardNumber?.trimmedWhitespace), errors: [], returnErrors: [], readerErrors: []),
                                    failed: false)
        } catch {
            guard let problems = FormKit.problems(error) else { throw error }
            return try await answer(req, page(req, done: nil, lend: DeskForm(), errors: [], returnErrors: [], readerErrors: problems, reader: input), failed: true)
        }
    }

    struct HoldForm: Content { var titleID: UUID?; var cardNumber: String? }

    @Sendable static func placeHold(req: Request) async throws -> Response {
        let form = try req.content.decode(HoldForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let hold = try await LibraryCirculation.placeHold(.init(titleID: form.titleID, cardNumber: form.cardNumber), by: try req.caller())
            return Pages.seeOther("\(LibraryPaths.title(form.titleID!))?held=\(hold.position)" + (hold.fromTheShelf.map { "&shelf=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") } ?? ""))
        }, show: { try await LibraryPages.titlePage(req, id: form.titleID ?? UUID(), holdErrors: $0, copyErrors: []) })
    }

    @Sendable static func addCopy(req: Request) async throws -> Response {
        let id = try req.uuid("titleID"), input = try req.content.decode(LibraryCirculation.CopyInput.self)
        return try await FormKit.saveOrShow(req, save: {
            _ = try await LibraryCirculation.addCopy(titleID: id, input, by: try req.caller())
            return Pages.seeOther(LibraryPaths.title(id))
        }, show: { try await LibraryPages.titlePage(req, id: id, holdErrors: [], copyErrors: $0) })
    }

    // MARK: the API

    @Sendable static func addCopyJSON(req: Request) async throws -> Response {
        try await LibraryCirculation.addCopy(titleID: try req.uuid("titleID"), try req.content.decode(LibraryCirculation.CopyInput.self), by: try req.caller()).created(for: req)
    }

    @Sendable static func registerReaderJSON(req: Request) async throws -> Response {
        try await LibraryCirculation.registerReader(try req.content.decode(LibraryCirculation.ReaderInput.self), by: try req.caller()).created(for: req)
    }

    @Sendable static func lendJSON(req: Request) async throws -> Response {
        try await LibraryCirculation.lend(try req.content.decode(LibraryCirculation.DeskInput.self), by: try req.caller()).created(for: req)
    }

    @Sendable static func giveBackJSON(req: Request) async throws -> LibraryCirculation.Returned {
        try await LibraryCirculation.giveBack(try req.content.decode(LibraryCirculation.DeskInput.self), by: try req.caller())
    }

    @Sendable static func renewJSON(req: Request) async throws -> LibraryCirculation.Loan {
        try await LibraryCirculation.renew(try req.content.decode(LibraryCirculation.DeskInput.self), by: try req.caller())
    }

    @Sendable static func copyStatusJSON(req: Request) async throws -> LibraryUpkeep.CopyStatusChanged {
        try await LibraryUpkeep.setStatus(try req.content.decode(LibraryUpkeep.CopyStatusInput.self), by: try req.caller())
    }

    @Sendable static func standingJSON(req: Request) async throws -> LibraryUpkeep.Standing {
        try await LibraryUpkeep.setStanding(try req.content.decode(LibraryUpkeep.StandingInput.self), by: try req.caller())
    }

    @Sendable static func holdJSON(req: Request) async throws -> Response {
        try await LibraryCirculation.placeHold(try req.content.decode(LibraryCirculation.HoldInput.self), by: try req.caller()).created(for: req)
    }
}
