//! One walker for every seed program: an application from the unit's registration (or the
//! person's) through every stage its program file names, up to the approval. The walker does
//! not know the stages: the application's page says where the application stands, who acts
//! next and when ("当前环节"), and the walker signs in as that actor and does what the pages
//! offer that actor. A program gives only its own inputs ([`Walk`]): the applicant, the form's
//! fields, the parameters the bureau sets, the panel's members, the expected notice window.
//!
//! Nothing moves the application but the pages; the clock is moved as the administrator's
//! "演示日期" page would: to the start of a stage's window, past a unit's internal notice,
//! and past a public notice's last day.

use chrono::{Days, NaiveDate};
use jiangxin_store::accounts::Role;
use jiangxin_workflow::Clock;

use crate::browser::Browser;
use crate::harness::{PASSWORD, Server, date};

/// The logins the walker creates: the city's reviewer, the reviewer of the applicant's
/// district, the finance bureau; experts are named by the walk's panel.
const CITY: &str = "city";
const DISTRICT: &str = "district";
const FINANCE: &str = "finance";

/// A unit as it registers, with its officer's login.
pub struct Unit {
    pub credit_code: String,
    pub name: &'static str,
    pub unit_type: &'static str,
    pub enterprise_class: Option<&'static str>,
    pub district: &'static str,
    pub login: &'static str,
}

/// A person the application is about.
pub struct Person {
    pub id_number: String,
    pub name: &'static str,
}

/// Who applies: a unit for one of its staff (or for itself), or a person in their own name
/// with their own account.
pub enum Applicant {
    Unit(Unit, Option<Person>),
    Person(Person, &'static str),
}

/// One field of the application form, by its name: chosen, typed, ticked, or a date.
pub enum Field {
    Choose(&'static str, &'static str),
    Type(&'static str, &'static str),
    Tick(&'static str, &'static str),
    Date(&'static str, &'static str),
}

/// A member of the expert panel and what the member does.
pub enum Seat {
    /// Scores every criterion and votes for.
    Votes(&'static str),
    /// Works at the applicant's unit: recused when appointed, without a word.
    SameUnit(&'static str),
    /// Declares a conflict of interest with this reason.
    Declares(&'static str, &'static str),
}

impl Seat {
    fn login(&self) -> &'static str {
        match self {
            Self::Votes(login) | Self::SameUnit(login) | Self::Declares(login, _) => login,
        }
    }
}

/// What one program's walk needs that the pages cannot tell. The walk starts on the server's
/// date.
pub struct Walk {
    /// The screenshots' prefix.
    pub name: &'static str,
    pub program: &'static str,
    pub category: &'static str,
    pub applicant: Applicant,
    /// The district whose reviewer reviews it: the unit's, or the program's for a person.
    pub district: &'static str,
    pub form: Vec<Field>,
    /// What the live check says once the form is filled in.
    pub check_says: &'static [&'static str],
    /// The parameters the bureau sets on its parameters page, with their source.
    pub parameters: &'static [(&'static str, &'static str, &'static str)],
    /// Whether the program is the district's (004) rather than the city's.
    pub district_runs: bool,
    /// The stages (by name) at which the reviewers record a site inspection.
    pub inspections: &'static [&'static str],
    pub panel: &'static [Seat],
    /// The public notice's window as its page shows it; `None` for a program without one.
    pub notice_window: Option<&'static str>,
    /// Whether a member of the public objects during the notice (dismissed after the
    /// investigation).
    pub objection: bool,
    /// The approving document's number.
    pub document: &'static str,
}

/// Where an application stands, as its page says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// The whole line: `待审核阶段　由市人社部门办理；时间：2021-07-05 至 2021-07-16`.
    pub line: String,
    /// `待审核阶段`, or `已办结`.
    pub stage: String,
    /// `市人社部门`; empty once completed.
    pub actor: String,
    /// The start of the stage's window, where it has one.
    pub opens: Option<NaiveDate>,
}

