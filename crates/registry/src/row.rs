//! One worker's job: each record of a chunk parsed into facts, evaluated, and written to the
//! chunk's output buffer. Everything here is reused from row to row: the field buffers, the
//! `Facts`, the verdict scratch space; a valid row in the wide layout allocates nothing.

use chrono::NaiveDate;
use jiangxin_policy::facts::{PersonText, TextList, UnitText};
use jiangxin_policy::model::Criterion;
use jiangxin_policy::{CriterionMemo, Facts, FactsError, Outcome, RootOrder, Verdicts};
use memchr::memchr;

use crate::columns::{Column, Header};
use crate::plan::Plan;
use crate::records::{Fields, Row, records_at};

/// What a screen writes.
///
/// With a plan that has a baseline ([`Plan::has_baseline`]) the output is always the changes,
/// `row,id_number,column,before,after`, whatever the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `row,id_number` and one column per target.
    Wide,
    /// One line per row and target: `row,id_number,program,outcome,failed,citations`.
    Long,
}

/// A cell of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cell {
    Eligible,
    Review,
    Ineligible,
    Invalid,
}

macro_rules! cell_texts {
    ($($variant:ident => $text:literal),*) => {
        impl Cell {
            pub(crate) fn as_str(self) -> &'static str {
                match self {
                    $(Cell::$variant => $text),*
                }
            }

            /// Appends `,` and the cell's text. Each arm copies a constant number of bytes,
            /// which the compiler writes inline, where a copy of `as_str`'s varying length is a
            /// call to `memcpy`, once per column of every row.
            fn append(self, out: &mut Vec<u8>) {
                match self {
                    $(Cell::$variant => out.extend_from_slice(concat!(",", $text).as_bytes())),*
                }
            }
        }
    };
}

cell_texts! {
    Eligible => "eligible",
    Review => "review",
    Ineligible => "ineligible",
    Invalid => "invalid"
}

impl From<Outcome> for Cell {
    fn from(outcome: Outcome) -> Cell {
        match outcome {
            Outcome::Eligible => Cell::Eligible,
            Outcome::Review => Cell::Review,
            Outcome::Ineligible => Cell::Ineligible,
        }
    }
}

/// Counts kept by each worker and added up at the end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub rows: u64,
    pub invalid: u64,
    /// Per target, per [`Cell`].
    pub cells: Vec<[u64; 4]>,
    /// Per target, rows whose outcome the overrides change.
    pub changed: Vec<u64>,
}

impl Counts {
    pub(crate) fn new(targets: usize) -> Counts {
        Counts {
            cells: vec![[0; 4]; targets],
            changed: vec![0; targets],
            ..Counts::default()
        }
    }

    pub(crate) fn add(&mut self, other: &Counts) {
        self.rows += other.rows;
        self.invalid += other.invalid;
        for (mine, theirs) in self.cells.iter_mut().zip(&other.cells) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m += t;
            }
        }
        for (mine, theirs) in self.changed.iter_mut().zip(&other.changed) {
            *mine += theirs;
        }
    }
}

/// Why a row is invalid: the column as the header wrote it (empty when the whole row is at
/// fault) and the reason, in Chinese with English, from the domain type that refused the cell.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BadCell {
    column: String,
    reason: String,
}

impl BadCell {
    fn at(header: &Header, column: Column, reason: impl Into<String>) -> BadCell {
        BadCell {
            column: header.written(column).to_owned(),
            reason: reason.into(),
        }
    }

    fn from_facts(header: &Header, err: FactsError) -> BadCell {
        match err {
            FactsError::Invalid { field, message } => BadCell {
                column: Column::of_field(&field)
                    .map(|c| header.written(c).to_owned())
                    .unwrap_or(field),
                reason: message,
            },
            other => BadCell {
                column: String::new(),
                reason: other.to_string(),
            },
        }
    }
}

/// The cells of a row as text.
struct Cells<'f> {
    fields: Row<'f>,
    header: &'f Header,
    /// All the row's fields as one string, when they are valid UTF-8 together: one check per row
    /// instead of one per cell, with SIMD (`simdutf8`), since Chinese text makes the standard
    /// check the costliest step of reading a row.
    all: Option<&'f str>,
}

impl<'f> Cells<'f> {
    fn new(fields: Row<'f>, header: &'f Header) -> Self {
        Cells {
            fields,
            header,
            all: simdutf8::basic::from_utf8(fields.all()).ok(),
        }
    }

