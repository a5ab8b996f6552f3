import Foundation
import Vapor

struct CaseSummary: Content {
    var id: UUID
    var reference: String
    var stage: String
    var risk: String
    var concerns: [String]
    var assigneeID: UUID?
    var assigneeName: String?
    var openedAt: Date
    var updatedAt: Date
    var closedAt: Date?
}

struct CasePage: Content {
    var items: [CaseSummary]
    var page: Int
    var perPage: Int
    var hasMore: Bool
}

struct CaseDetail: Content {
    struct Member: Content { var userID: UUID; var name: String; var role: String }
    struct Note: Content { var id: UUID; var compartment: String; var authorID: UUID; var authorName: String; var body: String; var createdAt: Date }
    struct Task: Content { var id: UUID; var title: String; var dueAt: Date; var doneAt: Date?; var assigneeID: UUID; var overdue: Bool }
    struct Event: Content { var at: Date; var actorName: String?; var kind: String; var detail: String }
    struct Perpetrator: Content { var id: UUID; var name: String?; var relationship: String?; var notes: String? }
    /// An MDT case conference and its minutes.
    struct Conference: Content { var id: UUID; var at: Date; var place: String?; var participants: [String]; var decisions: String }

    var summary: CaseSummary
    var summaryText: String?
    var crcArticles: [String]
    var closureRequestedBy: UUID?
    var child: ChildDetail?
    var members: [Member]
    var notes: [Note]
    /// Compartments whose notes this user may read; the others are not even counted.
    var readableCompartments: [String]
    var tasks: [Task]
    var timeline: [Event]
    var perpetrators: [Perpetrator]
    var contacts: [ContactSummary]
    var conferences: [Conference]
    /// Opened through break-glass: for reading only.
    var openedByBreakGlass: Bool
}
