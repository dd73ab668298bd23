use jiangxin_policy::ProgramSet;
use jiangxin_store::applications::Application;
use jiangxin_store::notices::ObjectionOutcome;
use jiangxin_store::on_both_backends;
use jiangxin_store::testing::TestDb;
use jiangxin_workflow::panel::panel_criteria;
use jiangxin_workflow::{
    BallotInput, Caller, ObjectionDecision, ObjectionInput, RecommendationInput, ReviewVerdict,
    WorkflowError,
};

use crate::panel::assert_audit_intact;
use crate::world::{World, clear, date};

on_both_backends!(
    a_notice_lists_masked_ids_for_its_exact_seven_days_and_then_moves_the_list_on,
    an_upheld_objection_sends_the_application_back_and_an_open_one_holds_the_closing,
    where_the_notice_runs_at_least_five_working_days_the_publisher_may_extend_it_and_objections_are_due_in_five,
);

const HIGH_SKILL: &str = "dalian-high-skill-2021";

/// `count` 306号 applications, each of a unit of its own in 中山区, through the district's
/// review, the credit check and a one-expert panel, waiting for the public notice on
/// 2021-11-24; and the city reviewer.
async fn at_notice(world: &World, count: usize) -> (Caller, Vec<Application>) {
    let city = world.city_reviewer().await;
    let district = world.district_reviewer("210202").await;
    let mut applications = Vec::new();
    for _ in 0..count {
        world.set_today("2021-11-01");
        let unit = world.unit("210202").await;
        let officer = world.unit_officer(unit).await;
        let submitted = world.submitted_high_skill(&officer).await;
        let input = RecommendationInput {
            rank: 1,
            notice: None,
            over_cap_reason: None,
        };
        let mut application = world
            .workflow
            .recommend(&officer, submitted.id, submitted.row_version, &input)
            .await
            .unwrap();
        world.set_today("2021-11-22");
        application = pass(world, &district, &application).await;
        world
            .workflow
            .record_consultation(
                &city,
                application.id,
                &clear("失信被执行人名单（法院）", date("2021-11-22")),
            )
            .await
            .unwrap();
        application = pass(world, &city, &application).await;
        applications.push(application);
    }
    for (parameter, value) in [("panel_quorum", "1"), ("panel_threshold", "1")] {
        world
            .workflow
            .set_parameter(&city, HIGH_SKILL, parameter, value, "局长办公会议纪要")
            .await
            .unwrap();
    }
    let panel = world
        .workflow
        .create_panel(&city, HIGH_SKILL, "panel-review")
        .await
        .unwrap();
    let expert = world.expert().await;
    world
        .workflow
        .appoint_expert(&city, panel.id, expert.account, None)
        .await
        .unwrap();
    let program = world.workflow.programs().get(HIGH_SKILL).unwrap();
    let ballot = BallotInput {
        approve: true,
        scores: panel_criteria(program, "cultivated")
            .into_iter()
            .map(|c| (c.to_owned(), 80))
            .collect(),
    };
    for application in &applications {
        world
            .workflow
            .cast_ballot(&expert, panel.id, application.id, &ballot)
            .await
            .unwrap();
    }
    world.workflow.close_panel(&city, panel.id).await.unwrap();
    world.set_today("2021-11-24");
    let mut waiting = Vec::new();
    for application in &applications {
        let application = world
            .workflow
            .application(&city, application.id)
            .await
            .unwrap();
        assert_eq!(application.stage, "at:public-notice");
        waiting.push(application);
    }
    (city, waiting)
}

async fn pass(world: &World, reviewer: &Caller, application: &Application) -> Application {
    world
        .workflow
        .review(
            reviewer,
            application.id,
            application.row_version,
            ReviewVerdict::Pass,
            "审核通过",
        )
        .await
        .unwrap()
}

fn objection(name: &str) -> ObjectionInput {
    ObjectionInput {
        name: name.into(),
        contact: "13800000000".into(),
        reason: "申报材料中的业绩与实际不符".into(),
    }
}

