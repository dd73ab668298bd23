//! What the engine knows about a person, their unit, a studio team or a student, and the
//! catalogue of fact names that program files may test.
//!
//! Every fact is optional: `None` means "not known", which makes any criterion that needs it
//! `unknown` and the outcome at best `review`, with a reason naming the fact. Facts arrive as
//! JSON (`--facts`) or TOML (rule tests) in the [`RawFacts`] shape and are parsed once into
//! domain types, so no raw string reaches the evaluator.

use std::fmt;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use jiangxin_calendar::age::full_years;
use jiangxin_calendar::retirement::{RetirementCategory, legal_working_age, statutory_retirement};
use jiangxin_domain::credit_code::CreditCode;
use jiangxin_domain::date::{parse_date, today_in_china};
use jiangxin_domain::division::{DivisionCode, Divisions};
use jiangxin_domain::honour::Honour;
use jiangxin_domain::id_number::{Gender, ResidentId};
use jiangxin_domain::money::Money;
use jiangxin_domain::skill::{EnterpriseRank, SkillLevel};
use jiangxin_domain::text::trim;
use jiangxin_domain::unit::UnitType;
use serde::Deserialize;

use crate::error::FactsError;
use crate::value::{DecimalText, ParamUnit, Quantity};

/// What kind of value a fact holds, which decides the tests a program file may apply to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    Quantity(ParamUnit),
    Money,
    Level,
    Bool,
    Date,
    District,
    UnitType,
    Introduction,
    Honours,
    Ranks,
    Flags,
}

macro_rules! fact_catalogue {
    ($($variant:ident = $name:literal, $label:literal, $kind:expr;)*) => {
        /// A fact a program file may name. The catalogue is code because each fact needs code to
        /// read it; which facts a program tests, and how, is data.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum FactId { $($variant),* }

        impl FactId {
            pub const ALL: &'static [FactId] = &[$(FactId::$variant),*];

            /// The name used in program files, JSON facts and registry columns.
            pub fn name(self) -> &'static str {
                match self { $(FactId::$variant => $name),* }
            }

            /// The fact in Chinese, for reasons.
            pub fn label_zh(self) -> &'static str {
                match self { $(FactId::$variant => $label),* }
            }

            pub fn kind(self) -> FactKind {
                match self { $(FactId::$variant => $kind),* }
            }

            pub fn parse(name: &str) -> Option<FactId> {
                match name { $($name => Some(FactId::$variant),)* _ => None }
            }
        }

        impl FactId {
            /// For a fact the engine computes: the facts it is computed from, so that a reason
            /// for "unknown" tells the officer what to supply.
            pub fn derived_from(self) -> Option<&'static str> {
                match self {
                    FactId::Age => Some("person.id_number 或 person.birth_date"),
                    FactId::LegalWorkingAge | FactId::YearsToRetirement => Some(
                        "person.id_number 或 person.birth_date 与 person.gender（女性另可给 person.retirement_category）",
                    ),
                    FactId::IncomeRatio => Some("person.income_ratio，或 person.insured_wage_yuan 与社平工资参数"),
                    FactId::UnitRegistrationDistrict => Some("unit.credit_code 或 unit.registration_district"),
                    _ => None,
                }
            }
        }
    };
}

fact_catalogue! {
    Age = "age", "年龄", FactKind::Quantity(ParamUnit::Years);
    SkillLevel = "skill_level", "职业技能等级", FactKind::Level;
    EnterpriseRanks = "enterprise_ranks", "企业技能岗位等级", FactKind::Ranks;
    Honours = "honours", "荣誉", FactKind::Honours;
    SocialSecurityDistrict = "social_security_district", "社保缴纳地", FactKind::District;
    Frontline = "frontline", "一线岗位", FactKind::Bool;
    ContractYears = "contract_years", "合同（协议）期限", FactKind::Quantity(ParamUnit::Years);
    KeyPostYears = "key_post_years", "关键岗位工作年限", FactKind::Quantity(ParamUnit::Years);
    CitySocialSecurityMonths = "city_social_security_months", "在本市累计缴纳社保月数", FactKind::Quantity(ParamUnit::Months);
    DistrictContinuousMonths = "district_continuous_months", "在本区连续工作并缴纳社保月数", FactKind::Quantity(ParamUnit::Months);
    IncomeRatio = "income_ratio", "缴费工资与上年度社平工资之比", FactKind::Quantity(ParamUnit::Ratio);
    Introduction = "introduction", "申报类别（培育或引进方式）", FactKind::Introduction;
    MonthsInCityPerYear = "months_in_city_per_year", "每年在本市工作月数", FactKind::Quantity(ParamUnit::Months);
    Flags = "flags", "记录与标记", FactKind::Flags;
    LegalResidence = "legal_residence", "合法居留手续", FactKind::Bool;
    LegalWorkingAge = "legal_working_age", "是否在法定劳动年龄内", FactKind::Bool;
    YearsToRetirement = "years_to_retirement", "距法定退休年龄", FactKind::Quantity(ParamUnit::Years);
    CityContinuousWorkYears = "city_continuous_work_years", "在本市企业连续工作年限", FactKind::Quantity(ParamUnit::Years);
    ShortageOccupation = "shortage_occupation", "属紧缺职业（工种）目录", FactKind::Bool;
    SkillAppraisedInCity = "skill_appraised_in_city", "职业资格经本市人社部门鉴定", FactKind::Bool;
    CertificateObtainedOn = "certificate_obtained_on", "取得证书日期", FactKind::Date;
    UnitType = "unit_type", "单位类型", FactKind::UnitType;
    UnitKeyIndustry = "unit_key_industry", "单位从事重点产业、行业、工程项目", FactKind::Bool;
    UnitTaxLastYear = "unit_tax_last_year", "单位上一纳税年度纳税额", FactKind::Money;
    UnitPaysSocialInsurance = "unit_pays_social_insurance", "单位依法缴纳社会保险", FactKind::Bool;
    UnitRegistrationDistrict = "unit_registration_district", "单位登记地", FactKind::District;
    UnitHrServiceOrDispatch = "unit_hr_service_or_dispatch", "单位为人力资源服务或劳务派遣企业", FactKind::Bool;
    UnitEducationFundCompliant = "unit_education_fund_compliant", "单位按规定提取和使用职工教育经费", FactKind::Bool;
    StudentFullTime = "student_full_time", "全日制正式学籍", FactKind::Bool;
    StudentSchoolInVocationalBase = "student_school_in_vocational_base", "就读职业教育基地内院校", FactKind::Bool;
    StudentSchoolKey = "student_school_key", "就读市政府重点建设院校", FactKind::Bool;
    StudentMajorShortage = "student_major_shortage", "所学专业属紧缺目录", FactKind::Bool;
    StudentProgrammeLevel = "student_programme_level", "就读层次", FactKind::Level;
    StudentLocal = "student_local", "本市学生", FactKind::Bool;
    StudentTuitionFee = "student_tuition_fee", "学费", FactKind::Money;
}

