//! Headless Chromium driven through chromedriver: a driver of its own for each test, on a free
//! port, ended with its browser when the test ends; and screenshots a person can look at.

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// How long a page may take to show what a test waits for: the live check waits 300 ms after
/// a change before it asks the server, and two cores are shared by several builds.
const PATIENCE: Duration = Duration::from_secs(20);

/// Where the screenshots go: `target/e2e-screenshots/` of the workspace.
pub fn screenshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots")
}

pub struct Browser {
    pub client: Client,
    base: String,
    driver: Child,
}

impl Browser {
    /// Starts chromedriver and opens a headless Chromium on the server at `base`.
    pub async fn open(base: &str) -> Self {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // A group of its own, so that ending it ends the browsers it started.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "无法启动 chromedriver（cannot start chromedriver: {e}）；\
                     请先运行 scripts/ensure-chromium.sh 安装 chromium 与 chromium-driver"
                )
            });
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < PATIENCE,
                "chromedriver did not listen on port {port}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--window-size=1366,768",
                         "--disable-dev-shm-usage", "--lang=zh-CN"],
            }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a headless Chromium session");
        Self {
            client,
            base: base.to_owned(),
            driver,
        }
    }

    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap_or_else(|e| panic!("open {path}: {e}"));
    }

    /// The path of the page the browser shows.
    pub async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_owned()
    }

    pub async fn find(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(e) => panic!("{css} is not on {}: {e}", self.path().await),
        }
    }

    /// Types `text` into the field `css`, after clearing it.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    pub async fn select(&self, css: &str, value: &str) {
        self.find(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("{css} offers {value}: {e}"));
    }

    /// Sets a date field. Typing into one depends on the browser's locale (mm/dd/yyyy or
    /// yyyy/mm/dd), so the value is set as the date picker would, with its change event.
    pub async fn set_date(&self, css: &str, date: &str) {
        let field = self.find(css).await;
        self.client
            .execute(
                "arguments[0].value = arguments[1]; \
                 arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
                vec![serde_json::to_value(field).unwrap(), json!(date)],
            )
            .await
            .unwrap_or_else(|e| panic!("{css} takes {date}: {e}"));
    }

    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap();
    }

    /// Chooses the option of the select `css` whose text contains `text`.
    pub async fn select_text(&self, css: &str, text: &str) {
        self.find(css)
            .await
            .select_by(Locator::XPath(&format!(".//option[contains(., '{text}')]")))
            .await
            .unwrap_or_else(|e| panic!("{css} offers an option with {text:?}: {e}"));
    }

    /// Types `text` into every field `css` matches.
    pub async fn fill_all(&self, css: &str, text: &str) {
        self.find(css).await;
        for field in self.client.find_all(Locator::Css(css)).await.unwrap() {
            field.clear().await.unwrap();
            field.send_keys(text).await.unwrap();
        }
    }

    /// Clicks the button of a form that asks to confirm an act that cannot be undone
    /// (`data-confirm`), and answers the question with OK.
    pub async fn click_confirmed(&self, css: &str) {
        self.click(css).await;
        let started = Instant::now();
        while self.client.accept_alert().await.is_err() {
            assert!(
                started.elapsed() < PATIENCE,
                "{css} on {} asked nothing to confirm",
                self.path().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Follows the link whose text is `text`.
    pub async fn follow(&self, text: &str) {
        match self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::LinkText(text))
            .await
        {
            Ok(link) => link.click().await.unwrap(),
            Err(e) => panic!("no link {text:?} on {}: {e}", self.path().await),
        }
    }

    /// Whether the page shows an element `css` now, without waiting for one.
    pub async fn shows(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_ok()
    }

    /// The text of `css` once it contains `expected`; the test fails with the text it saw if
    /// it does not come.
    pub async fn text_with(&self, css: &str, expected: &str) -> String {
        let started = Instant::now();
        loop {
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(expected) {
                return text;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "{css} on {} should say {expected:?}, it says {text:?}",
                self.path().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Signs in through the log-in page.
    pub async fn sign_in(&self, login: &str, password: &str) {
        self.client.delete_all_cookies().await.unwrap();
        self.goto("/login").await;
        self.fill("input[name=login]", login).await;
        self.fill("input[name=password]", password).await;
        self.click("form[action='/login'] button[type=submit]")
            .await;
        self.text_with(".who", login).await;
    }

    /// Scrolls the page so that the heading saying `text` is at the top of the window, for a
    /// screenshot of what lies below the first screen.
    pub async fn scroll_to_heading(&self, text: &str) {
        let heading = self
            .client
            .find(Locator::XPath(&format!(
                "//*[self::h2 or self::h3][contains(., '{text}')]"
            )))
            .await
            .unwrap_or_else(|e| panic!("no heading {text:?}: {e}"));
        self.client
            .execute(
                "arguments[0].scrollIntoView();",
                vec![serde_json::to_value(heading).unwrap()],
            )
            .await
            .unwrap_or_else(|e| panic!("scroll to {text:?}: {e}"));
    }

    /// Saves what the browser shows as `target/e2e-screenshots/<name>.png`.
    pub async fn shot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("a screenshot");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("the screenshot folder");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("the screenshot is saved");
    }

    /// Ends the browser session; the driver ends when the browser is dropped.
    pub async fn close(self) {
        self.client.clone().close().await.expect("the session ends");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The whole group: chromedriver and the Chromium it started, even after a failed test.
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.driver.id())])
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}
