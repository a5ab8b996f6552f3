/// The steps of an individual communication to the Committee on the Rights of the Child under its
/// third Optional Protocol (OPIC): submitted, registered, decided on admissibility, Views adopted;
/// then the State's written response, due within six months of the Views (article 11). Each step
/// comes after the one before it, and none is in the future.
public struct CommunicationTimeline: Equatable, Sendable {
    public var submitted: CivilDay?
    public var registered: CivilDay?
    public var admissibility: CivilDay?
    public var views: CivilDay?

    public init(submitted: CivilDay? = nil, registered: CivilDay? = nil, admissibility: CivilDay? = nil, views: CivilDay? = nil) {
        (self.submitted, self.registered, self.admissibility, self.views) = (submitted, registered, admissibility, views)
    }

    /// The State's written response on the Views is due six months after them (180 days, as the
    /// Committee's rules of procedure count).
    public static let stateResponseDays = 180

    public var stateResponseDue: CivilDay? { views?.adding(days: Self.stateResponseDays) }

    /// Every step out of order or in the future, named by its field.
    public func problems(today: CivilDay) -> [FieldError] {
        var v = FieldValidator()
        let steps: [(String, CivilDay?)] = [("submittedOn", submitted), ("registeredOn", registered), ("admissibilityOn", admissibility), ("viewsOn", views)]
        for (field, day) in steps { if let day { v.check(day <= today, field, "is in the future") } }
        if registered != nil { v.check(submitted != nil, "submittedOn", "a communication is submitted before it is registered") }
        if let registered, let submitted { v.check(registered >= submitted, "registeredOn", "is before the communication was submitted") }
        if admissibility != nil { v.check(registered != nil, "registeredOn", "a communication is registered before admissibility is decided") }
        if let admissibility, let registered { v.check(admissibility >= registered, "admissibilityOn", "is before the communication was registered") }
        if views != nil { v.check(admissibility != nil, "admissibilityOn", "admissibility is decided before Views are adopted") }
        if let views, let admissibility { v.check(views >= admissibility, "viewsOn", "is before admissibility was decided") }
        return v.errors
    }
}
