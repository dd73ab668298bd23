//! The append-only, hash-chained audit log.
//!
//! Every change that a repository makes is recorded in the same transaction: who ([`Actor`]),
//! in which role, when, what (`action`, `entity`, `entity_id`), and the SHA-256 digests of the
//! row before and after (SHA-256 of the row's JSON, as stored). The log holds digests, not
//! the rows, so it never holds personal data; the digests let `verify` tell whether the rows in
//! the tables are still the ones the log last recorded.
//!
//! # The chain
//!
//! Entry `n` stores `prev_hash` = the hash of entry `n − 1` (64 zeros for entry 1) and
//!
//! ```text
//! hash = SHA-256( "jiangxin-audit-v1\n"
//!                 ‖ prev_hash as 32 raw bytes
//!                 ‖ field(seq in decimal)
//!                 ‖ field(at as RFC 3339 UTC with microseconds, e.g. 2026-11-22T08:30:00.123456Z)
//!                 ‖ field(actor) ‖ field(role) ‖ field(action) ‖ field(entity) ‖ field(entity_id)
//!                 ‖ field(before digest in hex, or empty) ‖ field(after digest in hex, or empty) )
//! field(s) = length of s in bytes as a 4-byte big-endian integer ‖ s in UTF-8
//! ```
//!
//! The length prefixes make the encoding unambiguous (no two entries encode alike), and the
//! version string lets a later encoding coexist with this one.
//!
//! # Appending
//!
//! Repositories queue an entry on the [`Tx`] for every row they change, and [`append`] queues
//! an event; [`Tx::commit`] writes the queue just before it commits. Writing first takes the single `audit_head` row with an `UPDATE`: on PostgreSQL that
//! row lock makes concurrent committers take turns, so the chain stays linear, and because it is
//! the last lock a transaction takes, it cannot close a deadlock cycle with the row locks taken by
//! the changes themselves. On SQLite every write transaction already holds the one write lock
//! (the store begins them `IMMEDIATE`). The head also remembers the last entry, so deleting
//! entries from the end of the log is noticed.
//!
//! # What `verify` cannot see
//!
//! Someone who can write to the database can rewrite the whole chain from some entry on,
//! together with the head. Publishing the head's hash elsewhere from time to time (for example
//! in the public notices) anchors everything before it; that is the workflow's job.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::digest::Digest;
use crate::entity::{self, Audited, audit_head, audit_log};
use crate::error::{Result, StoreError};
use crate::kind::EntityKind;
use crate::store::{Reader, Store, Tx, now};

/// The hash that entry 1 chains from.
pub const GENESIS: Digest = Digest::from_bytes([0; 32]);

const ENCODING_VERSION: &[u8] = b"jiangxin-audit-v1\n";

/// How many entries `verify` reads per query.
const VERIFY_PAGE: u64 = 1000;

/// Who makes a change. Accounts are named by id, never by login, because a login may be a phone
/// number and the audit log must not hold personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    name: String,
    role: &'static str,
}

impl Actor {
    /// A person acting through an account in one of its roles.
    pub fn account(id: crate::accounts::AccountId, role: crate::accounts::Role) -> Self {
        Self {
            name: format!("account:{id}"),
            role: role.as_str(),
        }
    }

    /// The program itself, e.g. `Actor::system("cli")` when an administrator loads program files
    /// from the command line before any account exists, or `"timer"` for deadlines.
    pub fn system(component: &'static str) -> Self {
        Self {
            name: format!("system:{component}"),
            role: "system",
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn role(&self) -> &'static str {
        self.role
    }
}

/// One line of the log before it is chained: what the repositories queue for every change, with
/// the digests of the row before and after. The actor and time come from the transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AuditEntry {
    pub action: String,
    pub entity: EntityKind,
    pub entity_id: String,
    pub before: Option<Digest>,
    pub after: Option<Digest>,
}

impl AuditEntry {
    /// The entry for a row that changed from `before` to `after` (either may be absent: a row
    /// created or deleted).
    pub(crate) fn of<M: Audited>(action: &str, before: Option<&M>, after: Option<&M>) -> Self {
        let id = after
            .or(before)
            .map(Audited::audit_id)
            .expect("a change has a row before or after it");
        Self {
            action: action.to_owned(),
            entity: M::KIND,
            entity_id: id,
            before: before.map(Audited::row_digest),
            after: after.map(Audited::row_digest),
        }
    }
}

/// Something that happened to a record without changing its row: a notice published, a vote
/// cast, an export made. Changes to rows are recorded by the repositories themselves, with
/// digests; an event has none, so `verify` does not compare it with the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// What happened, e.g. `notice.publish`.
    pub action: String,
    pub entity: EntityKind,
    pub entity_id: String,
}

