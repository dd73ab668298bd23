//! Program files are checked when they load, and each error names the file, the item and the
//! problem in Chinese and English. A new year's notice is a new file, loaded without code changes.

use std::path::{Path, PathBuf};

use jiangxin_policy::error::Problem;
use jiangxin_policy::{
    CompileOptions, Facts, LoadError, Outcome, ParameterOverrides, Program, ProgramSet,
};

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../programs")
}

fn high_skill_text() -> String {
    std::fs::read_to_string(programs_dir().join("dalian-high-skill-2021.toml")).unwrap()
}

/// Loads the 306号 file with one textual change, expecting it to be rejected.
fn rejected(from: &str, to: &str) -> LoadError {
    let text = high_skill_text();
    assert!(text.contains(from), "the file no longer contains {from:?}");
    let changed = text.replacen(from, to, 1);
    match Program::from_toml_str("changed.toml", &changed) {
        Ok(_) => panic!("replacing {from:?} with {to:?} should be rejected"),
        Err(e) => e,
    }
}

fn problem(error: &LoadError) -> (&str, &str, &Problem) {
    match error {
        LoadError::Invalid {
            file,
            item,
            problem,
        } => (file, item, problem),
        other => panic!("expected an invalid item, got {other}"),
    }
}

#[test]
fn an_unknown_fact_is_reported_with_the_file_and_the_rule() {
    let error = rejected(r#"fact = "contract_years""#, r#"fact = "contract_yeras""#);
    let (file, item, p) = problem(&error);
    assert_eq!(file, "changed.toml");
    assert_eq!(item, "条件 contract-term");
    assert_eq!(*p, Problem::UnknownFact("contract_yeras".into()));
    let message = error.to_string();
    assert!(
        message.contains("未知的事实") && message.contains("unknown fact"),
        "{message}"
    );
}

#[test]
fn a_parameter_without_a_value_must_be_marked_officer_set() {
    let error = rejected(
        "values = [{ from = \"2021-01-01\", value = 5 }]\ncitation = \"大人社发〔2021〕306号 一、(一)\"",
        "citation = \"大人社发〔2021〕306号 一、(一)\"",
    );
    let (_, item, p) = problem(&error);
    assert_eq!(item, "参数 min_contract_years");
    assert_eq!(*p, Problem::ParameterWithoutValue);
}

#[test]
fn a_parameter_without_a_citation_is_rejected() {
    let error = rejected(
        "citation = \"大人社发〔2021〕306号 一、(一)\"\ntext = \"申报人员与我市用人单位签订劳动(聘用)合同期限不少于5年\"\nsource",
        "citation = \"\"\ntext = \"申报人员与我市用人单位签订劳动(聘用)合同期限不少于5年\"\nsource",
    );
    assert_eq!(*problem(&error).2, Problem::MissingCitation);
}

#[test]
fn a_duplicate_criterion_id_is_rejected() {
    let error = rejected(
        r#"id = "agreement-term-flexible""#,
        r#"id = "contract-term""#,
    );
    let (_, item, p) = problem(&error);
    assert_eq!(item, "条件 contract-term");
    assert_eq!(*p, Problem::DuplicateId);
}

#[test]
fn a_stage_with_an_unknown_role_is_rejected() {
    let error = rejected(r#"actor = "expert_panel""#, r#"actor = "wise_men""#);
    let (_, item, p) = problem(&error);
    assert_eq!(item, "程序 panel-review");
    assert_eq!(*p, Problem::UnknownRole("wise_men".into()));
}

#[test]
fn a_bound_word_nobody_defines_is_rejected() {
    let error = rejected(r#"bound = "不少于""#, r#"bound = "左右""#);
    assert_eq!(*problem(&error).2, Problem::UnknownBoundWord("左右".into()));
}

#[test]
fn comparing_a_fact_with_a_parameter_of_another_unit_is_rejected() {
    let error = rejected(
        r#"bound = "不少于", parameter = "min_contract_years""#,
        r#"bound = "不少于", parameter = "min_unit_tax""#,
    );
    assert!(
        matches!(problem(&error).2, Problem::WrongParameterUnit { .. }),
        "{error}"
    );
}

#[test]
fn a_criterion_that_contains_itself_is_rejected() {
    let error = rejected(
        r#"members = ["skill-level-technician", "skill-equivalent"]"#,
        r#"members = ["skill-level-technician", "skill-level-or-equivalent"]"#,
    );
    assert_eq!(*problem(&error).2, Problem::Cycle);
}

#[test]
fn a_category_naming_an_unknown_criterion_is_rejected() {
    let error = rejected(
        r#"criteria = ["category-cultivated","#,
        r#"criteria = ["category-cultivatd","#,
    );
    let (_, item, p) = problem(&error);
    assert_eq!(item, "类别 cultivated");
    assert_eq!(*p, Problem::UnknownCriterion("category-cultivatd".into()));
}

#[test]
fn the_documents_a_notice_attaches_load_with_their_citation() {
    use jiangxin_policy::model::{ApplicationForm, SummarySheet};
    let set = ProgramSet::builtin().unwrap();
    let documents = |id: &str| set.get(id).unwrap().documents.clone();
    let high_skill = documents("dalian-high-skill-2021").unwrap();
    assert_eq!(
        high_skill.application_form,
        Some(ApplicationForm::HighSkill)
    );
    assert_eq!(high_skill.summary, Some(SummarySheet::HighSkill));
    assert_eq!(high_skill.citation, "大人社发〔2021〕306号 附件1、附件2");
    let chief = documents("huiyang-chief-technician-2024").unwrap();
    assert_eq!(chief.application_form, None);
    assert_eq!(chief.summary, Some(SummarySheet::ChiefTechnicianCandidates));
    assert_eq!(documents("dalian-skilled-talent-2011"), None);
}

#[test]
fn a_documents_table_without_a_citation_is_rejected() {
    let error = rejected(
        "citation = \"大人社发〔2021〕306号 附件1、附件2\"",
        "citation = \" \"",
    );
    let (_, item, problem) = problem(&error);
    assert_eq!(item, "documents");
    assert_eq!(*problem, Problem::MissingCitation);
}

#[test]
fn an_unknown_form_kind_is_a_syntax_error() {
    let text = high_skill_text().replacen(
        "application_form = \"high-skill\"",
        "application_form = \"certificate\"",
        1,
    );
    let error = Program::from_toml_str("changed.toml", &text).unwrap_err();
    assert!(matches!(error, LoadError::Syntax { .. }), "{error}");
    assert!(error.to_string().contains("certificate"), "{error}");
}

#[test]
fn a_misspelt_field_is_a_syntax_error_naming_the_file() {
    let error = rejected("interpretation = ", "interpretaton = ");
    assert!(
        matches!(error, LoadError::Syntax { ref file, .. } if file == "changed.toml"),
        "{error}"
    );
}

#[test]
fn two_programs_with_one_id_are_rejected_naming_both_sources() {
    let mut set = ProgramSet::builtin().unwrap();
    let copy = Program::from_toml_str("copy.toml", &high_skill_text()).unwrap();
    let error = set.insert(copy).unwrap_err();
    assert!(
        matches!(error, LoadError::DuplicateProgram { ref second, .. } if second == "copy.toml"),
        "{error}"
    );
}

#[test]
fn the_programs_folder_holds_exactly_the_built_in_programs() {
    let folder = ProgramSet::load_dir(&programs_dir()).unwrap();
    let builtin = ProgramSet::builtin().unwrap();
    let ids = |set: &ProgramSet| {
        let mut ids: Vec<String> = set.iter().map(|p| p.id().to_owned()).collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&folder), ids(&builtin));
}

#[test]
fn a_new_years_notice_is_a_new_file_that_loads_without_code_changes() {
    // The 2022 notice, as an officer would write it: a copy with a new id, version and reference
    // date, and a changed age limit.
    let text = high_skill_text()
        .replace(r#"id = "dalian-high-skill-2021""#, r#"id = "dalian-high-skill-2022""#)
        .replace(r#"version = "2021.2""#, r#"version = "2022.1""#)
        .replace(r#"date = "2021-11-16""#, r#"date = "2022-11-16""#)
        .replace(
            "values = [{ from = \"2021-01-01\", value = 55 }]",
            "values = [{ from = \"2021-01-01\", value = 55 }, { from = \"2022-01-01\", value = 58 }]",
        );
    let mut set = ProgramSet::builtin().unwrap();
    set.insert(Program::from_toml_str("dalian-high-skill-2022.toml", &text).unwrap())
        .unwrap();
    let facts = Facts::from_json(
        r#"{"person": {"birth_date": "1965-01-01", "gender": "男", "skill_level": "技师",
            "social_security_district": "210202", "contract_years": 5, "introduction": "培育",
            "honours": ["全国技术能手@2018-05-01"], "flags": []},
           "unit": {"unit_type": "企业", "pays_social_insurance": true}}"#,
    )
    .unwrap();
    let mut overrides = ParameterOverrides::new();
    overrides.set("salary_subsidy_cultivated", "100000");
    let options = CompileOptions {
        as_of: None,
        overrides: &overrides,
    };
    let old = set
        .get("dalian-high-skill-2021")
        .unwrap()
        .compile(options)
        .unwrap();
    let new = set
        .get("dalian-high-skill-2022")
        .unwrap()
        .compile(options)
        .unwrap();
    // 56 in 2021 is over 55; 57 in 2022 is within the new 58.
    assert_eq!(
        old.explain("cultivated", &facts).unwrap().outcome,
        Outcome::Review
    );
    let decision = new.explain("cultivated", &facts).unwrap();
    assert_eq!(decision.outcome, Outcome::Eligible);
    assert_eq!(decision.program_version, "2022.1");
}
