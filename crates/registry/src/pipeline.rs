//! The streaming pipeline: a reader thread cuts the input into chunks of whole records, worker
//! threads screen chunks into output buffers, and the calling thread writes them back in input
//! order.
//!
//! ```text
//!            free buffers (K of them) ◀──────────────────────────────┐
//!                 │                                                  │
//!  input ──▶ reader ──chunk──▶ workers (one per core) ──chunk──▶ writer (in order) ──▶ output
//! ```
//!
//! Memory is bounded by the K chunk buffers, which circulate: the reader can only take a new
//! chunk when the writer has written and returned one, so however large the file and however
//! a worker lags, at most K chunks exist.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;
use std::time::Instant;

use crossbeam_channel::bounded;

use crate::columns::Header;
use crate::error::RegistryError;
use crate::plan::Plan;
use crate::records::{Fields, complete, first, records_at};
use crate::row::{Counts, Layout, REJECTS_HEADER, Worker, output_header};
use crate::summary::Summary;
use crate::xlsx;

/// How a screen runs.
#[derive(Debug, Clone, Copy)]
pub struct ScreenOptions {
    pub layout: Layout,
    /// Input bytes per chunk; a chunk always holds whole records, so one longer record makes its
    /// chunk longer.
    pub chunk_bytes: usize,
    /// Worker threads; 0 for one per core.
    pub workers: usize,
}

impl Default for ScreenOptions {
    fn default() -> Self {
        ScreenOptions {
            layout: Layout::Wide,
            // Half a megabyte (some 5,000 rows): the chunks in flight and their output stay
            // within the cores' caches, where 2 MB chunks measured some 5% slower end to end.
            chunk_bytes: 512 << 10,
            workers: 0,
        }
    }
}

/// How far a screen has got, reported after each chunk is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub bytes: u64,
    pub total_bytes: Option<u64>,
    pub rows: u64,
}

/// Where a screen writes: the output, and optionally the rejected rows
/// (`row,id_number,column,reason`).
pub struct Outputs<'a> {
    pub out: &'a mut dyn Write,
    pub rejects: Option<&'a mut dyn Write>,
}

/// Screens a registry file, `.csv` or `.xlsx`, chosen by its extension.
pub fn screen_path(
    path: &Path,
    plan: &Plan<'_>,
    outputs: Outputs<'_>,
    options: ScreenOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Summary, RegistryError> {
    let started = Instant::now();
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("csv") => {
            let read = |source| RegistryError::Read {
                path: path.to_owned(),
                source,
            };
            let file = File::open(path).map_err(read)?;
            let size = file.metadata().map_err(read)?.len();
            run(file, Some(size), plan, outputs, options, progress, started)
        }
        Some("xlsx") => {
            let csv = xlsx::to_csv(path)?;
            let size = csv.len() as u64;
            run(
                &csv[..],
                Some(size),
                plan,
                outputs,
                options,
                progress,
                started,
            )
        }
        _ => Err(RegistryError::UnsupportedFormat(path.to_owned())),
    }
}

/// Screens CSV text from any reader (UTF-8, header row first, an optional BOM).
pub fn screen(
    input: impl Read + Send,
    total_bytes: Option<u64>,
    plan: &Plan<'_>,
    outputs: Outputs<'_>,
    options: ScreenOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Summary, RegistryError> {
    run(
        input,
        total_bytes,
        plan,
        outputs,
        options,
        progress,
        Instant::now(),
    )
}

/// A chunk of whole records and the buffers its results go to.
#[derive(Default)]
struct Chunk {
    seq: u64,
    first_row: u64,
    records: u64,
    input: Vec<u8>,
    /// Where the input's lines end, found by the reader and used again by the worker.
    line_ends: Vec<usize>,
    output: Vec<u8>,
    rejects: Vec<u8>,
}

/// Reads until `buf` holds `target` bytes or the input ends; returns whether it ended. The bytes
/// go into the vector's spare capacity (`read_to_end`), not into space zeroed first: zeroing
/// every chunk before reading it cost about as much as the reading.
fn fill(input: &mut impl Read, buf: &mut Vec<u8>, target: usize) -> io::Result<bool> {
    let wanted = target.saturating_sub(buf.len());
    if wanted == 0 {
        return Ok(false);
    }
    buf.reserve(wanted);
    let read = input.take(wanted as u64).read_to_end(buf)?;
    Ok(read < wanted)
}

/// Reads the header row; returns it, the bytes read past it, and whether the input has ended.
fn read_header(
    input: &mut impl Read,
    chunk_bytes: usize,
) -> Result<(Header, Vec<u8>, bool), RegistryError> {
    let mut buf = Vec::new();
    let mut eof = false;
    let mut target = chunk_bytes.max(1);
    loop {
        eof = eof || fill(input, &mut buf, target).map_err(RegistryError::Input)?;
        let data = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf);
        if let Some((record, end)) = first(data, eof) {
            let mut fields = Fields::new();
            let row = fields.read(record, true);
            let cells = (0..row.len())
                .map(|i| std::str::from_utf8(row.get(i)))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| RegistryError::HeaderEncoding)?;
            let header = Header::resolve(&cells)?;
            let rest = data[end..].to_vec();
            return Ok((header, rest, eof));
        }
        if eof {
            return Err(RegistryError::Empty);
        }
        target = buf.len() * 2;
    }
}

