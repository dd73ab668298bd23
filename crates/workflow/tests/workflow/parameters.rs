use jiangxin_store::on_both_backends;
use jiangxin_store::testing::TestDb;
use jiangxin_workflow::WorkflowError;

use crate::world::World;

on_both_backends!(
    an_officer_set_salary_subsidy_is_used_by_the_next_evaluation_with_its_source_and_setter,
    only_the_bureau_running_a_program_sets_its_parameters_and_only_those_the_notice_leaves_open,
);

const SUBSIDY: &str = "salary_subsidy_cultivated";

async fn an_officer_set_salary_subsidy_is_used_by_the_next_evaluation_with_its_source_and_setter(
    db: TestDb,
) {
    let world = World::new(db, "2021-11-01").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let city = world.city_reviewer().await;

    let before = world.submitted_high_skill(&officer).await;
    let decision = before.decision.unwrap();
    assert_eq!(decision["outcome"], "review");
    assert_eq!(decision["missing_parameters"][0]["id"], SUBSIDY);

    world
        .workflow
        .set_parameter(
            &city,
            "dalian-high-skill-2021",
            SUBSIDY,
            "80000",
            "局长办公会议纪要〔2021〕12号",
        )
        .await
        .unwrap();
    let minutes = "局长办公会议纪要〔2021〕15号（更正）";
    world
        .workflow
        .set_parameter(&city, "dalian-high-skill-2021", SUBSIDY, "100000", minutes)
        .await
        .unwrap();
    let after = world.submitted_high_skill(&officer).await;

    let decision = after.decision.unwrap();
    assert_eq!(decision["outcome"], "eligible");
    assert_eq!(decision["missing_parameters"], serde_json::json!([]));
    // The corrected value, not the first one, is the amount of the benefit.
    let amount = decision["benefits"][0]["amount"].to_string();
    assert!(amount.contains("100000"), "{amount}");
    let overridden = decision["overridden_parameters"][0].as_str().unwrap();
    assert!(
        overridden.starts_with(&format!("{SUBSIDY} = ")),
        "{overridden}"
    );
    let in_force = world
        .workflow
        .parameter_values("dalian-high-skill-2021")
        .await
        .unwrap();
    assert_eq!(in_force.len(), 1);
    assert_eq!(in_force[0].parameter, SUBSIDY);
    assert_eq!(in_force[0].value, "100000");
    assert_eq!(in_force[0].source, minutes);
    assert_eq!(in_force[0].set_by, city.account);
    let report = jiangxin_store::audit::verify(&world.db.store)
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
}

async fn only_the_bureau_running_a_program_sets_its_parameters_and_only_those_the_notice_leaves_open(
    db: TestDb,
) {
    let world = World::new(db, "2024-05-06").await;
    let unit = world.unit("210202").await;
    let officer = world.unit_officer(unit).await;
    let dalian_district = world.district_reviewer("210202").await;
    let huiyang = world.district_reviewer("441303").await;
    let city = world.city_reviewer().await;
    let minutes = "评选委员会会议纪要";
    let entries = world.audit_entries().await;

    for caller in [&officer, &dalian_district] {
        let err = world
            .workflow
            .set_parameter(caller, "dalian-high-skill-2021", SUBSIDY, "100000", minutes)
            .await
            .unwrap_err();
        assert!(matches!(err, WorkflowError::Forbidden { .. }), "{err}");
    }
    let err = world
        .workflow
        .set_parameter(
            &city,
            "dalian-high-skill-2021",
            "min_contract_years",
            "3",
            minutes,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("由通知规定")),
        "{err}"
    );
    for (value, source) in [("过半数", minutes), ("0.5", "  ")] {
        let err = world
            .workflow
            .set_parameter(
                &huiyang,
                "huiyang-chief-technician-2024",
                "panel_quorum",
                value,
                source,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, WorkflowError::Invalid { .. }),
            "{value}: {err}"
        );
    }
    assert_eq!(world.audit_entries().await, entries);

    let set = world
        .workflow
        .set_parameter(
            &huiyang,
            "huiyang-chief-technician-2024",
            "panel_quorum",
            "0.5",
            minutes,
        )
        .await
        .unwrap();
    assert_eq!(set.value, "0.5");
    assert_eq!(set.set_by, huiyang.account);
}
