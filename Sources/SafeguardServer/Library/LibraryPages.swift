import Foundation
import SafeguardCore
import Vapor

/// The library's pages: the public catalogue (search, filters, a title) and the librarian's
/// catalogue (a title typed in, a MARC file imported, the catalogue exported), and their API.
enum LibraryPages {
    /// The new-title form as the browser posts it: lists one per line.
    struct TitleForm: Content {
        var title: String?, subtitle: String?, responsibility: String?, authors: String?, edition: String?, publisher: String?, place: String?
        var year: String?, extent: String?, isbns: String?, issn: String?, series: String?, languages: [String]?, otherLanguage: String?
        var subjects: String?, summary: String?, link: String?, format: String?, audiences: [String]?
        /// Category codes, between commas or spaces.
        var categories: String?

        var input: LibraryCatalogue.TitleInput {
            func lines(_ text: String?) -> [String] { (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmedWhitespace }.filter { !$0.isEmpty } }
            // several ISBNs in one line, between commas or semicolons (spaces may group an ISBN's digits)
            let isbnList = (isbns ?? "").split { $0.isNewline || $0 == "," || $0 == ";" }.map { $0.trimmedWhitespace }.filter { !$0.isEmpty }
            let typedYear = year?.trimmed ?? ""
            return .init(title: title, subtitle: subtitle, responsibility: responsibility, authors: lines(authors).map { .init(name: $0, corporate: false, role: nil) },
                         edition: edition, publisher: publisher, place: place,
                         // a year that does not read as one is out of range, and said so
                         year: typedYear.isEmpty ? nil : Int(typedYear) ?? 0, extent: extent, isbns: isbnList, issn: issn, series: series,
                         languages: (languages ?? []) + [otherLanguage ?? ""], subjects: lines(subjects), summary: summary, link: link, format: format,
                         audiences: audiences, categories: (categories ?? "").split { $0 == "," || $0.isWhitespace }.map(String.init))
        }
    }

    static let places: FormKit.Places = [
        "title": ("l-title", "library.field.title"), "subtitle": ("l-subtitle", "library.field.subtitle"), "authors": ("l-authors", "library.field.authors"),
        "responsibility": ("l-responsibility", "library.field.responsibility"), "edition": ("l-edition", "library.field.edition"),
        "publisher": ("l-publisher", "library.field.publisher"), "place": ("l-place", "library.field.place"), "year": ("l-year", "library.field.year"),
        "extent": ("l-extent", "library.field.extent"), "isbns": ("l-isbns", "library.field.isbns"), "issn": ("l-issn", "library.field.issn"),
        "series": ("l-series", "library.field.series"), "languages": ("l-languages", "library.field.languages"), "subjects": ("l-subjects", "library.field.subjects"),
        "summary": ("l-summary", "library.field.summary"), "link": ("l-link", "library.field.link"), "format": ("l-format", "library.field.format"),
        "audiences": ("l-audiences", "library.field.audiences"), "file": ("l-file", "library.field.file"), "records": ("l-file", "library.field.file"),
        "categories": ("l-categories", "library.field.categories"), "rows": ("l-file", "library.field.file"),
    ]

    static let languageChoices = ["mn", "en", "zh"]

    // MARK: the public catalogue

