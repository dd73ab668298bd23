//! A stored public notice (公示) as the PDF to post: the list as it was published, with the ID
//! numbers masked as they were shown, the window, and the issuer of the program's notice.
//!
//! The posted notice names its first day as the day it was published: the period counted from
//! the next day (民法典 第二百零一条) ends on the stored last day, and the list is public from
//! publication.

use jiangxin_documents::forms::{NoticeEntry, PublicNotice};
use jiangxin_pdf::Engine;
use jiangxin_store::notices::NoticeId;
use jiangxin_store::programs;
use jiangxin_workflow::Workflow;

use crate::error::Result;
use crate::{Document, PDF};

pub async fn notice_pdf(workflow: &Workflow, engine: &Engine, id: NoticeId) -> Result<Document> {
    let (notice, entries) = workflow.public_notice(id).await?;
    let version = programs::get(workflow.store(), notice.program_version).await?;
    let program = workflow.program_of(&version)?;
    let stage = program
        .stages
        .iter()
        .find(|s| s.id == notice.stage)
        .map_or_else(|| notice.stage.clone(), |s| s.name.clone());
    let doc = PublicNotice {
        title: format!("{}{}", program.meta.title, stage),
        preamble: format!(
            "根据《{}》（{}），现将下列人员（单位）予以公示。",
            program.meta.document_title, program.meta.document
        ),
        entries: entries
            .into_iter()
            .map(|e| NoticeEntry {
                name: e.name,
                unit: e.unit_name,
                masked_id: e.masked_id,
            })
            .collect(),
        first_day: notice.published_on,
        last_day: notice.last_day,
        objections_to: None,
        issuer: program.meta.issuer.clone(),
        published_on: notice.published_on,
    };
    Ok(Document {
        file_name: format!("notice-{id}.pdf"),
        media_type: PDF,
        bytes: engine.public_notice(&doc)?,
    })
}