async fn a_notice_lists_masked_ids_for_its_exact_seven_days_and_then_moves_the_list_on(db: TestDb) {
    let world = World::new(db, "2021-11-01").await;
    let (city, waiting) = at_notice(&world, 2).await;

    // 306号 says 7 days, exactly: the publisher cannot extend it.
    let err = world
        .workflow
        .publish_notice(&city, HIGH_SKILL, "public-notice", Some(date("2021-12-05")))
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Invalid { .. }), "{err}");
    let (notice, entries) = world
        .workflow
        .publish_notice(&city, HIGH_SKILL, "public-notice", None)
        .await
        .unwrap();

    assert_eq!(notice.published_on, date("2021-11-24"));
    assert_eq!(notice.last_day, date("2021-12-01"));
    let listed: Vec<_> = entries.iter().map(|e| e.application).collect();
    assert_eq!(listed, [waiting[0].id, waiting[1].id]);
    for entry in &entries {
        assert!(entry.name.starts_with('王'), "{}", entry.name);
        assert!(
            entry
                .unit_name
                .as_deref()
                .unwrap()
                .ends_with("机床有限公司")
        );
        let masked = entry.masked_id.as_deref().unwrap();
        assert!(masked.starts_with("210202********"), "{masked}");
        assert_eq!(masked.chars().count(), 18);
    }
    assert_eq!(
        world.workflow.public_notice(notice.id).await.unwrap(),
        (notice.clone(), entries.clone())
    );
    assert_eq!(
        world.workflow.running_notices().await.unwrap(),
        std::slice::from_ref(&notice)
    );
    let err = world
        .workflow
        .publish_notice(&city, HIGH_SKILL, "public-notice", None)
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Refused { .. }), "{err}");

    world.set_today("2021-12-01");
    let err = world
        .workflow
        .close_notice(&city, notice.id)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("2021-12-01")),
        "{err}"
    );
    world.set_today("2021-12-02");
    let err = world
        .workflow
        .receive_objection(&city, notice.id, waiting[0].id, &objection("李四"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("公示期内")),
        "{err}"
    );
    let moved = world.workflow.close_notice(&city, notice.id).await.unwrap();
    assert!(
        world.workflow.running_notices().await.unwrap().is_empty(),
        "a closed notice is no longer listed"
    );

    let stages: Vec<_> = moved.iter().map(|a| a.stage.as_str()).collect();
    assert_eq!(stages, ["at:publication", "at:publication"]);
    let last = world
        .workflow
        .history(&city, waiting[0].id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.action, "notice.close");
    assert_eq!(last.from_stage, "at:public-notice");
    let err = world
        .workflow
        .close_notice(&city, notice.id)
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Refused { .. }), "{err}");
    assert_audit_intact(&world).await;
}

