//! Embeds every `data/holiday-cn/YYYY.json` of the repository at compile time, so adding
//! a year's file needs no code change: cargo re-runs this script whenever the directory
//! changes.

#[path = "src/holidays/file_name.rs"]
mod file_name;

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

fn main() {
    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let data_dir = manifest_dir.join("../../data/holiday-cn");
    println!("cargo:rerun-if-changed={}", data_dir.display());
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/holidays/file_name.rs");

    let mut files: Vec<(i32, String, PathBuf)> = fs::read_dir(&data_dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", data_dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or_default()
                .to_owned();
            // A misnamed file is a mistake in the repository: stop the build rather than
            // leave a year out silently.
            let year = file_name::year_of_file_name(&name)
                .unwrap_or_else(|| panic!("{} is not named YYYY.json", path.display()));
            (year, name, path)
        })
        .collect();
    // Sorted so the generated code does not depend on directory order.
    files.sort();

    let mut generated = String::from(
        "/// Every built-in holiday file as (year of the notice, file name, JSON text).\n\
         const BUILTIN_SOURCES: &[(i32, &str, &str)] = &[\n",
    );
    for (year, name, path) in &files {
        let absolute = path
            .canonicalize()
            .unwrap_or_else(|e| panic!("cannot resolve {}: {e}", path.display()));
        writeln!(
            generated,
            "    ({year}, {:?}, include_str!({:?})),",
            format!("data/holiday-cn/{name}"),
            absolute.display().to_string(),
        )
        .expect("writing to a String cannot fail");
    }
    generated.push_str("];\n");

    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_holidays.rs");
    fs::write(&out, generated).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
