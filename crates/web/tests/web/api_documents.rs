//! The pages' downloads through the JSON API, with a bearer token: each document with its content
//! type and a body its readers take (`pdftotext` for a PDF, calamine for a workbook), for the
//! accounts its page is for; refusals as the API's JSON errors.

use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use jiangxin_reports::{PDF, XLSX};
use jiangxin_store::applications::{self, ApplicationId};
use jiangxin_store::persons;
use jiangxin_store::testing::TestDb;
use jiangxin_web::demo;
use reqwest::{Method, StatusCode};

use crate::api::{answer, assert_error, call, sign_in_with};
use crate::downloads::{first_at, pdf_text};
use crate::harness::Server;

async fn demo_token(server: &Server, login: &str) -> String {
    sign_in_with(server, login, demo::PASSWORD).await
}

/// A document downloaded with the token: asserts its content type and the file name offered,
/// and returns its bytes.
async fn download(
    server: &Server,
    token: Option<&str>,
    path: &str,
    media_type: &str,
    file_name: &str,
) -> Vec<u8> {
    let response = call(server, token, Method::GET, path).send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.unwrap().to_vec();
    assert_eq!(
        status,
        StatusCode::OK,
        "{path}: {}",
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(headers["content-type"], media_type, "{path}");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.contains(file_name), "{path}: {disposition}");
    bytes
}

/// pdftotext spaces out some CJK runs; compare without white space.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_has(pdf: &[u8], wanted: &[&str]) {
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    let text = squeezed(&pdf_text(pdf));
    for w in wanted {
        assert!(text.contains(&squeezed(w)), "missing “{w}” in:\n{text}");
    }
}

/// A workbook's first sheet: its name, and its cells as calamine reads them, row by row.
fn sheet(bytes: Vec<u8>) -> (String, Vec<Vec<Data>>) {
    assert!(bytes.starts_with(b"PK"), "an xlsx workbook");
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    let name = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range_at(0).unwrap().unwrap();
    let (row0, col0) = range.start().unwrap();
    let mut rows = vec![Vec::new(); row0 as usize];
    for row in range.rows() {
        let mut full = vec![Data::Empty; col0 as usize];
        full.extend_from_slice(row);
        rows.push(full);
    }
    (name, rows)
}

fn has_text(row: &[Data], text: &str) -> bool {
    row.iter()
        .any(|c| matches!(c, Data::String(s) if s == text))
}

fn row_with<'a>(rows: &'a [Vec<Data>], text: &str) -> &'a [Data] {
    rows.iter()
        .find(|r| has_text(r, text))
        .unwrap_or_else(|| panic!("no row with “{text}”: {rows:?}"))
}

fn column_of(rows: &[Vec<Data>], header: &str) -> usize {
    row_with(rows, header)
        .iter()
        .position(|c| matches!(c, Data::String(s) if s == header))
        .unwrap()
}

/// The applicant's full ID number, as stored.
async fn id_number_of(server: &Server, application: i64) -> String {
    let store = server.state.store();
    let application = applications::get(&store, ApplicationId(application))
        .await
        .unwrap();
    let person = persons::get(&store, application.applicant.unwrap())
        .await
        .unwrap();
    person.id_number.as_str().to_owned()
}

