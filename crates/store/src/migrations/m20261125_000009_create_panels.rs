//! Expert panels (专家评审组): one per program version and panel stage, its members drawn from
//! the expert accounts, the members recused from an application, and each member's real-name
//! ballot with per-criterion scores.

use sea_orm_migration::prelude::*;

use super::helpers::{at, ck, fk, id, pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A panel is closed once: `closed_at` and `closed_by` are set together and never cleared,
/// because the ballots are shown only after closing and the results are computed then.
#[derive(DeriveIden)]
enum Panels {
    Table,
    Id,
    ProgramVersionId,
    Stage,
    CreatedBy,
    CreatedAt,
    ClosedBy,
    ClosedAt,
}

/// `unit_id` is the unit the expert works at, declared when appointed: accounts carry a unit
/// only for unit officers, and recusal compares it with the applicant's unit.
#[derive(DeriveIden)]
enum PanelMembers {
    Table,
    PanelId,
    AccountId,
    UnitId,
    AppointedAt,
}

#[derive(DeriveIden)]
enum PanelRecusals {
    Table,
    PanelId,
    AccountId,
    ApplicationId,
    Cause,
    Reason,
    RecordedAt,
}

#[derive(DeriveIden)]
enum PanelBallots {
    Table,
    PanelId,
    AccountId,
    ApplicationId,
    Vote,
    Scores,
    CastAt,
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
enum Units {
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
                    .table(Panels::Table)
                    .col(id(manager, Panels::Id))
                    .col(
                        ColumnDef::new(Panels::ProgramVersionId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Panels::Stage).text().not_null())
                    .col(ColumnDef::new(Panels::CreatedBy).big_integer().not_null())
                    .col(at(Panels::CreatedAt))
                    .col(ColumnDef::new(Panels::ClosedBy).big_integer().null())
                    .col(
                        ColumnDef::new(Panels::ClosedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .primary_key(&mut pk("pk_panels", [Panels::Id.into_iden()]))
                    .foreign_key(&mut fk(
                        "fk_panels_program_version_id",
                        (Panels::Table, Panels::ProgramVersionId),
                        (ProgramVersions::Table, ProgramVersions::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_panels_created_by",
                        (Panels::Table, Panels::CreatedBy),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_panels_closed_by",
                        (Panels::Table, Panels::ClosedBy),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .check(ck("ck_panels_stage", "stage <> ''"))
                    .check(ck(
                        "ck_panels_closed",
                        "(closed_by IS NULL) = (closed_at IS NULL)",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_panels_program_version_stage")
                    .table(Panels::Table)
                    .col(Panels::ProgramVersionId)
                    .col(Panels::Stage)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PanelMembers::Table)
                    .col(
                        ColumnDef::new(PanelMembers::PanelId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PanelMembers::AccountId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(PanelMembers::UnitId).big_integer().null())
                    .col(at(PanelMembers::AppointedAt))
                    .primary_key(&mut pk(
                        "pk_panel_members",
                        [
                            PanelMembers::PanelId.into_iden(),
                            PanelMembers::AccountId.into_iden(),
                        ],
                    ))
                    .foreign_key(&mut fk(
                        "fk_panel_members_panel_id",
                        (PanelMembers::Table, PanelMembers::PanelId),
                        (Panels::Table, Panels::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_panel_members_account_id",
                        (PanelMembers::Table, PanelMembers::AccountId),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_panel_members_unit_id",
                        (PanelMembers::Table, PanelMembers::UnitId),
                        (Units::Table, Units::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PanelRecusals::Table)
                    .col(
                        ColumnDef::new(PanelRecusals::PanelId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PanelRecusals::AccountId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PanelRecusals::ApplicationId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(PanelRecusals::Cause).text().not_null())
                    .col(ColumnDef::new(PanelRecusals::Reason).text().not_null())
                    .col(at(PanelRecusals::RecordedAt))
                    .primary_key(&mut pk(
                        "pk_panel_recusals",
                        [
                            PanelRecusals::PanelId.into_iden(),
                            PanelRecusals::AccountId.into_iden(),
                            PanelRecusals::ApplicationId.into_iden(),
                        ],
                    ))
                    .foreign_key(&mut fk(
                        "fk_panel_recusals_panel_id",
                        (PanelRecusals::Table, PanelRecusals::PanelId),
                        (Panels::Table, Panels::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_panel_recusals_account_id",
                        (PanelRecusals::Table, PanelRecusals::AccountId),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_panel_recusals_application_id",
                        (PanelRecusals::Table, PanelRecusals::ApplicationId),
                        (Applications::Table, Applications::Id),
                    ))
                    .check(ck(
                        "ck_panel_recusals_cause",
                        "cause IN ('same_unit', 'declared')",
                    ))
                    .check(ck("ck_panel_recusals_reason", "reason <> ''"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PanelBallots::Table)
                    .col(
                        ColumnDef::new(PanelBallots::PanelId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PanelBallots::AccountId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PanelBallots::ApplicationId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(PanelBallots::Vote).text().not_null())
                    .col(
                        ColumnDef::new(PanelBallots::Scores)
                            .json_binary()
                            .not_null(),
                    )
                    .col(at(PanelBallots::CastAt))
                    .primary_key(&mut pk(
                        "pk_panel_ballots",
                        [
                            PanelBallots::PanelId.into_iden(),
                            PanelBallots::AccountId.into_iden(),
                            PanelBallots::ApplicationId.into_iden(),
                        ],
                    ))
                    .foreign_key(&mut fk(
                        "fk_panel_ballots_panel_id",
                        (PanelBallots::Table, PanelBallots::PanelId),
                        (Panels::Table, Panels::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_panel_ballots_account_id",
                        (PanelBallots::Table, PanelBallots::AccountId),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_panel_ballots_application_id",
                        (PanelBallots::Table, PanelBallots::ApplicationId),
                        (Applications::Table, Applications::Id),
                    ))
                    .check(ck("ck_panel_ballots_vote", "vote IN ('approve', 'reject')"))
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
