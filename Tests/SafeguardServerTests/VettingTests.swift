import Crypto
import Foundation
import NIOConcurrencyHelpers
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite struct VettingTests {
    static let offender = (name: "王小龙", born: "1979-03-15", id: VettingWorld.residentID(born: "1979-03-15", sequence: 11))
    static let liNa = (name: "李娜", born: "1985-07-12", id: VettingWorld.residentID(born: "1985-07-12", sequence: 22))
    static let teacher = (name: "Zhang Wei", born: "1990-02-01", id: VettingWorld.residentID(born: "1990-02-01", sequence: 33))
    static let clean = (name: "Chen Jing", born: "1992-09-30", id: VettingWorld.residentID(born: "1992-09-30", sequence: 44))

    func query(_ server: TestServer, _ world: VettingWorld, name: String, born: String, id: String, sex: String, purpose: String = "applicant",
               authorisation: String = #","authorisationReference":"CONSENT-0001","authorisationDate":"2026-11-20""#) async throws -> TestingHTTPResponse {
        try await server.send(.POST, "/api/vetting/queries", token: world.officer, json: """
            {"purpose":"\(purpose)","name":"\(name)","sex":"\(sex)","birthDate":"\(born)","documentType":"resident_id","documentNumber":"\(id)"\(authorisation)}
            """)
    }

    /// The issue's "done when", end to end.
    @Test func registryQueriesRosterRecheckMonitoringReviewAndSubjectAccess() async throws {
        // The school's webhook receiver runs on this machine: the operator allows the private network.
        try await TestServer.run(settings: { $0.allowPrivateNetwork = true }) { server in
            // setup: a webhook receiver the school runs
            let received = NIOLockedValueBox<[(signature: String, body: Data)]>([])
            var environment = Environment.testing
            environment.arguments = ["receiver"]
            let receiver = try await Application.make(environment)
            receiver.http.server.configuration.hostname = "127.0.0.1"
            receiver.http.server.configuration.port = 0
            receiver.post("hook") { req -> HTTPStatus in
                let body = Data(buffer: req.body.data ?? ByteBuffer())
                received.withLockedValue { $0.append((req.headers.first(name: "X-Safeguard-Signature") ?? "", body)) }
                return .ok
            }
            do {
                try await receiver.startup()
                try await doneWhen(server, port: receiver.http.server.shared.localAddress!.port!, received: received)
            } catch {
                try await receiver.asyncShutdown()
                throw error
            }
            try await receiver.asyncShutdown()
        }
    }

    func doneWhen(_ server: TestServer, port: Int, received: NIOLockedValueBox<[(signature: String, body: Data)]>) async throws {
        do {
            let world = try await VettingWorld.make(server)

            // act: a keeper imports records; one bad row refuses the whole file (all or nothing)
            let bad = [VettingWorld.header,
                       VettingWorld.registryRow(name: Self.offender.name, sex: "male", born: Self.offender.born, id: Self.offender.id, reference: "SYN-2020-001"),
                       VettingWorld.registryRow(name: "Bad Row", sex: "male", born: "1980-02-30", id: "110105198002300011", reference: "SYN-2020-002")]
                .joined(separator: "\n")
            let refused = try await VettingWorld.csv(server, "/api/vetting/registry/imports?mode=all_or_nothing", as: .registryKeeper, bad)
            #expect(refused.status == .unprocessableEntity, "\(refused.body.string)")
            let refusedSummary = try server.decode(RegistryImport.Summary.self, refused)
            #expect(refusedSummary.status == "rejected" && refusedSummary.rowsRead == 2 && refusedSummary.problems?.first?.row == 3)
            #expect(refusedSummary.problems?.first?.problems.map(\.field).contains("birth_date") == true)
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM registry_records").first()!.decode(column: "n", as: Int.self) == 0)
            let good = [VettingWorld.header,
                        VettingWorld.registryRow(name: Self.offender.name, sex: "male", born: Self.offender.born, id: Self.offender.id, reference: "SYN-2020-001"),
                        VettingWorld.registryRow(name: Self.liNa.name, sex: "female", born: Self.liNa.born, id: Self.liNa.id, reference: "SYN-2020-003", offence: "abuse")]
                .joined(separator: "\r\n")
            let imported = try await VettingWorld.csv(server, "/api/vetting/registry/imports?mode=all_or_nothing", as: .registryKeeper, good)
            #expect(imported.status == .created, "\(imported.body.string)")
            #expect(try server.decode(RegistryImport.Summary.self, imported).rowsValid == 2)
            // The registry holds no plaintext name or number.
            let raw = try await server.app.db.sql.raw("SELECT person, name, document_number FROM registry_records").all()
            #expect(try raw.allSatisfy { row in try ["person", "name", "document_number"].allSatisfy { column in
                let stored = try row.decode(column: column, as: String.self)
                return !stored.contains("王") && !stored.contains("1979")
            } })
            #expect(try raw.allSatisfy { try $0.decode(column: "person", as: String.self).hasPrefix("v1.") })

            // act: the school registers; it may not query before approval
            let hook = "http://127.0.0.1:\(port)/hook"
            let pending = try await server.send(.POST, "/api/vetting/units", token: world.officer,
                                                json: #"{"unitType":"school","contact1ID":"\#(world.officerID)","contact2ID":"\#(world.deputyID)","webhookURL":"\#(hook)"}"#)
            #expect(pending.status == .created)
            let secret = try server.decode(VettingUnits.Registered.self, pending).webhookSecret!
            let early = try await query(server, world, name: Self.offender.name, born: Self.offender.born, id: Self.offender.id, sex: "male")
            #expect(early.status == .conflict && early.body.string.contains("awaits approval"))
            #expect(try await server.send(.POST, "/api/vetting/units/\(world.school)/approve", token: world.officer).status == .forbidden)
            #expect(try await server.send(.POST, "/api/vetting/units/\(world.school)/approve", as: .registryKeeper).status == .noContent)

            // act: applicant checks, each with a receipt and never any record detail
            let hit = try await query(server, world, name: "Wang Xiaolong", born: Self.offender.born, id: Self.offender.id, sex: "male")
            #expect(hit.status == .created, "\(hit.body.string)")
            let hitAnswer = try server.decode(VettingQueries.Answer.self, hit)
            #expect(hitAnswer.answer == "prohibited" && hitAnswer.receipt.hasPrefix("VQ-") && hitAnswer.statement.contains("reflects the registry at"))
            #expect(!hit.body.string.contains("sexual_assault") && !hit.body.string.contains("Court"))
            let none = try server.decode(VettingQueries.Answer.self,
                                         try await query(server, world, name: Self.clean.name, born: Self.clean.born, id: Self.clean.id, sex: "female"))
            #expect(none.answer == "no_record")
            let unauthorised = try await query(server, world, name: Self.clean.name, born: Self.clean.born, id: Self.clean.id, sex: "female", authorisation: "")
            #expect(unauthorised.status == .unprocessableEntity && unauthorised.body.string.contains("authorisationReference"))
            let notStaff = try await query(server, world, name: Self.clean.name, born: Self.clean.born, id: Self.clean.id, sex: "female", purpose: "staff", authorisation: "")
            #expect(notStaff.status == .unprocessableEntity && notStaff.body.string.contains("not on your staff roster"))

            // act: the roster: a teacher with a clean record, and "Na Li" (swapped order, no document) who is in the registry as 李娜
            let roster = """
                name,sex,birth_date,document_type,document_number,position
                \(Self.teacher.name),male,\(Self.teacher.born),resident_id,\(Self.teacher.id),Maths teacher
                Na Li,female,\(Self.liNa.born),,,Dinner lady
                """
            let uploaded = try await VettingWorld.csv(server, "/api/vetting/roster", token: world.officer, roster)
            #expect(uploaded.status == .created, "\(uploaded.body.string)")
            let recheck = try await server.send(.POST, "/api/vetting/rechecks", token: world.officer)
            #expect(recheck.status == .created, "\(recheck.body.string)")
            let report = try server.decode(Rechecks.Report.self, recheck)
            #expect(report.checked == 2 && report.prohibited == 0 && report.underReview == 0 && report.receipt.hasPrefix("VR-"))
            #expect(report.possibleMatches == .checking && report.statement.contains("still being searched"))
            #expect(report.nextDue == ISODay.string(Date().addingTimeInterval(365 * 86_400)))
            await server.app.vettingJobs.wait(.possibleMatches(recheck: report.id))
            let searched = try server.decode(Rechecks.Report.self, try await server.send(.GET, "/api/vetting/rechecks/\(report.id)", token: world.officer))
            #expect(searched.possibleMatches == .done && searched.underReview == 1 && searched.prohibited == 0)

            // act: a search that a restart cut short (its results lost, its lease run out) is run again by the sweeper,
            // which leaves alone a search another node still holds
            let sql = server.app.db.sql
            try await sql.raw("DELETE FROM recheck_results WHERE recheck_id = \(bind: report.id) AND answer = 'under_review'").run()
            try await sql.raw("""
                UPDATE roster_rechecks SET possible_matches = 'checking', under_review = 0, matching_until = \(bind: Date().addingTimeInterval(3600))
                WHERE id = \(bind: report.id)
                """).run()
            #expect(try await Scheduler.run(server.app)[VettingSchedule.resumePossibleMatches] == 0)
            try await sql.raw("UPDATE roster_rechecks SET matching_until = \(bind: Date().addingTimeInterval(-1)) WHERE id = \(bind: report.id)").run()
            #expect(try await Scheduler.run(server.app)[VettingSchedule.resumePossibleMatches] == 1)
            await server.app.vettingJobs.wait(.possibleMatches(recheck: report.id))
            let resumed = try server.decode(Rechecks.Report.self, try await server.send(.GET, "/api/vetting/rechecks/\(report.id)", token: world.officer))
            #expect(resumed.possibleMatches == .done && resumed.underReview == 1)

            // act: the keeper reviews the possible match side by side and confirms it
            let queue = try server.decode([MatchReviews.Item].self, try await server.send(.GET, "/api/vetting/reviews", as: .registryKeeper))
            #expect(queue.count == 1 && queue.first?.subject.name == "Na Li" && queue.first?.record.name == Self.liNa.name)
            #expect(queue.first?.reasons.contains("name_swapped") == true)
            #expect(try await server.send(.POST, "/api/vetting/reviews/\(queue[0].id)/decision", as: .registryKeeper,
                                          json: #"{"decision":"confirmed","note":"same person: school records confirm"}"#).status == .noContent)
            let decided = try server.decode(Rechecks.Report.self, try await server.send(.GET, "/api/vetting/rechecks/\(report.id)", token: world.officer))
            #expect(decided.prohibited == 1 && decided.findings?.first?.name == "Na Li")

            // act: a new record on the rostered teacher notifies the school, in the app and by webhook
            let created = try await server.send(.POST, "/api/vetting/registry/records", as: .registryKeeper, json: """
                {"name":"张伟","sex":"male","birth_date":"\(Self.teacher.born)","document_type":"resident_id","document_number":"\(Self.teacher.id)",
                 "offence_category":"indecency","decision_type":"non_prosecution","decision_date":"2026-11-01","issuing_authority":"Synthetic Procuratorate",
                 "source_reference":"SYN-2026-077"}
                """)
            #expect(created.status == .created, "\(created.body.string)")
            let notices = try server.decode([Monitoring.Notice].self, try await server.send(.GET, "/api/vetting/notices", token: world.deputy))
            #expect(notices.map(\.name).sorted() == ["Na Li", "Zhang Wei"])
            let told = try server.decode([Notifications.Notice].self, try await server.send(.GET, "/api/me/notifications", token: world.deputy))
            #expect(told.filter { $0.kind == "vetting_monitoring" }.count == 2)
            let swept = try await Scheduler.run(server.app)
            #expect(swept[VettingSchedule.deliverWebhooks] == 2)
            let deliveries = received.withLockedValue { $0 }
            #expect(deliveries.count == 2)
            for delivery in deliveries {
                let expected = HMAC<SHA256>.authenticationCode(for: delivery.body, using: SymmetricKey(data: Data(secret.utf8)))
                #expect(delivery.signature == "sha256=" + Hex.encode(Data(expected)))
                #expect(!String(decoding: delivery.body, as: UTF8.self).contains("Zhang"))
            }
            #expect(try await Scheduler.run(server.app)[VettingSchedule.deliverWebhooks] == 0)

            // act: the teacher sees who checked them, with the reasons, and asks for a review
            let proof = #"{"documentType":"resident_id","documentNumber":"\#(Self.teacher.id)","name":"Zhang Wei","birthDate":"\#(Self.teacher.born)"}"#
            let wrong = #"{"documentType":"resident_id","documentNumber":"\#(Self.teacher.id)","name":"Zhang Wei","birthDate":"1990-02-02"}"#
            #expect(try await server.send(.POST, "/api/vetting/subject-access", json: wrong).status == .unprocessableEntity)
            let disclosure = try server.decode(SubjectAccess.Disclosure.self, try await server.send(.POST, "/api/vetting/subject-access", json: proof))
            #expect(disclosure.checks.map(\.unitName) == ["Synthetic Primary School"] && disclosure.checks.first?.kind == "roster_recheck")
            #expect(disclosure.reasons.count == 1 && disclosure.reasons.first?.offenceCategory == "indecency")
            let asked = try await server.send(.POST, "/api/vetting/subject-access/review-requests",
                                              json: #"{"proof":\#(proof),"recordID":"\#(disclosure.reasons[0].recordID)","grounds":"I was never charged; the decision concerns another man."}"#)
            #expect(asked.status == .created, "\(asked.body.string)")
            let requests = try server.decode([SubjectAccess.OpenRequest].self, try await server.send(.GET, "/api/vetting/review-requests", as: .registryKeeper))
            #expect(requests.count == 1 && requests[0].grounds.contains("never charged"))
            #expect(try await server.send(.POST, "/api/vetting/review-requests/\(requests[0].request.id)/decision", as: .registryKeeper,
                                          json: #"{"outcome":"withdrawn","reason":"The decision concerns a different person with the same name."}"#).status == .noContent)
            let after = try server.decode(SubjectAccess.Disclosure.self, try await server.send(.POST, "/api/vetting/subject-access", json: proof))
            #expect(after.reviewRequests.first?.status == "withdrawn" && after.reviewRequests.first?.decisionReason?.contains("different person") == true)
            let requery = try await query(server, world, name: Self.teacher.name, born: Self.teacher.born, id: Self.teacher.id, sex: "male", purpose: "staff", authorisation: "")
            #expect(try server.decode(VettingQueries.Answer.self, requery).answer == "no_record")

            // assert: reads of the registry are audited, and nobody else sees it
            _ = try await server.send(.GET, "/api/vetting/registry/records/\(disclosure.reasons[0].recordID)", as: .registryKeeper)
            let reads = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE record_type = 'registry_record' AND action = 'read'").first()!
                .decode(column: "n", as: Int.self)
            #expect(reads >= 3)
            #expect(try await server.send(.GET, "/api/vetting/registry/records/\(disclosure.reasons[0].recordID)", token: world.officer).status == .forbidden)
            #expect(try await server.send(.GET, "/api/vetting/registry/records", as: .administrator).status == .forbidden)
        }
    }

    @Test func quarantineKeepsValidRowsAndEveryBadRowWithItsReasons() async throws {
        try await TestServer.run { server in
            // setup: a duplicate, a bad check digit, a wrong sex for the number, an unknown category, a GBK-encoded line
            var file = Array((VettingWorld.header + "\n").utf8)
            file += Array((VettingWorld.registryRow(name: "Synthetic One", sex: "male", born: "1970-01-01", id: VettingWorld.residentID(born: "1970-01-01", sequence: 1), reference: "Q-1") + "\n").utf8)
            file += Array((VettingWorld.registryRow(name: "Synthetic One", sex: "male", born: "1970-01-01", id: VettingWorld.residentID(born: "1970-01-01", sequence: 1), reference: "Q-1") + "\n").utf8)
            file += Array((VettingWorld.registryRow(name: "Synthetic Two", sex: "male", born: "1971-01-01", id: "110105197101010010", reference: "Q-2") + "\n").utf8)
            file += Array((VettingWorld.registryRow(name: "Synthetic Three", sex: "female", born: "1972-01-01", id: VettingWorld.residentID(born: "1972-01-01", sequence: 3), reference: "Q-3") + "\n").utf8)
            file += Array((VettingWorld.registryRow(name: "Synthetic Four", sex: "male", born: "1973-01-01", id: VettingWorld.residentID(born: "1973-01-01", sequence: 5), reference: "Q-4", offence: "theft") + "\n").utf8)
            file += [0xCD, 0xF5] + Array(",male,1974-01-01,resident_id,x,abuse,conviction,2020-01-01,Court,,,Q-5\n".utf8)
            // act
            let response = try await server.send(.POST, "/api/vetting/registry/imports?mode=quarantine", as: .registryKeeper, bytes: file)
            // assert
            #expect(response.status == .created, "\(response.body.string)")
            let summary = try server.decode(RegistryImport.Summary.self, response)
            #expect(summary.rowsRead == 6 && summary.rowsValid == 1 && summary.rowsInvalid == 5)
            let problems = try server.decode([RegistryImport.RowProblem].self,
                                             try await server.send(.GET, "/api/vetting/registry/imports/\(summary.id)/problems", as: .registryKeeper))
            #expect(problems.map(\.row) == [3, 4, 5, 6, 7])
            #expect(problems[0].problems.first?.message.contains("repeats a row") == true)
            #expect(problems[1].problems.first?.message.contains("check character") == true)
            #expect(problems[2].problems.first?.field == "sex")
            #expect(problems[3].problems.first?.field == "offence_category")
            #expect(problems[4].problems.first?.message.contains("UTF-8") == true)
            #expect(problems[1].raw?["name"] == "Synthetic Two")
            // A file with the wrong columns is refused as a whole, naming them.
            let wrong = try await VettingWorld.csv(server, "/api/vetting/registry/imports?mode=quarantine", as: .registryKeeper, "name,colour\nA,red\n")
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("missing columns") && wrong.body.string.contains("colour"))
            let noMode = try await VettingWorld.csv(server, "/api/vetting/registry/imports", as: .registryKeeper, VettingWorld.header + "\n")
            #expect(noMode.status == .unprocessableEntity && noMode.body.string.contains("mode"))
            // Importing the same file again adds nothing twice.
            let again = try server.decode(RegistryImport.Summary.self, try await server.send(.POST, "/api/vetting/registry/imports?mode=quarantine", as: .registryKeeper, bytes: file))
            #expect(again.rowsValid == 0)
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM registry_records WHERE status = 'active'").first()!.decode(column: "n", as: Int.self) == 1)
        }
    }

    @Test func anImportOfSeveralBatchesChecksAcrossThemAndLeavesNothingWhenTheFileBreaks() async throws {
        try await TestServer.run(settings: { $0.registryImportBatch = 1_000 }) { server in
            // setup: 2,500 records (three batches of 1,000), each with a number of its own
            let rows = (0..<2_500).map { n -> String in
                let born = "19\(50 + n / 999)-01-01", sequence = n % 999 + 1
                return VettingWorld.registryRow(name: "Synthetic Record \(n)", sex: sequence % 2 == 1 ? "male" : "female", born: born,
                                                id: VettingWorld.residentID(born: born, sequence: sequence), reference: "SYN-BATCH-\(n)")
            }
            let sql = server.app.db.sql
            func records() async throws -> Int { try await sql.raw("SELECT COUNT(*) AS n FROM registry_records").first()!.decode(column: "n", as: Int.self) }

            // act: the last batch repeats a reference of the first
            let repeated = try await VettingWorld.csv(server, "/api/vetting/registry/imports?mode=all_or_nothing", as: .registryKeeper,
                                                      ([VettingWorld.header] + rows + [rows[0]]).joined(separator: "\n"))
            // assert: refused, naming the row, and nothing kept
            let refused = try server.decode(RegistryImport.Summary.self, repeated)
            #expect(refused.status == "rejected" && refused.rowsRead == 2_501 && refused.rowsInvalid == 1)
            #expect(refused.problems?.map(\.row) == [2_502])
            #expect(try await records() == 0)

            // act: the file breaks off in an open quote after two batches were written
            let broken = try await VettingWorld.csv(server, "/api/vetting/registry/imports?mode=quarantine", as: .registryKeeper,
                                                    ([VettingWorld.header] + rows + ["\"Synthetic Broken"]).joined(separator: "\n"))
            // assert: the reason named, and none of the staged rows left behind
            #expect(broken.status == .unprocessableEntity && broken.body.string.contains("never closes"), "\(broken.body.string)")
            #expect(try await records() == 0)

            // act: the whole file
            let imported = try server.decode(RegistryImport.Summary.self, try await VettingWorld.csv(
                server, "/api/vetting/registry/imports?mode=all_or_nothing", as: .registryKeeper, ([VettingWorld.header] + rows).joined(separator: "\n")))
            // assert
            #expect(imported.status == "committed" && imported.rowsValid == 2_500)
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM registry_records WHERE status = 'active'").first()!.decode(column: "n", as: Int.self) == 2_500)
        }
    }

    @Test func rostersAreAllOrNothingQueriesAreLimitedAndRechecksAreRemindedWhenDue() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await VettingWorld.make(server)
            _ = try await world.register(server)
            // act: a roster with a bad row changes nothing
            let bad = "name,sex,birth_date,document_type,document_number\nGood Person,female,1990-01-01,,\nBad Person,male,1990-13-01,,\n"
            let refused = try await VettingWorld.csv(server, "/api/vetting/roster", token: world.officer, bad)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("birth_date"))
            #expect(try server.decode(VettingController.Paged<Rosters.Entry>.self, try await server.send(.GET, "/api/vetting/roster", token: world.officer)).items.isEmpty)
            // One person entered by hand starts the roster, due for a check today: the sweeper reminds both contacts.
            let added = try await server.send(.POST, "/api/vetting/roster/entries", token: world.officer,
                                              json: #"{"name":"Synthetic Coach","sex":"male","birthDate":"1980-05-05","position":"Coach"}"#)
            #expect(added.status == .created, "\(added.body.string)")
            let swept = try await Scheduler.run(server.app)
            #expect(swept[VettingSchedule.remindRechecks] == 1)
            let told = try server.decode([Notifications.Notice].self, try await server.send(.GET, "/api/me/notifications", token: world.deputy))
            #expect(told.map(\.kind).contains("vetting_recheck_due"))
            #expect(try await Scheduler.run(server.app)[VettingSchedule.remindRechecks] == 0)
            // Queries are limited per unit per day.
            try await server.app.db.sql.raw("UPDATE vetting_units SET daily_query_limit = 1 WHERE organisation_id = \(bind: world.school)").run()
            let first = try await query(server, world, name: Self.clean.name, born: Self.clean.born, id: Self.clean.id, sex: "female")
            #expect(first.status == .created)
            let second = try await query(server, world, name: Self.clean.name, born: Self.clean.born, id: Self.clean.id, sex: "female")
            #expect(second.status == .tooManyRequests && second.body.string.contains("limit"))
            // An ID whose birth date disagrees with the one given is refused, naming both.
            let mismatch = try await query(server, world, name: Self.clean.name, born: "1992-09-29", id: Self.clean.id, sex: "female")
            #expect(mismatch.status == .unprocessableEntity && mismatch.body.string.contains("birthDate: differs from the birth date encoded in the document number") && !mismatch.body.string.contains("1992-09"))
        }
    }

    @Test func aRosterOfSeveralBatchesFindsRepeatsAcrossThemAndIsAllOrNothing() async throws {
        try await TestServer.run { server in
            // setup: 10,500 staff (three batches of the pipeline), each with a valid number of their own
            let world = try await VettingWorld.make(server)
            _ = try await world.register(server)
            let people = (0..<10_500).map { n -> String in
                let born = "19\(60 + n / 999)-01-01", sequence = n % 999 + 1
                return "Synthetic Staff \(n),\(sequence % 2 == 1 ? "male" : "female"),\(born),resident_id,\(VettingWorld.residentID(born: born, sequence: sequence)),Teacher"
            }
            let header = "name,sex,birth_date,document_type,document_number,position"
            // Without a document, only a whole row repeated is a repeat: namesakes born the same day are common.
            let helper = "Synthetic Helper,female,1970-01-01,,,Cook", namesake = "Synthetic Helper,female,1970-01-01,,,Cleaner"
            // act: a row repeats the first, two batches later, and a helper without a document is listed twice
            let repeated = try await VettingWorld.csv(server, "/api/vetting/roster", token: world.officer,
                                                      ([header] + people + [people[0], helper, helper, namesake]).joined(separator: "\n"))
            // assert: refused, naming the rows, and nothing kept
            #expect(repeated.status == .unprocessableEntity, "\(repeated.body.string)")
            let refused = try server.decode(Rosters.UploadSummary.self, repeated)
            #expect(refused.rowsRead == 10_504 && refused.rowsInvalid == 2 && refused.problems.map(\.row) == [10_502, 10_504])
            let sql = server.app.db.sql
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM roster_entries").first()!.decode(column: "n", as: Int.self) == 0)
            // act: the file without the repeat
            let accepted = try await VettingWorld.csv(server, "/api/vetting/roster", token: world.officer, ([header] + people).joined(separator: "\n"))
            // assert
            #expect(accepted.status == .created, "\(accepted.body.string)")
            #expect(try server.decode(Rosters.UploadSummary.self, accepted).rowsValid == 10_500)
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM roster_entries").first()!.decode(column: "n", as: Int.self) == 10_500)
        }
    }

    @Test func theSearchForPossibleMatchesPassesOverRecordsThatNoLongerApply() async throws {
        try await TestServer.run { server in
            // setup: two registered people, one whose prohibition ended in 2020; both on the roster
            // without a document and with their names in the other order
            let world = try await VettingWorld.make(server)
            _ = try await world.register(server)
            let ended = (name: "刘洋", born: "1983-04-09", id: VettingWorld.residentID(born: "1983-04-09", sequence: 55))
            let registry = [VettingWorld.registryRow(name: Self.liNa.name, sex: "female", born: Self.liNa.born, id: Self.liNa.id, reference: "SYN-APPLIES"),
                            VettingWorld.registryRow(name: ended.name, sex: "male", born: ended.born, id: ended.id, reference: "SYN-ENDED")
                                .replacingOccurrences(of: ",,,SYN-ENDED", with: ",,2020-12-31,SYN-ENDED")]
            let imported = try await VettingWorld.importRegistry(server, registry)
            #expect(imported.status == .created, "\(imported.body.string)")
            let roster = """
                name,sex,birth_date,document_type,document_number,position
                Na Li,female,\(Self.liNa.born),,,Cook
                Yang Liu,male,\(ended.born),,,Driver
                """
            #expect(try await VettingWorld.csv(server, "/api/vetting/roster", token: world.officer, roster).status == .created)

            // act
            let report = try server.decode(Rechecks.Report.self, try await server.send(.POST, "/api/vetting/rechecks", token: world.officer))
            await server.app.vettingJobs.wait(.possibleMatches(recheck: report.id))

            // assert: only the record that still bars employment goes to a keeper
            let searched = try server.decode(Rechecks.Report.self, try await server.send(.GET, "/api/vetting/rechecks/\(report.id)", token: world.officer))
            #expect(searched.possibleMatches == .done && searched.underReview == 1 && searched.prohibited == 0)
            let queue = try server.decode([MatchReviews.Item].self, try await server.send(.GET, "/api/vetting/reviews", as: .registryKeeper))
            #expect(queue.map(\.subject.name) == ["Na Li"] && queue.first?.record.name == Self.liNa.name)
        }
    }

    @Test func theSearchReadsTheRegistryInPartsAndCountsNamesakesOverAllOfIt() async throws {
        try await TestServer.run(settings: { $0.searchRegistryPart = 2 }) { server in
            // setup: six registered people, searched two at a time: four men named Wang Wei (too common
            // a name for a wrong birth day: `VettingMatcher.namesakeLimit`), and two women with rarer names
            let world = try await VettingWorld.make(server)
            _ = try await world.register(server)
            let people = [("王伟", "male", "1970-01-01", 11), ("王伟", "male", "1975-05-05", 13), ("王伟", "male", "1980-08-08", 15),
                          ("王伟", "male", "1985-03-03", 17), ("赵敏", "female", "1988-06-15", 22), ("孙丽", "female", "1979-11-20", 24)]
            let registry = people.enumerated().map { index, p in
                VettingWorld.registryRow(name: p.0, sex: p.1, born: p.2, id: VettingWorld.residentID(born: p.2, sequence: p.3), reference: "SYN-PART-\(index)")
            }
            #expect(try await VettingWorld.importRegistry(server, registry).status == .created)
            // Wang Wei with another birth day: a namesake, since four share the name (within one
            // part of two he would look rare); the two women with their names in the other order.
            let roster = """
                name,sex,birth_date,document_type,document_number,position
                Wang Wei,male,1980-08-20,,,Driver
                Min Zhao,female,1988-06-15,,,Cook
                Li Sun,female,1979-11-20,,,Nurse
                """
            #expect(try await VettingWorld.csv(server, "/api/vetting/roster", token: world.officer, roster).status == .created)

            // act
            let report = try server.decode(Rechecks.Report.self, try await server.send(.POST, "/api/vetting/rechecks", token: world.officer))
            await server.app.vettingJobs.wait(.possibleMatches(recheck: report.id))

            // assert: the two women go to a keeper, each with her own record, whichever part held it
            let searched = try server.decode(Rechecks.Report.self, try await server.send(.GET, "/api/vetting/rechecks/\(report.id)", token: world.officer))
            #expect(searched.possibleMatches == .done && searched.underReview == 2 && searched.prohibited == 0)
            let queue = try server.decode([MatchReviews.Item].self, try await server.send(.GET, "/api/vetting/reviews", as: .registryKeeper))
            #expect(Set(queue.map { "\($0.subject.name)=\($0.record.name)" }) == ["Min Zhao=赵敏", "Li Sun=孙丽"])
        }
    }

    @Test func rosterKeysAreWrittenAfterTheUploadAndNobodyIsMissedMeanwhile() async throws {
        try await TestServer.run { server in
            // setup: a school whose roster has the teacher (with a document) and "Na Li" (without one)
            let world = try await VettingWorld.make(server)
            _ = try await world.register(server)
            let roster = """
                name,sex,birth_date,document_type,document_number,position
                \(Self.teacher.name),male,\(Self.teacher.born),resident_id,\(Self.teacher.id),Maths teacher
                Na Li,female,\(Self.liNa.born),,,Dinner lady
                """
            let uploaded = try server.decode(Rosters.UploadSummary.self, try await VettingWorld.csv(server, "/api/vetting/roster", token: world.officer, roster))
            await server.app.vettingJobs.wait(.rosterKeys(upload: uploaded.id))
            let sql = server.app.db.sql
            func count(_ table: String) async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()!.decode(column: "n", as: Int.self)
            }
            func keysStatus() async throws -> String? {
                try await sql.raw("SELECT keys_status FROM roster_uploads WHERE id = \(bind: uploaded.id)").first()!.decode(column: "keys_status", as: String?.self)
            }
            // assert: the keys were written after the upload answered: the teacher's document key, and blocking keys for both
            #expect(try await count("roster_documents") == 1)
            #expect(try await count("roster_blocks") >= 6)
            #expect(try await keysStatus() == "done")

            // act: as if a restart cut the job short before it wrote any key, its lease still running
            try await sql.raw("DELETE FROM roster_blocks").run()
            try await sql.raw("DELETE FROM roster_documents").run()
            try await sql.raw("UPDATE roster_uploads SET keys_status = 'pending', keys_until = \(bind: Date().addingTimeInterval(3600)) WHERE id = \(bind: uploaded.id)").run()
            // assert: a staff query still finds the teacher on the roster
            let staff = try await query(server, world, name: Self.teacher.name, born: Self.teacher.born, id: Self.teacher.id, sex: "male", purpose: "staff", authorisation: "")
            #expect(staff.status == .created, "\(staff.body.string)")
            // act: records arrive meanwhile, one on the teacher's document and one under Na Li's Chinese name
            let records = [VettingWorld.header,
                           VettingWorld.registryRow(name: "张伟", sex: "male", born: Self.teacher.born, id: Self.teacher.id, reference: "SYN-KEYS-1"),
                           VettingWorld.registryRow(name: Self.liNa.name, sex: "female", born: Self.liNa.born, id: Self.liNa.id, reference: "SYN-KEYS-2")]
                .joined(separator: "\n")
            let imported = try await VettingWorld.csv(server, "/api/vetting/registry/imports?mode=all_or_nothing", as: .registryKeeper, records)
            #expect(imported.status == .created, "\(imported.body.string)")
            // assert: the school is told about the teacher, and the keepers get Na Li as a possible match
            let notices = try server.decode([Monitoring.Notice].self, try await server.send(.GET, "/api/vetting/notices", token: world.officer))
            #expect(notices.map(\.name) == ["Zhang Wei"])
            let queue = try server.decode([MatchReviews.Item].self, try await server.send(.GET, "/api/vetting/reviews", as: .registryKeeper))
            #expect(queue.map(\.subject.name) == ["Na Li"])

            // act: the sweeper leaves the job to its holder until the lease runs out, then writes the keys again
            #expect(try await Scheduler.run(server.app)[VettingSchedule.resumeRosterKeys] == 0)
            try await sql.raw("UPDATE roster_uploads SET keys_until = \(bind: Date().addingTimeInterval(-1)) WHERE id = \(bind: uploaded.id)").run()
            #expect(try await Scheduler.run(server.app)[VettingSchedule.resumeRosterKeys] == 1)
            await server.app.vettingJobs.wait(.rosterKeys(upload: uploaded.id))
            // assert
            #expect(try await count("roster_documents") == 1)
            #expect(try await count("roster_blocks") >= 6)
            #expect(try await keysStatus() == "done")
            // A re-check finds the teacher by document at once, whichever half of the roster he is in.
            let recheck = try server.decode(Rechecks.Report.self, try await server.send(.POST, "/api/vetting/rechecks", token: world.officer))
            #expect(recheck.checked == 2 && recheck.prohibited == 1)
        }
    }

    @Test func jobsPauseBetweenPagesWhileARecheckIsAnsweredButNeverForLong() async throws {
        // setup
        let jobs = VettingJobs()
        let clock = ContinuousClock()

        // act
        let idle = await clock.measure { await jobs.yieldToForeground() }
        let (pausedUntil, answeredAt) = await jobs.inForeground {
            // A limit far above the foreground's 200 ms, so that only its end can release the page
            // however late a loaded machine wakes the sleeper.
            let page = Task { await jobs.yieldToForeground(longest: .seconds(60)); return clock.now }
            try? await Task.sleep(for: .milliseconds(200))
            return (page, clock.now)
        }
        let resumedAt = await pausedUntil.value
        let capped = await jobs.inForeground { await clock.measure { await jobs.yieldToForeground(longest: .milliseconds(50)) } }

        // assert
        #expect(idle < .milliseconds(500), "with nothing in the foreground a page goes on at once, not after the 1 s limit")
        #expect(resumedAt >= answeredAt)
        // Inside inForeground, only the limit can end the wait; the bound above it allows for a
        // cooperative pool that the tests running alongside keep busy.
        #expect(capped >= .milliseconds(50) && capped < .seconds(5))
    }

    @Test func bulkWorkRunsBelowTheServersOwnThreads() async throws {
        // setup
        let own = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)

        // act
        let parts = try await BulkThreads.map(Array(0..<1_000)) { _ in getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }

        // assert
        #expect(parts.count == 1_000 && parts.allSatisfy { $0 >= max(own, 10) })
    }
}