    @Sendable static func search(req: Request) async throws -> Response {
        let s = req.strings
        let query = try req.query.decode(LibraryCatalogue.Query.self)
        let found: LibraryCatalogue.Found
        var errors: [FieldError] = []
        do { found = try await LibraryCatalogue.search(query, alphabet: req.strings.languageCode, on: req.sql) } catch {
            guard let problems = FormKit.problems(error) else { throw error }
            errors = problems
            found = .init(items: [], hasMore: false)
        }
        let rows: [HTML] = found.items.map { line in
            let details = [line.authors, line.year.map(String.init) ?? "", line.languages.map { s.language($0) }.joined(separator: ", "),
                           s["library.format." + line.format], line.organisationName].filter { !$0.isEmpty }.joined(separator: " · ")
            return "<li><a href=\"\(LibraryPaths.title(line.id))\">\(line.title)</a><br><span class=\"hint\">\(details)</span></li>"
        }
        let searched = query.q?.trimmed != nil || query.language != nil || query.format != nil || query.audience != nil || query.available == true || query.category != nil
        let results: HTML = found.items.isEmpty ? "<p>\(s[searched ? "library.noneFound" : "library.empty"])</p>" : """
            <h2 id="results">\(s["library.results"])</h2><ol class="results">\(rows)</ol>
            \(Layout.pager(LibraryPaths.search(), filters: [("q", query.q), ("language", query.language), ("format", query.format), ("audience", query.audience),
                                                          ("available", query.available == true ? "true" : nil), ("category", query.category?.uuidString)],
                           page: query.page ?? 1, hasMore: found.hasMore, strings: s))
            """
        let page = Layout.page(s["library.searchTitle"], req, """
            <p>\(s["library.searchExplained"]) <a href="\(LibraryPaths.categories())">\(s["library.browse"])</a>\(req.actorIfSignedIn == nil ? "" : " · <a href=\"\(LibraryPaths.myLoans())\">\(s["library.myLoans"])</a>" as HTML)</p>
            \(FormKit.errorSummary(errors, places: ["q": ("l-q", "library.query"), "language": ("l-language", "library.field.languages"), "page": ("l-q", "library.query")], s))
            <form method="get" action="\(LibraryPaths.search())" role="search">
            <label for="l-q">\(s["library.query"])</label><input type="search" id="l-q" name="q" value="\(query.q ?? "")" maxlength="200" aria-describedby="l-q-hint">
            <p class="hint" id="l-q-hint">\(s["library.queryHint"])</p>
            \(Layout.select("language", label: s["library.field.languages"], options: languageChoices, labelPrefix: "language.", selected: query.language, strings: s, id: "l-language"))
            \(Layout.select("format", label: s["library.field.format"], options: LibraryFormat.allCases.map(\.rawValue), labelPrefix: "library.format.",
                            selected: query.format, strings: s, id: "l-format"))
            \(Layout.select("audience", label: s["library.field.audiences"], options: LibraryAudience.allCases.map(\.rawValue), labelPrefix: "library.audience.",
                            selected: query.audience, strings: s, id: "l-audience"))
            \(query.category.map { "<input type=\"hidden\" name=\"category\" value=\"\($0.uuidString)\"><p>\(s["library.inCategory"]) <a href=\"\(LibraryPaths.search())\">\(s["library.allCategories"])</a></p>" } ?? "" as HTML)
            <p><span class="check"><input type="checkbox" id="l-available" name="available" value="true"\(query.available == true ? " checked" : "" as HTML)>
            <label for="l-available">\(s["library.availableNow"])</label></span></p>
            <p><button type="submit">\(s["library.find"])</button></p></form>
            \(results)
            """)
        let response = try await page.encodeResponse(for: req)
        if !errors.isEmpty { response.status = .unprocessableEntity }
        return response
    }

    @Sendable static func title(req: Request) async throws -> HTML {
        try await titlePage(req, id: try req.uuid("titleID"), holdErrors: [], copyErrors: [])
    }