/// Queues `entry` to be written, chained, when `tx` commits, in the same transaction as whatever
/// else `tx` does.
pub fn append(tx: &Tx, entry: AuditEvent) {
    tx.queue_audit(AuditEntry {
        action: entry.action,
        entity: entry.entity,
        entity_id: entry.entity_id,
        before: None,
        after: None,
    });
}

/// Writes queued entries at the end of a transaction (see the module documentation).
pub(crate) async fn write<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    entries: Vec<AuditEntry>,
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    audit_head::Entity::update_many()
        .col_expr(audit_head::Column::Seq, Expr::col(audit_head::Column::Seq))
        .filter(audit_head::Column::Id.eq(1))
        .exec(conn)
        .await?;
    let head = audit_head::Entity::find_by_id(1)
        .one(conn)
        .await?
        .ok_or(StoreError::Corrupt { what: "audit_head" })?;
    let mut seq = head.seq;
    let mut prev = Digest::from_stored(&head.hash, "audit_head.hash")?;
    let at = now();
    for entry in entries {
        seq += 1;
        let mut row = audit_log::Model {
            seq,
            at,
            actor: actor.name.clone(),
            role: actor.role.to_owned(),
            action: entry.action,
            entity: entry.entity.table().to_owned(),
            entity_id: entry.entity_id,
            before_digest: entry.before.map(|d| d.to_hex()),
            after_digest: entry.after.map(|d| d.to_hex()),
            prev_hash: prev.to_hex(),
            hash: String::new(),
        };
        prev = chain_hash(prev, &row);
        row.hash = prev.to_hex();
        audit_log::Entity::insert(row.into_active_model())
            .exec_without_returning(conn)
            .await?;
    }
    audit_head::Entity::update_many()
        .col_expr(audit_head::Column::Seq, Expr::value(seq))
        .col_expr(audit_head::Column::Hash, Expr::value(prev.to_hex()))
        .filter(audit_head::Column::Id.eq(1))
        .exec(conn)
        .await?;
    Ok(())
}

/// The hash of `row` chained from `prev`, as documented at the top of this module. The row's own
/// `prev_hash` and `hash` columns are not read: `verify` compares them separately.
fn chain_hash(prev: Digest, row: &audit_log::Model) -> Digest {
    let mut bytes = Vec::with_capacity(512);
    bytes.extend_from_slice(ENCODING_VERSION);
    bytes.extend_from_slice(prev.as_bytes());
    let before = row.before_digest.as_deref().unwrap_or("");
    let after = row.after_digest.as_deref().unwrap_or("");
    for field in [
        row.seq.to_string().as_str(),
        &format_at(row.at),
        &row.actor,
        &row.role,
        &row.action,
        &row.entity,
        &row.entity_id,
        before,
        after,
    ] {
        let len = u32::try_from(field.len()).expect("an audit field is shorter than 4 GiB");
        bytes.extend_from_slice(&len.to_be_bytes());
        bytes.extend_from_slice(field.as_bytes());
    }
    Digest::of(&bytes)
}

fn format_at(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// How many entries the log holds.
    pub entries: u64,
    /// The hash of the last entry (the genesis hash for an empty log).
    pub last_hash: Digest,
    /// The first entry at which the chain is broken, if any.
    pub first_broken: Option<BrokenEntry>,
    /// Rows whose current state is not the one the log last recorded.
    pub rows: Vec<RowMismatch>,
}

impl VerifyReport {
    /// Whether the chain is whole and every row matches the log.
    pub fn is_intact(&self) -> bool {
        self.first_broken.is_none() && self.rows.is_empty()
    }
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenEntry {
    pub seq: i64,
    pub reason: BreakReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakReason {
    /// The entry's contents no longer match its hash: it was edited.
    Edited,
    /// The entry does not chain from the one before it: entries before it were deleted,
    /// reordered or rewritten.
    NotChained,
    /// No entry has this sequence number, though later ones exist: it was deleted.
    Missing,
    /// The log ends before the head says it does: entries from this one on were deleted.
    Truncated,
}

impl fmt::Display for BrokenEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seq = self.seq;
        match self.reason {
            BreakReason::Edited => write!(
                f,
                "审计日志第 {seq} 条的内容与其哈希不符，已被修改（audit entry {seq} does not match its hash: it was edited）"
            ),
            BreakReason::NotChained => write!(
                f,
                "审计日志第 {seq} 条未接续前一条，之前的条目被删除、调换或改写（audit entry {seq} does not chain from the one before: earlier entries were deleted, reordered or rewritten）"
            ),
            BreakReason::Missing => write!(
                f,
                "审计日志缺少第 {seq} 条，已被删除（audit entry {seq} is missing: it was deleted）"
            ),
            BreakReason::Truncated => write!(
                f,
                "审计日志自第 {seq} 条起缺失，末尾被删除（audit entries from {seq} on are missing: the end of the log was deleted）"
            ),
        }
    }
}

