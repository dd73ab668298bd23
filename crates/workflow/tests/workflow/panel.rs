use jiangxin_store::applications::Application;
use jiangxin_store::on_both_backends;
use jiangxin_store::panels::{Panel, RecusalCause};
use jiangxin_store::testing::TestDb;
use jiangxin_workflow::panel::panel_criteria;
use jiangxin_workflow::{BallotInput, Caller, WorkflowError};
use serde_json::json;

use crate::world::{World, chief_facts};

on_both_backends!(
    a_panel_passes_by_real_name_vote_rejects_below_the_threshold_and_records_votes_and_mean_scores,
    ballots_stay_hidden_from_everyone_until_the_panel_is_closed,
    an_expert_of_the_applicants_unit_is_recused_and_so_is_one_who_declares_a_conflict,
    closing_is_refused_naming_the_missing_parameter_and_nothing_moves,
    too_few_votes_for_the_quorum_reject_the_application_with_the_abstentions_counted,
    only_the_bureau_running_the_program_forms_its_panel_and_only_experts_sit_on_it,
);

const CHIEF: &str = "huiyang-chief-technician-2024";
const MINUTES: &str = "惠阳区区管首席技师评选委员会会议纪要〔2024〕1号";

/// A Huiyang panel of `size` experts (none of any applicant's unit) with the quorum and pass
/// threshold set by the district, and the district reviewer who formed it.
pub async fn huiyang_panel(
    world: &World,
    size: usize,
    quorum: &str,
    threshold: &str,
) -> (Caller, Panel, Vec<Caller>) {
    let huiyang = world.district_reviewer("441303").await;
    for (parameter, value) in [("panel_quorum", quorum), ("panel_threshold", threshold)] {
        world
            .workflow
            .set_parameter(&huiyang, CHIEF, parameter, value, MINUTES)
            .await
            .unwrap();
    }
    let panel = world
        .workflow
        .create_panel(&huiyang, CHIEF, "expert-review")
        .await
        .unwrap();
    let mut experts = Vec::new();
    for _ in 0..size {
        let expert = world.expert().await;
        world
            .workflow
            .appoint_expert(&huiyang, panel.id, expert.account, None)
            .await
            .unwrap();
        experts.push(expert);
    }
    (huiyang, panel, experts)
}

/// A ballot giving every criterion the panel scores for a chief technician the same score.
pub fn ballot(world: &World, approve: bool, score: u32) -> BallotInput {
    let program = world.workflow.programs().get(CHIEF).unwrap();
    BallotInput {
        approve,
        scores: panel_criteria(program, "chief-technician")
            .into_iter()
            .map(|c| (c.to_owned(), score))
            .collect(),
    }
}

pub async fn vote(
    world: &World,
    expert: &Caller,
    panel: &Panel,
    on: &Application,
    input: BallotInput,
) {
    world
        .workflow
        .cast_ballot(expert, panel.id, on.id, &input)
        .await
        .unwrap();
}

pub async fn assert_audit_intact(world: &World) {
    let report = jiangxin_store::audit::verify(&world.db.store)
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
}