/// Vetting that never prohibits the wrong person: a number alone is not a hit.
@Suite struct VettingCorrectnessTests {
    @Test func aSharedNumberUnderAnotherNameIsAQuestionForAKeeperNeverAHit() async throws {
        try await TestServer.run { server in
            // setup: the registry holds 王小龙's record under a number; a teacher with another name carries the same number
            let world = try await VettingWorld.make(server)
            _ = try await world.register(server)
            let offender = VettingTests.offender
            let registry = [VettingWorld.registryRow(name: offender.name, sex: "male", born: offender.born, id: offender.id, reference: "SYN-SHARED")]
            #expect(try await VettingWorld.importRegistry(server, registry).status == .created)
            // act 1: a single query about the other person
            let single = try await VettingTests().query(server, world, name: "Synthetic Zhou Min", born: offender.born, id: offender.id, sex: "male")
            // assert: under review, not prohibited
            #expect(single.status == .created, "\(single.body.string)")
            #expect(try server.decode(VettingQueries.Answer.self, single).answer == VettingAnswer.underReview.rawValue)
            // act 2: the same person on the roster, re-checked
            let roster = "name,sex,birth_date,document_type,document_number\nSynthetic Zhou Min,male,\(offender.born),resident_id,\(offender.id)\n"
            #expect(try await VettingWorld.csv(server, "/api/vetting/roster", token: world.officer, roster).status == .created)
            let report = try server.decode(Rechecks.Report.self, try await server.send(.POST, "/api/vetting/rechecks", token: world.officer))
            #expect(report.prohibited == 0)
            // while the search runs, the page does not say the roster is clear
            var officer = Browser(server: server)
            _ = try await officer.signIn(world.officerUsername)
            let page = try await officer.request(.GET, "/vetting/rechecks/\(report.id.uuidString)")
            if try server.decode(Rechecks.Report.self, try await server.send(.GET, "/api/vetting/rechecks/\(report.id)", token: world.officer)).possibleMatches == .checking {
                #expect(!page.body.string.contains("Nobody on the roster has a record."))
            }
            await server.app.vettingJobs.wait(.possibleMatches(recheck: report.id))
            let searched = try server.decode(Rechecks.Report.self, try await server.send(.GET, "/api/vetting/rechecks/\(report.id)", token: world.officer))
            #expect(searched.prohibited == 0 && searched.underReview == 1)
            // the same name with the number is still a hit
            let real = try await VettingTests().query(server, world, name: offender.name, born: offender.born, id: offender.id, sex: "male")
            #expect(try server.decode(VettingQueries.Answer.self, real).answer == VettingAnswer.prohibited.rawValue)
        }
    }

