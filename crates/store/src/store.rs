//! Connecting, migrating, and write transactions.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    AccessMode, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction,
    EntityTrait, IsolationLevel, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

use crate::audit::{self, Actor, AuditEntry};
use crate::crypto::{Crypto, DataKey};
use crate::entity::{Audited, store_meta};
use crate::error::{Result, StoreError};
use crate::migrations::Migrator;

/// Where the store lives unless `--database-url` says otherwise: created and migrated on first
/// use, relative to the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/jiangxin.db";

/// The data directory for a PostgreSQL store (for the key file and attachments); a SQLite
/// store's data directory is the one its file is in.
pub const DEFAULT_DATA_DIR: &str = "data";

/// How long a SQLite writer waits for another to finish before giving up. Write transactions
/// are short; ten seconds only runs out when something is stuck.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// SQLite allows one writer and many readers (WAL); a few connections let reads go on while a
/// write transaction is open.
const SQLITE_MAX_CONNECTIONS: u32 = 8;

const KEY_CHECK: &str = "data_key_check";

/// The current time, cut to microseconds: PostgreSQL keeps no more, and a timestamp must read
/// back exactly as written for row digests and audit hashes to match.
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Anything repositories can read through: a [`Store`], a [`Tx`] (which sees its own changes) or
/// a [`Snapshot`].
pub trait Reader: Sync {
    type Conn: ConnectionTrait + Sync;

    fn conn(&self) -> &Self::Conn;

    fn crypto(&self) -> &Crypto;
}

/// A connection pool to one database, migrated to the current schema, with the data key.
#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    crypto: Arc<Crypto>,
    backend: Backend,
    data_dir: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the URL: it may hold a password.
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .field("data_dir", &self.data_dir)
            .finish_non_exhaustive()
    }
}

/// A parsed `--database-url`.
enum Target {
    Sqlite { file: PathBuf },
    Postgres,
}

impl Target {
    fn parse(url: &str) -> Result<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres);
        }
        if !url.starts_with("sqlite:") {
            return Err(StoreError::UnsupportedUrl);
        }
        let options =
            SqliteConnectOptions::from_str(url).map_err(|_| StoreError::UnsupportedUrl)?;
        Ok(Self::Sqlite {
            file: options.get_filename().to_path_buf(),
        })
    }

    fn data_dir(&self) -> PathBuf {
        match self {
            Self::Sqlite { file } => match file.parent() {
                Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
                _ => PathBuf::from("."),
            },
            Self::Postgres => PathBuf::from(DEFAULT_DATA_DIR),
        }
    }
}

impl Store {
    /// Connects to `sqlite://PATH` or `postgres://...` and runs pending migrations. The data key
    /// comes from [`crate::crypto::DATA_KEY_ENV`] or the key file in the data directory, which
    /// is created on first use.
    ///
    /// For SQLite the file and its directory are created if missing, and every connection uses
    /// WAL, enforces foreign keys and waits up to ten seconds for a busy database.
    pub async fn connect(url: &str) -> Result<Self> {
        let key = DataKey::from_env_or_file(&Target::parse(url)?.data_dir())?;
        Self::connect_with_key(url, &key).await
    }

