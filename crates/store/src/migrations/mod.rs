//! The schema, as append-only migrations.
//!
//! Each migration is one file named `mYYYYMMDD_NNNNNN_what.rs` and, once it has landed on `main`,
//! is never edited, renamed or reordered: a database that ran it must stay comparable with one
//! that runs it today. The same holds for `helpers.rs`, which the migrations build on. The test
//! at the end of this file lists the landed migrations with the SHA-256 of each file and fails
//! when one changes; a change to the schema is a new file at the end of the list (and a helper
//! that must work differently is a new helper).
//!
//! Conventions, so that one set of files serves SQLite and PostgreSQL:
//! * constraints are named `pk_<table>`, `fk_<table>_<column>`, `uq_<table>_<what>`,
//!   `ck_<table>_<what>`, plain indexes `ix_<table>_<what>` (for SQLite, sea-query leaves out
//!   foreign-key names, which SQLite never reports anyway);
//! * statements are built with sea-query and rendered per backend; the one place that differs
//!   is `helpers::id`, because an auto-assigned key is a rowid alias on SQLite and an identity
//!   column on PostgreSQL;
//! * check constraints are written as plain SQL that both backends read the same way;
//! * every migration runs in a transaction on both backends (SQLite's DDL is transactional too),
//!   so a failed migration leaves nothing half-applied;
//! * values of domain enums whose list may grow (unit types, enterprise classes) are checked when
//!   read, not by a check constraint, because SQLite cannot alter a constraint without rebuilding
//!   the table; the store's own closed lists (roles, media types, flag kinds) are constrained.

use sea_orm_migration::prelude::*;

mod helpers;
mod m20261122_000001_create_audit_log;
mod m20261122_000002_create_attachments;
mod m20261122_000003_create_parties;
mod m20261122_000004_create_programs_and_applications;
mod m20261122_000005_create_quotas;
mod m20261123_000006_create_workflow_records;
mod m20261124_000007_create_consultations;
mod m20261124_000008_create_parameter_values;
mod m20261125_000009_create_panels;
mod m20261125_000010_create_public_notices;
mod m20261130_000050_create_web_sessions;
mod m20261201_000011_create_titles_and_ledger;
mod m20261207_000012_create_talent_registry;
mod m20261207_000013_create_unit_staff;

/// Runs the migrations in order; [`crate::Store::connect`] calls it on every connect.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_audit_log::Migration),
            Box::new(m20261122_000002_create_attachments::Migration),
            Box::new(m20261122_000003_create_parties::Migration),
            Box::new(m20261122_000004_create_programs_and_applications::Migration),
            Box::new(m20261122_000005_create_quotas::Migration),
            Box::new(m20261123_000006_create_workflow_records::Migration),
            Box::new(m20261124_000007_create_consultations::Migration),
            Box::new(m20261124_000008_create_parameter_values::Migration),
            Box::new(m20261125_000009_create_panels::Migration),
            Box::new(m20261125_000010_create_public_notices::Migration),
            Box::new(m20261130_000050_create_web_sessions::Migration),
            Box::new(m20261201_000011_create_titles_and_ledger::Migration),
            Box::new(m20261207_000012_create_talent_registry::Migration),
            Box::new(m20261207_000013_create_unit_staff::Migration),
        ]
    }
}

