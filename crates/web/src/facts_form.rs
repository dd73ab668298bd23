//! The application form of a category, built from the program file: one field for each fact its
//! criteria, relaxations and benefits test, in the order the file names them, so that a new
//! notice gets its form without new code. The form reads into and out of the facts JSON the
//! workflow stores (the `--facts` shape of `jiangxin check`).
//!
//! Facts the server already knows are not asked: the birth date and gender come from the
//! applicant's ID number, the unit's type, name and credit code from the unit's record.

use std::collections::BTreeSet;

use jiangxin_domain::division::{DivisionLevel, Divisions};
use jiangxin_domain::honour::HonourKind;
use jiangxin_domain::skill::{EnterpriseRank, SkillLevel};
use jiangxin_policy::Program;
use jiangxin_policy::facts::{FactId, Flag, Introduction};
use jiangxin_policy::model::{AmountDef, TestDef};
use maud::{Markup, html};
use serde_json::{Map, Value, json};

use crate::error::WebError;

/// How a field is entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A decimal number (years, months, a ratio).
    Number,
    /// An amount in yuan.
    Yuan,
    /// 是 / 否 / 未填.
    YesNo,
    Date,
    /// One of these names.
    Choice(Vec<&'static str>),
    /// A six-digit division code of Dalian or Huizhou, chosen by name.
    District,
    /// Any of these names.
    Multiple(Vec<&'static str>),
    /// One honour a line: `全国技术能手@2018-05-01`.
    Honours,
    /// One team member a line: `姓名,高级技师`.
    Team,
}

/// One field of the form: where its value goes in the facts, its label and input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// `section.key` in the facts JSON, e.g. `person.skill_level`; also the form field's name.
    pub key: &'static str,
    pub label: &'static str,
    pub input: Input,
}

fn names<T: Copy + 'static>(all: &'static [T], name: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| name(*v)).collect()
}

/// The field that gives a fact; `None` for the facts the server fills in itself.
fn field_of(fact: FactId) -> Option<Field> {
    let field = |key, input| {
        Some(Field {
            key,
            label: fact.label_zh(),
            input,
        })
    };
    match fact {
        FactId::Age | FactId::LegalWorkingAge | FactId::YearsToRetirement => None,
        FactId::UnitType | FactId::UnitRegistrationDistrict => None,
        FactId::SkillLevel => field(
            "person.skill_level",
            Input::Choice(names(SkillLevel::all(), SkillLevel::name_zh)),
        ),
        FactId::EnterpriseRanks => field(
            "person.enterprise_ranks",
            Input::Multiple(names(EnterpriseRank::all(), EnterpriseRank::name_zh)),
        ),
        FactId::Honours => field("person.honours", Input::Honours),
        FactId::SocialSecurityDistrict => field("person.social_security_district", Input::District),
        FactId::Frontline => field("person.frontline", Input::YesNo),
        FactId::ContractYears => field("person.contract_years", Input::Number),
        FactId::KeyPostYears => field("person.key_post_years", Input::Number),
        FactId::CitySocialSecurityMonths => {
            field("person.city_social_security_months", Input::Number)
        }
        FactId::DistrictContinuousMonths => {
            field("person.district_continuous_months", Input::Number)
        }
        FactId::IncomeRatio => field("person.income_ratio", Input::Number),
        FactId::Introduction => field(
            "person.introduction",
            Input::Choice(names(Introduction::ALL, Introduction::name_zh)),
        ),
        FactId::MonthsInCityPerYear => field("person.months_in_city_per_year", Input::Number),
        FactId::Flags => field(
            "person.flags",
            Input::Multiple(names(Flag::ALL, Flag::name_zh)),
        ),
        FactId::LegalResidence => field("person.legal_residence", Input::YesNo),
        FactId::CityContinuousWorkYears => {
            field("person.city_continuous_work_years", Input::Number)
        }
        FactId::ShortageOccupation => field("person.shortage_occupation", Input::YesNo),
        FactId::SkillAppraisedInCity => field("person.skill_appraised_in_city", Input::YesNo),
        FactId::CertificateObtainedOn => field("person.certificate_obtained_on", Input::Date),
        FactId::UnitKeyIndustry => field("unit.key_industry", Input::YesNo),
        FactId::UnitTaxLastYear => field("unit.tax_last_year_yuan", Input::Yuan),
        FactId::UnitPaysSocialInsurance => field("unit.pays_social_insurance", Input::YesNo),
        FactId::UnitHrServiceOrDispatch => field("unit.hr_service_or_dispatch", Input::YesNo),
        FactId::UnitEducationFundCompliant => field("unit.education_fund_compliant", Input::YesNo),
        FactId::StudentFullTime => field("student.full_time", Input::YesNo),
        FactId::StudentSchoolInVocationalBase => {
            field("student.school_in_vocational_base", Input::YesNo)
        }
        FactId::StudentSchoolKey => field("student.school_key", Input::YesNo),
        FactId::StudentMajorShortage => field("student.major_shortage", Input::YesNo),
        FactId::StudentProgrammeLevel => field(
            "student.programme_level",
            Input::Choice(names(SkillLevel::all(), SkillLevel::name_zh)),
        ),
        FactId::StudentLocal => field("student.local", Input::YesNo),
        FactId::StudentTuitionFee => field("student.tuition_fee_yuan", Input::Yuan),
    }
}