async fn a_panel_passes_by_real_name_vote_rejects_below_the_threshold_and_records_votes_and_mean_scores(
    db: TestDb,
) {
    let world = World::new(db, "2024-05-06").await;
    let strong = world.chief_at_expert_review(None, chief_facts()).await;
    let weak = world.chief_at_expert_review(None, chief_facts()).await;
    let (huiyang, panel, experts) = huiyang_panel(&world, 3, "0.6667", "0.6667").await;
    let criteria = panel_criteria(
        world.workflow.programs().get(CHIEF).unwrap(),
        "chief-technician",
    );
    // The seven judgements of 004 第五条 that only the experts can make; the eighth condition
    // (a title) is checked from the facts.
    assert_eq!(
        criteria,
        [
            "cond-1-unique-skill",
            "cond-2-invention",
            "cond-3-breakthrough",
            "cond-4-technology",
            "cond-5-quality",
            "cond-6-standards",
            "cond-7-apprentices"
        ]
    );

    for (expert, score) in experts.iter().zip([90, 85, 80]) {
        vote(&world, expert, &panel, &strong, ballot(&world, true, score)).await;
    }
    for (expert, approve) in experts.iter().zip([true, false, false]) {
        vote(&world, expert, &panel, &weak, ballot(&world, approve, 60)).await;
    }
    let outcomes = world
        .workflow
        .close_panel(&huiyang, panel.id)
        .await
        .unwrap();

    assert_eq!(outcomes.len(), 2);
    let (pass, fail) = (&outcomes[0], &outcomes[1]);
    assert_eq!((pass.application, pass.passed), (strong.id, true));
    assert_eq!(
        (pass.votes_for, pass.votes_against, pass.abstained),
        (3, 0, 0)
    );
    assert_eq!((fail.application, fail.passed), (weak.id, false));
    assert_eq!(
        (fail.votes_for, fail.votes_against, fail.abstained),
        (1, 2, 0)
    );
    let mean = pass
        .mean_scores
        .values()
        .map(ToString::to_string)
        .collect::<Vec<_>>();
    assert_eq!(mean, vec!["85"; criteria.len()]);

    let moved = world
        .workflow
        .application(&huiyang, strong.id)
        .await
        .unwrap();
    assert_eq!(moved.stage, "at:security-credit-review");
    let rejected = world.workflow.application(&huiyang, weak.id).await.unwrap();
    assert_eq!(rejected.stage, "rejected:expert-review");
    let last = world
        .workflow
        .history(&huiyang, strong.id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.action, "panel.pass");
    assert_eq!(last.detail["votes_for"], 3);
    assert_eq!(last.detail["mean_scores"][criteria[0]], "85");
    assert_eq!(last.detail["ballots"].as_array().unwrap().len(), 3);
    assert_eq!(
        last.detail["ballots"][0]["expert"],
        json!(experts[0].account)
    );
    assert_eq!(last.detail["rules"]["threshold"]["value"], "0.6667");
    assert_eq!(last.detail["rules"]["threshold"]["source"], MINUTES);
    assert!(last.note.unwrap().contains("同意 3，不同意 0"));
    let last = world
        .workflow
        .history(&huiyang, weak.id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.action, "panel.reject");
    assert_eq!(last.detail["votes_against"], 2);
    assert_audit_intact(&world).await;
}

async fn ballots_stay_hidden_from_everyone_until_the_panel_is_closed(db: TestDb) {
    let world = World::new(db, "2024-05-06").await;
    let application = world.chief_at_expert_review(None, chief_facts()).await;
    let (huiyang, panel, experts) = huiyang_panel(&world, 2, "0.5", "0.5").await;
    let history_before = world
        .workflow
        .history(&huiyang, application.id)
        .await
        .unwrap();

    vote(
        &world,
        &experts[0],
        &panel,
        &application,
        ballot(&world, true, 70),
    )
    .await;

    let err = world
        .workflow
        .panel_ballots(&huiyang, panel.id)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("保密")),
        "{err}"
    );
    // Experts read no ballots at all, their own included.
    for expert in &experts {
        let err = world
            .workflow
            .panel_ballots(expert, panel.id)
            .await
            .unwrap_err();
        assert!(matches!(err, WorkflowError::Forbidden { .. }), "{err}");
    }
    // Neither the applicant nor anyone else learns of the ballot from the history.
    assert_eq!(
        world
            .workflow
            .history(&huiyang, application.id)
            .await
            .unwrap(),
        history_before
    );

    world
        .workflow
        .close_panel(&huiyang, panel.id)
        .await
        .unwrap();
    let ballots = world
        .workflow
        .panel_ballots(&huiyang, panel.id)
        .await
        .unwrap();
    assert_eq!(ballots.len(), 1);
    assert_eq!(ballots[0].account, experts[0].account);
    assert!(ballots[0].approve);
    assert_eq!(
        ballots[0].scores.values().copied().collect::<Vec<_>>()[0],
        70
    );
    // A closed panel takes no more ballots.
    let err = world
        .workflow
        .cast_ballot(
            &experts[1],
            panel.id,
            application.id,
            &ballot(&world, true, 70),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Refused { .. }), "{err}");
    assert_audit_intact(&world).await;
}

