//! The procedure of a program as data the workflow walks: ordered stages, each with the role that
//! acts, its date window or period, and the rules a stage carries (unit-internal notice, panel
//! vote, tie-break, objection investigation). Validated when the program loads.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::model::Cited;

macro_rules! roles {
    ($($variant:ident = $name:literal, $zh:literal;)*) => {
        /// Who acts in a stage.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Role { $($variant),* }

        impl Role {
            pub const ALL: &'static [Role] = &[$(Role::$variant),*];

            /// The name used in program files.
            pub fn name(self) -> &'static str {
                match self { $(Role::$variant => $name),* }
            }

            pub fn name_zh(self) -> &'static str {
                match self { $(Role::$variant => $zh),* }
            }

            pub fn parse(name: &str) -> Result<Role, Problem> {
                match name {
                    $($name => Ok(Role::$variant),)*
                    _ => Err(Problem::UnknownRole(name.to_owned())),
                }
            }
        }
    };
}

roles! {
    Unit = "unit", "申报单位";
    Individual = "individual", "申请人本人";
    DistrictReviewer = "district_reviewer", "区（县、市）人社部门";
    CityReviewer = "city_reviewer", "市人社部门";
    ExpertPanel = "expert_panel", "专家评审组";
    DepartmentOpinions = "department_opinions", "征求意见部门";
    CityGovernment = "city_government", "市政府";
    DistrictTalentOffice = "district_talent_office", "区委人才工作领导小组办公室";
    Public = "public", "社会公众（公示）";
    Finance = "finance", "财政部门";
}

/// How a period's days are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    /// 自然日 (民法典 第二百零一条、第二百零三条).
    CalendarDays,
    /// 工作日, by the official holiday calendar.
    WorkingDays,
}

/// Whether a period's length is exact or a minimum ("不少于5个工作日").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodBound {
    Exact,
    AtLeast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub length: u32,
    pub counting: Counting,
    #[serde(default = "exact")]
    pub bound: PeriodBound,
}

fn exact() -> PeriodBound {
    PeriodBound::Exact
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateWindow {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The unit's own notice before it recommends (201号: 5 working days, >= 5 staff representatives
/// sign the result).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitNotice {
    pub length: u32,
    pub counting: Counting,
    pub min_staff_representatives: u32,
}

/// How an objection raised during a public notice is handled (004: investigated within 5 working
/// days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectionInvestigation {
    pub length: u32,
    pub counting: Counting,
}

/// How the panel votes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    /// 投票表决, manner unspecified.
    Vote,
    /// 实名表决.
    RealName,
}

/// An expert panel's rules. Quorum and threshold are parameter ids (officer-set where the notice
/// is silent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Panel {
    pub steps: Vec<String>,
    pub vote: Option<Vote>,
    pub quorum: Option<String>,
    pub threshold: Option<String>,
    pub tie_break: Vec<String>,
}

/// What passing a stage confers: the approval that grants the title (or plaque) with its
/// numbered certificate, and fixes the entitlements the benefits ledger pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Awards {
    /// The title as the certificate writes it; without one, the category's name.
    pub title: Option<String>,
    /// Whether a certificate (证书、牌匾) is issued; a subsidy-only approval issues none.
    #[serde(default = "issues_certificate")]
    pub certificate: bool,
    /// The parameter that gives the term in whole years, for a title held for a term only
    /// (004 第十五条: 2 年培养期).
    pub term_years: Option<String>,
}

fn issues_certificate() -> bool {
    true
}

/// One stage of the procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    pub id: String,
    pub name: String,
    pub actor: Role,
    pub alternative_actor: Option<Role>,
    pub window: Option<DateWindow>,
    pub deadline: Option<NaiveDate>,
    pub duration: Option<Period>,
    pub unit_internal_notice: Option<UnitNotice>,
    pub consults: Vec<String>,
    pub panel: Option<Panel>,
    pub objection_investigation: Option<ObjectionInvestigation>,
    /// The reviewer must tell the applicant why an application failed (004 第十条(三)).
    pub reasons_on_rejection: bool,
    /// Passing this stage approves: see [`Awards`].
    pub awards: Option<Awards>,
    /// The categories this stage belongs to; empty means all.
    pub categories: Vec<String>,
    pub cited: Cited,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PanelRaw {
    #[serde(default)]
    steps: Vec<String>,
    vote: Option<Vote>,
    quorum: Option<String>,
    threshold: Option<String>,
    #[serde(default)]
    tie_break: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StageRaw {
    pub id: String,
    name: String,
    actor: String,
    alternative_actor: Option<String>,
    window: Option<DateWindow>,
    deadline: Option<NaiveDate>,
    duration: Option<Period>,
    unit_internal_notice: Option<UnitNotice>,
    #[serde(default)]
    consults: Vec<String>,
    panel: Option<PanelRaw>,
    objection_investigation: Option<ObjectionInvestigation>,
    #[serde(default)]
    reasons_on_rejection: bool,
    awards: Option<Awards>,
    #[serde(default)]
    categories: Vec<String>,
    citation: String,
    text: String,
    interpretation: Option<String>,
}

impl StageRaw {
    /// Checks roles, dates and references; `has_parameter` and `has_category` look up ids in the
    /// same program.
    pub(crate) fn validate(
        self,
        has_parameter: impl Fn(&str) -> bool,
        has_category: impl Fn(&str) -> bool,
    ) -> Result<Stage, Problem> {
        let cited = Cited::new(self.citation, self.text, self.interpretation)?;
        let actor = Role::parse(&self.actor)?;
        let alternative_actor = self
            .alternative_actor
            .as_deref()
            .map(Role::parse)
            .transpose()?;
        if let Some(window) = self.window
            && window.from > window.to
        {
            return Err(Problem::Structure(format!(
                "时间窗口起始日 {} 晚于截止日 {}（window starts after it ends）",
                window.from, window.to
            )));
        }
        let zero_length = [
            self.duration.map(|d| d.length),
            self.unit_internal_notice.map(|n| n.length),
            self.objection_investigation.map(|o| o.length),
        ]
        .contains(&Some(0));
        if zero_length {
            return Err(Problem::Structure(
                "期间长度须大于零（a period must be longer than zero）".to_owned(),
            ));
        }
        if let Some(category) = self.categories.iter().find(|c| !has_category(c)) {
            return Err(Problem::UnknownCategory(category.clone()));
        }
        if let Some(id) = self.awards.as_ref().and_then(|a| a.term_years.as_ref())
            && !has_parameter(id)
        {
            return Err(Problem::UnknownParameter(id.clone()));
        }
        let panel = self
            .panel
            .map(|p| {
                for id in p.quorum.iter().chain(p.threshold.iter()) {
                    if !has_parameter(id) {
                        return Err(Problem::UnknownParameter(id.clone()));
                    }
                }
                Ok(Panel {
                    steps: p.steps,
                    vote: p.vote,
                    quorum: p.quorum,
                    threshold: p.threshold,
                    tie_break: p.tie_break,
                })
            })
            .transpose()?;
        Ok(Stage {
            id: self.id,
            name: self.name,
            actor,
            alternative_actor,
            window: self.window,
            deadline: self.deadline,
            duration: self.duration,
            unit_internal_notice: self.unit_internal_notice,
            consults: self.consults,
            panel,
            objection_investigation: self.objection_investigation,
            reasons_on_rejection: self.reasons_on_rejection,
            awards: self.awards,
            categories: self.categories,
            cited,
        })
    }
}
