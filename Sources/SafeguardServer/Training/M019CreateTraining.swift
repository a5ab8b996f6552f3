import Fluent
import SQLKit

/// Training programmes, their cohorts and sessions, participants, enrolment with a waiting list,
/// attendance registers and certificates.
struct M019CreateTraining: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("training_programmes")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("title", .string, .required)
            .field("description", .string, .required)
            // ",social_worker,mdt_member,": one LIKE finds a group
            .field("target_groups", .string, .required)
            .field("delivery", .string, .required)
            .field("hours", .int, .required)
            .field("language", .string, .required)
            // The share of a cohort's scheduled time a participant must attend to complete it.
            .field("required_percent", .int, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("training_cohorts")
            .field("id", .uuid, .identifier(auto: false))
            .field("programme_id", .uuid, .required, .references("training_programmes", "id"))
            .field("name", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("capacity", .int, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("training_sessions")
            .field("id", .uuid, .identifier(auto: false))
            .field("cohort_id", .uuid, .required, .references("training_cohorts", "id"))
            .field("title", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("place", .string, .required)
            .field("trainer_id", .uuid, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        // People trained: professionals, not children, but personal data all the same: the name
        // and contact are sealed, and found again by their blind index.
        try await database.schema("training_participants")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("contact", .string)
            .field("contact_key", .string)
            .field("institution", .string, .required)
            .field("position", .string, .required)
            .field("sex", .string, .required)
            .field("target_group", .string, .required)
            .field("consent_at", .datetime, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("training_enrolments")
            .field("id", .uuid, .identifier(auto: false))
            .field("cohort_id", .uuid, .required, .references("training_cohorts", "id"))
            .field("participant_id", .uuid, .required, .references("training_participants", "id"))
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "cohort_id", "participant_id")
            .create()
        try await database.schema("training_attendance")
            .field("session_id", .uuid, .required, .references("training_sessions", "id"))
            .field("participant_id", .uuid, .required, .references("training_participants", "id"))
            .field("mark", .string, .required)
            .field("recorded_by", .uuid, .required, .references("users", "id"))
            .field("recorded_at", .datetime, .required)
            .unique(on: "session_id", "participant_id")
            .create()
        try await database.schema("training_certificates")
            .field("id", .uuid, .identifier(auto: false))
            .field("cohort_id", .uuid, .required, .references("training_cohorts", "id"))
            .field("participant_id", .uuid, .required, .references("training_participants", "id"))
            .field("code", .string, .required)
            .field("issued_at", .datetime, .required)
            .field("issued_by", .uuid, .required, .references("users", "id"))
            .field("revoked_at", .datetime)
            .field("revoked_reason", .string)
            .unique(on: "code")
            .unique(on: "cohort_id", "participant_id")
            .create()
        let sql = database.sql
        for (name, table, columns) in [
            ("training_programmes_organisation", "training_programmes", ["organisation_id", "created_at"]),
            ("training_cohorts_programme", "training_cohorts", ["programme_id", "starts_on"]),
            ("training_sessions_cohort", "training_sessions", ["cohort_id", "starts_at"]),
            ("training_sessions_trainer", "training_sessions", ["trainer_id", "starts_at"]),
            ("training_participants_name", "training_participants", ["organisation_id", "name_key"]),
            // the waiting list is worked oldest first
            ("training_enrolments_cohort", "training_enrolments", ["cohort_id", "status", "created_at"]),
            ("training_enrolments_participant", "training_enrolments", ["participant_id"]),
            ("training_attendance_participant", "training_attendance", ["participant_id"]),
            // a person's certificates: their training record, and mandatory training's "last done"
            ("training_certificates_participant", "training_certificates", ["participant_id", "issued_at"]),
        ] {
            var create = sql.create(index: name).on(table)
            for column in columns { create = create.column(column) }
            try await create.run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["training_certificates", "training_attendance", "training_enrolments", "training_participants", "training_sessions",
                      "training_cohorts", "training_programmes"] {
            try await database.schema(table).delete()
        }
    }
}
