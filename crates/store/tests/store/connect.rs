use jiangxin_store::crypto::{DATA_KEY_ENV, DataKey, KEY_FILE_NAME};
use jiangxin_store::migrations::migration_names;
use jiangxin_store::{Reader, Store, StoreError, units};
use sea_orm::{ConnectionTrait, Statement};

use crate::common::{TestDb, on_both_backends};
use crate::fixtures;

on_both_backends!(
    connecting_again_keeps_the_data_and_runs_each_migration_once,
    a_different_data_key_is_refused_on_a_database_that_has_one,
);

async fn connecting_again_keeps_the_data_and_runs_each_migration_once(db: TestDb) {
    let tx = db.begin().await;
    let unit = fixtures::unit(&tx, 1).await;
    tx.commit().await.unwrap();

    let again = Store::connect_with_key(&db.url, &db.key).await.unwrap();
    assert_eq!(units::get(&again, unit.id).await.unwrap(), unit);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM seaql_migrations").await,
        migration_names().len() as i64
    );
}

async fn a_different_data_key_is_refused_on_a_database_that_has_one(db: TestDb) {
    let err = Store::connect_with_key(&db.url, &DataKey::generate())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::DataKeyMismatch), "{err}");
}

#[tokio::test]
async fn a_url_that_is_neither_sqlite_nor_postgres_is_refused() {
    let err = Store::connect("mysql://root@localhost/test")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::UnsupportedUrl), "{err}");
    assert_eq!(
        err.to_string(),
        "数据库地址应以 sqlite:// 或 postgres:// 开头（the database URL must start with sqlite:// or postgres://）"
    );
}

/// SQLite only: the file, WAL mode and the key file are SQLite's.
#[tokio::test]
async fn a_new_sqlite_store_creates_its_directory_and_key_file_and_runs_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("nested").join("data");
    let url = format!("sqlite://{}", data.join("jiangxin.db").display());
    let store = Store::connect(&url).await.unwrap();

    assert!(data.join("jiangxin.db").is_file());
    assert_eq!(store.data_dir(), data.as_path());
    // The key comes from the environment when it is set there, else from a new key file.
    assert_eq!(
        data.join(KEY_FILE_NAME).is_file(),
        std::env::var_os(DATA_KEY_ENV).is_none()
    );
    let conn = store.conn();
    let pragma =
        |name: &str| Statement::from_string(conn.get_database_backend(), format!("PRAGMA {name}"));
    let journal = conn
        .query_one_raw(pragma("journal_mode"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(journal.try_get_by_index::<String>(0).unwrap(), "wal");
    let foreign_keys = conn
        .query_one_raw(pragma("foreign_keys"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(foreign_keys.try_get_by_index::<i64>(0).unwrap(), 1);
    let busy = conn
        .query_one_raw(pragma("busy_timeout"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(busy.try_get_by_index::<i64>(0).unwrap(), 10_000);
}
