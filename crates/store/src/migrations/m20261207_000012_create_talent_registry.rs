//! The talent registry (技能人才名册): one row per person, as last imported.

use sea_orm_migration::prelude::*;

use super::helpers::{at, ck, id, pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The ID number is sealed like a person's, and its keyed hash is the persons table's own
/// (same key, same field label), so that a registry row and a person on record with the same
/// number are matched by hash without decrypting either. Gender and birth date are read from
/// the number; the registry's other columns are kept as facts in the `--facts` JSON shape.
#[derive(DeriveIden)]
enum Talents {
    Table,
    Id,
    IdNumberSealed,
    IdNumberHash,
    Name,
    Gender,
    BirthDate,
    Facts,
    Source,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Talents::Table)
                    .col(id(manager, Talents::Id))
                    .col(ColumnDef::new(Talents::IdNumberSealed).blob().not_null())
                    .col(ColumnDef::new(Talents::IdNumberHash).blob().not_null())
                    .col(ColumnDef::new(Talents::Name).text().null())
                    .col(ColumnDef::new(Talents::Gender).text().not_null())
                    .col(ColumnDef::new(Talents::BirthDate).date().not_null())
                    .col(ColumnDef::new(Talents::Facts).json_binary().not_null())
                    .col(ColumnDef::new(Talents::Source).text().not_null())
                    .col(at(Talents::CreatedAt))
                    .col(at(Talents::UpdatedAt))
                    .primary_key(&mut pk("pk_talents", [Talents::Id.into_iden()]))
                    .check(ck("ck_talents_name", "name IS NULL OR name <> ''"))
                    .check(ck("ck_talents_gender", "gender IN ('male', 'female')"))
                    .check(ck("ck_talents_source", "source <> ''"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_talents_id_number_hash")
                    .table(Talents::Table)
                    .col(Talents::IdNumberHash)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
