//! The rule compiler and the one rule interpreter.
//!
//! Compiling binds a loaded [`Program`] to a reference date and the officer's parameter
//! overrides: every parameter gets its value in force (or is marked missing), every test becomes a
//! typed comparison against that value, and each category becomes a small tree of nodes with
//! relaxations already woven in. Evaluation then walks the tree without allocating.
//!
//! There is one interpreter, [`CompiledProgram::eval_node`], generic over a [`Sink`]: the fast
//! `outcome` passes a sink that ignores everything (and compiles away), `explain` passes one that
//! records each node's verdict and observation to build reasons from. The rules exist once.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use jiangxin_domain::money::Money;
use jiangxin_domain::skill::SkillLevel;
use serde::{Deserialize, Serialize};

use crate::error::EvalError;
use crate::facts::{FactId, Facts};
use crate::load::ProgramSet;
use crate::model::{
    Criterion, CriterionKind, ExclusionEffect, Program, RelaxationMode, TestDef, TestOp,
};
use crate::terms::Comparison;
use crate::value::{ParamValue, Quantity};

/// Parameter values an officer sets (`--set PARAM=VALUE`). A key is a parameter id, which applies
/// to every program that has that parameter, or `program-id.parameter`, which applies to one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParameterOverrides {
    values: BTreeMap<String, String>,
}

impl ParameterOverrides {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.values.insert(key.into(), value.into());
    }

    /// Reads one `PARAM=VALUE` assignment.
    pub fn parse_assignment(&mut self, text: &str) -> Result<(), EvalError> {
        let (key, value) = text
            .split_once('=')
            .filter(|(k, v)| !k.trim().is_empty() && !v.trim().is_empty())
            .ok_or_else(|| EvalError::OverrideSyntax(text.to_owned()))?;
        self.set(key.trim(), value.trim());
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    fn lookup(&self, program: &str, parameter: &str) -> Option<&str> {
        self.values
            .get(&format!("{program}.{parameter}"))
            .or_else(|| self.values.get(parameter))
            .map(String::as_str)
    }

    /// Fails on a key that matches no parameter of any program in `set`, so that a misspelt
    /// `--set` is not silently ignored.
    pub fn check_used(&self, set: &ProgramSet) -> Result<(), EvalError> {
        self.check_used_by(&set.iter().collect::<Vec<_>>())
    }

    /// Like [`check_used`](Self::check_used), for the programs actually evaluated (a screen of
    /// some programs should not accept a parameter only another program has).
    pub fn check_used_by(&self, programs: &[&Program]) -> Result<(), EvalError> {
        for key in self.values.keys() {
            let used = programs.iter().any(|program| {
                program
                    .parameters
                    .iter()
                    .any(|p| *key == p.id || *key == format!("{}.{}", program.id(), p.id))
            });
            if !used {
                return Err(EvalError::UnusedOverride(key.clone()));
            }
        }
        Ok(())
    }
}

/// The date and parameter values to compile for.
#[derive(Debug, Clone, Copy)]
pub struct CompileOptions<'a> {
    /// The evaluation date; ignored for ages when the program fixes its reference date.
    pub as_of: Option<NaiveDate>,
    pub overrides: &'a ParameterOverrides,
}

/// How a node came out. Ordered from worst to best for combining: `all_of` takes the worst of its
/// members, `one_of` the best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Verdict {
    Fail,
    /// A fact or parameter is missing.
    Unknown,
    /// A 原则上/一般 criterion failed: a reviewer may waive it.
    Waivable,
    /// A reviewer or expert decides.
    Judgement,
    Pass,
    /// The criterion does not apply to these facts.
    NotApplicable,
}

impl Verdict {
    /// The variants are declared from worst to best and "not applicable" counts as a pass, so
    /// the rank is the position capped at `Pass`: one instruction on the hot path, where a
    /// `match` was a jump per comparison.
    fn rank(self) -> u8 {
        (self as u8).min(Verdict::Pass as u8)
    }

    fn worst(self, other: Verdict) -> Verdict {
        if other.rank() < self.rank() {
            other
        } else {
            self
        }
    }

    fn best(self, other: Verdict) -> Verdict {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }

    /// Where a group's verdict starts before its first member: `one_of` from a failure (no
    /// member holds), `all_of` from a pass (no member fails).
    fn group_start(any: bool) -> Verdict {
        if any { Verdict::Fail } else { Verdict::Pass }
    }

    /// A group's verdict so far with one more member's: the best for `one_of`, the worst for
    /// `all_of`.
    fn join(self, any: bool, member: Verdict) -> Verdict {
        if any {
            self.best(member)
        } else {
            self.worst(member)
        }
    }

    fn from_tri(value: Option<bool>) -> Verdict {
        match value {
            Some(true) => Verdict::Pass,
            Some(false) => Verdict::Fail,
            None => Verdict::Unknown,
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Verdict::Fail => "不符合",
            Verdict::Unknown => "未知",
            Verdict::Waivable => "可放宽",
            Verdict::Judgement => "须评审",
            Verdict::Pass => "符合",
            Verdict::NotApplicable => "不适用",
        }
    }
}

