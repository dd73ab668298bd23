//! 匠心的政策层：项目文件（每个通知每年一个、逐条注明出处的 TOML 文件）的模型与加载、
//! 规则编译、带理由与出处的评估、待遇计算与“就高不重复”。
//!
//! The policy layer: the program-file model and loader, the rule compiler, evaluation with
//! reasons and citations, and benefits with 就高不重复. A program file is data: a new year's
//! notice is a new file, not new code.
//!
//! ```text
//! programs/*.toml ──load──▶ Program ──compile(as_of, overrides)──▶ CompiledProgram
//!                                                 │ outcome(category, facts)   fast, no allocation
//!                                                 └ explain(category, facts)   Decision with reasons
//! ```
//!
//! No I/O beyond reading program files, no web, no database.
#![forbid(unsafe_code)]

pub mod benefits;
pub mod compile;
pub mod error;
pub mod explain;
pub mod facts;
pub mod load;
pub mod model;
pub mod render;
pub mod ruletest;
pub mod stages;
pub mod terms;
pub mod value;

pub use benefits::{Combined, Entitlement, combine_highest};
pub use compile::{
    CompileOptions, CompiledProgram, CriterionMemo, Outcome, ParameterOverrides, RootOrder,
    Verdict, Verdicts,
};
pub use error::{EvalError, FactsError, LoadError, Problem};
pub use explain::{CriterionResult, Decision, check};
pub use facts::Facts;
pub use load::ProgramSet;
pub use model::Program;
pub use render::{render_combined, render_text};
