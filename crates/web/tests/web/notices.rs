//! Public notices through the pages: the public list with masked ID numbers, an objection with
//! evidence that gives a receipt, the bureau's decisions and the closing; and scope.

use std::collections::BTreeSet;

use jiangxin_store::testing::TestDb;
use jiangxin_store::{applications, on_both_backends, programs};
use reqwest::multipart::{Form, Part};

use crate::harness::{Server, date};

on_both_backends!(
    the_public_objects_to_a_notice_with_evidence_and_the_bureau_decides_and_closes_it,
);

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR evidence";

/// The notice of a program still running (not closed), by the program's id: the demo has a
/// running notice of 306号 and a closed one of 004.
async fn running_notice(server: &Server, program: &str) -> i64 {
    server
        .db
        .count(&format!(
            "SELECT MAX(n.id) FROM public_notices n \
             JOIN program_versions v ON v.id = n.program_version_id \
             WHERE v.program_id = '{program}' AND n.closed_at IS NULL"
        ))
        .await
}

async fn entry_of(server: &Server, name: &str) -> i64 {
    server
        .db
        .count(&format!(
            "SELECT application_id FROM public_notice_entries WHERE name = '{name}'"
        ))
        .await
}

async fn stage_of(server: &Server, application: i64) -> i64 {
    server
        .db
        .count(&format!(
            "SELECT COUNT(*) FROM applications WHERE id = {application} AND stage = 'at:credit-check'"
        ))
        .await
}