    /// A title for readers: its details and where its copies are; for a librarian of the library
    /// that holds it, the forms to add a copy and to place a hold for a reader.
    static func titlePage(_ req: Request, id: UUID, holdErrors: [FieldError], copyErrors: [FieldError]) async throws -> HTML {
        let s = req.strings
        let title = try await LibraryCatalogue.title(id, on: req.sql)
        let e = title.entry
        let copies: [HTML] = title.copies.map { c in
            "<tr><td>\(c.barcode)</td><td>\(c.location ?? "")</td><td>\(s["library.copyStatus." + c.status])</td><td>\(c.condition ?? "")</td></tr>"
        }
        let copyTable: HTML = copies.isEmpty ? "<p>\(s["library.noCopies"])</p>" : """
            <table><caption>\(s["library.copies"])</caption><thead><tr><th scope="col">\(s["library.field.barcode"])</th>
            <th scope="col">\(s["library.field.location"])</th><th scope="col">\(s["library.field.status"])</th><th scope="col">\(s["library.field.condition"])</th></tr></thead>
            <tbody>\(copies)</tbody></table>
            <p>\(s.format("library.waiting", ["count": String(title.holds)]))</p>
            """
        var keeping: HTML = ""
        if let actor = req.actorIfSignedIn, AccessPolicy.allows(actor.roles, .libraryManage),
           try await req.sql.raw("SELECT id FROM library_titles WHERE id = \(bind: id) AND organisation_id = \(bind: actor.organisationID)").first() != nil {
            keeping = """
                <section aria-labelledby="add-copy"><h2 id="add-copy">\(s["library.addCopy"])</h2>
                \(FormKit.errorSummary(copyErrors, places: ["barcode": ("c-barcode", "library.field.barcode"), "location": ("c-location", "library.field.location"),
                                                          "condition": ("c-condition", "library.field.condition")], s))
                <form method="post" action="\(LibraryPaths.titleCopies(id))">\(Layout.csrfField(req))
                <label for="c-barcode">\(s["library.field.barcode"])</label><input type="text" id="c-barcode" name="barcode" maxlength="40" autocomplete="off" required>
                <label for="c-location">\(s["library.field.location"])</label><input type="text" id="c-location" name="location" maxlength="100">
                <label for="c-condition">\(s["library.field.condition"])</label><input type="text" id="c-condition" name="condition" maxlength="200">
                <p><button type="submit">\(s["common.save"])</button></p></form></section>
                <section aria-labelledby="hold"><h2 id="hold">\(s["library.placeHold"])</h2>
                \(FormKit.errorSummary(holdErrors, places: ["cardNumber": ("h-card", "library.field.card"), "titleID": ("h-card", "library.field.card")], s))
                <form method="post" action="\(LibraryPaths.holds())">\(Layout.csrfField(req))<input type="hidden" name="titleID" value="\(id.uuidString)">
                <label for="h-card">\(s["library.field.card"])</label><input type="text" id="h-card" name="cardNumber" maxlength="40" autocomplete="off" required>
                <p><button type="submit">\(s["library.placeHoldButton"])</button></p></form></section>
                """
        }
        func row(_ key: String, _ value: String?) -> HTML {
            guard let value, !value.isEmpty else { return "" }
            return "<tr><th scope=\"row\">\(s[key])</th><td>\(value)</td></tr>"
        }
        let authors = e.authors.map { $0.name + ($0.role.map { " (\($0))" } ?? "") }.joined(separator: "; ")
        let publication = [e.place, e.publisher, e.year.map(String.init)].compactMap { $0 }.joined(separator: " : ")
        let link: HTML = e.link.map { "<tr><th scope=\"row\">\(s["library.field.link"])</th><td><a href=\"\($0)\" rel=\"noopener noreferrer\">\($0)</a></td></tr>" } ?? ""
        let shelf = req.query[String.self, at: "shelf"].flatMap { barcode in title.copies.contains { $0.barcode == barcode } ? barcode : nil }
        let held = req.query[Int.self, at: "held"].map { position in
            shelf.map { s.format("library.heldFromShelf", ["barcode": $0]) } ?? s.format("library.held", ["position": String(position)])
        }
        return Layout.page(e.title, req, flash: held, """
            \(e.subtitle.map { "<p class=\"subtitle\">\($0)</p>" as HTML } ?? "")
            <table><caption>\(s["library.details"])</caption><tbody>
            \(row("library.field.authors", authors))\(row("library.field.responsibility", e.responsibility))\(row("library.field.edition", e.edition))
            \(row("library.publication", publication))\(row("library.field.extent", e.extent))\(row("library.field.series", e.series))
            \(row("library.field.isbns", e.isbns.joined(separator: ", ")))\(row("library.field.issn", e.issn))
            \(row("library.field.languages", e.languages.map { s.language($0) }.joined(separator: ", ")))
            \(row("library.field.subjects", e.subjects.joined(separator: "; ")))\(row("library.field.format", s["library.format." + e.format.rawValue]))
            \(row("library.field.audiences", title.audiences.map { s["library.audience." + $0] }.joined(separator: ", ")))
            \(row("library.heldBy", title.organisationName))\(link)
            </tbody></table>
            \(e.summary.map { "<h2>\(s["library.field.summary"])</h2><p>\($0)</p>" as HTML } ?? "")
            <h2>\(s["library.copies"])</h2>\(copyTable)
            \(keeping)
            <p><a href="\(LibraryPaths.search())">\(s["library.backToSearch"])</a></p>
            """)
    }

    // MARK: the librarian's catalogue

    @Sendable static func catalogue(req: Request) async throws -> HTML {
        catalogueForm(req, TitleForm(format: LibraryFormat.book.rawValue), errors: [], importErrors: [])
    }

