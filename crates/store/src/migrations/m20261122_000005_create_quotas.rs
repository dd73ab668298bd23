//! Quota pools and the claims on them.
//!
//! A pool counts its claims in `claimed`, and a claim raises the count with a conditional
//! `UPDATE ... SET claimed = claimed + 1 WHERE id = ? AND claimed < capacity`: the check
//! constraint makes an over-full pool impossible whatever the code does, and the conditional
//! update makes concurrent claims for the last place take turns on the pool's row.

use sea_orm_migration::prelude::*;

use super::helpers::{at, ck, fk, id, pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum QuotaPools {
    Table,
    Id,
    ProgramVersionId,
    Scope,
    Capacity,
    Claimed,
    CreatedAt,
}

#[derive(DeriveIden)]
enum QuotaClaims {
    Table,
    PoolId,
    ApplicationId,
    ClaimedAt,
}

#[derive(DeriveIden)]
enum ProgramVersions {
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
                    .table(QuotaPools::Table)
                    .col(id(manager, QuotaPools::Id))
                    .col(
                        ColumnDef::new(QuotaPools::ProgramVersionId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(QuotaPools::Scope).text().not_null())
                    .col(
                        ColumnDef::new(QuotaPools::Capacity)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(QuotaPools::Claimed)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(at(QuotaPools::CreatedAt))
                    .primary_key(&mut pk("pk_quota_pools", [QuotaPools::Id.into_iden()]))
                    .foreign_key(&mut fk(
                        "fk_quota_pools_program_version_id",
                        (QuotaPools::Table, QuotaPools::ProgramVersionId),
                        (ProgramVersions::Table, ProgramVersions::Id),
                    ))
                    .check(ck("ck_quota_pools_scope", "scope <> ''"))
                    .check(ck(
                        "ck_quota_pools_claimed",
                        "claimed >= 0 AND claimed <= capacity",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_quota_pools_program_version_id_scope")
                    .table(QuotaPools::Table)
                    .col(QuotaPools::ProgramVersionId)
                    .col(QuotaPools::Scope)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuotaClaims::Table)
                    .col(ColumnDef::new(QuotaClaims::PoolId).big_integer().not_null())
                    .col(
                        ColumnDef::new(QuotaClaims::ApplicationId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(at(QuotaClaims::ClaimedAt))
                    .primary_key(&mut pk(
                        "pk_quota_claims",
                        [
                            QuotaClaims::PoolId.into_iden(),
                            QuotaClaims::ApplicationId.into_iden(),
                        ],
                    ))
                    .foreign_key(&mut fk(
                        "fk_quota_claims_pool_id",
                        (QuotaClaims::Table, QuotaClaims::PoolId),
                        (QuotaPools::Table, QuotaPools::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_quota_claims_application_id",
                        (QuotaClaims::Table, QuotaClaims::ApplicationId),
                        (Applications::Table, Applications::Id),
                    ))
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