    /// A cell, trimmed; an absent optional column reads as empty. A cell is checked on its own
    /// when the row as a whole is not valid UTF-8, so that bad bytes in a column the screen
    /// ignores do not make the row invalid. (`get` also refuses a cell whose ends split a
    /// character, which a valid whole can still hide.)
    #[inline(always)]
    fn text(&self, column: Column) -> Result<&'f str, BadCell> {
        let Some(index) = self.header.position(column) else {
            return Ok("");
        };
        let range = self.fields.range(index);
        let text = match self.all {
            Some(all) => all.get(range),
            None => std::str::from_utf8(&self.fields.all()[range]).ok(),
        };
        text.map(str::trim_ascii).ok_or_else(|| {
            BadCell::at(
                self.header,
                column,
                "不是有效的 UTF-8 文本，请将名册另存为 UTF-8（not valid UTF-8: save the registry as UTF-8）",
            )
        })
    }

    /// A yes/no cell: `1`/`0`, or `是`/`否` as a Chinese sheet may have it.
    #[inline]
    fn yes_no(&self, column: Column) -> Result<Option<bool>, BadCell> {
        Column::yes_no(self.text(column)?)
            .map_err(|reason| BadCell::at(self.header, column, reason))
    }

    /// A list cell; empty is an empty list.
    #[inline]
    fn list(&self, column: Column) -> Result<Option<TextList<'f>>, BadCell> {
        self.text(column).map(|text| Some(TextList::Joined(text)))
    }

    /// A cell whose emptiness means the fact is unknown.
    #[inline]
    fn known(&self, column: Column) -> Result<Option<&'f str>, BadCell> {
        self.text(column)
            .map(|text| (!text.is_empty()).then_some(text))
    }
}

/// Reads a row into `facts` through the policy crate's one reader of fact text, so every cell is
/// validated by its domain type exactly as a `--facts` file would be. List cells are lists of
/// what the person has: empty means none. Other empty cells are unknown facts, except the ID
/// number, which every row must have.
fn parse(
    fields: Row<'_>,
    header: &Header,
    today: NaiveDate,
    facts: &mut Facts,
) -> Result<(), BadCell> {
    let (found, expected) = (fields.len(), header.width());
    if found != expected {
        return Err(BadCell {
            column: String::new(),
            reason: format!(
                "本行有 {found} 列，表头有 {expected} 列（the row has {found} fields but the header has {expected}）"
            ),
        });
    }
    let cells = Cells::new(fields, header);
    let person = PersonText {
        name: cells.known(Column::Name)?,
        id_number: Some(cells.text(Column::IdNumber)?),
        skill_level: cells.known(Column::SkillLevel)?,
        enterprise_ranks: cells.list(Column::EnterpriseRanks)?,
        honours: cells.list(Column::Honours)?,
        social_security_district: cells.known(Column::SocialSecurityDistrict)?,
        frontline: cells.yes_no(Column::Frontline)?,
        contract_years: cells.known(Column::ContractYears)?,
        key_post_years: cells.known(Column::KeyPostYears)?,
        city_social_security_months: cells.known(Column::CitySocialSecurityMonths)?,
        district_continuous_months: cells.known(Column::DistrictContinuousMonths)?,
        income_ratio: cells.known(Column::IncomeRatio)?,
        introduction: cells.known(Column::Introduction)?,
        months_in_city_per_year: cells.known(Column::MonthsInCityPerYear)?,
        flags: cells.list(Column::Flags)?,
        ..PersonText::default()
    };
    let unit = UnitText {
        unit_type: cells.known(Column::UnitType)?,
        key_industry: cells.yes_no(Column::UnitKeyIndustry)?,
        tax_last_year_yuan: cells.known(Column::UnitTaxLastYear)?,
        ..UnitText::default()
    };
    person
        .parse_into_on(&mut facts.person, today)
        .map_err(|e| BadCell::from_facts(header, e))?;
    unit.parse_into(&mut facts.unit)
        .map_err(|e| BadCell::from_facts(header, e))
}

/// Appends one CSV field, quoted when it has to be.
pub(crate) fn field(out: &mut Vec<u8>, text: &[u8]) {
    // Tested over the whole field without stopping at the first hit, which lets the compiler
    // test sixteen bytes at a time; stopping early cost some ten instructions a byte, on every
    // row's ID.
    if !text.iter().fold(false, |any, b| {
        any | matches!(b, b',' | b'"' | b'\n' | b'\r')
    }) {
        out.extend_from_slice(text);
        return;
    }
    out.push(b'"');
    for &b in text {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// Appends a CSV line of fields, each quoted when it has to be, and its `\n`.
pub fn line<'a>(out: &mut Vec<u8>, fields: impl IntoIterator<Item = &'a [u8]>) {
    for (i, text) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        field(out, text);
    }
    out.push(b'\n');
}

