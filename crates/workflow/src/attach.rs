//! Attachments of an application (申报书, certificates, inspection records, an objection's
//! evidence): uploaded through the services so that the same scope applies as to the
//! application itself, and checked by content and size before anything is stored
//! ([`jiangxin_store::attachments::check`]).
//!
//! Evidence sent with an objection is kept with the application but never shown to the
//! applicant's side, because it may tell who objected.

use jiangxin_store::accounts::Role;
use jiangxin_store::applications::ApplicationId;
use jiangxin_store::attachments::{self, Attachment, LinkedAttachment};
use jiangxin_store::blob::BlobStore;
use jiangxin_store::notices::ObjectionId;
use jiangxin_store::{Digest, EntityKind, notices};

use crate::Workflow;
use crate::access::Caller;
use crate::error::{Result, WorkflowError, required_text};
use crate::position::Position;

/// The purpose prefix of an objection's evidence.
const OBJECTION_EVIDENCE: &str = "异议证据";

/// A file as uploaded.
#[derive(Debug, Clone, Copy)]
pub struct Upload<'a> {
    pub bytes: &'a [u8],
    /// The name it was uploaded under, for display only.
    pub name: &'a str,
    /// What it is: 申报书, 技能等级证书, 实地考察记录...
    pub purpose: &'a str,
    pub max_size: u64,
}

impl Workflow {
    /// Attaches a file to an application. The applicant's side attaches while the application
    /// is a draft or returned for correction; a reviewer who may see it attaches evidence at
    /// any stage (an inspection record, a department's letter).
    pub async fn attach(
        &self,
        caller: &Caller,
        id: ApplicationId,
        blobs: &dyn BlobStore,
        upload: Upload<'_>,
    ) -> Result<Attachment> {
        let purpose = required_text(upload.purpose, "附件用途", "the attachment's purpose")?;
        if purpose.starts_with(OBJECTION_EVIDENCE) {
            return Err(WorkflowError::invalid(
                "异议证据只能随异议提交（objection evidence comes with an objection）",
            ));
        }
        let tx = self.store.begin(caller.actor()).await?;
        let case = self.open(&tx, caller, id).await?;
        let reviewer = matches!(caller.role, Role::DistrictReviewer | Role::CityReviewer);
        if !reviewer {
            caller.require_actor(case.path()?[0])?;
            if !matches!(case.position, Position::Draft | Position::Returned(_)) {
                return Err(WorkflowError::refused(
                    "申报已提交，只有退回修改时才能补充附件（attachments are added to a draft or a returned application）",
                ));
            }
        }
        let saved =
            attachments::save(&tx, blobs, upload.bytes, upload.name, upload.max_size).await?;
        attachments::link(&tx, id, &saved.sha256, &purpose).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Keeps the evidence of an objection with the application objected to. Called by whoever
    /// recorded the objection.
    pub async fn attach_objection_evidence(
        &self,
        caller: &Caller,
        objection: ObjectionId,
        blobs: &dyn BlobStore,
        upload: Upload<'_>,
    ) -> Result<Attachment> {
        let tx = self.store.begin(caller.actor()).await?;
        let found = notices::get_objection(&tx, objection).await?;
        self.managed_version(
            &tx,
            caller,
            notices::get(&tx, found.notice).await?.program_version,
            "受理异议",
            "receive objections",
        )
        .await?;
        let saved =
            attachments::save(&tx, blobs, upload.bytes, upload.name, upload.max_size).await?;
        let purpose = format!("{OBJECTION_EVIDENCE} {}", found.receipt());
        attachments::link(&tx, found.application, &saved.sha256, &purpose).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// The application's attachments the caller may see, in the order they were added.
    pub async fn attachments(
        &self,
        caller: &Caller,
        id: ApplicationId,
    ) -> Result<Vec<LinkedAttachment>> {
        self.open(&self.store, caller, id).await?;
        let applicant_side = matches!(caller.role, Role::UnitOfficer | Role::Individual);
        Ok(attachments::for_application(&self.store, id)
            .await?
            .into_iter()
            .filter(|a| !(applicant_side && a.purpose.starts_with(OBJECTION_EVIDENCE)))
            .collect())
    }

    /// One attachment's description and bytes, if it is among those the caller may see of the
    /// application.
    pub async fn attachment(
        &self,
        caller: &Caller,
        id: ApplicationId,
        sha256: &Digest,
        blobs: &dyn BlobStore,
    ) -> Result<(Attachment, Vec<u8>)> {
        let linked = self
            .attachments(caller, id)
            .await?
            .into_iter()
            .find(|a| a.attachment.sha256 == *sha256)
            .ok_or_else(|| WorkflowError::NotFound {
                entity: EntityKind::Attachment,
                id: sha256.to_string(),
            })?;
        let bytes = blobs.get(sha256).await?;
        Ok((linked.attachment, bytes))
    }
}
