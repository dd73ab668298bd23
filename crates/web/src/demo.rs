//! `jiangxin serve --demo`: demo units of Dalian and Huiyang, an account for every role, and
//! applications of every seed program standing at the stages a person would want to see (with
//! a public notice that has an objection, a closed panel ranked with its tie-break, site
//! inspections, an open panel for the experts, a certified 区管首席技师 whose first year's
//! allowance is paid and second scheduled, and an enterprise's 46号 training subsidy approved
//! and paid, so that the title, certificate and finance pages have something to show),
//! and each demo unit's staff roster drawn from the persons its applications name,
//! all created through the workflow services on the notices' own dates (the demo clock is
//! moved through them, then left on a day when a public notice is open).
//!
//! Seeding runs once per database: the administrator's account is created last and marks a
//! database as seeded, so a restart only prints the log-ins again.

use chrono::NaiveDate;
use jiangxin_domain::credit_code::CreditCode;
use jiangxin_domain::division::DivisionCode;
use jiangxin_domain::id_number::ResidentId;
use jiangxin_domain::industry::EnterpriseClass;
use jiangxin_domain::phone::Phone;
use jiangxin_domain::skill::SkillLevel;
use jiangxin_domain::unit::UnitType;
use jiangxin_store::accounts::{self, AccountId, NewAccount, Role};
use jiangxin_store::applications::Application;
use jiangxin_store::consultations::ConsultationResult;
use jiangxin_store::ledger::PaymentStatus;
use jiangxin_store::panels::PanelId;
use jiangxin_store::persons::{self, NewPerson, PersonId};
use jiangxin_store::units::{self, NewUnit, UnitId};
use jiangxin_store::{Actor, Store};
use jiangxin_workflow::panel::panel_criteria;
use jiangxin_workflow::{
    BallotInput, Caller, ConsultationInput, InspectionInput, NewDraft, NoticeRecord,
    ObjectionInput, RecommendationInput, ReviewVerdict, StaffInput, Workflow,
};
use serde_json::{Value, json};

use crate::auth::hash_password;
use crate::error::{Result, WebError};
use crate::state::AppState;

/// The demo clock's first day (before seeding moves it).
pub const FIRST_DAY: NaiveDate = date(2021, 6, 20);
/// The day the demo is left on: 306号's public notice is open for objections.
pub const DEMO_DAY: NaiveDate = date(2021, 11, 25);
/// Every demo account's password.
pub const PASSWORD: &str = "jiangxin-demo";
const ADMIN: &str = "demo-admin";
const COMMITMENT: &str =
    "本人（本单位）承诺所填信息和所附材料真实有效，如有虚假，自愿承担相应责任。";
const SOURCE: &str = "演示：局长办公会议纪要";

const fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) => d,
        None => panic!("a valid date"),
    }
}

/// A demo log-in as printed at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLogin {
    pub login: &'static str,
    pub role: Role,
    pub scope: &'static str,
}

const LOGINS: &[DemoLogin] = &[
    DemoLogin {
        login: "demo-unit",
        role: Role::UnitOfficer,
        scope: "大连重工机床有限公司（中山区）",
    },
    DemoLogin {
        login: "demo-unit-remote",
        role: Role::UnitOfficer,
        scope: "庄河市海洋装备有限公司（庄河市，偏远地区）",
    },
    DemoLogin {
        login: "demo-unit-huiyang",
        role: Role::UnitOfficer,
        scope: "惠州市惠阳精工模具有限公司（惠阳区）",
    },
    DemoLogin {
        login: "demo-person",
        role: Role::Individual,
        scope: "陈志强（惠阳区，个人自荐）",
    },
    DemoLogin {
        login: "demo-zhongshan",
        role: Role::DistrictReviewer,
        scope: "大连市中山区",
    },
    DemoLogin {
        login: "demo-zhuanghe",
        role: Role::DistrictReviewer,
        scope: "庄河市",
    },
    DemoLogin {
        login: "demo-huiyang",
        role: Role::DistrictReviewer,
        scope: "惠州市惠阳区",
    },
    DemoLogin {
        login: "demo-city",
        role: Role::CityReviewer,
        scope: "大连市人社局",
    },
    DemoLogin {
        login: "demo-expert-1",
        role: Role::Expert,
        scope: "专家库",
    },
    DemoLogin {
        login: "demo-expert-2",
        role: Role::Expert,
        scope: "专家库",
    },
    DemoLogin {
        login: "demo-expert-3",
        role: Role::Expert,
        scope: "专家库",
    },
    DemoLogin {
        login: "demo-finance",
        role: Role::Finance,
        scope: "财务",
    },
    DemoLogin {
        login: ADMIN,
        role: Role::Admin,
        scope: "系统管理",
    },
];

