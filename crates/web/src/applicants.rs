//! Whom an application is about, as the applicant's side names them: an individual applies as
//! themself; a unit officer names the person by ID number (recorded the first time they are
//! named) and applies for the officer's own unit. The workflow then checks that the caller may
//! apply for them.

use jiangxin_domain::id_number::ResidentId;
use jiangxin_domain::phone::Phone;
use jiangxin_store::Actor;
use jiangxin_store::accounts::Role;
use jiangxin_store::applications::Application;
use jiangxin_store::persons::{self, NewPerson, Person};
use jiangxin_store::units::{self, Unit};

use crate::auth::User;
use crate::error::{Result, WebError};
use crate::state::AppState;

/// A person as a unit officer names them: by ID number, with the name and phone used the first
/// time they are recorded.
pub struct NamedPerson {
    pub id_number: ResidentId,
    pub name: Option<String>,
    pub phone: Option<Phone>,
}

/// The person the caller applies for: an individual's own record, or the person a unit officer
/// names (found by ID number, else recorded).
pub async fn applicant(
    state: &AppState,
    user: &User,
    named: Option<NamedPerson>,
) -> Result<Option<Person>> {
    let store = state.store();
    if user.caller.role == Role::Individual {
        if named.is_some() {
            return Err(WebError::invalid(
                "个人以本人名义申报，不填写申报人（an individual applies as themself）",
            ));
        }
        let person = user.caller.person.ok_or_else(|| {
            WebError::Refused("账户尚未关联本人信息，请联系系统管理员".to_owned())
        })?;
        return Ok(Some(persons::get(&store, person).await?));
    }
    let Some(named) = named else {
        return Ok(None);
    };
    if let Some(person) = persons::find_by_id_number(&store, &named.id_number).await? {
        return Ok(Some(person));
    }
    let name = named
        .name
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| WebError::invalid("须填写申报人姓名（the applicant's name is required）"))?;
    let tx = store
        .begin(Actor::account(user.caller.account, user.caller.role))
        .await?;
    let person = persons::insert(
        &tx,
        &NewPerson {
            id_number: named.id_number,
            name,
            phone: named.phone,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Some(person))
}

/// The unit officer's own unit.
pub async fn caller_unit(state: &AppState, user: &User) -> Result<Option<Unit>> {
    match user.caller.unit {
        Some(unit) => Ok(Some(units::get(&state.store(), unit).await?)),
        None => Ok(None),
    }
}

/// The person and unit an application is about.
pub async fn parties(
    state: &AppState,
    application: &Application,
) -> Result<(Option<Person>, Option<Unit>)> {
    let store = state.store();
    let person = match application.applicant {
        Some(p) => Some(persons::get(&store, p).await?),
        None => None,
    };
    let unit = match application.unit {
        Some(u) => Some(units::get(&store, u).await?),
        None => None,
    };
    Ok((person, unit))
}