/// The names of all migrations, in the order they run.
pub fn migration_names() -> Vec<String> {
    Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::migration_names;
    use crate::digest::Digest;

    /// Every landed migration, in order: its name, its file and the file's SHA-256. Append an
    /// entry for a new migration; never edit one.
    const LANDED: &[(&str, &str, &str)] = &[
        (
            "m20261122_000001_create_audit_log",
            include_str!("m20261122_000001_create_audit_log.rs"),
            "4ae61087fe498917e64c546630da1049a6d13c351ecc51ae390ba92686812e13",
        ),
        (
            "m20261122_000002_create_attachments",
            include_str!("m20261122_000002_create_attachments.rs"),
            "b3706c42968d00567ed1196593583766bea81c0095226b2956ecaa97177ed72c",
        ),
        (
            "m20261122_000003_create_parties",
            include_str!("m20261122_000003_create_parties.rs"),
            "59ba0835e2b673acef1a84b31852c91f555d1ebfe1a393849bdfc8e39ea4924a",
        ),
        (
            "m20261122_000004_create_programs_and_applications",
            include_str!("m20261122_000004_create_programs_and_applications.rs"),
            "87d485904a36f5a9aa46c39c688ad33ef1cca76f6b70adcbd191ca2520d9277d",
        ),
        (
            "m20261122_000005_create_quotas",
            include_str!("m20261122_000005_create_quotas.rs"),
            "8130ba79e5f2e8e50ec639352f918f8d8e47b9c6404617c3fd41a73cd579ae8b",
        ),
        (
            "m20261123_000006_create_workflow_records",
            include_str!("m20261123_000006_create_workflow_records.rs"),
            "6bd7489262ff4d213f6b1aa389994769e54718aab3f4b3ddc75f94dca0b0e264",
        ),
        (
            "m20261124_000007_create_consultations",
            include_str!("m20261124_000007_create_consultations.rs"),
            "96bceb4e8ffa8e5b9c1ef8a10a1ec16d0b171f8eabc41cc1a490d7ab0e301df1",
        ),
        (
            "m20261124_000008_create_parameter_values",
            include_str!("m20261124_000008_create_parameter_values.rs"),
            "e9e85e9768e81a0e63fdec5714fed6670e078bf94f243a41cb9385eb3921481f",
        ),
        (
            "m20261125_000009_create_panels",
            include_str!("m20261125_000009_create_panels.rs"),
            "3456ea4f497d809eb396e013fc103653064537e4f9cbc7a4694b9f2dd5f28f07",
        ),
        (
            "m20261125_000010_create_public_notices",
            include_str!("m20261125_000010_create_public_notices.rs"),
            "79903286dc72f31d2828b79fcb88c865035635314e7cd560ca9463b4f28d736e",
        ),
        (
            "m20261130_000050_create_web_sessions",
            include_str!("m20261130_000050_create_web_sessions.rs"),
            "d2e02e9b24d3c135ce117de4df7333ae599f254855c9061905bf06fae21ec61f",
        ),
        (
            "m20261201_000011_create_titles_and_ledger",
            include_str!("m20261201_000011_create_titles_and_ledger.rs"),
            "4c51f58fccc215b3ec8bb5d039f8edef2def7e8b1b8ea6a1a92175e443590bfc",
        ),
        (
            "m20261207_000012_create_talent_registry",
            include_str!("m20261207_000012_create_talent_registry.rs"),
            "694a912e8783d77b87ac554418eed9aea957844fe5c19db15b90ba24add262b6",
        ),
        (
            "m20261207_000013_create_unit_staff",
            include_str!("m20261207_000013_create_unit_staff.rs"),
            "99daf45f026617aabf4af631c8e3ec6e23dcdae5c315864efad0785a4a09bcbb",
        ),
    ];

    /// The helpers the landed migrations use, and the file's SHA-256.
    const HELPERS: (&str, &str) = (
        include_str!("helpers.rs"),
        "243eabad7859c942d13592a9fc2c15a5ae1145c07328555c65c6da9849c5087e",
    );

    #[test]
    fn the_migrations_run_in_the_landed_order() {
        let landed: Vec<&str> = LANDED.iter().map(|(name, _, _)| *name).collect();
        let names = migration_names();
        assert_eq!(
            names.len(),
            landed.len(),
            "a migration was added or removed: add a new one to LANDED, never remove one"
        );
        assert_eq!(
            names, landed,
            "landed migrations must keep their names and order"
        );
    }

    #[test]
    fn no_landed_migration_file_nor_their_helpers_has_been_edited() {
        let (helpers, digest) = HELPERS;
        assert_eq!(
            Digest::of(helpers.as_bytes()).to_hex(),
            digest,
            "helpers.rs changed: landed migrations use it; add a new helper instead"
        );
        for (name, text, digest) in LANDED {
            assert_eq!(
                Digest::of(text.as_bytes()).to_hex(),
                *digest,
                "{name} changed after it landed: undo the edit and write a new migration instead"
            );
        }
    }
}
