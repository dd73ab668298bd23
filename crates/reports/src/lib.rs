//! 从库中数据生成公文：申报书（申报表）、汇总表与候选名单、公示、证书与牌匾、待遇发放名单；以及把批量申报与技能人才名册写入库中。
//!
//! The official documents built from stored records, shared by the `jiangxin export` and
//! `jiangxin import` commands and the web application's downloads, so that a form printed from
//! the command line and one downloaded from a page are the same document:
//!
//! * [`forms`]: the application form of an application, the one its program's notice attaches
//!   (`[documents] application_form` in the program file: 306号 申报书, 201号 申报表, the
//!   studio 申报表). What the records do not hold (民族, 学历, 主要经历, the content sections)
//!   stays an empty box, to be filled in by hand, as on paper.
//! * [`summary`]: a program's summary workbook (`[documents] summary`) over the applications
//!   given: 306号 附件2 grouped by category, 201号 附件3 by unit and the unit's recommendation
//!   rank, the studio and chief-technician candidate lists.
//! * [`notice`]: a stored public notice as the PDF to post, with the ID numbers as masked when
//!   it was published.
//! * [`certificate`]: the certificate or plaque of a granted title, with the QR code of its
//!   verification address; a revoked one is refused.
//! * [`payments`]: the finance bureau's payment list from the stored payments, each payee a
//!   person (ID number) or a unit (credit code).
//! * [`import`]: batches of applications created as drafts through the workflow in one
//!   transaction, and the talent registry upserted into the store, both from workbooks read by
//!   `jiangxin-documents`; [`registry`]: the registry's counts.
//!
//! Access is the caller's: the command line reads as the operator of the database, the web
//! application passes only what the signed-in account may see ([`jiangxin_workflow::Caller`]).
#![forbid(unsafe_code)]

pub mod certificate;
pub mod error;
pub mod forms;
pub mod import;
pub mod notice;
pub mod payments;
pub mod registry;
pub mod summary;

mod record;

pub use error::{ReportError, Result};

/// The media type of a PDF file.
pub const PDF: &str = "application/pdf";
/// The media type of an `.xlsx` workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A document ready to save or send: the file name to offer (ASCII, safe in a header), its
/// media type and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub file_name: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}
