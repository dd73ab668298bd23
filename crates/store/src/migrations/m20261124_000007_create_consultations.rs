//! Department opinions and credit checks (征求意见、信用核查) as dated evidence: which body or list
//! was consulted about an application at which stage, on what day, with what result, who
//! recorded it and the attachment that shows it.

use sea_orm_migration::prelude::*;

use super::helpers::{at, ck, fk, id, pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Append-only: a department that answers again, or a list queried again later, is a new row;
/// the workflow reads the latest query per body.
#[derive(DeriveIden)]
enum Consultations {
    Table,
    Id,
    ApplicationId,
    Stage,
    Source,
    QueriedOn,
    Result,
    Finding,
    Detail,
    AttachmentSha256,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Sha256,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Consultations::Table)
                    .col(id(manager, Consultations::Id))
                    .col(
                        ColumnDef::new(Consultations::ApplicationId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Consultations::Stage).text().not_null())
                    .col(ColumnDef::new(Consultations::Source).text().not_null())
                    .col(ColumnDef::new(Consultations::QueriedOn).date().not_null())
                    .col(ColumnDef::new(Consultations::Result).text().not_null())
                    .col(ColumnDef::new(Consultations::Finding).text().null())
                    .col(ColumnDef::new(Consultations::Detail).text().null())
                    .col(
                        ColumnDef::new(Consultations::AttachmentSha256)
                            .text()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Consultations::RecordedBy)
                            .big_integer()
                            .not_null(),
                    )
                    .col(at(Consultations::RecordedAt))
                    .primary_key(&mut pk("pk_consultations", [Consultations::Id.into_iden()]))
                    .foreign_key(&mut fk(
                        "fk_consultations_application_id",
                        (Consultations::Table, Consultations::ApplicationId),
                        (Applications::Table, Applications::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_consultations_recorded_by",
                        (Consultations::Table, Consultations::RecordedBy),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_consultations_attachment_sha256",
                        (Consultations::Table, Consultations::AttachmentSha256),
                        (Attachments::Table, Attachments::Sha256),
                    ))
                    .check(ck("ck_consultations_stage", "stage <> ''"))
                    .check(ck("ck_consultations_source", "source <> ''"))
                    // A clear result carries nothing more; an adverse one says what was found,
                    // and may name the marking it establishes.
                    .check(ck(
                        "ck_consultations_result",
                        "(result = 'clear' AND finding IS NULL AND detail IS NULL) \
                         OR (result = 'adverse' AND detail IS NOT NULL AND detail <> '' \
                             AND (finding IS NULL OR finding <> ''))",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_consultations_application_id")
                    .table(Consultations::Table)
                    .col(Consultations::ApplicationId)
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
