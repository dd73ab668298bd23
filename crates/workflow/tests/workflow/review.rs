use jiangxin_store::applications::{self, Application};
use jiangxin_store::on_both_backends;
use jiangxin_store::testing::TestDb;
use jiangxin_workflow::{
    Caller, NewDraft, NoticeRecord, RecommendationInput, ReviewVerdict, WorkflowError,
};
use serde_json::json;

use crate::world::{COMMITMENT, World, chief_facts, date};

on_both_backends!(
    a_returned_application_is_corrected_re_evaluated_and_goes_back_to_the_reviewer_who_returned_it,
    a_city_rejection_is_final_and_its_reason_is_in_the_history,
    every_verdict_needs_a_reason,
    a_unit_officer_cannot_review_and_a_reviewer_cannot_review_after_the_deadline,
    an_individual_recommends_themself_where_the_program_allows_and_the_district_reviews_it,
);

/// A craftsman application of a unit in 中山区, recommended and waiting for the district.
async fn at_district(world: &World) -> (Caller, Application) {
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let application = world.submitted_craftsman(&officer).await;
    world.set_today("2021-06-28");
    let input = RecommendationInput {
        rank: 1,
        notice: Some(NoticeRecord {
            published_on: date("2021-06-18"),
            staff_representatives: 5,
        }),
        over_cap_reason: None,
    };
    let recommended = world
        .workflow
        .recommend(&officer, application.id, application.row_version, &input)
        .await
        .unwrap();
    (officer, recommended)
}

async fn a_returned_application_is_corrected_re_evaluated_and_goes_back_to_the_reviewer_who_returned_it(
    db: TestDb,
) {
    let world = World::new(db, "2021-06-20").await;
    let (officer, application) = at_district(&world).await;
    let reviewer = world.district_reviewer("210202").await;
    let why = "社保缴费月数与社保证明不一致，请核实后重新填写";

    let returned = world
        .workflow
        .review(
            &reviewer,
            application.id,
            application.row_version,
            ReviewVerdict::Return,
            why,
        )
        .await
        .unwrap();
    assert_eq!(returned.stage, "returned:district-collect");

    // The correction makes the candidate ineligible: resubmission is refused and nothing moves.
    let mut facts = returned.facts.clone();
    facts["person"]["city_social_security_months"] = json!(58);
    let edited = world
        .workflow
        .edit_facts(&officer, returned.id, returned.row_version, facts.clone())
        .await
        .unwrap();
    let err = world
        .workflow
        .submit(&officer, edited.id, edited.row_version, COMMITMENT)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("58 个月")),
        "{err}"
    );

    facts["person"]["city_social_security_months"] = json!(72);
    let edited = world
        .workflow
        .edit_facts(&officer, edited.id, edited.row_version, facts)
        .await
        .unwrap();
    let resubmitted = world
        .workflow
        .submit(&officer, edited.id, edited.row_version, COMMITMENT)
        .await
        .unwrap();
    assert_eq!(resubmitted.stage, "at:district-collect");
    assert_eq!(
        resubmitted.facts["person"]["city_social_security_months"],
        72
    );
    let decision = resubmitted.decision.unwrap();
    let social_security = decision["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "city-social-security")
        .unwrap();
    assert!(
        social_security["reason_zh"]
            .as_str()
            .unwrap()
            .contains("72"),
        "{social_security}"
    );

    let history = world
        .workflow
        .history(&officer, application.id)
        .await
        .unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create",
            "submit",
            "consultation.record",
            "recommend",
            "review.return",
            "edit_facts",
            "edit_facts",
            "resubmit"
        ]
    );
    assert_eq!(history[4].note.as_deref(), Some(why));
    assert_eq!(history[4].account, Some(reviewer.account));

    let passed = world
        .workflow
        .review(
            &reviewer,
            resubmitted.id,
            resubmitted.row_version,
            ReviewVerdict::Pass,
            "材料齐全，同意报送",
        )
        .await
        .unwrap();
    assert_eq!(passed.stage, "at:audit");
    let report = jiangxin_store::audit::verify(&world.db.store)
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
}

