import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Pages for coordinators and trainers: programmes, a programme's cohorts, a cohort's sessions and
/// enrolments, a session's attendance register (made for a phone at the door), certificates.
enum TrainingPages {
    /// A text input with its label, and a hint under it when there is one.
    /// `id` keeps ids unique where two forms on a page share a field name.
    static func field(_ name: String, _ label: String, _ value: String?, id: String? = nil, type: String = "text", hint: String? = nil, extra: HTML = "") -> HTML {
        FormKit.field(name, label, value, id: id, type: type, hint: hint, extra: extra)
    }

    /// The organisation's trainers and coordinators as a select's options, one chosen.
    static func trainerOptions(_ organisationID: UUID, selected: UUID?, on db: any SQLDatabase) async throws -> [HTML] {
        try await db.raw("""
            SELECT DISTINCT u.id, u.display_name FROM users u JOIN role_grants g ON g.user_id = u.id
            WHERE u.organisation_id = \(bind: organisationID) AND u.active = \(bind: true) AND g.role IN ('trainer', 'training_coordinator')
            ORDER BY u.display_name LIMIT 1000
            """).all().map { r in
            let id = try r.decode(column: "id", as: UUID.self)
            let chosen: HTML = selected == id ? " selected" : ""
            return "<option value=\"\(id.uuidString)\"\(chosen)>\(try r.decode(column: "display_name", as: String.self))</option>"
        }
    }

    static func minutes(_ minutes: Int, _ s: Strings) -> String {
        s.format("training.duration", ["hours": String(minutes / 60), "minutes": String(format: "%02d", minutes % 60)])
    }

    // MARK: programmes

    struct ProgrammeForm: Content {
        var title: String?, description: String?, targetGroups: [String]?, delivery: String?, hours: String?, language: String?, requiredPercent: String?
        var changeAgents: String?

        /// The programme as typed, and what the form itself could not read (a word for a number).
        func read() -> (TrainingInput.Programme, [FieldError]) {
            var v = FieldValidator()
            func number(_ text: String?, _ field: String) -> Int? {
                guard let text = text?.trimmed else { return nil }
                let value = Int(text)
                if value == nil { v.add(field, "a whole number") }
                return value
            }
            let input = TrainingInput.Programme(title: title, description: description, targetGroups: targetGroups, delivery: delivery,
                                                hours: number(hours, "hours"), language: language, requiredPercent: number(requiredPercent, "requiredPercent"),
                                                changeAgents: changeAgents == "true")
            return (input, v.errors)
        }
    }

    static let programmePlaces: FormKit.Places = [
        "title": ("title", "training.field.title"), "description": ("description", "training.field.description"),
        "targetGroups": ("targetGroups", "training.field.targetGroups"), "delivery": ("delivery", "training.field.delivery"),
        "hours": ("hours", "training.field.hours"), "language": ("language", "training.field.language"),
        "requiredPercent": ("requiredPercent", "training.field.requiredPercent"),
    ]

    @Sendable static func list(req: Request) async throws -> HTML {
        try await listPage(req, form: ProgrammeForm(language: req.strings.languageCode, requiredPercent: "80"), errors: [])
    }

