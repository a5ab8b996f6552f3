import Foundation
import SafeguardCore
import SQLKit
import Vapor

extension DemoData {
    /// Synthetic recommendations in the Universal Human Rights Index's shape: two reporting cycles of
    /// the Committee on the Rights of the Child and one UPR report, with a reiteration between cycles.
    static let demoRecommendations = """
        Body,Document Symbol,Paragraph,Text,Publication Date,Countries,Affected Persons,SDGs,Themes,UPR Recommending States,UPR Position,Reiterates
        CRC,CRC/C/CHN/CO/3-4,45,"Synthetic: prohibit corporal punishment in all settings, including the home and schools.",2013-10-04,CHN,,16.2,Corporal punishment,,,
        CRC,CRC/C/CHN/CO/5-6,40(b),"Synthetic: explicitly prohibit corporal punishment in all settings, including the home and schools, and strengthen the child helpline.",2026-06-01,CHN,Girls,16.2,Corporal punishment,,,CRC/C/CHN/CO/3-4#45
        CRC,CRC/C/CHN/CO/5-6,40(b),"合成示例：明确禁止在一切场合实施体罚，包括家庭和学校，并加强儿童求助热线。",2026-06-01,CHN,,,,,,
        CRC,CRC/C/CHN/CO/5-6,12,"Synthetic: ensure birth registration for all children, including left-behind children of internal migrants.",2026-06-01,CHN,,16.9,,,,
        CRC,CRC/C/CHN/CO/5-6,33(a),"Synthetic: establish mandatory reporting of suspected abuse by professionals working with children, with clear deadlines for the authorities to acknowledge reports.",2026-06-01,CHN,,16.2,Mandatory reporting,,,
        CRC,CRC/C/CHN/CO/5-6,52,"Synthetic: ensure inclusive education for children with disabilities in mainstream schools.",2026-06-01,CHN,Persons with disabilities,4.5,,,,
        UPR,A/HRC/40/6,28.150,"Synthetic: strengthen the protection of children from violence and neglect, including children in alternative care.",2019-01-01,CHN,,,,Synthetic State,Supported,
        """

    /// The NGO's monitoring officer, the recommendations above, the follow-up of the one on corporal
    /// punishment and an indicator of statutory reports acknowledged in time, computed for the year, and an
    /// alternative report that follows both up, the next cycle's dates, and a law that answers the first.
    static func loadMonitoring(_ app: Application, organisation: UUID, password: String) async throws -> [(String, String, [Role])] {
        let people: [(String, String, [Role])] = [("monitoring", "Demo Monitoring Officer", [.monitoringOfficer])]
        let officer = try await person(app, organisation: organisation, username: "monitoring", displayName: "Demo Monitoring Officer",
                                       role: .monitoringOfficer, password: password)
        _ = try await RecommendationExchange.importFile(Array(demoRecommendations.utf8), by: officer)
        let punishment = try await Recommendations.list(.init(q: "corporal punishment", year: 2026), by: officer).items[0].id
        try await FollowUp.setInstitution(punishment, .init(name: "Synthetic Ministry of Education", role: "lead"), by: officer)
        try await FollowUp.setInstitution(punishment, .init(name: "Synthetic Women's Federation", role: "partner"), by: officer)
        try await FollowUp.addAction(punishment, .init(title: "Synthetic: draft an amendment banning corporal punishment at home", institution: "Synthetic Ministry of Education",
                                                       dueOn: "2027-06-30"), by: officer)
        try await FollowUp.assess(punishment, .init(assessedOn: CivilDay(Date()).description, status: "in_progress",
                                                    evidence: "Synthetic: the ministry named a working group on the amendment."), by: officer)
        let reporting = try await Recommendations.list(.init(q: "mandatory reporting"), by: officer).items[0].id
        let indicator = try await Indicators.create(.init(title: "Synthetic indicator: reports acknowledged by their due time", recommendationID: reporting,
                                                          figure: IndicatorFigure.reportsAcknowledgedInTime.rawValue), by: officer)
        _ = try await Indicators.create(.init(title: "Synthetic indicator: calls and messages to the helpline", cluster: CRCCluster.violenceAgainstChildren.rawValue,
                                              figure: IndicatorFigure.helplineContacts.rawValue), by: officer)
        let year = Recommendations.currentYear
        try await Indicators.addValue(indicator.id, .init(periodStart: "\(year - 1)-01-01", periodEnd: "\(year - 1)-12-31"), by: officer)
        _ = try await Indicators.recompute(.init(year: year), by: officer)
        let contacts = try await Indicators.list(by: officer).first { $0.figure == IndicatorFigure.helplineContacts.rawValue }!.id
        let report = try await AlternativeReports.create(.init(title: "Synthetic alternative report, 2027 cycle", country: "CHN",
                                                               mechanism: Mechanism.crc.rawValue, language: "en", wordLimit: 20_000), by: officer)
        _ = try await AlternativeReports.updateSection(report.id, cluster: CRCCluster.violenceAgainstChildren.rawValue, .init(
            stateClaims: "Synthetic: the State report says that corporal punishment is prohibited in schools and discouraged at home.",
            findings: "Synthetic: children and parents still call the helpline about beatings at home, and no law yet prohibits them.\n\nSynthetic: reports by professionals are acknowledged late.",
            recommendationIDs: [punishment, reporting], figures: [.init(indicatorID: contacts, presentation: "chart"), .init(indicatorID: indicator.id, presentation: "table")]), by: officer)
        // the next cycle's dates a few months ahead, with the deadlines that follow from them
        let ahead = CivilDay(Date()).adding(days: 120)
        _ = try await ReportingSteps.create(.init(country: "CHN", mechanism: Mechanism.crc.rawValue, step: ReportingStep.preSession.rawValue, dueOn: ahead.description,
                                                  note: "Synthetic: CRC/C/CHN/7", addOwnDeadlines: true), by: officer)
        _ = try await ReportingSteps.create(.init(country: "CHN", mechanism: Mechanism.crc.rawValue, step: ReportingStep.session.rawValue,
                                                  dueOn: ahead.adding(days: 90).description, addOwnDeadlines: true), by: officer)
        let law = try await LawsAndPolicies.create(.init(title: "Synthetic amendment to the law on the protection of minors", jurisdiction: "National", kind: "law",
                                                         summary: "Synthetic: would ban corporal punishment at home.", stage: "consultation",
                                                         since: CivilDay(Date()).adding(days: -30).description), by: officer)
        _ = try await LawsAndPolicies.link(law.id, .init(recommendationID: punishment), by: officer)
        return people
    }
}
