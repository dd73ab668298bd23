//! A server on a fresh database, on a free port of this machine, with a clock the test sets, and
//! the accounts the tests sign in as.

use std::sync::Arc;

use chrono::NaiveDate;
use jiangxin_calendar::holidays::WorkCalendar;
use jiangxin_domain::division::DivisionCode;
use jiangxin_policy::ProgramSet;
use jiangxin_store::accounts::{self, AccountId, NewAccount, Role};
use jiangxin_store::testing::TestDb;
use jiangxin_web::{AppState, ServerClock, Settings, auth::hash_password};
use jiangxin_workflow::Workflow;
use reqwest::redirect::Policy;

pub const PASSWORD: &str = "正确的口令-2026";

pub struct Server {
    pub db: TestDb,
    pub state: AppState,
    pub base: String,
    pub clock: Arc<ServerClock>,
}

pub fn date(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

impl Server {
    pub async fn start(db: TestDb, today: &str) -> Self {
        Self::with_settings(db, today, Settings::default()).await
    }

    pub async fn with_settings(db: TestDb, today: &str, settings: Settings) -> Self {
        let clock = Arc::new(ServerClock::demo(date(today)));
        let workflow = Workflow::new(
            db.store.clone(),
            ProgramSet::builtin_files(),
            WorkCalendar::builtin().expect("the official calendar"),
            clock.clone(),
        )
        .expect("the built-in programs");
        let settings = Settings {
            data_dir: db.dir.path().to_owned(),
            ..settings
        };
        let state = jiangxin_web::state(workflow, clock.clone(), settings)
            .await
            .expect("the server's state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(jiangxin_web::serve(listener, state.clone()));
        Self {
            db,
            state,
            base,
            clock,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser-like client: it keeps cookies and does not follow redirects, so that tests see
    /// where they lead.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    /// An account with [`PASSWORD`].
    pub async fn account(&self, login: &str, role: Role, district: Option<&str>) -> AccountId {
        let tx = self.db.begin().await;
        let account = accounts::insert(
            &tx,
            &NewAccount {
                login: login.to_owned(),
                password_hash: Some(hash_password(PASSWORD)),
                role,
                district: district.map(|d| DivisionCode::parse(d).unwrap()),
                unit: None,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        account.id
    }

    /// A client signed in as `login`.
    pub async fn signed_in(&self, login: &str) -> reqwest::Client {
        let client = self.client();
        let csrf = self.csrf(&client, "/login").await;
        let response = client
            .post(self.url("/login"))
            .form(&[("login", login), ("password", PASSWORD), ("_csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{login} signs in");
        client
    }

    /// A page's status and text.
    pub async fn get(&self, client: &reqwest::Client, path: &str) -> (u16, String) {
        let response = client.get(self.url(path)).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// Sends a form with this client's CSRF token; the status and the text of the answer.
    pub async fn post(
        &self,
        client: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> (u16, String) {
        let csrf = self.csrf(client, "/").await;
        let mut fields = form.to_vec();
        fields.push(("_csrf", &csrf));
        let response = client
            .post(self.url(path))
            .form(&fields)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// The demo, seeded, with a client signed in as the demo account `login`.
    pub async fn demo(db: TestDb) -> Self {
        let server = Self::start(db, "2021-06-20").await;
        jiangxin_web::demo::seed(&server.state).await.unwrap();
        server
    }

    /// A client signed in as the demo account `login`.
    pub async fn demo_user(&self, login: &str) -> reqwest::Client {
        let client = self.client();
        let csrf = self.csrf(&client, "/login").await;
        let response = client
            .post(self.url("/login"))
            .form(&[
                ("login", login),
                ("password", jiangxin_web::demo::PASSWORD),
                ("_csrf", &csrf),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{login} signs in");
        client
    }

    /// The CSRF token the page at `path` gives this client's forms.
    pub async fn csrf(&self, client: &reqwest::Client, path: &str) -> String {
        let page = client
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let marker = r#"name="_csrf" value=""#;
        let start = page
            .find(marker)
            .unwrap_or_else(|| panic!("{path} has a form"))
            + marker.len();
        page[start..start + page[start..].find('"').unwrap()].to_owned()
    }
}