    /// As [`connect`](Self::connect), with the data key given.
    pub async fn connect_with_key(url: &str, key: &DataKey) -> Result<Self> {
        let target = Target::parse(url)?;
        let mut options = ConnectOptions::new(url);
        // Statements are logged by nobody: values are bound, not inlined, but a log of what was
        // queried when is still more than this store should leave behind.
        options.sqlx_logging(false);
        let backend = match &target {
            Target::Sqlite { file } => {
                if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
                }
                options
                    .max_connections(SQLITE_MAX_CONNECTIONS)
                    .map_sqlx_sqlite_opts(|o| {
                        o.create_if_missing(true)
                            .journal_mode(SqliteJournalMode::Wal)
                            .synchronous(SqliteSynchronous::Normal)
                            .foreign_keys(true)
                            .busy_timeout(SQLITE_BUSY_TIMEOUT)
                    });
                Backend::Sqlite
            }
            Target::Postgres => Backend::Postgres,
        };
        let db = Database::connect(options).await?;
        Migrator::up(&db, None)
            .await
            .map_err(StoreError::Migration)?;
        let store = Self {
            db,
            crypto: Arc::new(Crypto::new(key)),
            backend,
            data_dir: target.data_dir(),
        };
        store.check_key().await?;
        Ok(store)
    }

    /// Records the key check on first connect; refuses a different key later.
    async fn check_key(&self) -> Result<()> {
        let check = self.crypto.key_check().to_hex();
        // Insert-if-absent, so that two processes connecting to a new database agree.
        store_meta::Entity::insert(store_meta::ActiveModel {
            name: sea_orm::Set(KEY_CHECK.to_owned()),
            value: sea_orm::Set(check.clone()),
        })
        .on_conflict_do_nothing()
        .exec_without_returning(&self.db)
        .await?;
        let stored = store_meta::Entity::find_by_id(KEY_CHECK.to_owned())
            .one(&self.db)
            .await?
            .ok_or(StoreError::Corrupt {
                what: "store_meta.data_key_check",
            })?;
        if stored.value == check {
            Ok(())
        } else {
            Err(StoreError::DataKeyMismatch)
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The directory of the SQLite file, or [`DEFAULT_DATA_DIR`] for PostgreSQL: where the key
    /// file is and where local attachments go by default.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Begins a write transaction on behalf of `actor`. Every change made through it is written
    /// to the audit log when it commits; dropping it without committing rolls everything back.
    ///
    /// On SQLite the transaction begins `IMMEDIATE`, taking the write lock at once: a deferred
    /// transaction that read first would fail, not wait, when another writer got in between.
    pub async fn begin(&self, actor: Actor) -> Result<Tx> {
        let txn = self
            .db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await?;
        Ok(Tx {
            txn,
            actor,
            crypto: Arc::clone(&self.crypto),
            audit: Mutex::new(Vec::new()),
        })
    }

    /// Begins a read-only transaction in which every read sees the database as of one moment,
    /// for reports that must not mix states (such as [`audit::verify`]). PostgreSQL gives it
    /// `REPEATABLE READ`; on SQLite any transaction reads from one snapshot of the WAL.
    pub async fn snapshot(&self) -> Result<Snapshot> {
        let options = match self.backend {
            Backend::Postgres => TransactionOptions {
                isolation_level: Some(IsolationLevel::RepeatableRead),
                access_mode: Some(AccessMode::ReadOnly),
                ..TransactionOptions::default()
            },
            // SQLite has neither setting (SeaORM would log a warning for each).
            Backend::Sqlite => TransactionOptions::default(),
        };
        Ok(Snapshot {
            txn: self.db.begin_with_options(options).await?,
            crypto: Arc::clone(&self.crypto),
        })
    }

    /// Closes the pool, waiting for connections in use to be returned.
    pub async fn close(self) -> Result<()> {
        Ok(self.db.close().await?)
    }
}

impl Reader for Store {
    type Conn = DatabaseConnection;

    fn conn(&self) -> &DatabaseConnection {
        &self.db
    }

    fn crypto(&self) -> &Crypto {
        &self.crypto
    }
}

/// A write transaction with the actor it acts for and the audit entries it has queued.
pub struct Tx {
    txn: DatabaseTransaction,
    actor: Actor,
    crypto: Arc<Crypto>,
    audit: Mutex<Vec<AuditEntry>>,
}

impl std::fmt::Debug for Tx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tx")
            .field("actor", &self.actor)
            .finish_non_exhaustive()
    }
}

impl Tx {
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Writes the queued audit entries, then commits.
    pub async fn commit(self) -> Result<()> {
        let entries = std::mem::take(&mut *self.audit.lock().expect("audit queue lock"));
        audit::write(&self.txn, &self.actor, entries).await?;
        Ok(self.txn.commit().await?)
    }

    /// Throws away every change made through this transaction.
    pub async fn rollback(self) -> Result<()> {
        Ok(self.txn.rollback().await?)
    }

    pub(crate) fn queue_audit(&self, entry: AuditEntry) {
        self.audit.lock().expect("audit queue lock").push(entry);
    }

    /// Queues the audit entry for a row changed from `before` to `after`.
    pub(crate) fn record<M: Audited>(&self, action: &str, before: Option<&M>, after: Option<&M>) {
        self.queue_audit(AuditEntry::of(action, before, after));
    }
}

impl Reader for Tx {
    type Conn = DatabaseTransaction;

    fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    fn crypto(&self) -> &Crypto {
        &self.crypto
    }
}

/// A read-only view of the database as of one moment; see [`Store::snapshot`]. Dropping it ends
/// the transaction.
pub struct Snapshot {
    txn: DatabaseTransaction,
    crypto: Arc<Crypto>,
}

impl Reader for Snapshot {
    type Conn = DatabaseTransaction;

    fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    fn crypto(&self) -> &Crypto {
        &self.crypto
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_url_is_a_sqlite_file_in_the_data_directory() {
        let Target::Sqlite { file } = Target::parse(DEFAULT_DATABASE_URL).unwrap() else {
            panic!("the default is SQLite");
        };
        assert_eq!(file, Path::new("data/jiangxin.db"));
        assert_eq!(
            Target::parse(DEFAULT_DATABASE_URL).unwrap().data_dir(),
            Path::new(DEFAULT_DATA_DIR)
        );
    }

    #[test]
    fn a_sqlite_file_without_a_directory_has_the_working_directory_as_data_directory() {
        let target = Target::parse("sqlite://jiangxin.db").unwrap();
        assert_eq!(target.data_dir(), Path::new("."));
    }

    #[test]
    fn postgres_urls_in_both_spellings_are_accepted_and_others_refused() {
        for url in ["postgres://u@h/db", "postgresql://u:secret@h:5432/db"] {
            let target = Target::parse(url).unwrap();
            assert!(matches!(target, Target::Postgres), "{url}");
            assert_eq!(target.data_dir(), Path::new(DEFAULT_DATA_DIR));
        }
        for url in ["mysql://root@h/db", "data/jiangxin.db", ""] {
            assert!(
                matches!(Target::parse(url), Err(StoreError::UnsupportedUrl)),
                "{url}"
            );
        }
    }

    #[test]
    fn now_keeps_whole_microseconds_only() {
        assert_eq!(now().timestamp_subsec_nanos() % 1000, 0);
    }
}
