//! Values of the parameters a notice leaves to the bureau (`set_by = "officer"` in a program
//! file: the salary subsidy of 306号, a panel's quorum and pass threshold), each with its source
//! and who set it.

use sea_orm_migration::prelude::*;

use super::helpers::{at, ck, fk, id, pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Append-only: setting a parameter again is a new row, and the latest one is in force, so that
/// every value a decision was ever made with stays on record.
#[derive(DeriveIden)]
enum ParameterValues {
    Table,
    Id,
    ProgramVersionId,
    Parameter,
    Value,
    Source,
    SetBy,
    SetAt,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ParameterValues::Table)
                    .col(id(manager, ParameterValues::Id))
                    .col(
                        ColumnDef::new(ParameterValues::ProgramVersionId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(ParameterValues::Parameter).text().not_null())
                    .col(ColumnDef::new(ParameterValues::Value).text().not_null())
                    .col(ColumnDef::new(ParameterValues::Source).text().not_null())
                    .col(
                        ColumnDef::new(ParameterValues::SetBy)
                            .big_integer()
                            .not_null(),
                    )
                    .col(at(ParameterValues::SetAt))
                    .primary_key(&mut pk(
                        "pk_parameter_values",
                        [ParameterValues::Id.into_iden()],
                    ))
                    .foreign_key(&mut fk(
                        "fk_parameter_values_program_version_id",
                        (ParameterValues::Table, ParameterValues::ProgramVersionId),
                        (ProgramVersions::Table, ProgramVersions::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_parameter_values_set_by",
                        (ParameterValues::Table, ParameterValues::SetBy),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .check(ck("ck_parameter_values_parameter", "parameter <> ''"))
                    .check(ck("ck_parameter_values_value", "value <> ''"))
                    .check(ck("ck_parameter_values_source", "source <> ''"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_parameter_values_program_version_id")
                    .table(ParameterValues::Table)
                    .col(ParameterValues::ProgramVersionId)
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
