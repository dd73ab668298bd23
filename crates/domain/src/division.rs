//! 行政区划代码 (GB/T 2260) as data.
//!
//! The table lives in `data/divisions.toml` at the workspace root, embedded at compile time and
//! read once. Divisions are renamed and merged every few years; keeping them as data means such a
//! change is a reviewed edit of one file, not a code change, and the province prefixes that check
//! resident IDs and credit codes come from the same file.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::Deserialize;
use thiserror::Error;

use crate::text::{normalise, text_value};

const DATA: &str = include_str!("../../../data/divisions.toml");

/// Why a division code or level could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DivisionError {
    #[error(
        "行政区划代码应为 6 位数字，实为 {found} 个字符（division code must be 6 digits, found {found} characters）"
    )]
    Length { found: usize },
    #[error(
        "行政区划代码第 {position} 位“{found}”不是数字（division code character {position} \"{found}\" is not a digit）"
    )]
    NonDigit { position: usize, found: char },
    #[error(
        "行政区划代码前两位“{prefix}”不是省级行政区代码（\"{prefix}\" is not the prefix of a province-level division）"
    )]
    UnknownProvince { prefix: String },
    #[error(
        "无法识别的行政区划级别“{input}”，应为 province、city、county 或 省级、地级、县级（unknown division level \"{input}\": expected province, city or county）"
    )]
    UnknownLevel { input: String },
}

/// A well-formed 6-digit division code whose first two digits name a real province-level
/// division. Any such code parses, whether or not the table knows it: resident IDs carry codes
/// from every county in the country and from decades of retired ones.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct DivisionCode([u8; 6]);

impl DivisionCode {
    pub fn parse(input: &str) -> Result<Self, DivisionError> {
        let text = normalise(input);
        // Six ASCII digits, nearly every input (a registry has a code on every row), are checked
        // on the bytes; the character walk below is for naming what is wrong with the others.
        if let Ok(code) = <[u8; 6]>::try_from(text.as_bytes())
            && code.iter().all(u8::is_ascii_digit)
            && is_province_prefix(&text[..2])
        {
            return Ok(Self(code));
        }
        let count = text.chars().count();
        if count != 6 {
            return Err(DivisionError::Length { found: count });
        }
        if let Some((index, found)) = text.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(DivisionError::NonDigit {
                position: index + 1,
                found,
            });
        }
        if !is_province_prefix(&text[..2]) {
            return Err(DivisionError::UnknownProvince {
                prefix: text[..2].to_owned(),
            });
        }
        let mut code = [0; 6];
        code.copy_from_slice(text.as_bytes());
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        // Six ASCII digits, checked by `parse`, the only way to make one.
        std::str::from_utf8(&self.0).expect("a division code is ASCII digits")
    }

    /// The six digits as a number, e.g. 210202, for integer comparisons on hot paths.
    pub fn number(&self) -> u32 {
        self.0
            .iter()
            .fold(0, |n, digit| n * 10 + u32::from(digit - b'0'))
    }
}

impl fmt::Debug for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DivisionCode").field(&self.as_str()).finish()
    }
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

text_value!(DivisionCode, DivisionError);

/// Rank of a division in the GB/T 2260 tree. `County` covers every county-level unit
/// (区、县、县级市); ordered from the top, so `Province < City < County`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub enum DivisionLevel {
    Province,
    City,
    County,
}

impl DivisionLevel {
    /// Accepts the English names used in the data file and the Chinese names 省级/地级/县级.
    pub fn parse(input: &str) -> Result<Self, DivisionError> {
        let text = normalise(input).to_ascii_lowercase();
        match text.as_str() {
            "province" | "省级" => Ok(Self::Province),
            "city" | "地级" => Ok(Self::City),
            "county" | "县级" => Ok(Self::County),
            _ => Err(DivisionError::UnknownLevel {
                input: input.trim().to_owned(),
            }),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::City => "city",
            Self::County => "county",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Province => "省级",
            Self::City => "地级",
            Self::County => "县级",
        }
    }
}

