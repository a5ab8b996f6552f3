/// A role a user holds in their organisation. Later capabilities add more roles here.
public enum Role: String, CaseIterable, Codable, Sendable {
    case administrator
    case supervisor
    case counsellor
    case caseWorker = "case_worker"
    case lawyer
    case psychologist
    case analyst
    case auditor
    /// Staff of a hospital, school or other unit who file statutory reports for it and answer
    /// for the clinical warnings its record system raises.
    case designatedReporter = "designated_reporter"
    /// Staff of an authority (public security, civil affairs, education, procuratorate) who
    /// receive and acknowledge statutory reports for their jurisdiction.
    case authorityReceiver = "authority_receiver"
    /// Front-desk staff of a hotel, inn or hostel who register minors' stays.
    case hotelClerk = "hotel_clerk"
    /// Police or procuratorate staff who keep the employment-prohibition registry: import records,
    /// confirm or reject possible matches, decide review requests, approve units.
    case registryKeeper = "registry_keeper"
    /// Staff of a school, hospital, hotel or other unit who vet applicants and re-check the unit's staff.
    case vettingOfficer = "vetting_officer"
    /// Staff of a training or resource centre who run its programmes: cohorts, sessions,
    /// enrolment, certificates.
    case trainingCoordinator = "training_coordinator"
    /// Someone who gives training sessions and keeps their attendance register.
    case trainer
    /// Staff of a resource centre's library: the catalogue, readers, loans and holds.
    case librarian
    /// Keeps a resource centre's rooms: their hours and closures, and approves the bookings of rooms that ask for it.
    case roomManager = "room_manager"
    /// Staff of an NGO, a coalition or a national human-rights institution who follow the UN's
    /// recommendations to their country: import and classify them, plan and track their follow-up.
    case monitoringOfficer = "monitoring_officer"
}
