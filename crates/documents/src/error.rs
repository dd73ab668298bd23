//! What stops a document from being written or a file from being read.

use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum DocumentError {
    #[error("无法写出 Excel 文件：{0}（cannot write the workbook）")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("无法读取 {}：{message}（cannot read the workbook）", path.display())]
    Read { path: PathBuf, message: String },
    #[error("{} 中没有工作表（the workbook has no worksheet）", .0.display())]
    NoSheet(PathBuf),
    #[error("工作表“{sheet}”是空的，没有表头行（the sheet has no header row）")]
    Empty { sheet: String },
    #[error("工作表“{sheet}”的表头有误：{message}（bad header row）")]
    Header { sheet: String, message: String },
}
