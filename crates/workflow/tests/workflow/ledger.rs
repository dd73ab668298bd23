//! From approval to the last payment: titles and certificates, the benefits ledger, deferral,
//! stop, revocation with recovery and a ban, 就高不重复, a studio's mentoring subsidy following
//! its team, and the worker's round. One scenario per seed program runs from draft to final
//! payment through the service API.

use jiangxin_domain::money::Money;
use jiangxin_policy::ProgramSet;
use jiangxin_store::applications::Application;
use jiangxin_store::ledger::{EntitlementStatus, PaymentStatus};
use jiangxin_store::on_both_backends;
use std::sync::Arc;

use jiangxin_store::testing::{TestDb, join_all};
use jiangxin_store::units::{self, CreditFlagKind, NewCreditFlag};
use jiangxin_workflow::{Caller, NewDraft, TermAssessment, WorkflowError};
use serde_json::{Value, json};

use crate::lifecycle::{drive, next_day, runner};
use crate::panel::assert_audit_intact;
use crate::world::{COMMITMENT, World, chief_facts, craftsman_facts, date, high_skill_facts};

on_both_backends!(
    a_craftsman_is_approved_paid_once_then_revoked_with_the_award_clawed_back_and_barred_from_applying_again,
    a_chief_technicians_allowance_is_paid_yearly_deferred_while_the_unit_is_flagged_and_the_term_is_assessed,
    a_remote_district_high_skill_award_is_ten_percent_higher_and_a_lower_one_of_a_later_year_is_excluded,
    a_studio_gets_its_plaque_and_subsidies_and_its_mentoring_subsidy_follows_its_team,
    a_training_subsidy_is_approved_without_a_certificate_and_completed_by_its_payment,
    a_chief_technician_who_leaves_the_district_stops_receiving_the_allowance,
    the_worker_closes_ended_notices_marks_overdue_stages_and_repeats_harmlessly,
    two_finance_officers_recording_the_same_payment_at_once_pay_it_exactly_once,
);

async fn draft(
    world: &World,
    applicant: &Caller,
    program: &str,
    category: &str,
    person: Option<jiangxin_store::persons::PersonId>,
    facts: Value,
) -> Result<Application, WorkflowError> {
    world
        .workflow
        .create_draft(
            applicant,
            &NewDraft {
                program_id: program.into(),
                category: category.into(),
                applicant: person,
                unit: applicant.unit,
                facts,
            },
        )
        .await
}

async fn submitted(
    world: &World,
    applicant: &Caller,
    program: &str,
    category: &str,
    person: Option<jiangxin_store::persons::PersonId>,
    facts: Value,
) -> Application {
    let draft = draft(world, applicant, program, category, person, facts)
        .await
        .unwrap();
    world
        .workflow
        .submit(applicant, draft.id, draft.row_version, COMMITMENT)
        .await
        .unwrap()
}

