//! Expert panels through the pages: forming and appointing, the expert's docket and real-name
//! ballot, ballots hidden until closing, the ranking with its tie-break, selection; and scope.

use jiangxin_store::accounts::Role;
use jiangxin_store::testing::TestDb;

use crate::harness::Server;

async fn panel_of(server: &Server, stage: &str) -> i64 {
    server
        .db
        .count(&format!("SELECT id FROM panels WHERE stage = '{stage}'"))
        .await
}

#[tokio::test]
async fn a_closed_panel_ranks_equal_candidates_by_the_tie_break_and_a_candidate_is_selected() {
    let server = Server::demo(TestDb::sqlite().await).await;
    // 004's quota is in force from 2024.
    server.clock.set(crate::harness::date("2024-04-16"));
    let panel = panel_of(&server, "expert-review").await;
    let huiyang = server.demo_user("demo-huiyang").await;
    let (status, page) = server.get(&huiyang, &format!("/panels/{panel}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("按“青年技师”优先于下一名"), "{page}");
    let first = page
        .find("黄伟文")
        .expect("the younger candidate is listed");
    let second = page.find("林国强").expect("the older candidate is listed");
    assert!(first < second, "the younger candidate (1982) ranks first");
    assert!(
        page.contains("实名表决票") && page.contains("同意"),
        "ballots shown once closed"
    );

    let candidate = server
        .db
        .count("SELECT MIN(id) FROM applications WHERE stage = 'at:security-credit-review'")
        .await;
    let (status, _) = server
        .post(
            &huiyang,
            &format!("/panels/{panel}/select"),
            &[("application", &candidate.to_string())],
        )
        .await;
    assert_eq!(status, 303);
    let (_, page) = server.get(&huiyang, &format!("/panels/{panel}")).await;
    assert!(page.contains("已入选"), "{page}");
    let (status, again) = server
        .post(
            &huiyang,
            &format!("/panels/{panel}/select"),
            &[("application", &candidate.to_string())],
        )
        .await;
    assert_eq!(status, 422);
    assert!(again.contains("已经入选"), "{again}");

    let zhongshan = server.demo_user("demo-zhongshan").await;
    let (status, _) = server.get(&zhongshan, &format!("/panels/{panel}")).await;
    assert_eq!(
        status, 404,
        "another district's panel does not exist for it"
    );
}

#[tokio::test]
async fn an_expert_votes_once_on_its_docket_and_no_one_sees_the_ballot_before_closing() {
    let server = Server::demo(TestDb::sqlite().await).await;
    let panel = server
        .db
        .count("SELECT id FROM panels WHERE stage = 'panel-review' AND closed_at IS NULL")
        .await;
    let application = server
        .db
        .count("SELECT id FROM applications WHERE stage = 'at:panel-review'")
        .await;
    let expert = server.demo_user("demo-expert-1").await;
    let (status, seats) = server.get(&expert, "/expert").await;
    assert_eq!(status, 200);
    assert!(
        seats.contains(&format!("/expert/panels/{panel}")),
        "{seats}"
    );
    let path = format!("/expert/panels/{panel}/applications/{application}");
    let (status, page) = server.get(&expert, &path).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("实名表决") && page.contains("score."),
        "{page}"
    );
    let scores: Vec<String> = page
        .match_indices("name=\"score.")
        .map(|(at, _)| {
            let rest = &page[at + 6..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect();
    assert!(!scores.is_empty());
    let mut form: Vec<(&str, &str)> = scores.iter().map(|s| (s.as_str(), "88")).collect();
    form.push(("vote", "approve"));
    let (status, voted) = server.post(&expert, &format!("{path}/ballot"), &form).await;
    assert_eq!(status, 303, "{voted}");
    let (_, docket) = server
        .get(&expert, &format!("/expert/panels/{panel}"))
        .await;
    assert!(docket.contains("已表决"), "{docket}");
    let (status, twice) = server.post(&expert, &format!("{path}/ballot"), &form).await;
    assert_eq!(status, 422, "a real-name vote is final: {twice}");

    let recused = server.demo_user("demo-expert-3").await;
    let (_, docket) = server
        .get(&recused, &format!("/expert/panels/{panel}"))
        .await;
    assert!(docket.contains("申报利益冲突回避"), "{docket}");

    let city = server.demo_user("demo-city").await;
    let (status, board) = server.get(&city, &format!("/panels/{panel}")).await;
    assert_eq!(status, 200);
    assert!(
        board.contains("1 / 2"),
        "one vote of the two members not recused: {board}"
    );
    assert!(!board.contains("实名表决票"), "no ballot before closing");
    assert!(!board.contains("不同意"), "{board}");

    server.account("outsider", Role::Expert, None).await;
    let outsider = server.signed_in("outsider").await;
    let (status, _) = server.get(&outsider, &path).await;
    assert_eq!(status, 404, "an expert not on the panel does not see it");
    let (_, seats) = server.get(&outsider, "/expert").await;
    assert!(seats.contains("没有受聘的评审组"), "{seats}");
}

#[tokio::test]
async fn a_city_reviewer_forms_a_panel_and_appoints_an_expert_from_the_pool() {
    let server = Server::start(TestDb::sqlite().await, "2024-03-12").await;
    server.account("city", Role::CityReviewer, None).await;
    server.account("expert-wang", Role::Expert, None).await;
    let city = server.signed_in("city").await;
    let (status, page) = server.get(&city, "/panels").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("dalian-master-studio-2024/panel-review"),
        "{page}"
    );
    let (status, _) = server
        .post(
            &city,
            "/panels",
            &[("stage", "dalian-master-studio-2024/panel-review")],
        )
        .await;
    assert_eq!(status, 303);
    let panel = panel_of(&server, "panel-review").await;
    let expert = server
        .db
        .count("SELECT id FROM accounts WHERE login = 'expert-wang'")
        .await;
    let (status, _) = server
        .post(
            &city,
            &format!("/panels/{panel}/experts"),
            &[("expert", &expert.to_string()), ("unit_credit_code", "")],
        )
        .await;
    assert_eq!(status, 303);
    let (_, board) = server.get(&city, &format!("/panels/{panel}")).await;
    assert!(board.contains("expert-wang"), "{board}");
    let (status, refused) = server
        .post(&city, &format!("/panels/{panel}/close"), &[])
        .await;
    assert_eq!(status, 422, "the quorum parameter is not set: {refused}");
    assert!(refused.contains("panel_quorum"), "{refused}");
}
