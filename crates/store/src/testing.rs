//! Test support shared by the store's tests and by every crate that builds on the store (behind
//! the `testing` feature, never in a release build): a fresh database per test, on SQLite and on
//! PostgreSQL.
//!
//! SQLite: a new file in a temporary directory. PostgreSQL: `CREATE DATABASE jx_test_…` on the
//! server named by `JIANGXIN_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/test`),
//! dropped when the test ends, pass or fail. If the server cannot be reached the PostgreSQL
//! variant fails and says so: a skipped test would look like a passing one.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use jiangxin_domain::credit_code::CreditCode;
use jiangxin_domain::id_number::ResidentId;

use crate::blob::LocalBlobStore;
use crate::crypto::DataKey;
use crate::{Actor, Backend, Reader, Store, Tx};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, Statement};
use tempfile::TempDir;

pub const POSTGRES_ENV: &str = "JIANGXIN_TEST_POSTGRES";
pub const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";

/// Generates, for each named `async fn(TestDb)`, a module with a `sqlite` and a `postgres` test.
/// The calling crate needs `tokio` with the `macros` and `rt-multi-thread` features.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                super::$name($crate::testing::TestDb::sqlite().await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                super::$name($crate::testing::TestDb::postgres().await).await;
            }
        }
    )*};
}
pub use crate::on_both_backends;

/// A migrated store on a database of its own, with a temporary directory for blobs.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    pub key: DataKey,
    pub dir: TempDir,
    // Dropped after `store`, so the database is dropped last.
    _postgres: Option<PostgresDatabase>,
}

impl TestDb {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!(
            "sqlite://{}",
            dir.path().join("db").join("jiangxin.db").display()
        );
        Self::open(url, dir, None).await
    }

    pub async fn postgres() -> Self {
        let server = std::env::var(POSTGRES_ENV).unwrap_or_else(|_| DEFAULT_POSTGRES.to_owned());
        let database = PostgresDatabase::create(&server).await;
        let url = database.url();
        let dir = tempfile::tempdir().expect("temporary directory");
        Self::open(url, dir, Some(database)).await
    }

    async fn open(url: String, dir: TempDir, postgres: Option<PostgresDatabase>) -> Self {
        let key = DataKey::generate();
        let store = Store::connect_with_key(&url, &key)
            .await
            .unwrap_or_else(|e| panic!("connect to the test database: {e}"));
        Self {
            store,
            url,
            key,
            dir,
            _postgres: postgres,
        }
    }

    pub fn backend(&self) -> Backend {
        self.store.backend()
    }

    pub fn blobs(&self) -> LocalBlobStore {
        LocalBlobStore::new(self.dir.path().join("blobs"))
    }

    pub async fn begin(&self) -> Tx {
        self.store
            .begin(Actor::system("test"))
            .await
            .expect("begin a transaction")
    }

    /// Runs raw SQL behind the store's back, as someone with database access would.
    pub async fn tamper(&self, sql: &str) {
        let done = self
            .store
            .conn()
            .execute_unprepared(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        assert!(done.rows_affected() > 0, "{sql} changed nothing");
    }

    /// One number from raw SQL.
    pub async fn count(&self, sql: &str) -> i64 {
        let conn = self.store.conn();
        let row = conn
            .query_one_raw(Statement::from_string(conn.get_database_backend(), sql))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .expect("one row");
        row.try_get_by_index::<i64>(0).expect("a number")
    }

    /// Everything the database holds, as a dump would show it: the SQLite file and its WAL as
    /// bytes, or every row of every PostgreSQL table as JSON text.
    pub async fn dump(&self) -> Vec<u8> {
        match self.backend() {
            Backend::Sqlite => {
                let file = self.dir.path().join("db").join("jiangxin.db");
                let mut bytes = std::fs::read(&file).expect("read the database file");
                let wal: PathBuf = format!("{}-wal", file.display()).into();
                if let Ok(more) = std::fs::read(wal) {
                    bytes.extend(more);
                }
                bytes
            }
            Backend::Postgres => {
                let conn = self.store.conn();
                let backend = conn.get_database_backend();
                let tables = conn
                    .query_all_raw(Statement::from_string(
                        backend,
                        "SELECT table_name::text FROM information_schema.tables \
                         WHERE table_schema = 'public'",
                    ))
                    .await
                    .expect("list tables");
                let mut text = String::new();
                for table in tables {
                    let name: String = table.try_get_by_index(0).expect("table name");
                    let rows = conn
                        .query_all_raw(Statement::from_string(
                            backend,
                            format!("SELECT row_to_json(t)::text FROM \"{name}\" t"),
                        ))
                        .await
                        .expect("dump a table");
                    for row in rows {
                        text.push_str(&row.try_get_by_index::<String>(0).expect("row text"));
                        text.push('\n');
                    }
                }
                text.into_bytes()
            }
        }
    }
}

/// A database created for one test and dropped (with `FORCE`, closing any connection still open)
/// when the test ends, even by a panic.
struct PostgresDatabase {
    server: String,
    name: String,
}

impl PostgresDatabase {
    async fn create(server: &str) -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("clock after 1970")
            .subsec_nanos();
        let name = format!(
            "jx_test_{}_{}_{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let admin = admin_connection(server).await;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
        admin.close().await.expect("close the admin connection");
        Self {
            server: server.to_owned(),
            name,
        }
    }

    /// The server URL with the database name replaced.
    fn url(&self) -> String {
        let (base, _database) = self
            .server
            .rsplit_once('/')
            .expect("a PostgreSQL URL ends in /DATABASE");
        format!("{base}/{}", self.name)
    }
}

async fn admin_connection(server: &str) -> sea_orm::DatabaseConnection {
    let mut options = ConnectOptions::new(server);
    options
        .sqlx_logging(false)
        .max_connections(1)
        .connect_timeout(std::time::Duration::from_secs(5));
    Database::connect(options).await.unwrap_or_else(|e| {
        panic!(
            "PostgreSQL is unreachable at {server} ({e}). The PostgreSQL tests need a server: \
             run scripts/ensure-postgres.sh, or set {POSTGRES_ENV} to a server where the user \
             may create databases."
        )
    })
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        let server = self.server.clone();
        let statement = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        // Drop runs inside the test's runtime, which cannot block on a future; a thread with a
        // runtime of its own can.
        let dropped = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime")
                .block_on(async {
                    let admin = admin_connection(&server).await;
                    admin.execute_unprepared(&statement).await
                })
        })
        .join();
        if !std::thread::panicking() {
            dropped
                .expect("the drop thread")
                .expect("DROP DATABASE after the test");
        }
    }
}

/// Spawns nothing itself: awaits every task (all already spawned by collecting the iterator
/// first) and returns their results in order.
pub async fn join_all<T: Send + 'static>(
    tasks: impl IntoIterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let tasks: Vec<_> = tasks.into_iter().collect();
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        results.push(task.await.expect("the task ran to the end"));
    }
    results
}

/// The `n`th resident ID of a woman or man born 1990-03-07 in 中山区, 大连.
pub fn resident_id(n: u16) -> ResidentId {
    let body = format!("21020219900307{:03}", n);
    let check = ResidentId::check_char(&body).expect("17 digits");
    ResidentId::parse(&format!("{body}{check}")).expect("a valid ID number")
}

/// The `n`th credit code of an enterprise registered in 大连.
pub fn credit_code(n: u32) -> CreditCode {
    let body = format!("91210200{:09}", n);
    let check = CreditCode::check_char(&body).expect("17 characters");
    CreditCode::parse(&format!("{body}{check}")).expect("a valid credit code")
}
