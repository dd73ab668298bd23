//! The slow path: the same interpreter run with a recording sink, and the Chinese reasons, the
//! "what would have to change" list and the benefits built from what it recorded.

use chrono::NaiveDate;
use jiangxin_domain::honour::HonourKind;
use jiangxin_domain::skill::EnterpriseRank;
use jiangxin_domain::unit::UnitType;
use serde::Serialize;

use crate::benefits::Entitlement;
use crate::compile::{
    CompileOptions, CompiledCategory, CompiledProgram, Node, Observed, Outcome, ParameterOverrides,
    Sink, Test, Verdict,
};
use crate::error::EvalError;
use crate::facts::{
    FactId, FactKind, Facts, Flag, Introduction, honour_bit, rank_bit, unit_type_bit,
};
use crate::load::ProgramSet;
use crate::model::{Criterion, CriterionKind, TestOp};
use crate::stages::Role;
use crate::terms::Comparison;
use crate::value::ParamUnit;

/// One line of an explanation: a criterion (or a relaxation's condition) and how it came out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriterionResult {
    pub id: String,
    pub kind: CriterionKind,
    pub label: String,
    pub result: Verdict,
    pub reason_zh: String,
    pub citation: String,
    /// Nesting under one_of / all_of / relaxation, 0 for the category's own criteria.
    pub depth: u8,
    pub decided_by: Option<Role>,
    pub interpretation: Option<String>,
}

/// A parameter the evaluation needed but that has no value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingParameter {
    pub id: String,
    pub unit: ParamUnit,
    pub citation: String,
    pub source: String,
}

/// The full decision on one category, as the workflow stores it and the CLI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub program_id: String,
    pub program_version: String,
    pub program_title: String,
    pub document: String,
    pub category: String,
    pub category_name: String,
    /// The date ages and durations were counted on.
    pub as_of: NaiveDate,
    pub reference_fixed: bool,
    pub outcome: Outcome,
    pub criteria: Vec<CriterionResult>,
    /// The category's own criteria that fail or are waivable after relaxations: what blocks an
    /// `eligible`.
    pub failed: Vec<String>,
    /// For each failed or waivable criterion: what would have to change, with its citation.
    pub changes_needed: Vec<String>,
    pub missing_facts: Vec<String>,
    pub missing_parameters: Vec<MissingParameter>,
    /// Parameters set by override, `id = value`.
    pub overridden_parameters: Vec<String>,
    pub benefits: Vec<Entitlement>,
}

/// Records every node's verdict and observation.
struct Recorder {
    verdicts: Vec<Option<(Verdict, Observed)>>,
    conditions: Vec<Option<(Verdict, Observed)>>,
}

impl Sink for Recorder {
    const EXHAUSTIVE: bool = true;
    const OBSERVES: bool = true;

    fn node(&mut self, node: usize, verdict: Verdict, observed: Observed) {
        self.verdicts[node] = Some((verdict, observed));
    }

    fn condition(&mut self, node: usize, verdict: Verdict, observed: Observed) {
        self.conditions[node] = Some((verdict, observed));
    }
}

/// What a missing fact or parameter is, in Chinese.
pub(crate) fn describe_missing(program: &CompiledProgram<'_>, observed: Observed) -> String {
    match observed {
        Observed::MissingFact(fact) => match fact.derived_from() {
            Some(from) => format!(
                "缺少事实 {}（{}），须提供 {from}",
                fact.name(),
                fact.label_zh()
            ),
            None => format!("缺少事实 {}（{}）", fact.name(), fact.label_zh()),
        },
        Observed::MissingParameter(p) => {
            let parameter = &program.program.parameters[p];
            format!("缺少参数 {}（{}）", parameter.id, parameter.source)
        }
        _ => "无法判断".to_owned(),
    }
}