    static func catalogueForm(_ req: Request, _ form: TitleForm, errors: [FieldError], importErrors: [FieldError]) -> HTML {
        let s = req.strings
        func field(_ name: String, _ value: String?, type: String = "text", extra: HTML = "") -> HTML {
            let place = places[name]!
            return "<label for=\"\(place.id)\">\(s[place.label])</label><input type=\"\(type)\" id=\"\(place.id)\" name=\"\(name)\" value=\"\(value ?? "")\"\(extra)>"
        }
        func area(_ name: String, _ value: String?, rows: Int, hint: String? = nil) -> HTML {
            let place = places[name]!
            let described: HTML = hint == nil ? "" : " aria-describedby=\"\(place.id)-hint\""
            return """
                <label for="\(place.id)">\(s[place.label])</label><textarea id="\(place.id)" name="\(name)" rows="\(rows)"\(described)>\(value ?? "")</textarea>
                \(hint.map { "<p class=\"hint\" id=\"\(place.id)-hint\">\(s[$0])</p>" as HTML } ?? "")
                """
        }
        let languages: [HTML] = languageChoices.map { code in
            let checked: HTML = (form.languages ?? []).contains(code) ? " checked" : ""
            return "<span class=\"check\"><input type=\"checkbox\" id=\"l-language-\(code)\" name=\"languages[]\" value=\"\(code)\"\(checked)> <label for=\"l-language-\(code)\">\(s.language(code))</label></span>"
        }
        let audiences: [HTML] = LibraryAudience.allCases.map { audience in
            let checked: HTML = (form.audiences ?? []).contains(audience.rawValue) ? " checked" : ""
            return "<span class=\"check\"><input type=\"checkbox\" id=\"l-audience-\(audience.rawValue)\" name=\"audiences[]\" value=\"\(audience.rawValue)\"\(checked)> <label for=\"l-audience-\(audience.rawValue)\">\(s["library.audience." + audience.rawValue])</label></span>"
        }
        return Layout.page(s["library.catalogueTitle"], req, flash: req.query[String.self, at: "saved"].map { s.format("library.saved", ["count": $0]) }, """
            <p><a href="\(LibraryPaths.desk())">\(s["library.deskTitle"])</a> · <a href="\(LibraryPaths.figures())">\(s["library.figuresTitle"])</a> ·
            <a href="\(LibraryPaths.search())">\(s["library.searchTitle"])</a> ·
            \(s["library.export"]): <a href="\(LibraryPaths.exportMARC())" download>MARC 21</a>, <a href="\(LibraryPaths.exportMARC())?format=marcxml" download>MARCXML</a>,
            <a href="\(LibraryPaths.exportMARC())?format=csv" download>CSV</a> · <a href="\(LibraryPaths.categories())">\(s["library.categoriesTitle"])</a></p>
            <section aria-labelledby="import"><h2 id="import">\(s["library.import"])</h2>
            \(FormKit.errorSummary(importErrors, places: places, s))
            <form method="post" action="\(LibraryPaths.importMARC())" enctype="multipart/form-data">\(Layout.csrfField(req))
            <label for="l-file">\(s["library.field.file"])</label><input type="file" id="l-file" name="file" accept=".mrc,.marc,.xml,.csv,application/marc,application/marcxml+xml,text/csv" required aria-describedby="l-file-hint">
            <p class="hint" id="l-file-hint">\(s["library.hint.file"])</p>
            <p><button type="submit">\(s["library.importButton"])</button></p></form></section>
            <section aria-labelledby="new-title"><h2 id="new-title">\(s["library.newTitle"])</h2>
            \(FormKit.errorSummary(errors, places: places, s))
            <form method="post" action="\(LibraryPaths.catalogue())">\(Layout.csrfField(req))
            \(field("title", form.title, extra: " maxlength=\"500\" required"))
            \(field("subtitle", form.subtitle, extra: " maxlength=\"500\""))
            \(area("authors", form.authors, rows: 2, hint: "library.hint.onePerLine"))
            \(field("isbns", form.isbns, extra: " inputmode=\"numeric\" autocomplete=\"off\" aria-describedby=\"l-isbns-hint\""))
            <p class="hint" id="l-isbns-hint">\(s["library.hint.isbn"])</p>
            \(field("publisher", form.publisher, extra: " maxlength=\"300\""))
            \(field("place", form.place, extra: " maxlength=\"200\""))
            \(field("year", form.year, type: "number", extra: " min=\"1450\" max=\"2100\""))
            <fieldset id="l-languages"><legend>\(s["library.field.languages"])</legend>\(languages)
            <label for="l-language-other">\(s["library.otherLanguage"])</label><input type="text" id="l-language-other" name="otherLanguage" value="\(form.otherLanguage ?? "")" maxlength="3" size="4">
            </fieldset>
            \(Layout.select("format", label: s["library.field.format"], options: LibraryFormat.allCases.map(\.rawValue), labelPrefix: "library.format.",
                            selected: form.format, strings: s, includeEmpty: false, required: true, id: "l-format"))
            <fieldset id="l-audiences"><legend>\(s["library.field.audiences"])</legend>\(audiences)</fieldset>
            \(area("subjects", form.subjects, rows: 2, hint: "library.hint.onePerLine"))
            \(field("categories", form.categories, extra: " maxlength=\"700\" autocomplete=\"off\" aria-describedby=\"l-categories-hint\""))
            <p class="hint" id="l-categories-hint">\(s["library.hint.categories"]) <a href="\(LibraryPaths.categories())">\(s["library.browse"])</a></p>
            \(area("summary", form.summary, rows: 3))
            <details><summary>\(s["library.moreFields"])</summary>
            \(field("responsibility", form.responsibility, extra: " maxlength=\"500\""))
            \(field("edition", form.edition, extra: " maxlength=\"100\""))
            \(field("extent", form.extent, extra: " maxlength=\"200\""))
            \(field("series", form.series, extra: " maxlength=\"300\""))
            \(field("issn", form.issn, extra: " maxlength=\"9\" autocomplete=\"off\""))
            \(field("link", form.link, type: "url", extra: " maxlength=\"2000\""))
            </details>
            <p><button type="submit">\(s["common.save"])</button></p></form></section>
            """)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let form = try req.content.decode(TitleForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let created = try await LibraryCatalogue.create(form.input, by: try req.caller())
            return Pages.seeOther(LibraryPaths.title(created.id))
        }, show: { catalogueForm(req, form, errors: $0, importErrors: []) })
    }

    struct ImportForm: Content { var file: File? }

    @Sendable static func importFile(req: Request) async throws -> Response {
        let upload = try req.content.decode(ImportForm.self)
        return try await FormKit.saveOrShow(req, save: {
            guard let file = upload.file, file.data.readableBytes > 0 else { throw AppError.invalid("file", "choose a MARC file (ISO 2709 or MARCXML) or a CSV file") }
            let imported = try await LibraryExchange.importFile(Array(file.data.readableBytesView), by: try req.caller())
            return Pages.seeOther("\(LibraryPaths.catalogue())?saved=\(imported.imported)")
        }, show: { catalogueForm(req, TitleForm(format: LibraryFormat.book.rawValue), errors: [], importErrors: $0) })
    }

    // MARK: the API

    @Sendable static func searchJSON(req: Request) async throws -> LibraryCatalogue.Found {
        try await LibraryCatalogue.search(try req.query.decode(LibraryCatalogue.Query.self), alphabet: req.strings.languageCode, on: req.sql)
    }

    @Sendable static func titleJSON(req: Request) async throws -> LibraryCatalogue.Title {
        try await LibraryCatalogue.title(try req.uuid("titleID"), on: req.sql)
    }

    @Sendable static func createJSON(req: Request) async throws -> Response {
        let created = try await LibraryCatalogue.create(try req.content.decode(LibraryCatalogue.TitleInput.self), by: try req.caller())
        return try await created.created(for: req, location: LibraryPaths.API.title(created.id))
    }

    /// The body is the MARC file itself.
    @Sendable static func importJSON(req: Request) async throws -> Response {
        guard let body = req.body.data, body.readableBytes > 0 else { throw AppError.invalid("file", "send the MARC file (ISO 2709 or MARCXML) or the CSV file as the body") }
        return try await LibraryExchange.importFile(Array(body.readableBytesView), by: try req.caller()).created(for: req)
    }

    @Sendable static func export(req: Request) async throws -> Response {
        let typed = req.query[String.self, at: "format"]
        guard let format = typed.map({ LibraryExchange.Format(rawValue: $0) }) ?? .marc else { throw AppError.invalid("format", "choose marc, marcxml or csv") }
        let bytes = try await LibraryExchange.export(format, by: try req.caller())
        var headers = HTTPHeaders()
        headers.contentType = format.mediaType
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"safeguard-catalogue.\(format.fileExtension)\"")
        return Response(status: .ok, headers: headers, body: .init(data: Data(bytes)))
    }
}
