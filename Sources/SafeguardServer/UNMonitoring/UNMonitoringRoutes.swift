import SafeguardCore
import Vapor

/// Every route of the UN monitoring area, registered once: its API under /api and its pages.
enum UNMonitoringRoutes {
    static func register(_ app: Application) throws {
        app.on(.GET, UNMonitoringPaths.API.recommendations, action: .monitoringRead, use: RecommendationPages.listJSON)
        app.on(.POST, UNMonitoringPaths.API.recommendations, action: .monitoringManage, use: RecommendationPages.createJSON)
        app.on(.POST, UNMonitoringPaths.API.imports, action: .monitoringManage, body: .collect(maxSize: "8mb"), use: RecommendationPages.importJSON)
        app.on(.GET, UNMonitoringPaths.API.export, action: .monitoringRead, use: RecommendationPages.export)
        app.on(.GET, UNMonitoringPaths.API.recommendation, action: .monitoringRead, use: RecommendationPages.recommendationJSON)
        app.on(.POST, UNMonitoringPaths.API.classification, action: .monitoringManage, use: RecommendationPages.classifyJSON)
        app.on(.POST, UNMonitoringPaths.API.reiteration, action: .monitoringManage, use: RecommendationPages.reiterateJSON)
        app.on(.POST, UNMonitoringPaths.API.institutions, action: .monitoringManage, use: FollowUpPages.setInstitutionJSON)
        app.on(.POST, UNMonitoringPaths.API.actions, action: .monitoringManage, use: FollowUpPages.addActionJSON)
        app.on(.POST, UNMonitoringPaths.API.actionStatus, action: .monitoringManage, use: FollowUpPages.setActionStatusJSON)
        app.on(.POST, UNMonitoringPaths.API.assessments, action: .monitoringManage, use: FollowUpPages.assessJSON)
        app.on(.GET, UNMonitoringPaths.API.plan, action: .monitoringRead, use: FollowUpPages.planJSON)
        app.on(.GET, UNMonitoringPaths.API.figures, action: .monitoringRead, use: IndicatorPages.figuresJSON)
        app.on(.GET, UNMonitoringPaths.API.indicators, action: .monitoringRead, use: IndicatorPages.listJSON)
        app.on(.POST, UNMonitoringPaths.API.indicators, action: .monitoringManage, use: IndicatorPages.createJSON)
        app.on(.POST, UNMonitoringPaths.API.indicatorValues, action: .monitoringManage, use: IndicatorPages.addValueJSON)
        app.on(.POST, UNMonitoringPaths.API.recomputation, action: .monitoringManage, use: IndicatorPages.recomputeJSON)
        app.on(.GET, UNMonitoringPaths.API.communications, action: .monitoringRead, use: CommunicationPages.listJSON)
        app.on(.POST, UNMonitoringPaths.API.communications, action: .monitoringManage, use: CommunicationPages.createJSON)
        app.on(.GET, UNMonitoringPaths.API.communication, action: .monitoringRead, use: CommunicationPages.getJSON)
        app.on(.POST, UNMonitoringPaths.API.communication, action: .monitoringManage, use: CommunicationPages.updateJSON)

        // pages
        app.on(.GET, UNMonitoringPaths.recommendations, action: .monitoringRead, use: RecommendationPages.list)
        app.on(.GET, UNMonitoringPaths.recommendationsNew, action: .monitoringManage, use: RecommendationPages.new)
        app.on(.POST, UNMonitoringPaths.recommendationsNew, action: .monitoringManage, use: RecommendationPages.create)
        app.on(.POST, UNMonitoringPaths.recommendationsImport, action: .monitoringManage, body: .collect(maxSize: "8mb"), use: RecommendationPages.importFile)
        app.on(.GET, UNMonitoringPaths.recommendationsExport, action: .monitoringRead, use: RecommendationPages.export)
        app.on(.GET, UNMonitoringPaths.recommendation, action: .monitoringRead, use: RecommendationPages.recommendation)
        app.on(.POST, UNMonitoringPaths.classification, action: .monitoringManage, use: RecommendationPages.classify)
        app.on(.POST, UNMonitoringPaths.reiteration, action: .monitoringManage, use: RecommendationPages.reiterate)
        app.on(.POST, UNMonitoringPaths.institutions, action: .monitoringManage, use: FollowUpPages.setInstitution)
        app.on(.POST, UNMonitoringPaths.actions, action: .monitoringManage, use: FollowUpPages.addAction)
        app.on(.POST, UNMonitoringPaths.actionStatus, action: .monitoringManage, use: FollowUpPages.setActionStatus)
        app.on(.POST, UNMonitoringPaths.assessments, action: .monitoringManage, use: FollowUpPages.assess)
        app.on(.GET, UNMonitoringPaths.plan, action: .monitoringRead, use: FollowUpPages.plan)
        app.on(.GET, UNMonitoringPaths.indicators, action: .monitoringRead, use: IndicatorPages.page)
        app.on(.POST, UNMonitoringPaths.indicators, action: .monitoringManage, use: IndicatorPages.define)
        app.on(.POST, UNMonitoringPaths.indicatorValues, action: .monitoringManage, use: IndicatorPages.addValue)
        app.on(.POST, UNMonitoringPaths.recomputation, action: .monitoringManage, use: IndicatorPages.recompute)
        app.on(.GET, UNMonitoringPaths.communications, action: .monitoringRead, use: CommunicationPages.list)
        app.on(.POST, UNMonitoringPaths.communications, action: .monitoringManage, use: CommunicationPages.create)
        app.on(.GET, UNMonitoringPaths.communication, action: .monitoringRead, use: CommunicationPages.communication)
        app.on(.POST, UNMonitoringPaths.communication, action: .monitoringManage, use: CommunicationPages.update)
    }
}
