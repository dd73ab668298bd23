//! Reading workbooks in: the talent registry ([`registry`]) and batches of applications
//! ([`applications`]) from the first worksheet of an `.xlsx` file, or from a UTF-8 `.csv` file.
//!
//! A bad cell never stops an import: every bad cell is reported with its sheet, row (as Excel
//! numbers it), column (letter and header) and reason, the rows without one are kept, and a row
//! with any bad cell is left out whole. Writing the kept rows is the caller's, in one
//! transaction, so that nothing is half-written.

pub mod applications;
pub mod registry;

use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;

use calamine::{Data, Reader, Sheets, open_workbook_auto, open_workbook_auto_from_rs};
use jiangxin_domain::id_number::ResidentId;
use jiangxin_policy::facts::{FactId, FactKind, RawFacts};
use jiangxin_registry::Column;
use serde_json::{Map, Value};

use crate::error::DocumentError;

/// One bad cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCell {
    pub sheet: String,
    /// The row as Excel numbers it (the header is usually row 1).
    pub row: u32,
    /// The column letter, `A`, `B`, … `AA`; empty when the fault is the row's as a whole.
    pub column: String,
    /// The column's header as the file wrote it.
    pub header: String,
    pub reason: String,
}

impl fmt::Display for BadCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "工作表“{}”第 {} 行", self.sheet, self.row)?;
        if !self.column.is_empty() {
            write!(f, " {} 列（{}）", self.column, self.header)?;
        }
        write!(f, "：{}", self.reason)
    }
}

/// The bad cells as a CSV file (`sheet,row,column,header,reason`, a header line first), for
/// the `--rejects` file of an import: a person opens it beside the workbook and fixes each cell.
pub fn rejects_csv(bad: &[BadCell]) -> Vec<u8> {
    let mut out = Vec::new();
    jiangxin_registry::csv_line(
        &mut out,
        ["sheet", "row", "column", "header", "reason"].map(str::as_bytes),
    );
    for cell in bad {
        let row = cell.row.to_string();
        jiangxin_registry::csv_line(
            &mut out,
            [
                cell.sheet.as_bytes(),
                row.as_bytes(),
                cell.column.as_bytes(),
                cell.header.as_bytes(),
                cell.reason.as_bytes(),
            ],
        );
    }
    out
}

/// What an import read: the good rows and every bad cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported<T> {
    pub sheet: String,
    /// Data rows read (fully empty rows are not rows).
    pub rows: usize,
    pub good: Vec<T>,
    pub bad: Vec<BadCell>,
}

/// The first worksheet of a workbook: its name, header and data rows.
pub(crate) struct SheetRows {
    pub sheet: String,
    pub header: Vec<String>,
    /// Excel's row number of each data row, with its cells.
    pub rows: Vec<(u32, Vec<Data>)>,
}

