//! The Excel workbooks, one worksheet each, laid out for A4 landscape printing: a caption (附件N)
//! where the seed has one, the title, the lines above the table (推荐单位：（章） …), the header
//! row repeated on every printed page, the rows, and notes below.
//!
//! Cells are typed ([`Cell`]): amounts and counts are numbers, dates are dates (`yyyy-mm-dd`),
//! and ID numbers, account numbers and codes are text in a text-formatted cell, so that neither
//! Excel nor LibreOffice turns `210282197001011235` into `2.10282E+17`.

mod candidates;
mod craftsman;
mod high_skill;
mod payments;

use chrono::{Datelike, NaiveDate};
use jiangxin_domain::money::Money;
use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::error::DocumentError;

pub use candidates::{ChiefTechnicianCandidate, ChiefTechnicianList, StudioCandidate, StudioList};
pub use craftsman::{CraftsmanSummary, CraftsmanSummaryRow};
pub use high_skill::{HighSkillSummary, HighSkillSummaryRow};
pub use payments::{Payee, Payment, PaymentList};

/// A cell of a workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text, kept as text even when it is all digits (ID and account numbers, codes).
    Text(String),
    Integer(i64),
    Number(f64),
    /// Yuan with two decimals, as a number.
    Money(Money),
    Date(NaiveDate),
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_owned())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(value: Option<T>) -> Self {
        value.map_or(Cell::Empty, Into::into)
    }
}

impl From<Money> for Cell {
    fn from(amount: Money) -> Self {
        Cell::Money(amount)
    }
}

impl From<NaiveDate> for Cell {
    fn from(date: NaiveDate) -> Self {
        Cell::Date(date)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Integer(n)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Self {
        Cell::Integer(i64::from(n))
    }
}

impl From<f64> for Cell {
    fn from(n: f64) -> Self {
        Cell::Number(n)
    }
}

/// Any list the web application shows, as a workbook ("导出 Excel"): a title, the column
/// headers, and the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkList {
    /// The worksheet's name (at most 31 characters, no `[]:*?/\`).
    pub sheet: String,
    pub title: String,
    /// Lines under the title, e.g. the filter the list was made with and when.
    pub notes: Vec<String>,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl WorkList {
    pub fn to_xlsx(&self) -> Result<Vec<u8>, DocumentError> {
        Table {
            sheet: &self.sheet,
            caption: None,
            title: self.title.clone(),
            above: self.notes.clone(),
            columns: self
                .columns
                .iter()
                .map(|c| Column::new(c.clone(), width_of(c)))
                .collect(),
            rows: self.rows.clone(),
            group_column: false,
            below: Vec::new(),
        }
        .to_xlsx()
    }
}

/// A column: its header and width in characters.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    header: String,
    width: f64,
}

impl Column {
    pub(crate) fn new(header: impl Into<String>, width: f64) -> Self {
        Column {
            header: header.into(),
            width,
        }
    }
}

/// A header's width: a Chinese character is about two Latin ones wide.
fn width_of(header: &str) -> f64 {
    let units: usize = header
        .chars()
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum();
    (units as f64 + 2.0).max(10.0)
}

/// The one layout every workbook here shares.
pub(crate) struct Table<'a> {
    pub sheet: &'a str,
    /// `附件2`: the seed's attachment number, top left.
    pub caption: Option<&'a str>,
    pub title: String,
    pub above: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// The first column is a group label (306号 附件2's 项目): runs of the same label are merged.
    pub group_column: bool,
    pub below: Vec<String>,
}

struct Formats {
    caption: Format,
    title: Format,
    line: Format,
    header: Format,
    text: Format,
    group: Format,
    integer: Format,
    number: Format,
    money: Format,
    date: Format,
    empty: Format,
}

