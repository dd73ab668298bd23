use std::sync::Arc;

use jiangxin_store::applications::{self, ApplicationChange, NewApplication};
use jiangxin_store::programs;
use jiangxin_store::{Digest, EntityKind, StoreError, audit};
use serde_json::json;

use crate::common::{TestDb, join_all, on_both_backends};
use crate::fixtures::{self, PROGRAM_TEXT};

on_both_backends!(
    a_loaded_program_version_keeps_its_text_and_digest,
    loading_the_same_program_file_again_keeps_the_one_version,
    different_text_under_a_loaded_version_is_refused,
    an_application_keeps_its_program_version_facts_and_decision_as_given,
    an_update_raises_the_row_version_and_moves_the_stage,
    an_update_from_a_stale_row_version_is_a_conflict_and_changes_nothing,
    of_eight_concurrent_updates_from_the_same_row_version_exactly_one_succeeds,
    an_application_needs_an_applicant_or_a_unit,
);

async fn a_loaded_program_version_keeps_its_text_and_digest(db: TestDb) {
    let tx = db.begin().await;
    let loaded = programs::load(&tx, "dalian-high-skill-2021", "2021.1", PROGRAM_TEXT)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert!(loaded.is_new);
    let program = loaded.program;
    assert_eq!(program.source, PROGRAM_TEXT);
    assert_eq!(program.sha256, Digest::of(PROGRAM_TEXT.as_bytes()));
    assert_eq!(programs::get(&db.store, program.id).await.unwrap(), program);
    let found = programs::find(&db.store, "dalian-high-skill-2021", "2021.1")
        .await
        .unwrap();
    assert_eq!(found, Some(program.clone()));
    assert_eq!(programs::list(&db.store).await.unwrap(), vec![program]);
}

async fn loading_the_same_program_file_again_keeps_the_one_version(db: TestDb) {
    let tx = db.begin().await;
    let first = fixtures::program(&tx).await;
    tx.commit().await.unwrap();

    let tx = db.begin().await;
    let again = programs::load(&tx, "dalian-high-skill-2021", "2021.1", PROGRAM_TEXT)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(!again.is_new);
    assert_eq!(again.program, first);
    assert_eq!(programs::list(&db.store).await.unwrap().len(), 1);
}

async fn different_text_under_a_loaded_version_is_refused(db: TestDb) {
    let tx = db.begin().await;
    let first = fixtures::program(&tx).await;
    tx.commit().await.unwrap();

    let tx = db.begin().await;
    let edited = format!("{PROGRAM_TEXT}# 改了一个字\n");
    let err = programs::load(&tx, "dalian-high-skill-2021", "2021.1", &edited)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::ProgramVersionChanged { program_id, version }
            if program_id == "dalian-high-skill-2021" && version == "2021.1"),
        "{err}"
    );
    // A new version number is the way to load the corrected text.
    let second = programs::load(&tx, "dalian-high-skill-2021", "2021.2", &edited)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(second.is_new);
    assert_eq!(
        programs::get(&db.store, first.id).await.unwrap().source,
        PROGRAM_TEXT
    );
}