async fn a_craftsman_is_approved_paid_once_then_revoked_with_the_award_clawed_back_and_barred_from_applying_again(
    db: TestDb,
) {
    let world = World::new(db, "2021-06-18").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let person = world.person().await;
    let application = submitted(
        &world,
        &officer,
        "dalian-craftsman-2021",
        "craftsman",
        Some(person),
        craftsman_facts(),
    )
    .await;
    let at_payment = drive(&world, &officer, &application, "payment").await;
    assert_eq!(at_payment.stage, "at:payment");

    let city = world.city_reviewer().await;
    let title = world
        .workflow
        .title_of(&city, application.id)
        .await
        .unwrap()
        .expect("a title");
    assert_eq!(title.name, "大连工匠");
    assert_eq!(title.certificate_no, "JX-dalian-craftsman-2021-2021.2-0001");
    assert_eq!(title.valid_until, None);
    let verified = world
        .workflow
        .verify_certificate(&title.verification_code.to_lowercase())
        .await
        .unwrap();
    assert_eq!(verified.title, "大连工匠");
    assert!(verified.holder_masked.starts_with('王') && verified.holder_masked.ends_with('*'));
    assert_eq!(verified.revoked_on, None);

    let ledger = world
        .workflow
        .ledger_of(&city, application.id)
        .await
        .unwrap();
    let (award, payments) = ledger
        .iter()
        .find(|(e, _)| e.benefit == "craftsman-award")
        .expect("the award");
    assert_eq!(award.amount, Some(Money::from_yuan(120_000)));
    assert_eq!(award.tax, "after_tax");
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].status, PaymentStatus::Scheduled);

    // Only the finance bureau pays.
    let err = world
        .workflow
        .record_payment(&city, payments[0].id, world.today(), "BANK-1")
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Forbidden { .. }), "{err}");
    let finance = world.finance().await;
    let paid = world
        .workflow
        .record_payment(&finance, payments[0].id, world.today(), "BANK-1")
        .await
        .unwrap();
    assert_eq!(paid.status, PaymentStatus::Paid);
    let again = world
        .workflow
        .record_payment(&finance, payments[0].id, world.today(), "BANK-2")
        .await
        .unwrap_err();
    assert!(matches!(again, WorkflowError::Conflict { .. }), "{again}");
    let done = world
        .workflow
        .application(&city, application.id)
        .await
        .unwrap();
    assert_eq!(done.stage, "completed");

    // Found to have falsified his record: 201号 五、(二).
    let revoked = world
        .workflow
        .revoke_title(&city, title.id, "业绩材料造假，经查属实")
        .await
        .unwrap();
    assert_eq!(
        revoked.revocation.as_ref().unwrap().citation,
        "大人社发〔2021〕201号 五、(二)"
    );
    let clawed = world
        .workflow
        .ledger_of(&city, application.id)
        .await
        .unwrap();
    let (award, payments) = clawed
        .iter()
        .find(|(e, _)| e.benefit == "craftsman-award")
        .unwrap();
    assert!(matches!(award.status, EntitlementStatus::Stopped { .. }));
    assert_eq!(payments[0].status, PaymentStatus::RecoveryDue);
    let verified = world
        .workflow
        .verify_certificate(&title.verification_code)
        .await
        .unwrap();
    assert_eq!(verified.revoked_on, Some(world.today()));

    let barred = draft(
        &world,
        &officer,
        "dalian-craftsman-2021",
        "craftsman",
        Some(person),
        craftsman_facts(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&barred, WorkflowError::Refused { reason } if reason.contains("不得再次申报") && reason.contains("201号 五、(二)")),
        "{barred}"
    );

    let recovered = world
        .workflow
        .record_recovery(&finance, payments[0].id, world.today())
        .await
        .unwrap();
    assert_eq!(recovered.status, PaymentStatus::Recovered);
    assert_audit_intact(&world).await;
}

async fn chief_at_payment(world: &World) -> (Caller, Application) {
    let unit = world.unit("441303").await;
    let officer = world.unit_officer(unit).await;
    let huiyang = world.district_reviewer("441303").await;
    world
        .workflow
        .set_parameter(
            &huiyang,
            "huiyang-chief-technician-2024",
            "term_start",
            "2024-06-01",
            "惠阳区区管首席技师评选委员会会议纪要〔2024〕2号",
        )
        .await
        .unwrap();
    let person = world.person().await;
    let application = submitted(
        world,
        &officer,
        "huiyang-chief-technician-2024",
        "chief-technician",
        Some(person),
        chief_facts(),
    )
    .await;
    let at_payment = drive(world, &officer, &application, "payment").await;
    (officer, at_payment)
}

