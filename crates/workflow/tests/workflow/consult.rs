use jiangxin_store::consultations::ConsultationResult;
use jiangxin_store::on_both_backends;
use jiangxin_store::testing::TestDb;
use jiangxin_store::{Digest, applications::Application};
use jiangxin_workflow::{Caller, RecommendationInput, ReviewVerdict, WorkflowError};
use serde_json::json;

use crate::world::{COMMITMENT, World, adverse, clear, craftsman_facts, date};

on_both_backends!(
    a_unit_recommends_only_once_its_trade_union_has_given_its_opinion,
    the_city_cannot_pass_the_audit_until_the_discipline_bodies_have_answered,
    a_dishonest_debtor_bars_a_craftsman_with_the_citation_until_a_later_query_is_clear,
    a_units_dishonest_record_does_not_bar_a_craftsman_because_201_keeps_it_apart_from_the_person,
    a_dishonest_debtor_in_the_306_credit_check_is_weighed_by_the_reviewer_whose_reason_is_recorded,
    an_opinion_is_dated_evidence_with_its_recorder_and_attachment_and_malformed_ones_are_refused,
);

const DISCIPLINE: &str = "执纪执法部门";

/// A craftsman application of a unit in 中山区, recommended, passed by the district and waiting
/// for the city's audit on 2021-07-06.
async fn at_audit(world: &World) -> (Caller, Application) {
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let application = world.submitted_craftsman(&officer).await;
    world.set_today("2021-06-28");
    let input = RecommendationInput {
        rank: 1,
        notice: Some(jiangxin_workflow::NoticeRecord {
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
    let district = world.district_reviewer("210202").await;
    let passed = world
        .workflow
        .review(
            &district,
            recommended.id,
            recommended.row_version,
            ReviewVerdict::Pass,
            "同意报送",
        )
        .await
        .unwrap();
    world.set_today("2021-07-06");
    (officer, passed)
}

async fn pass(
    world: &World,
    reviewer: &Caller,
    application: &Application,
    reason: &str,
) -> Result<Application, WorkflowError> {
    world
        .workflow
        .review(
            reviewer,
            application.id,
            application.row_version,
            ReviewVerdict::Pass,
            reason,
        )
        .await
}

async fn assert_audit_intact(world: &World) {
    let report = jiangxin_store::audit::verify(&world.db.store)
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
}

async fn a_unit_recommends_only_once_its_trade_union_has_given_its_opinion(db: TestDb) {
    let world = World::new(db, "2021-06-20").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let draft = world.craftsman_draft(&officer, craftsman_facts()).await;
    let submitted = world
        .workflow
        .submit(&officer, draft.id, draft.row_version, COMMITMENT)
        .await
        .unwrap();
    world.set_today("2021-06-28");
    let input = RecommendationInput {
        rank: 1,
        notice: Some(jiangxin_workflow::NoticeRecord {
            published_on: date("2021-06-18"),
            staff_representatives: 5,
        }),
        over_cap_reason: None,
    };

    let err = world
        .workflow
        .recommend(&officer, submitted.id, submitted.row_version, &input)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason }
            if reason.contains("须先取得同级工会的意见") && reason.contains("大人社发〔2021〕201号 三、(一)")),
        "{err}"
    );
    // The recommend stage consults the trade union, not the discipline bodies.
    let err = world
        .workflow
        .record_consultation(
            &officer,
            submitted.id,
            &clear(DISCIPLINE, date("2021-06-25")),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Invalid { reason } if reason.contains("征求的是同级工会")),
        "{err}"
    );

    world
        .workflow
        .record_consultation(
            &officer,
            submitted.id,
            &clear("同级工会", date("2021-06-25")),
        )
        .await
        .unwrap();
    let recommended = world
        .workflow
        .recommend(&officer, submitted.id, submitted.row_version, &input)
        .await
        .unwrap();
    assert_eq!(recommended.stage, "at:district-collect");
    assert_audit_intact(&world).await;
}

