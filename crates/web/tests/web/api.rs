//! The JSON API over HTTP: bearer sessions, an application from draft to the city's review,
//! refusals across roles and districts as JSON errors, public notices, and the OpenAPI document
//! against the routes actually served.

use std::collections::BTreeSet;
use std::time::Duration;

use jiangxin_policy::ProgramSet;
use jiangxin_reports::{PDF, XLSX};
use jiangxin_store::accounts::Role;
use jiangxin_store::on_both_backends;
use jiangxin_store::testing::TestDb;
use jiangxin_web::api::NO_SUCH_ENDPOINT;
use jiangxin_web::security::{
    API_DOCS_CONTENT_SECURITY_POLICY_VALUE, CONTENT_SECURITY_POLICY_VALUE,
};
use jiangxin_web::{Settings, demo};
use jiangxin_workflow::panel::panel_criteria;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::applications::{CREDIT_CODE, registered_unit};
use crate::harness::{PASSWORD, Server, date};

on_both_backends!(
    an_officer_creates_and_submits_and_the_district_and_city_review_through_the_api,
    the_public_reads_a_running_notice_and_gets_a_receipt_for_an_objection,
);

/// An API client: no cookie store, so that only the bearer token can sign it in.
fn client() -> reqwest::Client {
    reqwest::Client::new()
}

/// A request to `/api/v1{path}` with the token, if any.
pub fn call(
    server: &Server,
    token: Option<&str>,
    method: Method,
    path: &str,
) -> reqwest::RequestBuilder {
    let request = client().request(method, server.url(&format!("/api/v1{path}")));
    match token {
        Some(token) => request.bearer_auth(token),
        None => request,
    }
}

/// The status and JSON body of a request.
pub async fn answer(request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status} {text}: {e}"))
    };
    (status, body)
}

pub async fn sign_in(server: &Server, login: &str) -> String {
    sign_in_with(server, login, PASSWORD).await
}