async fn a_chief_technicians_allowance_is_paid_yearly_deferred_while_the_unit_is_flagged_and_the_term_is_assessed(
    db: TestDb,
) {
    let world = World::new(db, "2024-04-01").await;
    let (officer, application) = chief_at_payment(&world).await;
    let huiyang = world.district_reviewer("441303").await;
    let title = world
        .workflow
        .title_of(&huiyang, application.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(title.name, "区管首席技师");
    let granted = title.granted_on;
    assert_eq!(
        title.valid_until,
        Some(
            granted
                .checked_add_months(chrono::Months::new(24))
                .unwrap()
                .pred_opt()
                .unwrap()
        )
    );
    let ledger = world
        .workflow
        .ledger_of(&huiyang, application.id)
        .await
        .unwrap();
    let (allowance, payments) = ledger
        .iter()
        .find(|(e, _)| e.benefit == "allowance")
        .unwrap();
    assert_eq!(allowance.tax, "pre_tax");
    assert_eq!(allowance.amount, Some(Money::from_yuan(5_000)));
    let dues: Vec<_> = payments.iter().map(|p| (p.number, p.due_on)).collect();
    assert_eq!(
        dues,
        vec![
            (1, date("2024-06-01").max(granted)),
            (2, date("2025-06-01"))
        ]
    );

    // 004 第十一条: while the unit is on the dishonest-debtor list the allowance waits.
    world.set_today("2024-06-03");
    let tx = world.db.begin().await;
    units::add_credit_flag(
        &tx,
        application.unit.unwrap(),
        &NewCreditFlag {
            kind: CreditFlagKind::ALL[0],
            noted_on: date("2024-06-02"),
            cleared_on: Some(date("2024-06-20")),
            source: "信用中国".into(),
            evidence: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let finance = world.finance().await;
    let deferred = world
        .workflow
        .record_payment(&finance, payments[0].id, world.today(), "HY-2024-1")
        .await
        .unwrap_err();
    assert!(
        matches!(&deferred, WorkflowError::Refused { reason } if reason.contains("暂缓发放") && reason.contains("第十一条")),
        "{deferred}"
    );
    world.set_today("2024-06-20");
    world
        .workflow
        .record_payment(&finance, payments[0].id, world.today(), "HY-2024-1")
        .await
        .unwrap();
    let early = world
        .workflow
        .record_payment(&finance, payments[1].id, world.today(), "HY-2025-1")
        .await
        .unwrap_err();
    assert!(
        matches!(&early, WorkflowError::Refused { reason } if reason.contains("尚未到期")),
        "{early}"
    );
    let waiting = world
        .workflow
        .application(&huiyang, application.id)
        .await
        .unwrap();
    assert_eq!(waiting.stage, "at:payment");

    // 004 第十五条: the holder's plan, and the assessment only after the term.
    world
        .workflow
        .record_term_plan(
            &officer,
            application.id,
            "两年内培养技师 3 名，完成工艺攻关 1 项",
        )
        .await
        .unwrap();
    let too_soon = world
        .workflow
        .assess_term(&huiyang, application.id, TermAssessment::Passed, "考核合格")
        .await
        .unwrap_err();
    assert!(
        matches!(too_soon, WorkflowError::Refused { .. }),
        "{too_soon}"
    );

    world.set_today("2025-06-02");
    world
        .workflow
        .record_payment(&finance, payments[1].id, world.today(), "HY-2025-1")
        .await
        .unwrap();
    let done = world
        .workflow
        .application(&huiyang, application.id)
        .await
        .unwrap();
    assert_eq!(done.stage, "completed");

    world.set_date(next_day(title.valid_until.unwrap()));
    world
        .workflow
        .assess_term(&huiyang, application.id, TermAssessment::Passed, "考核合格")
        .await
        .unwrap();
    let twice = world
        .workflow
        .assess_term(&huiyang, application.id, TermAssessment::Passed, "考核合格")
        .await
        .unwrap_err();
    assert!(matches!(twice, WorkflowError::Refused { .. }), "{twice}");
    assert_audit_intact(&world).await;
}

async fn a_chief_technician_who_leaves_the_district_stops_receiving_the_allowance(db: TestDb) {
    let world = World::new(db, "2024-04-01").await;
    let (_, application) = chief_at_payment(&world).await;
    let huiyang = world.district_reviewer("441303").await;
    let stopped = world
        .workflow
        .stop_entitlements(&huiyang, application.id, "2024年7月调离惠阳区工作")
        .await
        .unwrap();
    assert_eq!(stopped.len(), 1);
    assert!(matches!(
        &stopped[0].status,
        EntitlementStatus::Stopped { citation, .. } if citation == "惠阳区区管首席技师办法 第十七条"
    ));
    let ledger = world
        .workflow
        .ledger_of(&huiyang, application.id)
        .await
        .unwrap();
    let (_, payments) = ledger
        .iter()
        .find(|(e, _)| e.benefit == "allowance")
        .unwrap();
    assert!(
        payments
            .iter()
            .all(|p| p.status == PaymentStatus::Cancelled)
    );
    // Nothing is left to pay, so the application is done.
    let done = world
        .workflow
        .application(&huiyang, application.id)
        .await
        .unwrap();
    assert_eq!(done.stage, "completed");
    // A district reviewer of another district does not even see it.
    let other = world.district_reviewer("210202").await;
    let err = world
        .workflow
        .stop_entitlements(&other, application.id, "调离")
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::NotFound { .. }), "{err}");
}

/// 306号 cultivated facts of someone insured in `district`.
fn high_skill_in(district: &str) -> Value {
    let mut facts = high_skill_facts();
    facts["person"]["social_security_district"] = json!(district);
    facts
}

async fn a_remote_district_high_skill_award_is_ten_percent_higher_and_a_lower_one_of_a_later_year_is_excluded(
    db: TestDb,
) {
    // The next year's notice is a new file: the same program with its own id and dates, whose
    // salary subsidy is the same benefit as 2021's (306号 就高不重复).
    let text_2021 = ProgramSet::builtin_files()
        .iter()
        .find(|(name, _)| name.contains("dalian-high-skill-2021"))
        .unwrap()
        .1;
    let text_2022 = text_2021
        .replace("dalian-high-skill-2021", "dalian-high-skill-2022")
        .replace("2021-", "2022-");
    let mut files: Vec<(&str, &str)> = ProgramSet::builtin_files().to_vec();
    files.push(("dalian-high-skill-2022.toml", &text_2022));
    let world = World::with_files(db, "2021-11-01", &files).await;
    let city = world.city_reviewer().await;
    for (program, amount) in [
        ("dalian-high-skill-2021", "50000"),
        ("dalian-high-skill-2022", "30000"),
    ] {
        world
            .workflow
            .set_parameter(
                &city,
                program,
                "salary_subsidy_cultivated",
                amount,
                "市人社局 市财政局 联合通知",
            )
            .await
            .unwrap();
    }
    // 庄河市 is one of the remote districts: 306号 adds 10%.
    let unit = world.unit("210283").await;
    let officer = world.unit_officer(unit).await;
    let person = world.person().await;
    let first = submitted(
        &world,
        &officer,
        "dalian-high-skill-2021",
        "cultivated",
        Some(person),
        high_skill_in("210283"),
    )
    .await;
    drive(&world, &officer, &first, "payment").await;
    let ledger = world.workflow.ledger_of(&city, first.id).await.unwrap();
    let (subsidy, payments) = ledger
        .iter()
        .find(|(e, _)| e.benefit == "salary-subsidy-cultivated")
        .unwrap();
    assert_eq!(subsidy.amount, Some(Money::from_yuan(55_000)));
    assert_eq!(subsidy.status, EntitlementStatus::Active);
    assert_eq!(payments[0].amount, Money::from_yuan(55_000));
    let finance = world.finance().await;
    world
        .workflow
        .record_payment(&finance, payments[0].id, world.today(), "DL-2021-306-1")
        .await
        .unwrap();
    let paid = world.workflow.application(&city, first.id).await.unwrap();
    assert_eq!(paid.stage, "completed");

    world.set_today("2022-11-01");
    let second = submitted(
        &world,
        &officer,
        "dalian-high-skill-2022",
        "cultivated",
        Some(person),
        high_skill_in("210283"),
    )
    .await;
    let after = drive(&world, &officer, &second, "payment").await;
    let ledger = world.workflow.ledger_of(&city, second.id).await.unwrap();
    let (lower, payments) = ledger
        .iter()
        .find(|(e, _)| e.benefit == "salary-subsidy-cultivated")
        .unwrap();
    assert!(
        matches!(&lower.status, EntitlementStatus::Excluded { reason, citation }
            if reason.contains("就高不重复") && citation.contains("306号")),
        "{:?}",
        lower.status
    );
    assert!(payments.is_empty());
    // Nothing to pay under the second title: it does not wait at the payment stage.
    assert_eq!(after.stage, "completed");
    let first_ledger = world.workflow.ledger_of(&city, first.id).await.unwrap();
    assert!(
        first_ledger
            .iter()
            .all(|(e, _)| !matches!(e.status, EntitlementStatus::Excluded { .. }))
    );
}

fn studio_facts(members: Value) -> Value {
    json!({
        "person": { "skill_level": "技师", "honours": ["市级政府表彰@2020-01-01"], "enterprise_ranks": ["首席技师"] },
        "unit": { "registration_district": "210202" },
        "team": { "members": members }
    })
}

async fn a_studio_gets_its_plaque_and_subsidies_and_its_mentoring_subsidy_follows_its_team(
    db: TestDb,
) {
    let world = World::new(db, "2024-03-05").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let leader = world.person().await;
    let application = submitted(
        &world,
        &officer,
        "dalian-master-studio-2024",
        "master-studio",
        Some(leader),
        studio_facts(json!([
            { "name": "徒弟甲", "level_obtained": "高级技师" },
            { "name": "徒弟乙", "level_obtained": "技师" }
        ])),
    )
    .await;
    let done = drive(&world, &officer, &application, "completed").await;
    assert_eq!(done.stage, "completed");
    let city = world.city_reviewer().await;
    let plaque = world
        .workflow
        .title_of(&city, application.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(plaque.name, "大连市技能大师工作室");
    let ledger = world
        .workflow
        .ledger_of(&city, application.id)
        .await
        .unwrap();
    let amount = |benefit: &str| {
        ledger
            .iter()
            .find(|(e, _)| e.benefit == benefit)
            .and_then(|(e, _)| e.amount)
    };
    assert_eq!(
        amount("construction-subsidy"),
        Some(Money::from_yuan(100_000))
    );
    assert_eq!(amount("mentoring-subsidy"), Some(Money::from_yuan(3_000)));

    // A year on, 徒弟丙 reaches 高级工: 500 more, and only the difference is paid.
    world.set_today("2025-03-10");
    let more = world
        .workflow
        .record_team_levels(
            &city,
            application.id,
            &json!({ "members": [
                { "name": "徒弟甲", "level_obtained": "高级技师" },
                { "name": "徒弟乙", "level_obtained": "技师" },
                { "name": "徒弟丙", "level_obtained": "高级工" }
            ]}),
        )
        .await
        .unwrap();
    assert_eq!(more.len(), 1);
    assert_eq!((more[0].number, more[0].amount), (2, Money::from_yuan(500)));
    let nothing_new = world
        .workflow
        .record_team_levels(
            &city,
            application.id,
            &json!({ "members": [
                { "name": "徒弟甲", "level_obtained": "高级技师" },
                { "name": "徒弟乙", "level_obtained": "技师" },
                { "name": "徒弟丙", "level_obtained": "高级工" }
            ]}),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(nothing_new, WorkflowError::Refused { .. }),
        "{nothing_new}"
    );

    let finance = world.finance().await;
    let due = world
        .workflow
        .payment_lines(&finance, PaymentStatus::Scheduled)
        .await
        .unwrap();
    assert_eq!(
        due.len(),
        3,
        "construction, mentoring, and the new mentoring payment"
    );
    for line in &due {
        world
            .workflow
            .record_payment(&finance, line.payment.id, world.today(), "DL-2025")
            .await
            .unwrap();
    }
    assert_audit_intact(&world).await;
}

async fn a_training_subsidy_is_approved_without_a_certificate_and_completed_by_its_payment(
    db: TestDb,
) {
    let world = World::new(db, "2021-09-01").await;
    let city = world.city_reviewer().await;
    for parameter in ["training_fee_subsidy", "appraisal_fee_subsidy"] {
        world
            .workflow
            .set_parameter(
                &city,
                "dalian-skilled-talent-2011",
                parameter,
                "800",
                "市人社局 市财政局 补贴标准",
            )
            .await
            .unwrap();
    }
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let person = world.person().await;
    let application = submitted(
        &world,
        &officer,
        "dalian-skilled-talent-2011",
        "training-subsidy",
        Some(person),
        json!({
            "person": { "skill_level": "高级工", "shortage_occupation": true, "certificate_obtained_on": "2021-03-01" },
            "unit": { "education_fund_compliant": true }
        }),
    )
    .await;
    let waiting = drive(&world, &officer, &application, "payment").await;
    assert_eq!(waiting.stage, "at:payment");
    assert!(
        world
            .workflow
            .title_of(&city, application.id)
            .await
            .unwrap()
            .is_none()
    );
    let finance = world.finance().await;
    let due = world
        .workflow
        .payment_lines(&finance, PaymentStatus::Scheduled)
        .await
        .unwrap();
    assert_eq!(due.len(), 2);
    for line in &due {
        assert_eq!(line.payment.amount, Money::from_yuan(800));
        world
            .workflow
            .record_payment(&finance, line.payment.id, world.today(), "DL-2021-9")
            .await
            .unwrap();
    }
    let done = world
        .workflow
        .application(&city, application.id)
        .await
        .unwrap();
    assert_eq!(done.stage, "completed");
}

async fn the_worker_closes_ended_notices_marks_overdue_stages_and_repeats_harmlessly(db: TestDb) {
    let world = World::new(db, "2024-03-05").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    // Submitted but never recommended: the unit's stage is due by 15 March.
    let stuck = submitted(
        &world,
        &officer,
        "dalian-master-studio-2024",
        "master-studio",
        Some(world.person().await),
        studio_facts(json!([])),
    )
    .await;
    let application = submitted(
        &world,
        &officer,
        "dalian-master-studio-2024",
        "master-studio",
        Some(world.person().await),
        studio_facts(json!([{ "name": "徒弟甲", "level_obtained": "技师" }])),
    )
    .await;
    let at_notice = drive(&world, &officer, &application, "public-notice").await;
    let program = world
        .workflow
        .programs()
        .get("dalian-master-studio-2024")
        .unwrap();
    let city = runner(&world, program).await;
    let (notice, _) = world
        .workflow
        .publish_notice(&city, "dalian-master-studio-2024", "public-notice", None)
        .await
        .unwrap();
    let round = world.workflow.run_worker_round().await.unwrap();
    assert!(round.notices_closed.is_empty(), "the window is still open");
    assert_eq!(round.overdue_marked, 0);

    world.set_date(next_day(notice.last_day));
    let round = world.workflow.run_worker_round().await.unwrap();
    assert_eq!(round.notices_closed, vec![notice.id]);
    let moved = world
        .workflow
        .application(&city, at_notice.id)
        .await
        .unwrap();
    assert_eq!(moved.stage, "at:publication");
    let again = world.workflow.run_worker_round().await.unwrap();
    assert!(again.notices_closed.is_empty());

    world.set_today("2024-03-16");
    let round = world.workflow.run_worker_round().await.unwrap();
    assert_eq!(round.overdue_marked, 1);
    let history = world.workflow.history(&city, stuck.id).await.unwrap();
    let mark = history
        .iter()
        .find(|e| e.action == "stage.overdue")
        .unwrap();
    assert!(mark.note.as_deref().unwrap().contains("2024-03-15"));
    let again = world.workflow.run_worker_round().await.unwrap();
    assert_eq!(again.overdue_marked, 0, "marked once per stage");
    assert_audit_intact(&world).await;
}

async fn two_finance_officers_recording_the_same_payment_at_once_pay_it_exactly_once(db: TestDb) {
    let world = Arc::new(World::new(db, "2021-06-18").await);
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let application = submitted(
        &world,
        &officer,
        "dalian-craftsman-2021",
        "craftsman",
        Some(world.person().await),
        craftsman_facts(),
    )
    .await;
    drive(&world, &officer, &application, "payment").await;
    let finance = world.finance().await;
    let due = world
        .workflow
        .payment_lines(&finance, PaymentStatus::Scheduled)
        .await
        .unwrap();
    let payment = due[0].payment.id;
    let today = world.today();
    let tasks = (0..8)
        .map(|n| {
            let world = Arc::clone(&world);
            let finance = finance.clone();
            tokio::spawn(async move {
                world
                    .workflow
                    .record_payment(&finance, payment, today, &format!("BANK-{n}"))
                    .await
            })
        })
        .collect::<Vec<_>>();
    let results = join_all(tasks).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    for refused in results.iter().filter_map(|r| r.as_ref().err()) {
        assert!(
            matches!(refused, WorkflowError::Conflict { .. }),
            "{refused}"
        );
    }
    let lines = world
        .workflow
        .payment_lines(&finance, PaymentStatus::Paid)
        .await
        .unwrap();
    assert_eq!(lines.len(), 1);
}