impl Formats {
    fn new() -> Self {
        // 宋体, as the forms ask (201号 附件1 填表说明 2); LibreOffice substitutes a CJK serif.
        let base = Format::new().set_font_name("宋体").set_font_size(11);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            caption: base.clone().set_font_name("黑体"),
            title: base
                .clone()
                .set_font_size(18)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            line: base.clone().set_align(FormatAlign::VerticalCenter),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center),
            text: cell.clone().set_num_format("@").set_text_wrap(),
            group: cell
                .clone()
                .set_text_wrap()
                .set_bold()
                .set_align(FormatAlign::Center),
            integer: cell
                .clone()
                .set_num_format("0")
                .set_align(FormatAlign::Center),
            number: cell.clone().set_num_format("0.00"),
            money: cell.clone().set_num_format("#,##0.00"),
            date: cell
                .clone()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Center),
            empty: cell,
        }
    }
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    // Dates come from ID numbers and the calendar: years 1800–9999 fit u16, and Excel itself
    // refuses what it cannot show.
    let year =
        u16::try_from(date.year()).map_err(|_| XlsxError::DateTimeRangeError(date.to_string()))?;
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => sheet.write_blank(row, col, &formats.empty)?,
        Cell::Text(text) => sheet.write_string_with_format(row, col, text, &formats.text)?,
        // Counts and ranks stay far below 2^53, where f64 is exact.
        Cell::Integer(n) => {
            sheet.write_number_with_format(row, col, *n as f64, &formats.integer)?
        }
        Cell::Number(n) => sheet.write_number_with_format(row, col, *n, &formats.number)?,
        Cell::Money(amount) => {
            sheet.write_number_with_format(row, col, amount.fen() as f64 / 100.0, &formats.money)?
        }
        Cell::Date(date) => {
            sheet.write_datetime_with_format(row, col, excel_date(*date)?, &formats.date)?
        }
    };
    Ok(())
}

impl Table<'_> {
    pub(crate) fn to_xlsx(&self) -> Result<Vec<u8>, DocumentError> {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        self.write(sheet)?;
        Ok(workbook.save_to_buffer()?)
    }

    fn write(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        let formats = Formats::new();
        let last_col = u16::try_from(self.columns.len().max(1) - 1)
            .map_err(|_| XlsxError::RowColumnLimitError)?;
        sheet.set_name(self.sheet)?;
        sheet
            .set_landscape()
            .set_paper_size(9)
            .set_print_fit_to_pages(1, 0);
        let mut row = 0_u32;
        if let Some(caption) = self.caption {
            sheet.write_string_with_format(row, 0, caption, &formats.caption)?;
            row += 1;
        }
        sheet.merge_range(row, 0, row, last_col, &self.title, &formats.title)?;
        sheet.set_row_height(row, 36)?;
        row += 1;
        for line in &self.above {
            sheet.merge_range(row, 0, row, last_col, line, &formats.line)?;
            sheet.set_row_height(row, 24)?;
            row += 1;
        }
        let header_row = row;
        for (col, column) in self.columns.iter().enumerate() {
            let col = col as u16;
            sheet.write_string_with_format(row, col, &column.header, &formats.header)?;
            sheet.set_column_width(col, column.width)?;
        }
        sheet.set_row_height(row, 30)?;
        sheet.set_repeat_rows(header_row, header_row)?;
        sheet.set_freeze_panes(header_row + 1, 0)?;
        row += 1;
        let first_data = row;
        for cells in &self.rows {
            for (col, cell) in cells.iter().enumerate() {
                write_cell(sheet, row, col as u16, cell, &formats)?;
            }
            row += 1;
        }
        if self.group_column {
            self.merge_groups(sheet, first_data, &formats)?;
        }
        for line in &self.below {
            sheet.merge_range(row, 0, row, last_col, line, &formats.line)?;
            row += 1;
        }
        Ok(())
    }

    /// Merges each run of rows with the same label in the first column into one cell.
    fn merge_groups(
        &self,
        sheet: &mut Worksheet,
        first_data: u32,
        formats: &Formats,
    ) -> Result<(), XlsxError> {
        let label = |cells: &Vec<Cell>| match cells.first() {
            Some(Cell::Text(text)) => Some(text.clone()),
            _ => None,
        };
        let mut start = 0;
        while start < self.rows.len() {
            let group = label(&self.rows[start]);
            let mut end = start;
            while end + 1 < self.rows.len() && label(&self.rows[end + 1]) == group {
                end += 1;
            }
            let (first, last) = (first_data + start as u32, first_data + end as u32);
            let text = group.unwrap_or_default();
            if last > first {
                sheet.merge_range(first, 0, last, 0, &text, &formats.group)?;
            } else {
                sheet.write_string_with_format(first, 0, &text, &formats.group)?;
            }
            start = end + 1;
        }
        Ok(())
    }
}
