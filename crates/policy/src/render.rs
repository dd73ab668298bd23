//! The explanation as Chinese text, for the CLI and for printing on an application file.

use std::fmt::Write as _;

use crate::benefits::{Combined, Entitlement, Schedule};
use crate::compile::Verdict;
use crate::explain::Decision;

fn mark(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "［符合］",
        Verdict::Fail => "［不符合］",
        Verdict::Unknown => "［未知］",
        Verdict::Waivable => "［可放宽］",
        Verdict::Judgement => "［须评审］",
        Verdict::NotApplicable => "［不适用］",
    }
}

/// The decision as text: program, category, reference date, outcome, every criterion with its
/// result, reason and citation, what would have to change, missing facts and parameters, and the
/// benefits with their schedules.
pub fn render_text(decision: &Decision) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_decision(&mut out, decision);
    out
}

fn write_decision(out: &mut String, d: &Decision) -> std::fmt::Result {
    writeln!(
        out,
        "项目：{}（{}，版本 {}，{}）",
        d.program_title, d.program_id, d.program_version, d.document
    )?;
    writeln!(out, "类别：{}（{}）", d.category_name, d.category)?;
    let fixed = if d.reference_fixed {
        "，文件规定，不随 --as-of 变动"
    } else {
        ""
    };
    writeln!(out, "基准日：{}{fixed}", d.as_of)?;
    writeln!(out, "结论：{}", d.outcome.name_zh())?;
    writeln!(out)?;
    writeln!(out, "条件：")?;
    for c in &d.criteria {
        let indent = "  ".repeat(usize::from(c.depth) + 1);
        writeln!(
            out,
            "{indent}{} {}：{}〔{}〕",
            mark(c.result),
            c.label,
            c.reason_zh,
            c.citation
        )?;
    }
    if !d.changes_needed.is_empty() {
        writeln!(out)?;
        writeln!(out, "需要改变：")?;
        for change in &d.changes_needed {
            writeln!(out, "  - {change}")?;
        }
    }
    if !d.missing_facts.is_empty() {
        writeln!(out)?;
        writeln!(out, "缺少的事实：{}", d.missing_facts.join("；"))?;
    }
    if !d.missing_parameters.is_empty() {
        writeln!(out)?;
        writeln!(out, "缺少的参数（用 --set 参数=取值 设定）：")?;
        for p in &d.missing_parameters {
            writeln!(
                out,
                "  - missing parameter {}（{}；来源：{}）",
                p.id, p.citation, p.source
            )?;
        }
    }
    if !d.overridden_parameters.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "经办人员设定的参数：{}",
            d.overridden_parameters.join("；")
        )?;
    }
    if !d.benefits.is_empty() {
        writeln!(out)?;
        writeln!(out, "待遇（如入选）：")?;
        for e in &d.benefits {
            write_entitlement(out, e)?;
        }
    }
    Ok(())
}

fn write_entitlement(out: &mut String, e: &Entitlement) -> std::fmt::Result {
    if !e.monetary {
        writeln!(
            out,
            "  - {}（{}）〔{}〕",
            e.name,
            e.payee.name_zh(),
            e.citation
        )?;
        return Ok(());
    }
    let amount = e
        .amount
        .map_or_else(|| "金额待定".to_owned(), |a| a.to_string());
    let schedule = match e.schedule {
        Schedule::Once => "一次性".to_owned(),
        Schedule::Annual => "每年".to_owned(),
        Schedule::Yearly { years } => format!("每年一次，共 {years} 年"),
    };
    writeln!(
        out,
        "  - {}：{amount}，{schedule}，{}，发给{}〔{}〕",
        e.name,
        e.tax.name_zh(),
        e.payee.name_zh(),
        e.citation
    )?;
    for uplift in &e.uplifts {
        writeln!(out, "      上浮 {}%〔{}〕", uplift.percent, uplift.citation)?;
    }
    for p in &e.payments {
        let due = p
            .due
            .map_or_else(|| "日期待定".to_owned(), |d| d.to_string());
        writeln!(out, "      第 {} 笔：{due}，{}", p.number, p.amount)?;
    }
    for dropped in &e.dropped {
        writeln!(
            out,
            "      不予发放：{}〔{}〕",
            dropped.reason_zh, dropped.citation
        )?;
    }
    if let Some(total) = e.total {
        writeln!(out, "      合计：{total}")?;
    }
    if let Some(to) = &e.paid_to {
        writeln!(out, "      发放至：{to}")?;
    }
    for note in &e.notes {
        writeln!(out, "      {note}")?;
    }
    Ok(())
}

/// The result of 就高不重复 as text.
pub fn render_combined(combined: &Combined) -> String {
    let mut out = String::new();
    let _ = write_combined(&mut out, combined);
    out
}

fn write_combined(out: &mut String, c: &Combined) -> std::fmt::Result {
    writeln!(out, "享受的待遇：")?;
    for e in &c.kept {
        write_entitlement(out, e)?;
    }
    if !c.excluded.is_empty() {
        writeln!(out, "按“就高不重复”不再享受：")?;
        for x in &c.excluded {
            writeln!(
                out,
                "  - {}/{}/{}：{}〔{}〕",
                x.entitlement.program_id,
                x.entitlement.category,
                x.entitlement.id,
                x.reason_zh,
                x.citation
            )?;
        }
    }
    for note in &c.notes {
        writeln!(out, "注：{note}")?;
    }
    Ok(())
}
