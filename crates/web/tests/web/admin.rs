//! The administrator's pages: accounts and roles, unlocking, program files, holidays,
//! parameters; and who may not use them.

use jiangxin_store::accounts::Role;
use jiangxin_store::on_both_backends;
use jiangxin_store::testing::TestDb;
use reqwest::multipart::{Form, Part};

use crate::harness::{PASSWORD, Server};

on_both_backends!(an_administrator_creates_an_account_whose_first_password_signs_in,);

async fn signed_in_with(server: &Server, login: &str, password: &str) -> (reqwest::Client, u16) {
    let client = server.client();
    let csrf = server.csrf(&client, "/login").await;
    let response = client
        .post(server.url("/login"))
        .form(&[("login", login), ("password", password), ("_csrf", &csrf)])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (client, status)
}

async fn an_administrator_creates_an_account_whose_first_password_signs_in(db: TestDb) {
    let server = Server::start(db, "2021-06-20").await;
    server.account("admin", Role::Admin, None).await;
    let admin = server.signed_in("admin").await;
    let (status, refused) = server
        .post(
            &admin,
            "/admin",
            &[
                ("login", "zhongshan"),
                ("role", "district_reviewer"),
                ("district", ""),
            ],
        )
        .await;
    assert_eq!(
        status, 400,
        "a district reviewer needs its district: {refused}"
    );
    assert!(refused.contains("区县审核人须指定区县"), "{refused}");
    let (status, created) = server
        .post(
            &admin,
            "/admin",
            &[
                ("login", "zhongshan"),
                ("role", "district_reviewer"),
                ("district", "210202"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{created}");
    let marker = "初始密码：";
    let start = created.find(marker).expect("the first password is shown") + marker.len();
    let password: String = created[start..].chars().take(12).collect();
    let (reviewer, status) = signed_in_with(&server, "zhongshan", &password).await;
    assert_eq!(status, 303);
    let (status, work) = server.get(&reviewer, "/work").await;
    assert_eq!(status, 200);
    assert!(work.contains("本区（210202）的申报"), "{work}");
    let (status, _) = server
        .post(
            &admin,
            "/admin",
            &[("login", "zhongshan"), ("role", "expert")],
        )
        .await;
    assert_eq!(status, 409, "a login is given once");
}

#[tokio::test]
async fn an_administrator_unlocks_a_locked_account_and_gives_it_another_role() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    server.account("admin", Role::Admin, None).await;
    let reviewer = server.account("reviewer", Role::CityReviewer, None).await;
    for _ in 0..5 {
        signed_in_with(&server, "reviewer", "错误的口令").await;
    }
    let (_, status) = signed_in_with(&server, "reviewer", PASSWORD).await;
    assert_eq!(status, 429, "locked");
    let admin = server.signed_in("admin").await;
    let (_, page) = server.get(&admin, "/admin").await;
    assert!(page.contains("已锁定至"), "{page}");
    let (status, _) = server
        .post(&admin, &format!("/admin/accounts/{reviewer}/unlock"), &[])
        .await;
    assert_eq!(status, 303);
    let (_, status) = signed_in_with(&server, "reviewer", PASSWORD).await;
    assert_eq!(status, 303, "unlocked");
    assert_eq!(
        server
            .db
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.unlock'")
            .await,
        1
    );

    let (status, _) = server
        .post(
            &admin,
            &format!("/admin/accounts/{reviewer}/role"),
            &[("role", "district_reviewer"), ("district", "210283")],
        )
        .await;
    assert_eq!(status, 303);
    let (_, page) = server.get(&admin, "/admin").await;
    assert!(page.contains("区县 210283"), "{page}");
    let admin_id = server
        .db
        .count("SELECT id FROM accounts WHERE login = 'admin'")
        .await;
    let (status, own) = server
        .post(
            &admin,
            &format!("/admin/accounts/{admin_id}/role"),
            &[("role", "expert")],
        )
        .await;
    assert_eq!(status, 422, "{own}");

    let (status, _) = server
        .get(&server.signed_in("reviewer").await, "/admin")
        .await;
    assert_eq!(status, 403, "only the administrator");
}

async fn upload(server: &Server, admin: &reqwest::Client, text: String, activate: bool) -> String {
    let (status, page) = send_upload(server, admin, text, activate).await;
    assert_eq!(status, 200, "{page}");
    page
}

/// Uploads a program file; the status and the page answered.
async fn send_upload(
    server: &Server,
    admin: &reqwest::Client,
    text: String,
    activate: bool,
) -> (u16, String) {
    let csrf = server.csrf(admin, "/admin/programs").await;
    let mut form = Form::new().part("file", Part::bytes(text.into_bytes()).file_name("new.toml"));
    if activate {
        form = form.text("activate", "yes");
    }
    let response = admin
        .post(server.url(&format!("/admin/programs?_csrf={csrf}")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn a_new_program_file_is_validated_with_its_errors_shown_and_activated_without_a_restart() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    server.account("admin", Role::Admin, None).await;
    let admin = server.signed_in("admin").await;
    let (status, page) = server.get(&admin, "/admin/programs").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("dalian-high-skill-2021") && page.contains("SHA-256"),
        "{page}"
    );

    let broken = upload(&server, &admin, "[program\nid = ".to_owned(), true).await;
    assert!(
        broken.contains("校验未通过") && broken.contains("TOML"),
        "{broken}"
    );

    let source = jiangxin_policy::ProgramSet::builtin_files()
        .iter()
        .find(|(name, _)| name.contains("craftsman"))
        .map(|(_, text)| *text)
        .unwrap();
    let next_year = source.replacen(
        "id = \"dalian-craftsman-2021\"",
        "id = \"dalian-craftsman-2022\"",
        1,
    );
    let escaping = source.replacen("id = \"dalian-craftsman-2021\"", "id = \"../escape\"", 1);
    let (status, refused) = send_upload(&server, &admin, escaping, true).await;
    assert_eq!(status, 400, "{refused}");
    assert!(refused.contains("只能由字母"), "{refused}");
    assert!(!server.db.dir.path().join("escape.toml").exists());
    let validated = upload(&server, &admin, next_year.clone(), false).await;
    assert!(
        validated.contains("校验通过") && validated.contains("未启用"),
        "{validated}"
    );
    let (status, _) = server.get(&admin, "/programs/dalian-craftsman-2022").await;
    assert_eq!(status, 404, "not active until asked");
    let activated = upload(&server, &admin, next_year, true).await;
    assert!(activated.contains("已启用"), "{activated}");
    let (status, _) = server
        .get(&server.client(), "/programs/dalian-craftsman-2022")
        .await;
    assert_eq!(status, 200);
    assert!(
        server
            .db
            .dir
            .path()
            .join("programs/dalian-craftsman-2022.toml")
            .is_file(),
        "kept in the data directory for the next start"
    );
}

#[tokio::test]
async fn the_holiday_page_names_the_years_loaded() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    server.account("admin", Role::Admin, None).await;
    let admin = server.signed_in("admin").await;
    let (status, page) = server.get(&admin, "/admin/holidays").await;
    assert_eq!(status, 200);
    let years = server
        .state
        .workflow()
        .calendar()
        .published_years()
        .collect::<Vec<_>>();
    let listed = years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join("、");
    assert!(page.contains(&listed), "{page}");
    assert!(
        page.contains("2021-06-20") && page.contains("休息日"),
        "a Sunday: {page}"
    );
}

#[tokio::test]
async fn a_city_reviewer_sets_the_city_average_wage_with_its_source_and_the_administrator_reads_it()
{
    let server = Server::start(TestDb::sqlite().await, "2021-11-01").await;
    server.account("admin", Role::Admin, None).await;
    server.account("city", Role::CityReviewer, None).await;
    let city = server.signed_in("city").await;
    let (status, page) = server.get(&city, "/parameters").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("city_average_wage") && page.contains("未设定"),
        "{page}"
    );
    let path = "/parameters/dalian-high-skill-2021/city_average_wage";
    let (status, bad) = server
        .post(&city, path, &[("value", "很多"), ("source", "统计公报")])
        .await;
    assert_eq!(status, 400, "{bad}");
    let (status, _) = server
        .post(
            &city,
            path,
            &[
                ("value", "98765"),
                ("source", "2020年大连市统计公报（测试）"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let admin = server.signed_in("admin").await;
    let (status, page) = server.get(&admin, "/parameters").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("98765") && page.contains("2020年大连市统计公报（测试）"),
        "{page}"
    );
    assert!(
        !page.contains("name=\"source\""),
        "no form for the administrator"
    );
    let (status, _) = server
        .post(&admin, path, &[("value", "1"), ("source", "x")])
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_demo_date_is_moved_by_the_administrator() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    server.account("admin", Role::Admin, None).await;
    let admin = server.signed_in("admin").await;
    let (status, _) = server
        .post(&admin, "/admin/clock", &[("today", "2024-04-01")])
        .await;
    assert_eq!(status, 303);
    assert_eq!(server.state.today(), crate::harness::date("2024-04-01"));
}
