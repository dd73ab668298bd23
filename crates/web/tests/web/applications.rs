//! An application through the pages: registration, the form with its live check, submission
//! with the commitment, the unit's recommendation, review; and scope.

use jiangxin_store::accounts::{self, Role};
use jiangxin_store::on_both_backends;
use jiangxin_store::testing::TestDb;
use jiangxin_workflow::BallotInput;
use jiangxin_workflow::panel::panel_criteria;

use crate::harness::{PASSWORD, Server};

on_both_backends!(a_unit_registers_applies_recommends_and_its_district_passes_the_application,);

pub const CREDIT_CODE: &str = "91210200MA0QC5KN6N";

/// Registers a unit of 中山区 with its officer `officer`, signed in.
pub async fn registered_unit(server: &Server, officer: &str, credit_code: &str) -> reqwest::Client {
    let client = server.client();
    let csrf = server.csrf(&client, "/register").await;
    let response = client
        .post(server.url("/register/unit"))
        .form(&[
            ("credit_code", credit_code),
            ("name", "大连重工机床有限公司"),
            ("unit_type", "企业"),
            ("enterprise_class", "市属（及以下）各类所有制企业"),
            ("district", "210202"),
            ("login", officer),
            ("password", PASSWORD),
            ("password_again", PASSWORD),
            ("_csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    assert_eq!(response.headers()["location"], "/unit");
    client
}

/// The craftsman form of 201号 for 王建国, filled so that every hard condition holds.
pub fn craftsman_form(csrf: &str) -> Vec<(&'static str, String)> {
    vec![
        ("_csrf", csrf.to_owned()),
        ("id_number", "210202197503011233".to_owned()),
        ("name", "王建国".to_owned()),
        ("person.skill_level", "技师".to_owned()),
        ("person.enterprise_ranks", String::new()),
        ("person.enterprise_ranks", "工匠技师".to_owned()),
        ("person.frontline", "true".to_owned()),
        ("person.city_social_security_months", "72".to_owned()),
        ("person.flags", String::new()),
    ]
}

fn id_of(location: &str) -> i64 {
    location.rsplit('/').next().unwrap().parse().unwrap()
}

pub async fn post(
    server: &Server,
    client: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let csrf = server.csrf(client, "/").await;
    let mut fields = form.to_vec();
    fields.push(("_csrf", &csrf));
    client
        .post(server.url(path))
        .form(&fields)
        .send()
        .await
        .unwrap()
}

async fn a_unit_registers_applies_recommends_and_its_district_passes_the_application(db: TestDb) {
    let server = Server::start(db, "2021-06-20").await;
    let officer = registered_unit(&server, "officer", CREDIT_CODE).await;

    // The form asks what 201号 tests, and explains as it is filled in.
    let form_page = officer
        .get(server.url("/apply/dalian-craftsman-2021/craftsman"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form_page.contains(r#"name="person.enterprise_ranks""#));
    assert!(form_page.contains(r#"hx-post="/apply/dalian-craftsman-2021/craftsman/check""#));
    let csrf = server
        .csrf(&officer, "/apply/dalian-craftsman-2021/craftsman")
        .await;
    let mut form = craftsman_form(&csrf);
    form.retain(|(k, _)| *k != "person.skill_level");
    form.push(("person.skill_level", "高级工".to_owned()));
    let check = officer
        .post(server.url("/apply/dalian-craftsman-2021/craftsman/check"))
        .header("hx-request", "true")
        .form(&form)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(check.contains("不符合"), "{check}");
    assert!(check.contains("大人社发〔2021〕201号"), "{check}");

    let created = officer
        .post(server.url("/apply/dalian-craftsman-2021/craftsman"))
        .form(&craftsman_form(&csrf))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 303);
    let location = created.headers()["location"].to_str().unwrap().to_owned();
    let id = id_of(&location);
    let page = officer
        .get(server.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("草稿"));
    assert!(
        page.contains("王建国") && page.contains("210202********1233"),
        "masked ID shown"
    );

    let without_commitment = post(
        &server,
        &officer,
        &format!("/applications/{id}/submit"),
        &[("row_version", "1"), ("commitment", "承诺")],
    )
    .await;
    assert_eq!(without_commitment.status(), 400);
    let submitted = post(
        &server,
        &officer,
        &format!("/applications/{id}/submit"),
        &[
            ("row_version", "1"),
            ("commitment", "本单位承诺所填信息真实有效"),
            ("agree", "yes"),
        ],
    )
    .await;
    assert_eq!(
        submitted.status(),
        303,
        "{}",
        submitted.text().await.unwrap()
    );

    // 201号 asks for the trade union's opinion and a unit-internal notice of 5 working days.
    server.clock.set(crate::harness::date("2021-06-28"));
    let union = post(
        &server,
        &officer,
        &format!("/applications/{id}/consultations"),
        &[
            ("source", "同级工会"),
            ("queried_on", "2021-06-25"),
            ("result", "clear"),
        ],
    )
    .await;
    assert_eq!(union.status(), 303, "{}", union.text().await.unwrap());
    let early = post(
        &server,
        &officer,
        &format!("/applications/{id}/recommend"),
        &[
            ("row_version", "2"),
            ("rank", "1"),
            ("notice_published_on", "2021-06-22"),
            ("staff_representatives", "6"),
        ],
    )
    .await;
    assert_eq!(early.status(), 422);
    assert!(
        early
            .text()
            .await
            .unwrap()
            .contains("单位内部公示期至 2021-06-29 结束")
    );
    let recommended = post(
        &server,
        &officer,
        &format!("/applications/{id}/recommend"),
        &[
            ("row_version", "2"),
            ("rank", "1"),
            ("notice_published_on", "2021-06-18"),
            ("staff_representatives", "6"),
        ],
    )
    .await;
    assert_eq!(
        recommended.status(),
        303,
        "{}",
        recommended.text().await.unwrap()
    );

    // The district of the unit sees it and passes it; another district's reviewer does not
    // learn that it exists.
    server
        .account("zhongshan", Role::DistrictReviewer, Some("210202"))
        .await;
    server
        .account("jinzhou", Role::DistrictReviewer, Some("210213"))
        .await;
    let elsewhere = server.signed_in("jinzhou").await;
    let refused = elsewhere.get(server.url(&location)).send().await.unwrap();
    assert_eq!(refused.status(), 404);
    let district = server.signed_in("zhongshan").await;
    let work = district
        .get(server.url("/work"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        work.contains("待我办理（1）") && work.contains("王建国"),
        "{work}"
    );
    let passed = post(
        &server,
        &district,
        &format!("/applications/{id}/review"),
        &[
            ("row_version", "3"),
            ("verdict", "pass"),
            ("reason", "材料齐全，同意报送"),
        ],
    )
    .await;
    assert_eq!(passed.status(), 303, "{}", passed.text().await.unwrap());
    let page = officer
        .get(server.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("待审核阶段"), "{page}");
    assert!(
        page.contains("材料齐全，同意报送"),
        "the reason reaches the applicant"
    );
}

#[tokio::test]
async fn an_expert_may_not_open_the_unit_pages_and_a_visitor_is_sent_to_sign_in() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    server.account("expert", Role::Expert, None).await;
    let expert = server.signed_in("expert").await;
    let refused = expert.get(server.url("/unit")).send().await.unwrap();
    assert_eq!(refused.status(), 403);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("本功能供单位经办人使用")
    );
    let visitor = server
        .client()
        .get(server.url("/work"))
        .send()
        .await
        .unwrap();
    assert_eq!(visitor.status(), 303);
    assert_eq!(visitor.headers()["location"], "/login?next=%2Fwork");
}

#[tokio::test]
async fn a_credit_code_with_a_wrong_check_character_is_refused_at_registration() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    let client = server.client();
    let csrf = server.csrf(&client, "/register").await;
    let response = client
        .post(server.url("/register/unit"))
        .form(&[
            ("credit_code", "91210200MA0QC5KN6C"),
            ("name", "某公司"),
            ("unit_type", "企业"),
            ("district", "210202"),
            ("login", "x"),
            ("password", PASSWORD),
            ("password_again", PASSWORD),
            ("_csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("统一社会信用代码"));
}

#[tokio::test]
async fn the_finance_bureau_gives_its_opinion_on_a_studio_from_its_work_list_and_the_city_may_not()
{
    let server = Server::demo(TestDb::sqlite().await).await;
    server.clock.set(crate::harness::date("2024-03-12"));
    let workflow = server.state.workflow();
    let store = server.state.store();
    let city_id = accounts::find_by_login(&store, "demo-city")
        .await
        .unwrap()
        .unwrap()
        .id;
    let city = workflow.caller(city_id).await.unwrap();
    // The demo's studio panel votes and closes: the studio waits for 市财政局意见.
    let (panel, version) = workflow
        .managed_panels(&city)
        .await
        .unwrap()
        .into_iter()
        .find(|(p, v)| v.program_id == "dalian-master-studio-2024" && p.closed.is_none())
        .expect("the demo's studio panel");
    let program = workflow.programs().get(&version.program_id).unwrap();
    let board = workflow.panel_board(&city, panel.id).await.unwrap();
    let studio = board.docket[0].application.clone();
    for member in &board.members {
        if board.docket[0]
            .recused
            .iter()
            .any(|(a, _)| *a == member.account)
        {
            continue;
        }
        let expert = workflow.caller(member.account).await.unwrap();
        let ballot = BallotInput {
            approve: true,
            scores: panel_criteria(program, &studio.category)
                .into_iter()
                .map(|c| (c.to_owned(), 90))
                .collect(),
        };
        workflow
            .cast_ballot(&expert, panel.id, studio.id, &ballot)
            .await
            .unwrap();
    }
    workflow.close_panel(&city, panel.id).await.unwrap();
    let waiting = workflow.application(&city, studio.id).await.unwrap();
    assert_eq!(waiting.stage, "at:finance-opinion");

    let path = format!("/applications/{}", studio.id);
    let version = waiting.row_version.to_string();
    let form = [
        ("row_version", version.as_str()),
        ("verdict", "pass"),
        ("reason", "资金已列入预算，同意"),
    ];
    let city_client = server.demo_user("demo-city").await;
    let (status, refused) = server
        .post(&city_client, &format!("{path}/review"), &form)
        .await;
    assert_eq!(
        status, 403,
        "the opinion is the finance bureau's: {refused}"
    );

    let finance = server.demo_user("demo-finance").await;
    let (status, work) = server.get(&finance, "/work").await;
    assert_eq!(status, 200);
    let (mine, _) = work.split_once("其他申报").unwrap();
    assert!(
        mine.contains(&format!("href=\"{path}\"")) && mine.contains("待市财政局意见"),
        "the studio waits in the finance bureau's work list: {work}"
    );
    let (status, page) = server.get(&finance, &path).await;
    assert_eq!(status, 200);
    assert!(page.contains("审核：市财政局意见"), "{page}");
    let (status, _) = server
        .post(&finance, &format!("{path}/review"), &form)
        .await;
    assert_eq!(status, 303);
    let passed = workflow.application(&city, studio.id).await.unwrap();
    assert_eq!(passed.stage, "at:public-notice");
}
