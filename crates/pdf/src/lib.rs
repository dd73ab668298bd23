//! 公文 PDF：用 typst（作为库）把 `jiangxin-documents` 的申报书、申报表、证书与公示排成 A4 PDF。
//!
//! The official documents as PDF. Typst runs as a library: each document is a `.typ` template
//! compiled into this crate, and its data reaches the template as a JSON file in the virtual
//! file system (`data.json`), never spliced into markup, so a name or a text with `#`, `*` or
//! `]` in it prints as written. Certificates get their QR code as an SVG file (`qr.svg`).
//!
//! Fonts are Debian's `fonts-noto-cjk` (Noto Serif CJK for the forms' 宋体, Noto Sans CJK for
//! 黑体), read from disk once when an [`Engine`] starts; without them [`Engine::new`] fails with
//! a Chinese error that names the missing file and the script that installs it
//! (`scripts/ensure-fonts.sh`). An engine is `Send + Sync`: one per process, shared.
//!
//! Typst is a large build; keeping it in this crate means that editing the document models,
//! the workbooks or the commands does not recompile it.
#![forbid(unsafe_code)]

mod fonts;
mod qr;
mod views;
mod world;

use std::path::Path;

use jiangxin_documents::forms::{
    Certificate, CraftsmanApplication, HighSkillApplication, PublicNotice, StudioApplication,
};
use serde_json::Value;
use thiserror::Error;
use typst::foundations::Bytes;
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

pub use fonts::{DEFAULT_FONT_DIR, FONT_FILES};

use crate::fonts::FontSet;
use crate::world::DocWorld;

#[derive(Debug, Error)]
pub enum PdfError {
    #[error(
        "找不到中文字体文件 {path}：请运行 scripts/ensure-fonts.sh（apt-get install fonts-noto-cjk）\
         （missing CJK font {path}: run scripts/ensure-fonts.sh）"
    )]
    FontMissing { path: String },
    #[error("字体文件 {path} 无法读取或不含字体：{message}（unreadable font file）")]
    FontUnreadable { path: String, message: String },
    #[error("排版模板 {template} 出错：{message}（the template failed）")]
    Template {
        template: &'static str,
        message: String,
    },
    #[error("验证地址无法编为二维码：{0}（the verification address does not fit a QR code）")]
    Qr(String),
    #[error("生成 PDF 出错：{0}（PDF export failed）")]
    Export(String),
}

/// A document template: its name (for errors) and its typst source.
#[derive(Debug, Clone, Copy)]
struct Template {
    name: &'static str,
    source: &'static str,
}

macro_rules! template {
    ($name:literal) => {
        Template {
            name: $name,
            source: include_str!(concat!("../templates/", $name)),
        }
    };
}

/// Shared by every template as `common.typ`: the page, the fonts and the form's boxes.
const COMMON: &str = include_str!("../templates/common.typ");

/// Typst's standard library and the fonts, loaded once.
pub struct Engine {
    library: LazyHash<Library>,
    fonts: FontSet,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("fonts", &self.fonts.len())
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// An engine with the fonts from [`DEFAULT_FONT_DIR`].
    pub fn new() -> Result<Self, PdfError> {
        Self::with_font_dir(Path::new(DEFAULT_FONT_DIR))
    }

    /// An engine with the [`FONT_FILES`] read from `dir`.
    pub fn with_font_dir(dir: &Path) -> Result<Self, PdfError> {
        Ok(Engine {
            library: LazyHash::new(Library::default()),
            fonts: FontSet::load(dir)?,
        })
    }

    /// 306号 附件1 大连市高技能人才选拔工作申报书.
    pub fn high_skill_application(&self, doc: &HighSkillApplication) -> Result<Vec<u8>, PdfError> {
        self.render(
            template!("high-skill-application.typ"),
            views::high_skill_application(doc),
            Vec::new(),
        )
    }

    /// 201号 附件1 大连工匠申报表.
    pub fn craftsman_application(&self, doc: &CraftsmanApplication) -> Result<Vec<u8>, PdfError> {
        self.render(
            template!("craftsman-application.typ"),
            views::craftsman_application(doc),
            Vec::new(),
        )
    }

    /// The 2024 studio notice's 大连市技能大师工作室申报表.
    pub fn studio_application(&self, doc: &StudioApplication) -> Result<Vec<u8>, PdfError> {
        self.render(
            template!("studio-application.typ"),
            views::studio_application(doc),
            Vec::new(),
        )
    }

    /// A certificate or plaque, with the QR code of its verification address.
    pub fn certificate(&self, doc: &Certificate) -> Result<Vec<u8>, PdfError> {
        let qr = qr::svg(&doc.verification_url)?;
        self.render(
            template!("certificate.typ"),
            views::certificate(doc),
            vec![("/qr.svg", Bytes::from_string(qr))],
        )
    }

    /// The public notice (公示) as posted.
    pub fn public_notice(&self, doc: &PublicNotice) -> Result<Vec<u8>, PdfError> {
        self.render(
            template!("public-notice.typ"),
            views::public_notice(doc),
            Vec::new(),
        )
    }

    fn render(
        &self,
        template: Template,
        data: Value,
        mut files: Vec<(&'static str, Bytes)>,
    ) -> Result<Vec<u8>, PdfError> {
        files.push(("/data.json", Bytes::from_string(data.to_string())));
        files.push(("/common.typ", Bytes::from_string(COMMON)));
        let world = DocWorld::new(&self.library, &self.fonts, template.source, files);
        let failed = |diagnostics: &[typst::diag::SourceDiagnostic]| PdfError::Template {
            template: template.name,
            message: diagnostics
                .iter()
                .map(|d| d.message.to_string())
                .collect::<Vec<_>>()
                .join("；"),
        };
        let document: PagedDocument = typst::compile(&world)
            .output
            .map_err(|errors| failed(&errors))?;
        typst_pdf::pdf(&document, &PdfOptions::default()).map_err(|errors| {
            PdfError::Export(
                errors
                    .iter()
                    .map(|d| d.message.to_string())
                    .collect::<Vec<_>>()
                    .join("；"),
            )
        })
    }
}
