import Vapor

/// The new-contact form's script: a call timer, the category filter, Ctrl+Enter to save, and a
/// draft of the call kept in the tab's session storage. The form works without it; the script only
/// adds what a plain form cannot do. Served as a file, since the pages' Content-Security-Policy
/// allows no inline script; its strings come from the form's `data-` attributes (the locale tables).
enum ContactScript {
    @Sendable static func serve(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: source))
    }

    /// A draft older than this is another call's: a fresh form starts empty.
    static let draftMinutes = 60

    static let source = #"""
        (function () {
          "use strict";
          var form = document.getElementById("contact-form");
          if (!form) { return; }
          var each = function (list, body) { Array.prototype.forEach.call(list, body); };

          // A draft of this call, so that a reload or a wrong click does not lose it. Session storage
          // is this tab's only; saving the contact or signing out (Clear-Site-Data) removes it.
          var draftKey = "safeguard.contactDraft";
          var fields = function () {
            return Array.prototype.filter.call(form.elements, function (e) {
              return e.name && e.name !== "_csrf" && e.type !== "submit";
            });
          };
          var saveDraft = function () {
            var values = fields().map(function (e) { return [e.id || e.name, e.type === "checkbox" ? e.checked : e.value]; });
            try { sessionStorage.setItem(draftKey, JSON.stringify({ at: Date.now(), values: values })); } catch (ignored) {}
          };
          var forget = function () { try { sessionStorage.removeItem(draftKey); } catch (ignored) {} };
          if (form.dataset.fresh === "1") {
            var draft = null;
            try { draft = JSON.parse(sessionStorage.getItem(draftKey) || "null"); } catch (ignored) {}
            if (draft && Date.now() - draft.at < \#(draftMinutes) * 60000) {
              draft.values.forEach(function (pair) {
                var e = document.getElementById(pair[0]) || form.elements[pair[0]];
                if (!e) { return; }
                if (e.type === "checkbox") { e.checked = pair[1]; } else { e.value = pair[1]; }
              });
              var note = document.createElement("p");
              note.className = "flash";
              note.setAttribute("role", "status");
              note.textContent = form.dataset.restored + " ";
              var discard = document.createElement("button");
              discard.type = "button";
              discard.textContent = form.dataset.discard;
              discard.addEventListener("click", function () { forget(); window.location.reload(); });
              note.appendChild(discard);
              form.parentNode.insertBefore(note, form);
            } else {
              forget();
            }
          }

          // The same category may be offered twice (most used, and in its group): keep both alike.
          form.addEventListener("change", function (event) {
            var box = event.target;
            if (box.name !== "categories[]") { return; }
            each(form.querySelectorAll("input[name='categories[]']"), function (other) {
              if (other.value === box.value) { other.checked = box.checked; }
            });
          });
          form.addEventListener("input", saveDraft);
          form.addEventListener("change", saveDraft);
          form.addEventListener("submit", forget);

          // The call timer, from the moment the form was opened.
          var started = Number(form.elements.startedAt.value) * 1000;
          var timer = document.getElementById("call-timer");
          var two = function (n) { return (n < 10 ? "0" : "") + n; };
          var tick = function () {
            var seconds = Math.max(0, Math.floor((Date.now() - started) / 1000));
            var hours = Math.floor(seconds / 3600);
            var text = (hours ? hours + ":" : "") + two(Math.floor(seconds / 60) % 60) + ":" + two(seconds % 60);
            timer.textContent = form.dataset.timer.replace("{time}", text);
          };
          if (started > 0) { tick(); window.setInterval(tick, 1000); }

          // The category filter: every word typed must appear in the category, its group or its code.
          var search = document.getElementById("category-search");
          var count = document.getElementById("category-count");
          var groups = form.querySelectorAll(".categories > fieldset");
          var fold = function (text) { return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); };
          search.parentNode.hidden = false;
          search.addEventListener("input", function () {
            var words = fold(search.value).split(/\s+/).filter(Boolean);
            var shown = 0;
            each(groups, function (group) {
              var legend = fold(group.querySelector("legend").textContent);
              var any = false;
              each(group.querySelectorAll(".check"), function (item) {
                var text = legend + " " + fold(item.textContent) + " " + item.querySelector("input").value;
                var match = words.every(function (word) { return text.indexOf(word) >= 0; });
                item.hidden = !match;
                if (match) { any = true; shown += 1; }
              });
              group.hidden = !any;
            });
            count.textContent = !words.length ? "" : shown ? form.dataset.count.replace("{count}", shown) : form.dataset.noMatch;
          });
          // Enter in the filter goes to the first category found, never submits the form.
          search.addEventListener("keydown", function (event) {
            if (event.key !== "Enter") { return; }
            event.preventDefault();
            var first = form.querySelector(".categories > fieldset:not([hidden]) .check:not([hidden]) input");
            if (first) { first.focus(); }
          });

          // Ctrl+Enter (or Cmd+Enter) saves from anywhere, the summary included.
          var save = form.querySelector(".savebar button[type=submit]");
          document.addEventListener("keydown", function (event) {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              form.requestSubmit(save);
            }
          });
        }());
        """#
}
