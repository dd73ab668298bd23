//! The web application's sign-ins: sessions (the server side of a session cookie) and log-in
//! attempts (for lock-out after repeated failures). Neither is a business record: they are not
//! written to the audit log, and a session row is deleted when it ends.

use sea_orm_migration::prelude::*;

use super::helpers::{at, ck, fk, id, pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A session is found by the SHA-256 of its cookie's token, so that a copy of the table does
/// not let anyone sign in.
#[derive(DeriveIden)]
enum WebSessions {
    Table,
    TokenSha256,
    AccountId,
    CsrfToken,
    CreatedAt,
    LastSeenAt,
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Id,
    AccountId,
    At,
    Succeeded,
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
                    .table(WebSessions::Table)
                    .col(ColumnDef::new(WebSessions::TokenSha256).text().not_null())
                    .col(
                        ColumnDef::new(WebSessions::AccountId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(WebSessions::CsrfToken).text().not_null())
                    .col(at(WebSessions::CreatedAt))
                    .col(at(WebSessions::LastSeenAt))
                    .primary_key(&mut pk(
                        "pk_web_sessions",
                        [WebSessions::TokenSha256.into_iden()],
                    ))
                    .foreign_key(&mut fk(
                        "fk_web_sessions_account_id",
                        (WebSessions::Table, WebSessions::AccountId),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .check(ck(
                        "ck_web_sessions_token_sha256",
                        "length(token_sha256) = 64",
                    ))
                    .check(ck("ck_web_sessions_csrf_token", "csrf_token <> ''"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_web_sessions_account_id")
                    .table(WebSessions::Table)
                    .col(WebSessions::AccountId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginAttempts::Table)
                    .col(id(manager, LoginAttempts::Id))
                    .col(
                        ColumnDef::new(LoginAttempts::AccountId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(at(LoginAttempts::At))
                    .col(
                        ColumnDef::new(LoginAttempts::Succeeded)
                            .boolean()
                            .not_null(),
                    )
                    .primary_key(&mut pk(
                        "pk_login_attempts",
                        [LoginAttempts::Id.into_iden()],
                    ))
                    .foreign_key(&mut fk(
                        "fk_login_attempts_account_id",
                        (LoginAttempts::Table, LoginAttempts::AccountId),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_login_attempts_account_id_at")
                    .table(LoginAttempts::Table)
                    .col(LoginAttempts::AccountId)
                    .col(LoginAttempts::At)
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