pub async fn sign_in_with(server: &Server, login: &str, password: &str) -> String {
    let (status, body) = answer(
        call(server, None, Method::POST, "/session")
            .json(&json!({ "username": login, "password": password })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{login}: {body}");
    body["token"].as_str().unwrap().to_owned()
}

/// Asserts an error answer: its status, its stable code, and a Chinese message.
pub fn assert_error(answer: &(StatusCode, Value), status: StatusCode, code: &str) {
    let (got, body) = answer;
    assert_eq!(*got, status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(
        message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "a Chinese message: {message}"
    );
}

/// 王建国's application to 201号's craftsman category, every hard condition met.
fn craftsman() -> Value {
    json!({
        "program_id": "dalian-craftsman-2021",
        "category": "craftsman",
        "applicant": { "id_number": "210202197503011233", "name": "王建国" },
        "facts": { "person": {
            "skill_level": "技师", "enterprise_ranks": ["工匠技师"], "frontline": true,
            "city_social_security_months": 72, "flags": []
        }}
    })
}

async fn an_officer_creates_and_submits_and_the_district_and_city_review_through_the_api(
    db: TestDb,
) {
    let server = Server::start(db, "2021-06-20").await;
    registered_unit(&server, "officer", CREDIT_CODE).await;
    server
        .account("zhongshan", Role::DistrictReviewer, Some("210202"))
        .await;
    server
        .account("jinzhou", Role::DistrictReviewer, Some("210213"))
        .await;
    server.account("city", Role::CityReviewer, None).await;
    let (status, session) = answer(
        call(&server, None, Method::POST, "/session")
            .json(&json!({ "username": "officer", "password": PASSWORD })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(session["role"], "unit_officer");
    assert_eq!(session["role_name"], "单位经办人");
    assert_eq!(session["idle_timeout_seconds"], 1800);
    let officer = session["token"].as_str().unwrap();

    let (status, created) =
        answer(call(&server, Some(officer), Method::POST, "/applications").json(&craftsman()))
            .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["stage"], "draft");
    assert_eq!(created["stage_name"], "草稿");
    assert_eq!(created["applicant"], "王建国");
    assert_eq!(created["unit"], "大连重工机床有限公司");
    assert_eq!(created["masked_id"], "210202********1233");
    assert_eq!(created["row_version"], 1);
    assert_eq!(
        created["facts"]["person"]["birth_date"], "1975-03-01",
        "the birth date comes from the ID number"
    );
    let (_, listed) = answer(call(&server, Some(officer), Method::GET, "/applications")).await;
    let ids: Vec<i64> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [id]);

    let submit = |token: &str, row_version: i64| {
        call(
            &server,
            Some(token),
            Method::POST,
            &format!("/applications/{id}/submit"),
        )
        .json(&json!({ "row_version": row_version, "commitment": "本单位承诺所填信息真实有效" }))
    };
    let (status, submitted) = answer(submit(officer, 1)).await;
    assert_eq!(status, StatusCode::OK, "{submitted}");
    assert_eq!(submitted["stage"], "at:recommend");
    // What 201号 leaves to the bureau and the panel is still to be judged; every fact is known,
    // the unit's type from its record.
    assert_eq!(submitted["decision"]["outcome"], "review");
    assert_eq!(submitted["decision"]["missing_facts"], json!([]));

    // 201号: the trade union's opinion, then the unit's recommendation after its notice.
    server.clock.set(date("2021-06-28"));
    let (status, union) = answer(
        call(
            &server,
            Some(officer),
            Method::POST,
            &format!("/applications/{id}/consultations"),
        )
        .json(&json!({ "source": "同级工会", "queried_on": "2021-06-25", "result": "clear" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{union}");
    assert_eq!(union["stage"], "recommend");
    let recommend = |published_on: &str| {
        call(
            &server,
            Some(officer),
            Method::POST,
            &format!("/applications/{id}/recommend"),
        )
        .json(&json!({
            "row_version": 2, "rank": 1,
            "unit_notice": { "published_on": published_on, "staff_representatives": 6 }
        }))
    };
    let early = answer(recommend("2021-06-22")).await;
    assert_error(&early, StatusCode::UNPROCESSABLE_ENTITY, "refused");
    assert!(
        early.1["message"]
            .as_str()
            .unwrap()
            .contains("单位内部公示期至 2021-06-29 结束")
    );
    let (status, recommended) = answer(recommend("2021-06-18")).await;
    assert_eq!(status, StatusCode::OK, "{recommended}");
    assert_eq!(recommended["stage"], "at:district-collect");

    // Another district does not learn that it exists; the officer may not review it.
    let jinzhou = sign_in(&server, "jinzhou").await;
    let path = format!("/applications/{id}");
    assert_error(
        &answer(call(&server, Some(&jinzhou), Method::GET, &path)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let verdict = |token: &str, row_version: i64, verdict: &str, reason: &str| {
        call(
            &server,
            Some(token),
            Method::POST,
            &format!("{path}/review"),
        )
        .json(&json!({ "row_version": row_version, "verdict": verdict, "reason": reason }))
    };
    assert_error(
        &answer(verdict(&jinzhou, 3, "pass", "同意")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let refused = answer(verdict(officer, 3, "pass", "同意")).await;
    assert_error(&refused, StatusCode::FORBIDDEN, "forbidden");
    assert!(
        refused.1["message"]
            .as_str()
            .unwrap()
            .contains("本功能供区县或市级审核人使用")
    );

    let zhongshan = sign_in(&server, "zhongshan").await;
    let (_, work) = answer(call(
        &server,
        Some(&zhongshan),
        Method::GET,
        "/applications",
    ))
    .await;
    assert_eq!(work[0]["id"], id);
    assert_eq!(work[0]["mine"], true);
    assert_eq!(work[0]["due"], "2021-07-02");
    let (status, passed) = answer(verdict(&zhongshan, 3, "pass", "材料齐全，同意报送")).await;
    assert_eq!(status, StatusCode::OK, "{passed}");
    assert_eq!(passed["stage"], "at:audit");
    assert_eq!(passed["stage_name"], "待审核阶段");

    // The city returns it for correction; the unit corrects the facts and submits again.
    server.clock.set(date("2021-07-06"));
    let city = sign_in(&server, "city").await;
    let (status, returned) = answer(verdict(&city, 4, "return", "请补充社保缴费月数证明")).await;
    assert_eq!(status, StatusCode::OK, "{returned}");
    assert_eq!(returned["stage"], "returned:audit");
    let mut facts = craftsman()["facts"].clone();
    facts["person"]["city_social_security_months"] = json!(80);
    let stale = answer(
        call(&server, Some(officer), Method::PATCH, &path)
            .json(&json!({ "row_version": 4, "facts": facts })),
    )
    .await;
    assert_error(&stale, StatusCode::CONFLICT, "conflict");
    let (status, edited) = answer(
        call(&server, Some(officer), Method::PATCH, &path)
            .json(&json!({ "row_version": 5, "facts": facts })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(edited["facts"]["person"]["city_social_security_months"], 80);
    let (status, resubmitted) = answer(submit(officer, 6)).await;
    assert_eq!(status, StatusCode::OK, "{resubmitted}");
    assert_eq!(resubmitted["stage"], "at:audit");

    let (_, history) = answer(call(
        &server,
        Some(officer),
        Method::GET,
        &format!("{path}/history"),
    ))
    .await;
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "create",
            "submit",
            "consultation.record",
            "recommend",
            "review.pass",
            "review.return",
            "edit_facts",
            "resubmit"
        ]
    );
    let returned = &history[5];
    assert_eq!(
        returned["note"], "请补充社保缴费月数证明",
        "the reason reaches the unit"
    );
    assert_eq!(returned["to_stage_name"], "审核阶段退回修改");
    let (_, consulted) = answer(call(
        &server,
        Some(officer),
        Method::GET,
        &format!("{path}/consultations"),
    ))
    .await;
    assert_eq!(consulted[0]["source"], "同级工会");
    assert_eq!(consulted[0]["result"], "clear");

    let (status, _) = answer(call(&server, Some(officer), Method::DELETE, "/session")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_error(
        &answer(call(&server, Some(officer), Method::GET, "/applications")).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
}

#[tokio::test]
async fn an_officer_attaches_the_form_to_a_draft_and_downloads_it_back() {
    // On SQLite only: the attachments live beside the database, in the test's own directory.
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    registered_unit(&server, "officer", CREDIT_CODE).await;
    let token = sign_in(&server, "officer").await;
    let officer = token.as_str();
    let (_, created) =
        answer(call(&server, Some(officer), Method::POST, "/applications").json(&craftsman()))
            .await;
    let id = created["id"].as_i64().unwrap();

    // The application form goes with the draft; a file that is not PDF, JPEG or PNG does not.
    let attachments = format!("/applications/{id}/attachments");
    let upload = |name: &'static str, bytes: &'static [u8]| {
        let form = reqwest::multipart::Form::new()
            .text("purpose", "申报表")
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            );
        call(&server, Some(officer), Method::POST, &attachments).multipart(form)
    };
    const FORM_PDF: &[u8] = b"%PDF-1.7\n% application form\n";
    let (status, attached) = answer(upload("申报表.pdf", FORM_PDF)).await;
    assert_eq!(status, StatusCode::CREATED, "{attached}");
    assert_eq!(attached["media_type"], "application/pdf");
    assert_eq!(attached["purpose"], "申报表");
    assert_eq!(attached["name"], "申报表.pdf");
    assert_error(
        &answer(upload("申报表.exe", b"MZ\x90\x00")).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "upload_rejected",
    );
    let (_, listed) = answer(call(&server, Some(officer), Method::GET, &attachments)).await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let file = call(
        &server,
        Some(officer),
        Method::GET,
        &format!("{attachments}/{}", attached["sha256"].as_str().unwrap()),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert_eq!(file.bytes().await.unwrap().as_ref(), FORM_PDF);
}

#[tokio::test]
async fn without_a_bearer_token_the_api_answers_401_even_to_a_signed_in_browser() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    let response = call(&server, None, Method::GET, "/applications")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "unauthenticated");
    assert_eq!(body["message"], "请先登录（please sign in）");
    assert_error(
        &answer(call(
            &server,
            Some("not-a-session"),
            Method::GET,
            "/programs",
        ))
        .await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );

    // The browser's session cookie does not open the API: only the bearer token does.
    server.account("city", Role::CityReviewer, None).await;
    let browser = server.signed_in("city").await;
    let (status, body) = answer(browser.get(server.url("/api/v1/applications"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    // Nor does it need the CSRF token a page's form carries: a write with a bearer token is
    // taken without one.
    let token = sign_in(&server, "city").await;
    let (status, body) = answer(
        browser
            .delete(server.url("/api/v1/session"))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
}

#[tokio::test]
async fn a_bearer_token_unused_for_the_idle_timeout_no_longer_signs_in() {
    let settings = Settings {
        idle_timeout: Duration::from_millis(200),
        ..Settings::default()
    };
    let server = Server::with_settings(TestDb::sqlite().await, "2021-06-20", settings).await;
    server.account("city", Role::CityReviewer, None).await;
    let token = sign_in(&server, "city").await;
    let (status, _) = answer(call(&server, Some(&token), Method::GET, "/applications")).await;
    assert_eq!(status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_error(
        &answer(call(&server, Some(&token), Method::GET, "/applications")).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    assert_eq!(
        server.db.count("SELECT COUNT(*) FROM web_sessions").await,
        0,
        "the idle session is ended"
    );
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_api_sign_in_as_they_lock_the_page() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    server.account("city", Role::CityReviewer, None).await;
    let attempt = |password: &str| {
        call(&server, None, Method::POST, "/session")
            .json(&json!({ "username": "city", "password": password }))
    };
    for _ in 0..4 {
        let wrong = answer(attempt("错误的口令")).await;
        assert_error(&wrong, StatusCode::UNPROCESSABLE_ENTITY, "refused");
        assert_eq!(
            wrong.1["message"],
            "用户名或密码错误（wrong login or password）"
        );
    }
    let fifth = answer(attempt("错误的口令")).await;
    assert_error(&fifth, StatusCode::TOO_MANY_REQUESTS, "locked");
    let locked = answer(attempt(PASSWORD)).await;
    assert_error(&locked, StatusCode::TOO_MANY_REQUESTS, "locked");
    assert!(
        locked.1["message"]
            .as_str()
            .unwrap()
            .contains("账户已锁定至")
    );
}

#[tokio::test]
async fn roles_methods_paths_and_bodies_the_api_does_not_take_are_json_errors() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    server.account("expert", Role::Expert, None).await;
    registered_unit(&server, "officer", CREDIT_CODE).await;
    let expert = sign_in(&server, "expert").await;
    let officer = sign_in(&server, "officer").await;

    let refused = answer(call(&server, Some(&expert), Method::GET, "/applications")).await;
    assert_error(&refused, StatusCode::FORBIDDEN, "forbidden");
    assert!(
        refused.1["message"]
            .as_str()
            .unwrap()
            .contains("本功能供申报相关人员使用")
    );
    assert_error(
        &answer(
            call(&server, Some(&officer), Method::POST, "/panels/1/ballots")
                .json(&json!({ "application": 1, "approve": true, "scores": {} })),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    let nowhere = answer(call(&server, None, Method::GET, "/nothing-here")).await;
    assert_error(&nowhere, StatusCode::NOT_FOUND, "not_found");
    assert_eq!(nowhere.1["message"], NO_SUCH_ENDPOINT);
    assert_error(
        &answer(call(&server, None, Method::PUT, "/programs")).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );
    assert_error(
        &answer(call(
            &server,
            Some(&officer),
            Method::GET,
            "/applications/abc",
        ))
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let malformed = answer(
        call(&server, Some(&officer), Method::POST, "/applications")
            .header("content-type", "application/json")
            .body("{\"program_id\": "),
    )
    .await;
    assert_error(&malformed, StatusCode::BAD_REQUEST, "invalid");
    let mut bad_id = craftsman();
    bad_id["applicant"]["id_number"] = json!("210202197503011234");
    let refused =
        answer(call(&server, Some(&officer), Method::POST, "/applications").json(&bad_id)).await;
    assert_error(&refused, StatusCode::BAD_REQUEST, "invalid");
    assert!(
        refused.1["message"].as_str().unwrap().contains("校验码"),
        "{}",
        refused.1
    );
}

#[tokio::test]
async fn anyone_reads_the_programs_and_checks_facts_against_a_category() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    let (status, programs) = answer(call(&server, None, Method::GET, "/programs")).await;
    assert_eq!(status, StatusCode::OK);
    let craftsman_program = programs
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "dalian-craftsman-2021")
        .unwrap();
    assert_eq!(craftsman_program["document"], "大人社发〔2021〕201号");
    assert_eq!(
        craftsman_program["open"], true,
        "201号 takes applications on 2021-06-20"
    );
    let (_, detail) = answer(call(
        &server,
        None,
        Method::GET,
        "/programs/dalian-craftsman-2021",
    ))
    .await;
    let stages: Vec<&str> = detail["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(stages[0], "recommend");
    assert!(
        detail["categories"][0]["criteria"][0]["citation"]
            .as_str()
            .unwrap()
            .contains("201号")
    );
    assert_error(
        &answer(call(
            &server,
            None,
            Method::GET,
            "/programs/no-such-program",
        ))
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    );

    let mut facts = craftsman();
    facts["facts"]["person"]["skill_level"] = json!("高级工");
    let (status, decision) = answer(call(&server, None, Method::POST, "/check").json(&facts)).await;
    assert_eq!(status, StatusCode::OK, "{decision}");
    // A 高级工 fails the level but may still be judged of the same level; the unit is unknown.
    assert_eq!(decision["outcome"], "review");
    let level = decision["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["label"] == "职业资格等级")
        .unwrap();
    assert_eq!(level["result"], "fail");
    assert!(level["reason_zh"].as_str().unwrap().contains("高级工"));
    assert!(level["citation"].as_str().unwrap().contains("201号"));
    assert_eq!(decision["missing_facts"], json!(["unit_type（单位类型）"]));
}

async fn the_public_reads_a_running_notice_and_gets_a_receipt_for_an_objection(db: TestDb) {
    let server = Server::start(db, "2021-06-20").await;
    demo::seed(&server.state).await.unwrap();
    let (status, running) = answer(call(&server, None, Method::GET, "/notices")).await;
    assert_eq!(status, StatusCode::OK);
    let notice = &running[0];
    assert_eq!(notice["program_id"], "dalian-high-skill-2021");
    assert_eq!(notice["stage_name"], "社会公示");
    assert_eq!(notice["open_for_objections"], true);
    let id = notice["id"].as_i64().unwrap();
    let (_, listed) = answer(call(&server, None, Method::GET, &format!("/notices/{id}"))).await;
    assert_eq!(listed["closed"], false);
    let entry = &listed["entries"][0];
    let masked = entry["masked_id"].as_str().unwrap();
    assert_eq!(&masked[6..14], "********", "{masked}");
    let application = entry["application"].as_i64().unwrap();

    let objections = format!("/notices/{id}/objections");
    let (status, receipt) = answer(call(&server, None, Method::POST, &objections).json(&json!({
        "application": application, "name": "李四", "contact": "13800000000",
        "reason": "申报材料中的业绩与实际不符"
    })))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    assert!(
        receipt["receipt"]
            .as_str()
            .unwrap()
            .starts_with(&format!("GS-{id:04}-"))
    );
    assert_eq!(receipt["received_on"], demo::DEMO_DAY.to_string());
    assert_error(
        &answer(call(&server, None, Method::POST, &objections).json(&json!({
            "application": application, "name": "李四", "contact": "13800000000", "reason": " "
        })))
        .await,
        StatusCode::BAD_REQUEST,
        "invalid",
    );
    assert_error(
        &answer(call(&server, None, Method::POST, "/notices/999999/objections").json(&json!({
            "application": application, "name": "李四", "contact": "13800000000", "reason": "不实"
        })))
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[tokio::test]
async fn an_expert_casts_one_final_ballot_that_no_one_reads_while_the_panel_sits() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    demo::seed(&server.state).await.unwrap();
    const STUDIO: &str = "dalian-master-studio-2024";
    let panel = server
        .db
        .count(&format!(
            "SELECT p.id FROM panels p JOIN program_versions v ON v.id = p.program_version_id \
             WHERE v.program_id = '{STUDIO}' AND p.closed_at IS NULL"
        ))
        .await;
    let city = sign_in_with(&server, "demo-city", demo::PASSWORD).await;
    let (_, all) = answer(call(&server, Some(&city), Method::GET, "/applications")).await;
    let at_panel = all
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["program_id"] == STUDIO && r["stage"] == "at:panel-review")
        .unwrap();
    let application = at_panel["id"].as_i64().unwrap();
    let programs = ProgramSet::builtin().unwrap();
    let criteria = panel_criteria(
        programs.get(STUDIO).unwrap(),
        at_panel["category"].as_str().unwrap(),
    );
    assert!(!criteria.is_empty());
    let scores: serde_json::Map<String, Value> = criteria
        .iter()
        .map(|c| ((*c).to_owned(), json!(85)))
        .collect();

    let expert = sign_in_with(&server, "demo-expert-1", demo::PASSWORD).await;
    let ballots = format!("/panels/{panel}/ballots");
    let ballot = json!({ "application": application, "approve": true, "scores": scores });
    let (status, cast) =
        answer(call(&server, Some(&expert), Method::POST, &ballots).json(&ballot)).await;
    assert_eq!(status, StatusCode::CREATED, "{cast}");
    assert_eq!(cast["application"], application);
    assert_eq!(cast["approve"], true);
    assert_eq!(cast["scores"][criteria[0]], 85);
    let again = answer(call(&server, Some(&expert), Method::POST, &ballots).json(&ballot)).await;
    assert_error(&again, StatusCode::UNPROCESSABLE_ENTITY, "refused");
    assert!(
        again.1["message"]
            .as_str()
            .unwrap()
            .contains("实名表决不能更改")
    );

    // A member with a conflict is recused and may not vote.
    let other = sign_in_with(&server, "demo-expert-2", demo::PASSWORD).await;
    let (status, _) = answer(
        call(
            &server,
            Some(&other),
            Method::POST,
            &format!("/panels/{panel}/conflicts"),
        )
        .json(&json!({ "application": application, "reason": "申报人系本人近亲属" })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let recused = answer(call(&server, Some(&other), Method::POST, &ballots).json(&ballot)).await;
    assert_error(&recused, StatusCode::UNPROCESSABLE_ENTITY, "refused");

    // The bureau reads no ballot before the panel closes; an expert reads no application.
    let hidden = answer(call(&server, Some(&city), Method::GET, &ballots)).await;
    assert_error(&hidden, StatusCode::UNPROCESSABLE_ENTITY, "refused");
    assert!(
        hidden.1["message"]
            .as_str()
            .unwrap()
            .contains("表决票对任何人保密")
    );
    assert_error(
        &answer(call(&server, Some(&expert), Method::GET, &ballots)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert_error(
        &answer(call(
            &server,
            Some(&expert),
            Method::GET,
            &format!("/applications/{application}"),
        ))
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
}

/// Every `#/components/...` reference in the document.
fn references(value: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => {
                        found.insert(target.clone());
                    }
                    _ => references(value, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, found)),
        _ => {}
    }
}

#[tokio::test]
async fn the_openapi_document_lists_every_route_and_each_is_served() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    let doc: Value = client()
        .get(server.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(doc["servers"][0]["url"], "/api/v1");
    let operations: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    let expected: BTreeSet<(String, String)> = [
        ("POST", "/session"),
        ("DELETE", "/session"),
        ("GET", "/programs"),
        ("GET", "/programs/{id}"),
        ("POST", "/check"),
        ("POST", "/applications"),
        ("GET", "/applications"),
        ("GET", "/applications/{id}"),
        ("PATCH", "/applications/{id}"),
        ("POST", "/applications/{id}/submit"),
        ("POST", "/applications/{id}/recommend"),
        ("POST", "/applications/{id}/self-recommend"),
        ("POST", "/applications/{id}/review"),
        ("POST", "/applications/{id}/consultations"),
        ("GET", "/applications/{id}/consultations"),
        ("GET", "/applications/{id}/history"),
        ("POST", "/applications/{id}/attachments"),
        ("GET", "/applications/{id}/attachments"),
        ("GET", "/applications/{id}/attachments/{sha256}"),
        ("GET", "/notices"),
        ("GET", "/notices/{id}"),
        ("POST", "/notices/{id}/objections"),
        ("POST", "/panels/{id}/ballots"),
        ("GET", "/panels/{id}/ballots"),
        ("POST", "/panels/{id}/conflicts"),
        ("POST", "/applications/{id}/approve"),
        ("GET", "/applications/{id}/ledger"),
        ("POST", "/applications/{id}/stop"),
        ("POST", "/titles/{id}/revocation"),
        ("GET", "/certificates/{code}"),
        ("GET", "/payments"),
        ("POST", "/payments/{id}/paid"),
        ("POST", "/payments/{id}/cancellation"),
        ("POST", "/payments/{id}/recovery"),
        ("GET", "/applications/{id}/form.pdf"),
        ("GET", "/applications/{id}/certificate.pdf"),
        ("GET", "/programs/{id}/summary.xlsx"),
        ("GET", "/notices/{id}/notice.pdf"),
        ("GET", "/payments/export.xlsx"),
        ("GET", "/applications/export.xlsx"),
    ]
    .into_iter()
    .map(|(m, p)| (m.to_owned(), p.to_owned()))
    .collect();
    assert_eq!(operations, expected);

    // Each documented operation is served: asked without a token or a body, it answers as its
    // handler would (401, 404 for no such record, 400 for no body), never "no such endpoint".
    for (method, path) in &operations {
        let path = path
            .replace("{id}", "1")
            .replace("{sha256}", &"0".repeat(64))
            .replace("{code}", &"0".repeat(16));
        let (status, body) = answer(call(
            &server,
            None,
            Method::from_bytes(method.as_bytes()).unwrap(),
            &path,
        ))
        .await;
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_ne!(body["message"], NO_SUCH_ENDPOINT, "{method} {path}");
    }

    // Each operation is filed under one of the document's tags, with an id of its own.
    let tags: BTreeSet<&str> = doc["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    let mut ids = BTreeSet::new();
    for (method, path) in &operations {
        let operation = &doc["paths"][path][method.to_lowercase()];
        let tag = operation["tags"][0].as_str().unwrap();
        assert!(tags.contains(tag), "{method} {path}: {tag}");
        let id = operation["operationId"].as_str().unwrap();
        assert!(ids.insert(id), "{id} is used twice");
    }
    assert_eq!(
        doc["paths"]["/applications"]["get"]["operationId"],
        "applications_list"
    );
    // A document is documented with the content type it is sent as.
    for (path, media_type) in [
        ("/applications/{id}/form.pdf", PDF),
        ("/applications/{id}/certificate.pdf", PDF),
        ("/notices/{id}/notice.pdf", PDF),
        ("/programs/{id}/summary.xlsx", XLSX),
        ("/payments/export.xlsx", XLSX),
        ("/applications/export.xlsx", XLSX),
    ] {
        let content = doc["paths"][path]["get"]["responses"]["200"]["content"]
            .as_object()
            .unwrap();
        let types: Vec<&str> = content.keys().map(String::as_str).collect();
        assert_eq!(types, [media_type], "{path}");
    }

    let mut refs = BTreeSet::new();
    references(&doc, &mut refs);
    for target in &refs {
        let name = target.strip_prefix("#/components/schemas/").unwrap();
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{target} is defined"
        );
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert_eq!(
        doc["paths"]["/applications"]["post"]["security"][0]["bearer"],
        json!([])
    );
}

#[tokio::test]
async fn swagger_ui_is_served_from_the_binary_with_inline_styles_allowed_on_its_page_alone() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    let http = server.client();
    let redirect = http.get(server.url("/api/docs")).send().await.unwrap();
    assert_eq!(redirect.headers()["location"], "/api/docs/");
    let page = http.get(server.url("/api/docs/")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(
        page.headers()["content-security-policy"],
        API_DOCS_CONTENT_SECURITY_POLICY_VALUE
    );
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui-bundle.js"), "{html}");
    assert!(
        !html.contains("<script>")
            && html.matches("<script").count() == html.matches("<script src=").count(),
        "no inline script: {html}"
    );
    let initializer = http
        .get(server.url("/api/docs/swagger-initializer.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(initializer.contains("/api/openapi.json"), "{initializer}");
    for strict in ["/api/openapi.json", "/api/v1/programs", "/"] {
        let response = http.get(server.url(strict)).send().await.unwrap();
        assert_eq!(
            response.headers()["content-security-policy"],
            CONTENT_SECURITY_POLICY_VALUE,
            "{strict}"
        );
    }
}