    static func listPage(_ req: Request, form: ProgrammeForm, errors: [FieldError]) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor()
        let programmes = try await TrainingService.programmes(by: try req.caller())
        let rows: [HTML] = programmes.map { p in
            """
            <tr><td><a href="\(TrainingPaths.programme(p.id))">\(p.title)</a></td><td>\(s["delivery." + p.delivery])</td><td>\(p.hours)</td>
            <td>\(p.targetGroups.map { s["targetGroup." + $0] }.joined(separator: ", "))</td><td>\(p.cohorts)</td></tr>
            """
        }
        let table: HTML = programmes.isEmpty ? "<p>\(s["training.noProgrammes"])</p>" : """
            <table><caption>\(s["training.programmes"])</caption><thead><tr><th scope="col">\(s["training.field.title"])</th><th scope="col">\(s["training.field.delivery"])</th>
            <th scope="col">\(s["training.field.hours"])</th><th scope="col">\(s["training.field.targetGroups"])</th><th scope="col">\(s["training.cohorts"])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let agentsLink: HTML = """
            <p><a href="\(TrainingPaths.agents())">\(s["training.agentsLink"])</a> · <a href="\(TrainingPaths.figures())">\(s["figures.title"])</a> · <a href="\(TrainingPaths.materials())">\(s["material.title"])</a>\(
                AccessPolicy.allows(actor.roles, .consultationRead) ? " · <a href=\"\(TrainingPaths.consultations())\">\(s["consultation.title"])</a>" : "" as HTML)</p>
            """
        guard AccessPolicy.allows(actor.roles, .trainingManage) else { return Layout.page(s["training.title"], req, "\(agentsLink)\(table)") }
        let chosen = Set(form.targetGroups ?? [])
        let groups: [HTML] = TargetGroup.allCases.map { g in
            let checked: HTML = chosen.contains(g.rawValue) ? " checked" : ""
            return "<span class=\"check\"><input type=\"checkbox\" id=\"group-\(g.rawValue)\" name=\"targetGroups[]\" value=\"\(g.rawValue)\"\(checked)> <label for=\"group-\(g.rawValue)\">\(s["targetGroup." + g.rawValue])</label></span>"
        }
        return Layout.page(s["training.title"], req, flash: req.query[String.self, at: "saved"] == nil ? nil : s["training.saved"], """
            \(agentsLink)\(table)
            <section aria-labelledby="new-programme"><h2 id="new-programme">\(s["training.newProgramme"])</h2>
            \(FormKit.errorSummary(errors, places: programmePlaces, s))
            <form method="post" action="\(TrainingPaths.programmes())">\(Layout.csrfField(req))
            \(field("title", s["training.field.title"], form.title, extra: " required maxlength=\"200\""))
            <label for="description">\(s["training.field.description"])</label><textarea id="description" name="description" rows="3" maxlength="5000">\(form.description ?? "")</textarea>
            <fieldset id="targetGroups"><legend>\(s["training.field.targetGroups"])</legend><div class="grid">\(groups)</div></fieldset>
            \(Layout.select("delivery", label: s["training.field.delivery"], options: TrainingDelivery.allCases.map(\.rawValue), labelPrefix: "delivery.", selected: form.delivery, strings: s, emptyKey: "common.choose", required: true))
            \(field("hours", s["training.field.hours"], form.hours, type: "number", extra: " min=\"1\" max=\"2000\" required"))
            \(field("language", s["training.field.language"], form.language, hint: s["training.hint.language"], extra: " required maxlength=\"20\""))
            \(field("requiredPercent", s["training.field.requiredPercent"], form.requiredPercent, type: "number", hint: s["training.hint.requiredPercent"], extra: " min=\"1\" max=\"100\""))
            <p class="check"><input type="checkbox" id="changeAgents" name="changeAgents" value="true"\(form.changeAgents == "true" ? " checked" : "" as HTML)> <label for="changeAgents">\(s["training.field.changeAgents"])</label></p>
            <p><button type="submit">\(s["common.save"])</button></p></form></section>
            """)
    }

    @Sendable static func createProgramme(req: Request) async throws -> Response {
        let form = try req.content.decode(ProgrammeForm.self)
        let (input, unreadable) = form.read()
        return try await FormKit.saveOrShow(req, save: {
            if !unreadable.isEmpty { throw ValidationErrors(unreadable) }
            let created = try await TrainingService.createProgramme(input, by: try req.caller())
            return Pages.seeOther("\(TrainingPaths.programme(created.id))?saved=1")
        }, show: { try await listPage(req, form: form, errors: $0) })
    }

    // MARK: a programme and its cohorts

    struct CohortForm: Content {
        var name: String?, startsOn: String?, endsOn: String?, capacity: String?, openRegistration: String?

        func read() -> (TrainingInput.Cohort, [FieldError]) {
            let typed = capacity?.trimmed
            let places = typed.flatMap { Int($0) }
            let unreadable = typed != nil && places == nil ? [FieldError("capacity", "a whole number of places")] : []
            return (TrainingInput.Cohort(name: name, startsOn: startsOn, endsOn: endsOn, capacity: places, openRegistration: openRegistration == "true"), unreadable)
        }
    }

    static let cohortPlaces: FormKit.Places = [
        "name": ("name", "training.field.cohortName"), "startsOn": ("startsOn", "training.field.startsOn"),
        "endsOn": ("endsOn", "training.field.endsOn"), "capacity": ("capacity", "training.field.capacity"),
    ]

    @Sendable static func programme(req: Request) async throws -> HTML {
        try await programmePage(req, form: CohortForm(capacity: "25"), errors: [])
    }

    struct QuestionForm: Content {
        var text: String?, choices: String?, correct: String?

        /// The choices one per line; the right one counted from 1, as people count.
        func read() -> (TrainingAssessments.QuestionInput, [FieldError]) {
            let typed = correct?.trimmed
            let number = typed.flatMap { Int($0) }.flatMap { (1...10).contains($0) ? $0 : nil }
            let unreadable = typed != nil && number == nil ? [FieldError("correctChoice", "the number of the right choice, 1 to 10")] : []
            let lines = (choices ?? "").split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmedWhitespace.isEmpty }
            return (.init(text: text, choices: lines, correctChoice: number.map { $0 - 1 }), unreadable)
        }
    }

    static let questionPlaces: FormKit.Places = [
        "text": ("q-text", "training.field.question"), "choices": ("q-choices", "training.field.choices"), "correctChoice": ("q-correct", "training.field.correct"),
    ]

    static func programmePage(_ req: Request, form: CohortForm, errors: [FieldError],
                              question: (form: QuestionForm, errors: [FieldError]) = (QuestionForm(), [])) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor()
        let p = try await TrainingService.programme(try req.uuid("programmeID"), by: try req.caller())
        let rows: [HTML] = p.cohorts.map { c in
            """
            <tr><td><a href="\(TrainingPaths.cohort(c.id))">\(c.name)</a></td><td>\(c.startsOn) – \(c.endsOn)</td>
            <td>\(c.enrolled) / \(c.capacity)</td><td>\(c.waitlisted)</td></tr>
            """
        }
        let cohorts: HTML = p.cohorts.isEmpty ? "<p>\(s["training.noCohorts"])</p>" : """
            <table><caption>\(s["training.cohorts"])</caption><thead><tr><th scope="col">\(s["training.field.cohortName"])</th><th scope="col">\(s["training.dates"])</th>
            <th scope="col">\(s["training.places"])</th><th scope="col">\(s["training.waitlist"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        let newCohort: HTML = !AccessPolicy.allows(actor.roles, .trainingManage) ? "" : """
            <section aria-labelledby="new-cohort"><h2 id="new-cohort">\(s["training.newCohort"])</h2>
            \(FormKit.errorSummary(errors, places: cohortPlaces, s))
            <form method="post" action="\(TrainingPaths.programmeCohorts(p.id))">\(Layout.csrfField(req))
            \(field("name", s["training.field.cohortName"], form.name, hint: s["training.hint.cohortName"], extra: " required maxlength=\"100\""))
            \(field("startsOn", s["training.field.startsOn"], form.startsOn, type: "date", extra: " required"))
            \(field("endsOn", s["training.field.endsOn"], form.endsOn, type: "date", extra: " required"))
            \(field("capacity", s["training.field.capacity"], form.capacity, type: "number", extra: " min=\"1\" max=\"10000\" required"))
            <p class="check"><input type="checkbox" id="openRegistration" name="openRegistration" value="true"\(form.openRegistration == "true" ? " checked" : "" as HTML)> \
            <label for="openRegistration">\(s["training.field.openRegistration"])</label></p>
            <p><button type="submit">\(s["common.save"])</button></p></form></section>
            """
        let questions = try await TrainingService.questions(programmeID: p.id, by: try req.caller())
        let questionItems: [HTML] = questions.map { q in
            let choices: [HTML] = q.choices.enumerated().map { index, choice in index == q.correctChoice ? "<li><strong>\(choice)</strong></li>" : "<li>\(choice)</li>" }
            return "<li>\(q.text)<ol>\(choices)</ol></li>"
        }
        let newQuestion: HTML = !AccessPolicy.allows(actor.roles, .trainingManage) ? "" : """
            \(FormKit.errorSummary(question.errors, places: questionPlaces, s))
            <form method="post" action="\(TrainingPaths.programmeQuestions(p.id))">\(Layout.csrfField(req))
            <label for="q-text">\(s["training.field.question"])</label><textarea id="q-text" name="text" rows="2" maxlength="1000" required>\(question.form.text ?? "")</textarea>
            <label for="q-choices">\(s["training.field.choices"])</label><textarea id="q-choices" name="choices" rows="4" required aria-describedby="q-choices-hint">\(question.form.choices ?? "")</textarea>
            <p class="hint" id="q-choices-hint">\(s["training.hint.choices"])</p>
            \(field("correct", s["training.field.correct"], question.form.correct, id: "q-correct", type: "number", extra: " min=\"1\" max=\"10\" required"))
            <p><button type="submit">\(s["training.addQuestion"])</button></p></form>
            """
        let test: HTML = """
            <section aria-labelledby="test"><h2 id="test">\(s["training.test"])</h2><p>\(s["training.testExplained"])</p>
            \(questions.isEmpty ? "<p>\(s["training.noQuestions"])</p>" : "<ol>\(questionItems)</ol>" as HTML)\(newQuestion)</section>
            """
        return Layout.page(p.title, req, flash: req.query[String.self, at: "saved"] == nil ? nil : s["training.saved"], """
            <p><a href="\(TrainingPaths.home())">\(s["training.title"])</a></p>
            <dl><dt>\(s["training.field.delivery"])</dt><dd>\(s["delivery." + p.delivery])</dd><dt>\(s["training.field.hours"])</dt><dd>\(p.hours)</dd>
            <dt>\(s["training.field.targetGroups"])</dt><dd>\(p.targetGroups.map { s["targetGroup." + $0] }.joined(separator: ", "))</dd>
            <dt>\(s["training.field.language"])</dt><dd>\(p.language)</dd><dt>\(s["training.field.requiredPercent"])</dt><dd>\(p.requiredPercent) %</dd></dl>
            \(p.description.isEmpty ? "" : "<p>\(p.description)</p>" as HTML)
            <p><a href="\(TrainingPaths.programmeReach(p.id))">\(s["training.reach"])</a></p>
            \(cohorts)\(newCohort)\(test)
            """)
    }

    @Sendable static func addQuestion(req: Request) async throws -> Response {
        let form = try req.content.decode(QuestionForm.self)
        let (input, unreadable) = form.read()
        return try await FormKit.saveOrShow(req, save: {
            if !unreadable.isEmpty { throw ValidationErrors(unreadable) }
            _ = try await TrainingService.addQuestion(programmeID: try req.uuid("programmeID"), input, by: try req.caller())
            return Pages.seeOther("\(TrainingPaths.programme(try req.uuid("programmeID")))?saved=1#test")
        }, show: { try await programmePage(req, form: CohortForm(capacity: "25"), errors: [], question: (form, $0)) })
    }

    @Sendable static func createCohort(req: Request) async throws -> Response {
        let form = try req.content.decode(CohortForm.self)
        let (input, unreadable) = form.read()
        return try await FormKit.saveOrShow(req, save: {
            if !unreadable.isEmpty { throw ValidationErrors(unreadable) }
            let created = try await TrainingService.createCohort(programmeID: try req.uuid("programmeID"), input, by: try req.caller())
            return Pages.seeOther("\(TrainingPaths.cohort(created.id))?saved=cohort")
        }, show: { try await programmePage(req, form: form, errors: $0) })
    }

    // MARK: a cohort: sessions, enrolments, certificates

    struct SessionForm: Content {
        /// A graduate who passes the training on is named by their certificate's code: bounded, and it names nobody else.
        var title: String?, day: String?, from: String?, to: String?, place: String?, trainerID: String?, trainerCertificate: String?

        /// The session in the reader's time: a day and two clock times, as a coordinator plans one.
        func read(trainerParticipant: UUID?) -> TrainingInput.Session {
            func instant(_ time: String?) -> String? {
                guard let day = day?.trimmed, let time = time?.trimmed else { return nil }
                return Pages.instant("\(day)T\(time)")
            }
            return TrainingInput.Session(title: title, startsAt: instant(from), endsAt: instant(to), place: place,
                                         trainerID: trainerID?.trimmed.flatMap(UUID.init(uuidString:)),
                                         trainerParticipantID: trainerParticipant)
        }
    }

    struct ParticipantForm: Content {
        var name: String?, institution: String?, position: String?, sex: String?, targetGroup: String?, contact: String?, consent: String?
        /// The colleague's Safeguard username, when the person works here.
        var confirmNew: String?, colleague: String?
        var regionID: String?

        var input: TrainingInput.Participant {
            // an id no region has when what came is not an id, so that the store names the field
            let region = regionID?.trimmed.map { UUID(uuidString: $0) ?? UUID(uuidString: "00000000-0000-0000-0000-000000000000")! }
            return TrainingInput.Participant(name: name, institution: institution, position: position, sex: sex, targetGroup: targetGroup, contact: contact,
                                             regionID: region, consent: consent == "on" || consent == "true", confirmNew: confirmNew == "true")
        }
    }

    /// What a refused form on the cohort page brings back.
    enum Refused {
        case session(SessionForm, [FieldError])
        case participant(ParticipantForm, [FieldError])
        case duplicate(ParticipantForm, existing: UUID)
        case certificates([FieldError])
    }

    static let sessionPlaces: FormKit.Places = [
        "title": ("s-title", "training.field.sessionTitle"), "startsAt": ("s-day", "training.field.day"), "endsAt": ("s-to", "training.field.to"),
        "place": ("s-place", "training.field.place"), "trainerID": ("s-trainer", "training.field.trainer"),
        "trainerParticipantID": ("s-cascade", "training.field.trainerParticipant"), "trainerCertificate": ("s-cascade", "training.field.trainerParticipant"),
    ]
    static let participantPlaces: FormKit.Places = [
        "name": ("p-name", "training.field.name"), "institution": ("p-institution", "training.field.institution"),
        "position": ("p-position", "training.field.position"), "sex": ("p-sex", "training.field.sex"),
        "targetGroup": ("p-targetGroup", "training.field.targetGroup"), "contact": ("p-contact", "training.field.contact"),
        "consent": ("p-consent", "training.field.consent"), "participantID": ("p-name", "training.field.name"),
        "userID": ("p-user", "training.field.colleague"), "colleague": ("p-user", "training.field.colleague"),
        "regionID": ("p-region", "training.field.region"),
    ]

    @Sendable static func cohort(req: Request) async throws -> HTML {
        try await cohortPage(req, refused: nil)
    }

    static func cohortPage(_ req: Request, refused: Refused?) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor()
        let caller = try req.caller()
        let c = try await TrainingService.cohort(try req.uuid("cohortID"), by: caller)
        let manages = AccessPolicy.allows(actor.roles, .trainingManage)
        let csrf = Layout.csrfField(req)
        let regions = manages ? try await AccountService.regions(on: req.sql) : []

        let keepsRegisters = AccessPolicy.allows(actor.roles, .trainingAttendance)
        let sessionRows: [HTML] = c.sessions.map { x in
            let title: HTML = keepsRegisters ? "<a href=\"\(TrainingPaths.sessionRegister(x.id))\">\(x.title)</a>" : "\(x.title)"
            let feedback: HTML = keepsRegisters ? "<td><a href=\"\(TrainingPaths.sessionFeedback(x.id))\" aria-label=\"\(s.format("feedback.title", ["session": x.title]))\">\(s["feedback.link"])</a></td>" : ""
            return """
            <tr><td>\(title)</td><td>\(Layout.date(x.startsAt))</td>
            <td>\(minutes(x.minutes, s))</td><td>\(x.place)</td><td>\(x.trainerName ?? x.trainerParticipantName ?? "")</td>\(feedback)</tr>
            """
        }
        let sessions: HTML = c.sessions.isEmpty ? "<p>\(s["training.noSessions"])</p>" : """
            <table><caption>\(s["training.sessions"])</caption><thead><tr><th scope="col">\(s["training.field.sessionTitle"])</th><th scope="col">\(s["common.when"])</th>
            <th scope="col">\(s["training.length"])</th><th scope="col">\(s["training.field.place"])</th><th scope="col">\(s["training.field.trainer"])</th>
            \(keepsRegisters ? "<th scope=\"col\">\(s["feedback.heading"])</th>" : "" as HTML)</tr></thead>
            <tbody>\(sessionRows)</tbody></table>
            """

        let enrolmentRows: [HTML] = c.enrolments.map { e in
            let status: String = e.waitlistPosition.map { s.format("training.waitlistPosition", ["position": String($0)]) } ?? s["enrolment." + e.status]
            let certificate: HTML = e.certificate.map { k in
                // the printable certificate is the coordinator's; others see its code
                let code: HTML = manages ? "<a href=\"\(TrainingPaths.certificate(k.id))\">\(k.code)</a>" : "\(k.code)"
                return "\(code)\(k.revoked ? " (\(s["training.revoked"]))" : "")"
            } ?? (e.completed ? "\(s["training.completed"])" : "")
            let cancel: HTML = manages && e.status != EnrolmentStatus.cancelled.rawValue ? """
                <form method="post" action="\(TrainingPaths.enrolmentCancel(e.id))" class="inline">\(csrf)
                <button type="submit" aria-label="\(s.format("training.cancelFor", ["name": e.name]))">\(s["training.cancel"])</button></form>
                """ : ""
            let who: HTML = e.selfRegistered ? "\(e.name) <span class=\"hint\">(\(s["training.selfRegistered"]))</span>" : "\(e.name)"
            let needs: HTML = e.needs.map { "<br><span class=\"hint\">\(s["training.field.needs"]): \($0)</span>" } ?? ""
            return "<tr><td>\(who)\(needs)</td><td>\(e.institution)</td><td>\(status)</td><td>\(e.attendedPercent) %</td><td>\(certificate)</td><td>\(cancel)</td></tr>"
        }
        let enrolled = c.enrolments.filter { $0.status == EnrolmentStatus.enrolled.rawValue }.count
        let enrolments: HTML = c.enrolments.isEmpty ? "<p>\(s["training.noEnrolments"])</p>" : """
            <table><caption>\(s.format("training.enrolledOf", ["enrolled": String(enrolled), "capacity": String(c.capacity)]))</caption>
            <thead><tr><th scope="col">\(s["training.field.name"])</th><th scope="col">\(s["training.field.institution"])</th><th scope="col">\(s["training.status"])</th>
            <th scope="col">\(s["training.attended"])</th><th scope="col">\(s["training.certificate"])</th><th scope="col"><span class="visually-hidden">\(s["training.actions"])</span></th></tr></thead>
            <tbody>\(enrolmentRows)</tbody></table>
            """

        var forms: HTML = ""
        if manages {
            var sessionForm = SessionForm(day: c.startsOn, from: "09:00", to: "12:00")
            var sessionErrors: [FieldError] = []
            var participantForm = ParticipantForm()
            var participantErrors: [FieldError] = []
            var duplicateNotice: HTML = ""
            var certificateErrors: [FieldError] = []
            switch refused {
            case .session(let form, let errors): (sessionForm, sessionErrors) = (form, errors)
            case .participant(let form, let errors): (participantForm, participantErrors) = (form, errors)
            case .duplicate(let form, let existing):
                participantForm = form
                duplicateNotice = """
                    <div class="errors" role="alert" tabindex="-1" autofocus><p>\(s["training.duplicate"])</p>
                    <form method="post" action="\(TrainingPaths.cohortEnrolments(c.id))" class="inline">\(csrf)<input type="hidden" name="participantID" value="\(existing.uuidString)">
                    <button type="submit">\(s["training.enrolRegistered"])</button></form></div>
                    """
            case .certificates(let errors): certificateErrors = errors
            case nil: break
            }
            let trainerOptions = try await trainerOptions(actor.organisationID, selected: sessionForm.trainerID.flatMap { UUID(uuidString: $0) }, on: req.sql)
            let cascade = field("trainerCertificate", s["training.field.trainerParticipant"], sessionForm.trainerCertificate, id: "s-cascade",
                                hint: s["training.hint.trainerParticipant"], extra: " maxlength=\"40\" autocomplete=\"off\"")
            let consent: HTML = participantForm.consent == nil ? "" : " checked"
            let confirm: HTML = duplicateNotice.text.isEmpty ? "" : "<p class=\"check\"><input type=\"checkbox\" id=\"p-confirmNew\" name=\"confirmNew\" value=\"true\"> <label for=\"p-confirmNew\">\(s["training.confirmNew"])</label></p>"
            forms = """
                <section aria-labelledby="enrol"><h2 id="enrol">\(s["training.enrol"])</h2>
                \(duplicateNotice)\(FormKit.errorSummary(participantErrors, places: participantPlaces, s))
                <form method="post" action="\(TrainingPaths.cohortEnrolments(c.id))">\(csrf)
                \(field("name", s["training.field.name"], participantForm.name, id: "p-name", extra: " required maxlength=\"200\""))
                \(field("institution", s["training.field.institution"], participantForm.institution, id: "p-institution", extra: " required maxlength=\"200\""))
                \(field("position", s["training.field.position"], participantForm.position, id: "p-position", extra: " maxlength=\"200\""))
                \(Layout.select("sex", label: s["training.field.sex"], options: Sex.allCases.map(\.rawValue), labelPrefix: "sex.", selected: participantForm.sex, strings: s, emptyKey: "common.choose", required: true, id: "p-sex"))
                \(Layout.select("targetGroup", label: s["training.field.targetGroup"], options: TargetGroup.allCases.map(\.rawValue), labelPrefix: "targetGroup.", selected: participantForm.targetGroup, strings: s, emptyKey: "common.choose", required: true, id: "p-targetGroup"))
                \(field("contact", s["training.field.contact"], participantForm.contact, id: "p-contact", hint: s["training.hint.contact"], extra: " maxlength=\"200\""))
                <label for="p-region">\(s["training.field.region"])</label><select id="p-region" name="regionID"><option value="">\(s["common.notRecorded"])</option>\(regions.map { r -> HTML in
                    "<option value=\"\(r.id.uuidString)\"\(participantForm.regionID == r.id.uuidString ? " selected" : "" as HTML)>\(s.region(r.name))</option>" })</select>
                \(field("colleague", s["training.field.colleague"], participantForm.colleague, id: "p-user", hint: s["training.hint.colleague"],
                        extra: " maxlength=\"100\" autocomplete=\"off\""))
                <p class="check"><input type="checkbox" id="p-consent" name="consent" value="true"\(consent) required> <label for="p-consent">\(s["training.field.consent"])</label></p>
                \(confirm)<p><button type="submit">\(s["training.enrolButton"])</button></p></form></section>
                <section aria-labelledby="new-session"><h2 id="new-session">\(s["training.newSession"])</h2>
                \(AccessPolicy.allows(actor.roles, .roomBook) ? "<p><a href=\"\(RoomPaths.rooms())?cohort=\(c.id.uuidString)\">\(s["training.bookRoom"])</a></p>" : "" as HTML)
                \(FormKit.errorSummary(sessionErrors, places: sessionPlaces, s))
                <form method="post" action="\(TrainingPaths.cohortSessions(c.id))">\(csrf)
                \(field("title", s["training.field.sessionTitle"], sessionForm.title, id: "s-title", extra: " required maxlength=\"200\""))
                \(field("day", s["training.field.day"], sessionForm.day, id: "s-day", type: "date", extra: " required"))
                \(field("from", s["training.field.from"], sessionForm.from, id: "s-from", type: "time", extra: " required"))
                \(field("to", s["training.field.to"], sessionForm.to, id: "s-to", type: "time", extra: " required"))
                \(field("place", s["training.field.place"], sessionForm.place, id: "s-place", hint: s["training.hint.place"], extra: " required maxlength=\"300\""))
                <label for="s-trainer">\(s["training.field.trainer"])</label><select id="s-trainer" name="trainerID"><option value="">\(s["common.notRecorded"])</option>\(trainerOptions)</select>
                \(cascade)
                <p><button type="submit">\(s["common.save"])</button></p></form></section>
                <section aria-labelledby="certificates"><h2 id="certificates">\(s["training.certificates"])</h2>
                \(FormKit.errorSummary(certificateErrors, places: [:], s))
                <p>\(s.format("training.completionRule", ["percent": String(c.requiredPercent), "scheduled": minutes(c.scheduledMinutes, s)]))</p>
                <form method="post" action="\(TrainingPaths.cohortCertificates(c.id))">\(csrf)<button type="submit">\(s["training.issueCertificates"])</button></form></section>
                """
        }
        let results = try await TrainingService.testResults(cohortID: c.id, by: caller)
        let enter: HTML = keepsRegisters ? """
            <p><a href="\(TrainingPaths.cohortTests(c.id))?kind=pre">\(s["training.enterPre"])</a> · <a href="\(TrainingPaths.cohortTests(c.id))?kind=post">\(s["training.enterPost"])</a></p>
            """ : ""
        let gain: HTML = """
            <section aria-labelledby="gain"><h2 id="gain">\(s["training.knowledgeGain"])</h2>
            \(results.gain.map { KnowledgeGainView.render($0, s) } ?? "<p>\(s["training.noGain"])</p>")\(enter)</section>
            """
        let feedback = try await TrainingService.feedback(cohortID: c.id, by: caller)
        let feedbackSection: HTML = """
            <section aria-labelledby="feedback"><h2 id="feedback">\(s["feedback.heading"])</h2>\(FeedbackPages.render(feedback, s))</section>
            """
        let flash: String? = req.query[String.self, at: "saved"].map { s["training.saved." + $0] }
        return Layout.page("\(c.programmeTitle) · \(c.name)", req, flash: flash, """
            <p><a href="\(TrainingPaths.programme(c.programmeID))">\(c.programmeTitle)</a></p>
            <p>\(c.startsOn) – \(c.endsOn)</p>
            \(c.openRegistration ? "<p>\(s["training.publicPage"]) <a href=\"\(TrainingPaths.openCohort(c.id))\">\(TrainingPaths.openCohort(c.id))</a></p>" : "" as HTML)
            \(sessions)
            <h2>\(s["training.enrolments"])</h2>\(enrolments)
            \(gain)\(feedbackSection)\(forms)
            """)
    }