async fn the_city_cannot_pass_the_audit_until_the_discipline_bodies_have_answered(db: TestDb) {
    let world = World::new(db, "2021-06-20").await;
    let (officer, application) = at_audit(&world).await;
    let city = world.city_reviewer().await;

    let err = pass(&world, &city, &application, "资格审核通过")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason }
            if reason.contains("须先取得执纪执法部门的意见") && reason.contains("201号 三、(二)")),
        "{err}"
    );
    // Only who acts for the stage records its opinions: the unit cannot answer for the bodies.
    let err = world
        .workflow
        .record_consultation(
            &officer,
            application.id,
            &clear(DISCIPLINE, date("2021-07-06")),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Forbidden { .. }), "{err}");

    world
        .workflow
        .record_consultation(
            &city,
            application.id,
            &clear(DISCIPLINE, date("2021-07-06")),
        )
        .await
        .unwrap();
    let passed = pass(&world, &city, &application, "资格审核通过")
        .await
        .unwrap();
    assert_eq!(passed.stage, "at:department-opinions");

    // The department-opinion stage is decided by a reviewer once the bodies have answered again
    // for it: the audit's answer does not count for another stage.
    let err = pass(&world, &city, &passed, "部门意见无异议")
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Refused { .. }), "{err}");
    world.set_today("2021-07-07");
    world
        .workflow
        .record_consultation(
            &city,
            application.id,
            &clear(DISCIPLINE, date("2021-07-07")),
        )
        .await
        .unwrap();
    let opinions = pass(&world, &city, &passed, "部门意见无异议")
        .await
        .unwrap();
    assert_eq!(opinions.stage, "at:panel-review");
    let recorded: Vec<(String, String)> = world
        .workflow
        .consultations(&officer, application.id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.stage, c.source))
        .collect();
    assert_eq!(
        recorded,
        [
            ("recommend".to_owned(), "同级工会".to_owned()),
            ("audit".to_owned(), DISCIPLINE.to_owned()),
            ("department-opinions".to_owned(), DISCIPLINE.to_owned()),
        ]
    );
    assert_audit_intact(&world).await;
}

async fn a_dishonest_debtor_bars_a_craftsman_with_the_citation_until_a_later_query_is_clear(
    db: TestDb,
) {
    let world = World::new(db, "2021-06-20").await;
    let (officer, application) = at_audit(&world).await;
    let city = world.city_reviewer().await;
    world
        .workflow
        .record_consultation(
            &city,
            application.id,
            &adverse(
                DISCIPLINE,
                date("2021-07-05"),
                "经法院查询，本人被列入失信被执行人名单（案号（2021）辽0202执123号）",
                Some("失信被执行人"),
            ),
        )
        .await
        .unwrap();

    let err = pass(&world, &city, &application, "资格审核通过")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason }
            if reason.contains("结果不良") && reason.contains("大人社发〔2021〕201号 二、(二) 排除情形1")),
        "{err}"
    );
    let unchanged = world
        .workflow
        .application(&city, application.id)
        .await
        .unwrap();
    assert_eq!(unchanged.stage, "at:audit");
    assert_eq!(unchanged.row_version, application.row_version);

    // The debt is paid and the name removed: the later query is the one that counts.
    world
        .workflow
        .record_consultation(
            &city,
            application.id,
            &clear(DISCIPLINE, date("2021-07-06")),
        )
        .await
        .unwrap();
    let passed = pass(&world, &city, &application, "失信记录已移除，资格审核通过")
        .await
        .unwrap();
    assert_eq!(passed.stage, "at:department-opinions");
    let last = world
        .workflow
        .history(&officer, application.id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.detail["passed_despite"], json!([]));
    assert_audit_intact(&world).await;
}

async fn a_units_dishonest_record_does_not_bar_a_craftsman_because_201_keeps_it_apart_from_the_person(
    db: TestDb,
) {
    let world = World::new(db, "2021-06-20").await;
    let (officer, application) = at_audit(&world).await;
    let city = world.city_reviewer().await;
    let detail = "所在单位被列入失信被执行人名单";
    let recorded = world
        .workflow
        .record_consultation(
            &city,
            application.id,
            &adverse(DISCIPLINE, date("2021-07-06"), detail, Some("单位失信")),
        )
        .await
        .unwrap();

    let reason = "单位失信不归于个人（201号 二、(二) 解释），资格审核通过";
    let passed = pass(&world, &city, &application, reason).await.unwrap();

    assert_eq!(passed.stage, "at:department-opinions");
    let last = world
        .workflow
        .history(&officer, application.id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.action, "review.pass");
    assert_eq!(last.note.as_deref(), Some(reason));
    assert_eq!(
        last.detail["passed_despite"],
        json!([{
            "consultation": recorded.id,
            "stage": "audit",
            "source": DISCIPLINE,
            "queried_on": "2021-07-06",
            "result": "adverse",
            "detail": detail,
            "finding": "单位失信",
        }])
    );
    assert_audit_intact(&world).await;
}

