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
pub async fn first_at(server: &Server, program: &str, stage: &str) -> i64 {
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
    let (_, page) = server.get(&unit, &format!("/applications/{id}")).await;
    assert!(page.contains(&form), "the page links its form");
    let bytes = pdf_download(&server, &unit, &form, &format!("application-{id}.pdf")).await;
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

/// A PDF downloaded with a client that may have it, offered under `file_name`.
async fn pdf_download(
    server: &Server,
    client: &reqwest::Client,
    path: &str,
    file_name: &str,
) -> Vec<u8> {
    let response = client.get(server.url(path)).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let disposition = response.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.contains(file_name), "{disposition}");
    let bytes = response.bytes().await.unwrap().to_vec();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    bytes
}

/// The text of a PDF as `pdftotext` extracts it (poppler-utils, scripts/ensure-office.sh).
pub fn pdf_text(bytes: &[u8]) -> String {
    let file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(file.path(), bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(file.path())
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn the_certificate_downloads_for_the_holders_unit_and_the_payment_list_for_finance() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    demo::seed(&server.state).await.unwrap();
    // The demo certified 惠阳区's first chief-technician candidate, who waits for payments.
    let id = first_at(&server, "huiyang-chief-technician-2024", "at:payment").await;
    let certificate = format!("/applications/{id}/certificate.pdf");

    let unit = signed_in(&server, "demo-unit-huiyang").await;
    let (_, page) = server.get(&unit, &format!("/applications/{id}")).await;
    assert!(page.contains(&certificate), "the title section links it");
    let bytes = pdf_download(
        &server,
        &unit,
        &certificate,
        &format!("certificate-{id}.pdf"),
    )
    .await;
    let text = pdf_text(&bytes);
    assert!(
        text.contains("黄伟文") && text.contains("区管首席技师"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{}/verify?code=", server.base)),
        "the QR code's address is this server as the request reached it: {text}"
    );

    // Another district's reviewer does not see the application, so neither its certificate.
    let elsewhere = signed_in(&server, "demo-zhongshan").await;
    let (status, _) = server.get(&elsewhere, &certificate).await;
    assert_eq!(status, 404);
    // An application without a title has no certificate to print, and says so.
    let waiting = first_at(
        &server,
        "huiyang-chief-technician-2024",
        "at:security-credit-review",
    )
    .await;
    let (status, refused) = server
        .get(&unit, &format!("/applications/{waiting}/certificate.pdf"))
        .await;
    assert_eq!(status, 422);
    assert!(refused.contains("尚未审定发证"), "{refused}");

    // The finance bureau's paid list, as a workbook, from its tab.
    let finance = signed_in(&server, "demo-finance").await;
    let (_, page) = server.get(&finance, "/finance?status=paid").await;
    assert!(
        page.contains("黄伟文") && page.contains("大连重工机床有限公司"),
        "the paid list names a person and a unit paid: {page}"
    );
    assert!(page.contains("/finance/export.xlsx?status=paid"), "{page}");
    let response = finance
        .get(server.url("/finance/export.xlsx?status=paid"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(response.bytes().await.unwrap().starts_with(b"PK"));
    let (status, _) = server.get(&unit, "/finance/export.xlsx").await;
    assert_eq!(status, 403, "finance only");
}
