use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use jiangxin_calendar::holidays::{DayKind, WorkCalendar};
use jiangxin_calendar::period::{NoticeWindow, PeriodError, working_days_between};
use serde::Serialize;

use super::{date_arg, weekday_zh};
use crate::cli::WorkdaysCommand;
use crate::error::CliError;
use crate::output::emit;

/// The built-in years, replaced year by year by `DATA_DIR/holiday-cn/YYYY.json` when present,
/// so that a bureau can add next year's State Council notice without a new binary.
pub(crate) fn calendar(data_dir: &Path) -> Result<WorkCalendar, CliError> {
    let overrides = data_dir.join("holiday-cn");
    if overrides.is_dir() {
        WorkCalendar::builtin_with_overrides(&overrides)
    } else {
        WorkCalendar::builtin()
    }
    .map_err(CliError::calendar)
}

#[derive(Serialize)]
struct AddReport {
    from: NaiveDate,
    days: u32,
    counting: &'static str,
    first_day: NaiveDate,
    last_day: NaiveDate,
    ends_at: NaiveDateTime,
}

#[derive(Serialize)]
struct BetweenReport {
    from: NaiveDate,
    to: NaiveDate,
    working_days: u32,
}

#[derive(Serialize)]
struct DayReport {
    date: NaiveDate,
    working_day: bool,
    kind: &'static str,
    name: Option<String>,
}

pub fn run(json: bool, data_dir: &Path, cmd: WorkdaysCommand) -> Result<(), CliError> {
    let cal = calendar(data_dir)?;
    match cmd {
        WorkdaysCommand::Add { date, n, calendar } => {
            let from = date_arg("<date>", &date)?;
            let days: u32 = n.trim().parse().map_err(|_| {
                CliError::invalid(
                    "<n>",
                    format!("“{n}”不是非负整数（not a non-negative whole number）"),
                )
            })?;
            let window = if calendar {
                NoticeWindow::calendar_days(&cal, from, days)
            } else {
                NoticeWindow::working_days(&cal, from, days)
            }
            .map_err(|e| match e {
                PeriodError::Empty => CliError::invalid("<n>", e),
                other => CliError::calendar(other),
            })?;
            let report = AddReport {
                from,
                days,
                counting: if calendar {
                    "calendar_days"
                } else {
                    "working_days"
                },
                first_day: window.first_day(),
                last_day: window.last_day(),
                ends_at: window.ends_at(),
            };
            emit(json, &report, |r| {
                let unit = if calendar {
                    "日（自然日，末日遇法定休假日顺延）"
                } else {
                    "个工作日"
                };
                format!(
                    "{} 发布，期间 {} {unit}：自 {} 起算，至 {}（{}）24:00 届满",
                    r.from,
                    r.days,
                    r.first_day,
                    r.last_day,
                    weekday_zh(r.last_day)
                )
            })
        }
        WorkdaysCommand::Between { from, to } => {
            let from = date_arg("<from>", &from)?;
            let to = date_arg("<to>", &to)?;
            let working_days = working_days_between(&cal, from, to).map_err(CliError::calendar)?;
            let report = BetweenReport {
                from,
                to,
                working_days,
            };
            emit(json, &report, |r| {
                format!(
                    "{} 之后至 {}（含）共有 {} 个工作日",
                    r.from, r.to, r.working_days
                )
            })
        }
        WorkdaysCommand::Day { date } => {
            let date = date_arg("<date>", &date)?;
            let kind = cal.day_kind(date).map_err(CliError::calendar)?;
            let report = match &kind {
                DayKind::Workday => DayReport {
                    date,
                    working_day: true,
                    kind: "workday",
                    name: None,
                },
                DayKind::Weekend => DayReport {
                    date,
                    working_day: false,
                    kind: "weekend",
                    name: None,
                },
                DayKind::Holiday { name } => DayReport {
                    date,
                    working_day: false,
                    kind: "holiday",
                    name: Some(name.clone()),
                },
                DayKind::MakeupWorkday { name } => DayReport {
                    date,
                    working_day: true,
                    kind: "makeup_workday",
                    name: Some(name.clone()),
                },
            };
            emit(json, &report, |r| {
                let what = match (r.kind, &r.name) {
                    ("holiday", Some(name)) => format!("法定节假日（{name}）"),
                    ("makeup_workday", Some(name)) => format!("调休上班日（{name}）"),
                    ("weekend", _) => "周末休息日".to_owned(),
                    _ => "工作日".to_owned(),
                };
                format!("{}（{}）：{what}", r.date, weekday_zh(r.date))
            })
        }
    }
}