async fn a_dishonest_debtor_in_the_306_credit_check_is_weighed_by_the_reviewer_whose_reason_is_recorded(
    db: TestDb,
) {
    let world = World::new(db, "2021-11-01").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let submitted = world.submitted_high_skill(&officer).await;
    let input = RecommendationInput {
        rank: 1,
        notice: None,
        over_cap_reason: None,
    };
    let recommended = world
        .workflow
        .recommend(&officer, submitted.id, submitted.row_version, &input)
        .await
        .unwrap();
    let district = world.district_reviewer("210202").await;
    let at_credit = pass(&world, &district, &recommended, "审查通过，同意推荐")
        .await
        .unwrap();
    assert_eq!(at_credit.stage, "at:credit-check");
    let city = world.city_reviewer().await;
    let list = "失信被执行人名单（法院）";
    world.set_today("2021-11-22");
    let found = adverse(
        list,
        date("2021-11-20"),
        "本人被列入失信被执行人名单，已履行完毕待移除",
        Some("失信被执行人"),
    );
    world
        .workflow
        .record_consultation(&city, at_credit.id, &found)
        .await
        .unwrap();

    let reason = "依大委办发〔2017〕14号审慎参考：已履行完毕，不影响入选";
    let passed = pass(&world, &city, &at_credit, reason).await.unwrap();

    assert_eq!(passed.stage, "at:panel-review");
    let last = world
        .workflow
        .history(&officer, at_credit.id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.note.as_deref(), Some(reason));
    assert_eq!(last.detail["passed_despite"][0]["source"], list);
    assert_eq!(last.detail["passed_despite"][0]["finding"], "失信被执行人");
    assert_audit_intact(&world).await;
}

async fn an_opinion_is_dated_evidence_with_its_recorder_and_attachment_and_malformed_ones_are_refused(
    db: TestDb,
) {
    let world = World::new(db, "2021-06-20").await;
    let (_officer, application) = at_audit(&world).await;
    let city = world.city_reviewer().await;
    let letter = b"%PDF-1.4 discipline bodies' letter";
    let blobs = world.db.blobs();
    let tx = world.db.begin().await;
    let saved = jiangxin_store::attachments::save(
        &tx,
        &blobs,
        letter,
        "复函.pdf",
        jiangxin_store::attachments::DEFAULT_MAX_SIZE,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let entries_before = world.audit_entries().await;

    let mut with_letter = clear(DISCIPLINE, date("2021-07-05"));
    with_letter.attachment = Some(saved.sha256);
    let recorded = world
        .workflow
        .record_consultation(&city, application.id, &with_letter)
        .await
        .unwrap();

    assert_eq!(recorded.stage, "audit");
    assert_eq!(recorded.source, DISCIPLINE);
    assert_eq!(recorded.queried_on, date("2021-07-05"));
    assert_eq!(recorded.result, ConsultationResult::Clear);
    assert_eq!(recorded.recorded_by, city.account);
    assert_eq!(recorded.attachment, Some(saved.sha256));
    // The record and its history entry, each in the audit log.
    assert_eq!(world.audit_entries().await, entries_before + 2);

    let refusals = [
        {
            let mut missing = clear(DISCIPLINE, date("2021-07-05"));
            missing.attachment = Some(Digest::of(b"never uploaded"));
            missing
        },
        clear(DISCIPLINE, date("2021-07-07")),
        adverse(DISCIPLINE, date("2021-07-05"), "  ", None),
        adverse(DISCIPLINE, date("2021-07-05"), "有违纪记录", Some("违纪")),
    ];
    for input in &refusals {
        let err = world
            .workflow
            .record_consultation(&city, application.id, input)
            .await
            .unwrap_err();
        assert!(
            matches!(err, WorkflowError::Invalid { .. }),
            "{input:?}: {err}"
        );
    }
    assert_eq!(world.audit_entries().await, entries_before + 2);
    assert_audit_intact(&world).await;
}
