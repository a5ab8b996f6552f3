import Foundation
import SafeguardCore
import Vapor

/// The page where a person sees who checked them against the registry, reads the reasons for a
/// hit and asks for a review. No account: the person proves who they are with their document,
/// name and date of birth.
enum SubjectAccessPage {
    struct Form: Content {
        var documentType: String?, documentNumber: String?, name: String?, birthDate: String?
        var recordID: UUID?, grounds: String?
        var proof: SubjectAccess.Proof { .init(documentType: documentType, documentNumber: documentNumber, name: name, birthDate: birthDate) }
    }

    static func form(_ req: Request, _ f: Form, error: String? = nil) -> HTML {
        let s = req.strings
        func text(_ name: String, _ key: String, _ value: String?) -> HTML {
            "<label for=\"\(name)\">\(s[key])</label><input type=\"text\" id=\"\(name)\" name=\"\(name)\" value=\"\(value ?? "")\" required>"
        }
        let problem: HTML = error.map { "<div class=\"errors\" role=\"alert\" tabindex=\"-1\"><p>\($0)</p></div>" } ?? ""
        return """
            <p>\(s["subject.explain"])</p>\(problem)
            <form method="post" action="\(VettingPaths.checkMyRecord())">
            \(Layout.select("documentType", label: s["vetting.field.documentType"], options: VettingDocumentType.allCases.map(\.rawValue), labelPrefix: "documentType.", selected: f.documentType, strings: s, includeEmpty: false))
            \(text("documentNumber", "vetting.field.documentNumber", f.documentNumber))\(text("name", "vetting.field.name", f.name))
            \(text("birthDate", "vetting.field.birthDate", f.birthDate))
            <p><button type="submit">\(s["subject.submit"])</button></p></form>
            """
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        Layout.page(req.strings["subject.title"], req, form(req, Form()))
    }

    @Sendable static func disclose(req: Request) async throws -> HTML {
        let s = req.strings
        let f = try req.content.decode(Form.self)
        let disclosure: SubjectAccess.Disclosure
        do {
            disclosure = try await SubjectAccess.disclose(f.proof, req: req)
        } catch let error as AppError {
            return Layout.page(s["subject.title"], req, form(req, f, error: error.detail))
        }
        let checks: [HTML] = disclosure.checks.map {
            "<tr><td>\(Layout.date($0.at))</td><td>\($0.unitName)</td><td>\(s["unitType." + $0.unitType])</td><td>\(s["subject.kind." + $0.kind])</td><td>\($0.receipt)</td></tr>"
        }
        let hidden: HTML = """
            <input type="hidden" name="documentType" value="\(f.documentType ?? "")"><input type="hidden" name="documentNumber" value="\(f.documentNumber ?? "")">
            <input type="hidden" name="name" value="\(f.name ?? "")"><input type="hidden" name="birthDate" value="\(f.birthDate ?? "")">
            """
        let reasons: [HTML] = disclosure.reasons.map { r in
            """
            <article aria-labelledby="h-\(r.recordID.uuidString)"><h3 id="h-\(r.recordID.uuidString)">\(s["offence." + r.offenceCategory])</h3>
            <p>\(s["decision." + r.decisionType]) · \(r.decisionDate) · \(r.issuingAuthority) · \(r.prohibitionScope) · \(r.prohibitionEnd ?? s["subject.forLife"]) · \(s["recordStatus." + r.status])</p>
            <form method="post" action="\(VettingPaths.checkMyRecordReview())">\(hidden)<input type="hidden" name="recordID" value="\(r.recordID.uuidString)">
            <label for="g-\(r.recordID.uuidString)">\(s["subject.grounds"])</label><textarea id="g-\(r.recordID.uuidString)" name="grounds" rows="3" required></textarea>
            <p><button type="submit">\(s["subject.requestReview"])</button></p></form></article>
            """
        }
        let requests: [HTML] = disclosure.reviewRequests.map {
            "<li>\(Layout.date($0.createdAt)) · \(s["reviewStatus." + $0.status])\($0.decisionReason.map { " · " + $0 } ?? "")</li>"
        }
        return Layout.page(s["subject.title"], req, """
            <section aria-labelledby="checks"><h2 id="checks">\(s["subject.checks"])</h2>
            \(checks.isEmpty ? "<p>\(s["dashboard.none"])</p>" : """
                <table><thead><tr><th scope="col">\(s["vetting.when"])</th><th scope="col">\(s["vetting.unit.name"])</th><th scope="col">\(s["vetting.unit.type"])</th>
                <th scope="col">\(s["subject.kind"])</th><th scope="col">\(s["vetting.receipt"])</th></tr></thead><tbody>\(checks)</tbody></table>
                """ as HTML)</section>
            <section aria-labelledby="reasons"><h2 id="reasons">\(s["subject.reasons"])</h2>
            \(reasons.isEmpty ? "<p>\(s["subject.noRecord"])</p>" : "\(reasons)" as HTML)</section>
            \(requests.isEmpty ? "" : "<section aria-labelledby=\"requests\"><h2 id=\"requests\">\(s["subject.requests"])</h2><ul>\(requests)</ul></section>" as HTML)
            """)
    }

    @Sendable static func requestReview(req: Request) async throws -> HTML {
        let s = req.strings
        let f = try req.content.decode(Form.self)
        let created = try await SubjectAccess.requestReview(.init(proof: f.proof, recordID: f.recordID, grounds: f.grounds), req: req)
        return Layout.page(s["subject.title"], req, "<p role=\"status\">\(s.format("subject.requested", ["date": Layout.date(created.createdAt)]))</p>")
    }
}