impl CompiledProgram<'_> {
    /// The full explanation of one category for these facts.
    pub fn explain(&self, category: &str, facts: &Facts) -> Result<Decision, EvalError> {
        let index = self.category_index(category)?;
        Ok(self.explain_index(index, facts))
    }

    /// Explains every category of the program.
    pub fn explain_all(&self, facts: &Facts) -> Vec<Decision> {
        (0..self.categories.len())
            .map(|i| self.explain_index(i, facts))
            .collect()
    }

    fn explain_index(&self, index: usize, facts: &Facts) -> Decision {
        let compiled = &self.categories[index];
        let mut recorder = Recorder {
            verdicts: vec![None; compiled.nodes.len()],
            conditions: vec![None; compiled.nodes.len()],
        };
        let outcome = self.evaluate(index, facts, &mut recorder);
        let explainer = Explainer {
            program: self,
            compiled,
            recorder: &recorder,
            facts,
        };
        let mut criteria = Vec::new();
        let mut changes_needed = Vec::new();
        for &root in &compiled.roots {
            explainer.entries(root, 0, &mut criteria);
            explainer.changes(root, &mut changes_needed);
        }
        let failed = self
            .blocking(index, |node| explainer.record(node).0)
            .map(|c| c.id.clone())
            .collect();
        let missing_facts = dedup(
            recorder
                .verdicts
                .iter()
                .chain(&recorder.conditions)
                .filter_map(|r| match r {
                    Some((_, Observed::MissingFact(f))) => {
                        Some(format!("{}（{}）", f.name(), f.label_zh()))
                    }
                    _ => None,
                }),
        );
        let mut missing: Vec<usize> = recorder
            .verdicts
            .iter()
            .chain(&recorder.conditions)
            .filter_map(|r| match r {
                Some((_, Observed::MissingParameter(p))) => Some(*p),
                _ => None,
            })
            .collect();
        for &b in &self.program.categories[index].benefits {
            missing.extend(
                self.benefit_parameters(b)
                    .into_iter()
                    .filter(|&p| self.values[p].is_none()),
            );
        }
        missing.sort_unstable();
        missing.dedup();
        let missing_parameters = missing
            .into_iter()
            .map(|p| {
                let parameter = &self.program.parameters[p];
                MissingParameter {
                    id: parameter.id.clone(),
                    unit: parameter.unit,
                    citation: parameter.cited.citation.clone(),
                    source: parameter.source.clone(),
                }
            })
            .collect();
        let overridden_parameters = self
            .program
            .parameters
            .iter()
            .enumerate()
            .filter(|(i, _)| self.overridden[*i])
            .filter_map(|(i, p)| {
                self.values[i]
                    .as_ref()
                    .map(|v| format!("{} = {}", p.id, v.display_zh(p.unit)))
            })
            .collect();
        let category = &self.program.categories[index];
        let meta = &self.program.meta;
        Decision {
            program_id: meta.id.clone(),
            program_version: meta.version.clone(),
            program_title: meta.title.clone(),
            document: meta.document.clone(),
            category: category.id.clone(),
            category_name: category.name.clone(),
            as_of: self.reference,
            reference_fixed: self
                .program
                .reference_date
                .as_ref()
                .is_some_and(|r| r.fixed),
            outcome,
            criteria,
            failed,
            changes_needed,
            missing_facts,
            missing_parameters,
            overridden_parameters,
            benefits: self.entitlements(index, facts),
        }
    }
}

/// What `jiangxin check` does: compiles the program for the date and the officer's parameters and
/// explains one category, or every category when none is named. An override that matches no
/// parameter of any loaded program is an error rather than silently ignored.
pub fn check(
    set: &ProgramSet,
    program: &str,
    category: Option<&str>,
    facts: &Facts,
    as_of: Option<NaiveDate>,
    overrides: &ParameterOverrides,
) -> Result<Vec<Decision>, EvalError> {
    overrides.check_used(set)?;
    let program = set
        .get(program)
        .ok_or_else(|| EvalError::UnknownProgram(program.to_owned()))?;
    let compiled = program.compile(CompileOptions { as_of, overrides })?;
    match category {
        Some(category) => Ok(vec![compiled.explain(category, facts)?]),
        None => Ok(compiled.explain_all(facts)),
    }
}