async fn an_upheld_objection_sends_the_application_back_and_an_open_one_holds_the_closing(
    db: TestDb,
) {
    let world = World::new(db, "2021-11-01").await;
    let (city, waiting) = at_notice(&world, 2).await;
    let (notice, _) = world
        .workflow
        .publish_notice(&city, HIGH_SKILL, "public-notice", None)
        .await
        .unwrap();
    world.set_today("2021-11-25");
    let upheld = world
        .workflow
        .receive_objection(&city, notice.id, waiting[0].id, &objection("李四"))
        .await
        .unwrap();
    let dismissed = world
        .workflow
        .receive_objection(&city, notice.id, waiting[1].id, &objection("赵五"))
        .await
        .unwrap();

    assert_eq!(
        upheld.receipt(),
        format!("GS-{:04}-{:06}", notice.id.0, upheld.id.0)
    );
    assert_ne!(upheld.receipt(), dismissed.receipt());
    assert_eq!(upheld.contact, "13800000000");
    assert_eq!(upheld.received_on, date("2021-11-25"));
    // 306号 sets no investigation period.
    assert_eq!(upheld.investigation_due, None);
    let history = world.workflow.history(&city, waiting[0].id).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!(last.action, "notice.objection");
    assert_eq!(last.detail["receipt"], upheld.receipt());
    assert!(!format!("{history:?}").contains("李四"));

    world.set_today("2021-12-02");
    let err = world
        .workflow
        .close_notice(&city, notice.id)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains(&upheld.receipt())),
        "{err}"
    );
    let after_the_notice = ObjectionDecision::Uphold {
        redo_stage: "publication".into(),
    };
    let err = world
        .workflow
        .decide_objection(&city, upheld.id, &after_the_notice, "查实")
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Invalid { .. }), "{err}");
    let finding = "经调查核实，申报人失信记录未如实申报，退回重新进行信用核查";
    let decided = world
        .workflow
        .decide_objection(
            &city,
            upheld.id,
            &ObjectionDecision::Uphold {
                redo_stage: "credit-check".into(),
            },
            finding,
        )
        .await
        .unwrap();
    assert_eq!(
        decided.outcome,
        Some(ObjectionOutcome::Upheld {
            finding: finding.into(),
            redo_stage: "credit-check".into()
        })
    );
    let returned = world
        .workflow
        .application(&city, waiting[0].id)
        .await
        .unwrap();
    assert_eq!(returned.stage, "at:credit-check");
    let last = world
        .workflow
        .history(&city, waiting[0].id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.action, "notice.objection_upheld");
    assert_eq!(last.note.as_deref(), Some(finding));
    world
        .workflow
        .decide_objection(
            &city,
            dismissed.id,
            &ObjectionDecision::Dismiss,
            "经核实，异议不成立",
        )
        .await
        .unwrap();
    let err = world
        .workflow
        .decide_objection(&city, dismissed.id, &ObjectionDecision::Dismiss, "再次")
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Refused { .. }), "{err}");

    let moved = world.workflow.close_notice(&city, notice.id).await.unwrap();

    let moved: Vec<_> = moved.iter().map(|a| (a.id, a.stage.as_str())).collect();
    assert_eq!(moved, [(waiting[1].id, "at:publication")]);
    let still = world
        .workflow
        .application(&city, waiting[0].id)
        .await
        .unwrap();
    assert_eq!(still.stage, "at:credit-check");
    assert_audit_intact(&world).await;
}

/// 004's notice rule (不少于5个工作日; 异议5个工作日内调查核实) on 306号's procedure, whose path
/// reaches its notice through the services today.
async fn where_the_notice_runs_at_least_five_working_days_the_publisher_may_extend_it_and_objections_are_due_in_five(
    db: TestDb,
) {
    let exact = "duration = { length = 7, counting = \"calendar_days\", bound = \"exact\" }";
    let at_least = "duration = { length = 5, counting = \"working_days\", bound = \"at_least\" }\n\
                    objection_investigation = { length = 5, counting = \"working_days\" }";
    let files: Vec<(&str, String)> = ProgramSet::builtin_files()
        .iter()
        .map(|(name, text)| {
            let text = if text.contains("id = \"dalian-high-skill-2021\"") {
                assert!(text.contains(exact));
                text.replace(exact, at_least)
            } else {
                (*text).to_owned()
            };
            (*name, text)
        })
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let world = World::with_files(db, "2021-11-01", &files).await;
    let (city, waiting) = at_notice(&world, 1).await;

    // Five working days after Wednesday 24 November end on Wednesday 1 December.
    let err = world
        .workflow
        .publish_notice(&city, HIGH_SKILL, "public-notice", Some(date("2021-11-30")))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Invalid { reason } if reason.contains("不少于 5 个工作日") && reason.contains("2021-12-01")),
        "{err}"
    );
    let (notice, _) = world
        .workflow
        .publish_notice(&city, HIGH_SKILL, "public-notice", Some(date("2021-12-03")))
        .await
        .unwrap();
    assert_eq!(notice.last_day, date("2021-12-03"));

    world.set_today("2021-12-03");
    let received = world
        .workflow
        .receive_objection(&city, notice.id, waiting[0].id, &objection("李四"))
        .await
        .unwrap();

    assert_eq!(received.investigation_due, Some(date("2021-12-10")));
    let last = world
        .workflow
        .history(&city, waiting[0].id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.detail["investigation_due"], "2021-12-10");
    assert_audit_intact(&world).await;
}
