//! What stops a document from being built or a workbook from being imported.

use chrono::NaiveDate;
use jiangxin_documents::DocumentError;
use jiangxin_pdf::PdfError;
use jiangxin_policy::FactsError;
use jiangxin_store::StoreError;
use jiangxin_store::applications::ApplicationId;
use jiangxin_workflow::WorkflowError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ReportError {
    #[error(transparent)]
    Workflow(#[from] WorkflowError),

    #[error(transparent)]
    Store(#[from] StoreError),

    #[error(transparent)]
    Document(#[from] DocumentError),

    #[error(transparent)]
    Pdf(#[from] PdfError),

    #[error("没有项目 {0}（no program {0}）")]
    UnknownProgram(String),

    #[error(
        "项目 {0} 的通知未附申报表，没有可打印的申报书（the notice of program {0} attaches no application form）"
    )]
    NoApplicationForm(String),

    #[error(
        "项目 {0} 的通知未附汇总表或候选名单（the notice of program {0} attaches no summary sheet）"
    )]
    NoSummary(String),

    /// The application lacks a record its form needs (an applicant, a unit, a category the form
    /// has a box for).
    #[error(
        "申报 {application} 缺少{what}，无法填入表格（application {application} lacks {what_en}）"
    )]
    Incomplete {
        application: ApplicationId,
        what: &'static str,
        what_en: &'static str,
    },

    #[error("申报 {0} 尚未审定发证，没有可打印的证书（application {0} holds no title yet）")]
    NoTitle(ApplicationId),

    /// A revoked certificate is not printed: a copy would look valid on paper.
    #[error(
        "证书 {certificate_no} 已于 {on} 撤销，不能打印（certificate {certificate_no} was revoked on {on}）"
    )]
    Revoked {
        certificate_no: String,
        on: NaiveDate,
    },

    #[error("申报 {application} 保存的申报事实无法读取：{source}（stored facts unreadable）")]
    Facts {
        application: ApplicationId,
        #[source]
        source: FactsError,
    },

    /// A batch import refused as a whole: the row and the reason; nothing was written.
    #[error(
        "工作表“{sheet}”第 {row} 行被拒绝，整批未导入：{reason}（row {row} was refused; nothing was imported）"
    )]
    Refused {
        sheet: String,
        row: u32,
        reason: String,
    },
}

pub type Result<T, E = ReportError> = std::result::Result<T, E>;