impl fmt::Display for DivisionLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

text_value!(DivisionLevel, DivisionError);

/// One entry of the division table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    code: DivisionCode,
    name: String,
    level: DivisionLevel,
    parent: Option<DivisionCode>,
    retired: Option<u16>,
    successor: Option<DivisionCode>,
    remote_source: Option<String>,
}

impl Division {
    pub fn code(&self) -> &DivisionCode {
        &self.code
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn level(&self) -> DivisionLevel {
        self.level
    }

    pub fn parent(&self) -> Option<&DivisionCode> {
        self.parent.as_ref()
    }

    /// Year the code was withdrawn, if it was.
    pub fn retired(&self) -> Option<u16> {
        self.retired
    }

    pub fn is_retired(&self) -> bool {
        self.retired.is_some()
    }

    /// The code that replaced this one when it was retired.
    pub fn successor(&self) -> Option<&DivisionCode> {
        self.successor.as_ref()
    }

    /// Whether this entry itself is marked remote. Retired codes inherit the mark from their
    /// successor, so rules should ask [`Divisions::is_remote`] instead.
    pub fn remote(&self) -> bool {
        self.remote_source.is_some()
    }

    /// The document that makes this area remote, e.g. `大人社发〔2021〕306号 一、(五)`.
    pub fn remote_source(&self) -> Option<&str> {
        self.remote_source.as_deref()
    }
}

/// The division table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Divisions {
    by_code: BTreeMap<DivisionCode, Division>,
}

impl Divisions {
    /// The table shipped in `data/divisions.toml`, read on first use.
    ///
    /// # Panics
    /// If the embedded file is malformed; the unit tests load it, so that cannot ship.
    pub fn builtin() -> &'static Divisions {
        static TABLE: OnceLock<Divisions> = OnceLock::new();
        TABLE.get_or_init(|| {
            Divisions::from_data(data()).unwrap_or_else(|e| panic!("data/divisions.toml: {e}"))
        })
    }

    /// The entry for exactly this code, retired or not.
    pub fn get(&self, code: &DivisionCode) -> Option<&Division> {
        self.by_code.get(code)
    }

    /// The entry in force for this code: a retired code is followed through its successors
    /// (210282 普兰店市 → 210214 普兰店区).
    pub fn current(&self, code: &DivisionCode) -> Option<&Division> {
        let mut division = self.get(code)?;
        // Loading rejects successor cycles, so this walk ends.
        while let Some(next) = division.successor() {
            division = self.get(next)?;
        }
        Some(division)
    }

    /// Whether a program rule treats the area as remote, judged on the division in force, so a
    /// retired code counts as remote exactly when its successor does. Unknown codes are not
    /// remote.
    pub fn is_remote(&self, code: &DivisionCode) -> bool {
        self.current(code).is_some_and(Division::remote)
    }

    /// Divisions in force directly below `code`, in code order. Retired codes are left out: they
    /// are no longer anyone's children, though [`get`](Self::get) still finds them.
    pub fn children<'a>(&'a self, code: &'a DivisionCode) -> impl Iterator<Item = &'a Division> {
        self.by_code
            .values()
            .filter(move |d| d.parent() == Some(code) && !d.is_retired())
    }

    /// Whether `code` lies inside `ancestor` (or is the same division), comparing the divisions in
    /// force, so 210282 is within 210200 and also within 210214. Codes the table does not know are
    /// within nothing.
    pub fn is_within(&self, code: &DivisionCode, ancestor: &DivisionCode) -> bool {
        let Some(ancestor) = self.current(ancestor) else {
            return false;
        };
        let mut division = self.current(code);
        while let Some(d) = division {
            if d.code() == ancestor.code() {
                return true;
            }
            division = d.parent().and_then(|p| self.current(p));
        }
        false
    }

    /// Every entry, retired ones included, in code order.
    pub fn iter(&self) -> impl Iterator<Item = &Division> {
        self.by_code.values()
    }

    fn from_data(data: &DataFile) -> Result<Self, String> {
        let mut by_code = BTreeMap::new();
        for entry in &data.division {
            let division = entry.to_division()?;
            let code = division.code.clone();
            if by_code.insert(code.clone(), division).is_some() {
                return Err(format!("{code} is listed twice"));
            }
        }
        let table = Self { by_code };
        table.check_links()?;
        Ok(table)
    }

    fn check_links(&self) -> Result<(), String> {
        for d in self.iter() {
            if let Some(parent) = d.parent() {
                let p = self
                    .get(parent)
                    .ok_or_else(|| format!("{}: parent {parent} is not in the table", d.code))?;
                if p.level >= d.level {
                    return Err(format!("{}: parent {parent} is not a higher level", d.code));
                }
            } else if d.level != DivisionLevel::Province {
                return Err(format!("{}: only a province may have no parent", d.code));
            }
            if d.is_retired() != d.successor.is_some() {
                return Err(format!("{}: `retired` and `successor` go together", d.code));
            }
            if d.is_retired() && d.remote() {
                return Err(format!(
                    "{}: a retired code inherits `remote` from its successor",
                    d.code
                ));
            }
            let mut seen = vec![&d.code];
            let mut next = d.successor();
            while let Some(code) = next {
                if seen.contains(&code) {
                    return Err(format!("{}: successor chain loops back to {code}", d.code));
                }
                seen.push(code);
                next = self
                    .get(code)
                    .ok_or_else(|| format!("{}: successor {code} is not in the table", d.code))?
                    .successor();
            }
        }
        Ok(())
    }
}

