//! The counts a screen ends with: per column and outcome, invalid rows, speed.

use std::fmt::Write as _;

use serde::Serialize;

use crate::plan::{Plan, ProgramDate};
use crate::row::{Cell, Counts};

/// One output column's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnSummary {
    pub column: String,
    pub eligible: u64,
    pub review: u64,
    pub ineligible: u64,
    pub invalid: u64,
    /// With a baseline: the rows whose outcome the overrides change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub rows: u64,
    pub invalid_rows: u64,
    pub seconds: f64,
    pub rows_per_second: f64,
    /// The date each program was evaluated on.
    pub dates: Vec<ProgramDate>,
    pub columns: Vec<ColumnSummary>,
}

impl Summary {
    pub(crate) fn new(plan: &Plan<'_>, counts: &Counts, seconds: f64) -> Summary {
        let columns = plan
            .targets()
            .iter()
            .zip(&counts.cells)
            .zip(&counts.changed)
            .map(|((target, cells), changed)| ColumnSummary {
                column: target.name.clone(),
                eligible: cells[Cell::Eligible as usize],
                review: cells[Cell::Review as usize],
                ineligible: cells[Cell::Ineligible as usize],
                invalid: cells[Cell::Invalid as usize],
                changed: plan.has_baseline().then_some(*changed),
            })
            .collect();
        Summary {
            rows: counts.rows,
            invalid_rows: counts.invalid,
            seconds,
            rows_per_second: if seconds > 0.0 {
                counts.rows as f64 / seconds
            } else {
                0.0
            },
            dates: plan.dates(),
            columns,
        }
    }

    /// The summary in Chinese, as printed at the end of `jiangxin screen`.
    pub fn render_zh(&self) -> String {
        let mut text = format!(
            "名册筛查完成：共 {} 行，其中无效 {} 行；用时 {:.2} 秒，每秒 {:.0} 行。\n评估日：",
            self.rows, self.invalid_rows, self.seconds, self.rows_per_second
        );
        let dates: Vec<String> = self
            .dates
            .iter()
            .map(|d| format!("{} {}", d.program, d.as_of))
            .collect();
        text.push_str(&dates.join("；"));
        let changes = self.columns.iter().any(|c| c.changed.is_some());
        text.push_str("\n列\t符合\t需人工审核\t不符合\t无效");
        if changes {
            text.push_str("\t结果变化");
        }
        for c in &self.columns {
            // Writing to a String cannot fail.
            let _ = write!(
                text,
                "\n{}\t{}\t{}\t{}\t{}",
                c.column, c.eligible, c.review, c.ineligible, c.invalid
            );
            if let Some(changed) = c.changed {
                let _ = write!(text, "\t{changed}");
            }
        }
        text
    }
}