/// A fact serialises as its file name, e.g. `"skill_level"`.
impl serde::Serialize for FactId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

macro_rules! named_set {
    ($(#[$doc:meta])* $ty:ident, $set:ident, $what:literal, [$($variant:ident = $name:literal),* $(,)?]) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $ty { $($variant),* }

        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),*];

            pub fn name_zh(self) -> &'static str {
                match self { $($ty::$variant => $name),* }
            }

            pub fn parse(input: &str) -> Result<$ty, String> {
                let text = input.trim();
                Self::ALL.iter().copied().find(|v| v.name_zh() == text).ok_or_else(|| {
                    let names: Vec<&str> = Self::ALL.iter().map(|v| v.name_zh()).collect();
                    format!(
                        "未知的{}“{}”，应为 {}（unknown {} \"{}\"）",
                        $what, text, names.join("、"), stringify!($ty), text
                    )
                })
            }

            pub const fn bit(self) -> u32 {
                1 << (self as u32)
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name_zh())
            }
        }

        /// A set as a bitmask, so membership tests on the hot path are one AND.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $set(u32);

        impl $set {
            pub const fn bits(self) -> u32 {
                self.0
            }

            pub fn contains(self, item: $ty) -> bool {
                self.0 & item.bit() != 0
            }

            pub fn insert(&mut self, item: $ty) {
                self.0 |= item.bit();
            }

            pub fn iter(self) -> impl Iterator<Item = $ty> {
                $ty::ALL.iter().copied().filter(move |v| self.contains(*v))
            }
        }

        impl FromIterator<$ty> for $set {
            fn from_iter<I: IntoIterator<Item = $ty>>(iter: I) -> Self {
                let mut set = $set::default();
                for item in iter {
                    set.insert(item);
                }
                set
            }
        }
    };
}

named_set!(
    /// A record or marking that a criterion may exclude on, as the talent registry's `flags`
    /// column spells it. Unit flags (单位…) are carried with the person because the registry keeps
    /// one row per person.
    Flag, FlagSet, "标记", [
        CriminalRecord = "刑事犯罪",
        CriminalInvestigation = "刑事立案侦查",
        DishonestDebtor = "失信被执行人",
        IpInvestigation = "侵犯知识产权调查",
        MajorAccident = "重大责任事故",
        Fraud = "弄虚作假",
        BadRecord = "不良记录",
        UnitDishonest = "单位失信",
        UnitUnderInvestigation = "单位立案调查",
        UnitAbnormalOperation = "单位经营异常",
        PublicServant = "机关事业单位人员",
    ]
);

named_set!(
    /// How a 306号 applicant came to the unit: 培育 or one of the three ways of 引进.
    Introduction, IntroductionSet, "申报类别", [
        Cultivated = "培育",
        FullTime = "全职引进",
        Flexible = "柔性引进",
        Project = "项目引进",
    ]
);

/// A bit per enterprise rank or unit type or honour kind: the domain enums are field-less and
/// declared in a fixed order, so `as u32` is their position.
pub(crate) fn rank_bit(rank: EnterpriseRank) -> u32 {
    1 << (rank as u32)
}

pub(crate) fn unit_type_bit(unit: UnitType) -> u32 {
    1 << (unit as u32)
}

pub(crate) fn honour_bit(kind: jiangxin_domain::honour::HonourKind) -> u32 {
    1 << (kind as u32)
}

/// A division resolved once against the division table: its code, the numeric codes of itself
/// and its ancestors in force, and whether program rules treat it as remote. Tests on the hot path
/// are then integer comparisons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    code: DivisionCode,
    chain: [u32; 4],
    remote: bool,
}