/// Whether `prefix` (two digits) starts a province-level division code. Every ID number and
/// division code asks, so the file's list is turned once into a table indexed by the number.
pub(crate) fn is_province_prefix(prefix: &str) -> bool {
    static TABLE: OnceLock<[bool; 100]> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = [false; 100];
        for p in &data().province_prefixes {
            if let (2, Ok(n)) = (p.len(), p.parse::<usize>()) {
                table[n] = true;
            }
        }
        table
    });
    match prefix.as_bytes() {
        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => {
            table[usize::from(a - b'0') * 10 + usize::from(b - b'0')]
        }
        _ => false,
    }
}

/// The division part of credit codes issued by central-level registration authorities.
pub(crate) fn central_registration_code() -> &'static str {
    &data().central_registration_code
}

/// The file as written, codes still as text: building [`DivisionCode`]s needs the province
/// prefixes, which live in this same file, so the raw read must come first.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DataFile {
    province_prefixes: Vec<String>,
    central_registration_code: String,
    division: Vec<DataEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DataEntry {
    code: String,
    name: String,
    level: DivisionLevel,
    parent: Option<String>,
    retired: Option<u16>,
    successor: Option<String>,
    #[serde(default)]
    remote: bool,
    remote_source: Option<String>,
}

impl DataEntry {
    fn to_division(&self) -> Result<Division, String> {
        let code = |text: &str| DivisionCode::parse(text).map_err(|e| e.to_string());
        let remote_source = match (self.remote, &self.remote_source) {
            (true, Some(source)) => Some(source.clone()),
            (false, None) => None,
            _ => {
                return Err(format!(
                    "{}: `remote = true` needs a `remote_source`, and only then",
                    self.code
                ));
            }
        };
        Ok(Division {
            code: code(&self.code)?,
            name: self.name.clone(),
            level: self.level,
            parent: self.parent.as_deref().map(code).transpose()?,
            retired: self.retired,
            successor: self.successor.as_deref().map(code).transpose()?,
            remote_source,
        })
    }
}

