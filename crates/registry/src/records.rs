//! Cutting CSV text into records and records into fields.
//!
//! A record ends at a `\n` outside quotes; a `\r` before it is dropped; blank lines are not
//! records. The reader thread uses [`complete`] to cut the input into chunks of whole records and
//! to count them (so each chunk knows its first row number before any worker sees it), and the
//! workers take the records at the line ends it found ([`records_at`]), so both always agree. [`Fields`] then splits a record
//! on the same quoting rules (RFC 4180, read leniently as spreadsheet exports need).

use std::ops::Range;

use memchr::{memchr, memchr_iter, memchr2};

use crate::error::RegistryError;

/// The index of the `\n` that ends the record starting at `start`, or `None` if `data` ends
/// first. A quote opens a quoted field only at the start of a field; inside one, `""` is a literal
/// quote and a `\n` belongs to the field.
fn record_end(data: &[u8], start: usize) -> Option<usize> {
    let mut at = start;
    loop {
        let hit = at + memchr2(b'"', b'\n', &data[at..])?;
        if data[hit] == b'\n' {
            return Some(hit);
        }
        at = hit + 1;
        if hit == start || data[hit - 1] == b',' {
            // Inside quotes until a quote that is not doubled.
            loop {
                let quote = at + memchr(b'"', &data[at..])?;
                if data.get(quote + 1) == Some(&b'"') {
                    at = quote + 2;
                } else {
                    at = quote + 1;
                    break;
                }
            }
        }
    }
}

/// The record's text without its line ending, or `None` for a blank line.
fn content(line: &[u8]) -> Option<&[u8]> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    (!line.is_empty()).then_some(line)
}

/// Where the records of `data` (from its start, a record boundary) end: each record's `\n`, in
/// order. Registry rows rarely quote a field, and without a quote anywhere in `data` every `\n`
/// ends a record, so one vectorised pass over all of `data` finds them; a search set up per
/// record, which quotes need ([`record_end`]), costs more than a record's share of that pass.
fn ends(data: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let quoted = memchr(b'"', data).is_some();
    let mut newlines = memchr_iter(b'\n', data);
    let mut start = 0;
    std::iter::from_fn(move || {
        let end = if quoted {
            record_end(data, start)?
        } else {
            newlines.next()?
        };
        start = end + 1;
        Some(end)
    })
}

/// The records of `data`, which starts at a record boundary; the last may lack its `\n`.
pub(crate) fn records(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut ends = ends(data);
    let mut start = 0;
    std::iter::from_fn(move || {
        while start < data.len() {
            let end = ends.next().unwrap_or(data.len());
            let line = &data[start..end];
            start = end + 1;
            if let Some(record) = content(line) {
                return Some(record);
            }
        }
        None
    })
}

/// The first record of `data` and where it ends (just past its `\n`), skipping blank lines;
/// `None` if it is not complete yet. At the end of the input (`eof`) an unterminated last line
/// counts.
pub(crate) fn first(data: &[u8], eof: bool) -> Option<(&[u8], usize)> {
    let mut start = 0;
    loop {
        let end = match record_end(data, start) {
            Some(end) => end,
            None if eof && start < data.len() => data.len(),
            None => return None,
        };
        if let Some(record) = content(&data[start..end]) {
            return Some((record, (end + 1).min(data.len())));
        }
        start = end + 1;
    }
}

/// Where the last complete record of `data` ends (just past its `\n`; 0 if none is complete)
/// and how many records lie before that point. The line ends found on the way (blank lines'
/// too) are left in `line_ends` for [`records_at`], so that a worker need not search again.
pub(crate) fn complete(data: &[u8], line_ends: &mut Vec<usize>) -> (usize, u64) {
    line_ends.clear();
    let (mut start, mut count) = (0, 0);
    for end in ends(data) {
        count += u64::from(content(&data[start..end]).is_some());
        line_ends.push(end);
        start = end + 1;
    }
    (start, count)
}

