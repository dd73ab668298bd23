//! Immutable program versions, applications judged under one of them, and their attachments.

use sea_orm_migration::prelude::*;

use super::helpers::{at, ck, fk, id, pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A program file as loaded: the text itself and its digest, so that a decision can be
/// recomputed under exactly the rules it was made with.
#[derive(DeriveIden)]
enum ProgramVersions {
    Table,
    Id,
    ProgramId,
    Version,
    Sha256,
    Source,
    LoadedAt,
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
    ProgramVersionId,
    Category,
    ApplicantPersonId,
    UnitId,
    Stage,
    StageEnteredAt,
    Facts,
    Decision,
    CreatedAt,
    UpdatedAt,
    RowVersion,
}

#[derive(DeriveIden)]
enum ApplicationAttachments {
    Table,
    ApplicationId,
    AttachmentSha256,
    Purpose,
    AddedAt,
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
                    .table(ProgramVersions::Table)
                    .col(id(manager, ProgramVersions::Id))
                    .col(ColumnDef::new(ProgramVersions::ProgramId).text().not_null())
                    .col(ColumnDef::new(ProgramVersions::Version).text().not_null())
                    .col(ColumnDef::new(ProgramVersions::Sha256).text().not_null())
                    .col(ColumnDef::new(ProgramVersions::Source).text().not_null())
                    .col(at(ProgramVersions::LoadedAt))
                    .primary_key(&mut pk(
                        "pk_program_versions",
                        [ProgramVersions::Id.into_iden()],
                    ))
                    .check(ck("ck_program_versions_program_id", "program_id <> ''"))
                    .check(ck("ck_program_versions_version", "version <> ''"))
                    .check(ck("ck_program_versions_sha256", "length(sha256) = 64"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_program_versions_program_id_version")
                    .table(ProgramVersions::Table)
                    .col(ProgramVersions::ProgramId)
                    .col(ProgramVersions::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Applications::Table)
                    .col(id(manager, Applications::Id))
                    .col(
                        ColumnDef::new(Applications::ProgramVersionId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Applications::Category).text().not_null())
                    .col(
                        ColumnDef::new(Applications::ApplicantPersonId)
                            .big_integer()
                            .null(),
                    )
                    .col(ColumnDef::new(Applications::UnitId).big_integer().null())
                    .col(ColumnDef::new(Applications::Stage).text().not_null())
                    .col(at(Applications::StageEnteredAt))
                    .col(ColumnDef::new(Applications::Facts).json_binary().not_null())
                    .col(ColumnDef::new(Applications::Decision).json_binary().null())
                    .col(at(Applications::CreatedAt))
                    .col(at(Applications::UpdatedAt))
                    .col(
                        ColumnDef::new(Applications::RowVersion)
                            .big_integer()
                            .not_null()
                            .default(1),
                    )
                    .primary_key(&mut pk("pk_applications", [Applications::Id.into_iden()]))
                    .foreign_key(&mut fk(
                        "fk_applications_program_version_id",
                        (Applications::Table, Applications::ProgramVersionId),
                        (ProgramVersions::Table, ProgramVersions::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_applications_applicant_person_id",
                        (Applications::Table, Applications::ApplicantPersonId),
                        (Persons::Table, Persons::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_applications_unit_id",
                        (Applications::Table, Applications::UnitId),
                        (Units::Table, Units::Id),
                    ))
                    .check(ck(
                        "ck_applications_party",
                        "applicant_person_id IS NOT NULL OR unit_id IS NOT NULL",
                    ))
                    .check(ck("ck_applications_category", "category <> ''"))
                    .check(ck("ck_applications_stage", "stage <> ''"))
                    .check(ck("ck_applications_row_version", "row_version >= 1"))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            (
                "ix_applications_program_version_id",
                Applications::ProgramVersionId,
            ),
            (
                "ix_applications_applicant_person_id",
                Applications::ApplicantPersonId,
            ),
            ("ix_applications_unit_id", Applications::UnitId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Applications::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(ApplicationAttachments::Table)
                    .col(
                        ColumnDef::new(ApplicationAttachments::ApplicationId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ApplicationAttachments::AttachmentSha256)
                            .text()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ApplicationAttachments::Purpose)
                            .text()
                            .not_null(),
                    )
                    .col(at(ApplicationAttachments::AddedAt))
                    .primary_key(&mut pk(
                        "pk_application_attachments",
                        [
                            ApplicationAttachments::ApplicationId.into_iden(),
                            ApplicationAttachments::AttachmentSha256.into_iden(),
                        ],
                    ))
                    .foreign_key(&mut fk(
                        "fk_application_attachments_application_id",
                        (
                            ApplicationAttachments::Table,
                            ApplicationAttachments::ApplicationId,
                        ),
                        (Applications::Table, Applications::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_application_attachments_attachment_sha256",
                        (
                            ApplicationAttachments::Table,
                            ApplicationAttachments::AttachmentSha256,
                        ),
                        (Attachments::Table, Attachments::Sha256),
                    ))
                    .check(ck("ck_application_attachments_purpose", "purpose <> ''"))
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
