//! The world one document is compiled in: its template as `main.typ`, and the virtual files
//! the template reads (`common.typ`, `data.json`, `qr.svg`). Nothing is read from disk and
//! there are no packages, so a template cannot reach anything it was not given.

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use crate::fonts::FontSet;

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("the engine's own paths are valid");
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

pub(crate) struct DocWorld<'e> {
    library: &'e LazyHash<Library>,
    fonts: &'e FontSet,
    main: Source,
    files: Vec<(FileId, Bytes)>,
}

impl<'e> DocWorld<'e> {
    pub fn new(
        library: &'e LazyHash<Library>,
        fonts: &'e FontSet,
        template: &str,
        files: Vec<(&str, Bytes)>,
    ) -> Self {
        DocWorld {
            library,
            fonts,
            main: Source::new(file_id("/main.typ"), template.to_owned()),
            files: files
                .into_iter()
                .map(|(path, bytes)| (file_id(path), bytes))
                .collect(),
        }
    }

    fn lookup(&self, id: FileId) -> FileResult<&Bytes> {
        self.files
            .iter()
            .find(|(file, _)| *file == id)
            .map(|(_, bytes)| bytes)
            .ok_or_else(|| FileError::NotFound(id.vpath().get_with_slash().into()))
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.lookup(id)?;
        let text = bytes.as_str().map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_owned()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        self.lookup(id).cloned()
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    /// Documents carry their own dates; a template that asked for today's would print a
    /// different document each day.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