impl Standing {
    fn read(facts: &str) -> Self {
        let line = facts
            .lines()
            .skip_while(|l| *l != "当前环节")
            .nth(1)
            .unwrap_or_else(|| panic!("the page says where the application stands: {facts}"))
            .to_owned();
        let (stage, rest) = line.split_once('　').unwrap_or((&line, ""));
        let actor = rest
            .strip_prefix('由')
            .and_then(|r| r.split_once("办理"))
            .map_or("", |(actor, _)| actor);
        let opens = rest
            .split_once("时间：")
            .and_then(|(_, timing)| timing.split_once(" 至 "))
            .map(|(from, _)| date(from));
        Self {
            stage: stage.to_owned(),
            actor: actor.to_owned(),
            opens,
            line,
        }
    }

    /// The stage's name without the `待` of waiting.
    fn name(&self) -> &str {
        self.stage.strip_prefix('待').unwrap_or(&self.stage)
    }
}

/// The unit registers and its officer is signed in; with `shots`, the page is saved under that
/// prefix.
pub async fn register_unit(browser: &Browser, unit: &Unit, shots: Option<&str>) {
    browser.goto("/register").await;
    let form = "form[action='/register/unit']";
    let field = |name: &str| format!("{form} [name={name}]");
    browser.fill(&field("credit_code"), &unit.credit_code).await;
    browser.fill(&field("name"), unit.name).await;
    browser.select(&field("unit_type"), unit.unit_type).await;
    if let Some(class) = unit.enterprise_class {
        browser.select(&field("enterprise_class"), class).await;
    }
    browser.select(&field("district"), unit.district).await;
    browser.fill(&field("login"), unit.login).await;
    browser.fill(&field("password"), PASSWORD).await;
    browser.fill(&field("password_again"), PASSWORD).await;
    if let Some(prefix) = shots {
        browser.shot(&format!("{prefix}-register")).await;
    }
    browser.click(&format!("{form} button[type=submit]")).await;
    browser
        .text_with(".who", &format!("{}（单位经办人）", unit.login))
        .await;
    assert_eq!(
        browser.path().await,
        "/unit",
        "the officer lands on the unit's list"
    );
}

/// The person registers with an account of their own and is signed in.
async fn register_person(browser: &Browser, person: &Person, login: &str, shot: &str) {
    browser.goto("/register").await;
    let form = "form[action='/register/person']";
    let field = |name: &str| format!("{form} [name={name}]");
    browser.fill(&field("id_number"), &person.id_number).await;
    browser.fill(&field("name"), person.name).await;
    browser.fill(&field("login"), login).await;
    browser.fill(&field("password"), PASSWORD).await;
    browser.fill(&field("password_again"), PASSWORD).await;
    browser.shot(shot).await;
    browser.click(&format!("{form} button[type=submit]")).await;
    browser
        .text_with(".who", &format!("{login}（个人申报人）"))
        .await;
    assert_eq!(
        browser.path().await,
        "/me",
        "the person lands on their list"
    );
}

pub struct Walker<'a> {
    server: &'a Server,
    browser: Browser,
    walk: Walk,
    /// The application's page, once drafted.
    pub path: String,
    /// The program's title as the application's page names it.
    title: String,
    signed_in: Option<String>,
    shots: usize,
}

impl<'a> Walker<'a> {
    /// Walks the application of `walk` from the registration to its approval, and answers
    /// where it then stands.
    pub async fn walk(server: &'a Server, walk: Walk) -> (Walker<'a>, Standing) {
        let mut walker = Self::new(server, walk).await;
        walker.apply().await;
        let approved = walker.follow_to_approval().await;
        (walker, approved)
    }

    /// The accounts of the bureau and of the panel, and a browser.
    async fn new(server: &'a Server, walk: Walk) -> Self {
        server.account(CITY, Role::CityReviewer, None).await;
        server
            .account(DISTRICT, Role::DistrictReviewer, Some(walk.district))
            .await;
        server.account(FINANCE, Role::Finance, None).await;
        for seat in walk.panel {
            server.account(seat.login(), Role::Expert, None).await;
        }
        let browser = Browser::open(&server.base).await;
        Self {
            server,
            browser,
            walk,
            path: String::new(),
            title: String::new(),
            signed_in: None,
            shots: 0,
        }
    }

