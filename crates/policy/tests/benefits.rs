//! 就高不重复 across programs, and the explanation as text and JSON.

use jiangxin_policy::{
    CompileOptions, Facts, ParameterOverrides, ProgramSet, combine_highest, render_text,
};

fn facts(json: &str) -> Facts {
    Facts::from_json(json).unwrap_or_else(|e| panic!("{e}"))
}

const TALENT: &str = r#"{
  "person": {"birth_date": "1975-06-01", "gender": "男", "skill_level": "高级技师",
             "social_security_district": "210202", "contract_years": 5, "key_post_years": 8,
             "income_ratio": 3, "introduction": "全职引进", "legal_residence": true,
             "honours": ["全国技术能手@2018-05-01"], "flags": [],
             "enterprise_ranks": ["工匠技师"], "frontline": true, "city_social_security_months": 80},
  "unit": {"unit_type": "企业", "pays_social_insurance": true, "tax_last_year_yuan": 3000000}
}"#;

#[test]
fn of_two_salary_subsidies_of_306_only_the_higher_is_kept_with_the_306_article_3_citation() {
    let set = ProgramSet::builtin().unwrap();
    let mut overrides = ParameterOverrides::new();
    overrides.set("salary_subsidy_cultivated", "100000");
    overrides.set("salary_subsidy_introduced_fulltime", "200000");
    let compiled = set
        .get("dalian-high-skill-2021")
        .unwrap()
        .compile(CompileOptions {
            as_of: None,
            overrides: &overrides,
        })
        .unwrap();
    let facts = facts(TALENT);
    let mut entitlements = compiled.explain("cultivated", &facts).unwrap().benefits;
    entitlements.extend(
        compiled
            .explain("introduced-fulltime", &facts)
            .unwrap()
            .benefits,
    );
    let combined = combine_highest(entitlements);
    assert_eq!(combined.kept.len(), 1);
    assert_eq!(combined.kept[0].id, "salary-subsidy-introduced-fulltime");
    assert_eq!(combined.excluded.len(), 1);
    let excluded = &combined.excluded[0];
    assert_eq!(excluded.entitlement.id, "salary-subsidy-cultivated");
    assert_eq!(excluded.citation, "大人社发〔2021〕306号 三、");
    assert!(
        excluded.reason_zh.contains("就高不重复"),
        "{}",
        excluded.reason_zh
    );
}

#[test]
fn a_benefit_of_another_kind_is_kept_beside_the_highest_of_a_group() {
    let set = ProgramSet::builtin().unwrap();
    let overrides = ParameterOverrides::new();
    let options = CompileOptions {
        as_of: None,
        overrides: &overrides,
    };
    let facts = facts(TALENT);
    let craftsman = set
        .get("dalian-craftsman-2021")
        .unwrap()
        .compile(options)
        .unwrap();
    let awards = set
        .get("dalian-skilled-talent-2011")
        .unwrap()
        .compile(CompileOptions {
            as_of: Some("2021-06-01".parse().unwrap()),
            overrides: &overrides,
        })
        .unwrap();
    let mut entitlements = craftsman.explain("craftsman", &facts).unwrap().benefits;
    entitlements.extend(awards.explain("technical-expert", &facts).unwrap().benefits);
    entitlements.extend(
        awards
            .explain("outstanding-contribution", &facts)
            .unwrap()
            .benefits,
    );
    let combined = combine_highest(entitlements);
    let kept: Vec<&str> = combined
        .kept
        .iter()
        .filter(|e| e.monetary)
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(kept, ["craftsman-award", "outstanding-award"]);
    assert_eq!(combined.excluded.len(), 1);
    assert_eq!(combined.excluded[0].entitlement.id, "expert-award");
}

#[test]
fn a_group_with_an_amount_still_to_be_set_is_kept_whole_with_a_note() {
    let set = ProgramSet::builtin().unwrap();
    let mut overrides = ParameterOverrides::new();
    overrides.set("salary_subsidy_introduced_fulltime", "200000");
    let compiled = set
        .get("dalian-high-skill-2021")
        .unwrap()
        .compile(CompileOptions {
            as_of: None,
            overrides: &overrides,
        })
        .unwrap();
    let facts = facts(TALENT);
    let mut entitlements = compiled.explain("cultivated", &facts).unwrap().benefits;
    entitlements.extend(
        compiled
            .explain("introduced-fulltime", &facts)
            .unwrap()
            .benefits,
    );
    let combined = combine_highest(entitlements);
    assert_eq!(combined.kept.len(), 2);
    assert!(combined.excluded.is_empty());
    assert_eq!(combined.notes.len(), 1);
}

#[test]
fn the_text_explanation_names_outcome_reasons_citations_and_benefits() {
    let set = ProgramSet::builtin().unwrap();
    let mut overrides = ParameterOverrides::new();
    overrides.set("salary_subsidy_introduced_fulltime", "200000");
    let compiled = set
        .get("dalian-high-skill-2021")
        .unwrap()
        .compile(CompileOptions {
            as_of: None,
            overrides: &overrides,
        })
        .unwrap();
    let text = render_text(
        &compiled
            .explain("introduced-fulltime", &facts(TALENT))
            .unwrap(),
    );
    for expected in [
        "项目：2021年全市高技能人才选拔（dalian-high-skill-2021，版本 2021.2，大人社发〔2021〕306号）",
        "结论：符合",
        "〔大人社发〔2021〕306号 一、(二)〕",
        "200,000.00 元",
        "经办人员设定的参数：salary_subsidy_introduced_fulltime = 200,000.00 元",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn the_decision_serialises_to_json_for_the_workflow() {
    let set = ProgramSet::builtin().unwrap();
    let overrides = ParameterOverrides::new();
    let compiled = set
        .get("dalian-craftsman-2021")
        .unwrap()
        .compile(CompileOptions {
            as_of: None,
            overrides: &overrides,
        })
        .unwrap();
    let decision = compiled.explain("craftsman", &facts(TALENT)).unwrap();
    let json = serde_json::to_value(&decision).unwrap();
    assert_eq!(json["outcome"], "review");
    assert_eq!(json["program_version"], "2021.2");
    assert_eq!(
        json["benefits"][0]["total"], 12_000_000,
        "money is integer fen"
    );
    assert_eq!(json["criteria"][0]["result"], "pass");
}
