//! What the workflow records about applications beyond their current state: which person an
//! individual's account acts for, the history of every transition with the reason shown to the
//! applicant, and units' recommendations with their ranking and unit-internal notice.

use sea_orm_migration::prelude::*;

use super::helpers::{at, ck, fk, id, pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An individual's account acts for exactly one person, and a person has at most one account:
/// the link decides which applications an individual may see and sign.
#[derive(DeriveIden)]
enum AccountPersons {
    Table,
    AccountId,
    PersonId,
    CreatedAt,
}

/// Append-only: one row per transition or recorded act, never updated.
#[derive(DeriveIden)]
enum ApplicationEvents {
    Table,
    Id,
    ApplicationId,
    At,
    AccountId,
    Action,
    FromStage,
    ToStage,
    Note,
    Detail,
}

#[derive(DeriveIden)]
enum Recommendations {
    Table,
    ApplicationId,
    ProgramVersionId,
    UnitId,
    UnitRank,
    NoticePublishedOn,
    NoticeLastDay,
    StaffRepresentatives,
    OverCapReason,
    RecommendedBy,
    RecommendedAt,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ProgramVersions {
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
                    .table(AccountPersons::Table)
                    .col(
                        ColumnDef::new(AccountPersons::AccountId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AccountPersons::PersonId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(at(AccountPersons::CreatedAt))
                    .primary_key(&mut pk(
                        "pk_account_persons",
                        [AccountPersons::AccountId.into_iden()],
                    ))
                    .foreign_key(&mut fk(
                        "fk_account_persons_account_id",
                        (AccountPersons::Table, AccountPersons::AccountId),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_account_persons_person_id",
                        (AccountPersons::Table, AccountPersons::PersonId),
                        (Persons::Table, Persons::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_account_persons_person_id")
                    .table(AccountPersons::Table)
                    .col(AccountPersons::PersonId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApplicationEvents::Table)
                    .col(id(manager, ApplicationEvents::Id))
                    .col(
                        ColumnDef::new(ApplicationEvents::ApplicationId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(at(ApplicationEvents::At))
                    .col(
                        ColumnDef::new(ApplicationEvents::AccountId)
                            .big_integer()
                            .null(),
                    )
                    .col(ColumnDef::new(ApplicationEvents::Action).text().not_null())
                    .col(
                        ColumnDef::new(ApplicationEvents::FromStage)
                            .text()
                            .not_null(),
                    )
                    .col(ColumnDef::new(ApplicationEvents::ToStage).text().not_null())
                    .col(ColumnDef::new(ApplicationEvents::Note).text().null())
                    .col(
                        ColumnDef::new(ApplicationEvents::Detail)
                            .json_binary()
                            .not_null(),
                    )
                    .primary_key(&mut pk(
                        "pk_application_events",
                        [ApplicationEvents::Id.into_iden()],
                    ))
                    .foreign_key(&mut fk(
                        "fk_application_events_application_id",
                        (ApplicationEvents::Table, ApplicationEvents::ApplicationId),
                        (Applications::Table, Applications::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_application_events_account_id",
                        (ApplicationEvents::Table, ApplicationEvents::AccountId),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .check(ck("ck_application_events_action", "action <> ''"))
                    .check(ck(
                        "ck_application_events_note",
                        "note IS NULL OR note <> ''",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_application_events_application_id")
                    .table(ApplicationEvents::Table)
                    .col(ApplicationEvents::ApplicationId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Recommendations::Table)
                    .col(
                        ColumnDef::new(Recommendations::ApplicationId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Recommendations::ProgramVersionId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Recommendations::UnitId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Recommendations::UnitRank).integer().not_null())
                    .col(
                        ColumnDef::new(Recommendations::NoticePublishedOn)
                            .date()
                            .null(),
                    )
                    .col(ColumnDef::new(Recommendations::NoticeLastDay).date().null())
                    .col(
                        ColumnDef::new(Recommendations::StaffRepresentatives)
                            .integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Recommendations::OverCapReason)
                            .text()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Recommendations::RecommendedBy)
                            .big_integer()
                            .not_null(),
                    )
                    .col(at(Recommendations::RecommendedAt))
                    .primary_key(&mut pk(
                        "pk_recommendations",
                        [Recommendations::ApplicationId.into_iden()],
                    ))
                    .foreign_key(&mut fk(
                        "fk_recommendations_application_id",
                        (Recommendations::Table, Recommendations::ApplicationId),
                        (Applications::Table, Applications::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_recommendations_program_version_id",
                        (Recommendations::Table, Recommendations::ProgramVersionId),
                        (ProgramVersions::Table, ProgramVersions::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_recommendations_unit_id",
                        (Recommendations::Table, Recommendations::UnitId),
                        (Units::Table, Units::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_recommendations_recommended_by",
                        (Recommendations::Table, Recommendations::RecommendedBy),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .check(ck("ck_recommendations_unit_rank", "unit_rank >= 1"))
                    .check(ck(
                        "ck_recommendations_notice",
                        "(notice_published_on IS NULL) = (notice_last_day IS NULL) \
                         AND (notice_published_on IS NULL OR notice_published_on < notice_last_day)",
                    ))
                    .check(ck(
                        "ck_recommendations_staff_representatives",
                        "staff_representatives IS NULL OR staff_representatives >= 0",
                    ))
                    .check(ck(
                        "ck_recommendations_over_cap_reason",
                        "over_cap_reason IS NULL OR over_cap_reason <> ''",
                    ))
                    .to_owned(),
            )
            .await?;
        // One rank per place in a unit's list for one program version.
        manager
            .create_index(
                Index::create()
                    .name("uq_recommendations_program_version_id_unit_id_unit_rank")
                    .table(Recommendations::Table)
                    .col(Recommendations::ProgramVersionId)
                    .col(Recommendations::UnitId)
                    .col(Recommendations::UnitRank)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
