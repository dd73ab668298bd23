//! A batch of drafts (an imported workbook): all created in one transaction, or none.

use jiangxin_store::on_both_backends;
use jiangxin_store::persons::{self, NewPerson};
use jiangxin_store::testing::{TestDb, resident_id};
use jiangxin_workflow::{BatchDraft, WorkflowError};

use crate::world::{World, craftsman_facts};

on_both_backends!(
    a_batch_registers_its_new_applicants_and_creates_every_draft_with_the_known_facts,
    one_refused_draft_refuses_the_batch_and_writes_nothing_of_it,
    an_id_number_on_record_under_another_name_refuses_the_batch,
);

fn draft(n: u16, name: &str, unit: Option<jiangxin_store::units::UnitId>) -> BatchDraft {
    BatchDraft {
        program_id: "dalian-craftsman-2021".into(),
        category: "craftsman".into(),
        applicant: Some(NewPerson {
            id_number: resident_id(n),
            name: name.into(),
            phone: None,
        }),
        unit,
        facts: craftsman_facts(),
    }
}

async fn a_batch_registers_its_new_applicants_and_creates_every_draft_with_the_known_facts(
    db: TestDb,
) {
    let world = World::new(db, "2021-06-20").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let known = world.person().await;
    let known = persons::get(&world.db.store, known).await.unwrap();

    let mut again = draft(0, &known.name, Some(unit));
    again.applicant.as_mut().unwrap().id_number = known.id_number.clone();
    let created = world
        .workflow
        .create_drafts(
            &officer,
            &[
                draft(201, "甲", Some(unit)),
                again,
                draft(202, "乙", Some(unit)),
            ],
        )
        .await
        .unwrap();

    assert_eq!(created.len(), 3);
    assert!(
        created
            .iter()
            .all(|a| a.stage == "draft" && a.unit == Some(unit))
    );
    assert_eq!(
        created[1].applicant,
        Some(known.id),
        "a person on record is reused"
    );
    let registered = persons::find_by_id_number(&world.db.store, &resident_id(201))
        .await
        .unwrap()
        .expect("a new applicant is registered");
    assert_eq!(created[0].applicant, Some(registered.id));
    assert_eq!(
        created[0].facts["person"]["birth_date"],
        resident_id(201).birth_date().to_string(),
        "the birth date comes from the ID number"
    );
    assert_eq!(created[0].facts["unit"]["unit_type"], "企业");
    assert!(created[0].facts["unit"]["name"].is_string());
}

async fn one_refused_draft_refuses_the_batch_and_writes_nothing_of_it(db: TestDb) {
    let world = World::new(db, "2021-06-20").await;
    let ours = world.unit("210202").await;
    let theirs = world.unit("210202").await;
    let officer = world.unit_officer(ours).await;
    let applications = world.db.count("SELECT COUNT(*) FROM applications").await;
    let audited = world.audit_entries().await;

    let refusal = world
        .workflow
        .create_drafts(
            &officer,
            &[
                draft(211, "甲", Some(ours)),
                draft(212, "乙", Some(theirs)),
                draft(213, "丙", Some(ours)),
            ],
        )
        .await
        .unwrap_err();

    assert_eq!(refusal.index, 1);
    assert!(
        matches!(refusal.error, WorkflowError::Forbidden { .. }),
        "{}",
        refusal.error
    );
    assert_eq!(
        world.db.count("SELECT COUNT(*) FROM applications").await,
        applications
    );
    assert_eq!(world.audit_entries().await, audited);
    assert!(
        persons::find_by_id_number(&world.db.store, &resident_id(211))
            .await
            .unwrap()
            .is_none(),
        "the first applicant's registration was rolled back too"
    );
}

async fn an_id_number_on_record_under_another_name_refuses_the_batch(db: TestDb) {
    let world = World::new(db, "2021-06-20").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let known = world.person().await;
    let known = persons::get(&world.db.store, known).await.unwrap();

    let mut other = draft(0, "另一个名字", Some(unit));
    other.applicant.as_mut().unwrap().id_number = known.id_number;
    let refusal = world
        .workflow
        .create_drafts(&officer, &[other])
        .await
        .unwrap_err();

    assert_eq!(refusal.index, 0);
    assert!(
        matches!(refusal.error, WorkflowError::Refused { .. }),
        "{}",
        refusal.error
    );
    assert!(refusal.error.to_string().contains("另一姓名"));
}