impl SheetRows {
    /// The first worksheet of an `.xlsx` file, or a UTF-8 `.csv` file as one sheet named after
    /// the file, whose rows are numbered as a spreadsheet opening it would number them.
    pub fn from_path(path: &Path) -> Result<Self, DocumentError> {
        let failed = |message: String| DocumentError::Read {
            path: path.to_owned(),
            message,
        };
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            let data = std::fs::read(path).map_err(|e| failed(e.to_string()))?;
            let records =
                jiangxin_registry::csv_records(&data).map_err(|e| failed(e.to_string()))?;
            let sheet = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into(),
            );
            let rows = records.into_iter().enumerate().map(|(index, cells)| {
                let cells = cells
                    .into_iter()
                    .map(|c| {
                        if c.is_empty() {
                            Data::Empty
                        } else {
                            Data::String(c)
                        }
                    })
                    .collect();
                (index as u32 + 1, cells)
            });
            return Self::from_rows(sheet, rows);
        }
        let workbook: Sheets<BufReader<File>> =
            open_workbook_auto(path).map_err(|e| failed(e.to_string()))?;
        Self::first(workbook, path)
    }

    pub fn from_reader<RS: Read + Seek + Clone>(source: RS) -> Result<Self, DocumentError> {
        let path = Path::new("（上传的文件）");
        let workbook = open_workbook_auto_from_rs(source).map_err(|e| DocumentError::Read {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        Self::first(workbook, path)
    }

    fn first<RS: Read + Seek>(
        mut workbook: Sheets<RS>,
        path: &Path,
    ) -> Result<Self, DocumentError> {
        let sheet = workbook
            .sheet_names()
            .first()
            .cloned()
            .ok_or_else(|| DocumentError::NoSheet(path.to_owned()))?;
        let range = workbook
            .worksheet_range_at(0)
            .ok_or_else(|| DocumentError::NoSheet(path.to_owned()))?
            .map_err(|e| DocumentError::Read {
                path: path.to_owned(),
                message: e.to_string(),
            })?;
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let rows = range.rows().enumerate().map(|(index, cells)| {
            // Cells left of the range's first column are empty; keep letters true to Excel.
            let mut full = vec![Data::Empty; first_col as usize];
            full.extend_from_slice(cells);
            (first_row + index as u32 + 1, full)
        });
        Self::from_rows(sheet, rows)
    }

    /// The sheet from its numbered rows: fully empty rows are not rows, the first row left is
    /// the header.
    fn from_rows(
        sheet: String,
        rows: impl Iterator<Item = (u32, Vec<Data>)>,
    ) -> Result<Self, DocumentError> {
        let mut rows = rows.filter(|(_, cells)| cells.iter().any(|c| *c != Data::Empty));
        let header = match rows.next() {
            Some((_, cells)) => cells
                .iter()
                .map(|c| cell_text(c).unwrap_or_default().trim().to_owned())
                .collect(),
            None => return Err(DocumentError::Empty { sheet }),
        };
        Ok(SheetRows {
            sheet,
            header,
            rows: rows.collect(),
        })
    }

    /// A bad cell of this sheet at `row` in column `index`.
    pub fn bad(&self, row: u32, index: Option<usize>, reason: impl Into<String>) -> BadCell {
        BadCell {
            sheet: self.sheet.clone(),
            row,
            column: index.map(column_letter).unwrap_or_default(),
            header: index
                .and_then(|i| self.header.get(i).cloned())
                .unwrap_or_default(),
            reason: reason.into(),
        }
    }
}

/// `A`, `B`, …, `Z`, `AA`, …: the letter of a zero-based column index.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// A cell as text, or why it cannot be read as the text it should have been.
pub(crate) fn cell_text(cell: &Data) -> Result<String, String> {
    match cell {
        Data::Empty => Ok(String::new()),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Ok(s.trim().to_owned()),
        Data::Int(i) => Ok(i.to_string()),
        // Excel keeps 15 significant digits: a longer number typed into a number cell (an
        // 18-digit ID number) has already lost its last digits, which no reader can restore.
        Data::Float(f) if f.fract() == 0.0 && f.abs() >= 1e15 => Err(format!(
            "以数字形式保存的 {f:.0} 超过 15 位，末几位已被 Excel 改写；请将该列设为文本后重新填写\
             （a number of more than 15 digits has lost its last digits: store the column as text）"
        )),
        Data::Float(f) if f.fract() == 0.0 => Ok(format!("{}", *f as i64)),
        Data::Float(f) => Ok(f.to_string()),
        Data::Bool(b) => Ok(if *b { "1" } else { "0" }.to_owned()),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|moment| moment.date().format("%Y-%m-%d").to_string())
            .ok_or_else(|| format!("无法识别的日期 {d}（unreadable date）")),
        Data::Error(e) => Err(format!(
            "单元格为错误值 {e}（the cell holds an error value）"
        )),
    }
}

/// Whether a registry column holds a list (`;`-separated), where an empty cell means "none".
fn is_list(column: Column) -> bool {
    matches!(
        FactId::parse(column.name()).map(FactId::kind),
        Some(FactKind::Ranks | FactKind::Honours | FactKind::Flags)
    )
}

/// A registry fact cell as the JSON value of the `--facts` shape, or why it is not one.
/// `None`: an empty cell of a column that is not a list, which is an unknown fact.
fn fact_value(column: Column, text: &str) -> Result<Option<Value>, String> {
    if is_list(column) {
        // As the registry reads lists: `;` or the full-width `；`, empty items skipped.
        let items = text
            .split([';', '；'])
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| Value::String(item.to_owned()))
            .collect();
        return Ok(Some(Value::Array(items)));
    }
    if text.is_empty() {
        return Ok(None);
    }
    match FactId::parse(column.name()).map(FactId::kind) {
        Some(FactKind::Bool) => Column::yes_no(text).map(|b| b.map(Value::Bool)),
        _ => Ok(Some(Value::String(text.to_owned()))),
    }
}

/// Facts in the `--facts` JSON shape, filled field by field.
#[derive(Debug, Default)]
pub(crate) struct FactsJson {
    person: Map<String, Value>,
    unit: Map<String, Value>,
}

