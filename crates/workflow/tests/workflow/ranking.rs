use std::sync::Arc;

use jiangxin_policy::ProgramSet;
use jiangxin_store::on_both_backends;
use jiangxin_store::quotas;
use jiangxin_store::testing::{TestDb, join_all};
use jiangxin_workflow::WorkflowError;
use serde_json::Value;

use crate::panel::{assert_audit_intact, ballot, huiyang_panel, vote};
use crate::world::{World, chief_facts};

on_both_backends!(
    tied_candidates_go_younger_first_then_senior_technician_first_and_the_rule_is_recorded,
    of_many_reviewers_selecting_for_the_last_hard_quota_place_at_once_exactly_one_succeeds,
    a_target_quota_is_exceeded_only_with_a_recorded_reason,
);

/// 004's candidate facts with the given birth date and skill level.
fn chief(birth_date: &str, skill_level: &str) -> Value {
    let mut facts = chief_facts();
    facts["person"]["birth_date"] = birth_date.into();
    facts["person"]["skill_level"] = skill_level.into();
    facts
}

async fn tied_candidates_go_younger_first_then_senior_technician_first_and_the_rule_is_recorded(
    db: TestDb,
) {
    let world = World::new(db, "2024-05-06").await;
    let most_votes = world.chief_at_expert_review(None, chief_facts()).await;
    let best_scored = world.chief_at_expert_review(None, chief_facts()).await;
    let older = world
        .chief_at_expert_review(None, chief("1985-01-01", "技师"))
        .await;
    let younger = world
        .chief_at_expert_review(None, chief("1990-01-01", "技师"))
        .await;
    let younger_senior = world
        .chief_at_expert_review(None, chief("1990-01-01", "高级技师"))
        .await;
    let failed = world.chief_at_expert_review(None, chief_facts()).await;
    let (huiyang, panel, experts) = huiyang_panel(&world, 3, "1", "0.5").await;
    for expert in &experts {
        vote(
            &world,
            expert,
            &panel,
            &most_votes,
            ballot(&world, true, 70),
        )
        .await;
    }
    for (application, score) in [
        (&best_scored, 90),
        (&older, 80),
        (&younger, 80),
        (&younger_senior, 80),
    ] {
        for (expert, approve) in experts.iter().zip([true, true, false]) {
            vote(
                &world,
                expert,
                &panel,
                application,
                ballot(&world, approve, score),
            )
            .await;
        }
    }
    for (expert, approve) in experts.iter().zip([true, false, false]) {
        vote(&world, expert, &panel, &failed, ballot(&world, approve, 80)).await;
    }
    let err = world
        .workflow
        .panel_ranking(&huiyang, panel.id)
        .await
        .unwrap_err();
    assert!(matches!(err, WorkflowError::Refused { .. }), "{err}");
    world
        .workflow
        .close_panel(&huiyang, panel.id)
        .await
        .unwrap();

    let ranking = world
        .workflow
        .panel_ranking(&huiyang, panel.id)
        .await
        .unwrap();

    let order: Vec<_> = ranking
        .iter()
        .map(|c| (c.rank, c.application, c.votes_for, c.tie_break.as_deref()))
        .collect();
    assert_eq!(
        order,
        [
            (1, most_votes.id, 3, None),
            (2, best_scored.id, 2, None),
            (3, younger_senior.id, 2, Some("高级技师")),
            (4, younger.id, 2, Some("青年技师")),
            (5, older.id, 2, None),
        ]
    );
    // Seven criteria, each with a mean of 90 and 80.
    assert_eq!(ranking[1].score.to_string(), "630");
    assert_eq!(ranking[2].score.to_string(), "560");

    let selection = world
        .workflow
        .select_candidate(&huiyang, panel.id, younger_senior.id, None)
        .await
        .unwrap();
    assert_eq!(selection.candidate.rank, 3);
    assert!(selection.exceeded.is_empty());
    let last = world
        .workflow
        .history(&huiyang, younger_senior.id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.action, "panel.select");
    assert_eq!(last.detail["rank"], 3);
    assert_eq!(last.detail["tie_break"], "高级技师");
    assert_eq!(last.to_stage, "at:security-credit-review");
    let err = world
        .workflow
        .select_candidate(&huiyang, panel.id, younger_senior.id, None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("已经入选")),
        "{err}"
    );
    let err = world
        .workflow
        .select_candidate(&huiyang, panel.id, failed.id, None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("未通过")),
        "{err}"
    );
    assert_audit_intact(&world).await;
}

