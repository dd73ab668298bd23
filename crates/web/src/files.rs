//! The program files the server publishes: the built-in ones, and any new notice a bureau drops
//! into (or uploads to) the data directory's `programs/`, so that a new year's notice needs no
//! new binary.

use std::path::Path;

use jiangxin_policy::{LoadError, ProgramSet};

/// `(name, text)` of every program file: the built-in ones first, then `DATA_DIR/programs/*.toml`
/// in name order (the `tests/` sub-folder of rule tests is not read).
pub fn program_files(data_dir: &Path) -> Result<Vec<(String, String)>, LoadError> {
    let mut files: Vec<(String, String)> = ProgramSet::builtin_files()
        .iter()
        .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
        .collect();
    let dir = data_dir.join("programs");
    if !dir.is_dir() {
        return Ok(files);
    }
    let io = |source| LoadError::Io {
        path: dir.clone(),
        source,
    };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map_err(io)?
        .map(|entry| entry.map(|e| e.path()).map_err(io))
        .collect::<Result<_, _>>()?;
    paths.retain(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"));
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|source| LoadError::Io {
            path: path.clone(),
            source,
        })?;
        files.push((path.display().to_string(), text));
    }
    Ok(files)
}
