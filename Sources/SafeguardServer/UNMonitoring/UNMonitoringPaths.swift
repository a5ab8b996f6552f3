import Foundation

/// Every path of the UN monitoring area, written once: its routes, links and menu entries use these (see `SitePath`).
enum UNMonitoringPaths {
    /// The organisation's recommendations, filtered by cluster, mechanism, status and more.
    static let recommendations = SitePath("monitoring/recommendations")
    /// One recommendation typed in.
    static let recommendationsNew = SitePath("monitoring/recommendations/new")
    /// A CSV file in the Universal Human Rights Index's shape.
    static let recommendationsImport = SitePath("monitoring/recommendations/import")
    /// Every recommendation with its status, as CSV (the import's columns, so it reads back).
    static let recommendationsExport = SitePath("monitoring/recommendations/export")
    static let recommendation = SitePath("monitoring/recommendations/:recommendationID", UUID.self)
    static let classification = SitePath("monitoring/recommendations/:recommendationID/classification", UUID.self)
    static let reiteration = SitePath("monitoring/recommendations/:recommendationID/reiteration", UUID.self)
    static let institutions = SitePath("monitoring/recommendations/:recommendationID/institutions", UUID.self)
    static let actions = SitePath("monitoring/recommendations/:recommendationID/actions", UUID.self)
    static let assessments = SitePath("monitoring/recommendations/:recommendationID/assessments", UUID.self)
    static let actionStatus = SitePath("monitoring/actions/:actionID/status", UUID.self)
    /// One document's recommendations with who leads them and what is planned, printable.
    static let plan = SitePath("monitoring/plan")
    /// Indicators, entered by hand or computed from the records, with their values by period.
    static let indicators = SitePath("monitoring/indicators")
    static let indicatorValues = SitePath("monitoring/indicators/:indicatorID/values", UUID.self)
    static let recomputation = SitePath("monitoring/indicators/recomputation")
    /// Individual communications under the third Optional Protocol that the organisation supports.
    static let communications = SitePath("monitoring/communications")
    static let communication = SitePath("monitoring/communications/:communicationID", UUID.self)
    /// Consultations where children give their views for a report.
    static let consultations = SitePath("monitoring/children-consultations")
    static let consultation = SitePath("monitoring/children-consultations/:consultationID", UUID.self)
    static let consultationViews = SitePath("monitoring/children-consultations/:consultationID/views", UUID.self)
    /// Alternative reports, a section per cluster, printable and as a Word document.
    static let reports = SitePath("monitoring/reports")
    static let report = SitePath("monitoring/reports/:reportID", UUID.self)
    static let reportSection = SitePath("monitoring/reports/:reportID/sections/:cluster", UUID.self, String.self)
    static let reportPrint = SitePath("monitoring/reports/:reportID/print", UUID.self)
    static let reportDocx = SitePath("monitoring/reports/:reportID/report.docx", UUID.self)
    /// The report page's word count as one types (`ReportScript`).
    static let assetsReportJs = SitePath("assets/report.js")
    /// The reporting calendar: each country's cycle before each mechanism, and the organisation's own deadlines.
    static let calendar = SitePath("monitoring/calendar")
    static let calendarStep = SitePath("monitoring/calendar/:stepID", UUID.self)
    /// Laws and policies the organisation proposes or follows, its submissions and the recommendations each answers.
    static let laws = SitePath("monitoring/laws")
    static let law = SitePath("monitoring/laws/:lawID", UUID.self)
    static let lawStages = SitePath("monitoring/laws/:lawID/stages", UUID.self)
    static let lawRecommendations = SitePath("monitoring/laws/:lawID/recommendations", UUID.self)
    /// The organisation's submissions, each with the file it sent (`/documents`: an upload's size limit).
    static let lawDocuments = SitePath("monitoring/laws/:lawID/documents", UUID.self)
    static let lawDocument = SitePath("monitoring/laws/:lawID/documents/:documentID", UUID.self, UUID.self)

    enum API {
        static let recommendations = SitePath("api/monitoring/recommendations")
        static let imports = SitePath("api/monitoring/recommendations/imports")
        static let export = SitePath("api/monitoring/recommendations/export")
        static let recommendation = SitePath("api/monitoring/recommendations/:recommendationID", UUID.self)
        static let classification = SitePath("api/monitoring/recommendations/:recommendationID/classification", UUID.self)
        static let reiteration = SitePath("api/monitoring/recommendations/:recommendationID/reiteration", UUID.self)
        static let institutions = SitePath("api/monitoring/recommendations/:recommendationID/institutions", UUID.self)
        static let actions = SitePath("api/monitoring/recommendations/:recommendationID/actions", UUID.self)
        static let assessments = SitePath("api/monitoring/recommendations/:recommendationID/assessments", UUID.self)
        static let actionStatus = SitePath("api/monitoring/actions/:actionID/status", UUID.self)
        static let plan = SitePath("api/monitoring/plan")
        static let figures = SitePath("api/monitoring/figures")
        static let indicators = SitePath("api/monitoring/indicators")
        static let indicatorValues = SitePath("api/monitoring/indicators/:indicatorID/values", UUID.self)
        static let recomputation = SitePath("api/monitoring/indicators/recomputation")
        static let communications = SitePath("api/monitoring/communications")
        static let communication = SitePath("api/monitoring/communications/:communicationID", UUID.self)
        static let consultations = SitePath("api/monitoring/children-consultations")
        static let consultation = SitePath("api/monitoring/children-consultations/:consultationID", UUID.self)
        static let consultationViews = SitePath("api/monitoring/children-consultations/:consultationID/views", UUID.self)
        static let reports = SitePath("api/monitoring/reports")
        static let report = SitePath("api/monitoring/reports/:reportID", UUID.self)
        static let reportSection = SitePath("api/monitoring/reports/:reportID/sections/:cluster", UUID.self, String.self)
        static let reportDocx = SitePath("api/monitoring/reports/:reportID/report.docx", UUID.self)
        static let calendar = SitePath("api/monitoring/calendar")
        static let calendarStep = SitePath("api/monitoring/calendar/:stepID", UUID.self)
        static let laws = SitePath("api/monitoring/laws")
        static let law = SitePath("api/monitoring/laws/:lawID", UUID.self)
        static let lawStages = SitePath("api/monitoring/laws/:lawID/stages", UUID.self)
        static let lawRecommendations = SitePath("api/monitoring/laws/:lawID/recommendations", UUID.self)
        static let lawDocuments = SitePath("api/monitoring/laws/:lawID/documents", UUID.self)
        static let lawDocument = SitePath("api/monitoring/laws/:lawID/documents/:documentID", UUID.self, UUID.self)
    }
}
