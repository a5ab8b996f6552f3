/// Who a training programme is for.
public enum TargetGroup: String, CaseIterable, Codable, Sendable {
    case socialWorker = "social_worker"
    case mdtMember = "mdt_member"
    case teacherK12 = "teacher_k12"
    case universityTeacher = "university_teacher"
    case studentTeacher = "student_teacher"
    case prosecutor, judge, police
    case mediaWorker = "media_worker"
    case parent, child
}

/// How a programme is given.
public enum TrainingDelivery: String, CaseIterable, Codable, Sendable {
    case faceToFace = "face_to_face"
    case online, blended
}

/// A participant's place in a cohort: enrolled (holds one of its places), waiting for a place, or cancelled.
public enum EnrolmentStatus: String, CaseIterable, Codable, Sendable {
    case enrolled, waitlisted, cancelled
}

/// What the register says of a participant at one session.
public enum AttendanceMark: String, CaseIterable, Codable, Sendable {
    case present, late, excused, absent

    /// Present and late count the session's time as attended; an excused absence is not held
    /// against anyone, but it is not training received either.
    public var counts: Bool { self == .present || self == .late }
}

/// What a training material is.
public enum MaterialKind: String, CaseIterable, Codable, Sendable {
    case leaflet, handbook, curriculum, slides, textbook, caseStudies = "case_studies", other
}