/// The decision on one program category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Eligible,
    /// Every hard criterion holds, but a judgement, a waivable criterion, a missing fact or a
    /// missing parameter leaves the decision to a reviewer.
    Review,
    Ineligible,
}

impl Outcome {
    pub fn name_zh(self) -> &'static str {
        match self {
            Outcome::Eligible => "符合",
            Outcome::Review => "需人工审核",
            Outcome::Ineligible => "不符合",
        }
    }

    fn from_verdict(verdict: Verdict) -> Outcome {
        match verdict.rank() {
            0 => Outcome::Ineligible,
            4 => Outcome::Eligible,
            _ => Outcome::Review,
        }
    }
}

/// A test bound to its parameter's value.
#[derive(Debug, Clone)]
pub(crate) enum Test {
    /// The parameter has no value: the test is unknown, naming the parameter.
    Missing {
        parameter: usize,
    },
    Quantity {
        fact: FactId,
        cmp: Comparison,
        bound: Quantity,
    },
    /// Income against a multiple of the city average wage; the wage is needed only when the facts
    /// give an insured wage instead of a ratio (`None`: the file names no average-wage parameter;
    /// `Err` holds the parameter that has no value).
    Income {
        cmp: Comparison,
        multiple: Quantity,
        average_wage: Option<Result<Money, usize>>,
    },
    Money {
        fact: FactId,
        cmp: Comparison,
        bound: Money,
    },
    Level {
        fact: FactId,
        cmp: Comparison,
        bound: SkillLevel,
    },
    Is {
        fact: FactId,
        expect: bool,
    },
    /// A single-valued fact is in the mask (or, negated, is not).
    Member {
        fact: FactId,
        mask: u32,
        negate: bool,
    },
    AnyOf {
        fact: FactId,
        mask: u32,
    },
    Honours {
        mask: u32,
        from: Option<NaiveDate>,
    },
    Within {
        fact: FactId,
        ancestor: u32,
    },
    Remote {
        fact: FactId,
        expect: bool,
    },
    SameYear {
        fact: FactId,
        year: i32,
    },
}

/// What a test saw, for the explanation. Copy and allocation-free, so the fast path can build it
/// and throw it away for free.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Observed {
    Nothing,
    MissingFact(FactId),
    MissingParameter(usize),
    Quantity(Quantity),
    Money(Money),
    Level(SkillLevel),
    Bool(bool),
    /// The bits of a set-valued fact that matched the test's mask (all bits for single-valued).
    Mask(u32),
    Year(i32),
}

