//! A program's summary workbook over the applications given, as the program's notice asks for
//! it (`[documents] summary`).
//!
//! A summary lists the applications that were submitted and not rejected: a draft is not yet an
//! application, and a rejected one is no longer a candidate. 201号 附件3 lists the recommended
//! ones only, since it is the units' recommendation list.

use chrono::NaiveDate;
use jiangxin_documents::forms::HighSkillCategory;
use jiangxin_documents::sheets::{
    ChiefTechnicianCandidate, ChiefTechnicianList, CraftsmanSummary, CraftsmanSummaryRow,
    HighSkillSummary, HighSkillSummaryRow, StudioCandidate, StudioList,
};
use jiangxin_policy::Program;
use jiangxin_policy::model::SummarySheet;
use jiangxin_store::applications::{self, Application};
use jiangxin_store::{Reader, programs, recommendations};
use jiangxin_workflow::{Position, Workflow};

use crate::error::{ReportError, Result};
use crate::record::Record;
use crate::{Document, XLSX};

/// Every application of a program, under any of its stored versions.
pub async fn program_applications(
    reader: &impl Reader,
    program_id: &str,
) -> Result<Vec<Application>> {
    let mut all = Vec::new();
    for version in programs::list(reader).await? {
        if version.program_id == program_id {
            all.extend(applications::for_program_version(reader, version.id).await?);
        }
    }
    Ok(all)
}

/// The summary of the published program `program_id` over those of `applications` that belong
/// to it and were submitted and not rejected (the caller passes what the asker may see). Ages
/// are counted on the program's reference date, or on `today` for a program without one.
pub async fn summary(
    workflow: &Workflow,
    program_id: &str,
    applications: Vec<Application>,
    today: NaiveDate,
) -> Result<Document> {
    let program = workflow
        .programs()
        .get(program_id)
        .ok_or_else(|| ReportError::UnknownProgram(program_id.to_owned()))?;
    let sheet = program
        .documents
        .as_ref()
        .and_then(|d| d.summary)
        .ok_or_else(|| ReportError::NoSummary(program_id.to_owned()))?;
    let store = workflow.store();
    let versions: Vec<_> = programs::list(store)
        .await?
        .into_iter()
        .filter(|v| v.program_id == program_id)
        .map(|v| v.id)
        .collect();
    let mut records = Vec::new();
    for application in applications {
        let listed = versions.contains(&application.program_version)
            && !matches!(
                Position::parse(&application.stage)?,
                Position::Draft | Position::Rejected(_)
            );
        if listed {
            records.push(Record::load(store, application).await?);
        }
    }
    records.sort_by_key(|r| r.application.id);
    let as_of = program.reference_date.as_ref().map_or(today, |r| r.date);
    let bytes = match sheet {
        SummarySheet::HighSkill => high_skill(&records, as_of)?,
        SummarySheet::CraftsmanRecommendation => craftsman(store, &records, as_of).await?,
        SummarySheet::StudioCandidates => studios(program, &records)?,
        SummarySheet::ChiefTechnicianCandidates => chief_technicians(program, &records, as_of)?,
    };
    Ok(Document {
        file_name: format!("{program_id}-summary.xlsx"),
        media_type: XLSX,
        bytes,
    })
}

/// The value every record shares, if they all have the same one: the unit that recommends
/// them all, or their one district.
fn shared(records: &[Record], value: impl Fn(&Record) -> Option<String>) -> Option<String> {
    let mut values = records.iter().map(value);
    let first = values.next()??;
    values.all(|v| v.as_ref() == Some(&first)).then_some(first)
}

fn high_skill(records: &[Record], as_of: NaiveDate) -> Result<Vec<u8>> {
    let rows = records
        .iter()
        .map(|record| {
            let person = record.person()?;
            Ok(HighSkillSummaryRow {
                category: HighSkillCategory::from_program_category(&record.application.category)
                    .ok_or(ReportError::Incomplete {
                        application: record.application.id,
                        what: "汇总表中的类别",
                        what_en: "a category the summary has a group for",
                    })?,
                name: person.name.clone(),
                id_number: person.id_number.clone(),
                ethnicity: None,
                education: None,
                occupation: None,
                skill_level: record.facts.person.skill_level,
                phone: person.phone.clone(),
                subsidy: record.amount_claimed(),
            })
        })
        .collect::<Result<_>>()?;
    Ok(HighSkillSummary {
        recommending_unit: shared(records, Record::unit_name),
        district_bureau: shared(records, Record::district_name).map(|d| format!("{d}人社局")),
        as_of,
        rows,
    }
    .to_xlsx()?)
}

async fn craftsman(store: &impl Reader, records: &[Record], as_of: NaiveDate) -> Result<Vec<u8>> {
    let mut rows = Vec::new();
    for record in records {
        let Some(recommendation) = recommendations::get(store, record.application.id).await? else {
            continue;
        };
        let person = record.person()?;
        rows.push(CraftsmanSummaryRow {
            industry: None,
            unit: record.unit_name().unwrap_or_default(),
            rank: recommendation.rank,
            name: person.name.clone(),
            id_number: person.id_number.clone(),
            ethnicity: None,
            political_status: None,
            occupation: None,
            education: None,
            phone: person.phone.clone(),
            address: None,
        });
    }
    // Units in the order of their names, so that the same records always print alike; the
    // sheet keeps each unit's candidates together in its rank order.
    rows.sort_by(|a, b| (&a.unit, a.rank).cmp(&(&b.unit, b.rank)));
    Ok(CraftsmanSummary {
        recommender: shared(records, Record::unit_name)
            .or_else(|| shared(records, Record::district_name)),
        contact_person: None,
        contact_phone: None,
        as_of,
        rows,
    }
    .to_xlsx()?)
}

fn studios(program: &Program, records: &[Record]) -> Result<Vec<u8>> {
    let rows = records
        .iter()
        .map(|record| {
            let unit = record.unit.as_ref().ok_or(ReportError::Incomplete {
                application: record.application.id,
                what: "申报单位",
                what_en: "the applying unit",
            })?;
            let leader = record.person()?;
            Ok(StudioCandidate {
                unit: unit.name.clone(),
                credit_code: unit.credit_code.clone(),
                district: record.district_name(),
                occupation: None,
                leader: leader.name.clone(),
                leader_id: leader.id_number.clone(),
                leader_level: record.facts.person.skill_level,
                phone: leader.phone.clone(),
                score: None,
            })
        })
        .collect::<Result<_>>()?;
    Ok(StudioList {
        title: format!("{}候选名单", program.meta.title),
        rows,
    }
    .to_xlsx()?)
}

fn chief_technicians(program: &Program, records: &[Record], as_of: NaiveDate) -> Result<Vec<u8>> {
    let rows = records
        .iter()
        .map(|record| {
            let person = record.person()?;
            Ok(ChiefTechnicianCandidate {
                name: person.name.clone(),
                id_number: person.id_number.clone(),
                unit: record.unit_name(),
                occupation: None,
                skill_level: record.facts.person.skill_level,
                district_months: record
                    .facts
                    .person
                    .district_continuous_months
                    .and_then(|months| months.as_int())
                    .and_then(|months| u32::try_from(months).ok()),
                phone: person.phone.clone(),
                score: None,
            })
        })
        .collect::<Result<_>>()?;
    Ok(ChiefTechnicianList {
        title: format!("{}候选名单", program.meta.title),
        as_of,
        rows,
    }
    .to_xlsx()?)
}