fn data() -> &'static DataFile {
    static FILE: OnceLock<DataFile> = OnceLock::new();
    FILE.get_or_init(|| toml::from_str(DATA).unwrap_or_else(|e| panic!("data/divisions.toml: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> DivisionCode {
        DivisionCode::parse(text).unwrap()
    }

    fn load(entries: &str) -> Result<Divisions, String> {
        let file: DataFile = toml::from_str(&format!(
            "province_prefixes = []\ncentral_registration_code = \"100000\"\n{entries}"
        ))
        .unwrap();
        Divisions::from_data(&file)
    }

    const LIAONING: &str =
        "[[division]]\ncode = \"210000\"\nname = \"辽宁省\"\nlevel = \"province\"\n";

    #[test]
    fn the_builtin_table_loads_and_holds_both_cities() {
        let table = Divisions::builtin();
        assert_eq!(table.iter().count(), 21);
        assert_eq!(
            table.get(&code("210200")).map(Division::name),
            Some("大连市")
        );
        assert_eq!(
            table.get(&code("441300")).map(Division::name),
            Some("惠州市")
        );
    }

    #[test]
    fn every_remote_entry_cites_its_source() {
        for d in Divisions::builtin().iter().filter(|d| d.remote()) {
            assert_eq!(
                d.remote_source(),
                Some("大人社发〔2021〕306号 一、(五)"),
                "{}",
                d.code()
            );
        }
    }

    #[test]
    fn province_prefixes_are_the_34_province_level_divisions_and_83() {
        let prefixes = &data().province_prefixes;
        assert_eq!(prefixes.len(), 35);
        assert!(
            prefixes
                .iter()
                .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
        );
        assert!(is_province_prefix("21") && is_province_prefix("83"));
        assert!(!is_province_prefix("10") && !is_province_prefix("99"));
    }

    #[test]
    fn a_child_whose_parent_is_missing_is_rejected() {
        let err = load("[[division]]\ncode = \"210200\"\nname = \"大连市\"\nlevel = \"city\"\nparent = \"210000\"\n")
            .unwrap_err();
        assert_eq!(err, "210200: parent 210000 is not in the table");
    }

    #[test]
    fn a_successor_cycle_is_rejected() {
        let entries = format!(
            "{LIAONING}[[division]]\ncode = \"210201\"\nname = \"甲\"\nlevel = \"county\"\nparent = \"210000\"\nretired = 2000\nsuccessor = \"210202\"\n\
             [[division]]\ncode = \"210202\"\nname = \"乙\"\nlevel = \"county\"\nparent = \"210000\"\nretired = 2001\nsuccessor = \"210201\"\n"
        );
        assert_eq!(
            load(&entries).unwrap_err(),
            "210201: successor chain loops back to 210201"
        );
    }

    #[test]
    fn remote_without_a_source_is_rejected() {
        let entries = format!(
            "{LIAONING}[[division]]\ncode = \"210224\"\nname = \"长海县\"\nlevel = \"county\"\nparent = \"210000\"\nremote = true\n"
        );
        assert_eq!(
            load(&entries).unwrap_err(),
            "210224: `remote = true` needs a `remote_source`, and only then"
        );
    }

    #[test]
    fn a_retired_code_marked_remote_itself_is_rejected() {
        let entries = format!(
            "{LIAONING}[[division]]\ncode = \"210214\"\nname = \"普兰店区\"\nlevel = \"county\"\nparent = \"210000\"\n\
             [[division]]\ncode = \"210282\"\nname = \"普兰店市\"\nlevel = \"county\"\nparent = \"210000\"\nretired = 2015\nsuccessor = \"210214\"\nremote = true\nremote_source = \"x\"\n"
        );
        assert_eq!(
            load(&entries).unwrap_err(),
            "210282: a retired code inherits `remote` from its successor"
        );
    }

    #[test]
    fn a_duplicated_code_is_rejected() {
        assert_eq!(
            load(&format!("{LIAONING}{LIAONING}")).unwrap_err(),
            "210000 is listed twice"
        );
    }

    #[test]
    fn a_parent_at_the_same_level_is_rejected() {
        let entries = format!(
            "{LIAONING}[[division]]\ncode = \"220000\"\nname = \"吉林省\"\nlevel = \"province\"\nparent = \"210000\"\n"
        );
        assert_eq!(
            load(&entries).unwrap_err(),
            "220000: parent 210000 is not a higher level"
        );
    }
}