#[derive(Debug, Clone)]
pub(crate) enum Node {
    Leaf {
        criterion: usize,
        test: Option<Test>,
        applies_if: Vec<Test>,
        /// The verdicts when the test holds and when it does not, fixed by the criterion's kind
        /// and effect at compile time so that evaluation need not look the criterion up.
        holds: Verdict,
        fails: Verdict,
    },
    Group {
        criterion: usize,
        any: bool,
        children: Vec<usize>,
    },
    Relaxed {
        relaxation: usize,
        when: Test,
        base: usize,
        alternative: usize,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledCategory {
    pub nodes: Vec<Node>,
    pub roots: Vec<usize>,
    /// The worst verdict of the roots that no fact can change: a judgement criterion is always
    /// for a reviewer, a test whose parameter has no value is always unknown.
    pub fixed: Verdict,
    /// The other roots, the ones [`CompiledProgram::outcome_in_order`] evaluates.
    pub varying: Vec<Varying>,
    /// A benefit amount needs a parameter that has no value: eligible becomes review.
    pub benefit_parameters_missing: bool,
}

/// A root criterion whose verdict depends on the facts, as the screen's fast path evaluates it.
#[derive(Debug, Clone)]
pub(crate) struct Varying {
    node: usize,
    /// Its slot in a [`CriterionMemo`] when another category of the program has the same
    /// criterion as a root, and so the same verdict.
    shared: Option<usize>,
    /// Most roots are a [`simple_test`]: a copy of it here is one load away, where reaching
    /// it through the node costs more than the test itself.
    test: Option<(Test, [Verdict; 2])>,
}

/// A program bound to a reference date and parameter values, ready to evaluate many times.
#[derive(Debug, Clone)]
pub struct CompiledProgram<'p> {
    pub(crate) program: &'p Program,
    pub(crate) reference: NaiveDate,
    /// The value of each parameter on the reference date, overrides applied.
    pub(crate) values: Vec<Option<ParamValue>>,
    pub(crate) overridden: Vec<bool>,
    pub(crate) categories: Vec<CompiledCategory>,
    /// How many criteria are roots of more than one category: the slots of a [`CriterionMemo`].
    pub(crate) shared_criteria: usize,
}

/// The outcome of a category from the combined verdict of its roots.
fn conclude(compiled: &CompiledCategory, verdict: Verdict) -> Outcome {
    let outcome = Outcome::from_verdict(verdict);
    if outcome == Outcome::Eligible && compiled.benefit_parameters_missing {
        Outcome::Review
    } else {
        outcome
    }
}

/// The worst verdict of the roots at `positions` (in a category's `roots`), given each one's
/// verdict by `root`, and the position of the root that failed, where the fast path stopped
/// (`exhaustive`: it does not stop).
fn all_roots(
    positions: impl IntoIterator<Item = usize>,
    exhaustive: bool,
    mut root: impl FnMut(usize) -> Verdict,
) -> (Verdict, Option<usize>) {
    let mut verdict = Verdict::Pass;
    for position in positions {
        verdict = verdict.worst(root(position));
        if !exhaustive && verdict == Verdict::Fail {
            return (verdict, Some(position));
        }
    }
    (verdict, None)
}

/// A leaf that is a single test without a condition, the commonest node: its test and its
/// verdicts when the test fails and when it holds.
#[inline(always)]
fn simple_test(node: &Node) -> Option<(&Test, [Verdict; 2])> {
    match node {
        Node::Leaf {
            test: Some(test),
            applies_if,
            holds,
            fails,
            ..
        } if applies_if.is_empty() => Some((test, [*fails, *holds])),
        _ => None,
    }
}

/// A leaf's verdict from its test's result, given its verdicts when the test fails and when it
/// holds.
fn leaf_verdict(result: Option<bool>, verdicts: [Verdict; 2]) -> Verdict {
    result.map_or(Verdict::Unknown, |holds| verdicts[usize::from(holds)])
}

/// The verdict of a node when no fact can change it: a judgement criterion, a test of a parameter
/// that has no value, or a group of such. `None` when facts decide it.
fn fixed_verdict(nodes: &[Node], node: usize) -> Option<Verdict> {
    match &nodes[node] {
        Node::Leaf {
            test, applies_if, ..
        } if applies_if.is_empty() => match test {
            None => Some(Verdict::Judgement),
            Some(Test::Missing { .. }) => Some(Verdict::Unknown),
            Some(_) => None,
        },
        Node::Group { any, children, .. } => {
            let mut verdict = Verdict::group_start(*any);
            for &child in children {
                verdict = verdict.join(*any, fixed_verdict(nodes, child)?);
            }
            Some(verdict)
        }
        Node::Leaf { .. } | Node::Relaxed { .. } => None,
    }
}

/// The order in which [`CompiledProgram::outcome_in_order`] tries a category's root criteria,
/// learnt from the rows seen so far: the roots that most often decided `ineligible` first.
///
/// Every root is required, so the outcome is the worst verdict of them all, and the fast path
/// stops only at a failure, which nothing can make worse: the order changes how many criteria a
/// row costs, never its outcome. What fails most depends on the registry (one bureau's file is
/// mostly short of contract years, another's of skill levels), so the order is learnt, not
/// written into the program files; those keep the notice's order for the explanations.
#[derive(Debug, Clone, Default)]
pub struct RootOrder {
    /// Positions in the category's roots that facts decide, in the order they are tried.
    order: Vec<usize>,
    /// Recent failures per position, halved at each revision so that the order follows a
    /// registry whose rows change character part way (one sorted by district, say).
    failures: Vec<u32>,
    /// Evaluations left before the order is next revised.
    until_revision: u32,
}

impl RootOrder {
    /// Evaluations between revisions: often enough to settle within the first chunk of a
    /// registry, rarely enough that sorting a few roots costs nothing per row.
    const REVISE_EVERY: u32 = 256;

    /// Starts in the program file's order for a category with `roots` roots.
    fn fit(&mut self, roots: usize) {
        if self.order.len() != roots {
            self.order = (0..roots).collect();
            self.failures = vec![0; roots];
            self.until_revision = Self::REVISE_EVERY;
        }
    }

    fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        self.order.iter().copied()
    }

    fn record(&mut self, failed: Option<usize>) {
        if let Some(position) = failed {
            self.failures[position] += 1;
        }
        self.until_revision -= 1;
        if self.until_revision == 0 {
            let failures = &self.failures;
            // Stable: roots that fail equally often keep their order.
            self.order
                .sort_by_key(|&position| std::cmp::Reverse(failures[position]));
            self.failures.iter_mut().for_each(|count| *count /= 2);
            self.until_revision = Self::REVISE_EVERY;
        }
    }
}

/// The verdicts of the criteria a program's categories share, reached so far for one person's
/// facts, for [`CompiledProgram::outcome_in_order`].
///
/// Many criteria are required by several categories of a program (works in the city, the skill
/// level and the dishonest-debtor check are in all four of 306号's), a criterion's verdict does
/// not depend on the category asking (its relaxations are the criterion's own), and a screen asks
/// every category of every row: so a shared criterion is evaluated at most once a row, and one
/// that failed for one category settles the others at once.
#[derive(Debug, Clone)]
pub struct CriterionMemo {
    /// Per shared criterion: the facts it was last evaluated for (their number) and its verdict.
    known: Vec<(u32, Verdict)>,
    /// The number of the facts at hand. Counting instead of clearing makes new facts one
    /// instruction; after 2^32 rows it wraps to numbers whose verdicts were stored 2^32 rows
    /// before, so the slots are cleared then.
    facts: u32,
}

impl CriterionMemo {
    /// An empty memo for `program`'s shared criteria.
    pub fn new(program: &CompiledProgram<'_>) -> Self {
        CriterionMemo {
            known: vec![(0, Verdict::Unknown); program.shared_criteria],
            facts: 1,
        }
    }