/// The team field of a studio's mentoring subsidy.
const TEAM: Field = Field {
    key: "team.members",
    label: "团队成员取得的等级（每行：姓名,等级）",
    input: Input::Team,
};

/// The fields of the category's form, in the order the program file first tests each fact.
pub fn fields(program: &Program, category: &str) -> Vec<Field> {
    let Some((_, category)) = program.category(category) else {
        return Vec::new();
    };
    let mut facts: Vec<FactId> = Vec::new();
    let add_fact = |facts: &mut Vec<FactId>, fact: FactId| {
        if !facts.contains(&fact) {
            facts.push(fact);
        }
    };
    let mut add = |test: &TestDef| add_fact(&mut facts, test.fact);
    let mut seen = BTreeSet::new();
    let mut pending: Vec<usize> = category.criteria.iter().rev().copied().collect();
    while let Some(index) = pending.pop() {
        if !seen.insert(index) {
            continue;
        }
        let criterion = &program.criteria[index];
        criterion.applies_if.iter().for_each(&mut add);
        if let Some(test) = &criterion.test {
            add(test);
        }
        pending.extend(criterion.members.iter().rev());
        for relaxation in program
            .relaxations
            .iter()
            .filter(|r| r.relaxes.contains(&index))
        {
            add(&relaxation.when);
            pending.push(relaxation.with);
        }
    }
    let mut team = false;
    for benefit in category.benefits.iter().map(|b| &program.benefits[*b]) {
        benefit.applies_if.iter().for_each(&mut add);
        benefit.uplifts.iter().for_each(|u| add(&u.when));
    }
    for benefit in category.benefits.iter().map(|b| &program.benefits[*b]) {
        match &benefit.amount {
            Some(AmountDef::PercentOfFact { fact, .. }) => add_fact(&mut facts, *fact),
            Some(AmountDef::PerMember(_)) => team = true,
            _ => {}
        }
    }
    let mut fields: Vec<Field> = facts.into_iter().filter_map(field_of).collect();
    if team {
        fields.push(TEAM);
    }
    fields
}

/// The districts a form offers: the districts and counties in force of the divisions the
/// program files use (Dalian and Huizhou), by name.
pub fn districts() -> Vec<(&'static str, &'static str)> {
    Divisions::builtin()
        .iter()
        .filter(|d| !d.is_retired() && d.level() == DivisionLevel::County)
        .map(|d| (d.code().as_str(), d.name()))
        .collect()
}

