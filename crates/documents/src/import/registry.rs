//! The talent registry (技能人才名册) from `.xlsx`: the columns `jiangxin_registry` defines,
//! English or Chinese headers, every required column present; each person's row becomes a
//! [`TalentRecord`] with its facts in the `--facts` JSON shape.

use std::collections::HashMap;
use std::io::{Read, Seek};
use std::path::Path;

use jiangxin_domain::id_number::ResidentId;
use jiangxin_registry::{Column, Header};
use serde_json::Value;

use super::{BadCell, FactsJson, Imported, SheetRows, cell_text, read_facts};
use crate::error::DocumentError;

/// A person of the registry as read: the ID number and name, and the facts (without the ID
/// number, which the store keeps encrypted, but with the birth date and gender read from it).
#[derive(Debug, Clone, PartialEq)]
pub struct TalentRecord {
    /// Excel's row number.
    pub row: u32,
    pub id_number: ResidentId,
    pub name: Option<String>,
    pub facts: Value,
}

/// Reads the registry from the first worksheet of an `.xlsx` file, or from a `.csv` file.
pub fn read_registry_file(path: &Path) -> Result<Imported<TalentRecord>, DocumentError> {
    read(SheetRows::from_path(path)?)
}

/// Reads the registry from an uploaded `.xlsx` file's bytes.
pub fn read_registry<RS: Read + Seek + Clone>(
    source: RS,
) -> Result<Imported<TalentRecord>, DocumentError> {
    read(SheetRows::from_reader(source)?)
}

fn read(sheet: SheetRows) -> Result<Imported<TalentRecord>, DocumentError> {
    let header = Header::resolve(&sheet.header).map_err(|e| DocumentError::Header {
        sheet: sheet.sheet.clone(),
        message: e.to_string(),
    })?;
    let facts_columns: Vec<(Column, usize)> = Column::ALL
        .iter()
        .filter(|c| !matches!(c, Column::IdNumber | Column::Name))
        .filter_map(|&c| header.position(c).map(|i| (c, i)))
        .collect();
    let id_at = header
        .position(Column::IdNumber)
        .expect("the ID number column is required");
    let name_at = header.position(Column::Name);
    let mut good = Vec::new();
    let mut bad: Vec<BadCell> = Vec::new();
    let mut seen: HashMap<ResidentId, u32> = HashMap::new();
    for (row, cells) in &sheet.rows {
        let before = bad.len();
        let text = |index: usize| cells.get(index).map_or(Ok(String::new()), cell_text);
        let id = match text(id_at) {
            Ok(id) if id.is_empty() => {
                Err("身份证号码每行必填（the ID number is required）".to_owned())
            }
            Ok(id) => ResidentId::parse(&id).map_err(|e| e.to_string()),
            Err(reason) => Err(reason),
        };
        let id = id
            .and_then(|id| match seen.get(&id) {
                Some(first) => Err(format!(
                    "与第 {first} 行是同一个身份证号码（the same ID number as row {first}）"
                )),
                None => Ok(id),
            })
            .map_err(|reason| bad.push(sheet.bad(*row, Some(id_at), reason)))
            .ok();
        let name = match name_at.map(text).transpose() {
            Ok(name) => name.filter(|n| !n.is_empty()),
            Err(reason) => {
                bad.push(sheet.bad(*row, name_at, reason));
                None
            }
        };
        let mut facts = FactsJson::default();
        if let Some(id) = &id {
            facts.identify(id, name.as_deref());
        }
        read_facts(&sheet, *row, cells, &facts_columns, &mut facts, &mut bad);
        if let (Some(id), true) = (id, bad.len() == before) {
            seen.insert(id.clone(), *row);
            good.push(TalentRecord {
                row: *row,
                id_number: id,
                name,
                facts: facts.to_value(),
            });
        }
    }
    Ok(Imported {
        sheet: sheet.sheet,
        rows: sheet.rows.len(),
        good,
        bad,
    })
}
