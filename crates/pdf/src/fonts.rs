//! The CJK fonts, read from disk once.

use std::path::Path;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use crate::PdfError;

/// Where Debian's `fonts-noto-cjk` puts its OpenType collections.
pub const DEFAULT_FONT_DIR: &str = "/usr/share/fonts/opentype/noto";

/// The collections the templates use: serif (宋体's part) and sans (黑体's), regular and bold.
pub const FONT_FILES: [&str; 4] = [
    "NotoSerifCJK-Regular.ttc",
    "NotoSerifCJK-Bold.ttc",
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJK-Bold.ttc",
];

pub(crate) struct FontSet {
    pub book: LazyHash<FontBook>,
    pub fonts: Vec<Font>,
}

impl FontSet {
    pub fn load(dir: &Path) -> Result<Self, PdfError> {
        let mut fonts = Vec::new();
        for name in FONT_FILES {
            let path = dir.join(name);
            let shown = path.display().to_string();
            let data = std::fs::read(&path).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => PdfError::FontMissing {
                    path: shown.clone(),
                },
                _ => PdfError::FontUnreadable {
                    path: shown.clone(),
                    message: e.to_string(),
                },
            })?;
            let before = fonts.len();
            fonts.extend(Font::iter(Bytes::new(data)));
            if fonts.len() == before {
                return Err(PdfError::FontUnreadable {
                    path: shown,
                    message: "不是字体文件（not a font file）".to_owned(),
                });
            }
        }
        Ok(FontSet {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        })
    }

    pub fn len(&self) -> usize {
        self.fonts.len()
    }
}
