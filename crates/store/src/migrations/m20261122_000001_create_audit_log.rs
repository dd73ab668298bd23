//! The hash-chained audit log, its head, and the store's own settings.

use sea_orm_migration::prelude::*;

use super::helpers::{at, ck, pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Seq,
    At,
    Actor,
    Role,
    Action,
    Entity,
    EntityId,
    BeforeDigest,
    AfterDigest,
    PrevHash,
    Hash,
}

/// One row: the sequence number and hash of the last entry. Appends update it first, which
/// serialises them (a row lock on PostgreSQL; SQLite has one writer anyway), and `audit verify`
/// compares it with the last entry, so deleting entries from the end is noticed too.
#[derive(DeriveIden)]
enum AuditHead {
    Table,
    Id,
    Seq,
    Hash,
}

/// Named values the store keeps about itself, such as the data-key check.
#[derive(DeriveIden)]
enum StoreMeta {
    Table,
    Name,
    Value,
}

/// The hash that the first entry chains from.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(ColumnDef::new(AuditLog::Seq).big_integer().not_null())
                    .col(at(AuditLog::At))
                    .col(ColumnDef::new(AuditLog::Actor).text().not_null())
                    .col(ColumnDef::new(AuditLog::Role).text().not_null())
                    .col(ColumnDef::new(AuditLog::Action).text().not_null())
                    .col(ColumnDef::new(AuditLog::Entity).text().not_null())
                    .col(ColumnDef::new(AuditLog::EntityId).text().not_null())
                    .col(ColumnDef::new(AuditLog::BeforeDigest).text().null())
                    .col(ColumnDef::new(AuditLog::AfterDigest).text().null())
                    .col(ColumnDef::new(AuditLog::PrevHash).text().not_null())
                    .col(ColumnDef::new(AuditLog::Hash).text().not_null())
                    .primary_key(&mut pk("pk_audit_log", [AuditLog::Seq.into_iden()]))
                    .check(ck("ck_audit_log_seq", "seq >= 1"))
                    .check(ck(
                        "ck_audit_log_hashes",
                        "length(hash) = 64 AND length(prev_hash) = 64",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_log_entity")
                    .table(AuditLog::Table)
                    .col(AuditLog::Entity)
                    .col(AuditLog::EntityId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditHead::Table)
                    .col(ColumnDef::new(AuditHead::Id).integer().not_null())
                    .col(ColumnDef::new(AuditHead::Seq).big_integer().not_null())
                    .col(ColumnDef::new(AuditHead::Hash).text().not_null())
                    .primary_key(&mut pk("pk_audit_head", [AuditHead::Id.into_iden()]))
                    .check(ck("ck_audit_head_single_row", "id = 1"))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(AuditHead::Table)
                    .columns([AuditHead::Id, AuditHead::Seq, AuditHead::Hash])
                    .values_panic([1.into(), 0i64.into(), GENESIS.into()])
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StoreMeta::Table)
                    .col(ColumnDef::new(StoreMeta::Name).text().not_null())
                    .col(ColumnDef::new(StoreMeta::Value).text().not_null())
                    .primary_key(&mut pk("pk_store_meta", [StoreMeta::Name.into_iden()]))
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
