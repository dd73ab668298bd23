//! An xlsx registry: the first worksheet turned into CSV text, which then goes through exactly
//! the same pipeline as a CSV file. An xlsx file is a zip of XML that has to be read whole, so
//! the memory bound of a screen holds for CSV input only.

use std::fmt::Write as _;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use crate::error::RegistryError;
use crate::row::field;

/// The first worksheet as CSV text; fully empty rows are left out, as blank CSV lines are.
pub(crate) fn to_csv(path: &Path) -> Result<Vec<u8>, RegistryError> {
    let failed = |message: String| RegistryError::Xlsx {
        path: path.to_owned(),
        message,
    };
    let mut workbook = open_workbook_auto(path).map_err(|e| failed(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| failed("没有工作表（no worksheet）".to_owned()))?
        .map_err(|e| failed(e.to_string()))?;
    let mut out = Vec::new();
    let mut text = String::new();
    for row in range.rows() {
        if row.iter().all(|cell| *cell == Data::Empty) {
            continue;
        }
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            text.clear();
            cell_text(cell, &mut text);
            field(&mut out, text.as_bytes());
        }
        out.push(b'\n');
    }
    Ok(out)
}

/// A cell as the text a CSV export would hold. Whole numbers lose their `.0` (a district code
/// typed as a number is still `210202`); an 18-digit ID number stored as a number has already
/// lost its last digits in Excel and will fail its check character, as it should.
fn cell_text(cell: &Data, out: &mut String) {
    // Writing to a String cannot fail.
    let _ = match cell {
        Data::Empty => Ok(()),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => out.write_str(s),
        Data::Int(i) => write!(out, "{i}"),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => write!(out, "{}", *f as i64),
        Data::Float(f) => write!(out, "{f}"),
        Data::Bool(b) => out.write_str(if *b { "1" } else { "0" }),
        Data::DateTime(d) => match d.as_datetime() {
            Some(moment) => write!(out, "{}", moment.date().format("%Y-%m-%d")),
            None => write!(out, "{d}"),
        },
        Data::Error(e) => write!(out, "{e}"),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(cell: Data) -> String {
        let mut out = String::new();
        cell_text(&cell, &mut out);
        out
    }

    #[test]
    fn numbers_read_as_a_csv_export_would_write_them() {
        assert_eq!(text(Data::Float(210202.0)), "210202");
        assert_eq!(text(Data::Float(2.5)), "2.5");
        assert_eq!(text(Data::Int(60)), "60");
        assert_eq!(text(Data::Bool(true)), "1");
        assert_eq!(text(Data::Empty), "");
    }
}
