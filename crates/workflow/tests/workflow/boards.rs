//! The services the web pages for reviewers, experts and the administrator read and act
//! through: accounts and roles, site inspections, a panel's board, the notice and panel lists.

use jiangxin_domain::division::DivisionCode;
use jiangxin_store::accounts::{NewAccount, Role};
use jiangxin_store::on_both_backends;
use jiangxin_store::testing::TestDb;
use jiangxin_workflow::panel::panel_criteria;
use jiangxin_workflow::{BallotInput, InspectionInput, WorkflowError};

use crate::world::{World, chief_facts, date};

on_both_backends!(
    only_an_administrator_manages_accounts_and_never_its_own_role,
    a_site_inspection_is_recorded_by_who_acts_for_the_stage_and_only_within_scope,
    a_panel_board_shows_who_voted_never_how_and_only_to_its_convener_and_members,
);

const CHIEF: &str = "huiyang-chief-technician-2024";

async fn only_an_administrator_manages_accounts_and_never_its_own_role(db: TestDb) {
    let world = World::new(db, "2024-04-01").await;
    let city = world.city_reviewer().await;
    let tx = world.db.begin().await;
    let admin = jiangxin_store::accounts::insert(
        &tx,
        &NewAccount {
            login: "admin".into(),
            password_hash: None,
            role: Role::Admin,
            district: None,
            unit: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let admin = world.workflow.caller(admin.id).await.unwrap();
    let new = NewAccount {
        login: "  huiyang-2 ".into(),
        password_hash: Some("hash".into()),
        role: Role::DistrictReviewer,
        district: Some(DivisionCode::parse("441303").unwrap()),
        unit: None,
    };
    assert!(matches!(
        world.workflow.create_account(&city, &new).await,
        Err(WorkflowError::Forbidden { .. })
    ));
    let created = world.workflow.create_account(&admin, &new).await.unwrap();
    assert_eq!(created.login, "huiyang-2", "the login is trimmed");
    assert_eq!(
        created.district.as_ref().map(|d| d.as_str()),
        Some("441303")
    );

    let changed = world
        .workflow
        .reassign_account(&admin, created.id, Role::CityReviewer, None, None)
        .await
        .unwrap();
    assert_eq!((changed.role, changed.district), (Role::CityReviewer, None));
    let caller = world.workflow.caller(created.id).await.unwrap();
    assert_eq!(
        caller.role,
        Role::CityReviewer,
        "the new role applies at once"
    );
    assert!(matches!(
        world
            .workflow
            .reassign_account(&admin, admin.account, Role::Expert, None, None)
            .await,
        Err(WorkflowError::Refused { .. })
    ));
    let person = world.person().await;
    let individual = world.individual(person).await;
    assert!(matches!(
        world
            .workflow
            .reassign_account(&admin, individual.account, Role::Expert, None, None)
            .await,
        Err(WorkflowError::Refused { .. })
    ));

    let before = world.audit_entries().await;
    world
        .workflow
        .unlock_account(&admin, created.id)
        .await
        .unwrap();
    assert_eq!(
        world.audit_entries().await,
        before + 1,
        "the unlocking is audited"
    );
    let listed = world.workflow.accounts(&admin).await.unwrap();
    assert!(listed.iter().any(|a| a.login == "huiyang-2"));
    assert!(world.workflow.accounts(&city).await.is_err());
}

async fn a_site_inspection_is_recorded_by_who_acts_for_the_stage_and_only_within_scope(db: TestDb) {
    let world = World::new(db, "2024-04-15").await;
    let unit = world.unit("441303").await;
    let application = world
        .chief_at_expert_review(Some(unit), chief_facts())
        .await;
    let huiyang = world.district_reviewer("441303").await;
    let zhongshan = world.district_reviewer("210202").await;
    let officer = world.unit_officer(unit).await;
    let input = InspectionInput {
        visited_on: date("2024-04-15"),
        inspectors: "区人社局 张三".into(),
        findings: "申报人在一线岗位".into(),
    };
    let event = world
        .workflow
        .record_inspection(&huiyang, application.id, &input)
        .await
        .unwrap();
    assert_eq!(event.action, "inspection.record");
    assert_eq!(
        event.note.as_deref(),
        Some("考察日期 2024-04-15；考察人员：区人社局 张三；考察情况：申报人在一线岗位")
    );
    assert_eq!(
        event.from_stage, event.to_stage,
        "the stage is decided apart"
    );
    assert!(matches!(
        world
            .workflow
            .record_inspection(&zhongshan, application.id, &input)
            .await,
        Err(WorkflowError::NotFound { .. })
    ));
    assert!(matches!(
        world
            .workflow
            .record_inspection(&officer, application.id, &input)
            .await,
        Err(WorkflowError::Forbidden { .. })
    ));
    let future = InspectionInput {
        visited_on: date("2024-04-16"),
        ..input
    };
    assert!(matches!(
        world
            .workflow
            .record_inspection(&huiyang, application.id, &future)
            .await,
        Err(WorkflowError::Invalid { .. })
    ));
}

async fn a_panel_board_shows_who_voted_never_how_and_only_to_its_convener_and_members(db: TestDb) {
    let world = World::new(db, "2024-04-15").await;
    let unit = world.unit("441303").await;
    let first = world
        .chief_at_expert_review(Some(unit), chief_facts())
        .await;
    let second = world.chief_at_expert_review(None, chief_facts()).await;
    let huiyang = world.district_reviewer("441303").await;
    let zhongshan = world.district_reviewer("210202").await;
    let panel = world
        .workflow
        .create_panel(&huiyang, CHIEF, "expert-review")
        .await
        .unwrap();
    let (voter, colleague, outsider) = (
        world.expert().await,
        world.expert().await,
        world.expert().await,
    );
    for expert in [&voter, &colleague] {
        world
            .workflow
            .appoint_expert(&huiyang, panel.id, expert.account, None)
            .await
            .unwrap();
    }
    let program = world.workflow.programs().get(CHIEF).unwrap();
    let ballot = BallotInput {
        approve: false,
        scores: panel_criteria(program, "chief-technician")
            .into_iter()
            .map(|c| (c.to_owned(), 60))
            .collect(),
    };
    world
        .workflow
        .cast_ballot(&voter, panel.id, first.id, &ballot)
        .await
        .unwrap();
    world
        .workflow
        .declare_conflict(&colleague, panel.id, second.id, "师徒关系")
        .await
        .unwrap();

    let seen_by_voter = world.workflow.panel_board(&voter, panel.id).await.unwrap();
    let entry = |board: &jiangxin_workflow::PanelBoard, id| {
        board
            .docket
            .iter()
            .find(|e| e.application.id == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(seen_by_voter.members.len(), 2);
    assert!(entry(&seen_by_voter, first.id).voted_by_caller);
    assert_eq!(entry(&seen_by_voter, first.id).votes_cast, 1);
    assert!(!entry(&seen_by_voter, second.id).voted_by_caller);
    let convened = world
        .workflow
        .panel_board(&huiyang, panel.id)
        .await
        .unwrap();
    assert!(!entry(&convened, first.id).voted_by_caller);
    assert_eq!(
        entry(&convened, second.id).recused,
        vec![(
            colleague.account,
            jiangxin_store::panels::RecusalCause::Declared
        )]
    );
    assert!(matches!(
        world.workflow.panel_board(&outsider, panel.id).await,
        Err(WorkflowError::NotFound { .. })
    ));
    assert!(matches!(
        world.workflow.panel_board(&zhongshan, panel.id).await,
        Err(WorkflowError::Forbidden { .. })
    ));

    assert_eq!(
        world.workflow.managed_panels(&huiyang).await.unwrap().len(),
        1
    );
    assert!(
        world
            .workflow
            .managed_panels(&zhongshan)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(world.workflow.seats(&voter).await.unwrap().len(), 1);
    assert!(world.workflow.seats(&outsider).await.unwrap().is_empty());
    let pool = world.workflow.expert_pool(&huiyang).await.unwrap();
    assert_eq!(pool.len(), 3);
    assert!(world.workflow.expert_pool(&voter).await.is_err());
}
