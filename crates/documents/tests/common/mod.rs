//! Helpers of the document tests: where files go, valid ID numbers, and the two readers every
//! workbook is checked with (calamine, and LibreOffice's CSV export).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDate;
use jiangxin_domain::id_number::ResidentId;

/// `target/documents`, where a person can look at what the tests made.
pub fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("documents");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A valid 18-character ID number: area, birth date, sequence, and its check character.
pub fn id_text(area: &str, birth: NaiveDate, sequence: u32) -> String {
    let first17 = format!("{area}{}{:03}", birth.format("%Y%m%d"), sequence % 1000);
    let check = ResidentId::check_char(&first17).unwrap();
    format!("{first17}{check}")
}

pub fn id(area: &str, birth: NaiveDate, sequence: u32) -> ResidentId {
    ResidentId::parse(&id_text(area, birth, sequence)).unwrap()
}

/// Writes a workbook under `target/documents` and returns its path.
pub fn save(name: &str, bytes: &[u8]) -> PathBuf {
    let path = out_dir().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The first worksheet as calamine reads it.
pub fn calamine_cells(path: &Path) -> Vec<Vec<Data>> {
    let mut workbook = open_workbook_auto(path).unwrap();
    let range = workbook.worksheet_range_at(0).unwrap().unwrap();
    let (row0, col0) = range.start().unwrap();
    let mut rows = vec![Vec::new(); row0 as usize];
    for row in range.rows() {
        let mut cells = vec![Data::Empty; col0 as usize];
        cells.extend_from_slice(row);
        rows.push(cells);
    }
    rows
}

/// The first worksheet as LibreOffice exports it to CSV (UTF-8), with a profile of its own so
/// that tests running side by side do not share one.
pub fn libreoffice_csv(path: &Path) -> Vec<Vec<String>> {
    let work = tempfile::tempdir().unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}",
        work.path().join("profile").display()
    );
    let status = Command::new("libreoffice")
        .arg(profile)
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
        ])
        .arg(work.path())
        .arg(path)
        .output()
        .expect("libreoffice runs (libreoffice-calc-nogui, scripts/ensure-office.sh)");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let csv_path = work
        .path()
        .join(path.with_extension("csv").file_name().unwrap());
    let text = std::fs::read_to_string(&csv_path).unwrap_or_else(|e| {
        panic!(
            "LibreOffice wrote no CSV ({e}): {}",
            String::from_utf8_lossy(&status.stdout)
        )
    });
    parse_csv(&text)
}

/// RFC 4180 CSV, enough for LibreOffice's export.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            ('\r', false) => {}
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The row whose cells include `text`, as calamine reads it.
pub fn calamine_row<'a>(rows: &'a [Vec<Data>], text: &str) -> &'a [Data] {
    rows.iter()
        .find(|r| r.iter().any(|c| matches!(c, Data::String(s) if s == text)))
        .unwrap_or_else(|| panic!("no row with “{text}”"))
}

/// The row whose cells include `text`, as LibreOffice exports it.
pub fn csv_row<'a>(rows: &'a [Vec<String>], text: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r.iter().any(|c| c == text))
        .unwrap_or_else(|| panic!("no row with “{text}” in {rows:?}"))
}

/// A calamine cell's date.
pub fn date_of(cell: &Data) -> NaiveDate {
    match cell {
        Data::DateTime(d) => d.as_datetime().expect("a date").date(),
        other => panic!("expected a date cell, got {other:?}"),
    }
}