#[tokio::test]
async fn the_form_summary_work_list_and_notice_download_through_the_api_for_whom_their_pages_are_for()
 {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    demo::seed(&server.state).await.unwrap();
    let id = first_at(&server, "dalian-craftsman-2021", "at:audit").await;
    let form = format!("/applications/{id}/form.pdf");
    let id_number = id_number_of(&server, id).await;

    // The unit's officer: the form of its application, with the applicant's name.
    let unit = demo_token(&server, "demo-unit").await;
    let (_, application) = answer(call(
        &server,
        Some(&unit),
        Method::GET,
        &format!("/applications/{id}"),
    ))
    .await;
    let name = application["applicant"].as_str().unwrap().to_owned();
    let program_title = application["program_title"].as_str().unwrap().to_owned();
    let pdf = download(
        &server,
        Some(&unit),
        &form,
        PDF,
        &format!("application-{id}.pdf"),
    )
    .await;
    assert_has(&pdf, &["大连工匠申报表", &name]);

    // Another district's reviewer does not learn that it exists; without a token, 401.
    let zhuanghe = demo_token(&server, "demo-zhuanghe").await;
    assert_error(
        &answer(call(&server, Some(&zhuanghe), Method::GET, &form)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_error(
        &answer(call(&server, None, Method::GET, &form)).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );

    // The district's summary of 201号 (附件3) over its applications: the ID number as text, in
    // full.
    let zhongshan = demo_token(&server, "demo-zhongshan").await;
    let summary = "/programs/dalian-craftsman-2021/summary.xlsx";
    let (_, rows) = sheet(download(&server, Some(&zhongshan), summary, XLSX, ".xlsx").await);
    row_with(&rows, "大连工匠候选人推荐汇总表");
    let listed = row_with(&rows, &name);
    assert_eq!(
        listed[column_of(&rows, "身份证号码")],
        Data::String(id_number.clone())
    );
    // Another district's summary leaves the application out.
    let (_, rows) = sheet(download(&server, Some(&zhuanghe), summary, XLSX, ".xlsx").await);
    assert!(
        !rows.iter().any(|r| has_text(r, &id_number)),
        "another district's summary: {rows:?}"
    );
    let unknown = answer(call(
        &server,
        Some(&zhongshan),
        Method::GET,
        "/programs/no-such-program/summary.xlsx",
    ))
    .await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "not_found");
    assert!(
        unknown.1["message"]
            .as_str()
            .unwrap()
            .contains("没有项目 no-such-program")
    );

    // The list of applications, as the caller's work list page names it, one row each.
    let (title, rows) = sheet(
        download(
            &server,
            Some(&zhongshan),
            "/applications/export.xlsx",
            XLSX,
            "worklist.xlsx",
        )
        .await,
    );
    assert_eq!(title, "待办");
    let row = rows
        .iter()
        .find(|r| r.first() == Some(&Data::Float(id as f64)))
        .unwrap_or_else(|| panic!("no row for {id}: {rows:?}"));
    assert!(
        has_text(row, &name) && has_text(row, &program_title),
        "{row:?}"
    );
    let (title, _) = sheet(
        download(
            &server,
            Some(&unit),
            "/applications/export.xlsx",
            XLSX,
            "worklist.xlsx",
        )
        .await,
    );
    assert_eq!(title, "本单位申报");
    // An expert reads applications only through the panels.
    let expert = demo_token(&server, "demo-expert-1").await;
    assert_error(
        &answer(call(
            &server,
            Some(&expert),
            Method::GET,
            "/applications/export.xlsx",
        ))
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );

    // A public notice is public, as the PDF to post: names with the masked ID numbers.
    let (status, notice) = answer(call(&server, None, Method::GET, "/notices/1")).await;
    assert_eq!(status, StatusCode::OK, "{notice}");
    let entry = &notice["entries"][0];
    let pdf = download(&server, None, "/notices/1/notice.pdf", PDF, "notice-1.pdf").await;
    assert_has(
        &pdf,
        &[
            entry["name"].as_str().unwrap(),
            entry["masked_id"].as_str().unwrap(),
        ],
    );
    assert_error(
        &answer(call(&server, None, Method::GET, "/notices/999/notice.pdf")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[tokio::test]
async fn the_certificate_downloads_through_the_api_for_the_holders_unit_and_the_payment_list_for_finance()
 {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    demo::seed(&server.state).await.unwrap();
    // The demo certified 惠阳区's first chief-technician candidate, 黄伟文, paid the first year.
    let id = first_at(&server, "huiyang-chief-technician-2024", "at:payment").await;
    let holder_id = id_number_of(&server, id).await;
    let certificate = format!("/applications/{id}/certificate.pdf");

    let unit = demo_token(&server, "demo-unit-huiyang").await;
    let pdf = download(
        &server,
        Some(&unit),
        &certificate,
        PDF,
        &format!("certificate-{id}.pdf"),
    )
    .await;
    // The QR code's address is this server as the request reached it, as on the page.
    assert_has(
        &pdf,
        &[
            "黄伟文",
            "区管首席技师",
            &format!("{}/verify?code=", server.base),
        ],
    );

    // Another district's reviewer does not see the application, so neither its certificate.
    let zhongshan = demo_token(&server, "demo-zhongshan").await;
    assert_error(
        &answer(call(&server, Some(&zhongshan), Method::GET, &certificate)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    // An application without a title has no certificate, and says why.
    let waiting = first_at(
        &server,
        "huiyang-chief-technician-2024",
        "at:security-credit-review",
    )
    .await;
    let refused = answer(call(
        &server,
        Some(&unit),
        Method::GET,
        &format!("/applications/{waiting}/certificate.pdf"),
    ))
    .await;
    assert_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "refused");
    assert!(
        refused.1["message"]
            .as_str()
            .unwrap()
            .contains("尚未审定发证"),
        "{}",
        refused.1
    );

    // The finance bureau's paid list: the person with the ID number as text, in full, and the
    // unit paid under 46号.
    let finance = demo_token(&server, "demo-finance").await;
    let (_, rows) = sheet(
        download(
            &server,
            Some(&finance),
            "/payments/export.xlsx?status=paid",
            XLSX,
            "payments.xlsx",
        )
        .await,
    );
    row_with(&rows, "待遇发放名单");
    let code = column_of(&rows, "身份证号码／统一社会信用代码");
    let status = column_of(&rows, "状态");
    let person = row_with(&rows, "黄伟文");
    assert_eq!(person[code], Data::String(holder_id.clone()));
    assert_eq!(person[status], Data::String("已发放".to_owned()));
    row_with(&rows, "大连重工机床有限公司");

    // One program's: 46号's leaves 黄伟文 out.
    let (_, rows) = sheet(
        download(
            &server,
            Some(&finance),
            "/payments/export.xlsx?status=paid&program=dalian-skilled-talent-2011",
            XLSX,
            "payments.xlsx",
        )
        .await,
    );
    row_with(&rows, "大连重工机床有限公司");
    assert!(
        !rows.iter().any(|r| has_text(r, "黄伟文")),
        "another program's payments are left out: {rows:?}"
    );

    // A status that is none is refused, not read as the payments due; so is an unknown program.
    assert_error(
        &answer(call(
            &server,
            Some(&finance),
            Method::GET,
            "/payments/export.xlsx?status=paied",
        ))
        .await,
        StatusCode::BAD_REQUEST,
        "invalid",
    );
    assert_error(
        &answer(call(
            &server,
            Some(&finance),
            Method::GET,
            "/payments/export.xlsx?program=no-such-program",
        ))
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    // Finance only.
    assert_error(
        &answer(call(
            &server,
            Some(&unit),
            Method::GET,
            "/payments/export.xlsx",
        ))
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
}
