//! `jiangxin audit verify` against a real SQLite database that the store wrote and a test then
//! edits behind its back.
use std::process::{Command, Output};

use jiangxin_domain::id_number::ResidentId;
use jiangxin_store::persons::{self, NewPerson};
use jiangxin_store::{Actor, Reader, Store};
use sea_orm::ConnectionTrait;

fn verify(url: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jiangxin"))
        .args(["--database-url", url, "audit", "verify"])
        .env_remove("JIANGXIN_DATA_KEY")
        .output()
        .expect("the jiangxin binary runs")
}

async fn write_two_people(url: &str) {
    let store = Store::connect(url).await.expect("connect");
    for (n, id) in ["11010519491231002X", "440524188001010014"]
        .into_iter()
        .enumerate()
    {
        let tx = store.begin(Actor::system("test")).await.expect("begin");
        persons::insert(
            &tx,
            &NewPerson {
                id_number: ResidentId::parse(id).expect("valid ID"),
                name: format!("测试{n}"),
                phone: None,
            },
        )
        .await
        .expect("insert");
        tx.commit().await.expect("commit");
    }
    store.close().await.expect("close");
}

async fn tamper(url: &str, sql: &str) {
    let store = Store::connect(url).await.expect("connect");
    let done = store.conn().execute_unprepared(sql).await.expect(sql);
    assert_eq!(done.rows_affected(), 1, "{sql}");
    store.close().await.expect("close");
}

#[tokio::test(flavor = "current_thread")]
async fn audit_verify_passes_an_untouched_log_and_names_the_first_edited_entry() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/jiangxin.db", dir.path().display());
    write_two_people(&url).await;

    let out = verify(&url);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("审计日志共 2 条"), "{text}");
    assert!(text.contains("未发现篡改"), "{text}");

    tamper(
        &url,
        "UPDATE audit_log SET actor = 'account:1' WHERE seq = 1",
    )
    .await;
    let out = verify(&url);
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("第一处断裂：审计日志第 1 条的内容与其哈希不符"),
        "{text}"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn an_unsupported_database_url_is_refused_in_one_line() {
    let out = verify("mysql://localhost/x");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("sqlite://"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}
