//! A unit's staff roster (职工名册): who works in the unit, in which post, at which skill level,
//! since when and until when.

use sea_orm_migration::prelude::*;

use super::helpers::{at, ck, fk, id, pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
}

/// One row per unit and person: a person who leaves keeps the row with `left_on`, so that the
/// roster shows former staff too. The skill level is the national level's Chinese name, as the
/// facts of an application write it (`技师`), checked when read like the other domain values.
#[derive(DeriveIden)]
enum UnitStaff {
    Table,
    Id,
    UnitId,
    PersonId,
    Post,
    SkillLevel,
    JoinedOn,
    LeftOn,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UnitStaff::Table)
                    .col(id(manager, UnitStaff::Id))
                    .col(ColumnDef::new(UnitStaff::UnitId).big_integer().not_null())
                    .col(ColumnDef::new(UnitStaff::PersonId).big_integer().not_null())
                    .col(ColumnDef::new(UnitStaff::Post).text().not_null())
                    .col(ColumnDef::new(UnitStaff::SkillLevel).text().null())
                    .col(ColumnDef::new(UnitStaff::JoinedOn).date().not_null())
                    .col(ColumnDef::new(UnitStaff::LeftOn).date().null())
                    .col(at(UnitStaff::CreatedAt))
                    .col(at(UnitStaff::UpdatedAt))
                    .primary_key(&mut pk("pk_unit_staff", [UnitStaff::Id.into_iden()]))
                    .foreign_key(&mut fk(
                        "fk_unit_staff_unit_id",
                        (UnitStaff::Table, UnitStaff::UnitId),
                        (Units::Table, Units::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_unit_staff_person_id",
                        (UnitStaff::Table, UnitStaff::PersonId),
                        (Persons::Table, Persons::Id),
                    ))
                    .check(ck("ck_unit_staff_post", "post <> ''"))
                    .check(ck(
                        "ck_unit_staff_skill_level",
                        "skill_level IS NULL OR skill_level <> ''",
                    ))
                    .check(ck(
                        "ck_unit_staff_left_on",
                        "left_on IS NULL OR left_on >= joined_on",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_unit_staff_unit_person")
                    .table(UnitStaff::Table)
                    .col(UnitStaff::UnitId)
                    .col(UnitStaff::PersonId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_unit_staff_person_id")
                    .table(UnitStaff::Table)
                    .col(UnitStaff::PersonId)
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