    /// Forgets every verdict: the next evaluations are for other facts.
    pub fn next_facts(&mut self) {
        self.facts = self.facts.wrapping_add(1);
        if self.facts == 0 {
            self.known.fill((0, Verdict::Unknown));
            self.facts = 1;
        }
    }

    /// The verdict in `slot` for the facts at hand, from `evaluate` the first time.
    fn recall(&mut self, slot: usize, evaluate: impl FnOnce() -> Verdict) -> Verdict {
        let (facts, verdict) = &mut self.known[slot];
        if *facts != self.facts {
            *verdict = evaluate();
            *facts = self.facts;
        }
        *verdict
    }
}

/// What a test returns: its result with what it saw, or its result alone. The test is written
/// once, generic over this, and what the caller does not want is never built.
trait Report {
    type Out;
    fn report(result: Option<bool>, observed: Observed) -> Self::Out;
}

struct WithObserved;

impl Report for WithObserved {
    type Out = (Option<bool>, Observed);

    #[inline(always)]
    fn report(result: Option<bool>, observed: Observed) -> Self::Out {
        (result, observed)
    }
}

struct ResultOnly;

impl Report for ResultOnly {
    type Out = Option<bool>;

    #[inline(always)]
    fn report(result: Option<bool>, _: Observed) -> Self::Out {
        result
    }
}

/// Receives every node's verdict during evaluation.
pub(crate) trait Sink {
    /// Whether every node must be visited. The fast path stops as soon as a result is settled
    /// (a failed `all_of` or root, a passed `one_of` or relaxed criterion); the explanation
    /// visits everything so that each criterion has its line. Both reach the same verdicts.
    const EXHAUSTIVE: bool;
    /// Whether it keeps what the tests saw; when not, they need not say.
    const OBSERVES: bool;

    fn node(&mut self, node: usize, verdict: Verdict, observed: Observed);
    /// The condition of a relaxation node.
    fn condition(&mut self, node: usize, verdict: Verdict, observed: Observed);
}

/// The sink of the fast path: records nothing.
impl Sink for () {
    const EXHAUSTIVE: bool = false;
    const OBSERVES: bool = false;

    #[inline(always)]
    fn node(&mut self, _: usize, _: Verdict, _: Observed) {}
    #[inline(always)]
    fn condition(&mut self, _: usize, _: Verdict, _: Observed) {}
}

/// Each node's verdict from one exhaustive evaluation, for
/// [`outcome_with_failed`](CompiledProgram::outcome_with_failed). Kept by the caller and reused,
/// so listing failed criteria row after row does not allocate.
#[derive(Debug, Clone, Default)]
pub struct Verdicts(Vec<Verdict>);

impl Sink for Verdicts {
    const EXHAUSTIVE: bool = true;
    const OBSERVES: bool = false;

    fn node(&mut self, node: usize, verdict: Verdict, _: Observed) {
        self.0[node] = verdict;
    }

    fn condition(&mut self, _: usize, _: Verdict, _: Observed) {}
}

impl Program {
    /// Binds the program to a date and the officer's overrides.
    pub fn compile(&self, options: CompileOptions<'_>) -> Result<CompiledProgram<'_>, EvalError> {
        let reference = match &self.reference_date {
            Some(r) if r.fixed => r.date,
            Some(r) => options.as_of.unwrap_or(r.date),
            None => options
                .as_of
                .ok_or_else(|| EvalError::NoReferenceDate(self.id().to_owned()))?,
        };
        let mut values = Vec::with_capacity(self.parameters.len());
        let mut overridden = Vec::with_capacity(self.parameters.len());
        for parameter in &self.parameters {
            let value =
                match options.overrides.lookup(self.id(), &parameter.id) {
                    Some(text) => Some(parameter.unit.parse(text).map_err(|message| {
                        EvalError::BadOverride {
                            parameter: parameter.id.clone(),
                            value: text.to_owned(),
                            message,
                        }
                    })?),
                    None => parameter.value_on(reference).cloned(),
                };
            overridden.push(options.overrides.lookup(self.id(), &parameter.id).is_some());
            values.push(value);
        }
        let mut compiled = CompiledProgram {
            program: self,
            reference,
            values,
            overridden,
            categories: Vec::new(),
            shared_criteria: 0,
        };
        compiled.categories = (0..self.categories.len())
            .map(|index| compiled.compile_category(index))
            .collect();
        // A memo slot for each criterion that is a root of more than one category.
        let mut categories_of = vec![0_usize; self.criteria.len()];
        for category in &self.categories {
            for &criterion in &category.criteria {
                categories_of[criterion] += 1;
            }
        }
        let mut slots = vec![None; self.criteria.len()];
        let mut next = 0;
        for (criterion, &count) in categories_of.iter().enumerate() {
            if count > 1 {
                slots[criterion] = Some(next);
                next += 1;
            }
        }
        for (compiled, category) in compiled.categories.iter_mut().zip(&self.categories) {
            let mut fixed = Verdict::Pass;
            let mut varying = Vec::new();
            for (&root, &criterion) in compiled.roots.iter().zip(&category.criteria) {
                match fixed_verdict(&compiled.nodes, root) {
                    Some(verdict) => fixed = fixed.worst(verdict),
                    None => varying.push(Varying {
                        node: root,
                        shared: slots[criterion],
                        test: simple_test(&compiled.nodes[root])
                            .map(|(test, verdicts)| (test.clone(), verdicts)),
                    }),
                }
            }
            compiled.fixed = fixed;
            compiled.varying = varying;
        }
        compiled.shared_criteria = next;
        Ok(compiled)
    }
}

impl<'p> CompiledProgram<'p> {
    pub fn program(&self) -> &'p Program {
        self.program
    }

