//! Entitlements: what a category pays or grants, with amount, tax, schedule, uplifts and the
//! payments a validity end date cuts off; and 就高不重复 across programs.

use chrono::NaiveDate;
use jiangxin_calendar::age::add_months_civil;
use jiangxin_domain::money::Money;
use serde::{Deserialize, Serialize};

use crate::compile::{CompiledProgram, Observed};
use crate::explain::describe_missing;
use crate::facts::Facts;
use crate::model::{AfterAward, AmountDef, Cited, Payee, ScheduleDef, Tax};
use crate::value::ParamValue;

/// How often an entitlement is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Schedule {
    Once,
    /// Every (school) year while the conditions hold.
    Annual,
    Yearly {
        years: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// 1 for the first payment.
    pub number: u32,
    pub due: Option<NaiveDate>,
    pub amount: Money,
}

/// A payment the notice's payment validity does not cover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DroppedPayment {
    pub payment: Payment,
    pub reason_zh: String,
    pub citation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedUplift {
    pub percent: i64,
    pub citation: String,
    pub text: String,
}

/// One benefit for one person (or unit) in one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entitlement {
    pub program_id: String,
    pub program_version: String,
    pub category: String,
    pub id: String,
    pub name: String,
    pub payee: Payee,
    pub tax: Tax,
    /// False for titles, priorities, settlement and other non-monetary benefits.
    pub monetary: bool,
    /// One payment before uplifts.
    pub base_amount: Option<Money>,
    /// One payment after uplifts.
    pub amount: Option<Money>,
    pub uplifts: Vec<AppliedUplift>,
    pub schedule: Schedule,
    pub payments: Vec<Payment>,
    pub dropped: Vec<DroppedPayment>,
    /// The sum of the payments kept (for `annual`, one year's amount); `None` when a parameter
    /// or fact it needs is missing.
    pub total: Option<Money>,
    pub same_benefit: Option<String>,
    pub same_benefit_rule: Option<Cited>,
    pub paid_to: Option<String>,
    pub after_award: Vec<AfterAward>,
    /// Breakdowns and what is missing, in Chinese.
    pub notes: Vec<String>,
    pub citation: String,
}

