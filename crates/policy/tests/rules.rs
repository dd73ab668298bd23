//! Runs every rule test written as data under `programs/tests/`, and reports each failing case by
//! its name (a sentence saying what it checks).

use std::path::Path;

use jiangxin_policy::ProgramSet;
use jiangxin_policy::ruletest::run_dir;

#[test]
fn every_rule_test_in_programs_tests_comes_out_as_written() {
    let set = ProgramSet::builtin().unwrap_or_else(|e| panic!("{e}"));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../programs/tests");
    let report = run_dir(&set, &dir);
    assert!(report.cases > 0, "no rule tests found in {}", dir.display());
    assert!(
        report.failures.is_empty(),
        "{} of {} rule tests failed:\n{}",
        report.failures.len(),
        report.cases,
        report.summary()
    );
    println!("{} rule tests passed", report.cases);
}
