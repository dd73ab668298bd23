//! Attachments: checked by content, stored in a [`BlobStore`], described in the database, and
//! linked to applications.

use std::fmt;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::applications::ApplicationId;
use crate::blob::BlobStore;
use crate::digest::Digest;
use crate::entity::{application_attachments, attachments as table};
use crate::error::{Result, StoreError};
use crate::kind::EntityKind;
use crate::store::{Reader, Tx, now};

/// The default upper limit on an attachment's size: 20 MiB.
pub const DEFAULT_MAX_SIZE: u64 = 20 * 1024 * 1024;

/// The file types accepted, told apart by their first bytes, never by the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaType {
    Pdf,
    Jpeg,
    Png,
}

impl MediaType {
    pub const ALL: [Self; 3] = [Self::Pdf, Self::Jpeg, Self::Png];

    /// The MIME type, as stored and as sent to browsers.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }

    fn magic(self) -> &'static [u8] {
        match self {
            Self::Pdf => b"%PDF-",
            Self::Jpeg => &[0xFF, 0xD8, 0xFF],
            Self::Png => &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A],
        }
    }

    /// The type whose signature `bytes` begin with, if any.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        Self::ALL.into_iter().find(|t| bytes.starts_with(t.magic()))
    }

    fn from_stored(text: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == text)
            .ok_or(StoreError::Corrupt {
                what: "attachments.media_type",
            })
    }
}

impl fmt::Display for MediaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Checks an upload before anything is stored: not empty, at most `max_size` bytes, and a PDF,
/// JPEG or PNG by its content.
pub fn check(bytes: &[u8], max_size: u64) -> Result<MediaType> {
    let size = bytes.len() as u64;
    if size == 0 {
        return Err(StoreError::EmptyAttachment);
    }
    if size > max_size {
        return Err(StoreError::AttachmentTooLarge {
            size,
            limit: max_size,
        });
    }
    MediaType::sniff(bytes).ok_or(StoreError::UnsupportedAttachmentType)
}

/// A stored attachment's description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub sha256: Digest,
    pub media_type: MediaType,
    pub size: u64,
    /// The name it was uploaded under, for display only.
    pub original_name: String,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<table::Model> for Attachment {
    type Error = StoreError;

    fn try_from(m: table::Model) -> Result<Self> {
        Ok(Self {
            sha256: Digest::from_stored(&m.sha256, "attachments.sha256")?,
            media_type: MediaType::from_stored(&m.media_type)?,
            size: u64::try_from(m.size).map_err(|_| StoreError::Corrupt {
                what: "attachments.size",
            })?,
            original_name: m.original_name,
            created_at: m.created_at,
        })
    }
}

/// Checks `bytes` (see [`check`]), puts them in `blobs` and records them. The same content
/// uploaded again returns the first record, whatever the new name.
///
/// The bytes are stored before the transaction commits, so a rolled-back upload leaves an
/// unreferenced blob behind; it is harmless, and content addressing means a retry reuses it.
pub async fn save(
    tx: &Tx,
    blobs: &dyn BlobStore,
    bytes: &[u8],
    original_name: &str,
    max_size: u64,
) -> Result<Attachment> {
    let media_type = check(bytes, max_size)?;
    let sha256 = blobs.put(bytes).await?;
    if let Some(existing) = get(tx, &sha256).await? {
        return Ok(existing);
    }
    let model = table::ActiveModel {
        sha256: Set(sha256.to_hex()),
        media_type: Set(media_type.as_str().to_owned()),
        size: Set(i64::try_from(bytes.len()).expect("the size limit keeps it below 2^63")),
        original_name: Set(original_name.to_owned()),
        created_at: Set(now()),
    }
    .insert(tx.conn())
    .await?;
    tx.record("attachment.create", None, Some(&model));
    model.try_into()
}

/// The description of the attachment with `sha256`, if it was saved.
pub async fn get(reader: &impl Reader, sha256: &Digest) -> Result<Option<Attachment>> {
    table::Entity::find_by_id(sha256.to_hex())
        .one(reader.conn())
        .await?
        .map(Attachment::try_from)
        .transpose()
}

/// Attaches a saved attachment to an application for a purpose (身份证, 技能等级证书, ...).
pub async fn link(
    tx: &Tx,
    application: ApplicationId,
    sha256: &Digest,
    purpose: &str,
) -> Result<()> {
    let model = application_attachments::ActiveModel {
        application_id: Set(application.0),
        attachment_sha256: Set(sha256.to_hex()),
        purpose: Set(purpose.to_owned()),
        added_at: Set(now()),
    }
    .insert(tx.conn())
    .await
    .map_err(|e| {
        StoreError::from_insert(
            e,
            EntityKind::ApplicationAttachment,
            format!("{application}/{sha256}"),
        )
    })?;
    tx.record("application_attachment.link", None, Some(&model));
    Ok(())
}

/// An attachment of an application, with the purpose it was attached for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedAttachment {
    pub purpose: String,
    pub added_at: DateTime<Utc>,
    pub attachment: Attachment,
}

/// An application's attachments, in the order they were added.
pub async fn for_application(
    reader: &impl Reader,
    application: ApplicationId,
) -> Result<Vec<LinkedAttachment>> {
    application_attachments::Entity::find()
        .filter(application_attachments::Column::ApplicationId.eq(application.0))
        .order_by_asc(application_attachments::Column::AddedAt)
        .order_by_asc(application_attachments::Column::AttachmentSha256)
        .find_also_related(table::Entity)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(|(link, attachment)| {
            let attachment = attachment.ok_or(StoreError::Corrupt {
                what: "application_attachments.attachment_sha256",
            })?;
            Ok(LinkedAttachment {
                purpose: link.purpose,
                added_at: link.added_at,
                attachment: attachment.try_into()?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_jpeg_and_png_are_recognised_by_their_first_bytes() {
        assert_eq!(check(b"%PDF-1.7\n...", 100).unwrap(), MediaType::Pdf);
        assert_eq!(
            check(&[0xFF, 0xD8, 0xFF, 0xE0, 0], 100).unwrap(),
            MediaType::Jpeg
        );
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0];
        assert_eq!(check(&png, 100).unwrap(), MediaType::Png);
        assert_eq!(MediaType::Png.to_string(), "image/png");
    }

    #[test]
    fn anything_else_is_refused_whatever_it_would_be_called() {
        for bytes in [
            &b"PK\x03\x04"[..],
            b"GIF89a",
            b"%PDF",
            b" %PDF-1.7",
            &[0xFF, 0xD8],
            &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A],
        ] {
            assert!(
                matches!(
                    check(bytes, 100),
                    Err(StoreError::UnsupportedAttachmentType)
                ),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn an_empty_file_and_one_over_the_limit_are_refused_with_their_sizes() {
        assert!(matches!(check(b"", 100), Err(StoreError::EmptyAttachment)));
        let err = check(b"%PDF-1.7 0123456789", 10).unwrap_err();
        assert!(matches!(
            err,
            StoreError::AttachmentTooLarge {
                size: 19,
                limit: 10
            }
        ));
        assert_eq!(
            err.to_string(),
            "附件大小 19 字节超过上限 10 字节（the attachment has 19 bytes, more than the limit of 10）"
        );
        assert!(check(b"%PDF-1.7 0", 10).is_ok());
        assert_eq!(DEFAULT_MAX_SIZE, 20 * 1024 * 1024);
    }
}
