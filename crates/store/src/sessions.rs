//! Web sessions: the server side of a session cookie. A session is stored under the SHA-256 of
//! its token, never the token itself, with the account it signs in and the CSRF token its forms
//! carry. Sessions are security state, not business records: they are not audited row by row,
//! and ending one deletes it (the web layer records sign-ins and sign-outs as audit events).

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::accounts::AccountId;
use crate::digest::Digest;
use crate::error::Result;
use crate::store::{Reader, Tx, now};

mod table {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "web_sessions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_sha256: String,
        pub account_id: i64,
        pub csrf_token: String,
        pub created_at: DateTimeUtc,
        pub last_seen_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A live session. `Debug` leaves out the CSRF token.
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    pub token_sha256: Digest,
    pub account: AccountId,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("account", &self.account)
            .field("created_at", &self.created_at)
            .field("last_seen_at", &self.last_seen_at)
            .finish_non_exhaustive()
    }
}

impl TryFrom<table::Model> for Session {
    type Error = crate::StoreError;

    fn try_from(m: table::Model) -> Result<Self> {
        Ok(Self {
            token_sha256: Digest::from_stored(&m.token_sha256, "web_sessions.token_sha256")?,
            account: AccountId(m.account_id),
            csrf_token: m.csrf_token,
            created_at: m.created_at,
            last_seen_at: m.last_seen_at,
        })
    }
}

/// Starts a session for `account` under the digest of its cookie's token.
pub async fn create(
    tx: &Tx,
    token_sha256: &Digest,
    account: AccountId,
    csrf_token: &str,
) -> Result<Session> {
    let at = now();
    table::ActiveModel {
        token_sha256: Set(token_sha256.to_hex()),
        account_id: Set(account.0),
        csrf_token: Set(csrf_token.to_owned()),
        created_at: Set(at),
        last_seen_at: Set(at),
    }
    .insert(tx.conn())
    .await?
    .try_into()
}

/// The session stored under this token digest, if there is one.
pub async fn find(reader: &impl Reader, token_sha256: &Digest) -> Result<Option<Session>> {
    table::Entity::find_by_id(token_sha256.to_hex())
        .one(reader.conn())
        .await?
        .map(Session::try_from)
        .transpose()
}

/// Records that the session was used now, which restarts its idle time.
pub async fn touch(tx: &Tx, token_sha256: &Digest) -> Result<()> {
    table::Entity::update_many()
        .col_expr(
            table::Column::LastSeenAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(table::Column::TokenSha256.eq(token_sha256.to_hex()))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Ends the session (signing out). Ending one that is already gone is not an error.
pub async fn delete(tx: &Tx, token_sha256: &Digest) -> Result<()> {
    table::Entity::delete_by_id(token_sha256.to_hex())
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Ends every session idle since before `cutoff`, and returns how many there were.
pub async fn delete_idle(tx: &Tx, cutoff: DateTime<Utc>) -> Result<u64> {
    Ok(table::Entity::delete_many()
        .filter(table::Column::LastSeenAt.lt(cutoff))
        .exec(tx.conn())
        .await?
        .rows_affected)
}
