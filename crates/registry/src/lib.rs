//! 名册批量筛查：把技能人才名册（CSV 或 xlsx）逐行按全部项目文件评估，结果按输入顺序写出。
//!
//! Batch screening of a talent registry against the program files. The input streams through a
//! bounded pipeline on every core (reader → workers → writer in input order), so a CSV of any size
//! is screened in bounded memory; every cell is validated by its domain type through
//! `jiangxin_policy`'s one reader of fact text, and every program is compiled once per screen.
//!
//! # The registry
//!
//! A header row, then one row per person; UTF-8 (a BOM is tolerated); lists separated by `;`.
//! Headers may be English or Chinese; unknown columns are ignored; every column but `name` is
//! required.
//!
//! | English | 中文 | value |
//! |---|---|---|
//! | `id_number` | 身份证号码 | 18 digits (or 15), check character verified; required in every row |
//! | `name` | 姓名 | free text (optional column) |
//! | `skill_level` | 技能等级 | 1–5 or the Chinese name (技师, 二级, …) |
//! | `enterprise_ranks` | 企业认定等级 | 特级技师;首席技师;技能专家;工匠技师 |
//! | `social_security_district` | 社保缴纳地 | 6-digit division code |
//! | `unit_type` | 单位类型 | 企业, 高职院校, 国家级示范中职, … |
//! | `unit_key_industry` | 单位属重点产业 | 1/0 (是/否) |
//! | `unit_tax_last_year` | 单位上年纳税额 | yuan |
//! | `frontline` | 一线岗位 | 1/0 (是/否) |
//! | `contract_years` | 合同年限 | years |
//! | `key_post_years` | 关键岗位年限 | years |
//! | `city_social_security_months` | 在连社保缴费月数 | months |
//! | `district_continuous_months` | 本区连续工作月数 | months |
//! | `income_ratio` | 收入倍数 | insured wage / last year's city average |
//! | `introduction` | 引进方式 | 培育, 全职引进, 柔性引进, 项目引进 or empty |
//! | `months_in_city_per_year` | 每年在连工作月数 | months |
//! | `honours` | 荣誉 | `TYPE@YYYY-MM-DD;…` |
//! | `flags` | 标记 | 刑事犯罪;失信被执行人;… |
//!
//! An empty list cell means none; any other empty cell is an unknown fact (at best `review`).
//! A malformed row never stops a screen: it is `invalid`, with the column as the header wrote it
//! and the reason from the domain type, and counted.
//!
//! # Output
//!
//! Wide (default): `row,id_number` and one column per program (`ID`) or program category
//! (`ID/category`), for the categories screened for persons. Long: one line per row and column,
//! `row,id_number,program,outcome,failed,citations` (for an invalid row, `failed` holds the column
//! and `citations` the reason). With a baseline plan: only the changed outcomes,
//! `row,id_number,column,before,after`. Rows are numbered 1, 2, … from the first data row; blank
//! lines are not rows.
#![forbid(unsafe_code)]

mod columns;
mod error;
mod pipeline;
mod plan;
mod records;
mod row;
mod summary;
mod xlsx;

pub use columns::{Column, Header};
pub use error::RegistryError;
pub use pipeline::{Outputs, Progress, ScreenOptions, screen, screen_path};
pub use plan::{Plan, PlanOptions, ProgramDate, Target};
pub use records::csv_records;
pub use row::{Layout, line as csv_line};
pub use summary::{ColumnSummary, Summary};
