//! Attachment metadata; the bytes live in a content-addressed blob store under the same digest.

use sea_orm_migration::prelude::*;

use super::helpers::{at, ck, pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Sha256,
    MediaType,
    Size,
    OriginalName,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Attachments::Table)
                    .col(ColumnDef::new(Attachments::Sha256).text().not_null())
                    .col(ColumnDef::new(Attachments::MediaType).text().not_null())
                    .col(ColumnDef::new(Attachments::Size).big_integer().not_null())
                    .col(ColumnDef::new(Attachments::OriginalName).text().not_null())
                    .col(at(Attachments::CreatedAt))
                    .primary_key(&mut pk("pk_attachments", [Attachments::Sha256.into_iden()]))
                    .check(ck("ck_attachments_sha256", "length(sha256) = 64"))
                    .check(ck(
                        "ck_attachments_media_type",
                        "media_type IN ('application/pdf', 'image/jpeg', 'image/png')",
                    ))
                    .check(ck("ck_attachments_size", "size > 0"))
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
