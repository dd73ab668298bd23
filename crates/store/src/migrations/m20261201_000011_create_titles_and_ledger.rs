//! Titles and the benefits ledger: the title (称号) or plaque an approved application confers, with
//! its numbered certificate and verification code; the entitlements the policy engine computed
//! for it; the payments scheduled, paid, cancelled or to be recovered; and the bans on applying
//! again that a revocation imposes.

use sea_orm_migration::prelude::*;

use super::helpers::{at, ck, fk, id, pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One title per application. A revocation is recorded once: its date, reason, citation, who
/// and when are set together.
#[derive(DeriveIden)]
enum Titles {
    Table,
    Id,
    ApplicationId,
    ProgramVersionId,
    PersonId,
    UnitId,
    Category,
    Name,
    CertificateNo,
    VerificationCode,
    GrantedOn,
    ValidUntil,
    GrantedBy,
    GrantedAt,
    RevokedOn,
    RevocationReason,
    RevocationCitation,
    RevokedBy,
    RevokedAt,
}

/// One benefit of one application, as the engine computed it at approval (`detail` keeps the
/// engine's whole entitlement with its citations). `status` says whether it is paid
/// (`active`), was left out by 就高不重复 (`excluded`), or was stopped after the award
/// (`stopped`); the latter two carry their reason and citation.
#[derive(DeriveIden)]
enum Entitlements {
    Table,
    Id,
    ApplicationId,
    TitleId,
    Benefit,
    Name,
    Payee,
    Tax,
    Schedule,
    AmountFen,
    Detail,
    Status,
    StatusReason,
    StatusCitation,
    CreatedAt,
}

/// One payment of an entitlement. `scheduled` → `paid` (with date, who and the bank reference)
/// or `cancelled` (with the reason); `paid` → `recovery_due` when a revocation claws it back →
/// `recovered`.
#[derive(DeriveIden)]
enum Payments {
    Table,
    Id,
    EntitlementId,
    Number,
    DueOn,
    AmountFen,
    Status,
    PaidOn,
    PaidBy,
    Reference,
    Note,
    RecoveredOn,
    UpdatedAt,
}

/// A person barred from applying to a program again (201号 五(二)、004 第十八条: “不得再次申报”).
#[derive(DeriveIden)]
enum Bans {
    Table,
    Id,
    PersonId,
    ProgramId,
    TitleId,
    Reason,
    Citation,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ProgramVersions {
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
                    .table(Titles::Table)
                    .col(id(manager, Titles::Id))
                    .col(
                        ColumnDef::new(Titles::ApplicationId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Titles::ProgramVersionId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Titles::PersonId).big_integer().null())
                    .col(ColumnDef::new(Titles::UnitId).big_integer().null())
                    .col(ColumnDef::new(Titles::Category).text().not_null())
                    .col(ColumnDef::new(Titles::Name).text().not_null())
                    .col(ColumnDef::new(Titles::CertificateNo).text().not_null())
                    .col(ColumnDef::new(Titles::VerificationCode).text().not_null())
                    .col(ColumnDef::new(Titles::GrantedOn).date().not_null())
                    .col(ColumnDef::new(Titles::ValidUntil).date().null())
                    .col(ColumnDef::new(Titles::GrantedBy).big_integer().not_null())
                    .col(at(Titles::GrantedAt))
                    .col(ColumnDef::new(Titles::RevokedOn).date().null())
                    .col(ColumnDef::new(Titles::RevocationReason).text().null())
                    .col(ColumnDef::new(Titles::RevocationCitation).text().null())
                    .col(ColumnDef::new(Titles::RevokedBy).big_integer().null())
                    .col(
                        ColumnDef::new(Titles::RevokedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .primary_key(&mut pk("pk_titles", [Titles::Id.into_iden()]))
                    .foreign_key(&mut fk(
                        "fk_titles_application_id",
                        (Titles::Table, Titles::ApplicationId),
                        (Applications::Table, Applications::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_titles_program_version_id",
                        (Titles::Table, Titles::ProgramVersionId),
                        (ProgramVersions::Table, ProgramVersions::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_titles_person_id",
                        (Titles::Table, Titles::PersonId),
                        (Persons::Table, Persons::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_titles_unit_id",
                        (Titles::Table, Titles::UnitId),
                        (Units::Table, Units::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_titles_granted_by",
                        (Titles::Table, Titles::GrantedBy),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_titles_revoked_by",
                        (Titles::Table, Titles::RevokedBy),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .check(ck(
                        "ck_titles_holder",
                        "person_id IS NOT NULL OR unit_id IS NOT NULL",
                    ))
                    .check(ck("ck_titles_name", "name <> ''"))
                    .check(ck("ck_titles_certificate_no", "certificate_no <> ''"))
                    .check(ck(
                        "ck_titles_verification_code",
                        "length(verification_code) = 16",
                    ))
                    .check(ck(
                        "ck_titles_revoked",
                        "(revoked_on IS NULL AND revocation_reason IS NULL \
                              AND revocation_citation IS NULL AND revoked_by IS NULL \
                              AND revoked_at IS NULL) \
                         OR (revoked_on IS NOT NULL AND revocation_reason <> '' \
                              AND revocation_citation IS NOT NULL AND revoked_by IS NOT NULL \
                              AND revoked_at IS NOT NULL)",
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("uq_titles_application_id", Titles::ApplicationId),
            ("uq_titles_certificate_no", Titles::CertificateNo),
            ("uq_titles_verification_code", Titles::VerificationCode),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Titles::Table)
                        .col(column)
                        .unique()
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ix_titles_person_id")
                    .table(Titles::Table)
                    .col(Titles::PersonId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Entitlements::Table)
                    .col(id(manager, Entitlements::Id))
                    .col(
                        ColumnDef::new(Entitlements::ApplicationId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Entitlements::TitleId).big_integer().null())
                    .col(ColumnDef::new(Entitlements::Benefit).text().not_null())
                    .col(ColumnDef::new(Entitlements::Name).text().not_null())
                    .col(ColumnDef::new(Entitlements::Payee).text().not_null())
                    .col(ColumnDef::new(Entitlements::Tax).text().not_null())
                    .col(ColumnDef::new(Entitlements::Schedule).text().not_null())
                    .col(ColumnDef::new(Entitlements::AmountFen).big_integer().null())
                    .col(
                        ColumnDef::new(Entitlements::Detail)
                            .json_binary()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Entitlements::Status).text().not_null())
                    .col(ColumnDef::new(Entitlements::StatusReason).text().null())
                    .col(ColumnDef::new(Entitlements::StatusCitation).text().null())
                    .col(at(Entitlements::CreatedAt))
                    .primary_key(&mut pk("pk_entitlements", [Entitlements::Id.into_iden()]))
                    .foreign_key(&mut fk(
                        "fk_entitlements_application_id",
                        (Entitlements::Table, Entitlements::ApplicationId),
                        (Applications::Table, Applications::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_entitlements_title_id",
                        (Entitlements::Table, Entitlements::TitleId),
                        (Titles::Table, Titles::Id),
                    ))
                    .check(ck("ck_entitlements_benefit", "benefit <> ''"))
                    .check(ck(
                        "ck_entitlements_schedule",
                        "schedule IN ('once', 'annual', 'yearly')",
                    ))
                    .check(ck(
                        "ck_entitlements_amount",
                        "amount_fen IS NULL OR amount_fen >= 0",
                    ))
                    .check(ck(
                        "ck_entitlements_status",
                        "(status = 'active' AND status_reason IS NULL AND status_citation IS NULL) \
                         OR (status IN ('excluded', 'stopped') AND status_reason <> '' \
                              AND status_citation IS NOT NULL)",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_entitlements_application_benefit")
                    .table(Entitlements::Table)
                    .col(Entitlements::ApplicationId)
                    .col(Entitlements::Benefit)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Payments::Table)
                    .col(id(manager, Payments::Id))
                    .col(
                        ColumnDef::new(Payments::EntitlementId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Payments::Number).integer().not_null())
                    .col(ColumnDef::new(Payments::DueOn).date().not_null())
                    .col(ColumnDef::new(Payments::AmountFen).big_integer().not_null())
                    .col(ColumnDef::new(Payments::Status).text().not_null())
                    .col(ColumnDef::new(Payments::PaidOn).date().null())
                    .col(ColumnDef::new(Payments::PaidBy).big_integer().null())
                    .col(ColumnDef::new(Payments::Reference).text().null())
                    .col(ColumnDef::new(Payments::Note).text().null())
                    .col(ColumnDef::new(Payments::RecoveredOn).date().null())
                    .col(at(Payments::UpdatedAt))
                    .primary_key(&mut pk("pk_payments", [Payments::Id.into_iden()]))
                    .foreign_key(&mut fk(
                        "fk_payments_entitlement_id",
                        (Payments::Table, Payments::EntitlementId),
                        (Entitlements::Table, Entitlements::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_payments_paid_by",
                        (Payments::Table, Payments::PaidBy),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .check(ck("ck_payments_number", "number >= 1"))
                    .check(ck("ck_payments_amount", "amount_fen >= 0"))
                    .check(ck(
                        "ck_payments_status",
                        "(status = 'scheduled' AND paid_on IS NULL AND paid_by IS NULL \
                              AND recovered_on IS NULL) \
                         OR (status = 'cancelled' AND paid_on IS NULL AND note <> '' \
                              AND recovered_on IS NULL) \
                         OR (status IN ('paid', 'recovery_due') AND paid_on IS NOT NULL \
                              AND paid_by IS NOT NULL AND recovered_on IS NULL) \
                         OR (status = 'recovered' AND paid_on IS NOT NULL \
                              AND recovered_on IS NOT NULL)",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_payments_entitlement_number")
                    .table(Payments::Table)
                    .col(Payments::EntitlementId)
                    .col(Payments::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_payments_status_due_on")
                    .table(Payments::Table)
                    .col(Payments::Status)
                    .col(Payments::DueOn)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Bans::Table)
                    .col(id(manager, Bans::Id))
                    .col(ColumnDef::new(Bans::PersonId).big_integer().not_null())
                    .col(ColumnDef::new(Bans::ProgramId).text().not_null())
                    .col(ColumnDef::new(Bans::TitleId).big_integer().null())
                    .col(ColumnDef::new(Bans::Reason).text().not_null())
                    .col(ColumnDef::new(Bans::Citation).text().not_null())
                    .col(ColumnDef::new(Bans::CreatedBy).big_integer().not_null())
                    .col(at(Bans::CreatedAt))
                    .primary_key(&mut pk("pk_bans", [Bans::Id.into_iden()]))
                    .foreign_key(&mut fk(
                        "fk_bans_person_id",
                        (Bans::Table, Bans::PersonId),
                        (Persons::Table, Persons::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_bans_title_id",
                        (Bans::Table, Bans::TitleId),
                        (Titles::Table, Titles::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_bans_created_by",
                        (Bans::Table, Bans::CreatedBy),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .check(ck("ck_bans_program_id", "program_id <> ''"))
                    .check(ck("ck_bans_reason", "reason <> ''"))
                    .check(ck("ck_bans_citation", "citation <> ''"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_bans_person_program")
                    .table(Bans::Table)
                    .col(Bans::PersonId)
                    .col(Bans::ProgramId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