    /// Saves the page as the walk's next numbered screenshot.
    pub async fn shot(&mut self, what: &str) {
        self.shots += 1;
        self.browser
            .shot(&format!("{}-{:02}-{what}", self.walk.name, self.shots))
            .await;
    }

    fn today(&self) -> NaiveDate {
        self.server.clock.today()
    }

    fn set_today(&self, day: NaiveDate) {
        self.server.clock.set(day);
    }

    async fn sign_in(&mut self, login: &str) {
        if self.signed_in.as_deref() != Some(login) {
            self.browser.sign_in(login, PASSWORD).await;
            self.signed_in = Some(login.to_owned());
        }
    }

    async fn sign_out(&mut self) {
        self.browser.client.delete_all_cookies().await.unwrap();
        self.signed_in = None;
    }

    fn applicant_login(&self) -> &'static str {
        match &self.walk.applicant {
            Applicant::Unit(unit, _) => unit.login,
            Applicant::Person(_, login) => login,
        }
    }

    /// The login of the bureau that runs the program: it sets parameters, convenes panels and
    /// publishes notices.
    fn runner(&self) -> &'static str {
        if self.walk.district_runs {
            DISTRICT
        } else {
            CITY
        }
    }

    /// Who acts for the stage actor the page names.
    fn login_for(&self, actor: &str) -> &'static str {
        match actor {
            "申报单位" | "申请人本人" => self.applicant_login(),
            "区（县、市）人社部门" | "区委人才工作领导小组办公室" => {
                DISTRICT
            }
            "市人社部门" | "市政府" => CITY,
            "财政部门" => FINANCE,
            "征求意见部门" | "专家评审组" | "社会公众（公示）" => self.runner(),
            other => panic!("no one acts for {other:?}"),
        }
    }

    /// Registration, the parameters the bureau sets, the form with its live check, the draft
    /// and its submission with the commitment.
    async fn apply(&mut self) {
        self.set_parameters().await;
        self.sign_out().await;
        let person = match &self.walk.applicant {
            Applicant::Unit(unit, person) => {
                let shot = format!("{}-00", self.walk.name);
                register_unit(&self.browser, unit, Some(&shot)).await;
                person.as_ref().map(|p| (p.id_number.clone(), p.name))
            }
            Applicant::Person(person, login) => {
                let shot = format!("{}-00-register", self.walk.name);
                register_person(&self.browser, person, login, &shot).await;
                None
            }
        };
        self.signed_in = Some(self.applicant_login().to_owned());

        self.browser.goto("/apply").await;
        self.shot("programs-to-apply").await;
        self.browser
            .click(&format!(
                "a[href='/apply/{}/{}']",
                self.walk.program, self.walk.category
            ))
            .await;
        if let Some((id_number, name)) = person {
            self.browser.fill("[name=id_number]", &id_number).await;
            self.browser.fill("[name=name]", name).await;
        }
        for field in &self.walk.form {
            let css = |name: &str| format!("#application-form [name='{name}']");
            match field {
                Field::Choose(name, value) => self.browser.select(&css(name), value).await,
                Field::Type(name, value) => self.browser.fill(&css(name), value).await,
                Field::Date(name, value) => self.browser.set_date(&css(name), value).await,
                Field::Tick(name, value) => {
                    self.browser
                        .click(&format!(
                            "#application-form input[name='{name}'][value='{value}']"
                        ))
                        .await;
                }
            }
        }
        let mut check = String::new();
        for says in self.walk.check_says {
            check = self.browser.text_with("#check", says).await;
        }
        assert!(
            check.starts_with("结论：") && !check.starts_with("结论：不符合"),
            "the walk's applicant meets every hard condition: {check}"
        );
        self.browser.scroll_to_heading("条件核对").await;
        self.shot("form-checked").await;
        self.browser
            .click("#application-form button[type=submit]")
            .await;
        self.browser.text_with("dl.facts", "草稿").await;
        self.path = self.browser.path().await;
        self.shot("draft").await;
        self.browser.click("input[name=agree]").await;
        self.act(&format!("form[action='{}/submit']", self.path))
            .await;
        self.title = self
            .browser
            .find("dl.facts a[href^='/programs/']")
            .await
            .text()
            .await
            .unwrap();
        self.shot("submitted").await;
    }

    /// The runner sets the parameters the notice leaves to the bureau, on the parameters page.
    async fn set_parameters(&mut self) {
        if self.walk.parameters.is_empty() {
            return;
        }
        self.sign_in(self.runner()).await;
        self.browser.goto("/parameters").await;
        for (parameter, value, source) in self.walk.parameters {
            let form = format!(
                "form[action='/parameters/{}/{parameter}']",
                self.walk.program
            );
            self.browser
                .fill(&format!("{form} [name=value]"), value)
                .await;
            self.browser
                .fill(&format!("{form} [name=source]"), source)
                .await;
            self.browser
                .click(&format!("{form} button[type=submit]"))
                .await;
            // The page comes back with the value in force beside the form.
            self.browser.text_with("main", source).await;
        }
        self.shot("parameters").await;
    }

    /// Where the application stands, read from its page by whoever is signed in: the page the
    /// last act came back to, or the application's page opened anew.
    async fn standing(&mut self) -> Standing {
        if self.browser.path().await != self.path {
            self.browser.goto(&self.path).await;
        }
        Standing::read(&self.browser.text_with("dl.facts", "当前环节").await)
    }

    /// Whether the application's page offers the signed-in account the review form.
    async fn offers_review(&self) -> bool {
        self.browser.goto(&self.path).await;
        self.browser
            .shows(&format!("form[action='{}/review']", self.path))
            .await
    }

    /// Follows the application through its stages until the approval is done: the payment
    /// stage waits for the finance bureau's payments, or the application is completed.
    async fn follow_to_approval(&mut self) -> Standing {
        // Every stage of the longest path (004's), with room for none more.
        for _ in 0..12 {
            let now = self.standing().await;
            if now.actor.is_empty() {
                return now;
            }
            self.sign_in(self.login_for(&now.actor)).await;
            if let Some(opens) = now.opens
                && self.today() < opens
            {
                self.set_today(opens);
            }
            match now.actor.as_str() {
                "申报单位" | "申请人本人" => self.recommend().await,
                "专家评审组" => self.panel(&now).await,
                "社会公众（公示）" => self.notice(&now).await,
                // The payment stage: the finance bureau pays from its own page.
                "财政部门" if !self.offers_review().await => return now,
                _ => self.decide(&now).await,
            }
        }
        panic!("the application never reached its approval")
    }

    /// Submits the form `form` on the application's page and waits for the page to come back
    /// with one more entry in its history.
    async fn act(&self, form: &str) {
        let entries = self.history_len().await;
        self.browser
            .click(&format!("{form} button[type=submit]"))
            .await;
        let started = std::time::Instant::now();
        while self.history_len().await <= entries {
            if started.elapsed() > std::time::Duration::from_secs(20) {
                let main = self.browser.text_with("main", "").await;
                panic!("{form} on {} did nothing: {main}", self.path);
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    async fn history_len(&self) -> usize {
        self.browser
            .client
            .find_all(fantoccini::Locator::Css("ol.timeline > li"))
            .await
            .map_or(0, |entries| entries.len())
    }

    /// Records a clear answer from every body the stage consults, as its form lists them.
    async fn consult(&self) {
        let form = format!("form[action='{}/consultations']", self.path);
        if !self.browser.shows(&form).await {
            return;
        }
        let select = format!("{form} select[name=source]");
        let sources = self
            .browser
            .find(&select)
            .await
            .find_all(fantoccini::Locator::Css("option"))
            .await
            .unwrap();
        let mut names = Vec::with_capacity(sources.len());
        for source in sources {
            names.push(source.attr("value").await.unwrap().unwrap());
        }
        for source in names {
            self.browser.select(&select, &source).await;
            self.browser
                .select(&format!("{form} [name=result]"), "clear")
                .await;
            self.act(&form).await;
        }
    }

    /// The applicant's side: the consultations the stage asks for, then the unit's
    /// recommendation (after its internal notice, where the program asks for one) or the
    /// person's confirmation of the self-application.
    async fn recommend(&mut self) {
        self.browser.goto(&self.path).await;
        self.consult().await;
        let recommend = format!("form[action='{}/recommend']", self.path);
        let notice = format!("{recommend} [name=notice_published_on]");
        if self.browser.shows(&notice).await {
            // The unit posts its notice today and recommends once the notice has run.
            let today = self.today().to_string();
            self.browser.set_date(&notice, &today).await;
            self.browser
                .fill(&format!("{recommend} [name=staff_representatives]"), "6")
                .await;
            self.set_today(self.today().checked_add_days(Days::new(10)).unwrap());
        }
        let form = if self.browser.shows(&recommend).await {
            recommend
        } else {
            format!("form[action='{}/self-recommend']", self.path)
        };
        self.shot(&format!("{}-recommends", self.applicant_login()))
            .await;
        self.act(&form).await;
    }

    /// A reviewer's stage: the consultations, a site inspection where the walk records one,
    /// then the approval (审定) where the page offers it, or the review with its reason.
    async fn decide(&mut self, now: &Standing) {
        self.open_from_work_list().await;
        self.consult().await;
        if self.walk.inspections.contains(&now.name()) {
            self.inspect().await;
        }
        let approve = format!("form[action='{}/approve']", self.path);
        if self.browser.shows(&approve).await {
            self.browser
                .fill(&format!("{approve} [name=document]"), self.walk.document)
                .await;
            self.shot(&self.acting("approves")).await;
            self.act(&approve).await;
            return;
        }
        let review = format!("form[action='{}/review']", self.path);
        self.browser
            .click(&format!("{review} input[name=verdict][value=pass]"))
            .await;
        self.browser
            .fill(
                &format!("{review} [name=reason]"),
                &format!("{}：材料齐全，符合条件，同意", now.name()),
            )
            .await;
        self.shot(&self.acting("reviews")).await;
        self.act(&review).await;
    }

    /// A screenshot's name for an act of the signed-in account.
    fn acting(&self, act: &str) -> String {
        format!("{}-{act}", self.signed_in.as_deref().unwrap_or("visitor"))
    }

    /// Opens the application from the signed-in officer's work list, where it waits for them.
    async fn open_from_work_list(&self) {
        self.browser.goto("/work").await;
        let work = self.browser.text_with("main", "其他申报").await;
        let (mine, _) = work.split_once("其他申报").unwrap();
        assert!(
            mine.contains(self.applicant_name()),
            "the application waits in the work list: {work}"
        );
        self.browser
            .click(&format!("a[href='{}']", self.path))
            .await;
        self.browser.text_with("dl.facts", "当前环节").await;
    }

    /// The name the lists give the application: its person's, or its unit's.
    fn applicant_name(&self) -> &'static str {
        match &self.walk.applicant {
            Applicant::Unit(_, Some(person)) | Applicant::Person(person, _) => person.name,
            Applicant::Unit(unit, None) => unit.name,
        }
    }

    /// The reviewers visit the unit and record what they found.
    async fn inspect(&mut self) {
        let form = format!("form[action='{}/inspections']", self.path);
        self.browser
            .fill(&format!("{form} [name=inspectors]"), "考察组 张明、刘洋")
            .await;
        self.browser
            .fill(
                &format!("{form} [name=findings]"),
                "申报人在一线岗位，现场操作熟练，业绩材料属实",
            )
            .await;
        self.act(&form).await;
        self.browser.text_with(".timeline", "记录实地考察").await;
    }

    /// Forms a panel or publishes a notice for the stage `now`: chooses the stage, named by the
    /// program's title and the stage's name, in the form of the page `list` and sends it.
    async fn open_for_stage(&self, list: &str, now: &Standing) {
        let form = format!("form[action='{list}']");
        self.browser.goto(list).await;
        self.browser
            .select_text(
                &format!("{form} select[name=stage]"),
                &format!("{} · {}", self.title, now.name()),
            )
            .await;
        self.browser
            .click(&format!("{form} button[type=submit]"))
            .await;
    }

    /// The expert panel: the runner forms it and appoints the walk's members (one of the
    /// applicant's unit is recused at once), each member votes or declares a conflict, the runner
    /// closes it, and selects the application in the ranking.
    async fn panel(&mut self, now: &Standing) {
        if self.walk.inspections.contains(&now.name()) {
            self.browser.goto(&self.path).await;
            self.inspect().await;
        }
        let id = self.path.trim_start_matches("/applications/").to_owned();
        self.open_for_stage("/panels", now).await;
        self.browser.text_with("dl.facts", "评审阶段").await;
        let panel = self.browser.path().await;
        let credit_code = match &self.walk.applicant {
            Applicant::Unit(unit, _) => unit.credit_code.clone(),
            Applicant::Person(..) => String::new(),
        };
        for (n, seat) in self.walk.panel.iter().enumerate() {
            let form = format!("form[action='{panel}/experts']");
            self.browser
                .select_text(&format!("{form} select[name=expert]"), seat.login())
                .await;
            if matches!(seat, Seat::SameUnit(_)) {
                self.browser
                    .fill(&format!("{form} [name=unit_credit_code]"), &credit_code)
                    .await;
            }
            self.browser
                .click(&format!("{form} button[type=submit]"))
                .await;
            self.browser
                .text_with("main", &format!("评审专家（{}）", n + 1))
                .await;
        }
        let board = self.browser.text_with("main", "评审对象").await;
        let entitled = self
            .walk
            .panel
            .iter()
            .filter(|s| !matches!(s, Seat::SameUnit(_)))
            .count();
        assert!(
            board.contains(&format!("0 / {entitled}")),
            "no votes yet, of the members not recused: {board}"
        );
        if self
            .walk
            .panel
            .iter()
            .any(|s| matches!(s, Seat::SameUnit(_)))
        {
            assert!(board.contains("同单位回避"), "{board}");
        }
        self.browser.scroll_to_heading("评审对象").await;
        self.shot("panel-formed").await;

        for seat in self.walk.panel {
            let (login, conflict) = match seat {
                Seat::Votes(login) => (login, None),
                Seat::Declares(login, reason) => (login, Some(reason)),
                Seat::SameUnit(_) => continue,
            };
            self.sign_in(login).await;
            let seats = self.browser.text_with("main", "评审中").await;
            assert!(seats.contains(&self.title), "{seats}");
            self.browser
                .click(&format!("a[href='/expert{panel}']"))
                .await;
            self.browser
                .click(&format!("a[href='/expert{panel}/applications/{id}']"))
                .await;
            let base = format!("/expert{panel}/applications/{id}");
            match conflict {
                None => {
                    let ballot = format!("form[action='{base}/ballot']");
                    self.browser
                        .fill_all(&format!("{ballot} input[name^='score.']"), "88")
                        .await;
                    self.browser
                        .click(&format!("{ballot} input[name=vote][value=approve]"))
                        .await;
                    self.shot(&format!("ballot-{login}")).await;
                    self.browser
                        .click_confirmed(&format!("{ballot} button[type=submit]"))
                        .await;
                    self.browser.text_with("main", "已表决").await;
                }
                Some(reason) => {
                    let form = format!("form[action='{base}/conflict']");
                    self.browser
                        .fill(&format!("{form} [name=reason]"), reason)
                        .await;
                    self.shot(&format!("conflict-{login}")).await;
                    self.browser
                        .click_confirmed(&format!("{form} button[type=submit]"))
                        .await;
                    self.browser.text_with("main", "申报利益冲突回避").await;
                }
            }
        }

        self.sign_in(self.runner()).await;
        self.browser.goto(&panel).await;
        let voters = self
            .walk
            .panel
            .iter()
            .filter(|s| matches!(s, Seat::Votes(_)))
            .count();
        let board = self.browser.text_with("main", "评审对象").await;
        assert!(
            board.contains(&format!("{voters} / {voters}")),
            "every member not recused has voted: {board}"
        );
        assert!(!board.contains("实名表决票"), "no ballot before closing");
        self.browser
            .click_confirmed(&format!("form[action='{panel}/close'] button[type=submit]"))
            .await;
        self.browser.text_with("main", "排序与择优确定").await;
        let select = format!("form[action='{panel}/select'] button[type=submit]");
        if self.browser.shows(&select).await {
            self.browser.click(&select).await;
            self.browser.text_with("main", "已入选").await;
        }
        let board = self.browser.text_with("main", "实名表决票").await;
        for seat in self.walk.panel {
            if let Seat::Votes(login) = seat {
                assert!(board.contains(login), "{login}'s ballot is shown: {board}");
            }
        }
        self.browser.scroll_to_heading("排序与择优确定").await;
        self.shot("panel-closed").await;
        self.browser.goto(&self.path).await;
    }

    /// The public notice: the runner publishes it, the public reads it (and objects, where the
    /// walk does), the runner investigates the objection and closes the notice after its window.
    async fn notice(&mut self, now: &Standing) {
        let window = self
            .walk
            .notice_window
            .expect("the walk names the window of its program's notice");
        self.open_for_stage("/manage/notices", now).await;
        let facts = self.browser.text_with("dl.facts", "公示期").await;
        assert!(
            facts.contains(&format!("公示期\n{window} 公示中")),
            "{facts}"
        );
        let manage = self.browser.path().await;
        let notice = manage.trim_start_matches("/manage");
        let last_day = date(window.rsplit(' ').next().expect("the window's last day"));
        self.shot("notice-published").await;

        self.sign_out().await;
        self.browser.goto("/notices").await;
        let name = self.applicant_name();
        let list = self.browser.text_with("main", name).await;
        assert!(list.contains(window), "{list}");
        self.shot("notice-public").await;
        if self.walk.objection {
            self.browser.goto(notice).await;
            self.browser
                .select_text("select[name=application]", name)
                .await;
            self.browser.fill("[name=name]", "赵丽").await;
            self.browser.fill("[name=contact]", "13800002222").await;
            self.browser
                .fill("[name=reason]", "申报人获得的荣誉与实际不符")
                .await;
            self.browser
                .click("form[enctype='multipart/form-data'] button[type=submit]")
                .await;
            let receipt = self.browser.text_with("main", "回执编号：GS-").await;
            assert!(receipt.contains("调查核实将于"), "{receipt}");
            self.shot("objection-receipt").await;

            self.sign_in(self.runner()).await;
            self.browser.goto(&manage).await;
            let page = self.browser.text_with("main", "调查核实中").await;
            assert!(page.contains("赵丽，13800002222"), "{page}");
            self.browser
                .fill(
                    "[name=finding]",
                    "经核查，荣誉证书与发证机关记录一致，异议不成立",
                )
                .await;
            self.shot("objection-investigated").await;
            self.browser
                .click_confirmed("form[action$='/decide'] button[type=submit]")
                .await;
            self.browser.text_with("main", "不成立").await;
        }

        self.set_today(last_day.checked_add_days(Days::new(1)).unwrap());
        self.sign_in(self.runner()).await;
        self.browser.goto(&manage).await;
        self.browser
            .click_confirmed(&format!(
                "form[action='{manage}/close'] button[type=submit]"
            ))
            .await;
        self.browser.text_with("dl.facts", "已结束").await;
        self.shot("notice-closed").await;
        self.browser.goto(&self.path).await;
    }

    /// The title section of the application's page once approved: the certificate number,
    /// which must be of the `JX-<program>-` form, and the page a member of the public sees when
    /// checking its code.
    pub async fn certificate(&mut self, title: &str) -> String {
        self.sign_in(self.runner()).await;
        self.browser.goto(&self.path).await;
        let section = self.browser.text_with("main", "证书编号").await;
        assert!(section.contains(&format!("称号\n{title}")), "{section}");
        let number = section
            .lines()
            .skip_while(|l| *l != "证书编号")
            .nth(1)
            .expect("a certificate number")
            .to_owned();
        assert!(
            number.starts_with(&format!("JX-{}-", self.walk.program)),
            "{number}"
        );
        self.shot("approved").await;
        self.browser.follow("查验").await;
        let verified = self.browser.text_with("main", "证书真实有效").await;
        assert!(verified.contains(&number), "{verified}");
        assert!(verified.contains(title), "{verified}");
        self.shot("certificate-verified").await;
        number
    }

    /// The application's page as the runner sees it.
    pub async fn page_as_runner(&mut self) -> String {
        self.sign_in(self.runner()).await;
        self.browser.goto(&self.path).await;
        self.browser.text_with("main", "办理记录").await
    }

    pub async fn close(self) {
        self.browser.close().await;
    }
}
