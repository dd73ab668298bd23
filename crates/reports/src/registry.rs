//! The talent registry's counts: by skill level, by social-insurance district, by unit type and
//! by honour, read a page at a time so that a large registry is counted in bounded memory.

use std::collections::{BTreeMap, BTreeSet};

use jiangxin_documents::format::skill_level;
use jiangxin_domain::division::Divisions;
use jiangxin_policy::Facts;
use jiangxin_store::talents::{self, TalentId};
use jiangxin_store::{Reader, StoreError};
use serde::Serialize;

use crate::error::Result;

/// Rows read per query.
const PAGE: u64 = 1000;

/// How many people of the registry have one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    /// The value as stored: a level's grade, a division code, a unit type, an honour; empty
    /// for “not known”.
    pub key: String,
    /// The value in words.
    pub name: String,
    pub people: u64,
}

/// The registry's counts. Every person is counted once in each of the first three lists (under
/// “not known” where the registry's cell was empty), and once for every kind of honour held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryStats {
    pub people: u64,
    /// Highest level first.
    pub by_skill_level: Vec<Count>,
    /// The largest first.
    pub by_district: Vec<Count>,
    pub by_unit_type: Vec<Count>,
    pub by_honour: Vec<Count>,
    /// People with no honour on record.
    pub without_honours: u64,
}

const UNKNOWN: &str = "未填写";

#[derive(Default)]
struct Tally(BTreeMap<String, (String, u64)>);

impl Tally {
    fn add(&mut self, key: Option<(String, String)>) {
        let (key, name) = key.unwrap_or_else(|| (String::new(), UNKNOWN.to_owned()));
        self.0.entry(key).or_insert((name, 0)).1 += 1;
    }

    /// The counts, the largest first; ties by key.
    fn by_size(self) -> Vec<Count> {
        let mut counts = self.counts();
        counts.sort_by(|a, b| b.people.cmp(&a.people).then_with(|| a.key.cmp(&b.key)));
        counts
    }

    fn counts(self) -> Vec<Count> {
        self.0
            .into_iter()
            .map(|(key, (name, people))| Count { key, name, people })
            .collect()
    }
}

pub async fn stats(reader: &impl Reader) -> Result<RegistryStats> {
    let divisions = Divisions::builtin();
    let (mut levels, mut districts, mut unit_types, mut honours) = (
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
    );
    let (mut people, mut without_honours) = (0, 0);
    let mut after: Option<TalentId> = None;
    loop {
        let page = talents::facts_page(reader, after, PAGE).await?;
        let Some((last, _)) = page.last() else {
            break;
        };
        after = Some(*last);
        for (_, facts) in page {
            // The import checked every row through the same reader.
            let facts = Facts::from_json(&facts.to_string()).map_err(|_| StoreError::Corrupt {
                what: "talents.facts",
            })?;
            let person = &facts.person;
            people += 1;
            // The grade as key, so that the levels sort highest (一级) first.
            levels.add(
                person
                    .skill_level
                    .map(|l| (l.grade().to_string(), skill_level(l))),
            );
            districts.add(person.social_security_district.as_ref().map(|d| {
                let code = d.code();
                let name = divisions
                    .get(code)
                    .map_or_else(|| code.as_str().to_owned(), |d| d.name().to_owned());
                (code.as_str().to_owned(), name)
            }));
            unit_types.add(
                facts
                    .unit
                    .unit_type
                    .map(|t| (t.name_zh().to_owned(), t.name_zh().to_owned())),
            );
            let held: BTreeSet<&str> = person
                .honours
                .iter()
                .flatten()
                .map(|h| h.kind().name_zh())
                .collect();
            if held.is_empty() {
                without_honours += 1;
            }
            for name in held {
                honours.add(Some((name.to_owned(), name.to_owned())));
            }
        }
    }
    let mut by_skill_level = levels.counts();
    // Known levels by grade (一级 first), then “not known”, whose key is empty.
    by_skill_level.sort_by_key(|c| (c.key.is_empty(), c.key.clone()));
    Ok(RegistryStats {
        people,
        by_skill_level,
        by_district: districts.by_size(),
        by_unit_type: unit_types.by_size(),
        by_honour: honours.by_size(),
        without_honours,
    })
}
