//! A program file as the engine holds it after loading: every reference resolved to an index,
//! every fact and parameter checked for kind and unit, every bound word given its meaning. What
//! can be wrong with a file is found here, once, and reported with the file, the item and the
//! problem; evaluation never meets an unresolved name.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use jiangxin_domain::honour::HonourKind;
use jiangxin_domain::skill::{EnterpriseRank, SkillLevel};
use jiangxin_domain::unit::UnitType;
use serde::{Deserialize, Serialize};

use crate::error::{LoadError, Problem};
use crate::facts::{FactId, FactKind, Flag, Introduction, honour_bit, rank_bit, unit_type_bit};
use crate::stages::{Role, Stage, StageRaw};
use crate::terms::{Term, TermRaw, Terms};
use crate::value::{ParamUnit, ParamValue};

/// A citation with the notice's own words, and the interpretation where the text is ambiguous.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cited {
    pub citation: String,
    pub text: String,
    pub interpretation: Option<String>,
}

impl Cited {
    pub(crate) fn new(
        citation: String,
        text: String,
        interpretation: Option<String>,
    ) -> Result<Cited, Problem> {
        if citation.trim().is_empty() {
            return Err(Problem::MissingCitation);
        }
        if text.trim().is_empty() {
            return Err(Problem::MissingText);
        }
        Ok(Cited {
            citation,
            text,
            interpretation,
        })
    }
}

/// Identity and version of a program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramMeta {
    pub id: String,
    pub version: String,
    pub title: String,
    /// 文号, or the document's name where it has none.
    pub document: String,
    pub document_title: String,
    pub issuer: String,
    pub issued_on: Option<NaiveDate>,
    /// The division the program covers.
    pub jurisdiction: String,
    pub valid_until: Option<NaiveDate>,
    /// The seed document the file transcribes.
    pub seed: Option<String>,
    pub basis: Option<String>,
    pub interpretation: Option<String>,
}

/// The date ages and durations are counted on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferenceDate {
    pub date: NaiveDate,
    /// The notice fixes this date (004 第十三条): `--as-of` does not move it.
    pub fixed: bool,
    pub cited: Cited,
}

/// Who gives a parameter its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SetBy {
    /// The notice states it.
    #[default]
    Notice,
    /// The notice leaves it out; a bureau officer enters it (`--set`).
    Officer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatedValue {
    pub from: NaiveDate,
    pub value: ParamValue,
}

/// A threshold or amount, dated and cited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Parameter {
    pub id: String,
    pub unit: ParamUnit,
    /// Ordered by `from`; the value in force on a date is the last one from on or before it.
    pub values: Vec<DatedValue>,
    pub set_by: SetBy,
    pub source: String,
    pub cited: Cited,
}

impl Parameter {
    /// The value in force on `on`, if any.
    pub fn value_on(&self, on: NaiveDate) -> Option<&ParamValue> {
        self.values
            .iter()
            .rev()
            .find(|v| v.from <= on)
            .map(|v| &v.value)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    /// Fails → ineligible.
    Hard,
    /// 原则上 / 一般: fails → review, a reviewer may waive it with a recorded reason.
    Soft,
    /// Only a reviewer or expert can decide → review.
    Judgement,
    /// A fact that excludes (ineligible, or review where the notice makes it a 参考).
    Exclusion,
    /// Satisfied if any member holds.
    OneOf,
    /// Satisfied if every member holds (a compound alternative inside a one_of).
    AllOf,
    /// Not written in `[[criteria]]`: the entry an explanation shows where a `[[relaxations]]`
    /// condition is checked.
    Relaxation,
}

impl CriterionKind {
    pub fn name_zh(self) -> &'static str {
        match self {
            CriterionKind::Hard => "硬性条件",
            CriterionKind::Soft => "原则性条件",
            CriterionKind::Judgement => "评审认定",
            CriterionKind::Exclusion => "排除情形",
            CriterionKind::OneOf => "具备其一",
            CriterionKind::AllOf => "同时具备",
            CriterionKind::Relaxation => "放宽条件",
        }
    }
}

/// What an exclusion does when it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionEffect {
    #[default]
    Ineligible,
    Review,
}

/// A test of one fact, checked against the fact's kind when the file loads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestDef {
    pub fact: FactId,
    pub op: TestOp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TestOp {
    /// Compare a quantity, amount or level with a parameter, by the notice's bound word.
    Compare {
        term: Term,
        parameter: usize,
        /// For the income ratio: the city average wage that turns an insured wage into a ratio.
        average_wage: Option<usize>,
    },
    Is(bool),
    /// A single-valued fact (unit type, introduction) is one of these.
    OneOf {
        mask: u32,
        names: Vec<String>,
    },
    NoneOf {
        mask: u32,
        names: Vec<String>,
    },
    /// A set-valued fact (honours, ranks, flags) contains any of these.
    AnyOf {
        mask: u32,
        names: Vec<String>,
        awarded_from: Option<usize>,
    },
    Within {
        parameter: usize,
    },
    Remote(bool),
    SameYearAsReference,
}

