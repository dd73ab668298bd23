//! The naming rule for holiday files, shared by the build script (built-in years) and the
//! library (override directory) so both accept exactly the same names.

/// The year a holiday file is for, if its name is `YYYY.json` (four ASCII digits).
pub(crate) fn year_of_file_name(file_name: &str) -> Option<i32> {
    let stem = file_name.strip_suffix(".json")?;
    if stem.len() == 4 && stem.bytes().all(|b| b.is_ascii_digit()) {
        stem.parse().ok()
    } else {
        None
    }
}