fn lookup<'v>(facts: &'v Value, key: &str) -> Option<&'v Value> {
    let (section, name) = key.split_once('.')?;
    facts.get(section)?.get(name)
}

fn text_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// The form's fields, filled with `facts`.
pub fn render(fields: &[Field], facts: &Value) -> Markup {
    html! {
        div.grid {
            @for field in fields {
                @let value = lookup(facts, field.key);
                @match &field.input {
                    Input::Number => label { (field.label) input type="number" step="any" min="0" name=(field.key) value=(text_of(value)); },
                    Input::Yuan => label { (field.label) "（元）" input type="number" step="0.01" min="0" name=(field.key) value=(text_of(value)); },
                    Input::Date => label { (field.label) input type="date" name=(field.key) value=(text_of(value)); },
                    Input::YesNo => label { (field.label)
                        select name=(field.key) {
                            @let current = text_of(value);
                            option value="" { "未填" }
                            option value="true" selected[current == "true"] { "是" }
                            option value="false" selected[current == "false"] { "否" }
                        }
                    },
                    Input::Choice(options) => label { (field.label)
                        select name=(field.key) {
                            @let current = text_of(value);
                            option value="" { "未填" }
                            @for option in options {
                                option value=(option) selected[current == *option] { (option) }
                            }
                        }
                    },
                    Input::District => label { (field.label)
                        select name=(field.key) {
                            @let current = text_of(value);
                            option value="" { "未填" }
                            @for (code, name) in districts() {
                                option value=(code) selected[current == code] { (name) "（" (code) "）" }
                            }
                        }
                    },
                    Input::Multiple(options) => fieldset {
                        legend { (field.label) }
                        @let current: Vec<String> = value.and_then(Value::as_array).map(|a| a.iter().map(|v| text_of(Some(v))).collect()).unwrap_or_default();
                        input type="hidden" name=(field.key) value="";
                        @for option in options {
                            label.check { input type="checkbox" name=(field.key) value=(option) checked[current.iter().any(|c| c == option)]; (option) }
                        }
                    },
                    Input::Honours => label { (field.label) "（每行一项：荣誉名称@授予日期，如 全国技术能手@2018-05-01；可选："
                        (names(HonourKind::all(), HonourKind::name_zh).join("、")) "）"
                        textarea name=(field.key) rows="3" {
                            @for line in value.and_then(Value::as_array).into_iter().flatten() { (text_of(Some(line))) "\n" }
                        }
                    },
                    Input::Team => label { (field.label)
                        textarea name=(field.key) rows="3" {
                            @for member in value.and_then(Value::as_array).into_iter().flatten() {
                                (text_of(member.get("name"))) "," (text_of(member.get("level_obtained"))) "\n"
                            }
                        }
                    },
                }
            }
        }
    }
}

/// Reads the submitted form into the facts JSON: each field of the form that was filled in,
/// nothing else. A field left empty is an unknown fact; an empty checkbox list is an empty list
/// (the hidden field of the same name says the list was shown).
pub fn read(fields: &[Field], form: &[(String, String)]) -> Result<Value, WebError> {
    let mut facts = Map::new();
    for field in fields {
        let given: Vec<&str> = form
            .iter()
            .filter(|(k, _)| k == field.key)
            .map(|(_, v)| v.trim())
            .collect();
        let first = given.iter().copied().find(|v| !v.is_empty());
        let value = match &field.input {
            Input::Number | Input::Yuan => first.map(|v| json!(v)),
            Input::Date | Input::Choice(_) | Input::District => first.map(|v| json!(v)),
            Input::YesNo => match first {
                Some("true") => Some(json!(true)),
                Some("false") => Some(json!(false)),
                Some(other) => {
                    return Err(WebError::invalid(format!(
                        "{}：“{other}”不是“是”或“否”",
                        field.label
                    )));
                }
                None => None,
            },
            Input::Multiple(_) => (!given.is_empty())
                .then(|| json!(given.iter().filter(|v| !v.is_empty()).collect::<Vec<_>>())),
            Input::Honours => first.map(|text| json!(lines(text))),
            Input::Team => match first {
                Some(text) => Some(Value::Array(
                    lines(text)
                        .into_iter()
                        .map(|line| team_member(field, line))
                        .collect::<Result<_, _>>()?,
                )),
                None => None,
            },
        };
        if let Some(value) = value {
            let (section, name) = field.key.split_once('.').expect("keys are section.name");
            let section = facts
                .entry(section)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(section) = section {
                section.insert(name.to_owned(), value);
            }
        }
    }
    Ok(Value::Object(facts))
}

