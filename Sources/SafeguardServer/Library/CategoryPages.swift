import Foundation
import SafeguardCore
import Vapor

/// Browsing the libraries by their own categories (public), and a librarian adding one.
enum CategoryPages {
    struct CategoryForm: Content {
        var code: String?, parentCode: String?, nameMn: String?, nameEn: String?, nameZh: String?
        var input: LibraryCategories.CategoryInput {
            .init(code: code, parentCode: parentCode, names: ["mn": nameMn, "en": nameEn, "zh": nameZh].compactMapValues { $0?.trimmed })
        }
    }

    static let places: FormKit.Places = [
        "code": ("k-code", "library.field.categoryCode"), "parentCode": ("k-parent", "library.field.parentCode"), "names": ("k-name-en", "library.field.categoryName"),
        "names.mn": ("k-name-mn", "library.field.categoryName"), "names.en": ("k-name-en", "library.field.categoryName"), "names.zh": ("k-name-zh", "library.field.categoryName"),
    ]

    /// The name in the reader's language, else English, else any.
    static func name(_ names: [String: String], _ s: Strings) -> String {
        names[s.languageCode] ?? names["en"] ?? names.values.sorted().first ?? ""
    }

    @Sendable static func page(req: Request) async throws -> HTML {
        try await page(req, form: CategoryForm(), errors: [])
    }

    static func page(_ req: Request, form: CategoryForm, errors: [FieldError]) async throws -> HTML {
        let s = req.strings
        let trees = try await LibraryCategories.trees(on: req.sql)
        let sections: [HTML] = trees.map { tree in
            // nested lists from the depth of each category in reading order
            var html = "", depth = -1
            for c in tree.categories {
                if c.depth > depth { html += String(repeating: "<ul>", count: c.depth - depth) } else {
                    html += "</li>" + String(repeating: "</ul></li>", count: depth - c.depth)
                }
                depth = c.depth
                html += "<li><a href=\"\(LibraryPaths.search())?category=\(c.id.uuidString)\">\(HTML.escape(name(c.names, s)))</a> <span class=\"hint\">"
                    + HTML.escape(c.code) + " · " + HTML.escape(s.format("library.titleCount", ["count": String(c.titles)])) + "</span>"
            }
            if depth >= 0 { html += "</li>" + String(repeating: "</ul></li>", count: depth) + "</ul>" }
            return "<section><h2>\(tree.organisationName)</h2>\(HTML(unsafe: html))</section>"
        }
        let manages = req.actorIfSignedIn.map { AccessPolicy.allows($0.roles, .libraryManage) } ?? false
        let add: HTML = manages ? """
            <section aria-labelledby="add-category"><h2 id="add-category">\(s["library.addCategory"])</h2>
            \(FormKit.errorSummary(errors, places: places, s))
            <form method="post" action="\(LibraryPaths.categories())">\(Layout.csrfField(req))
            \(FormKit.field("code", s["library.field.categoryCode"], form.code, id: "k-code", extra: " maxlength=\"30\" autocomplete=\"off\" required"))
            \(FormKit.field("parentCode", s["library.field.parentCode"], form.parentCode, id: "k-parent", extra: " maxlength=\"30\" autocomplete=\"off\""))
            \(FormKit.field("nameMn", s["library.categoryName.mn"], form.nameMn, id: "k-name-mn", extra: " maxlength=\"200\" lang=\"mn\""))
            \(FormKit.field("nameEn", s["library.categoryName.en"], form.nameEn, id: "k-name-en", extra: " maxlength=\"200\" lang=\"en\""))
            \(FormKit.field("nameZh", s["library.categoryName.zh"], form.nameZh, id: "k-name-zh", extra: " maxlength=\"200\" lang=\"zh\""))
            <p><button type="submit">\(s["common.save"])</button></p></form></section>
            """ : ""
        return Layout.page(s["library.categoriesTitle"], req, """
            <p><a href="\(LibraryPaths.search())">\(s["library.searchTitle"])</a></p>
            \(sections.isEmpty ? "<p>\(s["library.noCategories"])</p>" : "\(sections)" as HTML)
            \(add)
            """)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let form = try req.content.decode(CategoryForm.self)
        return try await FormKit.saveOrShow(req, save: {
            _ = try await LibraryCategories.create(form.input, by: try req.caller())
            return Pages.seeOther(LibraryPaths.categories())
        }, show: { try await page(req, form: form, errors: $0) })
    }

    @Sendable static func json(req: Request) async throws -> [LibraryCategories.Tree] { try await LibraryCategories.trees(on: req.sql) }

    @Sendable static func createJSON(req: Request) async throws -> Response {
        try await LibraryCategories.create(try req.content.decode(LibraryCategories.CategoryInput.self), by: try req.caller()).created(for: req)
    }
}