impl CompiledProgram<'_> {
    /// The entitlements of a category for these facts (the category's benefits whose conditions
    /// are not known to fail).
    pub(crate) fn entitlements(&self, category: usize, facts: &Facts) -> Vec<Entitlement> {
        let def = &self.program.categories[category];
        def.benefits
            .iter()
            .filter_map(|&b| self.entitlement(category, b, facts))
            .collect()
    }

    fn money(&self, parameter: usize) -> Result<Money, String> {
        match &self.values[parameter] {
            Some(ParamValue::Money(m)) => Ok(*m),
            _ => Err(describe_missing(
                self,
                Observed::MissingParameter(parameter),
            )),
        }
    }

    fn whole(&self, parameter: usize) -> Result<i64, String> {
        match &self.values[parameter] {
            Some(ParamValue::Quantity(q)) => q
                .as_int()
                .ok_or_else(|| format!("参数 {} 须为整数", self.program.parameters[parameter].id)),
            _ => Err(describe_missing(
                self,
                Observed::MissingParameter(parameter),
            )),
        }
    }

    fn date(&self, parameter: usize) -> Result<NaiveDate, String> {
        match &self.values[parameter] {
            Some(ParamValue::Date(d)) => Ok(*d),
            _ => Err(describe_missing(
                self,
                Observed::MissingParameter(parameter),
            )),
        }
    }

    fn entitlement(&self, category: usize, benefit: usize, facts: &Facts) -> Option<Entitlement> {
        let def = &self.program.benefits[benefit];
        let mut notes = Vec::new();
        for condition in &def.applies_if {
            match self.eval_test(&self.bind(condition), facts) {
                (Some(true), _) => {}
                (Some(false), _) => return None,
                (None, observed) => notes.push(format!(
                    "是否适用待定：{}",
                    describe_missing(self, observed)
                )),
            }
        }
        let base_amount = def.amount.as_ref().and_then(|amount| {
            self.base_amount(amount, facts)
                .map_err(|note| notes.push(note))
                .ok()
        });
        let mut amount = base_amount;
        let mut uplifts = Vec::new();
        for uplift in &def.uplifts {
            match self.eval_test(&self.bind(&uplift.when), facts) {
                (Some(true), _) => match self.whole(uplift.percent) {
                    Ok(percent) => {
                        amount = amount.map(|a| a.apply_percent(percent));
                        uplifts.push(AppliedUplift {
                            percent,
                            citation: uplift.cited.citation.clone(),
                            text: uplift.cited.text.clone(),
                        });
                    }
                    Err(note) => {
                        amount = None;
                        notes.push(note);
                    }
                },
                (Some(false), _) => {}
                (None, observed) => notes.push(format!(
                    "是否上浮待定：{}",
                    describe_missing(self, observed)
                )),
            }
        }
        if let Some(AmountDef::PerMember(_)) = &def.amount {
            notes.extend(self.member_breakdown(def.amount.as_ref(), facts));
        }
        let (schedule, payments, dropped) = self.schedule(&def.schedule, amount, &mut notes);
        let total = match def.schedule {
            ScheduleDef::Yearly { .. } if payments.is_empty() && dropped.is_empty() => None,
            ScheduleDef::Yearly { .. } => payments
                .iter()
                .try_fold(Money::ZERO, |sum, p| sum.checked_add(p.amount)),
            _ => amount,
        };
        Some(Entitlement {
            program_id: self.program.meta.id.clone(),
            program_version: self.program.meta.version.clone(),
            category: self.program.categories[category].id.clone(),
            id: def.id.clone(),
            name: def.name.clone(),
            payee: def.payee,
            tax: def.tax,
            monetary: def.amount.is_some(),
            base_amount,
            amount,
            uplifts,
            schedule,
            payments,
            dropped,
            total: if def.amount.is_some() { total } else { None },
            same_benefit: def.same_benefit.clone(),
            same_benefit_rule: def
                .same_benefit
                .as_ref()
                .and(self.program.same_benefit_rule.clone()),
            paid_to: def.paid_to.clone(),
            after_award: def.after_award.clone(),
            notes,
            citation: def.cited.citation.clone(),
        })
    }

    fn base_amount(&self, amount: &AmountDef, facts: &Facts) -> Result<Money, String> {
        match amount {
            AmountDef::Parameter(p) => self.money(*p),
            AmountDef::PerMember(levels) => {
                let team = facts.team.as_ref().ok_or_else(|| {
                    "金额待定：缺少事实 team（工作室团队成员取得等级情况）".to_owned()
                })?;
                levels.iter().try_fold(Money::ZERO, |sum, (level, p)| {
                    let each = self.money(*p)?;
                    let part = each
                        .checked_mul(i64::from(team.count_at(*level)))
                        .ok_or("金额超出范围")?;
                    sum.checked_add(part)
                        .ok_or_else(|| "金额超出范围".to_owned())
                })
            }
            AmountDef::PercentOfFact { fact, percent } => {
                let base = facts.money(*fact).ok_or_else(|| {
                    format!(
                        "金额待定：{}",
                        describe_missing(self, Observed::MissingFact(*fact))
                    )
                })?;
                Ok(base.apply_percent(self.whole(*percent)? - 100))
            }
        }
    }

    fn member_breakdown(&self, amount: Option<&AmountDef>, facts: &Facts) -> Vec<String> {
        let (Some(AmountDef::PerMember(levels)), Some(team)) = (amount, &facts.team) else {
            return Vec::new();
        };
        levels
            .iter()
            .filter_map(|(level, p)| {
                let each = self.money(*p).ok()?;
                Some(format!(
                    "{} {} 人 × {}",
                    level.name_zh(),
                    team.count_at(*level),
                    each
                ))
            })
            .collect()
    }

    fn schedule(
        &self,
        def: &ScheduleDef,
        amount: Option<Money>,
        notes: &mut Vec<String>,
    ) -> (Schedule, Vec<Payment>, Vec<DroppedPayment>) {
        match def {
            ScheduleDef::Once => (Schedule::Once, Vec::new(), Vec::new()),
            ScheduleDef::Annual => (Schedule::Annual, Vec::new(), Vec::new()),
            ScheduleDef::Yearly {
                years,
                start,
                payable_until,
            } => {
                let count = self.whole(*years).map_err(|n| notes.push(n)).ok();
                let count = count.and_then(|c| u32::try_from(c).ok()).unwrap_or(0);
                let schedule = Schedule::Yearly { years: count };
                let (Some(amount), Ok(start)) =
                    (amount, self.date(*start).map_err(|n| notes.push(n)))
                else {
                    return (schedule, Vec::new(), Vec::new());
                };
                let until = payable_until.map(|p| (p, self.date(p)));
                let mut payments = Vec::new();
                let mut dropped = Vec::new();
                for number in 1..=count {
                    let due = add_months_civil(start, (number - 1) * 12).ok();
                    let payment = Payment {
                        number,
                        due,
                        amount,
                    };
                    match (&until, due) {
                        (Some((p, Ok(last))), Some(due)) if due > *last => {
                            dropped.push(DroppedPayment {
                                payment,
                                reason_zh: format!(
                                    "第 {number} 笔应于 {due} 发放，晚于发放有效期 {last}，不予发放"
                                ),
                                citation: self.program.parameters[*p].cited.citation.clone(),
                            });
                        }
                        _ => payments.push(payment),
                    }
                }
                (schedule, payments, dropped)
            }
        }
    }
}

