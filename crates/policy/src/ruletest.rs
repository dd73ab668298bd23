//! Rule tests as data: `programs/tests/<program-id>.toml`, each case a sentence in Chinese with
//! its reference date, facts, officer parameters and the expected outcome, reasons and benefits,
//! so that a policy officer can read (and write) them. One runner checks them all and reports
//! every failing case by name.
//!
//! A case's `facts` are merged over its `fixture`; writing a fact as `"未知"` removes it, so the
//! case tests what happens when that fact is not known.

use std::collections::BTreeMap;
use std::path::Path;

use jiangxin_domain::date::parse_date;
use jiangxin_domain::money::Money;
use serde::Deserialize;

use crate::compile::{CompileOptions, Outcome, ParameterOverrides, Verdict};
use crate::explain::Decision;
use crate::facts::RawFacts;
use crate::load::ProgramSet;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TestFile {
    program: String,
    #[serde(default)]
    fixtures: BTreeMap<String, toml::Table>,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    category: String,
    as_of: Option<String>,
    fixture: Option<String>,
    #[serde(default)]
    facts: toml::Table,
    #[serde(default)]
    set: BTreeMap<String, toml::Value>,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    outcome: Outcome,
    /// Exactly the category's own criteria that fail or are waivable after relaxations.
    failed: Option<Vec<String>>,
    /// The result of particular criteria (first occurrence of the id, at any depth).
    #[serde(default)]
    results: BTreeMap<String, Verdict>,
    #[serde(default)]
    reasons_contain: Vec<String>,
    #[serde(default)]
    changes_contain: Vec<String>,
    missing_parameters: Option<Vec<String>>,
    #[serde(default)]
    benefits: Vec<ExpectBenefit>,
    #[serde(default)]
    absent_benefits: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectBenefit {
    id: String,
    /// One payment after uplifts, in yuan (`"110000"`), or `"待定"` for a missing amount.
    amount: Option<String>,
    /// The sum of the payments kept, in yuan.
    total: Option<String>,
    payments: Option<usize>,
    dropped: Option<usize>,
    uplift_percent: Option<i64>,
}

/// A case that did not come out as written, with every difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFailure {
    pub file: String,
    pub case: String,
    pub problems: Vec<String>,
}

/// What a run found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleTestReport {
    pub cases: usize,
    pub failures: Vec<CaseFailure>,
}

impl RuleTestReport {
    /// Every failure, one paragraph per case, for a test assertion message.
    pub fn summary(&self) -> String {
        self.failures
            .iter()
            .map(|f| format!("{}：{}\n  - {}", f.file, f.case, f.problems.join("\n  - ")))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Runs every `*.toml` rule-test file in `dir`.
pub fn run_dir(set: &ProgramSet, dir: &Path) -> RuleTestReport {
    let mut report = RuleTestReport::default();
    let mut paths: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            report
                .failures
                .push(file_failure(&dir.display().to_string(), e.to_string()));
            return report;
        }
    };
    paths.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    paths.sort();
    for path in paths {
        let file_report = run_file(set, &path);
        report.cases += file_report.cases;
        report.failures.extend(file_report.failures);
    }
    report
}

fn file_failure(file: &str, problem: String) -> CaseFailure {
    CaseFailure {
        file: file.to_owned(),
        case: "（整个文件）".to_owned(),
        problems: vec![problem],
    }
}

/// Runs one rule-test file.
pub fn run_file(set: &ProgramSet, path: &Path) -> RuleTestReport {
    let name = path.display().to_string();
    let parsed = std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|text| toml::from_str::<TestFile>(&text).map_err(|e| e.to_string()));
    let file = match parsed {
        Ok(file) => file,
        Err(problem) => {
            return RuleTestReport {
                cases: 0,
                failures: vec![file_failure(&name, problem)],
            };
        }
    };
    let mut report = RuleTestReport {
        cases: file.cases.len(),
        failures: Vec::new(),
    };
    for case in &file.cases {
        let problems = match run_case(set, &file, case) {
            Ok(problems) => problems,
            Err(problem) => vec![problem],
        };
        if !problems.is_empty() {
            report.failures.push(CaseFailure {
                file: name.clone(),
                case: case.name.clone(),
                problems,
            });
        }
    }
    report
}

/// The value that removes a fixture's fact.
const UNKNOWN: &str = "未知";

