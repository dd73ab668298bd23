//! A unit's staff roster (职工名册), behind the scope rule: a unit officer reads and edits its
//! own unit's roster only; the reviewers read the rosters of the units they review (a district
//! reviewer its district's, the city reviewer any) and change nothing; for anyone else a roster
//! does not exist ([`WorkflowError::NotFound`]).

use chrono::NaiveDate;
use jiangxin_domain::skill::SkillLevel;
use jiangxin_store::accounts::Role;
use jiangxin_store::persons::NewPerson;
use jiangxin_store::staff::{self, NewStaff, StaffChange, StaffId, StaffMember};
use jiangxin_store::units::{self, UnitId};
use jiangxin_store::{EntityKind, Reader};

use crate::Workflow;
use crate::access::Caller;
use crate::error::{Result, WorkflowError, required_text};

/// A member as the unit officer enters them; the unit is the officer's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffInput {
    pub person: NewPerson,
    pub post: String,
    pub skill_level: Option<SkillLevel>,
    pub joined_on: NaiveDate,
}

impl Caller {
    /// The unit whose roster this caller keeps: a unit officer's own.
    fn roster_unit(&self) -> Result<UnitId> {
        match (self.role, self.unit) {
            (Role::UnitOfficer, Some(unit)) => Ok(unit),
            _ => Err(WorkflowError::forbidden(
                "职工名册由本单位经办人维护（only the unit's officer keeps its staff roster）",
            )),
        }
    }
}

impl Workflow {
    /// Whether the caller may read the unit's roster.
    async fn reads_roster(
        &self,
        reader: &impl Reader,
        caller: &Caller,
        unit: UnitId,
    ) -> Result<bool> {
        Ok(match caller.role {
            Role::UnitOfficer => caller.unit == Some(unit),
            Role::DistrictReviewer => {
                caller.district.is_some()
                    && caller.district == Some(units::get(reader, unit).await?.district)
            }
            Role::CityReviewer => true,
            Role::Individual | Role::Expert | Role::Finance | Role::Admin => false,
        })
    }

    /// A unit's roster, current staff first.
    pub async fn staff(&self, caller: &Caller, unit: UnitId) -> Result<Vec<StaffMember>> {
        if !self.reads_roster(&self.store, caller, unit).await? {
            return Err(WorkflowError::NotFound {
                entity: EntityKind::Unit,
                id: unit.to_string(),
            });
        }
        Ok(staff::of_unit(&self.store, unit).await?)
    }

    /// One member of a roster the caller may read.
    pub async fn staff_member(&self, caller: &Caller, id: StaffId) -> Result<StaffMember> {
        let member = staff::get(&self.store, id).await?;
        if !self.reads_roster(&self.store, caller, member.unit).await? {
            return Err(not_found(id));
        }
        Ok(member)
    }

    /// Adds a member to the caller's own unit, recording the person when the ID number is not
    /// on record yet.
    pub async fn add_staff(&self, caller: &Caller, input: &StaffInput) -> Result<StaffMember> {
        let unit = caller.roster_unit()?;
        let person = NewPerson {
            name: required_text(&input.person.name, "姓名", "the name")?,
            ..input.person.clone()
        };
        let post = required_text(&input.post, "岗位（工种）", "the post")?;
        self.not_after_today(input.joined_on, "入职日期", "joining")?;
        let tx = self.store.begin(caller.actor()).await?;
        let member = staff::add(
            &tx,
            &NewStaff {
                unit,
                person,
                post,
                skill_level: input.skill_level,
                joined_on: input.joined_on,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(member)
    }

    /// Replaces the post and skill level of a member of the caller's own unit.
    pub async fn change_staff(
        &self,
        caller: &Caller,
        id: StaffId,
        change: &StaffChange,
    ) -> Result<StaffMember> {
        let change = StaffChange {
            post: required_text(&change.post, "岗位（工种）", "the post")?,
            skill_level: change.skill_level,
        };
        let tx = self.store.begin(caller.actor()).await?;
        self.own_member(&tx, caller, id).await?;
        let member = staff::update(&tx, id, &change).await?;
        tx.commit().await?;
        Ok(member)
    }

    /// Marks a member of the caller's own unit as having left on `on`.
    pub async fn staff_left(
        &self,
        caller: &Caller,
        id: StaffId,
        on: NaiveDate,
    ) -> Result<StaffMember> {
        self.not_after_today(on, "离职日期", "leaving")?;
        let tx = self.store.begin(caller.actor()).await?;
        self.own_member(&tx, caller, id).await?;
        let member = staff::mark_left(&tx, id, on).await?;
        tx.commit().await?;
        Ok(member)
    }

    /// A member of the caller's own unit; a member of another unit does not exist for it.
    async fn own_member(
        &self,
        reader: &impl Reader,
        caller: &Caller,
        id: StaffId,
    ) -> Result<StaffMember> {
        let unit = caller.roster_unit()?;
        let member = staff::get(reader, id).await?;
        if member.unit == unit {
            Ok(member)
        } else {
            Err(not_found(id))
        }
    }

    fn not_after_today(&self, date: NaiveDate, what_zh: &str, what_en: &str) -> Result<()> {
        let today = self.clock.today();
        if date > today {
            Err(WorkflowError::invalid(format!(
                "{what_zh} {date} 晚于今天 {today}（the {what_en} date is in the future）"
            )))
        } else {
            Ok(())
        }
    }
}

fn not_found(id: StaffId) -> WorkflowError {
    WorkflowError::NotFound {
        entity: EntityKind::UnitStaff,
        id: id.to_string(),
    }
}