    /// The date ages and durations are counted on.
    pub fn reference_date(&self) -> NaiveDate {
        self.reference
    }

    /// The index of a category, for [`outcome`](Self::outcome) in a loop.
    pub fn category_index(&self, id: &str) -> Result<usize, EvalError> {
        self.program
            .category(id)
            .map(|(i, _)| i)
            .ok_or_else(|| EvalError::UnknownCategory {
                program: self.program.id().to_owned(),
                category: id.to_owned(),
            })
    }

    /// The outcome alone: no reasons, no allocation.
    ///
    /// # Panics
    /// If `category` is not an index from [`category_index`](Self::category_index).
    pub fn outcome(&self, category: usize, facts: &Facts) -> Outcome {
        self.evaluate(category, facts, &mut ())
    }

    /// The same outcome as [`outcome`](Self::outcome), trying the root criteria in the order
    /// `order` has learnt from earlier calls, which it then updates, and taking the verdicts of
    /// shared criteria that `memo` holds from the program's other categories (it must be this
    /// program's, told of new facts by [`CriterionMemo::next_facts`]). This is what screening
    /// calls per row, with one `RootOrder` per column and one `CriterionMemo` per program.
    ///
    /// # Panics
    /// If `category` is not an index from [`category_index`](Self::category_index).
    pub fn outcome_in_order(
        &self,
        category: usize,
        facts: &Facts,
        order: &mut RootOrder,
        memo: &mut CriterionMemo,
    ) -> Outcome {
        let compiled = &self.categories[category];
        order.fit(compiled.varying.len());
        // The fixed roots cannot fail (a failure would need facts), so the fast path still
        // stops at the first failure of a varying root, and the outcome is the same.
        let (verdict, failed) = all_roots(order.positions(), false, |position| {
            let root = &compiled.varying[position];
            let evaluate = || match &root.test {
                Some((test, verdicts)) => leaf_verdict(self.test_holds(test, facts), *verdicts),
                None => self.eval_node(compiled, root.node, facts, &mut ()),
            };
            match root.shared {
                Some(slot) => memo.recall(slot, evaluate),
                None => evaluate(),
            }
        });
        order.record(failed);
        conclude(compiled, verdict.worst(compiled.fixed))
    }

    /// The outcome and, in `failed`, the category's own criteria that block `eligible` (the
    /// `failed` list of [`explain`](Self::explain)) without building reasons: the same
    /// interpreter with a sink that keeps only verdicts, in `scratch`.
    ///
    /// # Panics
    /// If `category` is not an index from [`category_index`](Self::category_index).
    pub fn outcome_with_failed(
        &self,
        category: usize,
        facts: &Facts,
        scratch: &mut Verdicts,
        failed: &mut Vec<&'p Criterion>,
    ) -> Outcome {
        scratch.0.clear();
        scratch
            .0
            .resize(self.categories[category].nodes.len(), Verdict::Unknown);
        let outcome = self.evaluate(category, facts, scratch);
        failed.clear();
        failed.extend(self.blocking(category, |node| scratch.0[node]));
        outcome
    }

