import SafeguardCore
import Vapor

/// The frame of every page: skip link, main menu (only what the user may use), language switch.
enum Layout {
    /// The main menu. Each entry is shown only to those the route behind it lets in: the guard is
    /// the route's own, not a copy.
    static let menu: [(path: String, key: String)] = [
        (PagePaths.home(), "nav.dashboard"), (HelplinePaths.contactsNew(), "nav.newContact"), (HelplinePaths.contacts(), "nav.contacts"),
        (CasesPaths.home(), "nav.cases"), (NetworkPaths.referrals(), "nav.referrals"), (LegalAidPaths.matters(), "nav.matters"),
        (NetworkPaths.directory(), "nav.directory"), (ReportingPaths.reports(), "nav.reports"), (ReportingPaths.inbox(), "nav.inbox"),
        (ClinicalPaths.alerts(), "nav.alerts"), (LodgingPaths.staysNew(), "nav.checkIn"), (LodgingPaths.stays(), "nav.stays"),
        (VettingPaths.home(), "nav.vetting"), (VettingPaths.registry(), "nav.registry"), (VettingPaths.registryUnits(), "nav.vettingUnits"),
        (TrainingPaths.home(), "nav.training"), (TrainingPaths.compliance(), "nav.compliance"), (LibraryPaths.catalogue(), "nav.library"),
        (LibraryPaths.desk(), "nav.libraryDesk"), (RoomPaths.rooms(), "nav.rooms"), (UNMonitoringPaths.recommendations(), "nav.recommendations"),
        (StatisticsPaths.home(), "nav.statistics"),
        (AccountsPaths.adminUsers(), "nav.admin"), (AccountsPaths.adminOrganisations(), "nav.organisations"),
        (ClinicalPaths.adminCdsClients(), "nav.cdsClients"), (LegalAidPaths.calendar(), "nav.calendar"), (AccountsPaths.account(), "nav.account"),
    ]

    static func page(_ title: String, _ req: Request, flash: String? = nil, _ body: HTML) -> HTML {
        let s = req.strings
        let actor = req.actorIfSignedIn
        let path = req.url.path
        let guards = req.application.pageGuards
        let items: [HTML] = actor == nil ? [] : menu.compactMap { href, key in
            guard let action = guards[href] else { return nil }
            if let action, !AccessPolicy.allows(actor!.roles, action) { return nil }
            if !actor!.countryPack.registersMinorsInHotels, CountryPackGate.lodgingPages.contains(href) { return nil }
            let current: HTML = path == href ? " aria-current=\"page\"" : ""
            return "<li><a href=\"\(href)\"\(current)>\(s[key])</a></li>"
        }
        let signOut: HTML = actor == nil ? "" : """
            <form method="post" action="\(PagePaths.logout())" class="inline">\(csrfField(req))<button type="submit">\(s["nav.signOut"])</button></form>
            """
        let languages: HTML = actor == nil ? languageSwitch(req, s) : ""
        let flashHTML: HTML = flash.map { "<p class=\"flash\" role=\"status\">\($0)</p>" } ?? ""
        return """
            <!doctype html>
            <html lang="\(s.locale)">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · \(s["app.name"])</title><link rel="icon" href="\(PagePaths.faviconSvg())" type="image/svg+xml"><style>\(HTML(unsafe: style))</style></head>
            <body>
            <a class="skip" href="#main">\(s["nav.skip"])</a>
            <header><strong>\(s["app.name"])</strong>
            <nav aria-label="\(s["nav.main"])"><ul>\(items)</ul></nav>\(signOut)\(languages)</header>
            <main id="main" tabindex="-1"><h1>\(title)</h1>\(flashHTML)\(HTML(unsafe: FormKit.markFields(body.text)))</main>
            </body></html>
            """
    }

