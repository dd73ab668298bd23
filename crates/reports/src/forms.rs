//! The application form of a stored application, the one its program's notice attaches.

use jiangxin_documents::forms::{
    CraftsmanApplication, HighSkillApplication, HighSkillCategory, StudioApplication,
};
use jiangxin_pdf::Engine;
use jiangxin_policy::model::ApplicationForm;
use jiangxin_store::applications::Application;
use jiangxin_store::programs;
use jiangxin_workflow::Workflow;

use crate::error::{ReportError, Result};
use crate::record::Record;
use crate::{Document, PDF};

/// The form of `application` as a PDF, under the program version it was made under. The caller
/// has checked that whoever asks may see it.
pub async fn application_form(
    workflow: &Workflow,
    engine: &Engine,
    application: Application,
) -> Result<Document> {
    let store = workflow.store();
    let version = programs::get(store, application.program_version).await?;
    let program = workflow.program_of(&version)?;
    let form = program
        .documents
        .as_ref()
        .and_then(|d| d.application_form)
        .ok_or_else(|| ReportError::NoApplicationForm(program.id().to_owned()))?;
    let record = Record::load(store, application).await?;
    let id = record.application.id;
    let bytes = match form {
        ApplicationForm::HighSkill => {
            let category = HighSkillCategory::from_program_category(&record.application.category)
                .ok_or(ReportError::Incomplete {
                application: id,
                what: "申报书封面上的类别",
                what_en: "a category the form has a box for",
            })?;
            engine.high_skill_application(&HighSkillApplication {
                category,
                name: record.person()?.name.clone(),
                unit: record.unit_name().unwrap_or_default(),
            })?
        }
        ApplicationForm::Craftsman => {
            let person = record.details()?;
            engine.craftsman_application(&CraftsmanApplication {
                enterprise_class: record.unit.as_ref().and_then(|u| u.enterprise_class),
                unit: record.unit_name().unwrap_or_default(),
                contact: record.person()?.phone.clone(),
                person,
                ..CraftsmanApplication::default()
            })?
        }
        ApplicationForm::Studio => engine.studio_application(&StudioApplication {
            unit: record.unit_name().unwrap_or_default(),
            leader: record.details()?,
            ..StudioApplication::default()
        })?,
    };
    Ok(Document {
        file_name: format!("application-{id}.pdf"),
        media_type: PDF,
        bytes,
    })
}
