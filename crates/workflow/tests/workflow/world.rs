//! A workflow on a fresh database with the built-in programs, a clock the scenario sets, and
//! the units, persons and accounts the scenarios act through.

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use jiangxin_calendar::holidays::WorkCalendar;
use jiangxin_domain::division::DivisionCode;
use jiangxin_domain::industry::EnterpriseClass;
use jiangxin_domain::unit::UnitType;
use jiangxin_policy::ProgramSet;
use jiangxin_store::accounts::{self, NewAccount, Role};
use jiangxin_store::applications::Application;
use jiangxin_store::consultations::ConsultationResult;
use jiangxin_store::persons::{self, NewPerson, PersonId};
use jiangxin_store::testing::{TestDb, credit_code, resident_id};
use jiangxin_store::units::{self, NewUnit, UnitId};
use jiangxin_workflow::{
    Caller, Clock, ConsultationInput, NewDraft, RecommendationInput, ReviewVerdict, Workflow,
};
use serde_json::{Value, json};

/// A clock that shows the date the scenario sets.
pub struct TestClock(Mutex<NaiveDate>);

impl Clock for TestClock {
    fn today(&self) -> NaiveDate {
        *self.0.lock().unwrap()
    }
}

pub struct World {
    pub db: TestDb,
    pub workflow: Workflow,
    clock: Arc<TestClock>,
    next: Mutex<u32>,
}