impl District {
    /// Resolves a code. The division table covers the programs' own cities in detail; a code
    /// elsewhere (a Shenyang social-insurance district) is placed by the structure of GB/T 2260
    /// (county → city xxxx00 → province xx0000), but an unknown code inside a city the table
    /// covers is an error, because "not within 大连" would be a silent wrong answer for a typo.
    pub fn resolve(code: DivisionCode) -> Result<District, String> {
        // The table's own codes are resolved once, here, and looked up after: a registry screen
        // resolves a district on every row. The lookup is by code number, which six digits keep
        // under a million: one load, where a search of the sorted codes was a chain of
        // dependent loads. (The index is allocated zeroed, so only the few pages that hold the
        // table's codes are ever touched.)
        static KNOWN: OnceLock<(Vec<u16>, Vec<District>)> = OnceLock::new();
        let (index, known) = KNOWN.get_or_init(|| {
            let known: Vec<District> = Divisions::builtin()
                .iter()
                .filter_map(|d| Self::in_table(d.code().clone()))
                .collect();
            let mut index = vec![0_u16; 1_000_000];
            for (at, district) in known.iter().enumerate() {
                index[district.code.number() as usize] =
                    u16::try_from(at + 1).expect("fewer than 65,535 divisions in the table");
            }
            (index, known)
        });
        let n = code.number();
        if let Some(at) = index[n as usize].checked_sub(1) {
            return Ok(known[usize::from(at)].clone());
        }
        let (city, province) = (n / 100 * 100, n / 10_000 * 10_000);
        let city_code = DivisionCode::parse(&format!("{city:06}")).ok();
        if n != city && city_code.is_some_and(|c| Divisions::builtin().current(&c).is_some()) {
            return Err(format!(
                "行政区划表中没有 {code}（division {code} is not in the division table）"
            ));
        }
        Ok(District {
            code,
            chain: [n, city, province, 0],
            remote: false,
        })
    }

    /// A code the division table has: its chain of divisions in force, and whether it is remote.
    fn in_table(code: DivisionCode) -> Option<District> {
        let table = Divisions::builtin();
        let mut division = table.current(&code)?;
        let remote = table.is_remote(&code);
        let mut chain = [0; 4];
        for slot in &mut chain {
            *slot = division.code().number();
            match division.parent().and_then(|p| table.current(p)) {
                Some(parent) => division = parent,
                None => break,
            }
        }
        Some(District {
            code,
            chain,
            remote,
        })
    }

    pub fn code(&self) -> &DivisionCode {
        &self.code
    }

    pub fn is_remote(&self) -> bool {
        self.remote
    }

    /// Whether this division lies in (or is) the division whose numeric code in force is given.
    pub fn is_within(&self, ancestor: u32) -> bool {
        self.chain.contains(&ancestor)
    }
}

/// The person: an applicant, a studio leader, or an employee whose certificate a training subsidy
/// is claimed for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonFacts {
    pub name: Option<String>,
    pub id_number: Option<ResidentId>,
    pub birth_date: Option<NaiveDate>,
    pub gender: Option<Gender>,
    /// For women: worker (原50周岁) or cadre (原55周岁); unknown is treated as worker by
    /// `jiangxin_calendar`.
    pub retirement_category: Option<RetirementCategory>,
    pub skill_level: Option<SkillLevel>,
    pub enterprise_ranks: Option<Vec<EnterpriseRank>>,
    pub honours: Option<Vec<Honour>>,
    pub social_security_district: Option<District>,
    pub frontline: Option<bool>,
    pub contract_years: Option<Quantity>,
    pub key_post_years: Option<Quantity>,
    pub city_social_security_months: Option<Quantity>,
    pub district_continuous_months: Option<Quantity>,
    pub income_ratio: Option<Quantity>,
    /// 缴纳社会保险工资 (a year); with the officer's city average wage it gives the income ratio
    /// when `income_ratio` itself is not given.
    pub insured_wage: Option<Money>,
    pub introduction: Option<Introduction>,
    pub months_in_city_per_year: Option<Quantity>,
    pub flags: Option<FlagSet>,
    pub legal_residence: Option<bool>,
    pub city_continuous_work_years: Option<Quantity>,
    pub shortage_occupation: Option<bool>,
    pub skill_appraised_in_city: Option<bool>,
    pub certificate_obtained_on: Option<NaiveDate>,
}

/// The unit (employer, applicant unit of a studio, enterprise claiming a subsidy).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitFacts {
    pub name: Option<String>,
    pub credit_code: Option<CreditCode>,
    pub unit_type: Option<UnitType>,
    pub key_industry: Option<bool>,
    pub tax_last_year: Option<Money>,
    pub pays_social_insurance: Option<bool>,
    /// Where the unit is registered: from the credit code (its 3rd–8th characters) unless given.
    pub registration_district: Option<District>,
    pub hr_service_or_dispatch: Option<bool>,
    pub education_fund_compliant: Option<bool>,
}

/// The members of a skill-master studio team who reached a level, for the mentoring subsidy.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamFacts {
    pub members: Vec<TeamMember>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TeamMember {
    pub name: Option<String>,
    pub level_obtained: SkillLevel,
}