impl FactsJson {
    /// Sets `person.birth_date` and `person.gender` from the ID number: what the rules need of
    /// it, without the number itself, which the store keeps encrypted with the person.
    pub fn identify(&mut self, id: &ResidentId, name: Option<&str>) {
        if let Some(name) = name {
            self.person
                .insert("name".to_owned(), Value::String(name.to_owned()));
        }
        self.person.insert(
            "birth_date".to_owned(),
            Value::String(id.birth_date().format("%Y-%m-%d").to_string()),
        );
        self.person.insert(
            "gender".to_owned(),
            Value::String(id.gender().name_zh().to_owned()),
        );
    }

    fn set(&mut self, field: &str, value: Value) {
        let (group, name) = field.split_once('.').expect("facts fields are group.name");
        let map = if group == "unit" {
            &mut self.unit
        } else {
            &mut self.person
        };
        map.insert(name.to_owned(), value);
    }

    pub fn to_value(&self) -> Value {
        let mut facts = Map::new();
        facts.insert("person".to_owned(), Value::Object(self.person.clone()));
        if !self.unit.is_empty() {
            facts.insert("unit".to_owned(), Value::Object(self.unit.clone()));
        }
        Value::Object(facts)
    }
}

/// Checks facts through the policy crate's one reader, as `jiangxin check` would read them;
/// the error names the field.
fn parse_facts(facts: &Value) -> Result<(), (Option<String>, String)> {
    let raw: RawFacts = serde_json::from_value(facts.clone()).map_err(|e| (None, e.to_string()))?;
    raw.parse().map(|_| ()).map_err(|e| match e {
        jiangxin_policy::FactsError::Invalid { field, message } => (Some(field), message),
        other => (None, other.to_string()),
    })
}

/// Reads the registry fact columns of one row into `facts`, reporting every bad cell.
/// `columns` maps each fact column to its index in the row.
pub(crate) fn read_facts(
    sheet: &SheetRows,
    row: u32,
    cells: &[Data],
    columns: &[(Column, usize)],
    facts: &mut FactsJson,
    bad: &mut Vec<BadCell>,
) {
    let before = bad.len();
    let mut read = Vec::with_capacity(columns.len());
    for &(column, index) in columns {
        let value = cells
            .get(index)
            .map_or(Ok(String::new()), cell_text)
            .and_then(|text| fact_value(column, &text));
        match value {
            Ok(Some(value)) => {
                facts.set(column.field(), value.clone());
                read.push((column, index, value));
            }
            Ok(None) => {}
            Err(reason) => bad.push(sheet.bad(row, Some(index), reason)),
        }
    }
    let Err((field, reason)) = parse_facts(&facts.to_value()) else {
        return;
    };
    // The policy reader stops at the first bad field; read each cell on its own to report
    // every one.
    for (column, index, value) in read {
        let mut alone = FactsJson::default();
        alone.set(column.field(), value);
        if let Err((_, reason)) = parse_facts(&alone.to_value()) {
            bad.push(sheet.bad(row, Some(index), reason));
        }
    }
    if bad.len() == before {
        // Every cell reads on its own: the cells disagree with each other.
        let index = field.and_then(|f| {
            columns
                .iter()
                .find(|(c, _)| c.field() == f)
                .map(|(_, i)| *i)
        });
        bad.push(sheet.bad(row, index, reason));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_past_z_as_excel_counts_them() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn the_rejects_file_quotes_a_reason_with_a_comma() {
        let bad = BadCell {
            sheet: "名册".to_owned(),
            row: 7,
            column: "B".to_owned(),
            header: "技能等级".to_owned(),
            reason: "无法识别“九级”（expected 1-5, got 9）".to_owned(),
        };
        assert_eq!(
            String::from_utf8(rejects_csv(&[bad])).unwrap(),
            "sheet,row,column,header,reason\n名册,7,B,技能等级,\"无法识别“九级”（expected 1-5, got 9）\"\n"
        );
    }

    #[test]
    fn an_id_number_saved_as_a_number_is_refused_with_the_reason() {
        let err = cell_text(&Data::Float(210282197001011235.0)).unwrap_err();
        assert!(err.contains("超过 15 位"), "{err}");
        assert_eq!(cell_text(&Data::Float(210202.0)).unwrap(), "210202");
        assert_eq!(cell_text(&Data::Float(2.5)).unwrap(), "2.5");
    }
}