/// Appends a row number, without going through `fmt`.
fn number(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0_u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// `row,id_number` — the start of every output line.
fn start(out: &mut Vec<u8>, row: u64, id: &[u8]) {
    number(out, row);
    out.push(b',');
    field(out, id);
}

/// Writes the output lines of rows and keeps the counts.
struct Writer<'a, 'p> {
    plan: &'a Plan<'p>,
    layout: Layout,
    /// Per target, the order its root criteria are tried in, learnt from this worker's rows.
    /// The baseline is the same program with other parameter values, so it shares the order.
    orders: Vec<RootOrder>,
    /// Per program, the verdicts of its shared criteria for the row at hand; the baseline's are
    /// its own, since other parameter values give other verdicts.
    memos: Vec<CriterionMemo>,
    baseline_memos: Vec<CriterionMemo>,
    scratch: Verdicts,
    failed: Vec<&'p Criterion>,
    citations: Vec<&'p str>,
    counts: Counts,
}

impl<'p> Writer<'_, 'p> {
    fn valid(&mut self, row: u64, id: &[u8], facts: &Facts, out: &mut Vec<u8>) {
        let plan = self.plan;
        for memo in self.memos.iter_mut().chain(&mut self.baseline_memos) {
            memo.next_facts();
        }
        match (plan.baseline.as_deref(), self.layout) {
            (Some(baseline), _) => {
                for (t, target) in plan.targets().iter().enumerate() {
                    let order = &mut self.orders[t];
                    let after = Cell::from(plan.programs[target.program].outcome_in_order(
                        target.category,
                        facts,
                        order,
                        &mut self.memos[target.program],
                    ));
                    let before = Cell::from(baseline[target.program].outcome_in_order(
                        target.category,
                        facts,
                        order,
                        &mut self.baseline_memos[target.program],
                    ));
                    self.counts.cells[t][after as usize] += 1;
                    if before != after {
                        self.counts.changed[t] += 1;
                        start(out, row, id);
                        out.push(b',');
                        line(
                            out,
                            [
                                target.name.as_bytes(),
                                before.as_str().as_bytes(),
                                after.as_str().as_bytes(),
                            ],
                        );
                    }
                }
            }
            (None, Layout::Wide) => {
                start(out, row, id);
                for (t, target) in plan.targets().iter().enumerate() {
                    let cell = Cell::from(plan.programs[target.program].outcome_in_order(
                        target.category,
                        facts,
                        &mut self.orders[t],
                        &mut self.memos[target.program],
                    ));
                    self.counts.cells[t][cell as usize] += 1;
                    cell.append(out);
                }
                out.push(b'\n');
            }
            (None, Layout::Long) => {
                for (t, target) in plan.targets().iter().enumerate() {
                    let program = &plan.programs[target.program];
                    let cell = Cell::from(program.outcome_with_failed(
                        target.category,
                        facts,
                        &mut self.scratch,
                        &mut self.failed,
                    ));
                    self.counts.cells[t][cell as usize] += 1;
                    // The citations of what failed; with nothing failed, the category's own.
                    self.citations.clear();
                    if self.failed.is_empty() {
                        self.citations
                            .push(&program.program().categories[target.category].citation);
                    }
                    for criterion in &self.failed {
                        if !self.citations.contains(&criterion.cited.citation.as_str()) {
                            self.citations.push(&criterion.cited.citation);
                        }
                    }
                    let ids: Vec<&str> = self.failed.iter().map(|c| c.id.as_str()).collect();
                    start(out, row, id);
                    out.push(b',');
                    line(
                        out,
                        [
                            target.name.as_bytes(),
                            cell.as_str().as_bytes(),
                            ids.join(";").as_bytes(),
                            self.citations.join(";").as_bytes(),
                        ],
                    );
                }
            }
        }
    }

    fn invalid(
        &mut self,
        row: u64,
        id: &[u8],
        bad: &BadCell,
        out: &mut Vec<u8>,
        rejects: &mut Vec<u8>,
    ) {
        self.counts.invalid += 1;
        for counts in &mut self.counts.cells {
            counts[Cell::Invalid as usize] += 1;
        }
        let invalid = Cell::Invalid.as_str().as_bytes();
        match (self.plan.has_baseline(), self.layout) {
            // Invalid before and after: not a change.
            (true, _) => {}
            (false, Layout::Wide) => {
                start(out, row, id);
                for _ in self.plan.targets() {
                    Cell::Invalid.append(out);
                }
                out.push(b'\n');
            }
            (false, Layout::Long) => {
                for target in self.plan.targets() {
                    start(out, row, id);
                    out.push(b',');
                    line(
                        out,
                        [
                            target.name.as_bytes(),
                            invalid,
                            bad.column.as_bytes(),
                            bad.reason.as_bytes(),
                        ],
                    );
                }
            }
        }
        start(rejects, row, id);
        rejects.push(b',');
        line(rejects, [bad.column.as_bytes(), bad.reason.as_bytes()]);
    }
}