/// An entitlement set aside by 就高不重复.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcludedEntitlement {
    pub entitlement: Entitlement,
    /// `program/category/benefit` of the one kept instead.
    pub kept: String,
    pub reason_zh: String,
    pub citation: String,
}

/// The result of [`combine_highest`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Combined {
    pub kept: Vec<Entitlement>,
    pub excluded: Vec<ExcludedEntitlement>,
    /// Groups that could not be decided because an amount is missing.
    pub notes: Vec<String>,
}

fn key(e: &Entitlement) -> String {
    format!("{}/{}/{}", e.program_id, e.category, e.id)
}

/// 就高不重复: of the entitlements that share a `same_benefit` key, keep the one with the highest
/// total and report the others as excluded with the rule's citation. Entitlements without a key
/// are all kept. A group with a missing amount cannot be ranked and is kept whole, with a note.
pub fn combine_highest(entitlements: impl IntoIterator<Item = Entitlement>) -> Combined {
    let mut combined = Combined::default();
    let mut groups: Vec<(String, Vec<Entitlement>)> = Vec::new();
    for e in entitlements {
        match e.same_benefit.clone() {
            None => combined.kept.push(e),
            Some(group) => match groups.iter_mut().find(|(g, _)| *g == group) {
                Some((_, members)) => members.push(e),
                None => groups.push((group, vec![e])),
            },
        }
    }
    for (group, members) in groups {
        if members.iter().any(|m| m.total.is_none()) {
            if members.len() > 1 {
                combined.notes.push(format!(
                    "“{group}”组内有金额待定的待遇，无法按“就高不重复”比较，均保留待审核"
                ));
            }
            combined.kept.extend(members);
            continue;
        }
        // The first of the highest wins a tie, so the order of the input decides, not chance.
        let best = members.iter().enumerate().fold(0, |best, (i, m)| {
            if m.total > members[best].total {
                i
            } else {
                best
            }
        });
        let kept_key = key(&members[best]);
        let kept_total = members[best].total.unwrap_or(Money::ZERO);
        for (i, member) in members.into_iter().enumerate() {
            if i == best {
                combined.kept.push(member);
                continue;
            }
            let rule = member.same_benefit_rule.clone();
            combined.excluded.push(ExcludedEntitlement {
                reason_zh: format!(
                    "与 {kept_key}（{kept_total}）属同一待遇，按“就高不重复”只享受较高的一项，本项（{}）不再享受",
                    member.total.unwrap_or(Money::ZERO)
                ),
                citation: rule.map(|r| r.citation).unwrap_or_default(),
                kept: kept_key.clone(),
                entitlement: member,
            });
        }
    }
    combined
}