/// The demo log-ins, for printing.
pub fn describe() -> String {
    let mut text = format!(
        "演示数据已就绪。演示日期 {DEMO_DAY}（系统管理员可在“演示日期”页修改）。所有演示账户的密码：{PASSWORD}\n"
    );
    for login in LOGINS {
        text.push_str(&format!(
            "  {:<20} {:<8} {}\n",
            login.login,
            login.role.name_zh(),
            login.scope
        ));
    }
    text
}

/// Seeds the demo (once per database) and leaves the clock on [`DEMO_DAY`].
pub async fn seed(state: &AppState) -> Result<()> {
    let store = state.store();
    if accounts::find_by_login(&store, ADMIN).await?.is_none() {
        Seeder {
            state,
            store: store.clone(),
        }
        .run()
        .await?;
    }
    state.clock.set(DEMO_DAY);
    Ok(())
}

struct Seeder<'a> {
    state: &'a AppState,
    store: Store,
}

/// A valid ID number: region, birth date, a sequence number, and the check character.
fn resident_id(region: &str, birth: &str, sequence: u16) -> ResidentId {
    let body = format!("{region}{birth}{sequence:03}");
    let check = ResidentId::check_char(&body).expect("17 digits");
    ResidentId::parse(&format!("{body}{check}")).expect("a valid ID number")
}

fn credit_code(region: &str, serial: &str) -> CreditCode {
    let body = format!("9{}{region}{serial}", 1);
    let check = CreditCode::check_char(&body).expect("17 characters");
    CreditCode::parse(&format!("{body}{check}")).expect("a valid credit code")
}

fn clear(source: &str, on: NaiveDate) -> ConsultationInput {
    ConsultationInput {
        source: source.to_owned(),
        queried_on: on,
        result: ConsultationResult::Clear,
        attachment: None,
    }
}

