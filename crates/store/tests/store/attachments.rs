use jiangxin_store::attachments::{self, DEFAULT_MAX_SIZE, MediaType};
use jiangxin_store::blob::BlobStore;
use jiangxin_store::units::{self, CreditFlagKind, NewCreditFlag};
use jiangxin_store::{Digest, StoreError};

use crate::common::{TestDb, on_both_backends};
use crate::fixtures;

on_both_backends!(
    an_upload_is_stored_once_by_content_and_linked_to_an_application,
    a_file_that_is_not_pdf_jpeg_or_png_is_refused_before_anything_is_stored,
    a_credit_flag_can_cite_a_stored_attachment_as_evidence,
);

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n";
const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

async fn an_upload_is_stored_once_by_content_and_linked_to_an_application(db: TestDb) {
    let blobs = db.blobs();
    let tx = db.begin().await;
    let program = fixtures::program(&tx).await;
    let person = fixtures::person(&tx, 1).await;
    let application = fixtures::application(&tx, &program, &person).await;
    let pdf = attachments::save(&tx, &blobs, PDF, "身份证.pdf", DEFAULT_MAX_SIZE)
        .await
        .unwrap();
    // The same bytes under another name are the same attachment.
    let again = attachments::save(&tx, &blobs, PDF, "copy.pdf", DEFAULT_MAX_SIZE)
        .await
        .unwrap();
    // Named .jpg, but the content says PNG.
    let png = attachments::save(&tx, &blobs, PNG, "证书.jpg", DEFAULT_MAX_SIZE)
        .await
        .unwrap();
    attachments::link(&tx, application.id, &pdf.sha256, "身份证")
        .await
        .unwrap();
    attachments::link(&tx, application.id, &png.sha256, "技能等级证书")
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(again, pdf);
    assert_eq!(pdf.sha256, Digest::of(PDF));
    assert_eq!(
        (pdf.media_type, pdf.size, pdf.original_name.as_str()),
        (MediaType::Pdf, PDF.len() as u64, "身份证.pdf")
    );
    assert_eq!(png.media_type, MediaType::Png);
    assert_eq!(blobs.get(&pdf.sha256).await.unwrap(), PDF);
    assert_eq!(
        attachments::get(&db.store, &png.sha256).await.unwrap(),
        Some(png.clone())
    );

    let linked = attachments::for_application(&db.store, application.id)
        .await
        .unwrap();
    let summary: Vec<(&str, Digest)> = linked
        .iter()
        .map(|l| (l.purpose.as_str(), l.attachment.sha256))
        .collect();
    let mut expected = vec![("身份证", pdf.sha256), ("技能等级证书", png.sha256)];
    let mut summary = summary;
    summary.sort();
    expected.sort();
    assert_eq!(summary, expected);
}

async fn a_file_that_is_not_pdf_jpeg_or_png_is_refused_before_anything_is_stored(db: TestDb) {
    let blobs = db.blobs();
    let tx = db.begin().await;
    let docx = b"PK\x03\x04 word/document.xml";
    let err = attachments::save(&tx, &blobs, docx, "申请表.pdf", DEFAULT_MAX_SIZE)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::UnsupportedAttachmentType),
        "{err}"
    );
    assert!(!blobs.exists(&Digest::of(docx)).await.unwrap());

    let err = attachments::save(&tx, &blobs, PDF, "big.pdf", 10)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::AttachmentTooLarge { size, limit: 10 } if size == PDF.len() as u64),
        "{err}"
    );
    assert!(!blobs.exists(&Digest::of(PDF)).await.unwrap());
}

async fn a_credit_flag_can_cite_a_stored_attachment_as_evidence(db: TestDb) {
    let blobs = db.blobs();
    let tx = db.begin().await;
    let unit = fixtures::unit(&tx, 1).await;
    let letter = attachments::save(&tx, &blobs, PDF, "法院函.pdf", DEFAULT_MAX_SIZE)
        .await
        .unwrap();
    let flag = units::add_credit_flag(
        &tx,
        unit.id,
        &NewCreditFlag {
            kind: CreditFlagKind::UnderInvestigation,
            noted_on: chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(),
            cleared_on: None,
            source: "大连市中级人民法院".into(),
            evidence: Some(letter.sha256),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let flags = units::credit_flags(&db.store, unit.id).await.unwrap();
    assert_eq!(flags, vec![flag]);
    assert_eq!(flags[0].evidence, Some(letter.sha256));
}
