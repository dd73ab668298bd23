use jiangxin_store::audit::{self, AuditEvent, BreakReason, BrokenEntry, RowProblem, VerifyReport};
use jiangxin_store::units::{self, CreditFlagKind, NewCreditFlag};
use jiangxin_store::{Actor, EntityKind, Reader};
use sea_orm::{ConnectionTrait, Statement};

use crate::common::{TestDb, join_all, on_both_backends};
use crate::fixtures;

on_both_backends!(
    every_change_is_in_the_audit_log_with_who_what_and_digests,
    an_empty_log_verifies,
    a_rolled_back_transaction_leaves_no_audit_entry,
    an_edited_entry_is_named_by_verify,
    a_deleted_entry_is_named_by_verify,
    entries_deleted_from_the_end_are_noticed_through_the_head,
    swapped_entries_are_named_by_verify,
    a_row_changed_behind_the_stores_back_is_named_by_verify,
    a_row_deleted_behind_the_stores_back_is_named_by_verify,
    a_row_inserted_behind_the_stores_back_is_named_by_verify,
    concurrent_writers_keep_the_chain_linear_and_verify_never_sees_half_a_write,
    an_event_from_the_workflow_joins_the_chain_without_a_row_check,
);

/// Three units in one transaction, then a credit flag on the first: entries 1–4.
async fn four_entries(db: &TestDb) -> Vec<units::Unit> {
    let tx = db.begin().await;
    let mut created = Vec::new();
    for n in 1..=3 {
        created.push(fixtures::unit(&tx, n).await);
    }
    tx.commit().await.unwrap();
    let tx = db.begin().await;
    units::add_credit_flag(
        &tx,
        created[0].id,
        &NewCreditFlag {
            kind: CreditFlagKind::DishonestDebtor,
            noted_on: chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
            cleared_on: None,
            source: "信用中国".into(),
            evidence: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    created
}

async fn verify(db: &TestDb) -> VerifyReport {
    audit::verify(&db.store).await.unwrap()
}

fn broken(seq: i64, reason: BreakReason) -> Option<BrokenEntry> {
    Some(BrokenEntry { seq, reason })
}

async fn every_change_is_in_the_audit_log_with_who_what_and_digests(db: TestDb) {
    let units = four_entries(&db).await;
    let conn = db.store.conn();
    let rows = conn
        .query_all_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT seq, actor, role, action, entity, entity_id, before_digest, after_digest \
             FROM audit_log ORDER BY seq",
        ))
        .await
        .unwrap();
    // One line per entry: the digests as "-" when absent and "#" when present.
    let lines: Vec<String> = rows
        .iter()
        .map(|r| {
            let text = |i| r.try_get_by_index::<String>(i).unwrap();
            let digest = |i| match r.try_get_by_index::<Option<String>>(i).unwrap() {
                Some(hex) if hex.len() == 64 => "#",
                Some(_) => "malformed",
                None => "-",
            };
            format!(
                "{} {} {} {} {} {} {} {}",
                r.try_get_by_index::<i64>(0).unwrap(),
                text(1),
                text(2),
                text(3),
                text(4),
                text(5),
                digest(6),
                digest(7)
            )
        })
        .collect();
    let flag_id = db.count("SELECT id FROM unit_credit_flags").await;
    assert_eq!(
        lines,
        [
            format!("1 system:test system unit.create units {} - #", units[0].id),
            format!("2 system:test system unit.create units {} - #", units[1].id),
            format!("3 system:test system unit.create units {} - #", units[2].id),
            format!("4 system:test system unit.credit_flag.add unit_credit_flags {flag_id} - #"),
        ]
    );
    let report = verify(&db).await;
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.entries, 4);
}

async fn an_empty_log_verifies(db: TestDb) {
    let report = verify(&db).await;
    assert_eq!(
        report,
        VerifyReport {
            entries: 0,
            last_hash: audit::GENESIS,
            first_broken: None,
            rows: vec![],
        }
    );
}

async fn a_rolled_back_transaction_leaves_no_audit_entry(db: TestDb) {
    let tx = db.begin().await;
    fixtures::unit(&tx, 1).await;
    tx.rollback().await.unwrap();
    let tx = db.begin().await;
    fixtures::unit(&tx, 2).await;
    drop(tx);
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_log").await, 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM units").await, 0);
    assert!(verify(&db).await.is_intact());
}

async fn an_edited_entry_is_named_by_verify(db: TestDb) {
    four_entries(&db).await;
    db.tamper("UPDATE audit_log SET actor = 'account:1' WHERE seq = 2")
        .await;
    let report = verify(&db).await;
    assert_eq!(report.first_broken, broken(2, BreakReason::Edited));
    assert_eq!(
        report.first_broken.unwrap().to_string(),
        "审计日志第 2 条的内容与其哈希不符，已被修改（audit entry 2 does not match its hash: it was edited）"
    );
}

