//! Drives an application through its program's stages as the bureau would, acting at each stage
//! as the actor the program file names: the scenarios of the ledger start where approval does.

use chrono::{Days, NaiveDate};
use jiangxin_policy::Program;
use jiangxin_policy::stages::Role as StageActor;
use jiangxin_store::accounts::Role;
use jiangxin_store::applications::Application;
use jiangxin_store::units;
use jiangxin_workflow::panel::panel_criteria;
use jiangxin_workflow::{
    BallotInput, Caller, NoticeRecord, RecommendationInput, ReviewVerdict, approval, ledger,
    position,
};

use crate::world::{World, clear};

pub const APPROVAL_DOCUMENT: &str = "大人社〔2021〕88号";

/// The bureau that runs the program: the district's reviewer for a district program (004 is
/// 惠阳区's), the city's otherwise.
pub async fn runner(world: &World, program: &Program) -> Caller {
    if program.meta.jurisdiction == "210200" {
        world.city_reviewer().await
    } else {
        world.district_reviewer(&program.meta.jurisdiction).await
    }
}

/// Acts at every stage of the application's path until it waits at `until` (or is completed),
/// each time as the stage's actor; `applicant` acts for the applicant's side.
pub async fn drive(
    world: &World,
    applicant: &Caller,
    application: &Application,
    until: &str,
) -> Application {
    let city = world.city_reviewer().await;
    let workflow = &world.workflow;
    for _ in 0..30 {
        let current = workflow.application(&city, application.id).await.unwrap();
        if current.stage == format!("at:{until}") || current.stage == "completed" {
            return current;
        }
        let version = jiangxin_store::programs::get(&world.db.store, current.program_version)
            .await
            .unwrap();
        let program = workflow.programs().get(&version.program_id).unwrap();
        let path = position::path(program, &current.category).unwrap();
        let stage_id = current
            .stage
            .strip_prefix("at:")
            .unwrap_or_else(|| panic!("application stopped at {}", current.stage));
        let stage = path.iter().copied().find(|s| s.id == stage_id).unwrap();
        if let Some(window) = stage.window
            && world.today() < window.from
        {
            world.set_date(window.from);
        }
        let today = world.today();
        let district = match current.unit {
            Some(unit) => units::get(&world.db.store, unit)
                .await
                .unwrap()
                .district
                .to_string(),
            None => program.meta.jurisdiction.clone(),
        };
        let actor = match stage.actor {
            StageActor::Unit | StageActor::Individual => applicant.clone(),
            StageActor::DistrictReviewer | StageActor::DistrictTalentOffice => {
                world.district_reviewer(&district).await
            }
            StageActor::CityReviewer | StageActor::CityGovernment => city.clone(),
            StageActor::DepartmentOpinions | StageActor::ExpertPanel | StageActor::Public => {
                runner(world, program).await
            }
            StageActor::Finance if ledger::is_payment_stage(&path, stage) => {
                panic!("application waits for payment at {}", stage.id)
            }
            StageActor::Finance => world.finance().await,
        };
        for source in &stage.consults {
            workflow
                .record_consultation(&actor, current.id, &clear(source, today))
                .await
                .unwrap();
        }
        match stage.actor {
            StageActor::Unit | StageActor::Individual if actor.role == Role::Individual => {
                workflow
                    .self_recommend(&actor, current.id, current.row_version)
                    .await
                    .unwrap();
            }
            StageActor::Unit | StageActor::Individual => {
                let notice = stage.unit_internal_notice.map(|_| {
                    // The unit posts its notice today and recommends once it has run.
                    world.set_date(today.checked_add_days(Days::new(10)).unwrap());
                    NoticeRecord {
                        published_on: today,
                        staff_representatives: 5,
                    }
                });
                let input = RecommendationInput {
                    rank: 1,
                    notice,
                    over_cap_reason: None,
                };
                workflow
                    .recommend(&actor, current.id, current.row_version, &input)
                    .await
                    .unwrap();
            }
            StageActor::ExpertPanel => {
                let panel_def = stage.panel.as_ref().unwrap();
                for parameter in panel_def.quorum.iter().chain(panel_def.threshold.iter()) {
                    workflow
                        .set_parameter(&actor, program.id(), parameter, "1", "评审组组建方案")
                        .await
                        .unwrap();
                }
                let panel = workflow
                    .create_panel(&actor, program.id(), &stage.id)
                    .await
                    .unwrap();
                let expert = world.expert().await;
                workflow
                    .appoint_expert(&actor, panel.id, expert.account, None)
                    .await
                    .unwrap();
                let ballot = BallotInput {
                    approve: true,
                    scores: panel_criteria(program, &current.category)
                        .into_iter()
                        .map(|c| (c.to_owned(), 85))
                        .collect(),
                };
                workflow
                    .cast_ballot(&expert, panel.id, current.id, &ballot)
                    .await
                    .unwrap();
                workflow.close_panel(&actor, panel.id).await.unwrap();
            }
            StageActor::Public => {
                let (notice, _) = workflow
                    .publish_notice(&actor, program.id(), &stage.id, None)
                    .await
                    .unwrap();
                world.set_date(next_day(notice.last_day));
                workflow.close_notice(&actor, notice.id).await.unwrap();
            }
            _ if approval::is_approval(stage) => {
                workflow
                    .approve(&actor, current.id, current.row_version, APPROVAL_DOCUMENT)
                    .await
                    .unwrap();
            }
            _ => {
                workflow
                    .review(
                        &actor,
                        current.id,
                        current.row_version,
                        ReviewVerdict::Pass,
                        "审核通过",
                    )
                    .await
                    .unwrap();
            }
        }
    }
    panic!("application {} never reached {until}", application.id)
}

pub fn next_day(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).unwrap()
}