impl TeamFacts {
    /// How many members obtained exactly this level.
    pub fn count_at(&self, level: SkillLevel) -> u32 {
        let count = self
            .members
            .iter()
            .filter(|m| m.level_obtained == level)
            .count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }
}

/// A vocational student, for the tuition, lodging and transport subsidies of 46号.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StudentFacts {
    pub full_time: Option<bool>,
    pub school_in_vocational_base: Option<bool>,
    pub school_key: Option<bool>,
    pub major_shortage: Option<bool>,
    pub programme_level: Option<SkillLevel>,
    pub local: Option<bool>,
    pub tuition_fee: Option<Money>,
}

/// Everything known for one evaluation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub person: PersonFacts,
    pub unit: UnitFacts,
    /// `None`: the team is not known (the mentoring subsidy cannot be computed).
    pub team: Option<TeamFacts>,
    pub student: StudentFacts,
}

impl Facts {
    /// Reads the `--facts` JSON.
    pub fn from_json(text: &str) -> Result<Facts, FactsError> {
        let raw: RawFacts =
            serde_json::from_str(text).map_err(|e| FactsError::Syntax(e.to_string()))?;
        raw.parse()
    }

    pub(crate) fn birth_date(&self) -> Option<NaiveDate> {
        self.person.birth_date
    }

    pub(crate) fn quantity(&self, fact: FactId, on: NaiveDate) -> Option<Quantity> {
        let p = &self.person;
        match fact {
            FactId::Age => {
                let birth = self.birth_date()?;
                full_years(birth, on)
                    .ok()
                    .map(|y| Quantity::from_int(i64::from(y)))
            }
            FactId::ContractYears => p.contract_years,
            FactId::KeyPostYears => p.key_post_years,
            FactId::CitySocialSecurityMonths => p.city_social_security_months,
            FactId::DistrictContinuousMonths => p.district_continuous_months,
            FactId::IncomeRatio => p.income_ratio,
            FactId::MonthsInCityPerYear => p.months_in_city_per_year,
            FactId::CityContinuousWorkYears => p.city_continuous_work_years,
            FactId::YearsToRetirement => {
                let retirement = statutory_retirement(self.birth_date()?, self.category()?).ok()?;
                // Already retired counts as zero years left: the bound is a minimum.
                let years = full_years(on, retirement.date).unwrap_or(0);
                Some(Quantity::from_int(i64::from(years)))
            }
            _ => None,
        }
    }

    pub(crate) fn money(&self, fact: FactId) -> Option<Money> {
        match fact {
            FactId::UnitTaxLastYear => self.unit.tax_last_year,
            FactId::StudentTuitionFee => self.student.tuition_fee,
            _ => None,
        }
    }

    pub(crate) fn level(&self, fact: FactId) -> Option<SkillLevel> {
        match fact {
            FactId::SkillLevel => self.person.skill_level,
            FactId::StudentProgrammeLevel => self.student.programme_level,
            _ => None,
        }
    }

    pub(crate) fn boolean(&self, fact: FactId, on: NaiveDate) -> Option<bool> {
        let (p, u, s) = (&self.person, &self.unit, &self.student);
        match fact {
            FactId::Frontline => p.frontline,
            FactId::LegalResidence => p.legal_residence,
            FactId::LegalWorkingAge => legal_working_age(self.birth_date()?, self.category()?, on)
                .ok()
                .map(|status| status.is_within()),
            FactId::ShortageOccupation => p.shortage_occupation,
            FactId::SkillAppraisedInCity => p.skill_appraised_in_city,
            FactId::UnitKeyIndustry => u.key_industry,
            FactId::UnitPaysSocialInsurance => u.pays_social_insurance,
            FactId::UnitHrServiceOrDispatch => u.hr_service_or_dispatch,
            FactId::UnitEducationFundCompliant => u.education_fund_compliant,
            FactId::StudentFullTime => s.full_time,
            FactId::StudentSchoolInVocationalBase => s.school_in_vocational_base,
            FactId::StudentSchoolKey => s.school_key,
            FactId::StudentMajorShortage => s.major_shortage,
            FactId::StudentLocal => s.local,
            _ => None,
        }
    }

    pub(crate) fn date(&self, fact: FactId) -> Option<NaiveDate> {
        match fact {
            FactId::CertificateObtainedOn => self.person.certificate_obtained_on,
            _ => None,
        }
    }

    pub(crate) fn district(&self, fact: FactId) -> Option<&District> {
        match fact {
            FactId::SocialSecurityDistrict => self.person.social_security_district.as_ref(),
            FactId::UnitRegistrationDistrict => self.unit.registration_district.as_ref(),
            _ => None,
        }
    }

    /// The bitmask of a set-valued fact (unit type and introduction count as one-element sets).
    pub(crate) fn mask(&self, fact: FactId) -> Option<u32> {
        let p = &self.person;
        match fact {
            FactId::UnitType => self.unit.unit_type.map(unit_type_bit),
            FactId::Introduction => p.introduction.map(Introduction::bit),
            FactId::EnterpriseRanks => p
                .enterprise_ranks
                .as_ref()
                .map(|ranks| ranks.iter().fold(0, |m, r| m | rank_bit(*r))),
            FactId::Flags => p.flags.map(FlagSet::bits),
            _ => None,
        }
    }

