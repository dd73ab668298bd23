use jiangxin_store::on_both_backends;
use jiangxin_store::recommendations::{self, UnitNotice};
use jiangxin_store::testing::TestDb;
use jiangxin_workflow::{NoticeRecord, RecommendationInput, WorkflowError};

use crate::world::{World, date};

on_both_backends!(
    a_unit_recommends_only_after_its_five_working_day_notice_has_run_out,
    a_unit_notice_signed_by_fewer_than_five_staff_representatives_is_refused,
    a_fourth_candidate_of_one_unit_needs_a_recorded_reason_under_the_soft_cap_of_three,
    a_unit_cannot_give_the_same_rank_twice,
    a_recommendation_after_the_window_closes_is_refused,
);

/// The notice 201号 asks for, posted on Friday 18 June 2021 and signed by `representatives`.
fn notice(representatives: u32) -> Option<NoticeRecord> {
    Some(NoticeRecord {
        published_on: date("2021-06-18"),
        staff_representatives: representatives,
    })
}

fn ranked(rank: u32) -> RecommendationInput {
    RecommendationInput {
        rank,
        notice: notice(5),
        over_cap_reason: None,
    }
}

async fn a_unit_recommends_only_after_its_five_working_day_notice_has_run_out(db: TestDb) {
    let world = World::new(db, "2021-06-20").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let application = world.submitted_craftsman(&officer).await;

    // Five working days after Friday 18 June: 21–25 June, so the notice runs until the 25th.
    world.set_today("2021-06-25");
    let err = world
        .workflow
        .recommend(
            &officer,
            application.id,
            application.row_version,
            &ranked(1),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("单位内部公示期至 2021-06-25 结束")),
        "{err}"
    );

    world.set_today("2021-06-28");
    let recommended = world
        .workflow
        .recommend(
            &officer,
            application.id,
            application.row_version,
            &ranked(1),
        )
        .await
        .unwrap();
    assert_eq!(recommended.stage, "at:district-collect");
    let stored = recommendations::get(&world.db.store, application.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.rank, 1);
    assert_eq!(stored.unit, unit);
    assert_eq!(stored.recommended_by, officer.account);
    assert_eq!(
        stored.notice,
        Some(UnitNotice {
            published_on: date("2021-06-18"),
            last_day: date("2021-06-25"),
            staff_representatives: 5,
        })
    );
}

async fn a_unit_notice_signed_by_fewer_than_five_staff_representatives_is_refused(db: TestDb) {
    let world = World::new(db, "2021-06-20").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let application = world.submitted_craftsman(&officer).await;
    world.set_today("2021-06-28");

    let input = RecommendationInput {
        notice: notice(4),
        ..ranked(1)
    };
    let err = world
        .workflow
        .recommend(&officer, application.id, application.row_version, &input)
        .await
        .unwrap_err();

    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("不少于 5 名职工代表签字，现有 4 名")),
        "{err}"
    );
    let without = RecommendationInput {
        notice: None,
        ..ranked(1)
    };
    let err = world
        .workflow
        .recommend(&officer, application.id, application.row_version, &without)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("推荐前须在本单位内公示 5 个工作日")),
        "{err}"
    );
    assert_eq!(
        recommendations::get(&world.db.store, application.id)
            .await
            .unwrap(),
        None
    );
}

async fn a_fourth_candidate_of_one_unit_needs_a_recorded_reason_under_the_soft_cap_of_three(
    db: TestDb,
) {
    let world = World::new(db, "2021-06-20").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let mut applications = Vec::new();
    for _ in 0..4 {
        applications.push(world.submitted_craftsman(&officer).await);
    }
    world.set_today("2021-06-28");
    for (rank, application) in (1..).zip(&applications[..3]) {
        world
            .workflow
            .recommend(
                &officer,
                application.id,
                application.row_version,
                &ranked(rank),
            )
            .await
            .unwrap();
    }
    let fourth = &applications[3];

    let err = world
        .workflow
        .recommend(&officer, fourth.id, fourth.row_version, &ranked(4))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("每单位推荐人选不超过 3 人") && reason.contains("须填写理由")),
        "{err}"
    );

    let reason = "该同志获全国技术能手称号，单位职代会决议推荐";
    let input = RecommendationInput {
        over_cap_reason: Some(reason.into()),
        ..ranked(4)
    };
    let recommended = world
        .workflow
        .recommend(&officer, fourth.id, fourth.row_version, &input)
        .await
        .unwrap();
    assert_eq!(recommended.stage, "at:district-collect");
    let stored = recommendations::get(&world.db.store, fourth.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.over_cap_reason.as_deref(), Some(reason));
    let event = world
        .workflow
        .history(&officer, fourth.id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(event.action, "recommend");
    assert_eq!(event.note.as_deref(), Some(reason));
    assert_eq!(
        event.detail["exceeded_caps"],
        serde_json::json!(["per-unit"])
    );
    let ranks: Vec<u32> = recommendations::for_unit(&world.db.store, stored.program_version, unit)
        .await
        .unwrap()
        .iter()
        .map(|r| r.rank)
        .collect();
    assert_eq!(ranks, [1, 2, 3, 4]);
}

async fn a_unit_cannot_give_the_same_rank_twice(db: TestDb) {
    let world = World::new(db, "2021-06-20").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let first = world.submitted_craftsman(&officer).await;
    let second = world.submitted_craftsman(&officer).await;
    world.set_today("2021-06-28");
    world
        .workflow
        .recommend(&officer, first.id, first.row_version, &ranked(1))
        .await
        .unwrap();

    let err = world
        .workflow
        .recommend(&officer, second.id, second.row_version, &ranked(1))
        .await
        .unwrap_err();

    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("已有推荐名次为 1 的人选")),
        "{err}"
    );
    let stored = jiangxin_store::applications::get(&world.db.store, second.id)
        .await
        .unwrap();
    assert_eq!(stored.stage, "at:recommend");
}

async fn a_recommendation_after_the_window_closes_is_refused(db: TestDb) {
    let world = World::new(db, "2021-06-20").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let application = world.submitted_craftsman(&officer).await;
    world.set_today("2021-07-03");

    let err = world
        .workflow
        .recommend(
            &officer,
            application.id,
            application.row_version,
            &ranked(1),
        )
        .await
        .unwrap_err();

    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("已于 2021-07-02 截止")),
        "{err}"
    );
}
