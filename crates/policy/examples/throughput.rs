//! Measures the fast path: `cargo run --release -p jiangxin-policy --example throughput`.
//!
//! Builds synthetic registry persons once, compiles every program once, then calls
//! `CompiledProgram::outcome` for every person and every screened category, as `jiangxin screen`
//! will. Prints evaluations per second on one core; screening needs >= 1,000,000 rows/s per core
//! for all categories together (2,000,000 rows/s on 2 cores).
use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use jiangxin_domain::division::DivisionCode;
use jiangxin_domain::honour::{Honour, HonourKind};
use jiangxin_domain::money::Money;
use jiangxin_domain::skill::{EnterpriseRank, SkillLevel};
use jiangxin_domain::unit::UnitType;
use jiangxin_policy::facts::{District, Flag, FlagSet, Introduction, PersonFacts, UnitFacts};
use jiangxin_policy::value::Quantity;
use jiangxin_policy::{CompileOptions, Facts, Outcome, ParameterOverrides, ProgramSet};

fn person(i: u64) -> Facts {
    let districts = ["210202", "210281", "210283", "441303", "210211"];
    let pick = |n: u64, m: u64| (i.wrapping_mul(2_654_435_761) >> n) % m;
    let district = DivisionCode::parse(districts[pick(3, 5) as usize]).unwrap();
    let year = 1960 + pick(5, 40) as i32;
    let level = SkillLevel::all()[pick(7, 5) as usize];
    let honours = match pick(9, 4) {
        0 => vec![],
        1 => vec![Honour::new(
            HonourKind::MunicipalGovernmentCommendation,
            NaiveDate::from_ymd_opt(2016, 1, 1).unwrap(),
        )],
        2 => vec![Honour::new(
            HonourKind::NationalTechnicalExpert,
            NaiveDate::from_ymd_opt(2014, 5, 1).unwrap(),
        )],
        _ => vec![Honour::new(
            HonourKind::ProvincialGovernmentCommendation,
            NaiveDate::from_ymd_opt(2019, 5, 1).unwrap(),
        )],
    };
    let flags: FlagSet = if pick(11, 20) == 0 {
        [Flag::DishonestDebtor].into_iter().collect()
    } else {
        FlagSet::default()
    };
    Facts {
        person: PersonFacts {
            birth_date: NaiveDate::from_ymd_opt(year, 1 + pick(13, 12) as u32, 1),
            gender: Some(if pick(17, 2) == 0 {
                jiangxin_domain::id_number::Gender::Male
            } else {
                jiangxin_domain::id_number::Gender::Female
            }),
            skill_level: Some(level),
            enterprise_ranks: Some(if pick(19, 3) == 0 {
                vec![EnterpriseRank::CraftsmanTechnician]
            } else {
                vec![]
            }),
            honours: Some(honours),
            social_security_district: Some(District::resolve(district).unwrap()),
            frontline: Some(pick(21, 3) != 0),
            contract_years: Some(Quantity::from_int(pick(23, 8) as i64)),
            key_post_years: Some(Quantity::from_int(pick(25, 10) as i64)),
            city_social_security_months: Some(Quantity::from_int(pick(27, 120) as i64)),
            district_continuous_months: Some(Quantity::from_int(pick(29, 30) as i64)),
            income_ratio: Some(Quantity::from_raw(pick(31, 40_000) as i64)),
            introduction: Some(Introduction::ALL[pick(33, 4) as usize]),
            months_in_city_per_year: Some(Quantity::from_int(pick(35, 12) as i64)),
            flags: Some(flags),
            ..PersonFacts::default()
        },
        unit: UnitFacts {
            unit_type: Some(UnitType::all()[pick(37, 11) as usize]),
            key_industry: Some(pick(39, 2) == 0),
            tax_last_year: Some(Money::from_yuan(pick(41, 4_000_000) as i64)),
            ..UnitFacts::default()
        },
        ..Facts::default()
    }
}

fn main() {
    let rows = 200_000;
    let facts: Vec<Facts> = (0..rows).map(person).collect();
    let set = ProgramSet::builtin().unwrap();
    let mut overrides = ParameterOverrides::new();
    for p in [
        "salary_subsidy_cultivated",
        "salary_subsidy_introduced_fulltime",
        "salary_subsidy_introduced_flexible",
        "salary_subsidy_introduced_project",
        "term_start",
    ] {
        overrides.set(
            p,
            if p == "term_start" {
                "2024-06-01"
            } else {
                "100000"
            },
        );
    }
    let options = CompileOptions {
        as_of: NaiveDate::from_ymd_opt(2021, 11, 16),
        overrides: &overrides,
    };
    let compiled: Vec<_> = set.iter().map(|p| p.compile(options).unwrap()).collect();
    let targets: Vec<(usize, usize)> = compiled
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            c.program()
                .categories
                .iter()
                .enumerate()
                .filter(|(_, cat)| cat.subject.screened())
                .map(move |(j, _)| (i, j))
        })
        .collect();
    let start = Instant::now();
    let mut counts = [0_u64; 3];
    for f in &facts {
        for &(p, c) in &targets {
            let outcome = compiled[p].outcome(c, black_box(f));
            counts[match outcome {
                Outcome::Eligible => 0,
                Outcome::Review => 1,
                Outcome::Ineligible => 2,
            }] += 1;
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    let evaluations = rows as f64 * targets.len() as f64;
    println!(
        "{rows} rows × {} categories in {elapsed:.3} s: {:.0} evaluations/s, {:.0} rows/s (all categories) on one core; eligible/review/ineligible = {counts:?}",
        targets.len(),
        evaluations / elapsed,
        rows as f64 / elapsed
    );
}