/// One criterion of the file's pool; categories list the ones they apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Criterion {
    pub id: String,
    pub kind: CriterionKind,
    pub label: String,
    pub effect: ExclusionEffect,
    pub decided_by: Option<Role>,
    pub test: Option<TestDef>,
    /// Indices into the program's criteria, for one_of / all_of.
    pub members: Vec<usize>,
    /// The criterion applies only when all of these hold.
    pub applies_if: Vec<TestDef>,
    pub cited: Cited,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelaxationMode {
    /// The relaxed criterion is an extra alternative: base OR (condition AND with).
    AddAlternative,
    /// The relaxed criterion replaces the base when the condition holds.
    Replace,
}

/// A condition under which some criteria are relaxed (306号 一、(五): remote districts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relaxation {
    pub id: String,
    pub label: String,
    pub when: TestDef,
    pub relaxes: Vec<usize>,
    pub mode: RelaxationMode,
    pub with: usize,
    pub cited: Cited,
}

/// Whom a category is about; screening a talent registry covers persons and studio leaders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Person,
    /// A unit applies, with a person as leader (studios).
    UnitWithLeader,
    /// An enterprise claims for its employees (training subsidies).
    Enterprise,
    Student,
}

impl Subject {
    /// Whether a registry of persons is screened against this category.
    pub fn screened(self) -> bool {
        matches!(self, Subject::Person | Subject::UnitWithLeader)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub subject: Subject,
    pub criteria: Vec<usize>,
    pub benefits: Vec<usize>,
    pub citation: String,
    pub interpretation: Option<String>,
}

/// The application form a notice attaches, as `jiangxin-documents` lays it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApplicationForm {
    /// 306号 附件1 大连市高技能人才选拔工作申报书 (the cover with the category boxes).
    HighSkill,
    /// 201号 附件1 大连工匠申报表.
    Craftsman,
    /// The 2024 studio notice's 大连市技能大师工作室申报表.
    Studio,
}

/// The workbook a notice asks the applications to be summed up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SummarySheet {
    /// 306号 附件2 申报情况汇总表, grouped by category.
    HighSkill,
    /// 201号 附件3 候选人推荐汇总表, by unit and the unit's recommendation rank.
    CraftsmanRecommendation,
    /// The studios' 候选名单 (2024 notice 三、(二)).
    StudioCandidates,
    /// The chief technicians' 候选名单 (惠阳 第十条(五)).
    ChiefTechnicianCandidates,
}

/// `[documents]`: which of the system's forms and workbooks are this notice's own. A notice
/// that attaches none leaves the table out, and nothing is printed for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Documents {
    pub application_form: Option<ApplicationForm>,
    pub summary: Option<SummarySheet>,
    /// Where the notice attaches or asks for them.
    pub citation: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Payee {
    Individual,
    Unit,
    Leader,
    Enterprise,
    Student,
}