async fn an_expert_of_the_applicants_unit_is_recused_and_so_is_one_who_declares_a_conflict(
    db: TestDb,
) {
    let world = World::new(db, "2024-05-06").await;
    let unit = world.unit("441303").await;
    let application = world
        .chief_at_expert_review(Some(unit), chief_facts())
        .await;
    let (huiyang, panel, mut experts) = huiyang_panel(&world, 2, "1", "1").await;
    let colleague = world.expert().await;
    world
        .workflow
        .appoint_expert(&huiyang, panel.id, colleague.account, Some(unit))
        .await
        .unwrap();

    let err = world
        .workflow
        .cast_ballot(
            &colleague,
            panel.id,
            application.id,
            &ballot(&world, true, 99),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("同一单位")),
        "{err}"
    );
    let declaring = experts.remove(0);
    let recusal = world
        .workflow
        .declare_conflict(&declaring, panel.id, application.id, "申报人系本人徒弟")
        .await
        .unwrap();
    assert_eq!(recusal.cause, RecusalCause::Declared);
    assert_eq!(recusal.reason, "申报人系本人徒弟");
    let err = world
        .workflow
        .cast_ballot(
            &declaring,
            panel.id,
            application.id,
            &ballot(&world, false, 10),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("利益冲突")),
        "{err}"
    );
    let voter = &experts[0];
    vote(
        &world,
        voter,
        &panel,
        &application,
        ballot(&world, true, 75),
    )
    .await;
    let err = world
        .workflow
        .declare_conflict(voter, panel.id, application.id, "事后发现同一项目组")
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Refused { .. }), "{err}");

    let outcomes = world
        .workflow
        .close_panel(&huiyang, panel.id)
        .await
        .unwrap();

    // Quorum and threshold of 1 are met by the one member entitled to judge.
    assert_eq!(
        outcomes[0].recused,
        vec![declaring.account, colleague.account]
    );
    assert_eq!((outcomes[0].votes_for, outcomes[0].abstained), (1, 0));
    assert!(outcomes[0].passed);
    let last = world
        .workflow
        .history(&huiyang, application.id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(
        last.detail["recused"],
        json!([declaring.account, colleague.account])
    );
    assert_audit_intact(&world).await;
}

async fn closing_is_refused_naming_the_missing_parameter_and_nothing_moves(db: TestDb) {
    let world = World::new(db, "2024-05-06").await;
    let application = world.chief_at_expert_review(None, chief_facts()).await;
    let huiyang = world.district_reviewer("441303").await;
    let panel = world
        .workflow
        .create_panel(&huiyang, CHIEF, "expert-review")
        .await
        .unwrap();
    let expert = world.expert().await;
    world
        .workflow
        .appoint_expert(&huiyang, panel.id, expert.account, None)
        .await
        .unwrap();
    vote(
        &world,
        &expert,
        &panel,
        &application,
        ballot(&world, true, 80),
    )
    .await;
    let entries = world.audit_entries().await;

    let err = world
        .workflow
        .close_panel(&huiyang, panel.id)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("缺少参数 panel_quorum")),
        "{err}"
    );
    assert_eq!(world.audit_entries().await, entries);
    world
        .workflow
        .set_parameter(&huiyang, CHIEF, "panel_quorum", "0.5", MINUTES)
        .await
        .unwrap();
    let err = world
        .workflow
        .close_panel(&huiyang, panel.id)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("缺少参数 panel_threshold")),
        "{err}"
    );
    let still = world
        .workflow
        .application(&huiyang, application.id)
        .await
        .unwrap();
    assert_eq!(still.stage, "at:expert-review");
    assert_eq!(still.row_version, application.row_version);

    // 201号 leaves its panel's quorum and threshold to the bureau: not set, nothing closes.
    let city = world.city_reviewer().await;
    let craftsman = world
        .workflow
        .create_panel(&city, "dalian-craftsman-2021", "panel-review")
        .await
        .unwrap();
    let err = world
        .workflow
        .close_panel(&city, craftsman.id)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("缺少参数 panel_quorum")),
        "{err}"
    );
    assert_audit_intact(&world).await;
}