    /// The category's own criteria whose verdict (after relaxations) is a failure or only
    /// waivable, given each node's verdict.
    pub(crate) fn blocking<'s>(
        &'s self,
        category: usize,
        verdict: impl Fn(usize) -> Verdict + 's,
    ) -> impl Iterator<Item = &'p Criterion> + 's {
        let compiled = &self.categories[category];
        compiled
            .roots
            .iter()
            .filter(move |&&root| matches!(verdict(root), Verdict::Fail | Verdict::Waivable))
            .map(move |&root| self.node_criterion(compiled, root))
    }

    /// The criterion a node stands for; a relaxed node stands for its base.
    pub(crate) fn node_criterion(&self, compiled: &CompiledCategory, node: usize) -> &'p Criterion {
        match &compiled.nodes[node] {
            Node::Leaf { criterion, .. } | Node::Group { criterion, .. } => {
                &self.program.criteria[*criterion]
            }
            Node::Relaxed { base, .. } => self.node_criterion(compiled, *base),
        }
    }

    /// The one evaluation: the root criteria are all required.
    pub(crate) fn evaluate<S: Sink>(
        &self,
        category: usize,
        facts: &Facts,
        sink: &mut S,
    ) -> Outcome {
        let compiled = &self.categories[category];
        let (verdict, _) = all_roots(0..compiled.roots.len(), S::EXHAUSTIVE, |position| {
            self.eval_child(compiled, compiled.roots[position], facts, sink)
        });
        conclude(compiled, verdict)
    }

    /// [`eval_node`](Self::eval_node), with a [`simple_test`] tested here: the interpreter's
    /// call and dispatch cost more than such a test.
    #[inline(always)]
    fn eval_child<S: Sink>(
        &self,
        category: &CompiledCategory,
        node: usize,
        facts: &Facts,
        sink: &mut S,
    ) -> Verdict {
        match simple_test(&category.nodes[node]) {
            Some((test, verdicts)) => {
                let (result, observed) = if S::OBSERVES {
                    self.eval_test(test, facts)
                } else {
                    (self.test_holds(test, facts), Observed::Nothing)
                };
                let verdict = leaf_verdict(result, verdicts);
                sink.node(node, verdict, observed);
                verdict
            }
            None => self.eval_node(category, node, facts, sink),
        }
    }

    pub(crate) fn eval_node<S: Sink>(
        &self,
        category: &CompiledCategory,
        node: usize,
        facts: &Facts,
        sink: &mut S,
    ) -> Verdict {
        let (verdict, observed) = match &category.nodes[node] {
            Node::Leaf {
                test,
                applies_if,
                holds,
                fails,
                ..
            } => self.eval_leaf(test.as_ref(), applies_if, [*fails, *holds], facts),
            Node::Group { any, children, .. } => {
                let mut verdict = Verdict::group_start(*any);
                for &child in children {
                    verdict = verdict.join(*any, self.eval_child(category, child, facts, sink));
                    let settled = if *any {
                        verdict.rank() == 4
                    } else {
                        verdict == Verdict::Fail
                    };
                    if !S::EXHAUSTIVE && settled {
                        break;
                    }
                }
                (verdict, Observed::Nothing)
            }
            Node::Relaxed {
                relaxation,
                when,
                base,
                alternative,
            } => {
                let mode = self.program.relaxations[*relaxation].mode;
                let base = self.eval_child(category, *base, facts, sink);
                if !S::EXHAUSTIVE && mode == RelaxationMode::AddAlternative && base.rank() == 4 {
                    return base;
                }
                let (condition, observed) = self.eval_test(when, facts);
                let alternative = self.eval_child(category, *alternative, facts, sink);
                let condition_verdict = Verdict::from_tri(condition);
                // Three-valued logic, so an unknown condition can only make things unknown.
                let verdict = match mode {
                    RelaxationMode::AddAlternative => {
                        base.best(condition_verdict.worst(alternative))
                    }
                    RelaxationMode::Replace => {
                        let not_condition = Verdict::from_tri(condition.map(|c| !c));
                        not_condition
                            .worst(base)
                            .best(condition_verdict.worst(alternative))
                    }
                };
                sink.condition(node, condition_verdict, observed);
                (verdict, Observed::Nothing)
            }
        };
        sink.node(node, verdict, observed);
        verdict
    }

    /// `verdicts` are the leaf's verdicts when its test fails and when it holds.
    fn eval_leaf(
        &self,
        test: Option<&Test>,
        applies_if: &[Test],
        verdicts: [Verdict; 2],
        facts: &Facts,
    ) -> (Verdict, Observed) {
        for condition in applies_if {
            match self.eval_test(condition, facts) {
                (Some(true), _) => {}
                (Some(false), _) => return (Verdict::NotApplicable, Observed::Nothing),
                (None, observed) => return (Verdict::Unknown, observed),
            }
        }
        let Some(test) = test else {
            return (Verdict::Judgement, Observed::Nothing);
        };
        let (result, observed) = self.eval_test(test, facts);
        (leaf_verdict(result, verdicts), observed)
    }

    /// Tests one fact: `None` when the fact (or a parameter) is missing; with what it saw, for
    /// the explanation.
    pub(crate) fn eval_test(&self, test: &Test, facts: &Facts) -> (Option<bool>, Observed) {
        self.test_with::<WithObserved>(test, facts)
    }

    /// [`eval_test`](Self::eval_test)'s result alone, for the fast path: one byte returned in a
    /// register, where the pair goes through memory.
    fn test_holds(&self, test: &Test, facts: &Facts) -> Option<bool> {
        self.test_with::<ResultOnly>(test, facts)
    }

    #[inline(always)]
    fn test_with<R: Report>(&self, test: &Test, facts: &Facts) -> R::Out {
        let on = self.reference;
        macro_rules! known {
            ($value:expr, $fact:expr) => {
                match $value {
                    Some(v) => v,
                    None => return R::report(None, Observed::MissingFact($fact)),
                }
            };
        }
        match test {
            Test::Missing { parameter } => R::report(None, Observed::MissingParameter(*parameter)),
            Test::Quantity { fact, cmp, bound } => {
                let v = known!(facts.quantity(*fact, on), *fact);
                R::report(Some(cmp.holds(v, *bound)), Observed::Quantity(v))
            }
            Test::Income {
                cmp,
                multiple,
                average_wage,
            } => {
                let ratio = match (facts.person.income_ratio, facts.person.insured_wage) {
                    (Some(ratio), _) => ratio,
                    (None, Some(wage)) => match average_wage {
                        Some(Ok(average)) if average.fen() > 0 => {
                            // Exact: wage / average in ten-thousandths, rounded down, so a wage
                            // just short of the multiple never rounds up into passing.
                            let scaled = i128::from(wage.fen())
                                * i128::from(Quantity::from_int(1).raw())
                                / i128::from(average.fen());
                            Quantity::from_raw(i64::try_from(scaled).unwrap_or(i64::MAX))
                        }
                        Some(Err(parameter)) => {
                            return R::report(None, Observed::MissingParameter(*parameter));
                        }
                        Some(Ok(_)) | None => {
                            return R::report(None, Observed::MissingFact(FactId::IncomeRatio));
                        }
                    },
                    (None, None) => {
                        return R::report(None, Observed::MissingFact(FactId::IncomeRatio));
                    }
                };
                R::report(Some(cmp.holds(ratio, *multiple)), Observed::Quantity(ratio))
            }
            Test::Money { fact, cmp, bound } => {
                let v = known!(facts.money(*fact), *fact);
                R::report(Some(cmp.holds(v, *bound)), Observed::Money(v))
            }
            Test::Level { fact, cmp, bound } => {
                let v = known!(facts.level(*fact), *fact);
                R::report(Some(cmp.holds(v, *bound)), Observed::Level(v))
            }
            Test::Is { fact, expect } => {
                let v = known!(facts.boolean(*fact, on), *fact);
                R::report(Some(v == *expect), Observed::Bool(v))
            }
            Test::Member { fact, mask, negate } => {
                let v = known!(facts.mask(*fact), *fact);
                R::report(Some((v & mask != 0) != *negate), Observed::Mask(v))
            }
            Test::AnyOf { fact, mask } => {
                let v = known!(facts.mask(*fact), *fact);
                R::report(Some(v & mask != 0), Observed::Mask(v & mask))
            }
            Test::Honours { mask, from } => {
                let v = known!(facts.honour_mask(*from, on), FactId::Honours);
                R::report(Some(v & mask != 0), Observed::Mask(v & mask))
            }
            Test::Within { fact, ancestor } => {
                let d = known!(facts.district(*fact), *fact);
                let within = d.is_within(*ancestor);
                R::report(Some(within), Observed::Bool(within))
            }
            Test::Remote { fact, expect } => {
                let d = known!(facts.district(*fact), *fact);
                R::report(
                    Some(d.is_remote() == *expect),
                    Observed::Bool(d.is_remote()),
                )
            }
            Test::SameYear { fact, year } => {
                let y = known!(facts.year_of(*fact), *fact);
                R::report(Some(y == *year), Observed::Year(y))
            }
        }
    }

    // ───────────────────────────── compiling ─────────────────────────────

    fn compile_category(&self, index: usize) -> CompiledCategory {
        let category = &self.program.categories[index];
        let mut nodes = Vec::new();
        let roots = category
            .criteria
            .iter()
            .map(|&c| self.compile_criterion(c, &mut nodes))
            .collect();
        let benefit_parameters_missing = category.benefits.iter().any(|&b| {
            self.benefit_parameters(b)
                .iter()
                .any(|&p| self.values[p].is_none())
        });
        CompiledCategory {
            nodes,
            roots,
            // Filled in by `compile`, which sees every category.
            fixed: Verdict::Pass,
            varying: Vec::new(),
            benefit_parameters_missing,
        }
    }

    /// The parameters a benefit's amount and schedule need.
    pub(crate) fn benefit_parameters(&self, benefit: usize) -> Vec<usize> {
        use crate::model::{AmountDef, ScheduleDef};
        let def = &self.program.benefits[benefit];
        let mut parameters = Vec::new();
        match &def.amount {
            Some(AmountDef::Parameter(p)) => parameters.push(*p),
            Some(AmountDef::PerMember(levels)) => parameters.extend(levels.iter().map(|(_, p)| *p)),
            Some(AmountDef::PercentOfFact { percent, .. }) => parameters.push(*percent),
            None => {}
        }
        if let ScheduleDef::Yearly {
            years,
            start,
            payable_until,
        } = &def.schedule
        {
            parameters.extend([*years, *start]);
            parameters.extend(*payable_until);
        }
        parameters.extend(def.uplifts.iter().map(|u| u.percent));
        parameters
    }

    /// Compiles one criterion (with the relaxations that apply to it) and returns its node.
    fn compile_criterion(&self, criterion: usize, nodes: &mut Vec<Node>) -> usize {
        let mut node = self.compile_plain(criterion, nodes);
        for (r, relaxation) in self.program.relaxations.iter().enumerate() {
            if relaxation.relaxes.contains(&criterion) {
                let alternative = self.compile_criterion(relaxation.with, nodes);
                nodes.push(Node::Relaxed {
                    relaxation: r,
                    when: self.bind(&relaxation.when),
                    base: node,
                    alternative,
                });
                node = nodes.len() - 1;
            }
        }
        node
    }

    fn compile_plain(&self, criterion: usize, nodes: &mut Vec<Node>) -> usize {
        let def = &self.program.criteria[criterion];
        let node = match def.kind {
            CriterionKind::OneOf | CriterionKind::AllOf => Node::Group {
                criterion,
                any: def.kind == CriterionKind::OneOf,
                children: def
                    .members
                    .iter()
                    .map(|&m| self.compile_criterion(m, nodes))
                    .collect(),
            },
            _ => {
                // An exclusion's test describes what excludes, so its holding is the failure;
                // any other criterion's test is what it requires.
                let (holds, fails) = match (def.kind, def.effect) {
                    (CriterionKind::Exclusion, ExclusionEffect::Ineligible) => {
                        (Verdict::Fail, Verdict::Pass)
                    }
                    (CriterionKind::Exclusion, ExclusionEffect::Review) => {
                        (Verdict::Judgement, Verdict::Pass)
                    }
                    (CriterionKind::Soft, _) => (Verdict::Pass, Verdict::Waivable),
                    _ => (Verdict::Pass, Verdict::Fail),
                };
                Node::Leaf {
                    criterion,
                    test: def.test.as_ref().map(|t| self.bind(t)),
                    applies_if: def.applies_if.iter().map(|t| self.bind(t)).collect(),
                    holds,
                    fails,
                }
            }
        };
        nodes.push(node);
        nodes.len() - 1
    }

    /// Binds a test to its parameter values; the load step guaranteed units and kinds match, so a
    /// mismatch here can only be a missing value.
    pub(crate) fn bind(&self, def: &TestDef) -> Test {
        let fact = def.fact;
        let value = |p: usize| self.values[p].as_ref();
        match &def.op {
            TestOp::Compare {
                term,
                parameter,
                average_wage,
            } => {
                let cmp = term.meaning;
                let missing = Test::Missing {
                    parameter: *parameter,
                };
                match (value(*parameter), fact) {
                    (Some(ParamValue::Quantity(bound)), FactId::IncomeRatio) => Test::Income {
                        cmp,
                        multiple: *bound,
                        average_wage: average_wage.map(|p| match value(p) {
                            Some(ParamValue::Money(m)) => Ok(*m),
                            _ => Err(p),
                        }),
                    },
                    (Some(ParamValue::Quantity(bound)), _) => Test::Quantity {
                        fact,
                        cmp,
                        bound: *bound,
                    },
                    (Some(ParamValue::Money(bound)), _) => Test::Money {
                        fact,
                        cmp,
                        bound: *bound,
                    },
                    (Some(ParamValue::Level(bound)), _) => Test::Level {
                        fact,
                        cmp,
                        bound: *bound,
                    },
                    _ => missing,
                }
            }
            TestOp::Is(expect) => Test::Is {
                fact,
                expect: *expect,
            },
            TestOp::OneOf { mask, .. } => Test::Member {
                fact,
                mask: *mask,
                negate: false,
            },
            TestOp::NoneOf { mask, .. } => Test::Member {
                fact,
                mask: *mask,
                negate: true,
            },
            TestOp::AnyOf {
                mask, awarded_from, ..
            } => match awarded_from {
                None if fact == FactId::Honours => Test::Honours {
                    mask: *mask,
                    from: None,
                },
                None => Test::AnyOf { fact, mask: *mask },
                Some(p) => match value(*p) {
                    Some(ParamValue::Date(from)) => Test::Honours {
                        mask: *mask,
                        from: Some(*from),
                    },
                    _ => Test::Missing { parameter: *p },
                },
            },
            TestOp::Within { parameter } => match value(*parameter) {
                Some(ParamValue::Division(code)) => Test::Within {
                    fact,
                    ancestor: jiangxin_domain::division::Divisions::builtin()
                        .current(code)
                        .map_or(0, |d| d.code().number()),
                },
                _ => Test::Missing {
                    parameter: *parameter,
                },
            },
            TestOp::Remote(expect) => Test::Remote {
                fact,
                expect: *expect,
            },
            TestOp::SameYearAsReference => Test::SameYear {
                fact,
                year: chrono::Datelike::year(&self.reference),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{CriterionMemo, Verdict};

    #[test]
    fn a_memo_recalls_a_verdict_for_the_same_facts_only_even_when_its_count_wraps() {
        let mut memo = CriterionMemo {
            known: vec![(0, Verdict::Unknown); 2],
            facts: 1,
        };
        assert_eq!(memo.recall(1, || Verdict::Fail), Verdict::Fail);
        assert_eq!(memo.recall(1, || Verdict::Pass), Verdict::Fail);
        memo.next_facts();
        assert_eq!(memo.recall(1, || Verdict::Pass), Verdict::Pass);
        // A verdict stored for the facts numbered 1, 2^32 - 1 rows before the count wraps back
        // to 1, is not taken for the facts then.
        memo.known[0] = (1, Verdict::Fail);
        memo.facts = u32::MAX;
        memo.next_facts();
        assert_eq!(memo.facts, 1);
        assert_eq!(memo.recall(0, || Verdict::Pass), Verdict::Pass);
    }

    #[test]
    fn verdicts_rank_in_declared_order_and_not_applicable_ranks_as_a_pass() {
        let ranks = [
            Verdict::Fail,
            Verdict::Unknown,
            Verdict::Waivable,
            Verdict::Judgement,
            Verdict::Pass,
            Verdict::NotApplicable,
        ]
        .map(Verdict::rank);
        assert_eq!(ranks, [0, 1, 2, 3, 4, 4]);
    }
}
