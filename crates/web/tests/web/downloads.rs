//! Downloads from the pages: the application form as PDF, the summary and the work list as
//! Excel, the public notice as PDF; each for whom its page is for.

use jiangxin_store::applications;
use jiangxin_store::programs;
use jiangxin_store::testing::TestDb;
use jiangxin_web::demo;

use crate::harness::Server;

async fn signed_in(server: &Server, login: &str) -> reqwest::Client {
    let client = server.client();
    let csrf = server.csrf(&client, "/login").await;
    let response = client
        .post(server.url("/login"))
        .form(&[
            ("login", login),
            ("password", demo::PASSWORD),
            ("_csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "{login} signs in");
    client
}

/// The first application of a program at a stage.
async fn first_at(server: &Server, program: &str, stage: &str) -> i64 {
    let store = server.state.store();
    for version in programs::list(&store).await.unwrap() {
        if version.program_id != program {
            continue;
        }
        let found = applications::for_program_version(&store, version.id)
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.stage == stage);
        if let Some(application) = found {
            return application.id.0;
        }
    }
    panic!("no application of {program} at {stage}")
}

#[tokio::test]
async fn the_application_form_summary_work_list_and_notice_download_for_whom_their_pages_are_for() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    demo::seed(&server.state).await.unwrap();
    let id = first_at(&server, "dalian-craftsman-2021", "at:audit").await;
    let form = format!("/applications/{id}/form.pdf");

    let unit = signed_in(&server, "demo-unit").await;
    let page = unit
        .get(server.url(&format!("/applications/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&form), "the page links its form");
    let response = unit.get(server.url(&form)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(&format!("application-{id}.pdf"))
    );
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    assert!(
        bytes.len() > 10_000,
        "with its fonts: {} bytes",
        bytes.len()
    );

    // Another district's reviewer does not see the application, so neither its form.
    let elsewhere = signed_in(&server, "demo-zhuanghe").await;
    let response = elsewhere.get(server.url(&form)).send().await.unwrap();
    assert_eq!(response.status(), 404);
    // Nor does a visitor who has not signed in.
    let response = server.client().get(server.url(&form)).send().await.unwrap();
    assert_ne!(response.status(), 200);

    // The district's work list and the program's summary, as workbooks.
    let district = signed_in(&server, "demo-zhongshan").await;
    for path in [
        "/work/export.xlsx",
        "/programs/dalian-craftsman-2021/summary.xlsx",
    ] {
        let response = district.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            response.headers()["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert!(response.bytes().await.unwrap().starts_with(b"PK"), "{path}");
    }
    // A unit officer has no reviewer's work list.
    let response = unit
        .get(server.url("/work/export.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);

    // The public notice is public, as a PDF to post.
    let response = server
        .client()
        .get(server.url("/notices/1/notice.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.bytes().await.unwrap().starts_with(b"%PDF-"));
    let response = server
        .client()
        .get(server.url("/notices/999/notice.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}