fn run(
    mut input: impl Read + Send,
    total_bytes: Option<u64>,
    plan: &Plan<'_>,
    outputs: Outputs<'_>,
    options: ScreenOptions,
    progress: &mut dyn FnMut(Progress),
    started: Instant,
) -> Result<Summary, RegistryError> {
    let chunk_bytes = options.chunk_bytes.max(1);
    // A missing column is reported before any row is read.
    let (header, rest, eof) = read_header(&mut input, chunk_bytes)?;
    let Outputs { out, mut rejects } = outputs;
    out.write_all(&output_header(plan, options.layout))
        .map_err(RegistryError::Output)?;
    if let Some(rejects) = rejects.as_mut() {
        rejects
            .write_all(REJECTS_HEADER)
            .map_err(RegistryError::Output)?;
    }
    let workers = match options.workers {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    // Two chunks per worker keep every worker busy while the writer catches up; one more lets
    // the reader fill the next.
    let in_flight = 2 * workers + 1;
    let (free_tx, free_rx) = bounded::<Chunk>(in_flight);
    let (work_tx, work_rx) = bounded::<Chunk>(in_flight);
    let (done_tx, done_rx) = bounded::<Chunk>(in_flight);
    for _ in 0..in_flight {
        // Cannot fail: the channel has room for all of them and its receiver is alive.
        let _ = free_tx.send(Chunk::default());
    }
    let mut counts = Counts::new(plan.targets().len());
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut carry = rest;
            let mut eof = eof;
            let (mut seq, mut next_row) = (0, 1);
            while !(eof && carry.is_empty()) {
                // No free buffer ever again: the writer stopped.
                let Ok(mut chunk) = free_rx.recv() else {
                    break;
                };
                chunk.input.clear();
                chunk.input.append(&mut carry);
                let mut target = chunk_bytes;
                let (end, count) = loop {
                    if !eof {
                        eof = fill(&mut input, &mut chunk.input, target)
                            .map_err(RegistryError::Input)?;
                    }
                    let done = complete(&chunk.input, &mut chunk.line_ends);
                    if eof {
                        let count = records_at(&chunk.input, &chunk.line_ends).count();
                        break (chunk.input.len(), count as u64);
                    }
                    match done {
                        (0, _) => target = chunk.input.len() * 2,
                        done => break done,
                    }
                };
                carry.extend_from_slice(&chunk.input[end..]);
                chunk.input.truncate(end);
                chunk.seq = seq;
                chunk.first_row = next_row;
                chunk.records = count;
                seq += 1;
                next_row += count;
                if work_tx.send(chunk).is_err() {
                    break;
                }
            }
            Ok::<(), RegistryError>(())
        });
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (work_rx, done_tx) = (work_rx.clone(), done_tx.clone());
                let header = &header;
                scope.spawn(move || {
                    let mut worker = Worker::new(plan, header, options.layout);
                    for mut chunk in work_rx {
                        chunk.output.clear();
                        chunk.rejects.clear();
                        let screened = worker.chunk(
                            &chunk.input,
                            &chunk.line_ends,
                            chunk.first_row,
                            &mut chunk.output,
                            &mut chunk.rejects,
                        );
                        debug_assert_eq!(screened, chunk.records, "reader and worker cut alike");
                        if done_tx.send(chunk).is_err() {
                            break;
                        }
                    }
                    worker.counts().clone()
                })
            })
            .collect();
        drop((work_rx, done_tx));
        let written = write_in_order(done_rx, free_tx, out, rejects, total_bytes, progress);
        let read = reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        for handle in handles {
            let worker = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            counts.add(&worker);
        }
        written.and(read)
    })?;
    Ok(Summary::new(plan, &counts, started.elapsed().as_secs_f64()))
}

/// Writes chunks as they come back, in input order, and returns each buffer to the reader.
/// Returning (on success or on a write error) drops the channels, which stops the other threads.
fn write_in_order(
    done: crossbeam_channel::Receiver<Chunk>,
    free: crossbeam_channel::Sender<Chunk>,
    out: &mut dyn Write,
    mut rejects: Option<&mut dyn Write>,
    total_bytes: Option<u64>,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), RegistryError> {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    let mut done_so_far = Progress {
        bytes: 0,
        total_bytes,
        rows: 0,
    };
    for chunk in done {
        waiting.insert(chunk.seq, chunk);
        while let Some(chunk) = waiting.remove(&next) {
            out.write_all(&chunk.output)
                .map_err(RegistryError::Output)?;
            if let Some(rejects) = rejects.as_mut() {
                rejects
                    .write_all(&chunk.rejects)
                    .map_err(RegistryError::Output)?;
            }
            done_so_far.bytes += chunk.input.len() as u64;
            done_so_far.rows += chunk.records;
            progress(done_so_far);
            next += 1;
            // The reader has finished when this fails; the buffer is simply dropped.
            let _ = free.send(chunk);
        }
    }
    out.flush().map_err(RegistryError::Output)?;
    if let Some(rejects) = rejects {
        rejects.flush().map_err(RegistryError::Output)?;
    }
    Ok(())
}