    /// The honours awarded within `[from, on]`, as a bitmask of kinds.
    pub(crate) fn honour_mask(&self, from: Option<NaiveDate>, on: NaiveDate) -> Option<u32> {
        let honours = self.person.honours.as_ref()?;
        Some(
            honours
                .iter()
                .filter(|h| h.awarded_on() <= on && from.is_none_or(|f| h.awarded_on() >= f))
                .fold(0, |m, h| m | honour_bit(h.kind())),
        )
    }

    fn category(&self) -> Option<RetirementCategory> {
        RetirementCategory::from_gender(self.person.gender?, self.person.retirement_category).ok()
    }

    /// The year of a date fact, for "in the same year" tests.
    pub(crate) fn year_of(&self, fact: FactId) -> Option<i32> {
        self.date(fact).map(|d| d.year())
    }
}

// ───────────────────────────── the raw (text) shape ─────────────────────────────

/// Facts as written in `--facts` JSON or in a rule test: plain strings, numbers and booleans,
/// parsed by [`RawFacts::parse`] into [`Facts`]. Unknown field names are rejected so that a typo
/// does not silently become an unknown fact.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawFacts {
    pub person: RawPerson,
    pub unit: RawUnit,
    pub team: Option<RawTeam>,
    pub student: RawStudent,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawPerson {
    pub name: Option<String>,
    pub id_number: Option<String>,
    pub birth_date: Option<String>,
    pub gender: Option<String>,
    pub retirement_category: Option<String>,
    pub skill_level: Option<String>,
    pub enterprise_ranks: Option<Vec<String>>,
    pub honours: Option<Vec<String>>,
    pub social_security_district: Option<String>,
    pub frontline: Option<bool>,
    pub contract_years: Option<DecimalText>,
    pub key_post_years: Option<DecimalText>,
    pub city_social_security_months: Option<DecimalText>,
    pub district_continuous_months: Option<DecimalText>,
    pub income_ratio: Option<DecimalText>,
    pub insured_wage_yuan: Option<DecimalText>,
    pub introduction: Option<String>,
    pub months_in_city_per_year: Option<DecimalText>,
    pub flags: Option<Vec<String>>,
    pub legal_residence: Option<bool>,
    pub city_continuous_work_years: Option<DecimalText>,
    pub shortage_occupation: Option<bool>,
    pub skill_appraised_in_city: Option<bool>,
    pub certificate_obtained_on: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawUnit {
    pub name: Option<String>,
    pub credit_code: Option<String>,
    pub unit_type: Option<String>,
    pub key_industry: Option<bool>,
    pub tax_last_year_yuan: Option<DecimalText>,
    pub pays_social_insurance: Option<bool>,
    pub registration_district: Option<String>,
    pub hr_service_or_dispatch: Option<bool>,
    pub education_fund_compliant: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawTeam {
    pub members: Vec<RawMember>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMember {
    #[serde(default)]
    pub name: Option<String>,
    pub level_obtained: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawStudent {
    pub full_time: Option<bool>,
    pub school_in_vocational_base: Option<bool>,
    pub school_key: Option<bool>,
    pub major_shortage: Option<bool>,
    pub programme_level: Option<String>,
    pub local: Option<bool>,
    pub tuition_fee_yuan: Option<DecimalText>,
}

// ───────────────────────────── fact text, the one reader ─────────────────────────────

/// A list as text: separate items (a JSON or TOML array) or one talent-registry cell whose items
/// are separated by `;` (or the full-width `；` a Chinese input method types). Empty items of a
/// cell are skipped, so an empty cell is an empty list.
#[derive(Debug, Clone, Copy)]
pub enum TextList<'a> {
    Items(&'a [String]),
    Joined(&'a str),
}

impl<'a> TextList<'a> {
    fn items(self) -> impl Iterator<Item = &'a str> {
        let (mut items, mut cell) = match self {
            TextList::Items(items) => (items.iter(), ""),
            TextList::Joined(cell) => ([].iter(), cell),
        };
        // One pass over a cell's bytes finds either separator; an empty cell, what most rows
        // have, ends at once. (Chained splits on each separator build an iterator several
        // times the size of a row's list cells, for every cell of every row of a screen.)
        std::iter::from_fn(move || {
            if let Some(item) = items.next() {
                return Some(item.as_str());
            }
            while !cell.is_empty() {
                let (item, rest) = split_item(cell);
                cell = rest;
                let item = trim(item);
                if !item.is_empty() {
                    return Some(item);
                }
            }
            None
        })
    }
}

/// The first item of a list cell and the rest after its separator, `;` or `；`. One vectorised
/// search for either `;` or the full-width form's lead byte: a byte-by-byte loop cost some 300
/// instructions per honours item (`全国技术能手@2015-03-04` is 28 bytes).
fn split_item(cell: &str) -> (&str, &str) {
    const FULL_WIDTH: &str = "；";
    let bytes = cell.as_bytes();
    let mut from = 0;
    while let Some(found) = memchr::memchr2(b';', FULL_WIDTH.as_bytes()[0], &bytes[from..]) {
        let at = from + found;
        if bytes[at] == b';' {
            return (&cell[..at], &cell[at + 1..]);
        }
        if bytes[at..].starts_with(FULL_WIDTH.as_bytes()) {
            return (&cell[..at], &cell[at + FULL_WIDTH.len()..]);
        }
        from = at + 1;
    }
    (cell, "")
}

/// A person's facts as text, borrowed from where they were written: a `--facts` JSON file or a
/// rule test (through [`RawPerson`]) or a row of the talent registry (`jiangxin screen`). `None`
/// is "not known". Field names in errors are `person.<field>`.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonText<'a> {
    pub name: Option<&'a str>,
    pub id_number: Option<&'a str>,
    pub birth_date: Option<&'a str>,
    pub gender: Option<&'a str>,
    pub retirement_category: Option<&'a str>,
    pub skill_level: Option<&'a str>,
    pub enterprise_ranks: Option<TextList<'a>>,
    pub honours: Option<TextList<'a>>,
    pub social_security_district: Option<&'a str>,
    pub frontline: Option<bool>,
    pub contract_years: Option<&'a str>,
    pub key_post_years: Option<&'a str>,
    pub city_social_security_months: Option<&'a str>,
    pub district_continuous_months: Option<&'a str>,
    pub income_ratio: Option<&'a str>,
    pub insured_wage_yuan: Option<&'a str>,
    pub introduction: Option<&'a str>,
    pub months_in_city_per_year: Option<&'a str>,
    pub flags: Option<TextList<'a>>,
    pub legal_residence: Option<bool>,
    pub city_continuous_work_years: Option<&'a str>,
    pub shortage_occupation: Option<bool>,
    pub skill_appraised_in_city: Option<bool>,
    pub certificate_obtained_on: Option<&'a str>,
}

/// A unit's facts as text; field names in errors are `unit.<field>`.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnitText<'a> {
    pub name: Option<&'a str>,
    pub credit_code: Option<&'a str>,
    pub unit_type: Option<&'a str>,
    pub key_industry: Option<bool>,
    pub tax_last_year_yuan: Option<&'a str>,
    pub pays_social_insurance: Option<bool>,
    pub registration_district: Option<&'a str>,
    pub hr_service_or_dispatch: Option<bool>,
    pub education_fund_compliant: Option<bool>,
}

/// Parses an optional field, naming it in the error.
fn field<T, E: fmt::Display>(
    name: &str,
    value: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<Option<T>, FactsError> {
    value
        .map(|text| parse(text).map_err(|e| invalid(name, e)))
        .transpose()
}

fn invalid(name: &str, err: impl fmt::Display) -> FactsError {
    FactsError::Invalid {
        field: name.to_owned(),
        message: err.to_string(),
    }
}

/// Parses a list into `target`, reusing the vector it already holds so that parsing row after
/// row into one `Facts` does not allocate.
fn list_into<T, E: fmt::Display>(
    name: &str,
    values: Option<TextList<'_>>,
    parse: impl Fn(&str) -> Result<T, E>,
    target: &mut Option<Vec<T>>,
) -> Result<(), FactsError> {
    let Some(values) = values else {
        *target = None;
        return Ok(());
    };
    let mut items = target.take().unwrap_or_default();
    items.clear();
    for item in values.items() {
        items.push(parse(item).map_err(|e| invalid(name, e))?);
    }
    *target = Some(items);
    Ok(())
}

/// Copies text into `target`, reusing its buffer.
fn text_into(value: Option<&str>, target: &mut Option<String>) {
    match value {
        Some(text) => {
            let buffer = target.get_or_insert_with(String::new);
            buffer.clear();
            buffer.push_str(text);
        }
        None => *target = None,
    }
}

fn quantity(name: &str, value: Option<&str>) -> Result<Option<Quantity>, FactsError> {
    field(name, value, Quantity::parse)
}

fn money(name: &str, value: Option<&str>) -> Result<Option<Money>, FactsError> {
    field(name, value, Money::parse)
}

fn district(name: &str, value: Option<&str>) -> Result<Option<District>, FactsError> {
    field(name, value, |text| {
        DivisionCode::parse(text)
            .map_err(|e| e.to_string())
            .and_then(District::resolve)
    })
}

fn list(items: &Option<Vec<String>>) -> Option<TextList<'_>> {
    items.as_deref().map(TextList::Items)
}

fn decimal(value: &Option<DecimalText>) -> Option<&str> {
    value.as_ref().map(|d| d.0.as_str())
}

impl PersonText<'_> {
    /// Parses every field into `out`, the first bad field reported by name. Every field of `out`
    /// is assigned (vectors and the name buffer are reused), so one `PersonFacts` can take row
    /// after row; after an error its contents are unspecified.
    pub fn parse_into(&self, out: &mut PersonFacts) -> Result<(), FactsError> {
        self.parse_into_on(out, today_in_china())
    }

    /// Like [`parse_into`](Self::parse_into), judging "not born in the future" by `today`: a
    /// screen reads every row as on the day it started, without asking the clock each row.
    pub fn parse_into_on(&self, out: &mut PersonFacts, today: NaiveDate) -> Result<(), FactsError> {
        let id_number = field("person.id_number", self.id_number, |text| {
            ResidentId::parse_on(text, today)
        })?;
        let stated_birth = field("person.birth_date", self.birth_date, parse_date)?;
        let stated_gender = field("person.gender", self.gender, Gender::parse)?;
        // The ID number carries birth date and gender; a separately stated value must agree.
        let (birth_date, gender) = match &id_number {
            Some(id) => {
                if stated_birth.is_some_and(|b| b != id.birth_date()) {
                    return Err(contradiction("person.birth_date"));
                }
                if stated_gender.is_some_and(|g| g != id.gender()) {
                    return Err(contradiction("person.gender"));
                }
                (Some(id.birth_date()), Some(id.gender()))
            }
            None => (stated_birth, stated_gender),
        };
        let retirement_category = field(
            "person.retirement_category",
            self.retirement_category,
            RetirementCategory::parse,
        )?;
        if let (Some(g), Some(c)) = (gender, retirement_category) {
            RetirementCategory::from_gender(g, Some(c))
                .map_err(|e| invalid("person.retirement_category", e))?;
        }
        out.flags = match self.flags {
            Some(flags) => Some(
                flags
                    .items()
                    .map(|item| Flag::parse(item).map_err(|e| invalid("person.flags", e)))
                    .collect::<Result<FlagSet, _>>()?,
            ),
            None => None,
        };
        list_into(
            "person.enterprise_ranks",
            self.enterprise_ranks,
            EnterpriseRank::parse,
            &mut out.enterprise_ranks,
        )?;
        list_into(
            "person.honours",
            self.honours,
            Honour::parse,
            &mut out.honours,
        )?;
        text_into(self.name, &mut out.name);
        out.id_number = id_number;
        out.birth_date = birth_date;
        out.gender = gender;
        out.retirement_category = retirement_category;
        out.skill_level = field("person.skill_level", self.skill_level, SkillLevel::parse)?;
        out.social_security_district = district(
            "person.social_security_district",
            self.social_security_district,
        )?;
        out.frontline = self.frontline;
        out.contract_years = quantity("person.contract_years", self.contract_years)?;
        out.key_post_years = quantity("person.key_post_years", self.key_post_years)?;
        out.city_social_security_months = quantity(
            "person.city_social_security_months",
            self.city_social_security_months,
        )?;
        out.district_continuous_months = quantity(
            "person.district_continuous_months",
            self.district_continuous_months,
        )?;
        out.income_ratio = quantity("person.income_ratio", self.income_ratio)?;
        out.insured_wage = money("person.insured_wage_yuan", self.insured_wage_yuan)?;
        out.introduction = field(
            "person.introduction",
            self.introduction,
            Introduction::parse,
        )?;
        out.months_in_city_per_year = quantity(
            "person.months_in_city_per_year",
            self.months_in_city_per_year,
        )?;
        out.legal_residence = self.legal_residence;
        out.city_continuous_work_years = quantity(
            "person.city_continuous_work_years",
            self.city_continuous_work_years,
        )?;
        out.shortage_occupation = self.shortage_occupation;
        out.skill_appraised_in_city = self.skill_appraised_in_city;
        out.certificate_obtained_on = field(
            "person.certificate_obtained_on",
            self.certificate_obtained_on,
            parse_date,
        )?;
        Ok(())
    }
}

fn contradiction(field: &str) -> FactsError {
    FactsError::Contradiction {
        field: field.to_owned(),
        other: "person.id_number".to_owned(),
    }
}

impl UnitText<'_> {
    /// Parses every field into `out`, like [`PersonText::parse_into`].
    pub fn parse_into(&self, out: &mut UnitFacts) -> Result<(), FactsError> {
        let credit_code = field("unit.credit_code", self.credit_code, CreditCode::parse)?;
        let stated = district("unit.registration_district", self.registration_district)?;
        // The credit code's 3rd–8th characters are the registering authority's division; a code
        // the table does not know leaves the district unknown rather than failing the facts.
        let from_code = credit_code.as_ref().and_then(|c| {
            DivisionCode::parse(c.division_code())
                .ok()
                .and_then(|d| District::resolve(d).ok())
        });
        text_into(self.name, &mut out.name);
        out.credit_code = credit_code;
        out.unit_type = field("unit.unit_type", self.unit_type, UnitType::parse)?;
        out.key_industry = self.key_industry;
        out.tax_last_year = money("unit.tax_last_year_yuan", self.tax_last_year_yuan)?;
        out.pays_social_insurance = self.pays_social_insurance;
        out.registration_district = stated.or(from_code);
        out.hr_service_or_dispatch = self.hr_service_or_dispatch;
        out.education_fund_compliant = self.education_fund_compliant;
        Ok(())
    }
}