pub fn date(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

/// The facts of a craftsman candidate who meets every hard condition of 201号.
pub fn craftsman_facts() -> Value {
    json!({
        "person": {
            "birth_date": "1975-03-01", "gender": "男", "skill_level": "技师",
            "enterprise_ranks": ["工匠技师"], "frontline": true,
            "city_social_security_months": 60, "flags": []
        },
        "unit": { "unit_type": "企业" }
    })
}

/// The facts of a 306号 cultivated (培育) candidate who meets every condition.
pub fn high_skill_facts() -> Value {
    json!({
        "person": {
            "birth_date": "1970-01-01", "gender": "男", "skill_level": "技师",
            "social_security_district": "210202", "contract_years": 5, "introduction": "培育",
            "honours": ["全国技术能手@2018-05-01"], "flags": []
        },
        "unit": { "unit_type": "企业", "pays_social_insurance": true }
    })
}

/// The facts of a Huiyang chief-technician candidate who meets every hard condition of 004.
pub fn chief_facts() -> Value {
    json!({
        "person": {
            "birth_date": "1980-05-01", "gender": "男", "social_security_district": "441303",
            "district_continuous_months": 12, "frontline": true,
            "honours": ["市级技能大师工作室领办人@2020-01-01"], "flags": []
        },
        "unit": { "unit_type": "企业" }
    })
}

/// A consulted body's answer that nothing is on record.
pub fn clear(source: &str, queried_on: NaiveDate) -> ConsultationInput {
    ConsultationInput {
        source: source.into(),
        queried_on,
        result: ConsultationResult::Clear,
        attachment: None,
    }
}

/// A consulted body's adverse answer, establishing the marking `finding` where there is one.
pub fn adverse(
    source: &str,
    queried_on: NaiveDate,
    detail: &str,
    finding: Option<&str>,
) -> ConsultationInput {
    ConsultationInput {
        source: source.into(),
        queried_on,
        result: ConsultationResult::Adverse {
            detail: detail.into(),
            finding: finding.map(Into::into),
        },
        attachment: None,
    }
}

pub const COMMITMENT: &str = "本人承诺所填信息和所附材料真实有效，如有虚假，自愿承担相应责任。";

impl World {
    pub async fn new(db: TestDb, today: &str) -> Self {
        Self::with_files(db, today, ProgramSet::builtin_files()).await
    }

    /// A world whose programs are `files` in place of the built-in ones: for a rule that no
    /// built-in program combines with the others yet.
    pub async fn with_files(db: TestDb, today: &str, files: &[(&str, &str)]) -> Self {
        let clock = Arc::new(TestClock(Mutex::new(date(today))));
        let workflow = Workflow::new(
            db.store.clone(),
            files,
            WorkCalendar::builtin().expect("the official calendar"),
            clock.clone(),
        )
        .expect("the built-in programs load");
        Self {
            db,
            workflow,
            clock,
            next: Mutex::new(1),
        }
    }

    pub fn set_today(&self, today: &str) {
        self.set_date(date(today));
    }

    pub fn set_date(&self, today: NaiveDate) {
        *self.clock.0.lock().unwrap() = today;
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    fn next(&self) -> u32 {
        let mut next = self.next.lock().unwrap();
        *next += 1;
        *next
    }

    pub async fn unit(&self, district: &str) -> UnitId {
        let n = self.next();
        let tx = self.db.begin().await;
        let unit = units::insert(
            &tx,
            &NewUnit {
                credit_code: credit_code(n),
                name: format!("大连第{n}机床有限公司"),
                unit_type: UnitType::Enterprise,
                enterprise_class: Some(EnterpriseClass::MunicipalAndOther),
                district: DivisionCode::parse(district).unwrap(),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        unit.id
    }

    pub async fn person(&self) -> PersonId {
        let n = u16::try_from(self.next()).unwrap();
        let tx = self.db.begin().await;
        let person = persons::insert(
            &tx,
            &NewPerson {
                id_number: resident_id(n),
                name: format!("王{n}"),
                phone: None,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        person.id
    }

    async fn account(&self, role: Role, district: Option<&str>, unit: Option<UnitId>) -> Caller {
        let tx = self.db.begin().await;
        let account = accounts::insert(
            &tx,
            &NewAccount {
                login: format!("account-{}", self.next()),
                password_hash: None,
                role,
                district: district.map(|d| DivisionCode::parse(d).unwrap()),
                unit,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        self.workflow.caller(account.id).await.unwrap()
    }

    pub async fn unit_officer(&self, unit: UnitId) -> Caller {
        self.account(Role::UnitOfficer, None, Some(unit)).await
    }

    pub async fn district_reviewer(&self, district: &str) -> Caller {
        self.account(Role::DistrictReviewer, Some(district), None)
            .await
    }

    pub async fn city_reviewer(&self) -> Caller {
        self.account(Role::CityReviewer, None, None).await
    }

    pub async fn finance(&self) -> Caller {
        self.account(Role::Finance, None, None).await
    }

    pub async fn expert(&self) -> Caller {
        self.account(Role::Expert, None, None).await
    }

    /// An individual's account acting for `person`.
    pub async fn individual(&self, person: PersonId) -> Caller {
        let caller = self.account(Role::Individual, None, None).await;
        let tx = self.db.begin().await;
        accounts::link_person(&tx, caller.account, person)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        self.workflow.caller(caller.account).await.unwrap()
    }

    /// A craftsman draft for a new person of `unit`, written by the unit's officer.
    pub async fn craftsman_draft(&self, officer: &Caller, facts: Value) -> Application {
        let person = self.person().await;
        self.workflow
            .create_draft(
                officer,
                &NewDraft {
                    program_id: "dalian-craftsman-2021".into(),
                    category: "craftsman".into(),
                    applicant: Some(person),
                    unit: officer.unit,
                    facts,
                },
            )
            .await
            .unwrap()
    }

    /// A craftsman application submitted by `officer`, with its trade union's opinion that 201号
    /// asks for before the unit recommends, waiting for the unit's recommendation.
    pub async fn submitted_craftsman(&self, officer: &Caller) -> Application {
        let draft = self.craftsman_draft(officer, craftsman_facts()).await;
        let submitted = self
            .workflow
            .submit(officer, draft.id, draft.row_version, COMMITMENT)
            .await
            .unwrap();
        let today = self.clock.today();
        self.workflow
            .record_consultation(officer, submitted.id, &clear("同级工会", today))
            .await
            .unwrap();
        submitted
    }

    /// A 306号 cultivated application of a new person of `officer`'s unit, submitted.
    pub async fn submitted_high_skill(&self, officer: &Caller) -> Application {
        let person = self.person().await;
        let draft = self
            .workflow
            .create_draft(
                officer,
                &NewDraft {
                    program_id: "dalian-high-skill-2021".into(),
                    category: "cultivated".into(),
                    applicant: Some(person),
                    unit: officer.unit,
                    facts: high_skill_facts(),
                },
            )
            .await
            .unwrap();
        self.workflow
            .submit(officer, draft.id, draft.row_version, COMMITMENT)
            .await
            .unwrap()
    }

    pub async fn audit_entries(&self) -> i64 {
        self.db.count("SELECT COUNT(*) FROM audit_log").await
    }

    /// A Huiyang chief-technician application with `facts`, through initial check and site
    /// inspection, waiting for the expert panel: a unit's when `unit` is given (a unit of 惠阳区),
    /// else a self-recommendation.
    pub async fn chief_at_expert_review(&self, unit: Option<UnitId>, facts: Value) -> Application {
        let person = self.person().await;
        let applicant = match unit {
            Some(unit) => self.unit_officer(unit).await,
            None => self.individual(person).await,
        };
        let draft = self
            .workflow
            .create_draft(
                &applicant,
                &NewDraft {
                    program_id: "huiyang-chief-technician-2024".into(),
                    category: "chief-technician".into(),
                    applicant: Some(person),
                    unit,
                    facts,
                },
            )
            .await
            .unwrap();
        let submitted = self
            .workflow
            .submit(&applicant, draft.id, draft.row_version, COMMITMENT)
            .await
            .unwrap();
        let mut application = match unit {
            Some(_) => {
                let input = RecommendationInput {
                    rank: 1,
                    notice: None,
                    over_cap_reason: None,
                };
                self.workflow
                    .recommend(&applicant, submitted.id, submitted.row_version, &input)
                    .await
                    .unwrap()
            }
            None => self
                .workflow
                .self_recommend(&applicant, submitted.id, submitted.row_version)
                .await
                .unwrap(),
        };
        let huiyang = self.district_reviewer("441303").await;
        for reason in ["初审通过", "实地考察通过，列入复审对象名单"] {
            application = self
                .workflow
                .review(
                    &huiyang,
                    application.id,
                    application.row_version,
                    ReviewVerdict::Pass,
                    reason,
                )
                .await
                .unwrap();
        }
        assert_eq!(application.stage, "at:expert-review");
        application
    }
}