/// Merges `over` into `base`, tables recursively, other values replaced, `"未知"` removed.
fn merge(base: &mut toml::Table, over: &toml::Table) {
    for (key, value) in over {
        match (base.get_mut(key), value) {
            (_, toml::Value::String(s)) if s == UNKNOWN => {
                base.remove(key);
            }
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

fn run_case(set: &ProgramSet, file: &TestFile, case: &Case) -> Result<Vec<String>, String> {
    let program = set
        .get(&file.program)
        .ok_or_else(|| format!("未知的项目 {}", file.program))?;
    let mut facts = match &case.fixture {
        Some(f) => file
            .fixtures
            .get(f)
            .cloned()
            .ok_or_else(|| format!("未知的 fixture {f}"))?,
        None => toml::Table::new(),
    };
    merge(&mut facts, &case.facts);
    let raw: RawFacts = toml::Value::Table(facts)
        .try_into()
        .map_err(|e: toml::de::Error| format!("事实格式错误：{e}"))?;
    let facts = raw.parse().map_err(|e| e.to_string())?;
    let mut overrides = ParameterOverrides::new();
    for (key, value) in &case.set {
        let text = match value {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        overrides.set(key.clone(), text);
    }
    let as_of = case
        .as_of
        .as_deref()
        .map(parse_date)
        .transpose()
        .map_err(|e| e.to_string())?;
    let compiled = program
        .compile(CompileOptions {
            as_of,
            overrides: &overrides,
        })
        .map_err(|e| e.to_string())?;
    let decision = compiled
        .explain(&case.category, &facts)
        .map_err(|e| e.to_string())?;
    // The fast path must agree with the explanation: they share one interpreter, and this
    // checks it on every case.
    let index = compiled
        .category_index(&case.category)
        .map_err(|e| e.to_string())?;
    let mut problems = Vec::new();
    let fast = compiled.outcome(index, &facts);
    if fast != decision.outcome {
        problems.push(format!(
            "快速评估结果 {fast:?} 与解释结果 {:?} 不一致",
            decision.outcome
        ));
    }
    check(&case.expect, &decision, &mut problems);
    Ok(problems)
}

fn check(expect: &Expect, d: &Decision, problems: &mut Vec<String>) {
    if d.outcome != expect.outcome {
        problems.push(format!(
            "结论应为 {:?}，实际为 {:?}；{}",
            expect.outcome,
            d.outcome,
            d.changes_needed.join("；")
        ));
    }
    if let Some(failed) = &expect.failed {
        let mut actual: Vec<&str> = d.failed.iter().map(String::as_str).collect();
        actual.sort_unstable();
        actual.dedup();
        let mut wanted: Vec<&str> = failed.iter().map(String::as_str).collect();
        wanted.sort_unstable();
        if actual != wanted {
            problems.push(format!("未满足的条件应为 {wanted:?}，实际为 {actual:?}"));
        }
    }
    for (id, verdict) in &expect.results {
        match d.criteria.iter().find(|c| c.id == *id) {
            Some(c) if c.result == *verdict => {}
            Some(c) => problems.push(format!(
                "条件 {id} 应为 {verdict:?}，实际为 {:?}（{}）",
                c.result, c.reason_zh
            )),
            None => problems.push(format!("解释中没有条件 {id}")),
        }
    }
    let reasons: Vec<&str> = d.criteria.iter().map(|c| c.reason_zh.as_str()).collect();
    for wanted in &expect.reasons_contain {
        if !reasons.iter().any(|r| r.contains(wanted.as_str())) {
            problems.push(format!(
                "没有理由包含“{wanted}”；理由为：{}",
                reasons.join(" | ")
            ));
        }
    }
    for wanted in &expect.changes_contain {
        if !d.changes_needed.iter().any(|c| c.contains(wanted.as_str())) {
            problems.push(format!(
                "“需要改变”中没有“{wanted}”；实际为：{}",
                d.changes_needed.join(" | ")
            ));
        }
    }
    if let Some(wanted) = &expect.missing_parameters {
        let actual: Vec<&str> = d.missing_parameters.iter().map(|p| p.id.as_str()).collect();
        if actual != wanted.iter().map(String::as_str).collect::<Vec<_>>() {
            problems.push(format!("缺少的参数应为 {wanted:?}，实际为 {actual:?}"));
        }
    }
    for wanted in &expect.benefits {
        let Some(e) = d.benefits.iter().find(|e| e.id == wanted.id) else {
            problems.push(format!("没有待遇 {}", wanted.id));
            continue;
        };
        let yuan = |text: &str| Money::parse(text).ok();
        if let Some(amount) = &wanted.amount {
            let expected = if amount == "待定" {
                None
            } else {
                yuan(amount)
            };
            if e.amount != expected {
                problems.push(format!(
                    "待遇 {} 每笔应为 {amount}，实际为 {:?}",
                    e.id, e.amount
                ));
            }
        }
        if let Some(total) = &wanted.total
            && e.total != yuan(total)
        {
            problems.push(format!(
                "待遇 {} 合计应为 {total}，实际为 {:?}",
                e.id, e.total
            ));
        }
        if let Some(n) = wanted.payments
            && e.payments.len() != n
        {
            problems.push(format!(
                "待遇 {} 应发 {n} 笔，实际 {} 笔",
                e.id,
                e.payments.len()
            ));
        }
        if let Some(n) = wanted.dropped
            && e.dropped.len() != n
        {
            problems.push(format!(
                "待遇 {} 应有 {n} 笔不予发放，实际 {} 笔",
                e.id,
                e.dropped.len()
            ));
        }
        if let Some(p) = wanted.uplift_percent {
            let actual: i64 = e.uplifts.iter().map(|u| u.percent).sum();
            if actual != p {
                problems.push(format!("待遇 {} 应上浮 {p}%，实际 {actual}%", e.id));
            }
        }
    }
    for absent in &expect.absent_benefits {
        if d.benefits.iter().any(|e| e.id == *absent) {
            problems.push(format!("待遇 {absent} 不应出现"));
        }
    }
}