fn dedup(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

struct Explainer<'a, 'p> {
    program: &'a CompiledProgram<'p>,
    compiled: &'a CompiledCategory,
    recorder: &'a Recorder,
    facts: &'a Facts,
}

impl Explainer<'_, '_> {
    fn record(&self, node: usize) -> (Verdict, Observed) {
        self.recorder.verdicts[node].unwrap_or((Verdict::Unknown, Observed::Nothing))
    }

    /// The label of the criterion a node stands for (a relaxed node stands for its base).
    fn label(&self, node: usize) -> String {
        self.program
            .node_criterion(self.compiled, node)
            .label
            .clone()
    }

    fn entries(&self, node: usize, depth: u8, out: &mut Vec<CriterionResult>) {
        let (verdict, observed) = self.record(node);
        match &self.compiled.nodes[node] {
            Node::Leaf {
                criterion, test, ..
            } => {
                let def = &self.program.program.criteria[*criterion];
                out.push(self.result(
                    def,
                    verdict,
                    depth,
                    self.leaf_reason(def, test.as_ref(), verdict, observed),
                ));
            }
            Node::Group {
                criterion,
                any,
                children,
            } => {
                let def = &self.program.program.criteria[*criterion];
                let reason = self.group_reason(*any, children, verdict);
                out.push(self.result(def, verdict, depth, reason));
                for &child in children {
                    self.entries(child, depth + 1, out);
                }
            }
            Node::Relaxed {
                relaxation,
                when,
                base,
                alternative,
            } => {
                self.entries(*base, depth, out);
                let def = &self.program.program.relaxations[*relaxation];
                let (condition, observed) =
                    self.recorder.conditions[node].unwrap_or((Verdict::Unknown, Observed::Nothing));
                let overall = self.record(node).0;
                let reason = match condition {
                    Verdict::Pass => format!(
                        "适用：{}；放宽后“{}”为{}",
                        self.test_sentence(when, observed, true, None),
                        self.label(*base),
                        overall.name_zh()
                    ),
                    Verdict::Unknown => {
                        format!("是否适用待定：{}", describe_missing(self.program, observed))
                    }
                    _ => format!(
                        "不适用：{}",
                        self.test_sentence(when, observed, false, None)
                    ),
                };
                out.push(CriterionResult {
                    id: def.id.clone(),
                    kind: CriterionKind::Relaxation,
                    label: def.label.clone(),
                    result: condition,
                    reason_zh: reason,
                    citation: def.cited.citation.clone(),
                    depth,
                    decided_by: None,
                    interpretation: def.cited.interpretation.clone(),
                });
                if condition != Verdict::Fail {
                    self.entries(*alternative, depth + 1, out);
                }
            }
        }
    }

    fn result(
        &self,
        def: &Criterion,
        verdict: Verdict,
        depth: u8,
        reason_zh: String,
    ) -> CriterionResult {
        CriterionResult {
            id: def.id.clone(),
            kind: def.kind,
            label: def.label.clone(),
            result: verdict,
            reason_zh,
            citation: def.cited.citation.clone(),
            depth,
            decided_by: def.decided_by,
            interpretation: def.cited.interpretation.clone(),
        }
    }

    fn group_reason(&self, any: bool, children: &[usize], verdict: Verdict) -> String {
        let labels = |filter: &dyn Fn(Verdict) -> bool| {
            children
                .iter()
                .filter(|&&c| filter(self.record(c).0))
                .map(|&c| self.label(c))
                .collect::<Vec<_>>()
                .join("；")
        };
        let passing = |v: Verdict| matches!(v, Verdict::Pass | Verdict::NotApplicable);
        let open =
            |v: Verdict| matches!(v, Verdict::Unknown | Verdict::Waivable | Verdict::Judgement);
        match (any, verdict) {
            (true, Verdict::Pass) => format!("已具备：{}", labels(&passing)),
            (true, Verdict::Fail) => format!("下列条件均不具备：{}", labels(&|_| true)),
            (true, _) => format!("尚无已确认的一项，待认定：{}", labels(&open)),
            (false, Verdict::Pass | Verdict::NotApplicable) => "各项均具备".to_owned(),
            (false, Verdict::Fail) => format!("不具备：{}", labels(&|v| v == Verdict::Fail)),
            (false, _) => format!("待认定：{}", labels(&open)),
        }
    }

    fn leaf_reason(
        &self,
        def: &Criterion,
        test: Option<&Test>,
        verdict: Verdict,
        observed: Observed,
    ) -> String {
        match (verdict, test) {
            (Verdict::NotApplicable, _) => "不适用于本申报单位或申请人".to_owned(),
            (Verdict::Unknown, _) => describe_missing(self.program, observed),
            (_, None) => format!(
                "须由{}认定：{}",
                def.decided_by.map_or("审核人员", Role::name_zh),
                def.label
            ),
            (_, Some(test)) => {
                let holds = match def.kind {
                    CriterionKind::Exclusion => verdict != Verdict::Pass,
                    _ => verdict == Verdict::Pass,
                };
                let word = match def.test.as_ref().map(|t| &t.op) {
                    Some(TestOp::Compare { term, .. }) => Some(term.word.as_str()),
                    _ => None,
                };
                let sentence = self.test_sentence(test, observed, holds, word);
                match (def.kind, verdict) {
                    (CriterionKind::Soft, Verdict::Waivable) => {
                        format!("{sentence}；属“原则上/一般”条件，审核人员可记录理由后放宽")
                    }
                    (CriterionKind::Exclusion, Verdict::Judgement) => {
                        format!("{sentence}；按文件作为审慎性参考，由审核人员决定")
                    }
                    (CriterionKind::Exclusion, Verdict::Fail) => {
                        format!("{sentence}，属排除情形")
                    }
                    (CriterionKind::Exclusion, _) => format!("{sentence}，不属排除情形"),
                    _ => sentence,
                }
            }
        }
    }

    /// A sentence saying what the test saw and whether it held.
    fn test_sentence(
        &self,
        test: &Test,
        observed: Observed,
        holds: bool,
        word: Option<&str>,
    ) -> String {
        let fact_label = |fact: FactId| fact.label_zh();
        match test {
            Test::Missing { .. } => describe_missing(self.program, observed),
            Test::Quantity { fact, cmp, bound } => {
                let seen = show(*fact, observed);
                let bound = show(*fact, Observed::Quantity(*bound));
                compare_sentence(fact_label(*fact), &seen, *cmp, &bound, holds, word)
            }
            Test::Income { cmp, multiple, .. } => {
                let seen = show(FactId::IncomeRatio, observed);
                let bound = show(FactId::IncomeRatio, Observed::Quantity(*multiple));
                compare_sentence(
                    fact_label(FactId::IncomeRatio),
                    &seen,
                    *cmp,
                    &bound,
                    holds,
                    word,
                )
            }
            Test::Money { fact, cmp, bound } => compare_sentence(
                fact_label(*fact),
                &show(*fact, observed),
                *cmp,
                &bound.to_string(),
                holds,
                word,
            ),
            Test::Level { fact, cmp, bound } => compare_sentence(
                fact_label(*fact),
                &show(*fact, observed),
                *cmp,
                bound.name_zh(),
                holds,
                word,
            ),
            Test::Is { fact, expect } => {
                let wanted = if *expect { "是" } else { "否" };
                if holds {
                    format!("{}：{}", fact_label(*fact), show(*fact, observed))
                } else {
                    format!(
                        "{}：{}（须为“{wanted}”）",
                        fact_label(*fact),
                        show(*fact, observed)
                    )
                }
            }
            Test::Member { fact, mask, negate } => {
                let seen = show(*fact, observed);
                let listed = names(*fact, *mask);
                match (negate, holds) {
                    (false, true) => format!("{}：{seen}，属 {listed}", fact_label(*fact)),
                    (false, false) => format!("{}：{seen}，不属 {listed}", fact_label(*fact)),
                    (true, true) => format!("{}：{seen}，不属 {listed}", fact_label(*fact)),
                    (true, false) => format!("{}：{seen}，属 {listed}", fact_label(*fact)),
                }
            }
            Test::AnyOf { fact, mask } => {
                let Observed::Mask(found) = observed else {
                    return describe_missing(self.program, observed);
                };
                if found != 0 {
                    format!("{}：有 {}", fact_label(*fact), names(*fact, found))
                } else {
                    format!("{}：无 {}", fact_label(*fact), names(*fact, *mask))
                }
            }
            Test::Honours { mask, from } => {
                let since = from
                    .map(|f| format!("（{f} 以后取得的）"))
                    .unwrap_or_default();
                let Observed::Mask(found) = observed else {
                    return describe_missing(self.program, observed);
                };
                if found != 0 {
                    format!("持有{since} {}", self.honours_with_dates(found, *from))
                } else {
                    format!("未持有{since} {}", names(FactId::Honours, *mask))
                }
            }
            Test::Within { fact, ancestor } => {
                let code = self.district_code(*fact);
                if holds {
                    format!("{} {code} 在 {ancestor} 范围内", fact_label(*fact))
                } else {
                    format!("{} {code} 不在 {ancestor} 范围内", fact_label(*fact))
                }
            }
            Test::Remote { fact, .. } => {
                let code = self.district_code(*fact);
                match observed {
                    Observed::Bool(true) => format!("{} {code} 属放宽地区", fact_label(*fact)),
                    _ => format!("{} {code} 不属放宽地区", fact_label(*fact)),
                }
            }
            Test::SameYear { fact, year } => {
                let seen = show(*fact, observed);
                if holds {
                    format!("{}在 {seen}，与基准日同在 {year} 年", fact_label(*fact))
                } else {
                    format!("{}在 {seen}，不在基准日所在的 {year} 年", fact_label(*fact))
                }
            }
        }
    }

    fn district_code(&self, fact: FactId) -> String {
        self.facts
            .district(fact)
            .map(|d| d.code().to_string())
            .unwrap_or_default()
    }

    fn honours_with_dates(&self, mask: u32, from: Option<NaiveDate>) -> String {
        let on = self.program.reference;
        self.facts
            .person
            .honours
            .iter()
            .flatten()
            .filter(|h| {
                mask & honour_bit(h.kind()) != 0
                    && h.awarded_on() <= on
                    && from.is_none_or(|f| h.awarded_on() >= f)
            })
            .map(|h| format!("{}（{}）", h.kind().name_zh(), h.awarded_on()))
            .collect::<Vec<_>>()
            .join("、")
    }

    /// What would have to change, for a node that failed or is waivable.
    fn changes(&self, node: usize, out: &mut Vec<String>) {
        let (verdict, observed) = self.record(node);
        if !matches!(verdict, Verdict::Fail | Verdict::Waivable) {
            return;
        }
        match &self.compiled.nodes[node] {
            Node::Leaf {
                criterion, test, ..
            } => {
                let def = &self.program.program.criteria[*criterion];
                let citation = &def.cited.citation;
                let line = match (def.kind, test) {
                    (CriterionKind::Exclusion, Some(test)) => format!(
                        "{}：{}，须该情形消除（{citation}）",
                        def.label,
                        self.test_sentence(test, observed, true, None)
                    ),
                    (_, Some(test)) => {
                        let change = self.change_sentence(test, observed);
                        if verdict == Verdict::Waivable {
                            format!("{change}（{citation}）；或由审核人员记录理由放宽")
                        } else {
                            format!("{change}（{citation}）")
                        }
                    }
                    (_, None) => format!("{}（{citation}）", def.label),
                };
                out.push(line);
            }
            Node::Group {
                criterion,
                any,
                children,
            } => {
                let def = &self.program.program.criteria[*criterion];
                if *any {
                    let options: Vec<String> = children.iter().map(|&c| self.label(c)).collect();
                    out.push(format!(
                        "须具备下列条件之一：{}（{}）",
                        options.join("；"),
                        def.cited.citation
                    ));
                } else {
                    for &child in children {
                        self.changes(child, out);
                    }
                }
            }
            Node::Relaxed {
                relaxation,
                base,
                alternative,
                ..
            } => {
                self.changes(*base, out);
                let (condition, _) =
                    self.recorder.conditions[node].unwrap_or((Verdict::Unknown, Observed::Nothing));
                if condition == Verdict::Pass {
                    let def = &self.program.program.relaxations[*relaxation];
                    out.push(format!(
                        "或满足放宽条件：{}（{}）",
                        self.label(*alternative),
                        def.cited.citation
                    ));
                }
            }
        }
    }

    /// "年龄 56 周岁，超过 55 周岁上限" and its kin.
    fn change_sentence(&self, test: &Test, observed: Observed) -> String {
        let bounded = |label: &str, seen: String, cmp: Comparison, bound: String| match cmp {
            Comparison::AtMost => format!("{label} {seen}，超过 {bound}上限"),
            Comparison::Below => format!("{label} {seen}，须低于 {bound}（不含本数）"),
            Comparison::AtLeast => format!("{label} {seen}，低于 {bound}下限"),
            Comparison::Above => format!("{label} {seen}，须超过 {bound}（不含本数）"),
        };
        match test {
            Test::Quantity { fact, cmp, bound } => bounded(
                fact.label_zh(),
                show(*fact, observed),
                *cmp,
                show(*fact, Observed::Quantity(*bound)),
            ),
            Test::Income { cmp, multiple, .. } => bounded(
                FactId::IncomeRatio.label_zh(),
                show(FactId::IncomeRatio, observed),
                *cmp,
                show(FactId::IncomeRatio, Observed::Quantity(*multiple)),
            ),
            Test::Money { fact, cmp, bound } => bounded(
                fact.label_zh(),
                show(*fact, observed),
                *cmp,
                bound.to_string(),
            ),
            Test::Level { fact, cmp, bound } => bounded(
                fact.label_zh(),
                show(*fact, observed),
                *cmp,
                bound.name_zh().to_owned(),
            ),
            other => self.test_sentence(other, observed, false, None),
        }
    }
}

/// "合同（协议）期限 5 年，符合“不少于 5 年”（含本数）", in the notice's own bound word where the
/// rule has one (以上/以下/以内 follow the number, the others precede it).
fn compare_sentence(
    label: &str,
    seen: &str,
    cmp: Comparison,
    bound: &str,
    holds: bool,
    word: Option<&str>,
) -> String {
    let requirement = match word {
        Some(w @ ("以上" | "以下" | "以内")) => format!("{bound}{w}"),
        Some(w) => format!("{w} {bound}"),
        None => {
            let w = match cmp {
                Comparison::AtLeast => "不低于",
                Comparison::AtMost => "不超过",
                Comparison::Above => "超过",
                Comparison::Below => "低于",
            };
            format!("{w} {bound}")
        }
    };
    let verdict = if holds { "符合" } else { "不符合" };
    format!(
        "{label} {seen}，{verdict}“{requirement}”（{}）",
        cmp.inclusion_zh()
    )
}

/// A fact's observed value with its unit.
fn show(fact: FactId, observed: Observed) -> String {
    match observed {
        Observed::Quantity(q) => match fact.kind() {
            FactKind::Quantity(_) if fact == FactId::Age => format!("{q} 周岁"),
            FactKind::Quantity(unit) => format!("{q}{}", unit.suffix_zh()),
            _ => q.to_string(),
        },
        Observed::Money(m) => m.to_string(),
        Observed::Level(l) => l.name_zh().to_owned(),
        Observed::Bool(b) => if b { "是" } else { "否" }.to_owned(),
        Observed::Mask(mask) => names(fact, mask),
        Observed::Year(y) => format!("{y} 年"),
        Observed::Nothing | Observed::MissingFact(_) | Observed::MissingParameter(_) => {
            "（未知）".to_owned()
        }
    }
}

/// The Chinese names of the members of a mask of a set-valued fact.
fn names(fact: FactId, mask: u32) -> String {
    let list: Vec<&str> = match fact.kind() {
        FactKind::Honours => HonourKind::all()
            .iter()
            .filter(|k| mask & honour_bit(**k) != 0)
            .map(|k| k.name_zh())
            .collect(),
        FactKind::Ranks => EnterpriseRank::all()
            .iter()
            .filter(|r| mask & rank_bit(**r) != 0)
            .map(|r| r.name_zh())
            .collect(),
        FactKind::Flags => Flag::ALL
            .iter()
            .filter(|f| mask & f.bit() != 0)
            .map(|f| f.name_zh())
            .collect(),
        FactKind::UnitType => UnitType::all()
            .iter()
            .filter(|u| mask & unit_type_bit(**u) != 0)
            .map(|u| u.name_zh())
            .collect(),
        FactKind::Introduction => Introduction::ALL
            .iter()
            .filter(|i| mask & i.bit() != 0)
            .map(|i| i.name_zh())
            .collect(),
        _ => Vec::new(),
    };
    if list.is_empty() {
        "（无）".to_owned()
    } else {
        list.join("、")
    }
}