fn lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

fn team_member(field: &Field, line: &str) -> Result<Value, WebError> {
    let (name, level) = line
        .split_once([',', '，'])
        .ok_or_else(|| WebError::invalid(format!("{}：“{line}”应写作“姓名,等级”", field.label)))?;
    Ok(json!({ "name": name.trim(), "level_obtained": level.trim() }))
}

/// Adds what the server knows to facts read from a form: the workflow's, which a batch import
/// uses too.
pub use jiangxin_workflow::with_known;

#[cfg(test)]
mod tests {
    use super::*;
    use jiangxin_policy::ProgramSet;

    fn builtin(id: &str) -> Program {
        ProgramSet::builtin().unwrap().get(id).unwrap().clone()
    }

    #[test]
    fn the_craftsman_form_asks_for_the_facts_201_tests_and_not_for_the_age() {
        let program = builtin("dalian-craftsman-2021");
        let keys: Vec<&str> = fields(&program, "craftsman")
            .iter()
            .map(|f| f.key)
            .collect();
        for key in [
            "person.skill_level",
            "person.enterprise_ranks",
            "person.frontline",
            "person.city_social_security_months",
            "person.flags",
        ] {
            assert!(keys.contains(&key), "{key} in {keys:?}");
        }
        assert!(
            !keys
                .iter()
                .any(|k| k.contains("birth") || k.contains("age"))
        );
    }

    #[test]
    fn the_studio_form_asks_for_the_team_whose_levels_earn_the_mentoring_subsidy() {
        let program = builtin("dalian-master-studio-2024");
        let keys: Vec<&str> = fields(&program, "master-studio")
            .iter()
            .map(|f| f.key)
            .collect();
        assert!(keys.contains(&"team.members"), "{keys:?}");
    }

    #[test]
    fn a_filled_form_reads_back_into_the_facts_it_was_rendered_from() {
        let program = builtin("dalian-craftsman-2021");
        let fields = fields(&program, "craftsman");
        let form: Vec<(String, String)> = vec![
            ("person.skill_level".into(), "技师".into()),
            ("person.enterprise_ranks".into(), String::new()),
            ("person.enterprise_ranks".into(), "工匠技师".into()),
            ("person.frontline".into(), "true".into()),
            ("person.city_social_security_months".into(), "60".into()),
            ("person.flags".into(), String::new()),
        ];
        let facts = read(&fields, &form).unwrap();
        assert_eq!(
            facts,
            json!({ "person": {
                "skill_level": "技师", "enterprise_ranks": ["工匠技师"], "frontline": true,
                "city_social_security_months": "60", "flags": []
            }})
        );
        let html = render(&fields, &facts).into_string();
        assert!(html.contains(r#"<option value="技师" selected>"#), "{html}");
        assert!(html.contains(r#"value="工匠技师" checked"#));
        assert!(html.contains(r#"name="person.city_social_security_months" value="60""#));
    }

    #[test]
    fn a_team_line_without_a_level_is_refused_with_its_text() {
        let err = read(&[TEAM], &[("team.members".into(), "张三".into())]).unwrap_err();
        assert!(err.to_string().contains("“张三”应写作“姓名,等级”"));
    }
}