impl Seeder<'_> {
    fn workflow(&self) -> std::sync::Arc<Workflow> {
        self.state.workflow()
    }

    fn today(&self, day: NaiveDate) {
        self.state.clock.set(day);
    }

    async fn unit(&self, code: CreditCode, name: &str, district: &str) -> Result<UnitId> {
        if let Some(unit) = units::find_by_credit_code(&self.store, &code).await? {
            return Ok(unit.id);
        }
        let tx = self.store.begin(Actor::system("demo")).await?;
        let unit = units::insert(
            &tx,
            &NewUnit {
                credit_code: code,
                name: name.to_owned(),
                unit_type: UnitType::Enterprise,
                enterprise_class: Some(EnterpriseClass::MunicipalAndOther),
                district: DivisionCode::parse(district)
                    .map_err(|e| WebError::Internal(e.to_string()))?,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(unit.id)
    }

    async fn person(&self, id: ResidentId, name: &str) -> Result<PersonId> {
        if let Some(person) = persons::find_by_id_number(&self.store, &id).await? {
            return Ok(person.id);
        }
        let tx = self.store.begin(Actor::system("demo")).await?;
        let person = persons::insert(
            &tx,
            &NewPerson {
                id_number: id,
                name: name.to_owned(),
                phone: Phone::parse("13800000000").ok(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(person.id)
    }

    async fn account(
        &self,
        login: &str,
        role: Role,
        district: Option<&str>,
        unit: Option<UnitId>,
        person: Option<PersonId>,
    ) -> Result<Caller> {
        let id: AccountId = match accounts::find_by_login(&self.store, login).await? {
            Some(account) => account.id,
            None => {
                let tx = self.store.begin(Actor::system("demo")).await?;
                let account = accounts::insert(
                    &tx,
                    &NewAccount {
                        login: login.to_owned(),
                        password_hash: Some(hash_password(PASSWORD)),
                        role,
                        district: district
                            .map(DivisionCode::parse)
                            .transpose()
                            .map_err(|e| WebError::Internal(e.to_string()))?,
                        unit,
                    },
                )
                .await?;
                if let Some(person) = person {
                    accounts::link_person(&tx, account.id, person).await?;
                }
                tx.commit().await?;
                account.id
            }
        };
        Ok(self.workflow().caller(id).await?)
    }

    async fn draft(
        &self,
        caller: &Caller,
        program: &str,
        category: &str,
        applicant: Option<PersonId>,
        facts: Value,
    ) -> Result<Application> {
        let facts = self.known(facts, applicant, caller.unit).await?;
        Ok(self
            .workflow()
            .create_draft(
                caller,
                &NewDraft {
                    program_id: program.to_owned(),
                    category: category.to_owned(),
                    applicant,
                    unit: caller.unit,
                    facts,
                },
            )
            .await?)
    }

    async fn known(
        &self,
        facts: Value,
        person: Option<PersonId>,
        unit: Option<UnitId>,
    ) -> Result<Value> {
        let person = match person {
            Some(p) => Some(persons::get(&self.store, p).await?),
            None => None,
        };
        let unit = match unit {
            Some(u) => Some(units::get(&self.store, u).await?),
            None => None,
        };
        Ok(crate::facts_form::with_known(
            facts,
            person.as_ref(),
            unit.as_ref(),
        ))
    }

    async fn submit(&self, caller: &Caller, a: &Application) -> Result<Application> {
        Ok(self
            .workflow()
            .submit(caller, a.id, a.row_version, COMMITMENT)
            .await?)
    }

    async fn recommend(
        &self,
        caller: &Caller,
        a: &Application,
        rank: u32,
        notice: Option<NoticeRecord>,
    ) -> Result<Application> {
        let input = RecommendationInput {
            rank,
            notice,
            over_cap_reason: None,
        };
        Ok(self
            .workflow()
            .recommend(caller, a.id, a.row_version, &input)
            .await?)
    }

    async fn review(
        &self,
        caller: &Caller,
        a: &Application,
        verdict: ReviewVerdict,
        reason: &str,
    ) -> Result<Application> {
        Ok(self
            .workflow()
            .review(caller, a.id, a.row_version, verdict, reason)
            .await?)
    }

    /// The unit's applications for these people (name and birth date; ID numbers of the region
    /// from the sequence number given), submitted with the same facts and recommended in this
    /// order.
    async fn recommended(
        &self,
        officer: &Caller,
        (program, category): (&str, &str),
        (region, sequence): (&str, u16),
        people: &[(&str, &str)],
        facts: &Value,
    ) -> Result<Vec<Application>> {
        let mut recommended = Vec::with_capacity(people.len());
        for (n, (name, birth)) in people.iter().enumerate() {
            let person = self
                .person(resident_id(region, birth, sequence + n as u16), name)
                .await?;
            let draft = self
                .draft(officer, program, category, Some(person), facts.clone())
                .await?;
            let submitted = self.submit(officer, &draft).await?;
            recommended.push(
                self.recommend(officer, &submitted, n as u32 + 1, None)
                    .await?,
            );
        }
        Ok(recommended)
    }

    /// Sets the officer's parameters of a program that are not set yet, with the demo's source.
    async fn parameters(
        &self,
        caller: &Caller,
        program: &str,
        values: &[(&str, &str)],
        source: &str,
    ) -> Result<()> {
        let workflow = self.workflow();
        let set = workflow.parameter_values(program).await?;
        for (parameter, value) in values {
            if set.iter().all(|v| v.parameter != *parameter) {
                workflow
                    .set_parameter(caller, program, parameter, value, source)
                    .await?;
            }
        }
        Ok(())
    }

    /// The finance bureau pays the first payment due of a benefit of an application, today.
    async fn pay(
        &self,
        finance: &Caller,
        application: &Application,
        benefit: &str,
        reference: &str,
    ) -> Result<()> {
        let workflow = self.workflow();
        let due = workflow
            .payment_lines(finance, PaymentStatus::Scheduled)
            .await?
            .into_iter()
            .find(|l| l.application == application.id && l.entitlement.benefit == benefit)
            .ok_or_else(|| {
                WebError::Internal(format!(
                    "application {} has no payment of {benefit} due",
                    application.id
                ))
            })?;
        workflow
            .record_payment(finance, due.payment.id, self.state.today(), reference)
            .await?;
        Ok(())
    }

    /// Every expert approves every application with the same score on every criterion, so
    /// that votes and scores tie.
    async fn all_approve(
        &self,
        program_id: &str,
        category: &str,
        panel: PanelId,
        applications: &[Application],
        experts: &[Caller],
    ) -> Result<()> {
        let workflow = self.workflow();
        let program = workflow
            .programs()
            .get(program_id)
            .ok_or_else(|| WebError::Internal(format!("{program_id} is built in")))?;
        let ballot = BallotInput {
            approve: true,
            scores: panel_criteria(program, category)
                .into_iter()
                .map(|c| (c.to_owned(), 85))
                .collect(),
        };
        for application in applications {
            for expert in experts {
                workflow
                    .cast_ballot(expert, panel, application.id, &ballot)
                    .await?;
            }
        }
        Ok(())
    }

    async fn run(&self) -> Result<()> {
        let zhongshan_unit = self
            .unit(
                credit_code("210202", "MA0DEM001"),
                "大连重工机床有限公司",
                "210202",
            )
            .await?;
        let zhuanghe_unit = self
            .unit(
                credit_code("210283", "MA0DEM002"),
                "庄河市海洋装备有限公司",
                "210283",
            )
            .await?;
        let huiyang_unit = self
            .unit(
                credit_code("441303", "MA0DEM003"),
                "惠州市惠阳精工模具有限公司",
                "441303",
            )
            .await?;
        let self_applicant = self
            .person(resident_id("441303", "19850612", 31), "陈志强")
            .await?;
        let officer = self
            .account(
                "demo-unit",
                Role::UnitOfficer,
                None,
                Some(zhongshan_unit),
                None,
            )
            .await?;
        let remote_officer = self
            .account(
                "demo-unit-remote",
                Role::UnitOfficer,
                None,
                Some(zhuanghe_unit),
                None,
            )
            .await?;
        let huiyang_officer = self
            .account(
                "demo-unit-huiyang",
                Role::UnitOfficer,
                None,
                Some(huiyang_unit),
                None,
            )
            .await?;
        let individual = self
            .account(
                "demo-person",
                Role::Individual,
                None,
                None,
                Some(self_applicant),
            )
            .await?;
        let zhongshan = self
            .account(
                "demo-zhongshan",
                Role::DistrictReviewer,
                Some("210202"),
                None,
                None,
            )
            .await?;
        let zhuanghe = self
            .account(
                "demo-zhuanghe",
                Role::DistrictReviewer,
                Some("210283"),
                None,
                None,
            )
            .await?;
        let huiyang = self
            .account(
                "demo-huiyang",
                Role::DistrictReviewer,
                Some("441303"),
                None,
                None,
            )
            .await?;
        let city = self
            .account("demo-city", Role::CityReviewer, None, None, None)
            .await?;
        let mut experts = Vec::new();
        for login in ["demo-expert-1", "demo-expert-2", "demo-expert-3"] {
            experts.push(self.account(login, Role::Expert, None, None, None).await?);
        }
        let finance = self
            .account("demo-finance", Role::Finance, None, None, None)
            .await?;

        self.craftsmen(&officer, &zhongshan).await?;
        self.skilled_talent(&officer, &city, &finance).await?;
        self.high_skill(
            &officer,
            &remote_officer,
            &zhongshan,
            &zhuanghe,
            &city,
            &experts,
        )
        .await?;
        self.studios(&officer, &zhongshan, &city, &experts).await?;
        self.chief_technicians(
            &huiyang_officer,
            &individual,
            self_applicant,
            &huiyang,
            &experts,
            &finance,
        )
        .await?;

        for unit_officer in [&officer, &remote_officer, &huiyang_officer] {
            self.roster(unit_officer).await?;
        }

        // Last: the administrator's account marks the database as seeded.
        self.account(ADMIN, Role::Admin, None, None, None).await?;
        Ok(())
    }

    /// The unit's roster: the persons its applications name, at the skill level the
    /// application declares, so that the roster page and the apply page's picker have them.
    async fn roster(&self, officer: &Caller) -> Result<()> {
        let workflow = self.workflow();
        let mut added = Vec::new();
        for application in workflow.visible_applications(officer).await? {
            let Some(person) = application.applicant.filter(|p| !added.contains(p)) else {
                continue;
            };
            if application.unit != officer.unit {
                continue;
            }
            added.push(person);
            let person = persons::get(&self.store, person).await?;
            let skill_level = application.facts["person"]["skill_level"]
                .as_str()
                .and_then(|level| SkillLevel::parse(level).ok());
            workflow
                .add_staff(
                    officer,
                    &StaffInput {
                        person: NewPerson {
                            id_number: person.id_number,
                            name: person.name,
                            phone: person.phone,
                        },
                        post: "生产一线技术工人".to_owned(),
                        skill_level,
                        joined_on: date(2012, 3, 1),
                    },
                )
                .await?;
        }
        Ok(())
    }

    /// 201号 大连工匠, June 2021: a draft, one waiting for the unit's recommendation, one at the
    /// district, one passed to the city's audit, one returned for correction.
    async fn craftsmen(&self, officer: &Caller, district: &Caller) -> Result<()> {
        const PROGRAM: &str = "dalian-craftsman-2021";
        let facts = |months: u32| {
            json!({ "person": {
                "skill_level": "技师", "enterprise_ranks": ["工匠技师"], "frontline": true,
                "city_social_security_months": months, "flags": []
            }})
        };
        self.today(date(2021, 6, 20));
        let mut people = Vec::new();
        for (n, (name, birth)) in [
            ("王建国", "19750301"),
            ("李卫东", "19780815"),
            ("张海涛", "19800502"),
            ("刘振华", "19721120"),
            ("赵明亮", "19830709"),
        ]
        .into_iter()
        .enumerate()
        {
            let person = self
                .person(resident_id("210202", birth, 11 + n as u16), name)
                .await?;
            people.push(person);
        }
        self.draft(officer, PROGRAM, "craftsman", Some(people[0]), facts(72))
            .await?;
        let mut submitted = Vec::new();
        for person in &people[1..] {
            let draft = self
                .draft(officer, PROGRAM, "craftsman", Some(*person), facts(84))
                .await?;
            let application = self.submit(officer, &draft).await?;
            self.workflow()
                .record_consultation(
                    officer,
                    application.id,
                    &clear("同级工会", date(2021, 6, 19)),
                )
                .await?;
            submitted.push(application);
        }
        self.today(date(2021, 6, 28));
        let notice = NoticeRecord {
            published_on: date(2021, 6, 18),
            staff_representatives: 7,
        };
        let mut at_district = Vec::new();
        for (rank, application) in submitted[1..].iter().enumerate() {
            at_district.push(
                self.recommend(officer, application, rank as u32 + 1, Some(notice))
                    .await?,
            );
        }
        self.today(date(2021, 6, 30));
        self.review(
            district,
            &at_district[1],
            ReviewVerdict::Pass,
            "材料齐全，同意报市就业服务中心",
        )
        .await?;
        self.review(
            district,
            &at_district[2],
            ReviewVerdict::Return,
            "缺少单位内部公示结果（职工代表签字页），请补充后重新提交",
        )
        .await?;
        Ok(())
    }

    /// 46号 training subsidy: two claims of an enterprise for employees who reached 高级工 in a
    /// shortage occupation: one waits for the city's review; the other the city approved and the
    /// finance bureau paid its training fee subsidy (to the enterprise), the appraisal fee
    /// subsidy still due.
    async fn skilled_talent(
        &self,
        officer: &Caller,
        city: &Caller,
        finance: &Caller,
    ) -> Result<()> {
        const PROGRAM: &str = "dalian-skilled-talent-2011";
        self.today(date(2021, 9, 1));
        let facts = json!({
            "person": { "skill_level": "高级工", "shortage_occupation": true, "certificate_obtained_on": "2021-03-01" },
            "unit": { "education_fund_compliant": true }
        });
        let claims = self
            .recommended(
                officer,
                (PROGRAM, "training-subsidy"),
                ("210202", 21),
                &[("孙晓峰", "19900310"), ("周文博", "19910718")],
                &facts,
            )
            .await?;
        self.today(date(2021, 9, 10));
        self.parameters(
            city,
            PROGRAM,
            &[
                ("training_fee_subsidy", "1000"),
                ("appraisal_fee_subsidy", "300"),
            ],
            "演示：市人社局、市财政局公布的紧缺职业（工种）培训费和鉴定费补贴标准",
        )
        .await?;
        let approved = self
            .workflow()
            .approve(
                city,
                claims[1].id,
                claims[1].row_version,
                "大连市人社局培训补贴审核（演示）",
            )
            .await?;
        self.today(date(2021, 9, 15));
        self.pay(
            finance,
            &approved.application,
            "training-fee",
            "演示-国库集中支付-2021-0915",
        )
        .await
    }

    /// 306号 高技能人才, November 2021: a draft, one at the district, one at the credit check,
    /// and two through the panel on the public notice that is open on the demo day (one of a
    /// remote-district unit, with the +10% salary subsidy).
    async fn high_skill(
        &self,
        officer: &Caller,
        remote_officer: &Caller,
        district: &Caller,
        remote_district: &Caller,
        city: &Caller,
        experts: &[Caller],
    ) -> Result<()> {
        const PROGRAM: &str = "dalian-high-skill-2021";
        let workflow = self.workflow();
        self.parameters(
            city,
            PROGRAM,
            &[
                ("panel_quorum", "0.6667"),
                ("panel_threshold", "0.5"),
                ("salary_subsidy_cultivated", "100000"),
            ],
            SOURCE,
        )
        .await?;
        let facts = |district: &str| {
            json!({
                "person": {
                    "skill_level": "技师", "social_security_district": district, "contract_years": 5,
                    "introduction": "培育", "honours": ["全国技术能手@2018-05-01"], "flags": []
                },
                "unit": { "pays_social_insurance": true }
            })
        };
        self.today(date(2021, 11, 1));
        let names = [
            ("周国栋", "19700101", officer, "210202"),
            ("吴海燕", "19760420", officer, "210202"),
            ("郑立新", "19790911", officer, "210202"),
            ("冯德胜", "19741203", officer, "210202"),
            ("韩守业", "19690708", remote_officer, "210283"),
        ];
        let mut applications = Vec::new();
        for (n, (name, birth, unit_officer, region)) in names.iter().enumerate() {
            let person = self
                .person(resident_id(region, birth, 41 + n as u16), name)
                .await?;
            let draft = self
                .draft(
                    unit_officer,
                    PROGRAM,
                    "cultivated",
                    Some(person),
                    facts(region),
                )
                .await?;
            if n == 0 {
                continue;
            }
            let submitted = self.submit(unit_officer, &draft).await?;
            applications.push((
                self.recommend(unit_officer, &submitted, 1 + (n as u32 % 4), None)
                    .await?,
                *unit_officer,
            ));
        }
        self.today(date(2021, 11, 22));
        let mut at_panel = Vec::new();
        for (i, (application, unit_officer)) in applications.iter().enumerate().skip(1) {
            let reviewer = if unit_officer.unit == remote_officer.unit {
                remote_district
            } else {
                district
            };
            let passed = self
                .review(
                    reviewer,
                    application,
                    ReviewVerdict::Pass,
                    "经审查，符合申报条件，同意推荐",
                )
                .await?;
            if i == 1 {
                continue;
            }
            workflow
                .record_consultation(
                    city,
                    passed.id,
                    &clear("失信被执行人名单（法院）", date(2021, 11, 22)),
                )
                .await?;
            at_panel.push(
                self.review(
                    city,
                    &passed,
                    ReviewVerdict::Pass,
                    "未查询到失信被执行人记录",
                )
                .await?,
            );
        }
        let panel = workflow.create_panel(city, PROGRAM, "panel-review").await?;
        for expert in experts {
            workflow
                .appoint_expert(city, panel.id, expert.account, None)
                .await?;
        }
        self.all_approve(PROGRAM, "cultivated", panel.id, &at_panel, experts)
            .await?;
        workflow.close_panel(city, panel.id).await?;
        // The first in the panel's order is selected; the other is left for a visitor to select.
        let ranking = workflow.panel_ranking(city, panel.id).await?;
        workflow
            .select_candidate(city, panel.id, ranking[0].application, None)
            .await?;
        self.today(date(2021, 11, 24));
        let (notice, entries) = workflow
            .publish_notice(city, PROGRAM, "public-notice", None)
            .await?;
        self.today(DEMO_DAY);
        let intake = workflow.caller(self.state.intake).await?;
        workflow
            .receive_objection(
                &intake,
                notice.id,
                entries[0].application,
                &ObjectionInput {
                    name: "演示异议人".to_owned(),
                    contact: "0411-00000000".to_owned(),
                    reason: "反映申报材料中的荣誉证书获得时间与实际不符，请核实。".to_owned(),
                },
            )
            .await?;
        Ok(())
    }

    /// 2024 技能大师工作室, March 2024: a draft, one at the district's first review, and one
    /// before the expert panel, which is open for the experts to vote (one has declared a
    /// conflict of interest).
    async fn studios(
        &self,
        officer: &Caller,
        district: &Caller,
        city: &Caller,
        experts: &[Caller],
    ) -> Result<()> {
        const PROGRAM: &str = "dalian-master-studio-2024";
        let workflow = self.workflow();
        let facts = json!({
            "person": { "skill_level": "技师", "honours": ["市级政府表彰@2020-01-01"], "enterprise_ranks": ["首席技师"] },
            "unit": { "registration_district": "210202" },
            "team": { "members": [
                { "name": "徒弟甲", "level_obtained": "高级技师" }, { "name": "徒弟乙", "level_obtained": "技师" },
                { "name": "徒弟丙", "level_obtained": "高级工" }
            ]}
        });
        self.today(date(2024, 3, 5));
        let mut at_district = Vec::new();
        for (n, (name, birth)) in [
            ("钱永康", "19720801"),
            ("孙立平", "19680315"),
            ("马建军", "19750102"),
        ]
        .iter()
        .enumerate()
        {
            let leader = self
                .person(resident_id("210202", birth, 61 + n as u16), name)
                .await?;
            let draft = self
                .draft(
                    officer,
                    PROGRAM,
                    "master-studio",
                    Some(leader),
                    facts.clone(),
                )
                .await?;
            if n == 0 {
                continue;
            }
            let submitted = self.submit(officer, &draft).await?;
            at_district.push(self.recommend(officer, &submitted, n as u32, None).await?);
        }
        self.today(date(2024, 3, 12));
        self.review(
            district,
            &at_district[1],
            ReviewVerdict::Pass,
            "初审通过，报市人社局",
        )
        .await?;
        self.parameters(
            city,
            PROGRAM,
            &[("panel_quorum", "0.6667"), ("panel_threshold", "0.6667")],
            SOURCE,
        )
        .await?;
        let panel = workflow.create_panel(city, PROGRAM, "panel-review").await?;
        for expert in experts {
            workflow
                .appoint_expert(city, panel.id, expert.account, None)
                .await?;
        }
        // The third expert declares a conflict with the studio before the panel: the others
        // are left to vote.
        if let Some(expert) = experts.last() {
            workflow
                .declare_conflict(
                    expert,
                    panel.id,
                    at_district[1].id,
                    "演示：与工作室领办人系师徒关系",
                )
                .await?;
        }
        Ok(())
    }

    /// 惠阳区区管首席技师 (2024): a self-recommendation at the initial check, and the unit's two
    /// candidates through the site inspection (recorded) and the district's expert panel, which
    /// is closed with equal votes so that its ranking shows 第五条's tie-break. The first of them
    /// goes on to the certificate: see [`Self::chief_technician_certified`].
    async fn chief_technicians(
        &self,
        officer: &Caller,
        individual: &Caller,
        self_applicant: PersonId,
        district: &Caller,
        experts: &[Caller],
        finance: &Caller,
    ) -> Result<()> {
        const PROGRAM: &str = "huiyang-chief-technician-2024";
        let workflow = self.workflow();
        let facts = json!({ "person": {
            "social_security_district": "441303", "district_continuous_months": 26, "frontline": true,
            "skill_level": "高级技师", "honours": ["市级技能大师工作室领办人@2020-01-01"], "flags": []
        }});
        self.today(date(2024, 4, 1));
        let own = self
            .draft(
                individual,
                PROGRAM,
                "chief-technician",
                Some(self_applicant),
                facts.clone(),
            )
            .await?;
        let own = self.submit(individual, &own).await?;
        workflow
            .self_recommend(individual, own.id, own.row_version)
            .await?;
        let recommended = self
            .recommended(
                officer,
                (PROGRAM, "chief-technician"),
                ("441303", 71),
                &[("黄伟文", "19820305"), ("林国强", "19790612")],
                &facts,
            )
            .await?;
        self.today(date(2024, 4, 15));
        let mut at_panel = Vec::new();
        for candidate in &recommended {
            let checked = self
                .review(district, candidate, ReviewVerdict::Pass, "资格初审通过")
                .await?;
            workflow
                .record_inspection(
                    district,
                    checked.id,
                    &InspectionInput {
                        visited_on: date(2024, 4, 15),
                        inspectors: "区人社局 演示考察组（2人）".to_owned(),
                        findings: "到单位现场核实，申报人在一线岗位工作，所述业绩与单位意见一致。"
                            .to_owned(),
                    },
                )
                .await?;
            at_panel.push(
                self.review(
                    district,
                    &checked,
                    ReviewVerdict::Pass,
                    "实地考察属实，列入专家评审",
                )
                .await?,
            );
        }
        self.parameters(
            district,
            PROGRAM,
            &[("panel_quorum", "0.6667"), ("panel_threshold", "0.6667")],
            SOURCE,
        )
        .await?;
        let panel = workflow
            .create_panel(district, PROGRAM, "expert-review")
            .await?;
        for expert in experts {
            workflow
                .appoint_expert(district, panel.id, expert.account, None)
                .await?;
        }
        // Equal votes and scores: the ranking falls to 第五条's tie-break (the younger first).
        self.all_approve(PROGRAM, "chief-technician", panel.id, &at_panel, experts)
            .await?;
        workflow.close_panel(district, panel.id).await?;
        self.chief_technician_certified(&at_panel[0], district, finance)
            .await
    }

    /// The first 004 candidate (黄伟文) through the security and credit review (every department
    /// the stage consults clear), the talent office's approval, the public notice (5 working
    /// days, closed after its last day), and the certificate: the 2-year term starts on the day
    /// of the certificate (the officer's `term_start`), so the first year's allowance falls due
    /// that day and the finance bureau pays it; the second stays scheduled.
    async fn chief_technician_certified(
        &self,
        candidate: &Application,
        district: &Caller,
        finance: &Caller,
    ) -> Result<()> {
        const PROGRAM: &str = "huiyang-chief-technician-2024";
        let workflow = self.workflow();
        self.today(date(2024, 4, 16));
        let consults = workflow
            .programs()
            .get(PROGRAM)
            .and_then(|p| p.stages.iter().find(|s| s.id == "security-credit-review"))
            .map(|s| s.consults.clone())
            .unwrap_or_default();
        for source in &consults {
            workflow
                .record_consultation(district, candidate.id, &clear(source, date(2024, 4, 16)))
                .await?;
        }
        let current = workflow.application(district, candidate.id).await?;
        let passed = self
            .review(
                district,
                &current,
                ReviewVerdict::Pass,
                "安全信用审查无不良记录",
            )
            .await?;
        workflow
            .approve(
                district,
                passed.id,
                passed.row_version,
                "惠阳区委人才办审定（演示）",
            )
            .await?;
        let (notice, _) = workflow
            .publish_notice(district, PROGRAM, "public-notice", None)
            .await?;
        let certified_on = notice
            .last_day
            .succ_opt()
            .ok_or_else(|| WebError::Internal("the notice ends in the calendar".into()))?;
        self.today(certified_on);
        workflow.close_notice(district, notice.id).await?;
        self.parameters(
            district,
            PROGRAM,
            &[("term_start", &certified_on.to_string())],
            "演示：区人社局批准发证之日（惠阳区区管首席技师办法 第十条(八)）",
        )
        .await?;
        let current = workflow.application(district, candidate.id).await?;
        let certified = workflow
            .approve(
                district,
                current.id,
                current.row_version,
                "惠阳区人社局批准发证（演示）",
            )
            .await?;
        self.pay(
            finance,
            &certified.application,
            "allowance",
            "演示-惠阳区财政支付-2024-0001",
        )
        .await
    }
}
