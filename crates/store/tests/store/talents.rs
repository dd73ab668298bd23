//! The talent registry in the store: one row per ID number, upserted, sealed, audited.

use jiangxin_domain::id_number::Gender;
use jiangxin_store::talents::{self, NewTalent, Upserted};
use jiangxin_store::{EntityKind, audit};
use serde_json::json;

use crate::common::{TestDb, on_both_backends};
use crate::fixtures::{self, resident_id};

on_both_backends!(
    a_registry_row_is_created_then_updated_then_left_alone_when_nothing_changed,
    a_registry_row_and_a_person_with_the_same_id_number_share_the_lookup_hash,
    a_database_dump_does_not_show_a_registry_id_number_in_clear,
    the_registry_reads_a_page_at_a_time_in_id_order,
);

fn row(n: u16, level: &str) -> NewTalent {
    NewTalent {
        id_number: resident_id(n),
        name: Some(format!("职工{n}")),
        facts: json!({ "person": { "skill_level": level, "honours": [] } }),
        source: "名册.xlsx".to_owned(),
    }
}

async fn a_registry_row_is_created_then_updated_then_left_alone_when_nothing_changed(db: TestDb) {
    let tx = db.begin().await;
    assert_eq!(
        talents::upsert(&tx, &row(1, "技师")).await.unwrap(),
        Upserted::Created
    );
    tx.commit().await.unwrap();

    let tx = db.begin().await;
    let changed = NewTalent {
        source: "名册-2.csv".to_owned(),
        ..row(1, "高级技师")
    };
    assert_eq!(
        talents::upsert(&tx, &changed).await.unwrap(),
        Upserted::Updated
    );
    assert_eq!(
        talents::upsert(&tx, &changed).await.unwrap(),
        Upserted::Unchanged
    );
    tx.commit().await.unwrap();

    let found = talents::find_by_id_number(&db.store, &resident_id(1))
        .await
        .unwrap()
        .expect("the row");
    assert_eq!(found.id_number, resident_id(1));
    assert_eq!(found.name.as_deref(), Some("职工1"));
    assert_eq!(found.gender, resident_id(1).gender());
    assert_eq!(found.birth_date, resident_id(1).birth_date());
    assert_eq!(found.facts["person"]["skill_level"], "高级技师");
    assert_eq!(found.source, "名册-2.csv");
    assert_eq!(talents::get(&db.store, found.id).await.unwrap(), found);
    assert_eq!(talents::count(&db.store).await.unwrap(), 1);

    let report = audit::verify(&db.store).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_log WHERE entity = 'talents'")
            .await,
        2,
        "created and updated once; the unchanged upsert wrote nothing"
    );
    assert_eq!(EntityKind::Talent.table(), "talents");
}

async fn a_registry_row_and_a_person_with_the_same_id_number_share_the_lookup_hash(db: TestDb) {
    let tx = db.begin().await;
    fixtures::person(&tx, 5).await;
    talents::upsert(&tx, &row(5, "技师")).await.unwrap();
    talents::upsert(&tx, &row(6, "技师")).await.unwrap();
    tx.commit().await.unwrap();
    let shared = db
        .count(
            "SELECT COUNT(*) FROM talents t JOIN persons p ON p.id_number_hash = t.id_number_hash",
        )
        .await;
    assert_eq!(shared, 1);
}

async fn a_database_dump_does_not_show_a_registry_id_number_in_clear(db: TestDb) {
    let id_number = resident_id(42);
    let tx = db.begin().await;
    talents::upsert(&tx, &row(42, "技师")).await.unwrap();
    tx.commit().await.unwrap();
    let dump = db.dump().await;
    let contains = |needle: &str| {
        dump.windows(needle.len())
            .any(|window| window == needle.as_bytes())
    };
    assert!(contains("职工42"), "a real dump shows the name");
    assert!(!contains(id_number.as_str()));
    assert!(!contains(&id_number.as_str()[6..]));
    let gender = match id_number.gender() {
        Gender::Male => "male",
        Gender::Female => "female",
    };
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM talents WHERE gender = '{gender}'"
        ))
        .await,
        1
    );
}

async fn the_registry_reads_a_page_at_a_time_in_id_order(db: TestDb) {
    let tx = db.begin().await;
    for n in 1..=5 {
        talents::upsert(&tx, &row(n, "技师")).await.unwrap();
    }
    tx.commit().await.unwrap();
    let first = talents::facts_page(&db.store, None, 2).await.unwrap();
    assert_eq!(first.len(), 2);
    let rest = talents::facts_page(&db.store, Some(first[1].0), 10)
        .await
        .unwrap();
    assert_eq!(rest.len(), 3);
    assert!(first[1].0 < rest[0].0);
    assert_eq!(rest[2].1["person"]["skill_level"], "技师");
}