async fn a_city_rejection_is_final_and_its_reason_is_in_the_history(db: TestDb) {
    let world = World::new(db, "2021-06-20").await;
    let (officer, application) = at_district(&world).await;
    let district = world.district_reviewer("210202").await;
    let city = world.city_reviewer().await;
    let passed = world
        .workflow
        .review(
            &district,
            application.id,
            application.row_version,
            ReviewVerdict::Pass,
            "同意报送",
        )
        .await
        .unwrap();
    world.set_today("2021-07-06");
    let why = "执纪执法部门反馈存在违法违纪问题，不予确定为推荐人选";

    let rejected = world
        .workflow
        .review(
            &city,
            passed.id,
            passed.row_version,
            ReviewVerdict::Reject,
            why,
        )
        .await
        .unwrap();

    assert_eq!(rejected.stage, "rejected:audit");
    let err = world
        .workflow
        .review(
            &city,
            rejected.id,
            rejected.row_version,
            ReviewVerdict::Pass,
            "复核通过",
        )
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Refused { .. }), "{err}");
    let err = world
        .workflow
        .submit(&officer, rejected.id, rejected.row_version, COMMITMENT)
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Refused { .. }), "{err}");
    let last = world
        .workflow
        .history(&officer, application.id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.action, "review.reject");
    assert_eq!(last.note.as_deref(), Some(why));
}

async fn every_verdict_needs_a_reason(db: TestDb) {
    let world = World::new(db, "2021-06-20").await;
    let (_, application) = at_district(&world).await;
    let reviewer = world.district_reviewer("210202").await;

    for verdict in [
        ReviewVerdict::Pass,
        ReviewVerdict::Return,
        ReviewVerdict::Reject,
    ] {
        let err = world
            .workflow
            .review(
                &reviewer,
                application.id,
                application.row_version,
                verdict,
                "  ",
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, WorkflowError::Invalid { .. }),
            "{verdict:?}: {err}"
        );
    }
    let stored = applications::get(&world.db.store, application.id)
        .await
        .unwrap();
    assert_eq!(stored, application);
}

async fn a_unit_officer_cannot_review_and_a_reviewer_cannot_review_after_the_deadline(db: TestDb) {
    let world = World::new(db, "2021-06-20").await;
    let (officer, application) = at_district(&world).await;
    let reviewer = world.district_reviewer("210202").await;

    let err = world
        .workflow
        .review(
            &officer,
            application.id,
            application.row_version,
            ReviewVerdict::Pass,
            "同意",
        )
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Forbidden { .. }), "{err}");

    world.set_today("2021-07-03");
    let err = world
        .workflow
        .review(
            &reviewer,
            application.id,
            application.row_version,
            ReviewVerdict::Pass,
            "同意",
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("已于 2021-07-02 截止")),
        "{err}"
    );
}

async fn an_individual_recommends_themself_where_the_program_allows_and_the_district_reviews_it(
    db: TestDb,
) {
    let world = World::new(db, "2024-05-06").await;
    let person = world.person().await;
    let individual = world.individual(person).await;
    let draft = world
        .workflow
        .create_draft(
            &individual,
            &NewDraft {
                program_id: "huiyang-chief-technician-2024".into(),
                category: "chief-technician".into(),
                applicant: Some(person),
                unit: None,
                facts: chief_facts(),
            },
        )
        .await
        .unwrap();
    // 004's first stage, the announcement, concerns the whole call: the path starts at 申报推荐.
    let submitted = world
        .workflow
        .submit(&individual, draft.id, draft.row_version, COMMITMENT)
        .await
        .unwrap();
    assert_eq!(submitted.stage, "at:application");

    let recommended = world
        .workflow
        .self_recommend(&individual, submitted.id, submitted.row_version)
        .await
        .unwrap();
    assert_eq!(recommended.stage, "at:initial-check");

    // Without a unit the application belongs to the program's jurisdiction, 惠阳区.
    let elsewhere = world.district_reviewer("441302").await;
    let err = world
        .workflow
        .application(&elsewhere, draft.id)
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::NotFound { .. }), "{err}");
    let huiyang = world.district_reviewer("441303").await;
    let checked = world
        .workflow
        .review(
            &huiyang,
            recommended.id,
            recommended.row_version,
            ReviewVerdict::Pass,
            "初审通过",
        )
        .await
        .unwrap();
    assert_eq!(checked.stage, "at:site-inspection");
}