async fn a_deleted_entry_is_named_by_verify(db: TestDb) {
    four_entries(&db).await;
    db.tamper("DELETE FROM audit_log WHERE seq = 3").await;
    assert_eq!(
        verify(&db).await.first_broken,
        broken(3, BreakReason::Missing)
    );
}

async fn entries_deleted_from_the_end_are_noticed_through_the_head(db: TestDb) {
    four_entries(&db).await;
    db.tamper("DELETE FROM audit_log WHERE seq >= 3").await;
    let report = verify(&db).await;
    assert_eq!(report.first_broken, broken(3, BreakReason::Truncated));
    assert_eq!(report.entries, 2);
}

async fn swapped_entries_are_named_by_verify(db: TestDb) {
    four_entries(&db).await;
    // Swap the sequence numbers of entries 2 and 3 (through a free number, for the key).
    db.tamper("UPDATE audit_log SET seq = 1000 WHERE seq = 2")
        .await;
    db.tamper("UPDATE audit_log SET seq = 2 WHERE seq = 3")
        .await;
    db.tamper("UPDATE audit_log SET seq = 3 WHERE seq = 1000")
        .await;
    assert_eq!(
        verify(&db).await.first_broken,
        broken(2, BreakReason::NotChained)
    );
}

async fn a_row_changed_behind_the_stores_back_is_named_by_verify(db: TestDb) {
    let units = four_entries(&db).await;
    let id = units[1].id;
    db.tamper(&format!(
        "UPDATE units SET name = '冒名公司' WHERE id = {id}"
    ))
    .await;
    let report = verify(&db).await;
    assert_eq!(report.first_broken, None);
    assert_eq!(report.rows.len(), 1, "{:?}", report.rows);
    let row = &report.rows[0];
    assert_eq!(
        (
            row.entity,
            row.entity_id.as_str(),
            row.last_seq,
            row.problem
        ),
        (
            EntityKind::Unit,
            id.to_string().as_str(),
            Some(2),
            RowProblem::Changed
        )
    );
    assert!(
        row.to_string()
            .starts_with(&format!("单位 {id} 与审计日志第 2 条")),
        "{row}"
    );
}

async fn a_row_deleted_behind_the_stores_back_is_named_by_verify(db: TestDb) {
    four_entries(&db).await;
    db.tamper("DELETE FROM unit_credit_flags").await;
    let report = verify(&db).await;
    assert_eq!(report.first_broken, None);
    let problems: Vec<_> = report
        .rows
        .iter()
        .map(|r| (r.entity, r.last_seq, r.problem))
        .collect();
    assert_eq!(
        problems,
        [(EntityKind::UnitCreditFlag, Some(4), RowProblem::Deleted)]
    );
}

async fn a_row_inserted_behind_the_stores_back_is_named_by_verify(db: TestDb) {
    four_entries(&db).await;
    let code = fixtures::credit_code(99);
    db.tamper(&format!(
        "INSERT INTO units (credit_code, name, unit_type, district_code, created_at, updated_at) \
         VALUES ('{code}', '幽灵公司', '企业', '210202', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
    ))
    .await;
    let report = verify(&db).await;
    let problems: Vec<_> = report
        .rows
        .iter()
        .map(|r| (r.entity, r.last_seq, r.problem))
        .collect();
    assert_eq!(problems, [(EntityKind::Unit, None, RowProblem::Unrecorded)]);
}

async fn concurrent_writers_keep_the_chain_linear_and_verify_never_sees_half_a_write(db: TestDb) {
    let writers = (0..16u32).map(|n| {
        let store = db.store.clone();
        tokio::spawn(async move {
            let tx = store.begin(Actor::system("writer")).await?;
            units::insert(&tx, &fixtures::new_unit(n)).await?;
            tx.commit().await
        })
    });
    let verifier = {
        let store = db.store.clone();
        tokio::spawn(async move {
            let mut reports = Vec::new();
            for _ in 0..8 {
                reports.push(audit::verify(&store).await.unwrap());
            }
            reports
        })
    };
    for result in join_all(writers).await {
        result.unwrap();
    }
    for report in verifier.await.unwrap() {
        assert!(report.is_intact(), "{report:?}");
    }
    let report = verify(&db).await;
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.entries, 16);
    assert_eq!(db.count("SELECT MAX(seq) FROM audit_log").await, 16);
    assert_eq!(db.count("SELECT seq FROM audit_head").await, 16);
}

async fn an_event_from_the_workflow_joins_the_chain_without_a_row_check(db: TestDb) {
    let units = four_entries(&db).await;
    let tx = db.begin().await;
    audit::append(
        &tx,
        AuditEvent {
            action: "unit.credit_check".into(),
            entity: EntityKind::Unit,
            entity_id: units[0].id.to_string(),
        },
    );
    tx.commit().await.unwrap();
    let report = verify(&db).await;
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.entries, 5);
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM audit_log WHERE seq = 5 AND action = 'unit.credit_check' \
                  AND before_digest IS NULL AND after_digest IS NULL"
        )
        .await,
        1
    );
}