    @Sendable static func createSession(req: Request) async throws -> Response {
        let form = try req.content.decode(SessionForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let caller = try req.caller()
            var trainer: UUID?
            if let code = form.trainerCertificate?.trimmed { trainer = try await TrainingService.holder(ofCertificate: code, by: caller) }
            _ = try await TrainingService.createSession(cohortID: try req.uuid("cohortID"), form.read(trainerParticipant: trainer), by: caller)
            return Pages.seeOther("\(TrainingPaths.cohort(try req.uuid("cohortID")))?saved=session")
        }, show: { try await cohortPage(req, refused: .session(form, $0)) })
    }

    /// Enrols a registered person (`participantID`), or registers the person typed and enrols them.
    @Sendable static func enrol(req: Request) async throws -> Response {
        let cohortID = try req.uuid("cohortID")
        if let participant = try? req.content.get(UUID.self, at: "participantID") {
            let result = try await TrainingService.enrol(cohortID: cohortID, .init(participantID: participant), by: try req.caller())
            return Pages.seeOther("\(TrainingPaths.cohort(cohortID))?saved=\(result.status)")
        }
        let form = try req.content.decode(ParticipantForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let caller = try req.caller()
            var input = form.input
            if let username = form.colleague?.trimmed { input.userID = try await TrainingService.colleague(username: username, by: caller) }
            switch try await TrainingService.enrolNewParticipant(cohortID: cohortID, input, by: caller) {
            case .enrolled(let result): return Pages.seeOther("\(TrainingPaths.cohort(cohortID))?saved=\(result.status)")
            case .possibleDuplicate(let existing):
                let response = try await cohortPage(req, refused: .duplicate(form, existing: existing)).encodeResponse(for: req)
                response.status = .conflict
                return response
            }
        }, show: { try await cohortPage(req, refused: .participant(form, $0)) })
    }

    @Sendable static func cancel(req: Request) async throws -> Response {
        let cancelled = try await TrainingService.cancel(enrolmentID: try req.uuid("enrolmentID"), by: try req.caller())
        return Pages.seeOther("\(TrainingPaths.cohort(cancelled.cohortID))?saved=cancelled")
    }

    @Sendable static func issueCertificates(req: Request) async throws -> Response {
        let cohortID = try req.uuid("cohortID")
        return try await FormKit.saveOrShow(req, save: {
            let issued = try await TrainingService.issueCertificates(cohortID: cohortID, .init(), by: try req.caller())
            return Pages.seeOther("\(TrainingPaths.cohort(cohortID))?saved=\(issued.isEmpty ? "noCertificates" : "certificates")")
        }, show: { try await cohortPage(req, refused: .certificates($0)) })
    }

    // MARK: registering oneself for an open event

    static let selfPlaces: FormKit.Places = [
        "name": ("name", "training.field.name"), "institution": ("institution", "training.field.institution"), "position": ("position", "training.field.position"),
        "sex": ("sex", "training.field.sex"), "targetGroup": ("targetGroup", "training.field.targetGroup"), "contact": ("contact", "training.field.contact"),
        "needs": ("needs", "training.field.needs"), "consent": ("consent", "training.field.selfConsent"),
    ]

    struct SelfForm: Content {
        var name: String?, institution: String?, position: String?, sex: String?, targetGroup: String?, contact: String?, needs: String?, consent: String?

        var input: TrainingInput.SelfRegistration {
            .init(name: name, institution: institution, position: position, sex: sex, targetGroup: targetGroup, contact: contact, needs: needs,
                  consent: consent == "true" || consent == "on")
        }
    }

    /// Public: an open seminar or workshop, and the form to register for it.
    @Sendable static func openCohort(req: Request) async throws -> HTML {
        try await openCohortPage(req, form: SelfForm(), errors: [])
    }

    static func openCohortPage(_ req: Request, form: SelfForm, errors: [FieldError]) async throws -> HTML {
        let s = req.strings
        let c = try await TrainingService.openCohort(try req.uuid("cohortID"), app: req.application)
        let sessions: [HTML] = c.sessions.map { "<li>\(Layout.date($0.startsAt)) · \($0.title) · \($0.place)</li>" }
        let places = c.placesLeft > 0 ? s.format("training.placesLeft", ["count": String(c.placesLeft)]) : s["training.full"]
        let consent: HTML = form.consent == nil ? "" : " checked"
        return Layout.page(s.format("training.registerFor", ["programme": c.programmeTitle]), req, """
            <p>\(c.organisationName) · \(c.name) · \(c.startsOn) – \(c.endsOn)</p>
            \(c.description.isEmpty ? "" : "<p>\(c.description)</p>" as HTML)
            <ul>\(sessions)</ul>
            <p><strong>\(places)</strong></p>
            \(FormKit.errorSummary(errors, places: selfPlaces, s))
            <form method="post" action="\(TrainingPaths.openCohort(c.id))">
            \(field("name", s["training.field.name"], form.name, extra: " required maxlength=\"200\" autocomplete=\"name\""))
            \(field("institution", s["training.field.institution"], form.institution, extra: " required maxlength=\"200\" autocomplete=\"organization\""))
            \(field("position", s["training.field.position"], form.position, extra: " maxlength=\"200\" autocomplete=\"organization-title\""))
            \(Layout.select("sex", label: s["training.field.sex"], options: Sex.allCases.map(\.rawValue), labelPrefix: "sex.", selected: form.sex, strings: s, emptyKey: "common.choose", required: true))
            \(Layout.select("targetGroup", label: s["training.field.targetGroup"], options: TargetGroup.allCases.map(\.rawValue), labelPrefix: "targetGroup.", selected: form.targetGroup, strings: s, emptyKey: "common.choose", required: true))
            \(field("contact", s["training.field.contact"], form.contact, hint: s["training.hint.selfContact"], extra: " required maxlength=\"200\""))
            <label for="needs">\(s["training.field.needs"])</label><textarea id="needs" name="needs" rows="2" maxlength="1000" aria-describedby="needs-hint">\(form.needs ?? "")</textarea>
            <p class="hint" id="needs-hint">\(s["training.hint.needs"])</p>
            <p class="check"><input type="checkbox" id="consent" name="consent" value="true"\(consent) required> <label for="consent">\(s["training.field.selfConsent"])</label></p>
            <p><button type="submit">\(s["training.registerButton"])</button></p></form>
            """)
    }

    @Sendable static func registerSelf(req: Request) async throws -> Response {
        let form = try req.content.decode(SelfForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let result = try await TrainingService.registerSelf(cohortID: try req.uuid("cohortID"), form.input, client: req.clientAddress ?? "unknown", app: req.application)
            let s = req.strings
            return try await Layout.page(s["training.registered"], req, """
                <div class="flash" role="status"><p>\(s["training.registered." + result.status])</p></div>
                """).encodeResponse(for: req)
        }, show: { try await openCohortPage(req, form: form, errors: $0) })
    }

    // MARK: mandatory training

    static let requirementPlaces: FormKit.Places = [
        "programmeID": ("r-programme", "training.field.title"), "role": ("r-role", "training.field.role"),
        "withinDays": ("r-within", "training.field.withinDays"), "refreshMonths": ("r-refresh", "training.field.refreshMonths"),
    ]

    @Sendable static func compliance(req: Request) async throws -> HTML {
        try await compliancePage(req, errors: [])
    }

    static func compliancePage(_ req: Request, errors: [FieldError]) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor(), caller = try req.caller()
        let status = req.query[String.self, at: "status"].flatMap { $0.isEmpty ? nil : $0 }
        let number = min(max(req.query[Int.self, at: "page"] ?? 1, 1), 10_000)
        let everyone = try await TrainingService.compliance(status: nil, by: caller)
        if let status, TrainingCompliance.Status(rawValue: status) == nil { throw AppError.invalid("status", "one of compliant, pending, due, overdue") }
        // the most urgent first, a page of them at a time: a supervisor of 2,000 acts on those overdue
        let urgency = Dictionary(uniqueKeysWithValues: TrainingCompliance.Status.allCases.reversed().enumerated().map { ($1.rawValue, $0) })
        let chosen = everyone.filter { status == nil || $0.status == status }
            .sorted { (urgency[$0.status] ?? 0, $0.deadline ?? "9999", $0.name) < (urgency[$1.status] ?? 0, $1.deadline ?? "9999", $1.name) }
        let perPage = 100
        let standings = chosen.dropFirst((number - 1) * perPage).prefix(perPage)
        let requirements = try await TrainingService.requirements(by: caller)
        let counts: [HTML] = TrainingCompliance.Status.allCases.reversed().map { kind in
            let n = everyone.filter { $0.status == kind.rawValue }.count
            return "<li><a href=\"\(TrainingPaths.compliance())?status=\(kind.rawValue)\">\(s["compliance." + kind.rawValue])</a>: \(n)</li>"
        }
        let rows: [HTML] = standings.map { x in
            let label: HTML = x.status == TrainingCompliance.Status.overdue.rawValue ? "<strong>\(s["compliance." + x.status])</strong>" : "\(s["compliance." + x.status])"
            return "<tr><td>\(x.name)</td><td>\(s["role." + x.role])</td><td>\(x.programmeTitle)</td><td>\(x.completedOn ?? "")</td><td>\(x.deadline ?? "")</td><td>\(label)</td></tr>"
        }
        let filter = Layout.select("status", label: s["training.status"], options: TrainingCompliance.Status.allCases.map(\.rawValue), labelPrefix: "compliance.",
                                   selected: status, strings: s)
        let table: HTML = standings.isEmpty ? "<p>\(s["training.noStandings"])</p>" : """
            <table><caption>\(s["training.compliance"])</caption><thead><tr><th scope="col">\(s["training.field.name"])</th><th scope="col">\(s["training.field.role"])</th>
            <th scope="col">\(s["training.field.title"])</th><th scope="col">\(s["training.completedOn"])</th><th scope="col">\(s["training.deadline"])</th>
            <th scope="col">\(s["training.status"])</th></tr></thead><tbody>\(rows)</tbody></table>
            \(Layout.pager(TrainingPaths.compliance(), filters: [("status", status)], page: number, hasMore: chosen.count > number * perPage, strings: s))
            """
        let requirementItems: [HTML] = requirements.map { r in
            let refresh = r.refreshMonths.map { s.format("training.refreshEvery", ["months": String($0)]) } ?? s["training.refreshNever"]
            return "<li>\(s["role." + r.role]): \(r.programmeTitle) · \(s.format("training.withinDaysOfStarting", ["days": String(r.withinDays)])) · \(refresh)</li>"
        }
        var form: HTML = ""
        if AccessPolicy.allows(actor.roles, .trainingManage) {
            let programmes = try await TrainingService.programmes(by: caller)
            let options: [HTML] = programmes.map { "<option value=\"\($0.id.uuidString)\">\($0.title)</option>" }
            form = """
                <section aria-labelledby="new-requirement"><h2 id="new-requirement">\(s["training.newRequirement"])</h2>
                \(FormKit.errorSummary(errors, places: requirementPlaces, s))
                <form method="post" action="\(TrainingPaths.requirements())">\(Layout.csrfField(req))
                <label for="r-programme">\(s["training.field.title"])</label><select id="r-programme" name="programmeID" required><option value="">\(s["common.choose"])</option>\(options)</select>
                \(Layout.select("role", label: s["training.field.role"], options: Role.allCases.map(\.rawValue), labelPrefix: "role.", selected: nil, strings: s,
                                emptyKey: "common.choose", required: true, id: "r-role"))
                \(field("withinDays", s["training.field.withinDays"], "365", id: "r-within", type: "number", extra: " min=\"1\" max=\"3650\" required"))
                \(field("refreshMonths", s["training.field.refreshMonths"], "36", id: "r-refresh", type: "number", hint: s["training.hint.refreshMonths"], extra: " min=\"1\" max=\"240\""))
                <p><button type="submit">\(s["common.save"])</button></p></form></section>
                """
        }
        return Layout.page(s["training.compliance"], req, """
            <h2>\(s["training.requirements"])</h2>\(requirements.isEmpty ? "<p>\(s["training.noRequirements"])</p>" : "<ul>\(requirementItems)</ul>" as HTML)
            <h2>\(s.format("training.complianceCounts", ["people": String(everyone.count)]))</h2><ul>\(counts)</ul>
            <form method="get" action="\(TrainingPaths.compliance())">\(filter) <button type="submit">\(s["filter.apply"])</button></form>
            \(table)\(form)
            """)
    }

    struct RequirementForm: Content { var programmeID: String?, role: String?, withinDays: String?, refreshMonths: String? }

    @Sendable static func createRequirement(req: Request) async throws -> Response {
        let form = try req.content.decode(RequirementForm.self)
        return try await FormKit.saveOrShow(req, save: {
            var unreadable: [FieldError] = []
            func number(_ text: String?, _ field: String) -> Int? {
                guard let text = text?.trimmed else { return nil }
                if Int(text) == nil { unreadable.append(FieldError(field, "a whole number")) }
                return Int(text)
            }
            let input = MandatoryTraining.RequirementInput(programmeID: form.programmeID?.trimmed.flatMap(UUID.init(uuidString:)), role: form.role,
                                                           withinDays: number(form.withinDays, "withinDays"), refreshMonths: number(form.refreshMonths, "refreshMonths"))
            if !unreadable.isEmpty { throw ValidationErrors(unreadable) }
            _ = try await TrainingService.createRequirement(input, by: try req.caller())
            return Pages.seeOther(TrainingPaths.compliance())
        }, show: { try await compliancePage(req, errors: $0) })
    }

    /// The signed-in person's own training record, for their account page.
    static func myRecord(_ req: Request) async throws -> HTML {
        let s = req.strings
        let mine = try await TrainingService.mine(by: try req.caller())
        guard !mine.requirements.isEmpty || !mine.certificates.isEmpty || !mine.sessions.isEmpty else { return "" }
        let requirements: [HTML] = mine.requirements.map { x in
            let deadline = x.deadline.map { " · " + s.format("training.deadlineOn", ["date": $0]) } ?? ""
            return "<li>\(x.programmeTitle): <strong>\(s["compliance." + x.status])</strong>\(deadline)</li>"
        }
        let certificates: [HTML] = mine.certificates.map { k in
            let download: HTML = k.revoked ? "" : " · <a href=\"\(TrainingPaths.myCertificatePDF(k.id))\" download>\(s["training.certificatePDF"])</a>"
            return "<li>\(k.programmeTitle) · \(k.cohortName) · \(Layout.date(k.issuedAt)) · \(k.code)\(k.revoked ? " (\(s["training.revoked"]))" : "")\(download)</li>"
        }
        let now = Date()
        let sessions: [HTML] = mine.sessions.map { x in
            // feedback opens when the session begins
            let feedback: HTML = x.startsAt > now ? "" : " · <a href=\"\(TrainingPaths.myFeedback(x.id))\">\(s[x.feedbackGiven ? "feedback.change" : "feedback.give"])</a>"
            return "<li>\(Layout.date(x.startsAt)) · \(x.programmeTitle) · \(x.title) · \(x.place)\(feedback)</li>"
        }
        return """
            <section aria-labelledby="training"><h2 id="training">\(s["training.myRecord"])</h2>
            \(requirements.isEmpty ? "" : "<ul>\(requirements)</ul>" as HTML)\(certificates.isEmpty ? "" : "<h3>\(s["training.certificates"])</h3><ul>\(certificates)</ul>" as HTML)
            \(sessions.isEmpty ? "" : "<h3 id=\"training-sessions\">\(s["training.mySessions"])</h3><ul>\(sessions)</ul>" as HTML)
            </section>
            """
    }

    // MARK: the cascade

    @Sendable static func reach(req: Request) async throws -> HTML {
        let s = req.strings
        let caller = try req.caller()
        let id = try req.uuid("programmeID")
        let p = try await TrainingService.programme(id, by: caller)
        let r = try await TrainingService.reach(programmeID: id, by: caller)
        func breakdown(_ counts: [String: Int], _ prefix: String?) -> String {
            counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { key, count in "\(prefix.map { s[$0 + key] } ?? key) \(count)" }
                .joined(separator: " · ")
        }
        let rows: [HTML] = r.generations.map { g in
            """
            <tr><th scope="row">\(s.format("training.generation", ["n": String(g.generation)]))</th><td>\(g.people)</td>
            <td>\(breakdown(g.byTargetGroup, "targetGroup."))</td><td>\(breakdown(g.bySex, "sex."))</td><td>\(breakdown(g.byInstitution, nil))</td></tr>
            """
        }
        let table: HTML = r.generations.isEmpty ? "<p>\(s["training.noReach"])</p>" : """
            <table><caption>\(s.format("training.reachTotal", ["total": String(r.total)]))</caption>
            <thead><tr><th scope="col">\(s["training.generationColumn"])</th><th scope="col">\(s["training.people"])</th>
            <th scope="col">\(s["training.field.targetGroups"])</th><th scope="col">\(s["training.field.sex"])</th><th scope="col">\(s["training.field.institution"])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return Layout.page(s.format("training.reachTitle", ["programme": p.title]), req, """
            <p><a href="\(TrainingPaths.programme(id))">\(p.title)</a></p>
            <p>\(s["training.reachExplained"])</p>
            \(table)\(CascadeDrawing.svg(r, programme: p.title, s))
            """)
    }

    // MARK: pre- and post-tests

    /// One participant's answers to the programme's test, entered from their paper or on a phone.
    @Sendable static func testForm(req: Request) async throws -> HTML {
        try await testPage(req, typed: TestForm(kind: req.query[String.self, at: "kind"]), errors: [])
    }

    struct TestForm: Content {
        /// By question number from 0: a question left unanswered is missing, not a reason to shift the others.
        var kind: String?, participantID: String?, answers: [String: String]?

        var answerList: [Int?] {
            let given = answers ?? [:]
            // Only question numbers a test can have: a form posting answers[-2] or a huge number is not a test.
            let count = (given.keys.compactMap { Int($0) }.filter { (0..<1_000).contains($0) }.max() ?? -1) + 1
            return (0..<count).map { given[String($0)].flatMap { Int($0) } }
        }
    }

    static func testPage(_ req: Request, typed: TestForm, errors: [FieldError]) async throws -> HTML {
        let s = req.strings
        let caller = try req.caller()
        let c = try await TrainingService.cohort(try req.uuid("cohortID"), by: caller)
        let questions = try await TrainingService.questions(programmeID: c.programmeID, by: caller)
        let people: [HTML] = c.enrolments.filter { $0.status == EnrolmentStatus.enrolled.rawValue }.map { e in
            let selected: HTML = typed.participantID == e.participantID.uuidString ? " selected" : ""
            return "<option value=\"\(e.participantID.uuidString)\"\(selected)>\(e.name) · \(e.institution)</option>"
        }
        let kinds: [HTML] = TestKind.allCases.map { kind in
            let checked: HTML = (typed.kind ?? "pre") == kind.rawValue ? " checked" : ""
            return "<span class=\"check\"><input type=\"radio\" id=\"kind-\(kind.rawValue)\" name=\"kind\" value=\"\(kind.rawValue)\"\(checked)> <label for=\"kind-\(kind.rawValue)\">\(s["testKind." + kind.rawValue])</label></span>"
        }
        let items: [HTML] = questions.enumerated().map { index, q in
            let given = typed.answers?[String(index)]
            let choices: [HTML] = q.choices.enumerated().map { choice, text in
                let checked: HTML = given == String(choice) ? " checked" : ""
                return "<span class=\"check\"><input type=\"radio\" id=\"a-\(index)-\(choice)\" name=\"answers[\(index)]\" value=\"\(choice)\"\(checked)> <label for=\"a-\(index)-\(choice)\">\(text)</label></span>"
            }
            return "<fieldset id=\"answers-\(index)\"><legend>\(index + 1). \(q.text)</legend>\(choices)</fieldset>"
        }
        let places: FormKit.Places = ["participantID": ("participantID", "training.field.name"), "kind": ("kind-pre", "training.field.testKind")]
        let scored = req.query[String.self, at: "scored"].map { $0.split(separator: "-").map(String.init) }
        let flash = scored.flatMap { $0.count == 2 ? s.format("training.scored", ["score": $0[0], "outOf": $0[1]]) : nil }
        return Layout.page(s.format("training.testTitle", ["cohort": c.name]), req, flash: errors.isEmpty ? flash : nil, """
            <p><a href="\(TrainingPaths.cohort(c.id))">\(c.programmeTitle) · \(c.name)</a></p>
            \(FormKit.errorSummary(errors, places: places, s))
            \(questions.isEmpty ? "<p>\(s["training.noQuestions"])</p>" as HTML : """
                <form method="post" action="\(TrainingPaths.cohortTests(c.id))">\(Layout.csrfField(req))
                <label for="participantID">\(s["training.field.name"])</label><select id="participantID" name="participantID" required>
                <option value="">\(s["common.choose"])</option>\(people)</select>
                <fieldset><legend>\(s["training.field.testKind"])</legend>\(kinds)</fieldset>
                \(items)
                <p class="savebar"><button type="submit">\(s["common.save"])</button></p></form>
                """)
            """)
    }

    @Sendable static func recordTest(req: Request) async throws -> Response {
        let typed = try req.content.decode(TestForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let input = TrainingAssessments.ResultInput(participantID: typed.participantID?.trimmed.flatMap(UUID.init(uuidString:)), kind: typed.kind,
                                                        answers: typed.answerList)
            let scored = try await TrainingService.recordTest(cohortID: try req.uuid("cohortID"), input, by: try req.caller())
            return Pages.seeOther("\(TrainingPaths.cohortTests(try req.uuid("cohortID")))?kind=\(typed.kind ?? "pre")&scored=\(scored.score)-\(scored.outOf)")
        }, show: { try await testPage(req, typed: typed, errors: $0) })
    }

    // MARK: the attendance register

    @Sendable static func register(req: Request) async throws -> HTML {
        let s = req.strings
        let sessionID = try req.uuid("sessionID")
        let r = try await TrainingService.register(sessionID: sessionID, by: try req.caller())
        let lines: [HTML] = r.lines.enumerated().map { index, line in
            let marks: [HTML] = AttendanceMark.allCases.map { mark in
                let checked: HTML = (line.mark ?? "") == mark.rawValue ? " checked" : ""
                return """
                    <span class="check"><input type="radio" id="m-\(index)-\(mark.rawValue)" name="marks[\(index)][mark]" value="\(mark.rawValue)"\(checked)> \
                    <label for="m-\(index)-\(mark.rawValue)">\(s["attendance." + mark.rawValue])</label></span>
                    """
            }
            return """
                <fieldset class="mark"><legend>\(line.name) <span class="hint">\(line.institution)</span></legend>
                <input type="hidden" name="marks[\(index)][participantID]" value="\(line.participantID.uuidString)">\(marks)</fieldset>
                """
        }
        let body: HTML = r.lines.isEmpty ? "<p>\(s["training.noEnrolments"])</p>" : """
            <form method="post" action="\(TrainingPaths.sessionRegister(sessionID))">\(Layout.csrfField(req))
            \(lines)
            <p class="savebar"><button type="submit">\(s["training.saveRegister"])</button>
            <button type="submit" name="restPresent" value="true">\(s["training.restPresent"])</button></p></form>
            """
        return Layout.page(s.format("training.registerTitle", ["session": r.session.title]), req,
                           flash: req.query[String.self, at: "saved"] == nil ? nil : s["training.saved.register"], """
            <p><a href="\(TrainingPaths.cohort(r.cohortID))">\(r.cohortName)</a> · \(Layout.date(r.session.startsAt)) · \(r.session.place)</p>
            <p><a href="\(TrainingPaths.sessionSignInSheet(sessionID))">\(s["training.signInSheet"])</a></p>
            \(body)
            """)
    }

    struct RegisterForm: Content {
        struct Line: Content { var participantID: UUID?; var mark: String? }
        var marks: [Line]?
        /// Everyone left unmarked was there: one press at the door instead of one per person.
        var restPresent: String?
    }

    @Sendable static func saveRegister(req: Request) async throws -> Response {
        let sessionID = try req.uuid("sessionID")
        let form = try req.content.decode(RegisterForm.self)
        // A person left unmarked is not marked yet, unless the rest were all present.
        let rest = form.restPresent == "true" ? AttendanceMark.present.rawValue : nil
        let marks = (form.marks ?? []).compactMap { line -> TrainingInput.Mark? in
            let mark = (line.mark ?? "").isEmpty ? rest : line.mark
            return mark.map { TrainingInput.Mark(participantID: line.participantID, mark: $0) }
        }
        _ = try await TrainingService.markAttendance(sessionID: sessionID, .init(marks: marks), by: try req.caller())
        return Pages.seeOther("\(TrainingPaths.sessionRegister(sessionID))?saved=1")
    }

    /// A printable sheet for people to sign at the door: one line per person enrolled.
    @Sendable static func signInSheet(req: Request) async throws -> HTML {
        let s = req.strings
        let r = try await TrainingService.register(sessionID: try req.uuid("sessionID"), by: try req.caller())
        let rows: [HTML] = r.lines.map { "<tr><td>\($0.name)</td><td>\($0.institution)</td><td class=\"signature\"></td></tr>" }
        return Layout.page(s.format("training.registerTitle", ["session": r.session.title]), req, """
            <p>\(r.cohortName) · \(Layout.date(r.session.startsAt)) · \(r.session.place)</p>
            <table class="sheet"><thead><tr><th scope="col">\(s["training.field.name"])</th><th scope="col">\(s["training.field.institution"])</th>
            <th scope="col">\(s["training.signature"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }

    // MARK: certificates

    @Sendable static func certificate(req: Request) async throws -> HTML {
        let s = req.strings
        let k = try await TrainingService.certificate(try req.uuid("certificateID"), by: try req.caller())
        let host = req.headers.first(name: .host) ?? "localhost"
        let revoke: HTML = k.revokedAt != nil ? "<p class=\"risk-red\"><strong>\(s["training.revoked"])</strong></p>" : """
            <form method="post" action="\(TrainingPaths.certificateRevoke(k.id))">\(Layout.csrfField(req))
            \(field("reason", s["common.reason"], nil, extra: " required minlength=\"3\" maxlength=\"500\""))
            <button type="submit">\(s["training.revoke"])</button></form>
            """
        return Layout.page(s["training.certificate"], req, """
            <article class="certificate">
            <p>\(k.organisationName)</p>
            <h2>\(s["training.certifies"])</h2>
            <p class="holder">\(k.name)</p>
            <p>\(s.format("training.certificateText", ["programme": k.programmeTitle, "cohort": k.cohortName, "hours": String(k.hours), "from": k.startsOn, "to": k.endsOn]))</p>
            <p>\(s["training.verifyAt"]) https://\(host)/verify/\(k.code)</p>
            <p>\(s["training.code"]): <strong>\(k.code)</strong> · \(Layout.date(k.issuedAt))</p>
            </article>
            <p><a href="\(TrainingPaths.certificatePDF(k.id))" download>\(s["training.certificatePDF"])</a></p>
            \(revoke)
            """)
    }

    /// The same certificate as a PDF to print or send.
    @Sendable static func certificatePDF(req: Request) async throws -> Response {
        pdf(try await TrainingService.certificate(try req.uuid("certificateID"), by: try req.caller()), req)
    }

    /// One's own certificate as a PDF, from one's training record.
    @Sendable static func ownCertificatePDF(req: Request) async throws -> Response {
        pdf(try await TrainingService.ownCertificate(try req.uuid("certificateID"), by: try req.caller()), req)
    }

    static func pdf(_ k: TrainingViews.Certificate, _ req: Request) -> Response {
        let s = req.strings
        let host = req.headers.first(name: .host) ?? "localhost"
        let lines: [CertificatePDF.Line] = (k.revokedAt == nil ? [] : [.init(s["training.revoked"], size: 18)]) + [
            .init(k.organisationName, size: 14), .init(s["training.certificate"], size: 30), .init(s["training.certifies"], size: 14), .init(k.name, size: 28),
            .init(s.format("training.certificateText", ["programme": k.programmeTitle, "cohort": k.cohortName, "hours": String(k.hours), "from": k.startsOn, "to": k.endsOn]), size: 13),
            .init("\(s["training.verifyAt"]) https://\(host)/verify/\(k.code)", size: 11),
            .init("\(s["training.code"]): \(k.code) · \(LocalTime.day(k.issuedAt, in: Layout.timeZone))", size: 11),
        ]
        let response = Response(status: .ok, body: .init(data: CertificatePDF.document(title: "\(s["training.certificate"]) \(k.code)", lines: lines)))
        response.headers.replaceOrAdd(name: .contentType, value: "application/pdf")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"certificate-\(k.code).pdf\"")
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    @Sendable static func revoke(req: Request) async throws -> Response {
        let id = try req.uuid("certificateID")
        try await TrainingService.revoke(certificateID: id, try req.content.decode(TrainingInput.Revocation.self), by: try req.caller())
        return Pages.seeOther(TrainingPaths.certificate(id))
    }

    /// Public: type or follow a code, see whether the certificate is genuine.
    @Sendable static func verify(req: Request) async throws -> Response {
        let s = req.strings
        let typed = req.parameters.get("code") ?? req.query[String.self, at: "code"]
        var result: HTML = ""
        var status = HTTPResponseStatus.ok
        if let typed, !typed.isEmpty {
            do {
                let v = try await TrainingService.verify(code: typed, app: req.application)
                result = v.revoked ? """
                    <div class="errors" role="alert"><p>\(s.format("verify.revoked", ["code": v.code]))</p></div>
                    """ : """
                    <div class="flash" role="status"><p>\(s.format("verify.genuine", ["name": v.name, "programme": v.programmeTitle, "date": v.issuedOn, "issuer": v.issuedBy]))</p></div>
                    """
            } catch AppError.notFound {
                status = .notFound
                result = "<div class=\"errors\" role=\"alert\"><p>\(s["verify.notFound"])</p></div>"
            } catch AppError.invalid {
                status = .unprocessableEntity
                result = "<div class=\"errors\" role=\"alert\"><p>\(s["verify.malformed"])</p></div>"
            }
        }
        let page = Layout.page(s["verify.title"], req, """
            \(result)
            <form method="get" action="\(TrainingPaths.verify())">
            \(field("code", s["training.code"], typed, hint: s["verify.hint"], extra: " required maxlength=\"40\" autocomplete=\"off\""))
            <p><button type="submit">\(s["verify.check"])</button></p></form>
            """)
        let response = try await page.encodeResponse(for: req)
        response.status = status
        return response
    }
}