    /// A visitor's choice of language, each named in itself and marked as written in it; the
    /// traditional script only on the public pages, which are translated into it.
    static func languageSwitch(_ req: Request, _ s: Strings) -> HTML {
        let here = req.url.path + (req.url.query.map { "?" + $0 } ?? "")
        let locales = isPublic(req.url.path) ? Strings.selectable : Strings.supported
        let links: [HTML] = locales.map { locale in
            let href = PagePaths.langLocale(locale) + "?back=" + (here.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_."))) ?? "/")
            let current: HTML = locale == s.locale ? " aria-current=\"true\"" : ""
            return "<li><a href=\"\(href)\" lang=\"\(locale)\" hreflang=\"\(locale)\"\(current)>\(Strings.endonyms[locale] ?? locale)</a></li>"
        }
        return "<nav aria-label=\"\(s["nav.language"])\" class=\"languages\"><ul>\(links)</ul></nav>"
    }

    /// The pages anyone may read without an account, which the traditional Mongolian script covers.
    static let publicPaths = [VettingPaths.checkMyRecord(), TrainingPaths.verify(), TrainingPaths.openCohorts(), LibraryPaths.search(),
                              TrainingPaths.catalogue(), PagePaths.login()]

    static func isPublic(_ path: String) -> Bool {
        publicPaths.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    static func csrfField(_ req: Request) -> HTML {
        guard let token = req.actorIfSignedIn?.csrfToken else { return "" }
        return "<input type=\"hidden\" name=\"_csrf\" value=\"\(token)\">"
    }

    /// A `<select>` of coded values with labels from the locale table.
    /// `emptyKey` labels the empty choice: "Any" in a filter, "Not recorded" in a form.
    static func select(_ name: String, label: String, options: [String], labelPrefix: String, selected: String?, strings: Strings,
                       includeEmpty: Bool = true, emptyKey: String = "filter.any", required: Bool = false, extra: HTML = "", id: String? = nil) -> HTML {
        let empty: HTML = includeEmpty ? "<option value=\"\">\(strings[emptyKey])</option>" : ""
        let items: [HTML] = options.map { value in
            let isSelected: HTML = value == selected ? " selected" : ""
            return "<option value=\"\(value)\"\(isSelected)>\(strings[labelPrefix + value])</option>"
        }
        let requiredAttribute: HTML = required ? " required" : ""
        let id = id ?? name
        return "<label for=\"\(id)\">\(label)</label><select id=\"\(id)\" name=\"\(name)\"\(requiredAttribute)\(extra)>\(empty)\(items)</select>"
    }

    /// "Previous · Page n · Next" links that keep the list's filters.
    static func pager(_ path: String, filters: [(String, String?)], page: Int, hasMore: Bool, strings s: Strings) -> HTML {
        var query = URLComponents()
        query.queryItems = filters.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : URLQueryItem(name: name, value: $0) } }
        let base = path + "?" + (query.percentEncodedQuery.map { $0 + "&" } ?? "")
        let label = s.format("pager.page", ["page": String(page)])
        let previous: HTML = page > 1 ? "<a href=\"\(base)page=\(page - 1)\" rel=\"prev\">\(s["pager.previous"])</a>" : ""
        let next: HTML = hasMore ? "<a href=\"\(base)page=\(page + 1)\" rel=\"next\">\(s["pager.next"])</a>" : ""
        return "<nav aria-label=\"\(label)\"><p>\(previous) \(label) \(next)</p></nav>"
    }

    /// The reader's time zone for this request, set by `Authentication` (UTC for those signed out).
    @TaskLocal static var timeZone: TimeZone = LocalTime.utc

    /// `2026-11-26 17:43 UTC+8`: the reader's own time, with its zone, in one form for every language.
    static func date(_ date: Date?) -> String {
        guard let date else { return "" }
        return LocalTime.label(date, in: timeZone)
    }