pub(crate) struct Worker<'a, 'p> {
    header: &'a Header,
    fields: Fields,
    facts: Facts,
    writer: Writer<'a, 'p>,
}

impl<'a, 'p> Worker<'a, 'p> {
    pub(crate) fn new(plan: &'a Plan<'p>, header: &'a Header, layout: Layout) -> Self {
        Worker {
            header,
            fields: Fields::new(),
            facts: Facts::default(),
            writer: Writer {
                plan,
                layout,
                orders: vec![RootOrder::default(); plan.targets().len()],
                memos: plan.programs.iter().map(CriterionMemo::new).collect(),
                baseline_memos: plan
                    .baseline
                    .iter()
                    .flatten()
                    .map(CriterionMemo::new)
                    .collect(),
                scratch: Verdicts::default(),
                failed: Vec::new(),
                citations: Vec::new(),
                counts: Counts::new(plan.targets().len()),
            },
        }
    }

    /// Screens the records of `data` (whose line ends the reader found), numbering them from
    /// `first_row`; returns how many there were.
    pub(crate) fn chunk(
        &mut self,
        data: &[u8],
        line_ends: &[usize],
        first_row: u64,
        out: &mut Vec<u8>,
        rejects: &mut Vec<u8>,
    ) -> u64 {
        let mut row = first_row;
        // One vectorised search of the chunk: most registries quote nothing, and then no
        // record needs searching for a quote.
        let may_quote = memchr(b'"', data).is_some();
        for record in records_at(data, line_ends) {
            let fields = self.fields.read(record, may_quote);
            self.writer.counts.rows += 1;
            // The ID as the row wrote it: the key back into the user's file, even when invalid.
            let id = self
                .header
                .position(Column::IdNumber)
                .map_or(&[][..], |i| fields.get(i))
                .trim_ascii();
            match parse(fields, self.header, self.writer.plan.today, &mut self.facts) {
                Ok(()) => self.writer.valid(row, id, &self.facts, out),
                Err(bad) => self.writer.invalid(row, id, &bad, out, rejects),
            }
            row += 1;
        }
        row - first_row
    }

    pub(crate) fn counts(&self) -> &Counts {
        &self.writer.counts
    }
}

/// The header line of the output for a plan and layout.
pub(crate) fn output_header(plan: &Plan<'_>, layout: Layout) -> Vec<u8> {
    let names: Vec<&str> = match (plan.has_baseline(), layout) {
        (true, _) => vec!["row", "id_number", "column", "before", "after"],
        (false, Layout::Long) => vec![
            "row",
            "id_number",
            "program",
            "outcome",
            "failed",
            "citations",
        ],
        (false, Layout::Wide) => ["row", "id_number"]
            .into_iter()
            .chain(plan.targets().iter().map(|t| t.name.as_str()))
            .collect(),
    };
    let mut out = Vec::new();
    line(&mut out, names.iter().map(|s| s.as_bytes()));
    out
}

/// The header line of the rejects file.
pub(crate) const REJECTS_HEADER: &[u8] = b"row,id_number,column,reason\n";

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> String {
        let mut out = Vec::new();
        field(&mut out, text.as_bytes());
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_field_is_quoted_only_when_it_has_to_be() {
        assert_eq!(quoted("210202"), "210202");
        assert_eq!(quoted("a,b"), "\"a,b\"");
        assert_eq!(quoted("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quoted("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn a_cell_is_appended_as_a_comma_and_its_text() {
        for cell in [
            Cell::Eligible,
            Cell::Review,
            Cell::Ineligible,
            Cell::Invalid,
        ] {
            let mut out = b"x".to_vec();
            cell.append(&mut out);
            assert_eq!(out, format!("x,{}", cell.as_str()).as_bytes());
        }
    }

    #[test]
    fn row_numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 123_456_789, u64::MAX] {
            let mut out = Vec::new();
            number(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }
}