impl RawFacts {
    /// Parses every field into its domain type; the first bad field is reported by name.
    pub fn parse(&self) -> Result<Facts, FactsError> {
        let mut facts = Facts::default();
        self.person.text().parse_into(&mut facts.person)?;
        self.unit.text().parse_into(&mut facts.unit)?;
        facts.team = self.team.as_ref().map(RawTeam::parse).transpose()?;
        facts.student = self.student.parse()?;
        Ok(facts)
    }
}

impl RawPerson {
    /// The fields as borrowed text, for the one reader.
    pub fn text(&self) -> PersonText<'_> {
        PersonText {
            name: self.name.as_deref(),
            id_number: self.id_number.as_deref(),
            birth_date: self.birth_date.as_deref(),
            gender: self.gender.as_deref(),
            retirement_category: self.retirement_category.as_deref(),
            skill_level: self.skill_level.as_deref(),
            enterprise_ranks: list(&self.enterprise_ranks),
            honours: list(&self.honours),
            social_security_district: self.social_security_district.as_deref(),
            frontline: self.frontline,
            contract_years: decimal(&self.contract_years),
            key_post_years: decimal(&self.key_post_years),
            city_social_security_months: decimal(&self.city_social_security_months),
            district_continuous_months: decimal(&self.district_continuous_months),
            income_ratio: decimal(&self.income_ratio),
            insured_wage_yuan: decimal(&self.insured_wage_yuan),
            introduction: self.introduction.as_deref(),
            months_in_city_per_year: decimal(&self.months_in_city_per_year),
            flags: list(&self.flags),
            legal_residence: self.legal_residence,
            city_continuous_work_years: decimal(&self.city_continuous_work_years),
            shortage_occupation: self.shortage_occupation,
            skill_appraised_in_city: self.skill_appraised_in_city,
            certificate_obtained_on: self.certificate_obtained_on.as_deref(),
        }
    }
}

