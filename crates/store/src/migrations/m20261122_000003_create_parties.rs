//! Units with their credit flags, persons, and accounts.

use sea_orm_migration::prelude::*;

use super::helpers::{at, ck, fk, id, pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
    CreditCode,
    Name,
    UnitType,
    EnterpriseClass,
    DistrictCode,
    CreatedAt,
    UpdatedAt,
}

/// A credit flag with its dated evidence: a unit may be listed, then cleared, then listed again,
/// and a decision must be explainable by what was on record that day.
#[derive(DeriveIden)]
enum UnitCreditFlags {
    Table,
    Id,
    UnitId,
    Kind,
    NotedOn,
    ClearedOn,
    Source,
    EvidenceSha256,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
    IdNumberSealed,
    IdNumberHash,
    Name,
    Gender,
    BirthDate,
    PhoneSealed,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    Login,
    PasswordHash,
    Role,
    DistrictCode,
    UnitId,
    LockedUntil,
    FailedLogins,
    CreatedAt,
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
                    .table(Units::Table)
                    .col(id(manager, Units::Id))
                    .col(ColumnDef::new(Units::CreditCode).text().not_null())
                    .col(ColumnDef::new(Units::Name).text().not_null())
                    .col(ColumnDef::new(Units::UnitType).text().not_null())
                    .col(ColumnDef::new(Units::EnterpriseClass).text().null())
                    .col(ColumnDef::new(Units::DistrictCode).text().not_null())
                    .col(at(Units::CreatedAt))
                    .col(at(Units::UpdatedAt))
                    .primary_key(&mut pk("pk_units", [Units::Id.into_iden()]))
                    .check(ck("ck_units_credit_code", "length(credit_code) = 18"))
                    .check(ck("ck_units_name", "name <> ''"))
                    .check(ck("ck_units_district_code", "length(district_code) = 6"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_units_credit_code")
                    .table(Units::Table)
                    .col(Units::CreditCode)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UnitCreditFlags::Table)
                    .col(id(manager, UnitCreditFlags::Id))
                    .col(
                        ColumnDef::new(UnitCreditFlags::UnitId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(UnitCreditFlags::Kind).text().not_null())
                    .col(ColumnDef::new(UnitCreditFlags::NotedOn).date().not_null())
                    .col(ColumnDef::new(UnitCreditFlags::ClearedOn).date().null())
                    .col(ColumnDef::new(UnitCreditFlags::Source).text().not_null())
                    .col(
                        ColumnDef::new(UnitCreditFlags::EvidenceSha256)
                            .text()
                            .null(),
                    )
                    .col(at(UnitCreditFlags::CreatedAt))
                    .primary_key(&mut pk(
                        "pk_unit_credit_flags",
                        [UnitCreditFlags::Id.into_iden()],
                    ))
                    .foreign_key(&mut fk(
                        "fk_unit_credit_flags_unit_id",
                        (UnitCreditFlags::Table, UnitCreditFlags::UnitId),
                        (Units::Table, Units::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_unit_credit_flags_evidence_sha256",
                        (UnitCreditFlags::Table, UnitCreditFlags::EvidenceSha256),
                        (Attachments::Table, Attachments::Sha256),
                    ))
                    .check(ck(
                        "ck_unit_credit_flags_kind",
                        "kind IN ('dishonest_debtor', 'under_investigation', 'abnormal_operation')",
                    ))
                    .check(ck(
                        "ck_unit_credit_flags_cleared_on",
                        "cleared_on IS NULL OR cleared_on >= noted_on",
                    ))
                    .check(ck("ck_unit_credit_flags_source", "source <> ''"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_unit_credit_flags_unit_id")
                    .table(UnitCreditFlags::Table)
                    .col(UnitCreditFlags::UnitId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Persons::Table)
                    .col(id(manager, Persons::Id))
                    .col(ColumnDef::new(Persons::IdNumberSealed).blob().not_null())
                    .col(ColumnDef::new(Persons::IdNumberHash).blob().not_null())
                    .col(ColumnDef::new(Persons::Name).text().not_null())
                    .col(ColumnDef::new(Persons::Gender).text().not_null())
                    .col(ColumnDef::new(Persons::BirthDate).date().not_null())
                    .col(ColumnDef::new(Persons::PhoneSealed).blob().null())
                    .col(at(Persons::CreatedAt))
                    .col(at(Persons::UpdatedAt))
                    .primary_key(&mut pk("pk_persons", [Persons::Id.into_iden()]))
                    .check(ck("ck_persons_name", "name <> ''"))
                    .check(ck("ck_persons_gender", "gender IN ('male', 'female')"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_persons_id_number_hash")
                    .table(Persons::Table)
                    .col(Persons::IdNumberHash)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Accounts::Table)
                    .col(id(manager, Accounts::Id))
                    .col(ColumnDef::new(Accounts::Login).text().not_null())
                    .col(ColumnDef::new(Accounts::PasswordHash).text().null())
                    .col(ColumnDef::new(Accounts::Role).text().not_null())
                    .col(ColumnDef::new(Accounts::DistrictCode).text().null())
                    .col(ColumnDef::new(Accounts::UnitId).big_integer().null())
                    .col(
                        ColumnDef::new(Accounts::LockedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Accounts::FailedLogins)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(at(Accounts::CreatedAt))
                    .primary_key(&mut pk("pk_accounts", [Accounts::Id.into_iden()]))
                    .foreign_key(&mut fk(
                        "fk_accounts_unit_id",
                        (Accounts::Table, Accounts::UnitId),
                        (Units::Table, Units::Id),
                    ))
                    .check(ck("ck_accounts_login", "login <> ''"))
                    .check(ck(
                        "ck_accounts_role",
                        "role IN ('unit_officer', 'individual', 'district_reviewer', \
                         'city_reviewer', 'expert', 'finance', 'admin')",
                    ))
                    // A district reviewer is scoped to exactly one district and only it has one;
                    // a unit officer acts for exactly one unit and only it has one.
                    .check(ck(
                        "ck_accounts_district_scope",
                        "(role = 'district_reviewer') = (district_code IS NOT NULL)",
                    ))
                    .check(ck(
                        "ck_accounts_unit_scope",
                        "(role = 'unit_officer') = (unit_id IS NOT NULL)",
                    ))
                    .check(ck("ck_accounts_failed_logins", "failed_logins >= 0"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_accounts_login")
                    .table(Accounts::Table)
                    .col(Accounts::Login)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
