import Vapor

/// The report page's script: each section's words counted as they are typed, against the report's
/// limit, by the same rule as `WordCount` (the saved count is the server's; the walk-through checks
/// the two agree). The page works without it: the count is then given at each save. Served as a
/// file, since the pages' Content-Security-Policy allows no inline script; its sentence comes from
/// the page's `data-` attributes (the locale tables).
enum ReportScript {
    @Sendable static func serve(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: source))
    }

    static let source = #"""
        (function () {
          "use strict";
          var letter = /[\p{Alphabetic}\p{N}]/u;
          var ideograph = function (c) {
            return (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
              (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
          };
          var count = function (text) {
            var words = 0, inWord = false, joiner = false;
            for (var ch of text) {
              if (ideograph(ch.codePointAt(0))) { words += 1; inWord = false; }
              else if (letter.test(ch)) { if (!inWord) { words += 1; } inWord = true; }
              else if (inWord && !joiner && (ch === "'" || ch === "\u2019" || ch === "-" || ch === ".")) { joiner = true; continue; }
              else { inWord = false; }
              joiner = false;
            }
            return words;
          };
          Array.prototype.forEach.call(document.querySelectorAll("[data-word-count]"), function (output) {
            var form = output.closest("form");
            if (!form) { return; }
            var areas = form.querySelectorAll("textarea");
            var others = parseInt(output.getAttribute("data-others"), 10), limit = parseInt(output.getAttribute("data-limit"), 10);
            var template = output.getAttribute("data-template"), timer = null;
            var update = function () {
              var words = 0;
              Array.prototype.forEach.call(areas, function (a) { words += count(a.value); });
              output.textContent = template.replace("{words}", words).replace("{total}", others + words).replace("{limit}", limit);
              output.classList.toggle("over", others + words > limit);
            };
            Array.prototype.forEach.call(areas, function (a) {
              // a screen reader hears the count once typing pauses, not at every key
              a.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 700); });
            });
          });
        })();
        """#
}
