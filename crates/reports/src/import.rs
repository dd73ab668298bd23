//! Workbooks written into the store: batches of applications and the talent registry, read by
//! `jiangxin-documents`, which reports every bad cell and keeps the good rows.
//!
//! * A batch of applications becomes drafts through the workflow, as the importing account,
//!   in one transaction. Rows with bad cells are left out and reported, and the good rows are
//!   imported; but a good row the workflow refuses (a unit not the account's own, a category
//!   the account cannot apply in, an ID number on record under another name) refuses the whole
//!   batch: nothing is written, and the refused row is named. A batch is one act of its unit:
//!   half of it in the system and half not would be worse than none.
//! * The registry is upserted person by person in one transaction; rows with bad cells are left
//!   out and reported, the others are written.

use jiangxin_documents::import::BadCell;
use jiangxin_documents::import::Imported;
use jiangxin_documents::import::applications::ApplicationRow;
use jiangxin_documents::import::registry::TalentRecord;
use jiangxin_store::applications::ApplicationId;
use jiangxin_store::persons::NewPerson;
use jiangxin_store::talents::{self, NewTalent, Upserted};
use jiangxin_store::{Actor, Store, units};
use jiangxin_workflow::{BatchDraft, Caller, Workflow};

use crate::error::{ReportError, Result};

/// What a batch of applications became.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicationsImported {
    pub sheet: String,
    /// Data rows read.
    pub rows: usize,
    /// Each draft created, with the row it came from.
    pub created: Vec<(u32, ApplicationId)>,
    /// The rows left out, cell by cell.
    pub bad: Vec<BadCell>,
}

/// Creates the good rows of `read` as drafts of `caller`, all or none; see the module.
pub async fn import_applications(
    workflow: &Workflow,
    caller: &Caller,
    read: Imported<ApplicationRow>,
) -> Result<ApplicationsImported> {
    let refused = |row: u32, reason: String| ReportError::Refused {
        sheet: read.sheet.clone(),
        row,
        reason,
    };
    let mut drafts = Vec::with_capacity(read.good.len());
    for row in &read.good {
        let unit = match &row.unit {
            Some(code) => Some(
                units::find_by_credit_code(workflow.store(), code)
                    .await?
                    .ok_or_else(|| {
                        refused(
                            row.row,
                            format!(
                                "没有统一社会信用代码为 {} 的单位（no unit has this credit code）",
                                code.as_str()
                            ),
                        )
                    })?
                    .id,
            ),
            // A person's application is made through the unit the account acts for, if any.
            None => caller.unit,
        };
        drafts.push(BatchDraft {
            program_id: row.program.clone(),
            category: row.category.clone(),
            applicant: row
                .applicant
                .clone()
                .zip(row.name.clone())
                .map(|(id_number, name)| NewPerson {
                    id_number,
                    name,
                    phone: row.phone.clone(),
                }),
            unit,
            facts: row.facts.clone(),
        });
    }
    let created = if drafts.is_empty() {
        Vec::new()
    } else {
        workflow
            .create_drafts(caller, &drafts)
            .await
            .map_err(|refusal| refused(read.good[refusal.index].row, refusal.error.to_string()))?
    };
    Ok(ApplicationsImported {
        created: read
            .good
            .iter()
            .zip(&created)
            .map(|(row, application)| (row.row, application.id))
            .collect(),
        sheet: read.sheet,
        rows: read.rows,
        bad: read.bad,
    })
}

/// What a registry import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryImported {
    pub sheet: String,
    /// Data rows read.
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// The rows left out, cell by cell.
    pub bad: Vec<BadCell>,
}

/// Upserts the good rows of `read` into the registry in one transaction, as `actor`, noting
/// `source` (the file) on each row written.
pub async fn import_registry(
    store: &Store,
    actor: Actor,
    read: Imported<TalentRecord>,
    source: &str,
) -> Result<RegistryImported> {
    let tx = store.begin(actor).await?;
    let (mut created, mut updated, mut unchanged) = (0, 0, 0);
    for record in read.good {
        let upserted = talents::upsert(
            &tx,
            &NewTalent {
                id_number: record.id_number,
                name: record.name,
                facts: record.facts,
                source: source.to_owned(),
            },
        )
        .await?;
        match upserted {
            Upserted::Created => created += 1,
            Upserted::Updated => updated += 1,
            Upserted::Unchanged => unchanged += 1,
        }
    }
    tx.commit().await?;
    Ok(RegistryImported {
        sheet: read.sheet,
        rows: read.rows,
        created,
        updated,
        unchanged,
        bad: read.bad,
    })
}
