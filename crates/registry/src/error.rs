//! What stops a screen before or while it runs. A malformed row never does: it is reported as an
//! `invalid` row and counted.

use std::io;
use std::path::PathBuf;

use jiangxin_policy::EvalError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum RegistryError {
    #[error("名册应为 .csv 或 .xlsx 文件：{}（the registry must be a .csv or .xlsx file）", .0.display())]
    UnsupportedFormat(PathBuf),
    #[error("无法读取名册 {}：{source}（cannot read the registry）", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("读取名册时出错：{0}（cannot read the registry）")]
    Input(io::Error),
    #[error("无法写出结果：{0}（cannot write the output）")]
    Output(io::Error),
    #[error("无法读取 xlsx 文件 {}：{message}（cannot read the xlsx file）", path.display())]
    Xlsx { path: PathBuf, message: String },
    #[error("名册为空，没有表头行（the registry is empty: no header row）")]
    Empty,
    #[error("名册表头不是 UTF-8 文本（the header row is not UTF-8）")]
    HeaderEncoding,
    #[error(
        "名册第 {0} 行不是 UTF-8 文本，请将文件另存为 UTF-8 编码的 CSV（record {0} is not UTF-8: save the file as UTF-8 CSV）"
    )]
    RecordEncoding(u64),
    #[error("名册缺少必需的列：{0}（missing required columns）")]
    MissingColumns(String),
    #[error(
        "名册表头中“{first}”与“{second}”是同一列（\"{first}\" and \"{second}\" are the same column）"
    )]
    DuplicateColumn { first: String, second: String },
    #[error(
        "所选项目没有针对个人的类别，没有可筛查的列（the chosen programs have no category screened for persons）"
    )]
    NothingToScreen,
    #[error("{0}")]
    Eval(#[from] EvalError),
}