/// A row that does not match the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowMismatch {
    pub entity: EntityKind,
    pub entity_id: String,
    /// The last entry that recorded this row, if any.
    pub last_seq: Option<i64>,
    pub problem: RowProblem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowProblem {
    /// The row differs from the state the log last recorded.
    Changed,
    /// The log says the row exists, but it does not.
    Deleted,
    /// The row exists, but the log never recorded it (or recorded it as deleted).
    Unrecorded,
}

impl fmt::Display for RowMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (zh, en, id) = (self.entity.zh(), self.entity.en(), &self.entity_id);
        let seq = self.last_seq.map_or_else(String::new, |s| s.to_string());
        match self.problem {
            RowProblem::Changed => write!(
                f,
                "{zh} {id} 与审计日志第 {seq} 条记录的状态不符，被绕过系统修改（{en} {id} differs from the state recorded by audit entry {seq}: it was changed outside the system）"
            ),
            RowProblem::Deleted => write!(
                f,
                "{zh} {id} 不存在，但审计日志第 {seq} 条记录它存在，被绕过系统删除（{en} {id} is gone though audit entry {seq} recorded it: it was deleted outside the system）"
            ),
            RowProblem::Unrecorded => write!(
                f,
                "{zh} {id} 没有审计记录，被绕过系统写入（{en} {id} has no audit record: it was written outside the system）"
            ),
        }
    }
}

/// Checks the whole chain and the head, then every audited table against the log, all in one
/// snapshot so that writers working meanwhile cannot make it see a half-written state. A broken
/// chain is reported, not returned as an error; errors are failures to read.
pub async fn verify(store: &Store) -> Result<VerifyReport> {
    let snapshot = store.snapshot().await?;
    let conn = snapshot.conn();
    let mut report = VerifyReport {
        entries: 0,
        last_hash: GENESIS,
        first_broken: None,
        rows: Vec::new(),
    };
    // (entity, entity_id) → (seq, after digest) of the last entry for that row.
    let mut last_state: HashMap<(String, String), (i64, Option<String>)> = HashMap::new();
    let mut expected_seq = 1;
    let mut prev = GENESIS;
    loop {
        let page = audit_log::Entity::find()
            .filter(audit_log::Column::Seq.gte(expected_seq))
            .order_by_asc(audit_log::Column::Seq)
            .limit(VERIFY_PAGE)
            .all(conn)
            .await?;
        if page.is_empty() {
            break;
        }
        for row in page {
            report.entries += 1;
            if report.first_broken.is_none() {
                report.first_broken = check_entry(&row, expected_seq, prev);
            }
            prev = Digest::from_stored(&row.hash, "audit_log.hash")?;
            expected_seq = row.seq + 1;
            // Events carry no digests and say nothing about the row's state.
            if row.before_digest.is_some() || row.after_digest.is_some() {
                last_state.insert(
                    (row.entity.clone(), row.entity_id.clone()),
                    (row.seq, row.after_digest.clone()),
                );
            }
        }
    }
    report.last_hash = prev;

    let head = audit_head::Entity::find_by_id(1)
        .one(conn)
        .await?
        .ok_or(StoreError::Corrupt { what: "audit_head" })?;
    if report.first_broken.is_none() && (head.seq != expected_seq - 1 || head.hash != prev.to_hex())
    {
        report.first_broken = Some(BrokenEntry {
            seq: expected_seq,
            reason: BreakReason::Truncated,
        });
    }

    for kind in EntityKind::ALL {
        let rows = current_rows(conn, kind).await?;
        report
            .rows
            .extend(compare_rows(kind, rows, &mut last_state));
    }
    Ok(report)
}

/// Why `row` breaks the chain, if it does.
fn check_entry(row: &audit_log::Model, expected_seq: i64, prev: Digest) -> Option<BrokenEntry> {
    let broken = |seq, reason| Some(BrokenEntry { seq, reason });
    if row.seq != expected_seq {
        return broken(expected_seq, BreakReason::Missing);
    }
    if row.prev_hash != prev.to_hex() {
        return broken(row.seq, BreakReason::NotChained);
    }
    if row.hash != chain_hash(prev, row).to_hex() {
        return broken(row.seq, BreakReason::Edited);
    }
    None
}

