//! The fast `outcome` and the full `explain` share one interpreter; the fast path only stops
//! early once a result is settled. Checked here on random facts against every category.

use chrono::NaiveDate;
use jiangxin_domain::division::DivisionCode;
use jiangxin_domain::honour::{Honour, HonourKind};
use jiangxin_domain::id_number::Gender;
use jiangxin_domain::money::Money;
use jiangxin_domain::skill::{EnterpriseRank, SkillLevel};
use jiangxin_domain::unit::UnitType;
use jiangxin_policy::facts::{District, Flag, Introduction, PersonFacts, UnitFacts};
use jiangxin_policy::value::Quantity;
use jiangxin_policy::{
    CompileOptions, CriterionMemo, Facts, ParameterOverrides, ProgramSet, RootOrder, Verdicts,
};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

const DISTRICTS: [&str; 6] = ["210202", "210281", "210282", "441303", "441302", "110105"];

fn quantity(max: i64) -> impl Strategy<Value = Option<Quantity>> {
    proptest::option::weighted(
        0.9,
        (0..max * 10).prop_map(|tenths| Quantity::from_raw(tenths * 1_000)),
    )
}

fn facts() -> impl Strategy<Value = Facts> {
    let person = (
        (
            proptest::option::weighted(0.95, (1955..2005_i32, 1..13_u32)),
            select(vec![Gender::Male, Gender::Female]),
        ),
        proptest::option::weighted(0.9, select(SkillLevel::all().to_vec())),
        subsequence(EnterpriseRank::all().to_vec(), 0..3),
        proptest::option::weighted(0.9, subsequence(HonourKind::all().to_vec(), 0..3)),
        (2010..2024_i32, select(DISTRICTS.to_vec())),
        (
            quantity(8),
            quantity(10),
            quantity(120),
            quantity(30),
            quantity(4),
            quantity(12),
        ),
        (
            select(Introduction::ALL.to_vec()),
            subsequence(Flag::ALL.to_vec(), 0..2),
            any::<[bool; 3]>(),
        ),
    );
    let unit = (
        select(UnitType::all().to_vec()),
        any::<[bool; 2]>(),
        0..4_000_000_i64,
    );
    (person, unit).prop_map(|(p, u)| {
        let ((birth, gender), level, ranks, honours, (honour_year, district), q, (intro, flags, b)) = p;
        let honours = honours.map(|kinds| {
            kinds.into_iter().map(|k| Honour::new(k, NaiveDate::from_ymd_opt(honour_year, 6, 1).unwrap())).collect()
        });
        Facts {
            person: PersonFacts {
                birth_date: birth.and_then(|(y, m)| NaiveDate::from_ymd_opt(y, m, 1)),
                gender: Some(gender),
                skill_level: level,
                enterprise_ranks: Some(ranks),
                honours,
                social_security_district: Some(District::resolve(DivisionCode::parse(district).unwrap()).unwrap()),
                frontline: Some(b[0]),
                contract_years: q.0,
                key_post_years: q.1,
                city_social_security_months: q.2,
                district_continuous_months: q.3,
                income_ratio: q.4,
                months_in_city_per_year: q.5,
                introduction: Some(intro),
                flags: Some(flags.into_iter().collect()),
                legal_residence: Some(b[1]),
                city_continuous_work_years: q.1,
                shortage_occupation: Some(b[2]),
                skill_appraised_in_city: Some(b[1]),
                ..PersonFacts::default()
            },
            unit: UnitFacts {
                unit_type: Some(u.0),
                key_industry: Some(u.1[0]),
                pays_social_insurance: Some(u.1[1]),
                tax_last_year: Some(Money::from_yuan(u.2)),
                hr_service_or_dispatch: Some(!u.1[0]),
                ..UnitFacts::default()
            },
            ..Facts::default()
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_fast_outcome_always_equals_the_explained_outcome(facts in facts()) {
        let set = ProgramSet::builtin().unwrap();
        let mut overrides = ParameterOverrides::new();
        overrides.set("salary_subsidy_cultivated", "100000");
        overrides.set("term_start", "2024-06-01");
        let options = CompileOptions { as_of: NaiveDate::from_ymd_opt(2021, 11, 16), overrides: &overrides };
        for program in set.iter() {
            let compiled = program.compile(options).unwrap();
            for (index, category) in program.categories.iter().enumerate() {
                let explained = compiled.explain(&category.id, &facts).unwrap();
                prop_assert_eq!(compiled.outcome(index, &facts), explained.outcome, "{}/{}", program.id(), category.id);
            }
        }
    }

    #[test]
    fn the_failed_criteria_without_reasons_equal_the_explained_failed_list(facts in facts()) {
        let set = ProgramSet::builtin().unwrap();
        let overrides = ParameterOverrides::new();
        let options = CompileOptions { as_of: NaiveDate::from_ymd_opt(2021, 11, 16), overrides: &overrides };
        let (mut scratch, mut failed) = (Verdicts::default(), Vec::new());
        for program in set.iter() {
            let compiled = program.compile(options).unwrap();
            for (index, category) in program.categories.iter().enumerate() {
                let explained = compiled.explain(&category.id, &facts).unwrap();
                let outcome = compiled.outcome_with_failed(index, &facts, &mut scratch, &mut failed);
                let ids: Vec<String> = failed.iter().map(|c| c.id.clone()).collect();
                prop_assert_eq!(outcome, explained.outcome, "{}/{}", program.id(), category.id);
                prop_assert_eq!(ids, explained.failed, "{}/{}", program.id(), category.id);
            }
        }
    }
}

proptest! {
    // Each case is hundreds of rows: a few cases cover the revisions.
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn trying_the_root_criteria_in_a_learnt_order_with_shared_verdicts_never_changes_an_outcome(
        rows in proptest::collection::vec(facts(), 600..700)
    ) {
        let set = ProgramSet::builtin().unwrap();
        let overrides = ParameterOverrides::new();
        let options = CompileOptions { as_of: NaiveDate::from_ymd_opt(2021, 11, 16), overrides: &overrides };
        for program in set.iter() {
            let compiled = program.compile(options).unwrap();
            // One order per category across all the rows, so that it is revised (every 256) on
            // the way, and one memo for the program, shared by its categories row by row.
            let mut orders = vec![RootOrder::default(); program.categories.len()];
            let mut memo = CriterionMemo::new(&compiled);
            for facts in &rows {
                memo.next_facts();
                for (index, category) in program.categories.iter().enumerate() {
                    prop_assert_eq!(
                        compiled.outcome_in_order(index, facts, &mut orders[index], &mut memo),
                        compiled.outcome(index, facts),
                        "{}/{}", program.id(), category.id
                    );
                }
            }
        }
    }
}