impl RawUnit {
    /// The fields as borrowed text, for the one reader.
    pub fn text(&self) -> UnitText<'_> {
        UnitText {
            name: self.name.as_deref(),
            credit_code: self.credit_code.as_deref(),
            unit_type: self.unit_type.as_deref(),
            key_industry: self.key_industry,
            tax_last_year_yuan: decimal(&self.tax_last_year_yuan),
            pays_social_insurance: self.pays_social_insurance,
            registration_district: self.registration_district.as_deref(),
            hr_service_or_dispatch: self.hr_service_or_dispatch,
            education_fund_compliant: self.education_fund_compliant,
        }
    }
}

impl RawTeam {
    fn parse(&self) -> Result<TeamFacts, FactsError> {
        let members = self
            .members
            .iter()
            .map(|m| {
                Ok(TeamMember {
                    name: m.name.clone(),
                    level_obtained: SkillLevel::parse(&m.level_obtained).map_err(|e| {
                        FactsError::Invalid {
                            field: "team.members.level_obtained".to_owned(),
                            message: e.to_string(),
                        }
                    })?,
                })
            })
            .collect::<Result<_, FactsError>>()?;
        Ok(TeamFacts { members })
    }
}

impl RawStudent {
    fn parse(&self) -> Result<StudentFacts, FactsError> {
        Ok(StudentFacts {
            full_time: self.full_time,
            school_in_vocational_base: self.school_in_vocational_base,
            school_key: self.school_key,
            major_shortage: self.major_shortage,
            programme_level: field(
                "student.programme_level",
                self.programme_level.as_deref(),
                SkillLevel::parse,
            )?,
            local: self.local,
            tuition_fee: money("student.tuition_fee_yuan", decimal(&self.tuition_fee_yuan))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_cell_splits_at_either_semicolon_and_skips_empty_items() {
        let items: Vec<&str> = TextList::Joined(" 特级技师；首席技师;; 技能专家 ；\u{3000}")
            .items()
            .collect();
        assert_eq!(items, ["特级技师", "首席技师", "技能专家"]);
        assert_eq!(TextList::Joined("").items().count(), 0);
        assert_eq!(TextList::Joined("；;").items().count(), 0);
        let separate = ["a;b".to_owned(), " c ".to_owned()];
        let items: Vec<&str> = TextList::Items(&separate).items().collect();
        assert_eq!(items, ["a;b", " c "]);
    }

    #[test]
    fn every_fact_name_parses_back_to_itself() {
        for fact in FactId::ALL {
            assert_eq!(FactId::parse(fact.name()), Some(*fact));
        }
    }

    #[test]
    fn a_typo_in_a_facts_field_is_an_error_not_an_unknown_fact() {
        let err = Facts::from_json(r#"{"person": {"skil_level": "技师"}}"#).unwrap_err();
        assert!(matches!(err, FactsError::Syntax(_)), "{err}");
    }

    #[test]
    fn a_bad_value_names_its_field() {
        let err = Facts::from_json(r#"{"person": {"skill_level": "宗师"}}"#).unwrap_err();
        assert!(err.to_string().contains("person.skill_level"), "{err}");
    }

    #[test]
    fn the_remote_districts_resolve_as_remote_and_within_dalian() {
        let d = District::resolve(DivisionCode::parse("210281").unwrap()).unwrap();
        assert!(d.is_remote());
        assert!(d.is_within(210200));
        let city = District::resolve(DivisionCode::parse("210202").unwrap()).unwrap();
        assert!(!city.is_remote());
    }

    #[test]
    fn a_district_outside_the_table_is_placed_by_its_code_structure() {
        let beijing = District::resolve(DivisionCode::parse("110105").unwrap()).unwrap();
        assert!(beijing.is_within(110000));
        assert!(!beijing.is_within(210200));
        assert!(District::resolve(DivisionCode::parse("210299").unwrap()).is_err());
    }

    #[test]
    fn a_stated_birth_date_that_contradicts_the_id_number_is_rejected() {
        let json = r#"{"person": {"id_number": "11010519491231002X", "birth_date": "1950-01-01"}}"#;
        let err = Facts::from_json(json).unwrap_err();
        assert!(matches!(err, FactsError::Contradiction { .. }), "{err}");
    }
}
