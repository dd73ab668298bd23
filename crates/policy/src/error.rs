//! The errors of the policy layer, one enum per stage: loading a program file, reading facts,
//! and evaluating. Every message is Chinese first and English in brackets, because the same text
//! reaches a bureau officer who edits a program file and a developer who reads a log.

use std::path::PathBuf;

use thiserror::Error;

/// A program file that cannot be used. Names the file, the item (rule, parameter, stage …) and
/// what is wrong with it, so an officer editing the file can fix it without reading code.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error("无法读取项目文件 {path}：{source}（cannot read program file {path}: {source}）")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}：TOML 格式错误：{message}（{file}: malformed TOML: {message}）")]
    Syntax { file: String, message: String },
    #[error("{file}：{item}：{problem}")]
    Invalid {
        file: String,
        item: String,
        problem: Problem,
    },
    #[error(
        "项目编号 {id} 重复：{first} 与 {second}（program id {id} appears in both {first} and {second}）"
    )]
    DuplicateProgram {
        id: String,
        first: String,
        second: String,
    },
}

/// What is wrong with one item of a program file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Problem {
    #[error("未知的事实“{0}”（unknown fact \"{0}\"）")]
    UnknownFact(String),
    #[error("未知的参数“{0}”（unknown parameter \"{0}\"）")]
    UnknownParameter(String),
    #[error("未知的条件“{0}”（unknown criterion \"{0}\"）")]
    UnknownCriterion(String),
    #[error("未知的待遇“{0}”（unknown benefit \"{0}\"）")]
    UnknownBenefit(String),
    #[error("未知的类别“{0}”（unknown category \"{0}\"）")]
    UnknownCategory(String),
    #[error("编号重复（duplicate id）")]
    DuplicateId,
    #[error("缺少出处 citation（citation missing）")]
    MissingCitation,
    #[error("缺少原文 text（the notice's own text is missing）")]
    MissingText,
    #[error("缺少来源 source（source missing）")]
    MissingSource,
    #[error(
        "参数既没有取值，也没有标明由经办人员设定（set_by = \"officer\"）（parameter has no value and is not officer-set）"
    )]
    ParameterWithoutValue,
    #[error(
        "参数取值“{value}”不符合单位 {unit}：{message}（value \"{value}\" does not fit unit {unit}: {message}）"
    )]
    BadParameterValue {
        value: String,
        unit: String,
        message: String,
    },
    #[error(
        "参数取值的起始日期须严格递增（parameter values must have strictly increasing `from` dates）"
    )]
    UnorderedValues,
    #[error(
        "参数单位为 {found}，此处需要 {expected}（parameter unit is {found}, {expected} is needed here）"
    )]
    WrongParameterUnit { expected: String, found: String },
    #[error(
        "事实“{fact}”不能这样比较：{message}（fact \"{fact}\" cannot be tested this way: {message}）"
    )]
    WrongTest { fact: String, message: String },
    #[error("未知的界限用语“{0}”（unknown bound word \"{0}\"）")]
    UnknownBoundWord(String),
    #[error("未知的取值“{value}”：{message}（unknown value \"{value}\": {message}）")]
    UnknownValue { value: String, message: String },
    #[error("{0}")]
    Structure(String),
    #[error("未知的角色“{0}”（unknown role \"{0}\"）")]
    UnknownRole(String),
    #[error("条件引用自身，形成循环（criterion refers to itself through its members）")]
    Cycle,
}

/// Facts that could not be read. Names the field, e.g. `person.skill_level`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FactsError {
    #[error("事实文件格式错误：{0}（malformed facts: {0}）")]
    Syntax(String),
    #[error("事实 {field} 的取值无效：{message}（invalid value for {field}: {message}）")]
    Invalid { field: String, message: String },
    #[error("事实 {field} 与 {other} 相互矛盾（{field} contradicts {other}）")]
    Contradiction { field: String, other: String },
}

/// Why an evaluation could not run at all. (A missing fact or parameter is not an error: it is a
/// `review` outcome that names what is missing.)
#[derive(Debug, Error)]
pub enum EvalError {
    #[error("未知的项目“{0}”（unknown program \"{0}\"）")]
    UnknownProgram(String),
    #[error(
        "项目 {program} 没有类别“{category}”（program {program} has no category \"{category}\"）"
    )]
    UnknownCategory { program: String, category: String },
    #[error(
        "项目 {0} 没有规定基准日，须指定 --as-of（program {0} defines no reference date: give --as-of）"
    )]
    NoReferenceDate(String),
    #[error("参数设定“{0}”应写作 参数=取值（parameter override \"{0}\" must be PARAM=VALUE）")]
    OverrideSyntax(String),
    #[error(
        "参数 {parameter} 的设定值“{value}”无效：{message}（invalid value \"{value}\" for parameter {parameter}: {message}）"
    )]
    BadOverride {
        parameter: String,
        value: String,
        message: String,
    },
    #[error(
        "参数设定 {0} 不对应任何已加载项目的参数（override {0} matches no parameter of the loaded programs）"
    )]
    UnusedOverride(String),
    #[error(transparent)]
    Facts(#[from] FactsError),
}