async fn an_application_keeps_its_program_version_facts_and_decision_as_given(db: TestDb) {
    let facts = json!({
        "person": { "name": "王5", "skill_level": "高级技师", "honours": ["大连工匠", "全国技术能手"] },
        "unit": { "credit_code": null, "employees": 320 },
        "months_in_city": 61,
    });
    let decision = json!({
        "outcome": "needs_review",
        "reasons": [{ "rule": "age", "citation": "大人社发〔2021〕306号 二、(一)", "met": true }],
        "evaluated_under": { "program": "dalian-high-skill-2021", "version": "2021.1" },
    });
    let tx = db.begin().await;
    let program = fixtures::program(&tx).await;
    let person = fixtures::person(&tx, 5).await;
    let unit = fixtures::unit(&tx, 5).await;
    let created = applications::insert(
        &tx,
        &NewApplication {
            program_version: program.id,
            category: "高技能人才".into(),
            applicant: Some(person.id),
            unit: Some(unit.id),
            stage: "submitted".into(),
            facts: facts.clone(),
            decision: Some(decision.clone()),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let read = applications::get(&db.store, created.id).await.unwrap();
    assert_eq!(read, created);
    assert_eq!(read.program_version, program.id);
    assert_eq!(
        (read.applicant, read.unit),
        (Some(person.id), Some(unit.id))
    );
    assert_eq!(read.facts, facts);
    assert_eq!(read.decision, Some(decision));
    assert_eq!(read.row_version, 1);
    assert_eq!(
        applications::for_program_version(&db.store, program.id)
            .await
            .unwrap(),
        vec![read]
    );
}

async fn an_update_raises_the_row_version_and_moves_the_stage(db: TestDb) {
    let tx = db.begin().await;
    let program = fixtures::program(&tx).await;
    let person = fixtures::person(&tx, 1).await;
    let created = fixtures::application(&tx, &program, &person).await;
    tx.commit().await.unwrap();

    let tx = db.begin().await;
    let updated = applications::update(
        &tx,
        created.id,
        1,
        &ApplicationChange {
            stage: Some("district_review".into()),
            decision: Some(json!({ "outcome": "eligible" })),
            ..ApplicationChange::default()
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(updated.row_version, 2);
    assert_eq!(updated.stage, "district_review");
    assert!(updated.stage_entered_at >= created.stage_entered_at);
    assert_eq!(updated.facts, created.facts);
    assert_eq!(updated.decision, Some(json!({ "outcome": "eligible" })));
    assert_eq!(
        applications::get(&db.store, created.id).await.unwrap(),
        updated
    );
    let report = audit::verify(&db.store).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
}

async fn an_update_from_a_stale_row_version_is_a_conflict_and_changes_nothing(db: TestDb) {
    let tx = db.begin().await;
    let program = fixtures::program(&tx).await;
    let person = fixtures::person(&tx, 1).await;
    let created = fixtures::application(&tx, &program, &person).await;
    let change = ApplicationChange {
        stage: Some("returned".into()),
        ..ApplicationChange::default()
    };
    applications::update(&tx, created.id, 1, &change)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let tx = db.begin().await;
    let err = applications::update(&tx, created.id, 1, &change)
        .await
        .unwrap_err();
    match &err {
        StoreError::Conflict { entity, id } => {
            assert_eq!(*entity, EntityKind::Application);
            assert_eq!(*id, created.id.to_string());
        }
        other => panic!("expected a conflict, got {other}"),
    }
    assert!(err.to_string().starts_with("申报"), "{err}");
    drop(tx);
    assert_eq!(
        applications::get(&db.store, created.id)
            .await
            .unwrap()
            .row_version,
        2
    );
}

async fn of_eight_concurrent_updates_from_the_same_row_version_exactly_one_succeeds(db: TestDb) {
    let tx = db.begin().await;
    let program = fixtures::program(&tx).await;
    let person = fixtures::person(&tx, 1).await;
    let created = fixtures::application(&tx, &program, &person).await;
    tx.commit().await.unwrap();

    let store = Arc::new(db.store.clone());
    let reviewers = (0..8).map(|n| {
        let store = Arc::clone(&store);
        tokio::spawn(async move {
            let tx = store.begin(jiangxin_store::Actor::system("test")).await?;
            let change = ApplicationChange {
                stage: Some(format!("decided_by_{n}")),
                ..ApplicationChange::default()
            };
            applications::update(&tx, created.id, 1, &change).await?;
            tx.commit().await
        })
    });
    let results = join_all(reviewers).await;
    let succeeded = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(succeeded, 1, "{results:?}");
    for result in &results {
        if let Err(err) = result {
            assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
        }
    }
    let after = applications::get(&db.store, created.id).await.unwrap();
    assert_eq!(after.row_version, 2);
    assert!(after.stage.starts_with("decided_by_"), "{}", after.stage);
}

async fn an_application_needs_an_applicant_or_a_unit(db: TestDb) {
    let tx = db.begin().await;
    let program = fixtures::program(&tx).await;
    let err = applications::insert(
        &tx,
        &NewApplication {
            program_version: program.id,
            category: "高技能人才".into(),
            applicant: None,
            unit: None,
            stage: "draft".into(),
            facts: json!({}),
            decision: None,
        },
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("ck_applications_party"), "{err}");
}
