//! Public notices (公示): the list a program version publishes for a notice stage, the window it
//! runs, and the objections received while it runs, with their investigation and outcome.

use sea_orm_migration::prelude::*;

use super::helpers::{at, ck, fk, id, pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Closed once, after the window: `closed_by` and `closed_at` are set together.
#[derive(DeriveIden)]
enum PublicNotices {
    Table,
    Id,
    ProgramVersionId,
    Stage,
    PublishedOn,
    LastDay,
    PublishedBy,
    PublishedAt,
    ClosedBy,
    ClosedAt,
}

/// The list as published: the name, unit and masked ID number as shown to the public that day,
/// kept even if the person's record changes later.
#[derive(DeriveIden)]
enum PublicNoticeEntries {
    Table,
    NoticeId,
    ApplicationId,
    Name,
    UnitName,
    MaskedId,
}

/// The objector's contact is encrypted like a person's phone number. An objection is decided
/// once: outcome, finding and who decided are set together; an upheld one names the stage that
/// must redo its work.
#[derive(DeriveIden)]
enum Objections {
    Table,
    Id,
    NoticeId,
    ApplicationId,
    ObjectorName,
    ContactSealed,
    Reason,
    ReceivedOn,
    InvestigationDue,
    RecordedBy,
    RecordedAt,
    Outcome,
    Finding,
    RedoStage,
    DecidedBy,
    DecidedAt,
}

#[derive(DeriveIden)]
enum ProgramVersions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PublicNotices::Table)
                    .col(id(manager, PublicNotices::Id))
                    .col(
                        ColumnDef::new(PublicNotices::ProgramVersionId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(PublicNotices::Stage).text().not_null())
                    .col(ColumnDef::new(PublicNotices::PublishedOn).date().not_null())
                    .col(ColumnDef::new(PublicNotices::LastDay).date().not_null())
                    .col(
                        ColumnDef::new(PublicNotices::PublishedBy)
                            .big_integer()
                            .not_null(),
                    )
                    .col(at(PublicNotices::PublishedAt))
                    .col(ColumnDef::new(PublicNotices::ClosedBy).big_integer().null())
                    .col(
                        ColumnDef::new(PublicNotices::ClosedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .primary_key(&mut pk(
                        "pk_public_notices",
                        [PublicNotices::Id.into_iden()],
                    ))
                    .foreign_key(&mut fk(
                        "fk_public_notices_program_version_id",
                        (PublicNotices::Table, PublicNotices::ProgramVersionId),
                        (ProgramVersions::Table, ProgramVersions::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_public_notices_published_by",
                        (PublicNotices::Table, PublicNotices::PublishedBy),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_public_notices_closed_by",
                        (PublicNotices::Table, PublicNotices::ClosedBy),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .check(ck("ck_public_notices_stage", "stage <> ''"))
                    .check(ck("ck_public_notices_window", "last_day > published_on"))
                    .check(ck(
                        "ck_public_notices_closed",
                        "(closed_by IS NULL) = (closed_at IS NULL)",
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PublicNoticeEntries::Table)
                    .col(
                        ColumnDef::new(PublicNoticeEntries::NoticeId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PublicNoticeEntries::ApplicationId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(PublicNoticeEntries::Name).text().not_null())
                    .col(ColumnDef::new(PublicNoticeEntries::UnitName).text().null())
                    .col(ColumnDef::new(PublicNoticeEntries::MaskedId).text().null())
                    .primary_key(&mut pk(
                        "pk_public_notice_entries",
                        [
                            PublicNoticeEntries::NoticeId.into_iden(),
                            PublicNoticeEntries::ApplicationId.into_iden(),
                        ],
                    ))
                    .foreign_key(&mut fk(
                        "fk_public_notice_entries_notice_id",
                        (PublicNoticeEntries::Table, PublicNoticeEntries::NoticeId),
                        (PublicNotices::Table, PublicNotices::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_public_notice_entries_application_id",
                        (
                            PublicNoticeEntries::Table,
                            PublicNoticeEntries::ApplicationId,
                        ),
                        (Applications::Table, Applications::Id),
                    ))
                    .check(ck("ck_public_notice_entries_name", "name <> ''"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Objections::Table)
                    .col(id(manager, Objections::Id))
                    .col(
                        ColumnDef::new(Objections::NoticeId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Objections::ApplicationId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Objections::ObjectorName).text().not_null())
                    .col(ColumnDef::new(Objections::ContactSealed).blob().not_null())
                    .col(ColumnDef::new(Objections::Reason).text().not_null())
                    .col(ColumnDef::new(Objections::ReceivedOn).date().not_null())
                    .col(ColumnDef::new(Objections::InvestigationDue).date().null())
                    .col(
                        ColumnDef::new(Objections::RecordedBy)
                            .big_integer()
                            .not_null(),
                    )
                    .col(at(Objections::RecordedAt))
                    .col(ColumnDef::new(Objections::Outcome).text().null())
                    .col(ColumnDef::new(Objections::Finding).text().null())
                    .col(ColumnDef::new(Objections::RedoStage).text().null())
                    .col(ColumnDef::new(Objections::DecidedBy).big_integer().null())
                    .col(
                        ColumnDef::new(Objections::DecidedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .primary_key(&mut pk("pk_objections", [Objections::Id.into_iden()]))
                    .foreign_key(&mut fk(
                        "fk_objections_notice_id",
                        (Objections::Table, Objections::NoticeId),
                        (PublicNotices::Table, PublicNotices::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_objections_application_id",
                        (Objections::Table, Objections::ApplicationId),
                        (Applications::Table, Applications::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_objections_recorded_by",
                        (Objections::Table, Objections::RecordedBy),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_objections_decided_by",
                        (Objections::Table, Objections::DecidedBy),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .check(ck("ck_objections_objector_name", "objector_name <> ''"))
                    .check(ck("ck_objections_reason", "reason <> ''"))
                    .check(ck(
                        "ck_objections_outcome",
                        "(outcome IS NULL AND finding IS NULL AND redo_stage IS NULL \
                              AND decided_by IS NULL AND decided_at IS NULL) \
                         OR (outcome = 'dismissed' AND finding <> '' AND redo_stage IS NULL \
                              AND decided_by IS NOT NULL AND decided_at IS NOT NULL) \
                         OR (outcome = 'upheld' AND finding <> '' AND redo_stage <> '' \
                              AND decided_by IS NOT NULL AND decided_at IS NOT NULL)",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_objections_notice_id")
                    .table(Objections::Table)
                    .col(Objections::NoticeId)
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