async fn of_many_reviewers_selecting_for_the_last_hard_quota_place_at_once_exactly_one_succeeds(
    db: TestDb,
) {
    const PLACES: usize = 10; // 004 第四条: 每两年不超过10名
    const CONTENDERS: usize = 5;
    let world = World::new(db, "2024-05-06").await;
    let mut candidates = Vec::new();
    for _ in 0..PLACES - 1 + CONTENDERS {
        candidates.push(world.chief_at_expert_review(None, chief_facts()).await);
    }
    let (huiyang, panel, experts) = huiyang_panel(&world, 1, "1", "1").await;
    for candidate in &candidates {
        vote(
            &world,
            &experts[0],
            &panel,
            candidate,
            ballot(&world, true, 80),
        )
        .await;
    }
    world
        .workflow
        .close_panel(&huiyang, panel.id)
        .await
        .unwrap();
    for candidate in &candidates[..PLACES - 1] {
        world
            .workflow
            .select_candidate(&huiyang, panel.id, candidate.id, None)
            .await
            .unwrap();
    }

    let world = Arc::new(world);
    let mut reviewers = Vec::new();
    for _ in 0..CONTENDERS {
        reviewers.push(world.district_reviewer("441303").await);
    }
    let tasks = candidates[PLACES - 1..]
        .iter()
        .zip(reviewers)
        .map(|(candidate, reviewer)| {
            let world = Arc::clone(&world);
            let id = candidate.id;
            let panel = panel.id;
            tokio::spawn(async move {
                world
                    .workflow
                    .select_candidate(&reviewer, panel, id, None)
                    .await
            })
        })
        .collect::<Vec<_>>();
    let results = join_all(tasks).await;

    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    for err in results.iter().filter_map(|r| r.as_ref().err()) {
        assert!(
            matches!(err, WorkflowError::Refused { reason } if reason.contains("名额 10 名已满")),
            "{err}"
        );
    }
    let pool = quotas::find_pool(&world.db.store, candidates[0].program_version, "per-round")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((pool.claimed, pool.capacity), (10, 10));
    assert_audit_intact(&world).await;
}

/// 201号's “20名左右” is a target, but 201号 leaves its panel's vote to no parameter and so its
/// panel cannot close; the same rule is tried on 004 with its round's cap read as a target.
async fn a_target_quota_is_exceeded_only_with_a_recorded_reason(db: TestDb) {
    const PLACES: usize = 10;
    let files: Vec<(&str, String)> = ProgramSet::builtin_files()
        .iter()
        .map(|(name, text)| {
            let text = if text.contains("id = \"huiyang-chief-technician-2024\"") {
                let hard = "limit = \"max_per_round\"\nstrictness = \"hard\"";
                assert!(text.contains(hard));
                text.replace(hard, "limit = \"max_per_round\"\nstrictness = \"target\"")
            } else {
                (*text).to_owned()
            };
            (*name, text)
        })
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let world = World::with_files(db, "2024-05-06", &files).await;
    let mut candidates = Vec::new();
    for _ in 0..=PLACES {
        candidates.push(world.chief_at_expert_review(None, chief_facts()).await);
    }
    let (huiyang, panel, experts) = huiyang_panel(&world, 1, "1", "1").await;
    for candidate in &candidates {
        vote(
            &world,
            &experts[0],
            &panel,
            candidate,
            ballot(&world, true, 80),
        )
        .await;
    }
    world
        .workflow
        .close_panel(&huiyang, panel.id)
        .await
        .unwrap();
    for candidate in &candidates[..PLACES] {
        let err = world
            .workflow
            .select_candidate(&huiyang, panel.id, candidate.id, Some("评选委员会决定"))
            .await
            .unwrap_err();
        assert!(matches!(err, WorkflowError::Invalid { .. }), "{err}");
        world
            .workflow
            .select_candidate(&huiyang, panel.id, candidate.id, None)
            .await
            .unwrap();
    }
    let extra = &candidates[PLACES];
    let entries = world.audit_entries().await;

    let err = world
        .workflow
        .select_candidate(&huiyang, panel.id, extra.id, None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkflowError::Refused { reason } if reason.contains("须填写理由")),
        "{err}"
    );
    assert_eq!(world.audit_entries().await, entries);
    let reason = "第11名与第10名得票、得分相同，评选委员会决定一并入选";
    let selection = world
        .workflow
        .select_candidate(&huiyang, panel.id, extra.id, Some(reason))
        .await
        .unwrap();

    assert_eq!(selection.exceeded, ["per-round"]);
    assert_eq!(selection.candidate.rank, 11);
    let last = world
        .workflow
        .history(&huiyang, extra.id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.note.as_deref(), Some(reason));
    assert_eq!(
        last.detail["exceeded_quotas"],
        serde_json::json!(["per-round"])
    );
    assert_audit_intact(&world).await;
}