impl Payee {
    pub fn name_zh(self) -> &'static str {
        match self {
            Payee::Individual => "本人",
            Payee::Unit => "申报单位",
            Payee::Leader => "领办人",
            Payee::Enterprise => "企业",
            Payee::Student => "学生",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tax {
    AfterTax,
    PreTax,
    /// The notice does not say.
    Unspecified,
    /// Not a taxable payment (non-monetary benefits, reimbursed fees).
    NotApplicable,
}

impl Tax {
    pub fn name_zh(self) -> &'static str {
        match self {
            Tax::AfterTax => "税后",
            Tax::PreTax => "税前",
            Tax::Unspecified => "文件未规定税前或税后",
            Tax::NotApplicable => "不涉及",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AmountDef {
    Parameter(usize),
    /// So much per team member who obtained each level.
    PerMember(Vec<(SkillLevel, usize)>),
    /// A percentage of an amount the facts give (全额学费 = 100% of the tuition fee).
    PercentOfFact {
        fact: FactId,
        percent: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ScheduleDef {
    Once,
    /// Every (school) year while the conditions hold, no fixed count.
    Annual,
    /// One payment a year for `years` years from `start`; payments after `payable_until` are
    /// dropped. All three are parameter indices.
    Yearly {
        years: usize,
        start: usize,
        payable_until: Option<usize>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Uplift {
    pub when: TestDef,
    pub percent: usize,
    pub cited: Cited,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterAwardEffect {
    /// Stop further payments.
    Stop,
    /// Recover what was paid.
    Recover,
    /// Defer payment.
    Defer,
    /// Bar the holder from applying again (“不得再次申报”).
    Ban,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AfterAward {
    pub effect: AfterAwardEffect,
    pub cited: Cited,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenefitDef {
    pub id: String,
    pub name: String,
    pub payee: Payee,
    /// `None`: a non-monetary benefit (title, priority, housing …).
    pub amount: Option<AmountDef>,
    pub tax: Tax,
    pub schedule: ScheduleDef,
    /// Benefits with the same key are one benefit for 就高不重复.
    pub same_benefit: Option<String>,
    pub uplifts: Vec<Uplift>,
    pub applies_if: Vec<TestDef>,
    pub after_award: Vec<AfterAward>,
    pub paid_to: Option<String>,
    pub cited: Cited,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotaScope {
    Total,
    PerUnit,
    PerPeriod,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strictness {
    /// Never exceeded.
    Hard,
    /// 原则上: exceeding needs a recorded reason.
    Soft,
    /// 左右: a target, exceeding is reported, not blocked.
    Target,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quota {
    pub id: String,
    pub scope: QuotaScope,
    pub period_years: Option<u32>,
    /// A parameter index (unit count).
    pub limit: usize,
    pub strictness: Strictness,
    pub categories: Vec<String>,
    pub cited: Cited,
}

/// A loaded, validated program file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub meta: ProgramMeta,
    pub reference_date: Option<ReferenceDate>,
    pub terms: Terms,
    pub parameters: Vec<Parameter>,
    pub criteria: Vec<Criterion>,
    pub relaxations: Vec<Relaxation>,
    pub categories: Vec<Category>,
    pub benefits: Vec<BenefitDef>,
    pub same_benefit_rule: Option<Cited>,
    pub quotas: Vec<Quota>,
    pub stages: Vec<Stage>,
    pub documents: Option<Documents>,
    /// Where the program was loaded from (a path or `builtin:<id>.toml`).
    pub source_name: String,
}

impl Program {
    /// Reads and validates a program file.
    pub fn load(path: &Path) -> Result<Program, LoadError> {
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
            path: path.to_owned(),
            source,
        })?;
        Program::from_toml_str(&path.display().to_string(), &text)
    }

    /// Validates a program file's text; `source_name` names it in errors.
    pub fn from_toml_str(source_name: &str, text: &str) -> Result<Program, LoadError> {
        let raw: FileRaw = toml::from_str(text).map_err(|e| LoadError::Syntax {
            file: source_name.to_owned(),
            message: e.to_string(),
        })?;
        raw.validate(source_name)
    }

    pub fn id(&self) -> &str {
        &self.meta.id
    }

    pub fn category(&self, id: &str) -> Option<(usize, &Category)> {
        self.categories.iter().enumerate().find(|(_, c)| c.id == id)
    }

    pub fn parameter(&self, id: &str) -> Option<(usize, &Parameter)> {
        self.parameters.iter().enumerate().find(|(_, p)| p.id == id)
    }
}

// ───────────────────────────── the file as written ─────────────────────────────

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRaw {
    program: ProgramMeta,
    reference_date: Option<ReferenceRaw>,
    #[serde(default)]
    terms: BTreeMap<String, TermRaw>,
    #[serde(default)]
    parameters: Vec<ParameterRaw>,
    #[serde(default)]
    criteria: Vec<CriterionRaw>,
    #[serde(default)]
    relaxations: Vec<RelaxationRaw>,
    categories: Vec<CategoryRaw>,
    #[serde(default)]
    benefits: Vec<BenefitRaw>,
    same_benefit_rule: Option<CitedRaw>,
    #[serde(default)]
    quotas: Vec<QuotaRaw>,
    #[serde(default)]
    stages: Vec<StageRaw>,
    documents: Option<Documents>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CitedRaw {
    citation: String,
    text: String,
    interpretation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferenceRaw {
    date: NaiveDate,
    #[serde(default)]
    fixed: bool,
    citation: String,
    text: String,
    interpretation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ValueRaw {
    from: NaiveDate,
    value: toml::Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParameterRaw {
    id: String,
    unit: ParamUnit,
    #[serde(default)]
    values: Vec<ValueRaw>,
    #[serde(default)]
    set_by: SetBy,
    #[serde(default)]
    source: String,
    citation: String,
    text: String,
    interpretation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TestRaw {
    fact: String,
    bound: Option<String>,
    parameter: Option<String>,
    average_wage: Option<String>,
    is: Option<bool>,
    one_of: Option<Vec<String>>,
    none_of: Option<Vec<String>>,
    any_of: Option<Vec<String>>,
    awarded_from: Option<String>,
    within: Option<String>,
    remote: Option<bool>,
    same_year_as_reference: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CriterionRaw {
    id: String,
    kind: CriterionKind,
    label: String,
    #[serde(default)]
    effect: ExclusionEffect,
    decided_by: Option<String>,
    test: Option<TestRaw>,
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    applies_if: Vec<TestRaw>,
    citation: String,
    text: String,
    interpretation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelaxationRaw {
    id: String,
    label: String,
    when: TestRaw,
    relaxes: Vec<String>,
    mode: RelaxationMode,
    with: String,
    citation: String,
    text: String,
    interpretation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryRaw {
    id: String,
    name: String,
    subject: Subject,
    criteria: Vec<String>,
    #[serde(default)]
    benefits: Vec<String>,
    citation: String,
    interpretation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PerMemberRaw {
    level: String,
    parameter: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AmountRaw {
    parameter: Option<String>,
    per_member: Option<Vec<PerMemberRaw>>,
    percent_of_fact: Option<String>,
    percent: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, tag = "kind", rename_all = "snake_case")]
enum ScheduleRaw {
    Once,
    Annual,
    Yearly {
        years: String,
        start: String,
        payable_until: Option<String>,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UpliftRaw {
    when: TestRaw,
    percent: String,
    citation: String,
    text: String,
    interpretation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AfterAwardRaw {
    effect: AfterAwardEffect,
    citation: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BenefitRaw {
    id: String,
    name: String,
    payee: Payee,
    amount: Option<AmountRaw>,
    tax: Tax,
    schedule: Option<ScheduleRaw>,
    same_benefit: Option<String>,
    #[serde(default)]
    uplifts: Vec<UpliftRaw>,
    #[serde(default)]
    applies_if: Vec<TestRaw>,
    #[serde(default)]
    after_award: Vec<AfterAwardRaw>,
    paid_to: Option<String>,
    citation: String,
    text: String,
    interpretation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuotaRaw {
    id: String,
    scope: QuotaScope,
    period_years: Option<u32>,
    limit: String,
    strictness: Strictness,
    #[serde(default)]
    categories: Vec<String>,
    citation: String,
    text: String,
    interpretation: Option<String>,
}

// ───────────────────────────── validation ─────────────────────────────

/// Validation context: the file's name and the id maps, so each check is one line.
struct Ctx<'a> {
    file: &'a str,
    terms: Terms,
    parameters: Vec<Parameter>,
    parameter_ids: HashMap<String, usize>,
    criterion_ids: HashMap<String, usize>,
}

impl Ctx<'_> {
    fn invalid(&self, item: impl Into<String>, problem: Problem) -> LoadError {
        LoadError::Invalid {
            file: self.file.to_owned(),
            item: item.into(),
            problem,
        }
    }

    fn parameter(&self, id: &str) -> Result<usize, Problem> {
        self.parameter_ids
            .get(id)
            .copied()
            .ok_or_else(|| Problem::UnknownParameter(id.to_owned()))
    }

    /// A parameter that must have one of `units`.
    fn parameter_of(&self, id: &str, units: &[ParamUnit]) -> Result<usize, Problem> {
        let index = self.parameter(id)?;
        let unit = self.parameters[index].unit;
        if units.contains(&unit) {
            Ok(index)
        } else {
            let expected: Vec<&str> = units.iter().map(|u| u.name()).collect();
            Err(Problem::WrongParameterUnit {
                expected: expected.join(" / "),
                found: unit.name().to_owned(),
            })
        }
    }

    fn criterion(&self, id: &str) -> Result<usize, Problem> {
        self.criterion_ids
            .get(id)
            .copied()
            .ok_or_else(|| Problem::UnknownCriterion(id.to_owned()))
    }

    fn test(&self, raw: &TestRaw) -> Result<TestDef, Problem> {
        let fact =
            FactId::parse(&raw.fact).ok_or_else(|| Problem::UnknownFact(raw.fact.clone()))?;
        let wrong = |message: &str| Problem::WrongTest {
            fact: raw.fact.clone(),
            message: message.to_owned(),
        };
        let ops = [
            raw.bound.is_some(),
            raw.is.is_some(),
            raw.one_of.is_some(),
            raw.none_of.is_some(),
            raw.any_of.is_some(),
            raw.within.is_some(),
            raw.remote.is_some(),
            raw.same_year_as_reference.is_some(),
        ];
        if ops.iter().filter(|&&op| op).count() != 1 {
            return Err(wrong(
                "须且只能写一种检验：bound、is、one_of、none_of、any_of、within、remote 或 same_year_as_reference（exactly one test operator is needed）",
            ));
        }
        if (raw.parameter.is_some() || raw.average_wage.is_some()) && raw.bound.is_none() {
            return Err(wrong("parameter 只用于 bound（parameter goes with bound）"));
        }
        if raw.awarded_from.is_some() && fact != FactId::Honours {
            return Err(wrong(
                "awarded_from 只用于 honours（awarded_from is for honours）",
            ));
        }
        let kind = fact.kind();
        let op = if let Some(word) = &raw.bound {
            let term = self
                .terms
                .lookup(word)
                .ok_or_else(|| Problem::UnknownBoundWord(word.clone()))?;
            let parameter_id = raw
                .parameter
                .as_deref()
                .ok_or_else(|| wrong("bound 须有 parameter（bound needs a parameter）"))?;
            let units: &[ParamUnit] = match kind {
                FactKind::Quantity(unit) => &[unit][..],
                FactKind::Money => &[ParamUnit::Yuan],
                FactKind::Level => &[ParamUnit::SkillLevel],
                _ => return Err(wrong("此事实不能比较大小（this fact has no order）")),
            };
            let units = units.to_vec();
            let parameter = self.parameter_of(parameter_id, &units)?;
            let average_wage = match (&raw.average_wage, fact) {
                (None, _) => None,
                (Some(id), FactId::IncomeRatio) => Some(self.parameter_of(id, &[ParamUnit::Yuan])?),
                (Some(_), _) => {
                    return Err(wrong(
                        "average_wage 只用于 income_ratio（average_wage is for income_ratio）",
                    ));
                }
            };
            TestOp::Compare {
                term,
                parameter,
                average_wage,
            }
        } else if let Some(expect) = raw.is {
            if kind != FactKind::Bool {
                return Err(wrong("is 只用于是/否事实（is is for yes/no facts）"));
            }
            TestOp::Is(expect)
        } else if let Some(names) = raw.one_of.as_ref().or(raw.none_of.as_ref()) {
            let mask = match kind {
                FactKind::UnitType => mask_of(names, |n| {
                    UnitType::parse(n)
                        .map(unit_type_bit)
                        .map_err(|e| e.to_string())
                })?,
                FactKind::Introduction => {
                    mask_of(names, |n| Introduction::parse(n).map(Introduction::bit))?
                }
                _ => {
                    return Err(wrong(
                        "one_of / none_of 只用于 unit_type 与 introduction（for single-valued facts）",
                    ));
                }
            };
            if raw.one_of.is_some() {
                TestOp::OneOf {
                    mask,
                    names: names.clone(),
                }
            } else {
                TestOp::NoneOf {
                    mask,
                    names: names.clone(),
                }
            }
        } else if let Some(names) = &raw.any_of {
            let mask = match kind {
                FactKind::Honours => mask_of(names, |n| {
                    HonourKind::parse(n)
                        .map(honour_bit)
                        .map_err(|e| e.to_string())
                })?,
                FactKind::Ranks => mask_of(names, |n| {
                    EnterpriseRank::parse(n)
                        .map(rank_bit)
                        .map_err(|e| e.to_string())
                })?,
                FactKind::Flags => mask_of(names, |n| Flag::parse(n).map(Flag::bit))?,
                _ => {
                    return Err(wrong(
                        "any_of 只用于 honours、enterprise_ranks、flags（any_of is for set-valued facts）",
                    ));
                }
            };
            let awarded_from = raw
                .awarded_from
                .as_deref()
                .map(|id| self.parameter_of(id, &[ParamUnit::Date]))
                .transpose()?;
            TestOp::AnyOf {
                mask,
                names: names.clone(),
                awarded_from,
            }
        } else if let Some(id) = &raw.within {
            if kind != FactKind::District {
                return Err(wrong(
                    "within 只用于行政区划事实（within is for divisions）",
                ));
            }
            TestOp::Within {
                parameter: self.parameter_of(id, &[ParamUnit::Division])?,
            }
        } else if let Some(expect) = raw.remote {
            if kind != FactKind::District {
                return Err(wrong(
                    "remote 只用于行政区划事实（remote is for divisions）",
                ));
            }
            TestOp::Remote(expect)
        } else {
            if kind != FactKind::Date || raw.same_year_as_reference != Some(true) {
                return Err(wrong(
                    "same_year_as_reference = true 只用于日期事实（for date facts）",
                ));
            }
            TestOp::SameYearAsReference
        };
        Ok(TestDef { fact, op })
    }

    fn tests(&self, raws: &[TestRaw]) -> Result<Vec<TestDef>, Problem> {
        raws.iter().map(|t| self.test(t)).collect()
    }
}

fn mask_of(names: &[String], bit: impl Fn(&str) -> Result<u32, String>) -> Result<u32, Problem> {
    if names.is_empty() {
        return Err(Problem::Structure("取值列表为空（empty list）".to_owned()));
    }
    names.iter().try_fold(0, |mask, name| {
        bit(name)
            .map(|b| mask | b)
            .map_err(|message| Problem::UnknownValue {
                value: name.clone(),
                message,
            })
    })
}

/// Checks ids are unique within one list.
fn unique<'a>(
    file: &str,
    what: &str,
    ids: impl Iterator<Item = &'a String>,
) -> Result<HashMap<String, usize>, LoadError> {
    let mut map = HashMap::new();
    for (index, id) in ids.enumerate() {
        if map.insert(id.clone(), index).is_some() {
            return Err(LoadError::Invalid {
                file: file.to_owned(),
                item: format!("{what} {id}"),
                problem: Problem::DuplicateId,
            });
        }
    }
    Ok(map)
}

impl FileRaw {
    fn validate(self, file: &str) -> Result<Program, LoadError> {
        let terms = Terms::new(&self.terms);
        let parameter_ids = unique(file, "参数", self.parameters.iter().map(|p| &p.id))?;
        let criterion_ids = unique(file, "条件", self.criteria.iter().map(|c| &c.id))?;
        let mut ctx = Ctx {
            file,
            terms,
            parameters: Vec::new(),
            parameter_ids,
            criterion_ids,
        };
        let meta_item = format!("program {}", self.program.id);
        if self.program.id.trim().is_empty() || self.program.version.trim().is_empty() {
            return Err(ctx.invalid(
                meta_item,
                Problem::Structure("项目须有 id 与 version（id and version are required）".into()),
            ));
        }
        let reference_date = self
            .reference_date
            .map(|r| {
                Ok(ReferenceDate {
                    date: r.date,
                    fixed: r.fixed,
                    cited: Cited::new(r.citation, r.text, r.interpretation)?,
                })
            })
            .transpose()
            .map_err(|p| ctx.invalid("reference_date", p))?;

        for raw in self.parameters {
            let item = format!("参数 {}", raw.id);
            let parameter = validate_parameter(raw).map_err(|p| ctx.invalid(item, p))?;
            ctx.parameters.push(parameter);
        }

        let mut criteria = Vec::with_capacity(self.criteria.len());
        for raw in &self.criteria {
            let item = format!("条件 {}", raw.id);
            let criterion = validate_criterion(&ctx, raw).map_err(|p| ctx.invalid(item, p))?;
            criteria.push(criterion);
        }
        for (index, criterion) in criteria.iter().enumerate() {
            if reaches(&criteria, index, index, &mut vec![false; criteria.len()]) {
                return Err(ctx.invalid(format!("条件 {}", criterion.id), Problem::Cycle));
            }
        }

        unique(file, "放宽", self.relaxations.iter().map(|r| &r.id))?;
        let mut relaxations = Vec::new();
        for raw in &self.relaxations {
            let item = format!("放宽 {}", raw.id);
            let relaxation = (|| {
                Ok(Relaxation {
                    id: raw.id.clone(),
                    label: raw.label.clone(),
                    when: ctx.test(&raw.when)?,
                    relaxes: raw
                        .relaxes
                        .iter()
                        .map(|id| ctx.criterion(id))
                        .collect::<Result<_, _>>()?,
                    mode: raw.mode,
                    with: ctx.criterion(&raw.with)?,
                    cited: Cited::new(
                        raw.citation.clone(),
                        raw.text.clone(),
                        raw.interpretation.clone(),
                    )?,
                })
            })()
            .map_err(|p| ctx.invalid(item, p))?;
            relaxations.push(relaxation);
        }

        let benefit_ids = unique(file, "待遇", self.benefits.iter().map(|b| &b.id))?;
        let mut benefits = Vec::new();
        for raw in self.benefits {
            let item = format!("待遇 {}", raw.id);
            let benefit = validate_benefit(&ctx, raw).map_err(|p| ctx.invalid(item, p))?;
            benefits.push(benefit);
        }
        let same_benefit_rule = self
            .same_benefit_rule
            .map(|r| Cited::new(r.citation, r.text, r.interpretation))
            .transpose()
            .map_err(|p| ctx.invalid("same_benefit_rule", p))?;
        if same_benefit_rule.is_none()
            && let Some(b) = benefits.iter().find(|b| b.same_benefit.is_some())
        {
            return Err(ctx.invalid(
                format!("待遇 {}", b.id),
                Problem::Structure(
                    "使用 same_benefit 须在文件中写明 [same_benefit_rule] 及其出处（same_benefit needs a cited [same_benefit_rule]）"
                        .into(),
                ),
            ));
        }

        let category_ids = unique(file, "类别", self.categories.iter().map(|c| &c.id))?;
        if category_ids.is_empty() {
            return Err(ctx.invalid(
                meta_item,
                Problem::Structure("项目至少要有一个类别（at least one category）".into()),
            ));
        }
        let mut categories = Vec::new();
        for raw in self.categories {
            let item = format!("类别 {}", raw.id);
            let category = (|| {
                if raw.citation.trim().is_empty() {
                    return Err(Problem::MissingCitation);
                }
                Ok(Category {
                    criteria: raw
                        .criteria
                        .iter()
                        .map(|id| ctx.criterion(id))
                        .collect::<Result<_, _>>()?,
                    benefits: raw
                        .benefits
                        .iter()
                        .map(|id| {
                            benefit_ids
                                .get(id)
                                .copied()
                                .ok_or_else(|| Problem::UnknownBenefit(id.clone()))
                        })
                        .collect::<Result<_, _>>()?,
                    id: raw.id,
                    name: raw.name,
                    subject: raw.subject,
                    citation: raw.citation,
                    interpretation: raw.interpretation,
                })
            })()
            .map_err(|p| ctx.invalid(item, p))?;
            categories.push(category);
        }

        unique(file, "名额", self.quotas.iter().map(|q| &q.id))?;
        let mut quotas = Vec::new();
        for raw in self.quotas {
            let item = format!("名额 {}", raw.id);
            let quota = (|| {
                if let Some(c) = raw.categories.iter().find(|c| !category_ids.contains_key(*c)) {
                    return Err(Problem::UnknownCategory(c.clone()));
                }
                if (raw.scope == QuotaScope::PerPeriod) != raw.period_years.is_some() {
                    return Err(Problem::Structure(
                        "per_period 名额须写 period_years，其他名额不写（period_years goes with per_period only）".into(),
                    ));
                }
                Ok(Quota {
                    limit: ctx.parameter_of(&raw.limit, &[ParamUnit::Count])?,
                    id: raw.id,
                    scope: raw.scope,
                    period_years: raw.period_years,
                    strictness: raw.strictness,
                    categories: raw.categories,
                    cited: Cited::new(raw.citation, raw.text, raw.interpretation)?,
                })
            })()
            .map_err(|p| ctx.invalid(item, p))?;
            quotas.push(quota);
        }

        unique(file, "程序", self.stages.iter().map(|s| &s.id))?;
        let mut stages = Vec::new();
        for raw in self.stages {
            let item = format!("程序 {}", raw.id);
            let stage = raw
                .validate(
                    |id| ctx.parameter_ids.contains_key(id),
                    |id| category_ids.contains_key(id),
                )
                .map_err(|p| ctx.invalid(item, p))?;
            stages.push(stage);
        }

        if let Some(documents) = &self.documents
            && documents.citation.trim().is_empty()
        {
            return Err(ctx.invalid("documents", Problem::MissingCitation));
        }

        Ok(Program {
            meta: self.program,
            reference_date,
            terms: ctx.terms,
            parameters: ctx.parameters,
            criteria,
            relaxations,
            categories,
            benefits,
            same_benefit_rule,
            quotas,
            stages,
            documents: self.documents,
            source_name: file.to_owned(),
        })
    }
}

/// Whether `target` is reachable from `from`'s members (a cycle when target == from).
fn reaches(criteria: &[Criterion], from: usize, target: usize, seen: &mut Vec<bool>) -> bool {
    criteria[from].members.iter().any(|&m| {
        if m == target {
            return true;
        }
        if std::mem::replace(&mut seen[m], true) {
            return false;
        }
        reaches(criteria, m, target, seen)
    })
}

fn validate_parameter(raw: ParameterRaw) -> Result<Parameter, Problem> {
    let cited = Cited::new(raw.citation, raw.text, raw.interpretation)?;
    if raw.source.trim().is_empty() {
        return Err(Problem::MissingSource);
    }
    if raw.values.is_empty() && raw.set_by != SetBy::Officer {
        return Err(Problem::ParameterWithoutValue);
    }
    let mut values: Vec<DatedValue> = Vec::with_capacity(raw.values.len());
    for v in raw.values {
        if values.last().is_some_and(|last| last.from >= v.from) {
            return Err(Problem::UnorderedValues);
        }
        let value =
            raw.unit
                .parse_toml(&v.value)
                .map_err(|message| Problem::BadParameterValue {
                    value: v.value.to_string(),
                    unit: raw.unit.name().to_owned(),
                    message,
                })?;
        values.push(DatedValue {
            from: v.from,
            value,
        });
    }
    Ok(Parameter {
        id: raw.id,
        unit: raw.unit,
        values,
        set_by: raw.set_by,
        source: raw.source,
        cited,
    })
}

fn validate_criterion(ctx: &Ctx<'_>, raw: &CriterionRaw) -> Result<Criterion, Problem> {
    let cited = Cited::new(
        raw.citation.clone(),
        raw.text.clone(),
        raw.interpretation.clone(),
    )?;
    let structure = |message: &str| Err(Problem::Structure(message.to_owned()));
    let is_group = matches!(raw.kind, CriterionKind::OneOf | CriterionKind::AllOf);
    match raw.kind {
        CriterionKind::Relaxation => {
            return structure("放宽条件写在 [[relaxations]]（relaxations go in [[relaxations]]）");
        }
        CriterionKind::Hard | CriterionKind::Soft | CriterionKind::Exclusion
            if raw.test.is_none() =>
        {
            return structure("此类条件须有 test（this kind needs a test）");
        }
        CriterionKind::Judgement if raw.test.is_some() => {
            return structure("评审认定条件没有 test，由人判断（a judgement has no test）");
        }
        _ if is_group && (raw.members.is_empty() || raw.test.is_some()) => {
            return structure(
                "one_of / all_of 须有 members 且没有 test（groups have members, no test）",
            );
        }
        _ if !is_group && !raw.members.is_empty() => {
            return structure("只有 one_of / all_of 才有 members（only groups have members）");
        }
        _ => {}
    }
    if raw.kind != CriterionKind::Exclusion && raw.effect != ExclusionEffect::default() {
        return structure("effect 只用于排除情形（effect is for exclusions）");
    }
    if raw.decided_by.is_some() && raw.kind != CriterionKind::Judgement {
        return structure("decided_by 只用于评审认定条件（decided_by is for judgements）");
    }
    Ok(Criterion {
        id: raw.id.clone(),
        kind: raw.kind,
        label: raw.label.clone(),
        effect: raw.effect,
        decided_by: raw.decided_by.as_deref().map(Role::parse).transpose()?,
        test: raw.test.as_ref().map(|t| ctx.test(t)).transpose()?,
        members: raw
            .members
            .iter()
            .map(|id| ctx.criterion(id))
            .collect::<Result<_, _>>()?,
        applies_if: ctx.tests(&raw.applies_if)?,
        cited,
    })
}

fn validate_benefit(ctx: &Ctx<'_>, raw: BenefitRaw) -> Result<BenefitDef, Problem> {
    let cited = Cited::new(raw.citation, raw.text, raw.interpretation)?;
    let amount = raw
        .amount
        .map(|a| match (a.parameter, a.per_member, a.percent_of_fact, a.percent) {
            (Some(p), None, None, None) => {
                Ok(AmountDef::Parameter(ctx.parameter_of(&p, &[ParamUnit::Yuan])?))
            }
            (None, Some(levels), None, None) => {
                let levels = levels
                    .iter()
                    .map(|m| {
                        let level =
                            SkillLevel::parse(&m.level).map_err(|e| Problem::UnknownValue {
                                value: m.level.clone(),
                                message: e.to_string(),
                            })?;
                        Ok((level, ctx.parameter_of(&m.parameter, &[ParamUnit::Yuan])?))
                    })
                    .collect::<Result<_, Problem>>()?;
                Ok(AmountDef::PerMember(levels))
            }
            (None, None, Some(fact), Some(percent)) => {
                let fact_id =
                    FactId::parse(&fact).ok_or_else(|| Problem::UnknownFact(fact.clone()))?;
                if fact_id.kind() != FactKind::Money {
                    return Err(Problem::WrongTest {
                        fact,
                        message: "percent_of_fact 须是金额事实（must be an amount）".into(),
                    });
                }
                Ok(AmountDef::PercentOfFact {
                    fact: fact_id,
                    percent: ctx.parameter_of(&percent, &[ParamUnit::Percent])?,
                })
            }
            _ => Err(Problem::Structure(
                "amount 须为 parameter、per_member 或 percent_of_fact + percent 之一（amount needs exactly one form）".into(),
            )),
        })
        .transpose()?;
    let schedule = match (raw.schedule, &amount) {
        (None, None) => ScheduleDef::Once,
        (None, Some(_)) => {
            return Err(Problem::Structure(
                "有金额的待遇须写 schedule（a monetary benefit needs a schedule）".into(),
            ));
        }
        (Some(ScheduleRaw::Once), _) => ScheduleDef::Once,
        (Some(ScheduleRaw::Annual), _) => ScheduleDef::Annual,
        (
            Some(ScheduleRaw::Yearly {
                years,
                start,
                payable_until,
            }),
            _,
        ) => ScheduleDef::Yearly {
            years: ctx.parameter_of(&years, &[ParamUnit::Years])?,
            start: ctx.parameter_of(&start, &[ParamUnit::Date])?,
            payable_until: payable_until
                .map(|p| ctx.parameter_of(&p, &[ParamUnit::Date]))
                .transpose()?,
        },
    };
    if amount.is_none() && (raw.tax != Tax::NotApplicable || !raw.uplifts.is_empty()) {
        return Err(Problem::Structure(
            "非金钱待遇的 tax 须为 not_applicable，且没有上浮（a non-monetary benefit has tax = not_applicable and no uplift）".into(),
        ));
    }
    let uplifts = raw
        .uplifts
        .into_iter()
        .map(|u| {
            Ok(Uplift {
                when: ctx.test(&u.when)?,
                percent: ctx.parameter_of(&u.percent, &[ParamUnit::Percent])?,
                cited: Cited::new(u.citation, u.text, u.interpretation)?,
            })
        })
        .collect::<Result<_, Problem>>()?;
    let after_award = raw
        .after_award
        .into_iter()
        .map(|a| {
            Ok(AfterAward {
                effect: a.effect,
                cited: Cited::new(a.citation, a.text, None)?,
            })
        })
        .collect::<Result<_, Problem>>()?;
    Ok(BenefitDef {
        id: raw.id,
        name: raw.name,
        payee: raw.payee,
        amount,
        tax: raw.tax,
        schedule,
        same_benefit: raw.same_benefit,
        uplifts,
        applies_if: ctx.tests(&raw.applies_if)?,
        after_award,
        paid_to: raw.paid_to,
        cited,
    })
}