    @Test func theRecheckPageSaysTheSearchIsStillRunning() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await VettingWorld.make(server)
            _ = try await world.register(server)
            #expect(try await VettingWorld.csv(server, "/api/vetting/roster", token: world.officer, "name,sex,birth_date\nSynthetic Coach,male,1980-05-05\n").status == .created)
            let id = UUID.timeOrdered()
            // a re-check whose search has not finished
            try await server.app.write { db in
                try await db.insert(into: "roster_rechecks").columns("id", "unit_id", "upload_id", "receipt", "checked", "prohibited", "under_review", "created_by",
                                                                     "started_at", "finished_at", "possible_matches")
                    .values(SQLBind(id), SQLBind(world.school), SQLBind(try await db.raw("SELECT roster_upload_id FROM vetting_units").first()!.decode(column: "roster_upload_id", as: UUID.self)),
                            SQLBind("VR-SYNTHETIC"), SQLBind(1), SQLBind(0), SQLBind(0), SQLBind(world.officerID), SQLBind(Date()), SQLBind(Date()), SQLBind("checking")).run()
            }
            var officer = Browser(server: server)
            _ = try await officer.signIn(world.officerUsername)
            // act
            let page = try await officer.request(.GET, "/vetting/rechecks/\(id.uuidString)")
            // assert
            #expect(page.status == .ok)
            #expect(!page.body.string.contains("Nobody on the roster has a record."))
            #expect(page.body.string.contains("still running"))
        }
    }
}

