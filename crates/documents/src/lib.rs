//! 公文与表格：申报书、申报表、证书、公示的内容（供 `jiangxin-pdf` 排版），汇总表与名单（Excel），
//! 以及技能人才名册和批量申报的导入。
//!
//! The official documents as plain data, built from stored records by the callers (the
//! `jiangxin export` commands, the web application), so that this crate builds and is tested
//! without a database:
//!
//! * [`forms`]: the content of the PDF documents the seeds attach: 306号 附件1 申报书, 201号
//!   附件1 大连工匠申报表, the 2024 studio notice's 申报表, certificates and plaques, and the
//!   public notice (公示). `jiangxin-pdf` sets them in type.
//! * [`sheets`]: the Excel workbooks: 306号 附件2 汇总表, 201号 附件3 推荐汇总表, the studio
//!   and chief-technician candidate lists, payment lists for finance, and any work list
//!   ([`sheets::WorkList`]). Numbers are numbers, dates are dates, and ID numbers, account
//!   numbers and codes are text, so that no digit is lost.
//! * [`import`]: the talent registry and batches of applications read from `.xlsx`, every bad
//!   cell reported with its sheet, row, column and reason, and the good rows kept.
#![forbid(unsafe_code)]

pub mod error;
pub mod format;
pub mod forms;
pub mod import;
pub mod sheets;

pub use error::DocumentError;