/// The records of `data`, given its line ends from [`complete`]: the same records as
/// [`records`], the text after the last end being a last record.
pub(crate) fn records_at<'d>(
    data: &'d [u8],
    line_ends: &'d [usize],
) -> impl Iterator<Item = &'d [u8]> {
    let mut start = 0;
    line_ends
        .iter()
        .copied()
        .chain(std::iter::once(data.len()))
        .filter_map(move |end| {
            let line = data.get(start..end).unwrap_or_default();
            start = end + 1;
            content(line)
        })
}

/// The fields of one record, read into reused buffers by the same quoting rules that cut the
/// records: a quote opens a quoted field only as its first character, `""` inside it is one
/// quote, and text after the closing quote up to the next comma still belongs to the field.
pub(crate) struct Fields {
    /// For a record with quoted fields, a copy in which they are unescaped in place (never
    /// longer than they were); the bytes a field no longer uses become spaces, so the whole
    /// stays valid UTF-8 exactly when the fields are. A record without quotes, nearly every
    /// one, is read where it lies, uncopied.
    bytes: Vec<u8>,
    ranges: Vec<Range<usize>>,
}

/// One record's fields, as [`Fields::read`] split it.
#[derive(Clone, Copy)]
pub(crate) struct Row<'r> {
    bytes: &'r [u8],
    ranges: &'r [Range<usize>],
}

impl Fields {
    pub(crate) fn new() -> Fields {
        Fields {
            bytes: Vec::with_capacity(1024),
            ranges: Vec::with_capacity(32),
        }
    }

    /// Splits one record (as [`records`] yields it) into fields. `may_quote` false says the
    /// caller knows the record has no quote (it searched its whole chunk at once), which spares
    /// a search per record.
    pub(crate) fn read<'r>(&'r mut self, record: &'r [u8], may_quote: bool) -> Row<'r> {
        self.ranges.clear();
        let bytes = if may_quote && memchr(b'"', record).is_some() {
            self.bytes.clear();
            self.bytes.extend_from_slice(record);
            self.read_quoted(record);
            &self.bytes[..]
        } else {
            self.read_unquoted(record);
            record
        };
        Row {
            bytes,
            ranges: &self.ranges,
        }
    }

    /// The fields of a record without quotes, nearly every record: the text between commas.
    /// Eight bytes are looked at together ([`byte_marks`]), so a record costs a few integer
    /// operations per word and per field instead of a comparison per byte; a record is too
    /// short for a vectorised search set up once per comma to pay.
    fn read_unquoted(&mut self, record: &[u8]) {
        let mut start = 0;
        let (words, tail) = record.as_chunks::<8>();
        for (word_index, word) in words.iter().enumerate() {
            let mut commas = byte_marks(u64::from_le_bytes(*word), b',');
            while commas != 0 {
                // The mark is the high bit of the comma's byte, little-endian.
                let at = word_index * 8 + commas.trailing_zeros() as usize / 8;
                self.ranges.push(start..at);
                start = at + 1;
                commas &= commas - 1;
            }
        }
        let tail_start = record.len() - tail.len();
        for (offset, _) in tail.iter().enumerate().filter(|(_, byte)| **byte == b',') {
            self.ranges.push(start..tail_start + offset);
            start = tail_start + offset + 1;
        }
        self.ranges.push(start..record.len());
    }

    /// The general case, by the quoting rules above; `bytes` holds the record as read.
    fn read_quoted(&mut self, record: &[u8]) {
        // One pass finds every comma; those inside quoted fields are skipped below.
        let mut commas = memchr_iter(b',', record);
        let mut at = 0;
        loop {
            let start = at;
            let mut written = None;
            if record.get(at) == Some(&b'"') {
                let mut end = at;
                at += 1;
                loop {
                    let Some(quote) = memchr(b'"', &record[at..]) else {
                        // An unclosed quote runs to the end of the record.
                        self.bytes.copy_within(at.., end);
                        end += record.len() - at;
                        at = record.len();
                        break;
                    };
                    self.bytes.copy_within(at..at + quote, end);
                    end += quote;
                    at += quote + 1;
                    if record.get(at) == Some(&b'"') {
                        self.bytes[end] = b'"';
                        end += 1;
                        at += 1;
                    } else {
                        break;
                    }
                }
                written = Some(end);
            }
            let comma = commas.find(|&c| c >= at).unwrap_or(record.len());
            let end = match written {
                Some(end) => {
                    self.bytes.copy_within(at..comma, end);
                    let end = end + (comma - at);
                    self.bytes[end..comma].fill(b' ');
                    end
                }
                None => comma,
            };
            self.ranges.push(start..end);
            if comma == record.len() {
                break;
            }
            at = comma + 1;
        }
    }
}