extension VettingCorrectnessTests {
    @Test func twoPeopleUnderOneNumberAreFlaggedPerRowForTheKeeper() async throws {
        try await TestServer.run { server in
            // setup: a record for 王小龙
            let offender = VettingTests.offender
            let first = [VettingWorld.registryRow(name: offender.name, sex: "male", born: offender.born, id: offender.id, reference: "SYN-ONE")]
            #expect(try await VettingWorld.importRegistry(server, first).status == .created)
            // act: a file giving the same number to another name, and twice within the file
            let other = VettingWorld.residentID(born: "1990-02-01", sequence: 77)
            let file = [VettingWorld.header,
                        VettingWorld.registryRow(name: "Synthetic Zhou Min", sex: "male", born: offender.born, id: offender.id, reference: "SYN-TWO"),
                        VettingWorld.registryRow(name: "Synthetic Li Lei", sex: "male", born: "1990-02-01", id: other, reference: "SYN-THREE"),
                        VettingWorld.registryRow(name: "Synthetic Han Mei", sex: "male", born: "1990-02-01", id: other, reference: "SYN-FOUR"),
                        VettingWorld.registryRow(name: offender.name, sex: "male", born: offender.born, id: offender.id, reference: "SYN-FIVE")]
                .joined(separator: "\n")
            let refused = try await VettingWorld.csv(server, "/api/vetting/registry/imports?mode=all_or_nothing", as: .registryKeeper, file)
            // assert: rows 2 and 4 flagged by row and column; the same person again (row 5) is not
            #expect(refused.status == .unprocessableEntity)
            let summary = try server.decode(RegistryImport.Summary.self, refused)
            #expect(summary.problems?.map(\.row) == [2, 4], "\(refused.body.string)")
            #expect(summary.problems?.allSatisfy { $0.problems.first?.field == "document_number" } == true)
            #expect(!refused.body.string.contains("Zhou Min") && !refused.body.string.contains(offender.id))
            // the keeper decides: imported anyway
            let confirmed = try await VettingWorld.csv(server, "/api/vetting/registry/imports?mode=all_or_nothing&confirmSharedNumbers=true", as: .registryKeeper, file)
            #expect(confirmed.status == .created, "\(confirmed.body.string)")
        }
    }
}