/// Sends the public objection form as a visitor who is not signed in.
async fn object(
    server: &Server,
    visitor: &reqwest::Client,
    notice: i64,
    application: i64,
    evidence: Option<&'static [u8]>,
) -> (u16, String) {
    let csrf = server.csrf(visitor, "/login").await;
    let mut form = Form::new()
        .text("application", application.to_string())
        .text("name", "李明")
        .text("contact", "13900001111")
        .text("reason", "申报人的荣誉证书日期有误");
    if let Some(bytes) = evidence {
        form = form.part(
            "file",
            Part::bytes(bytes)
                .file_name("证据.png")
                .mime_str("image/png")
                .unwrap(),
        );
    }
    let response = visitor
        .post(server.url(&format!("/notices/{notice}/objections?_csrf={csrf}")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn the_public_objects_to_a_notice_with_evidence_and_the_bureau_decides_and_closes_it(
    db: TestDb,
) {
    let server = Server::demo(db).await;
    let notice = running_notice(&server, "dalian-high-skill-2021").await;
    let visitor = server.client();

    let (status, list) = server.get(&visitor, "/notices").await;
    assert_eq!(status, 200);
    assert!(list.contains("冯德胜") && list.contains("韩守业"), "{list}");
    assert!(
        list.contains("2021-11-24 至 2021-12-01"),
        "the window's dates"
    );
    assert!(list.contains("210283********"), "the ID number is masked");
    assert!(!list.contains("19690708"), "the birth date is not shown");

    let han = entry_of(&server, "韩守业").await;
    let (status, receipt) = object(&server, &visitor, notice, han, Some(PNG)).await;
    assert_eq!(status, 200, "{receipt}");
    assert!(receipt.contains("回执编号：GS-"), "{receipt}");
    assert_eq!(
        server
            .db
            .count(&format!(
                "SELECT COUNT(*) FROM application_attachments WHERE application_id = {han} \
                 AND purpose LIKE '异议证据 GS-%'"
            ))
            .await,
        1,
        "the evidence is kept with the application"
    );

    let city = server.demo_user("demo-city").await;
    let (status, manage) = server
        .get(&city, &format!("/manage/notices/{notice}"))
        .await;
    assert_eq!(status, 200);
    assert!(
        manage.contains("李明") && manage.contains("13900001111"),
        "{manage}"
    );
    assert!(manage.contains("演示异议人"));
    let (_, work) = server.get(&city, "/work").await;
    assert!(
        work.contains("待调查核实") && work.contains("评审中"),
        "the work list names the objections and the open panel: {work}"
    );

    let (status, early) = server
        .post(&city, &format!("/manage/notices/{notice}/close"), &[])
        .await;
    assert_eq!(status, 422, "the window has not ended: {early}");

    let feng = entry_of(&server, "冯德胜").await;
    let demo_objection = server
        .db
        .count(&format!(
            "SELECT id FROM objections WHERE application_id = {feng}"
        ))
        .await;
    let (status, _) = server
        .post(
            &city,
            &format!("/manage/objections/{demo_objection}/decide"),
            &[
                ("decision", "uphold:credit-check"),
                ("finding", "经核实，荣誉证书获得时间有误，退回重新核查"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(stage_of(&server, feng).await, 1, "back to the credit check");
    let public_objection = server
        .db
        .count(&format!(
            "SELECT id FROM objections WHERE application_id = {han}"
        ))
        .await;
    let (status, _) = server
        .post(
            &city,
            &format!("/manage/objections/{public_objection}/decide"),
            &[("decision", "dismiss"), ("finding", "经核实，证书日期无误")],
        )
        .await;
    assert_eq!(status, 303);

    server.clock.set(date("2021-12-02"));
    let (status, late) = object(&server, &visitor, notice, han, None).await;
    assert_eq!(status, 422, "no objection after the window: {late}");
    assert!(late.contains("公示期内"));
    let (status, _) = server
        .post(&city, &format!("/manage/notices/{notice}/close"), &[])
        .await;
    assert_eq!(status, 303);
    assert_eq!(
        server
            .db
            .count(&format!(
                "SELECT COUNT(*) FROM applications WHERE id = {han} AND stage = 'at:publication'"
            ))
            .await,
        1,
        "the listed application moves on"
    );
    let (_, list) = server.get(&visitor, "/notices").await;
    assert!(
        !list.contains("韩守业"),
        "a closed notice is no longer running"
    );
}

#[tokio::test]
async fn a_district_reviewer_guessing_a_notice_it_does_not_run_gets_not_found() {
    let server = Server::demo(TestDb::sqlite().await).await;
    let notice = running_notice(&server, "dalian-high-skill-2021").await;
    let district = server.demo_user("demo-zhongshan").await;
    let (status, _) = server
        .get(&district, &format!("/manage/notices/{notice}"))
        .await;
    assert_eq!(status, 404);
    let (status, _) = server
        .post(&district, &format!("/manage/notices/{notice}/close"), &[])
        .await;
    assert_eq!(status, 404);
    let (status, page) = server.get(&district, "/manage/notices").await;
    assert_eq!(status, 200);
    assert!(page.contains("没有公示。"), "{page}");
}

/// Takes the demo's 004 candidates still at the security and credit review (the demo certified
/// the first of the two) through the district's approval, through the workflow, so that they
/// wait for the public notice.
async fn chief_technicians_approved(server: &Server) {
    let workflow = server.state.workflow();
    let store = workflow.store();
    let account = jiangxin_store::accounts::find_by_login(store, "demo-huiyang")
        .await
        .unwrap()
        .unwrap();
    let district = workflow.caller(account.id).await.unwrap();
    let mut waiting = BTreeSet::new();
    for version in programs::list(store).await.unwrap() {
        if version.program_id != "huiyang-chief-technician-2024" {
            continue;
        }
        for application in applications::for_program_version(store, version.id)
            .await
            .unwrap()
        {
            if application.stage == "at:security-credit-review" {
                waiting.insert(application.id);
            }
        }
    }
    assert!(!waiting.is_empty(), "a 004 candidate waits for the review");
    for id in waiting {
        for source in ["公安", "市场监管", "法院", "检察院", "税务"] {
            workflow
                .record_consultation(
                    &district,
                    id,
                    &jiangxin_workflow::ConsultationInput {
                        source: source.to_owned(),
                        queried_on: server.state.today(),
                        result: jiangxin_store::consultations::ConsultationResult::Clear,
                        attachment: None,
                    },
                )
                .await
                .unwrap();
        }
        let reviewed = workflow.application(&district, id).await.unwrap();
        let passed = workflow
            .review(
                &district,
                id,
                reviewed.row_version,
                jiangxin_workflow::ReviewVerdict::Pass,
                "安全信用审查无不良记录",
            )
            .await
            .unwrap();
        workflow
            .approve(
                &district,
                id,
                passed.row_version,
                "惠阳区委人才办审定（演示）",
            )
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_district_publishes_its_notice_with_a_window_counted_in_working_days() {
    let server = Server::demo(TestDb::sqlite().await).await;
    server.clock.set(date("2024-04-16"));
    chief_technicians_approved(&server).await;
    let huiyang = server.demo_user("demo-huiyang").await;
    let (status, page) = server.get(&huiyang, "/manage/notices").await;
    assert_eq!(status, 200);
    assert!(page.contains("惠阳区区管首席技师"), "{page}");
    let stage = [("stage", "huiyang-chief-technician-2024/public-notice")];
    let (status, short) = server
        .post(
            &huiyang,
            "/manage/notices",
            &[stage[0], ("last_day", "2024-04-19")],
        )
        .await;
    assert_eq!(status, 400, "不少于 5 个工作日: {short}");
    assert!(short.contains("最早至 2024-04-23 结束"), "{short}");
    let (status, _) = server.post(&huiyang, "/manage/notices", &stage).await;
    assert_eq!(status, 303);
    let notice = running_notice(&server, "huiyang-chief-technician-2024").await;
    let (_, list) = server.get(&server.client(), "/notices").await;
    assert!(
        list.contains("2024-04-16 至 2024-04-23") && list.contains("林国强"),
        "{list}"
    );
    let lin = entry_of(&server, "林国强").await;
    let (status, receipt) = object(&server, &server.client(), notice, lin, None).await;
    assert_eq!(status, 200);
    assert!(
        receipt.contains("调查核实将于 2024-04-23 前完成"),
        "004: investigated within 5 working days: {receipt}"
    );
    server.clock.set(date("2024-04-24"));
    let (status, manage) = server
        .get(&huiyang, &format!("/manage/notices/{notice}"))
        .await;
    assert_eq!(status, 200);
    assert!(
        manage.contains("2024-04-23") && manage.contains("已逾期"),
        "an investigation past its due date is marked: {manage}"
    );
}