/// The (id, digest) of every row of one audited table.
async fn current_rows<C: ConnectionTrait>(
    conn: &C,
    kind: EntityKind,
) -> Result<Vec<(String, Digest)>> {
    async fn all<E, C>(conn: &C) -> Result<Vec<(String, Digest)>>
    where
        E: EntityTrait,
        E::Model: Audited,
        C: ConnectionTrait,
    {
        Ok(E::find()
            .all(conn)
            .await?
            .iter()
            .map(|m| (m.audit_id(), m.row_digest()))
            .collect())
    }
    match kind {
        EntityKind::Unit => all::<entity::units::Entity, _>(conn).await,
        EntityKind::UnitCreditFlag => all::<entity::unit_credit_flags::Entity, _>(conn).await,
        EntityKind::Person => all::<entity::persons::Entity, _>(conn).await,
        EntityKind::Account => all::<entity::accounts::Entity, _>(conn).await,
        EntityKind::ProgramVersion => all::<entity::program_versions::Entity, _>(conn).await,
        EntityKind::Application => all::<entity::applications::Entity, _>(conn).await,
        EntityKind::QuotaPool => all::<entity::quota_pools::Entity, _>(conn).await,
        EntityKind::QuotaClaim => all::<entity::quota_claims::Entity, _>(conn).await,
        EntityKind::Attachment => all::<entity::attachments::Entity, _>(conn).await,
        EntityKind::ApplicationAttachment => {
            all::<entity::application_attachments::Entity, _>(conn).await
        }
        EntityKind::AccountPerson => all::<entity::account_persons::Entity, _>(conn).await,
        EntityKind::ApplicationEvent => all::<entity::application_events::Entity, _>(conn).await,
        EntityKind::Recommendation => all::<entity::recommendations::Entity, _>(conn).await,
        EntityKind::Consultation => all::<entity::consultations::Entity, _>(conn).await,
        EntityKind::ParameterValue => all::<entity::parameter_values::Entity, _>(conn).await,
        EntityKind::Panel => all::<entity::panels::Entity, _>(conn).await,
        EntityKind::PanelMember => all::<entity::panel_members::Entity, _>(conn).await,
        EntityKind::PanelRecusal => all::<entity::panel_recusals::Entity, _>(conn).await,
        EntityKind::PanelBallot => all::<entity::panel_ballots::Entity, _>(conn).await,
        EntityKind::PublicNotice => all::<entity::public_notices::Entity, _>(conn).await,
        EntityKind::PublicNoticeEntry => {
            all::<entity::public_notice_entries::Entity, _>(conn).await
        }
        EntityKind::Objection => all::<entity::objections::Entity, _>(conn).await,
        EntityKind::Title => all::<entity::titles::Entity, _>(conn).await,
        EntityKind::Entitlement => all::<entity::entitlements::Entity, _>(conn).await,
        EntityKind::Payment => all::<entity::payments::Entity, _>(conn).await,
        EntityKind::Ban => all::<entity::bans::Entity, _>(conn).await,
        EntityKind::Talent => all::<entity::talents::Entity, _>(conn).await,
        EntityKind::UnitStaff => all::<entity::unit_staff::Entity, _>(conn).await,
    }
}

/// Compares one table's rows with the last state the log recorded for each, consuming the
/// table's part of `last_state`.
fn compare_rows(
    kind: EntityKind,
    rows: Vec<(String, Digest)>,
    last_state: &mut HashMap<(String, String), (i64, Option<String>)>,
) -> Vec<RowMismatch> {
    let table = kind.table().to_owned();
    let mismatch = |entity_id: String, last_seq, problem| RowMismatch {
        entity: kind,
        entity_id,
        last_seq,
        problem,
    };
    let mut found = Vec::new();
    for (id, digest) in rows {
        match last_state.remove(&(table.clone(), id.clone())) {
            Some((_, Some(after))) if after == digest.to_hex() => {}
            Some((seq, Some(_))) => found.push(mismatch(id, Some(seq), RowProblem::Changed)),
            Some((seq, None)) => found.push(mismatch(id, Some(seq), RowProblem::Unrecorded)),
            None => found.push(mismatch(id, None, RowProblem::Unrecorded)),
        }
    }
    let mut deleted: Vec<RowMismatch> = last_state
        .iter()
        .filter(|((entity, _), (_, after))| *entity == table && after.is_some())
        .map(|((_, id), (seq, _))| mismatch(id.clone(), Some(*seq), RowProblem::Deleted))
        .collect();
    deleted.sort_by_key(|m| m.last_seq);
    found.extend(deleted);
    found
}