impl<'r> Row<'r> {
    pub(crate) fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Where field `index` lies in [`all`](Self::all); empty past the end.
    pub(crate) fn range(&self, index: usize) -> Range<usize> {
        self.ranges.get(index).cloned().unwrap_or(0..0)
    }

    /// The bytes of field `index`, unescaped; empty past the end.
    pub(crate) fn get(&self, index: usize) -> &'r [u8] {
        &self.bytes[self.range(index)]
    }

    /// The record with its fields unescaped in place.
    pub(crate) fn all(&self) -> &'r [u8] {
        self.bytes
    }
}

/// The high bit of each byte of `word` that equals `byte`, and no other bit. Exact per byte:
/// adding 0x7F to the low seven bits of a byte cannot carry into the next one, unlike the
/// shorter subtraction trick, whose borrow can mark the byte after a match.
const fn byte_marks(word: u64, byte: u8) -> u64 {
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (0x0101_0101_0101_0101 * byte as u64);
    // Per byte: the high bit of `(x & LOW) + LOW` is set when the low seven bits are not all
    // zero, so both it and `x`'s own high bit are clear only for a zero byte.
    !(((x & LOW) + LOW) | x | LOW)
}

/// The records of a whole CSV text (an optional BOM first) as text fields, for readers that
/// want rows rather than a screen: the registry import. Cut and split by the same rules as the
/// screen's. A record that is not UTF-8 is an error naming it (from 1, the header's number),
/// because such a file is usually a whole GBK export that has to be saved again as UTF-8.
pub fn csv_records(data: &[u8]) -> Result<Vec<Vec<String>>, RegistryError> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let mut fields = Fields::new();
    records(data)
        .enumerate()
        .map(|(index, record)| {
            let row = fields.read(record, true);
            (0..row.len())
                .map(|i| std::str::from_utf8(row.get(i)).map(str::to_owned))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| RegistryError::RecordEncoding(index as u64 + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(data: &str) -> Vec<String> {
        records(data.as_bytes())
            .map(|r| String::from_utf8(r.to_vec()).unwrap())
            .collect()
    }

    fn fields(record: &str) -> Vec<String> {
        let mut f = Fields::new();
        let row = f.read(record.as_bytes(), true);
        (0..row.len())
            .map(|i| String::from_utf8(row.get(i).to_vec()).unwrap())
            .collect()
    }

    #[test]
    fn a_whole_csv_reads_into_rows_of_text_without_its_bom() {
        let rows =
            csv_records("\u{feff}身份证号码,姓名\n\n110105194912310021,\"张,三\"\n".as_bytes())
                .unwrap();
        assert_eq!(
            rows,
            [
                vec!["身份证号码".to_owned(), "姓名".to_owned()],
                vec!["110105194912310021".to_owned(), "张,三".to_owned()]
            ]
        );
    }

    #[test]
    fn a_record_that_is_not_utf8_is_named_by_its_number() {
        let err = csv_records(b"id,name\n1,\xd5\xc5\n").unwrap_err();
        assert!(matches!(err, RegistryError::RecordEncoding(2)), "{err}");
    }

    #[test]
    fn records_end_at_newlines_outside_quotes_and_blank_lines_are_skipped() {
        assert_eq!(
            all("a,b\r\n\n\"x\ny\",c\n\r\nlast"),
            ["a,b", "\"x\ny\",c", "last"]
        );
    }

    #[test]
    fn a_quote_inside_an_unquoted_field_is_literal() {
        assert_eq!(all("张\"三,1\n李四,2\n"), ["张\"三,1", "李四,2"]);
    }

    #[test]
    fn doubled_quotes_stay_inside_a_quoted_field() {
        assert_eq!(all("\"a\"\"\nb\",1\nc\n"), ["\"a\"\"\nb\",1", "c"]);
        assert_eq!(fields("\"a\"\"\nb\",1"), ["a\"\nb", "1"]);
    }

    #[test]
    fn complete_stops_before_an_unfinished_record_and_counts_what_it_keeps() {
        let mut line_ends = Vec::new();
        let data = b"a\n\nb\n\"open\nquote";
        assert_eq!(complete(data, &mut line_ends), (5, 2));
        assert_eq!(line_ends, [1, 2, 4]);
        assert_eq!(complete(b"no newline yet", &mut line_ends), (0, 0));
        assert!(line_ends.is_empty());
    }

    #[test]
    fn the_first_record_skips_blank_lines_and_waits_for_its_end() {
        assert_eq!(
            first(b"\r\nid,name\r\n1,2", false),
            Some((&b"id,name"[..], 11))
        );
        assert_eq!(first(b"id,na", false), None);
        assert_eq!(first(b"id,na", true), Some((&b"id,na"[..], 5)));
        assert_eq!(first(b"\n\n", true), None);
    }

    #[test]
    fn without_quotes_every_newline_ends_a_record_and_blank_lines_are_still_skipped() {
        assert_eq!(all("a,b\r\n\nc\n\r\nlast"), ["a,b", "c", "last"]);
        let mut line_ends = Vec::new();
        assert_eq!(complete(b"a\r\n\nb\nno end", &mut line_ends), (6, 2));
        assert_eq!(line_ends, [2, 3, 5]);
    }

    #[test]
    fn complete_and_records_count_the_same_records_and_records_at_finds_them_again() {
        for data in [
            "h\r\n\r\n\"1\n\",x\n2\n\n3\n",
            "h\r\n\r\n1\n2\n\n3\nlast",
            "\n\"open\nend",
        ] {
            let mut line_ends = Vec::new();
            let (end, count) = complete(data.as_bytes(), &mut line_ends);
            let complete_part: Vec<String> = all(&data[..end]);
            assert_eq!(count, complete_part.len() as u64, "{data:?}");
            let again: Vec<String> = records_at(data.as_bytes(), &line_ends)
                .map(|r| String::from_utf8(r.to_vec()).unwrap())
                .collect();
            assert_eq!(again, all(data), "{data:?}");
        }
    }

    #[test]
    fn fields_are_unescaped_and_a_stray_carriage_return_is_data() {
        assert_eq!(fields("a,\"b,c\",,d\re"), ["a", "b,c", "", "d\re"]);
        assert_eq!(fields("\"x\"y,\"open"), ["xy", "open"]);
        assert_eq!(fields(",a,"), ["", "a", ""]);
        assert_eq!(fields("张\"三,1,\"2\""), ["张\"三", "1", "2"]);
        let long = "x".repeat(5000);
        assert_eq!(fields(&format!("{long},{long}")), [long.clone(), long]);
        let many = vec!["1"; 100].join(",");
        assert_eq!(fields(&many).len(), 100);
    }

    #[test]
    fn commas_are_found_at_every_position_of_a_word_and_a_quote_in_any_word_is_seen() {
        // Records of every length up to three words, with commas at every offset, next to bytes
        // one bit away from a comma ('-' and '-'), which a borrowing bit trick would mark.
        for len in 0..24 {
            for comma in 0..len {
                let mut record = vec![b'-'; len];
                record[comma] = b',';
                let text = String::from_utf8(record).unwrap();
                let expected: Vec<String> = text.split(',').map(str::to_owned).collect();
                assert_eq!(fields(&text), expected, "{text:?}");
                let quoted = format!("{text},\"a,b\"");
                let mut expected = expected;
                expected.push("a,b".to_owned());
                assert_eq!(fields(&quoted), expected, "{quoted:?}");
            }
        }
    }

    #[test]
    fn byte_marks_are_exact_for_every_byte_value() {
        for value in 0..=255_u8 {
            for position in 0..8 {
                let word = u64::from(value) << (position * 8)
                    | 0x2D2D_2D2D_2D2D_2D2D & !(0xFF << (position * 8));
                let expected = if value == b',' {
                    0x80 << (position * 8)
                } else {
                    0
                };
                assert_eq!(byte_marks(word, b','), expected, "{value:#x} at {position}");
            }
        }
    }
}
