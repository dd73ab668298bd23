//! Sets of programs: the five built into the binary, or a folder of program files.

use std::path::Path;

use crate::error::LoadError;
use crate::model::Program;

/// The program files compiled into the binary, so `jiangxin` works from any directory. The files
/// under `programs/` are the source; a new year's notice is a new file here and in that folder.
const BUILTIN: &[(&str, &str)] = &[
    (
        "dalian-high-skill-2021.toml",
        include_str!("../../../programs/dalian-high-skill-2021.toml"),
    ),
    (
        "dalian-craftsman-2021.toml",
        include_str!("../../../programs/dalian-craftsman-2021.toml"),
    ),
    (
        "dalian-master-studio-2024.toml",
        include_str!("../../../programs/dalian-master-studio-2024.toml"),
    ),
    (
        "dalian-skilled-talent-2011.toml",
        include_str!("../../../programs/dalian-skilled-talent-2011.toml"),
    ),
    (
        "huiyang-chief-technician-2024.toml",
        include_str!("../../../programs/huiyang-chief-technician-2024.toml"),
    ),
];

/// Loaded programs, in a stable order (built-ins in the order above; a folder by file name).
#[derive(Debug, Clone, Default)]
pub struct ProgramSet {
    programs: Vec<Program>,
}

impl ProgramSet {
    /// The built-in program files as compiled in, `(file name, text)`: the exact text that the
    /// workflow stores as an immutable program version.
    pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
        BUILTIN
    }

    /// The built-in programs.
    pub fn builtin() -> Result<ProgramSet, LoadError> {
        let mut set = ProgramSet::default();
        for (name, text) in BUILTIN {
            set.insert(Program::from_toml_str(&format!("builtin:{name}"), text)?)?;
        }
        Ok(set)
    }

    /// Every `*.toml` file directly in `dir` (the `tests/` sub-folder of rule tests is not read).
    pub fn load_dir(dir: &Path) -> Result<ProgramSet, LoadError> {
        let io = |source| LoadError::Io {
            path: dir.to_owned(),
            source,
        };
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .map(|entry| entry.map(|e| e.path()).map_err(io))
            .collect::<Result<_, _>>()?;
        paths.retain(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"));
        paths.sort();
        let mut set = ProgramSet::default();
        for path in paths {
            set.insert(Program::load(&path)?)?;
        }
        Ok(set)
    }

    /// Adds a program; two programs with one id are an error naming both files.
    pub fn insert(&mut self, program: Program) -> Result<(), LoadError> {
        if let Some(existing) = self.get(program.id()) {
            return Err(LoadError::DuplicateProgram {
                id: program.id().to_owned(),
                first: existing.source_name.clone(),
                second: program.source_name,
            });
        }
        self.programs.push(program);
        Ok(())
    }

    pub fn get(&self, id: &str) -> Option<&Program> {
        self.programs.iter().find(|p| p.id() == id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Program> {
        self.programs.iter()
    }

    pub fn len(&self) -> usize {
        self.programs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.programs.is_empty()
    }
}