async fn too_few_votes_for_the_quorum_reject_the_application_with_the_abstentions_counted(
    db: TestDb,
) {
    let world = World::new(db, "2024-05-06").await;
    let application = world.chief_at_expert_review(None, chief_facts()).await;
    let (huiyang, panel, experts) = huiyang_panel(&world, 3, "0.6667", "0.5").await;
    vote(
        &world,
        &experts[0],
        &panel,
        &application,
        ballot(&world, true, 95),
    )
    .await;

    let outcomes = world
        .workflow
        .close_panel(&huiyang, panel.id)
        .await
        .unwrap();

    assert_eq!(
        (
            outcomes[0].votes_for,
            outcomes[0].votes_against,
            outcomes[0].abstained,
            outcomes[0].passed
        ),
        (1, 0, 2, false)
    );
    let rejected = world
        .workflow
        .application(&huiyang, application.id)
        .await
        .unwrap();
    assert_eq!(rejected.stage, "rejected:expert-review");
    let err = world
        .workflow
        .close_panel(&huiyang, panel.id)
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Refused { .. }), "{err}");
    assert_audit_intact(&world).await;
}

async fn only_the_bureau_running_the_program_forms_its_panel_and_only_experts_sit_on_it(
    db: TestDb,
) {
    let world = World::new(db, "2024-05-06").await;
    let application = world.chief_at_expert_review(None, chief_facts()).await;
    let dalian_district = world.district_reviewer("210202").await;
    let unit = world.unit("441303").await;
    let officer = world.unit_officer(unit).await;
    for caller in [&dalian_district, &officer] {
        let err = world
            .workflow
            .create_panel(caller, CHIEF, "expert-review")
            .await
            .unwrap_err();
        assert!(matches!(err, WorkflowError::Forbidden { .. }), "{err}");
    }
    let huiyang = world.district_reviewer("441303").await;
    let err = world
        .workflow
        .create_panel(&huiyang, CHIEF, "initial-check")
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Invalid { .. }), "{err}");
    let panel = world
        .workflow
        .create_panel(&huiyang, CHIEF, "expert-review")
        .await
        .unwrap();
    let err = world
        .workflow
        .create_panel(&huiyang, CHIEF, "expert-review")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("已经组建")),
        "{err}"
    );

    let err = world
        .workflow
        .appoint_expert(&huiyang, panel.id, officer.account, None)
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Invalid { .. }), "{err}");
    let outsider = world.expert().await;
    let err = world
        .workflow
        .cast_ballot(
            &outsider,
            panel.id,
            application.id,
            &ballot(&world, true, 80),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::NotFound { .. }), "{err}");
    let member = world.expert().await;
    world
        .workflow
        .appoint_expert(&huiyang, panel.id, member.account, None)
        .await
        .unwrap();
    let mut partial = ballot(&world, true, 80);
    let first = partial.scores.keys().next().unwrap().clone();
    partial.scores.remove(&first);
    let err = world
        .workflow
        .cast_ballot(&member, panel.id, application.id, &partial)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Invalid { reason } if reason.contains(&first)),
        "{err}"
    );
    let mut too_high = ballot(&world, true, 80);
    too_high.scores.insert(first, 101);
    let err = world
        .workflow
        .cast_ballot(&member, panel.id, application.id, &too_high)
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Invalid { .. }), "{err}");
    vote(
        &world,
        &member,
        &panel,
        &application,
        ballot(&world, true, 80),
    )
    .await;
    let err = world
        .workflow
        .cast_ballot(
            &member,
            panel.id,
            application.id,
            &ballot(&world, false, 10),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("不能更改")),
        "{err}"
    );
    assert_audit_intact(&world).await;
}