@Suite struct VettingListTests {
    @Test func reportsAndUploadProblemsArePagedWithTheTotalAndDownloadableWhole() async throws {
        try await TestServer.run { server in
            // setup: two people in the registry, both on the roster
            let world = try await VettingWorld.make(server)
            _ = try await world.register(server)
            let (a, b) = (VettingTests.offender, VettingTests.liNa)
            let registry = [VettingWorld.registryRow(name: a.name, sex: "male", born: a.born, id: a.id, reference: "SYN-P1"),
                            VettingWorld.registryRow(name: b.name, sex: "female", born: b.born, id: b.id, reference: "SYN-P2")]
            #expect(try await VettingWorld.importRegistry(server, registry).status == .created)
            let roster = "name,sex,birth_date,document_type,document_number,position\n\(a.name),male,\(a.born),resident_id,\(a.id),=cmd|' /C calc'!A0\n\(b.name),female,\(b.born),resident_id,\(b.id),Cook\n"
            #expect(try await VettingWorld.csv(server, "/api/vetting/roster", token: world.officer, roster).status == .created)
            let report = try server.decode(Rechecks.Report.self, try await server.send(.POST, "/api/vetting/rechecks", token: world.officer))
            await server.app.vettingJobs.wait(.possibleMatches(recheck: report.id))
            // act: a page of one
            let first = try server.decode(Rechecks.Report.self, try await server.send(.GET, "/api/vetting/rechecks/\(report.id)?perPage=1", token: world.officer))
            let second = try server.decode(Rechecks.Report.self, try await server.send(.GET, "/api/vetting/rechecks/\(report.id)?perPage=1&page=2", token: world.officer))
            let csv = try await server.send(.GET, "/api/vetting/rechecks/\(report.id)/findings.csv", token: world.officer)
            // assert
            #expect(first.findingsTotal == 2 && first.findings?.count == 1 && second.findings?.count == 1)
            #expect(Set([first.findings?.first?.name, second.findings?.first?.name]) == Set([a.name, b.name]))
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            let lines = csv.body.string.split(separator: "\r\n")
            #expect(lines.count == 3 && lines.first == "name,position,staff_reference,answer")
            #expect(csv.body.string.contains("'=cmd"), "a formula is not written as one")

            // act: an upload with three bad rows, paged by two
            let bad = "name,sex,birth_date\nOne,male,1990-13-01\nTwo,male,1990-02-30\nThree,male,not a date\n"
            let refused = try server.decode(Rosters.UploadSummary.self, try await VettingWorld.csv(server, "/api/vetting/roster", token: world.officer, bad))
            let page = try await server.send(.GET, "/api/vetting/roster/uploads/\(refused.id)/problems?perPage=2", token: world.officer)
            let all = try await server.send(.GET, "/api/vetting/roster/uploads/\(refused.id)/problems.csv", token: world.officer)
            // assert
            #expect(page.headers.first(name: "X-Total-Count") == "3")
            #expect(try server.decode([RegistryImport.RowProblem].self, page).map(\.row) == [2, 3])
            #expect(all.body.string.hasPrefix("row,column,problem\r\n") && all.body.string.contains("\r\n4,birth_date,"))
            // another unit cannot read them
            let stranger = try await VettingWorld.make(server)
            #expect(try await server.send(.GET, "/api/vetting/roster/uploads/\(refused.id)/problems", token: stranger.officer).status == .notFound)
            // the keepers' queue gives its total
            let queue = try await server.send(.GET, "/api/vetting/reviews?perPage=1", as: .registryKeeper)
            #expect(queue.status == .ok && queue.headers.first(name: "X-Total-Count") != nil)
        }
    }
}
