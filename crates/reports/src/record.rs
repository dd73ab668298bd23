//! What the records hold of one application, loaded once for every document that prints it.

use jiangxin_documents::forms::PersonDetails;
use jiangxin_domain::division::Divisions;
use jiangxin_domain::money::Money;
use jiangxin_policy::Facts;
use jiangxin_store::Reader;
use jiangxin_store::applications::Application;
use jiangxin_store::persons::{self, Person};
use jiangxin_store::units::{self, Unit};

use crate::error::{ReportError, Result};

pub(crate) struct Record {
    pub application: Application,
    pub person: Option<Person>,
    pub unit: Option<Unit>,
    pub facts: Facts,
}

impl Record {
    pub async fn load(reader: &impl Reader, application: Application) -> Result<Self> {
        let person = match application.applicant {
            Some(id) => Some(persons::get(reader, id).await?),
            None => None,
        };
        let unit = match application.unit {
            Some(id) => Some(units::get(reader, id).await?),
            None => None,
        };
        let facts = Facts::from_json(&application.facts.to_string()).map_err(|source| {
            ReportError::Facts {
                application: application.id,
                source,
            }
        })?;
        Ok(Self {
            application,
            person,
            unit,
            facts,
        })
    }

    /// The applicant (or a studio's leader), whom every form of a person names.
    pub fn person(&self) -> Result<&Person> {
        self.person.as_ref().ok_or(ReportError::Incomplete {
            application: self.application.id,
            what: "申报人",
            what_en: "an applicant",
        })
    }

    pub fn unit_name(&self) -> Option<String> {
        self.unit.as_ref().map(|u| u.name.clone())
    }

    /// The unit's district by name, as the lists write where a unit is.
    pub fn district_name(&self) -> Option<String> {
        let unit = self.unit.as_ref()?;
        Divisions::builtin()
            .get(&unit.district)
            .map(|d| d.name().to_owned())
    }

    /// The person's data a form's table asks for, as far as the records hold it: name and ID
    /// number (with gender and birth date), skill level from the declared facts, and the phone
    /// in the box it belongs to.
    pub fn details(&self) -> Result<PersonDetails> {
        let person = self.person()?;
        let mut details = PersonDetails::identified(&person.name, person.id_number.clone());
        details.skill_level = self.facts.person.skill_level;
        match &person.phone {
            Some(phone) if phone.is_mobile() => details.mobile = Some(phone.clone()),
            Some(phone) => details.landline = Some(phone.clone()),
            None => {}
        }
        Ok(details)
    }

    /// The money the application asks for: the sum of its monetary benefits as evaluated at
    /// submission; `None` without one, or while an amount is unknown (a parameter not yet set).
    pub fn amount_claimed(&self) -> Option<Money> {
        let benefits = self.application.decision.as_ref()?["benefits"].as_array()?;
        let amounts = benefits
            .iter()
            .filter(|b| b["monetary"].as_bool() == Some(true))
            .map(|b| serde_json::from_value::<Money>(b["total"].clone()).ok())
            .collect::<Option<Vec<Money>>>()?;
        if amounts.is_empty() {
            return None;
        }
        amounts.into_iter().sum()
    }
}