    static let style = """
        body{font-family:system-ui,sans-serif;margin:0;line-height:1.5;color:#1a1a1a}
        header{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;padding:.5rem 1rem;background:#0b3d5c;color:#fff}
        header a{color:#fff}header button{color:#fff;background:transparent;border:1px solid #fff;padding:.2rem .6rem;cursor:pointer}
        nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0;flex-wrap:wrap}
        main{padding:1rem;max-width:70rem}
        a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #ffbf47;outline-offset:2px}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:.5rem;z-index:10}
        label{display:block;font-weight:600;margin-top:.6rem}
        fieldset{margin:1rem 0;border:1px solid #999}
        input[type=text],input[type=password],input[type=number],input[type=datetime-local],input[type=date],input[type=search],select,textarea{width:100%;max-width:32rem;padding:.3rem;box-sizing:border-box}textarea.prose{max-width:48rem}.over{color:#a4000f;font-weight:700}summary>h2{display:inline;font-size:1.25rem}
        .check label,input[type=checkbox]+label,input[type=radio]+label{display:inline;font-weight:400}
        .hint{color:#4a4a4a;margin:.2rem 0}
        button.urgent{background:#b00020;color:#fff;border:0;padding:.6rem 1.2rem;font-size:1.1rem;font-weight:700;cursor:pointer}
        table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:.3rem;text-align:left}
        .risk-red{color:#b00020;font-weight:700}.risk-orange{color:#a04000;font-weight:700}.risk-yellow{color:#665c00}
        .errors{border:3px solid #b00020;padding:.5rem 1rem}code{white-space:nowrap}.field-error{display:block;color:#b00020;font-weight:bold;margin:.2rem 0}[aria-invalid=true]{border:2px solid #b00020}.flash{background:#e6f4ea;padding:.5rem}
        /* traditional Mongolian: columns top to bottom, read left to right (the page scrolls sideways) */
        html[lang=mn-Mong] body{writing-mode:vertical-lr;font-family:"Noto Sans Mongolian","Mongolian Baiti",sans-serif;font-size:1.15rem}
        html[lang=mn-Mong] main{max-width:none;max-height:none}html[lang=mn-Mong] header{padding:1rem .5rem}
        html[lang=mn-Mong] :is(input[type=text],input[type=password],input[type=number],input[type=date],input[type=search],select,textarea){width:auto;max-width:none;inline-size:100%;max-inline-size:24rem}
        html[lang=mn-Mong] :is(th,td){text-align:start}html[lang=mn-Mong] .skip:focus{left:1rem;top:1rem}
        .inline{display:inline}[hidden]{display:none!important}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        .savebar{position:sticky;top:0;z-index:5;background:#f3f6f9;border-bottom:1px solid #999;padding:.4rem .6rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
        #call-timer{font-variant-numeric:tabular-nums;font-weight:700}
        button.primary{background:#0b3d5c;color:#fff;border:0;padding:.5rem 1.2rem;font-weight:700;cursor:pointer}
        form.contact fieldset{margin:.6rem 0}form.contact .columns>div{min-width:0}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.1rem .8rem}
        .grid .check{display:block}
        .case-summary{background:#f3f6f9;padding:.2rem 1rem .6rem;border-left:4px solid #0b3d5c}
        dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.4rem 1.5rem;margin:.4rem 0}
        dl.facts dt{font-weight:600}dl.facts dd{margin:0}dl.facts .wide{grid-column:1/-1}dl.facts ul{margin:0;padding-left:1.2rem}
        nav.panels ul{display:flex;flex-wrap:wrap;gap:.3rem 1rem;list-style:none;padding:.4rem 0;margin:.8rem 0;border-bottom:2px solid #0b3d5c}
        details{margin:.6rem 0}summary{cursor:pointer;font-weight:600}
        @media (min-width:64rem){main:has(form.contact){max-width:none}form.contact .columns{display:grid;grid-template-columns:minmax(18rem,1fr) 2fr;gap:1.5rem}}
        /* last, so that it wins over the rules above */
        @media print{header,.skip,nav.panels,.savebar,form,.flash{display:none}main{max-width:none;padding:0}a{color:#000;text-decoration:none}
        table{page-break-inside:auto}tr{page-break-inside:avoid}.case-summary{border:1px solid #000;background:none}}
        """
}
