use jiangxin_policy::ProgramSet;
use jiangxin_store::applications;
use jiangxin_store::on_both_backends;
use jiangxin_store::programs;
use jiangxin_store::testing::TestDb;
use jiangxin_workflow::{NewDraft, Position, WorkflowError};
use serde_json::json;

use crate::world::{COMMITMENT, World, craftsman_facts};

on_both_backends!(
    each_program_file_is_stored_once_as_an_immutable_version_with_its_exact_text,
    an_eligible_candidate_is_submitted_with_the_commitment_and_the_decision_as_evaluated,
    an_ineligible_candidate_is_refused_with_what_must_change_and_nothing_is_written,
    an_individual_cannot_apply_where_the_program_names_only_the_unit,
    a_unit_officer_cannot_apply_for_another_units_staff,
    a_submission_from_a_stale_row_version_is_a_conflict,
    a_district_reviewer_finds_no_application_of_another_district,
);

async fn each_program_file_is_stored_once_as_an_immutable_version_with_its_exact_text(db: TestDb) {
    let world = World::new(db, "2021-06-20").await;
    let first = world.workflow.load_program_versions().await.unwrap();
    let again = world.workflow.load_program_versions().await.unwrap();

    assert_eq!(first, again);
    assert_eq!(first.len(), ProgramSet::builtin_files().len());
    assert_eq!(
        programs::list(&world.db.store).await.unwrap().len(),
        first.len()
    );
    let craftsman = first
        .iter()
        .find(|v| v.program_id == "dalian-craftsman-2021")
        .unwrap();
    let (_, text) = ProgramSet::builtin_files()
        .iter()
        .find(|(name, _)| *name == "dalian-craftsman-2021.toml")
        .unwrap();
    assert_eq!(craftsman.source, *text);
    assert_eq!(
        craftsman.version,
        world
            .workflow
            .programs()
            .get("dalian-craftsman-2021")
            .unwrap()
            .meta
            .version
    );
}

async fn an_eligible_candidate_is_submitted_with_the_commitment_and_the_decision_as_evaluated(
    db: TestDb,
) {
    let world = World::new(db, "2021-06-20").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let draft = world.craftsman_draft(&officer, craftsman_facts()).await;
    assert_eq!(draft.stage, "draft");
    assert_eq!(draft.decision, None);

    let submitted = world
        .workflow
        .submit(&officer, draft.id, draft.row_version, COMMITMENT)
        .await
        .unwrap();

    assert_eq!(
        Position::parse(&submitted.stage).unwrap(),
        Position::At("recommend".into())
    );
    let decision = submitted.decision.as_ref().unwrap();
    // 201号's conditions 1–6 are for the reviewers, so the best automatic outcome is review.
    assert_eq!(decision["outcome"], "review");
    assert_eq!(decision["program_id"], "dalian-craftsman-2021");
    assert_eq!(decision["as_of"], "2021-07-02");
    assert_eq!(decision["failed"], json!([]));
    let version = programs::get(&world.db.store, submitted.program_version)
        .await
        .unwrap();
    assert_eq!(version.program_id, "dalian-craftsman-2021");

    let history = world.workflow.history(&officer, draft.id).await.unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["create", "submit"]);
    let submit = &history[1];
    assert_eq!(submit.note.as_deref(), Some(COMMITMENT));
    assert_eq!(submit.account, Some(officer.account));
    assert_eq!(submit.from_stage, "draft");
    assert_eq!(submit.to_stage, "at:recommend");
    assert_eq!(submit.detail["outcome"], "review");
}

async fn an_ineligible_candidate_is_refused_with_what_must_change_and_nothing_is_written(
    db: TestDb,
) {
    let world = World::new(db, "2021-06-20").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let mut facts = craftsman_facts();
    facts["person"]["city_social_security_months"] = json!(59);
    let draft = world.craftsman_draft(&officer, facts).await;
    let entries = world.audit_entries().await;

    let err = world
        .workflow
        .submit(&officer, draft.id, draft.row_version, COMMITMENT)
        .await
        .unwrap_err();

    let WorkflowError::Refused { reason } = &err else {
        panic!("expected a refusal, got {err}");
    };
    assert!(reason.starts_with("不符合申报条件，不能提交"), "{reason}");
    assert!(
        reason.contains("在本市累计缴纳社保月数 59 个月，低于 60 个月下限"),
        "{reason}"
    );
    let unchanged = applications::get(&world.db.store, draft.id).await.unwrap();
    assert_eq!(unchanged, draft);
    assert_eq!(world.audit_entries().await, entries);
}

async fn an_individual_cannot_apply_where_the_program_names_only_the_unit(db: TestDb) {
    let world = World::new(db, "2021-06-20").await;
    let person = world.person().await;
    let individual = world.individual(person).await;

    let err = world
        .workflow
        .create_draft(
            &individual,
            &NewDraft {
                program_id: "dalian-craftsman-2021".into(),
                category: "craftsman".into(),
                applicant: Some(person),
                unit: None,
                facts: craftsman_facts(),
            },
        )
        .await
        .unwrap_err();

    assert!(
        matches!(&err, WorkflowError::Forbidden { reason } if reason.contains("由申报单位办理，个人申报人不能办理")),
        "{err}"
    );
}

async fn a_unit_officer_cannot_apply_for_another_units_staff(db: TestDb) {
    let world = World::new(db, "2021-06-20").await;
    let ours = world.unit("210202").await;
    let theirs = world.unit("210202").await;
    let officer = world.unit_officer(ours).await;
    let person = world.person().await;

    let err = world
        .workflow
        .create_draft(
            &officer,
            &NewDraft {
                program_id: "dalian-craftsman-2021".into(),
                category: "craftsman".into(),
                applicant: Some(person),
                unit: Some(theirs),
                facts: craftsman_facts(),
            },
        )
        .await
        .unwrap_err();

    assert!(matches!(err, WorkflowError::Forbidden { .. }), "{err}");
}

async fn a_submission_from_a_stale_row_version_is_a_conflict(db: TestDb) {
    let world = World::new(db, "2021-06-20").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let draft = world.craftsman_draft(&officer, craftsman_facts()).await;
    world
        .workflow
        .edit_facts(&officer, draft.id, draft.row_version, craftsman_facts())
        .await
        .unwrap();

    let err = world
        .workflow
        .submit(&officer, draft.id, draft.row_version, COMMITMENT)
        .await
        .unwrap_err();

    assert!(matches!(err, WorkflowError::Conflict { .. }), "{err}");
    let stored = applications::get(&world.db.store, draft.id).await.unwrap();
    assert_eq!(stored.stage, "draft");
}

async fn a_district_reviewer_finds_no_application_of_another_district(db: TestDb) {
    let world = World::new(db, "2021-06-20").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let application = world.submitted_craftsman(&officer).await;
    let own = world.district_reviewer("210202").await;
    let other = world.district_reviewer("210203").await;

    assert_eq!(
        world
            .workflow
            .application(&own, application.id)
            .await
            .unwrap()
            .id,
        application.id
    );
    let err = world
        .workflow
        .application(&other, application.id)
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::NotFound { .. }), "{err}");
    let err = world
        .workflow
        .history(&other, application.id)
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::NotFound { .. }), "{err}");
}
