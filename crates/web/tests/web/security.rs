//! Security of every page: headers, CSRF, sessions, lock-out.

use jiangxin_store::accounts::Role;
use jiangxin_store::on_both_backends;
use jiangxin_store::testing::TestDb;
use jiangxin_web::Settings;
use jiangxin_web::security::CONTENT_SECURITY_POLICY_VALUE;

use crate::harness::{PASSWORD, Server};

on_both_backends!(five_wrong_passwords_lock_the_account_even_against_the_right_one,);

#[tokio::test]
async fn every_page_forbids_inline_script_and_framing() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    let response = server.client().get(server.url("/")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert_eq!(csp, CONTENT_SECURITY_POLICY_VALUE);
    assert!(csp.contains("script-src 'self';"));
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["cache-control"], "no-store");
    let page = response.text().await.unwrap();
    assert!(page.contains(r#"<script src="/assets/htmx.min.js" defer>"#));
    assert!(!page.contains("<script>"), "no inline script");
    assert!(!page.contains(" style="), "no inline style");
}

#[tokio::test]
async fn htmx_is_served_from_the_binary_as_javascript() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    let response = server
        .client()
        .get(server.url("/assets/htmx.min.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    let body = response.bytes().await.unwrap();
    assert_eq!(&body[..], include_bytes!("../../assets/htmx.min.js"));
}

#[tokio::test]
async fn a_form_sent_without_its_token_or_from_another_site_is_refused() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    server.account("city", Role::CityReviewer, None).await;
    let client = server.client();
    let csrf = server.csrf(&client, "/login").await;
    let without = client
        .post(server.url("/login"))
        .form(&[("login", "city"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), 403);
    assert!(
        without
            .text()
            .await
            .unwrap()
            .contains("表单已过期或来源不明")
    );
    let wrong = client
        .post(server.url("/login"))
        .form(&[
            ("login", "city"),
            ("password", PASSWORD),
            ("_csrf", "guess"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let cross_site = client
        .post(server.url("/login"))
        .header("origin", "http://evil.example")
        .form(&[("login", "city"), ("password", PASSWORD), ("_csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    let right = client
        .post(server.url("/login"))
        .form(&[("login", "city"), ("password", PASSWORD), ("_csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 303);
    assert_eq!(right.headers()["location"], "/work");
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_strict_and_secure_behind_tls() {
    for (behind_tls, secure) in [(false, false), (true, true)] {
        let settings = Settings {
            secure_cookies: behind_tls,
            ..Settings::default()
        };
        let server = Server::with_settings(TestDb::sqlite().await, "2021-06-20", settings).await;
        server.account("city", Role::CityReviewer, None).await;
        let client = server.client();
        let csrf = server.csrf(&client, "/login").await;
        let response = client
            .post(server.url("/login"))
            .form(&[("login", "city"), ("password", PASSWORD), ("_csrf", &csrf)])
            .send()
            .await
            .unwrap();
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with("jx_session="))
            .expect("a session cookie");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
        assert_eq!(cookie.contains("Secure"), secure, "{cookie}");
    }
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    server.account("city", Role::CityReviewer, None).await;
    let client = server.signed_in("city").await;
    let csrf = server.csrf(&client, "/").await;
    let out = client
        .post(server.url("/logout"))
        .form(&[("_csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    assert_eq!(
        server.db.count("SELECT COUNT(*) FROM web_sessions").await,
        0
    );
    let page = client
        .get(server.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"href="/login""#));
}

#[tokio::test]
async fn a_session_idle_beyond_the_timeout_ends_and_asks_to_sign_in_again() {
    let settings = Settings {
        idle_timeout: std::time::Duration::ZERO,
        ..Settings::default()
    };
    let server = Server::with_settings(TestDb::sqlite().await, "2021-06-20", settings).await;
    server.account("city", Role::CityReviewer, None).await;
    let client = server.signed_in("city").await;
    let page = client
        .get(server.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("长时间未操作，已自动退出"));
    assert_eq!(
        server.db.count("SELECT COUNT(*) FROM web_sessions").await,
        0
    );
}

async fn five_wrong_passwords_lock_the_account_even_against_the_right_one(db: TestDb) {
    let server = Server::start(db, "2021-06-20").await;
    server.account("city", Role::CityReviewer, None).await;
    let client = server.client();
    let csrf = server.csrf(&client, "/login").await;
    let attempt = |password: &'static str| {
        client
            .post(server.url("/login"))
            .form(&[("login", "city"), ("password", password), ("_csrf", &csrf)])
            .send()
    };
    for _ in 0..4 {
        let response = attempt("错误").await.unwrap();
        assert_eq!(response.status(), 422);
        assert!(response.text().await.unwrap().contains("用户名或密码错误"));
    }
    let fifth = attempt("错误").await.unwrap();
    assert_eq!(fifth.status(), 429);
    assert!(fifth.text().await.unwrap().contains("账户已锁定至"));
    let right = attempt(PASSWORD).await.unwrap();
    assert_eq!(right.status(), 429, "locked even with the right password");
    assert_eq!(
        server
            .db
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.login_failed'")
            .await,
        5
    );
}

#[tokio::test]
async fn an_unknown_login_is_refused_like_a_wrong_password() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    let client = server.client();
    let csrf = server.csrf(&client, "/login").await;
    let response = client
        .post(server.url("/login"))
        .form(&[("login", "nobody"), ("password", "x"), ("_csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("用户名或密码错误"));
}
