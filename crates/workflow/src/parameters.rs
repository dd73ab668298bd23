//! Parameters a notice leaves to the bureau (`set_by = "officer"`: 306号's salary subsidies, a
//! panel's quorum and pass threshold, 004's term start). An officer sets each for the published
//! program version with its source; evaluation, quotas and panels then use the value in force,
//! and a parameter still unset keeps the decision with a reviewer ("缺少参数").

use jiangxin_domain::division::DivisionCode;
use jiangxin_policy::model::{Parameter, SetBy};
use jiangxin_policy::value::ParamValue;
use jiangxin_policy::{ParameterOverrides, Program};
use jiangxin_store::StoreError;
use jiangxin_store::accounts::Role;
use jiangxin_store::parameters::{self, NewParameterValue, ParameterValue};

use crate::access::Caller;
use crate::error::{Result, WorkflowError, required_text};
use crate::{Workflow, program_in};

impl Workflow {
    /// Sets a parameter that the program file leaves to the officer, for the program's published
    /// version. The city reviewer sets any program's; a district reviewer only those of a program
    /// of its own district (004 is 惠阳区's). The value must read in the parameter's unit, and
    /// the source (the minutes or document that decided it) is required.
    pub async fn set_parameter(
        &self,
        caller: &Caller,
        program_id: &str,
        parameter_id: &str,
        value: &str,
        source: &str,
    ) -> Result<ParameterValue> {
        let source = required_text(source, "参数来源", "the parameter's source")?;
        let value = required_text(value, "参数取值", "the parameter's value")?;
        let program = self.programs.get(program_id).ok_or_else(|| {
            WorkflowError::invalid(format!("没有项目 {program_id}（no program {program_id}）"))
        })?;
        require_runs_program(caller, program, "设定参数", "set its parameters")?;
        let parameter = program
            .parameters
            .iter()
            .find(|p| p.id == parameter_id)
            .ok_or_else(|| {
                WorkflowError::invalid(format!(
                    "项目 {program_id} 没有参数 {parameter_id}（program {program_id} has no parameter {parameter_id}）"
                ))
            })?;
        if parameter.set_by != SetBy::Officer {
            return Err(WorkflowError::refused(format!(
                "参数 {parameter_id} 由通知规定（{}），不能由经办人员设定（parameter {parameter_id} is fixed by the notice）",
                parameter.cited.citation
            )));
        }
        parameter
            .unit
            .parse(&value)
            .map_err(WorkflowError::invalid)?;
        let tx = self.store.begin(caller.actor()).await?;
        let version = self.load_version(&tx, program).await?;
        let set = parameters::insert(
            &tx,
            &NewParameterValue {
                program_version: version.id,
                parameter: parameter.id.clone(),
                value,
                source,
                set_by: caller.account,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(set)
    }

    /// The officer-set values in force for the program's published version, by parameter id.
    pub async fn parameter_values(&self, program_id: &str) -> Result<Vec<ParameterValue>> {
        let program = self.programs.get(program_id).ok_or_else(|| {
            WorkflowError::invalid(format!("没有项目 {program_id}（no program {program_id}）"))
        })?;
        let Some(version) =
            jiangxin_store::programs::find(&self.store, program.id(), &program.meta.version)
                .await?
        else {
            return Ok(Vec::new());
        };
        Ok(parameters::in_force(&self.store, version.id).await?)
    }
}

impl Workflow {
    /// A stored program version, if the caller's bureau runs its program
    /// ([`require_runs_program`]).
    pub(crate) async fn managed_version(
        &self,
        reader: &impl jiangxin_store::Reader,
        caller: &Caller,
        version: jiangxin_store::programs::ProgramVersionId,
        what_zh: &str,
        what_en: &str,
    ) -> Result<jiangxin_store::programs::ProgramVersion> {
        let version = jiangxin_store::programs::get(reader, version).await?;
        let programs = self.programs_for(&version)?;
        require_runs_program(caller, program_in(&programs, &version), what_zh, what_en)?;
        Ok(version)
    }
}

/// Whether the caller belongs to the bureau that runs the program: the city reviewer for any
/// program, a district reviewer only for a program of its own district (004 is 惠阳区's).
pub fn runs_program(caller: &Caller, program: &Program) -> bool {
    let own_district = || {
        DivisionCode::parse(&program.meta.jurisdiction)
            .is_ok_and(|jurisdiction| caller.district.as_ref() == Some(&jurisdiction))
    };
    match caller.role {
        Role::CityReviewer => true,
        Role::DistrictReviewer => own_district(),
        _ => false,
    }
}

/// Refuses unless the caller belongs to the bureau that runs the program ([`runs_program`]).
/// `what` names the act refused, in Chinese and English.
pub(crate) fn require_runs_program(
    caller: &Caller,
    program: &Program,
    what_zh: &str,
    what_en: &str,
) -> Result<()> {
    if runs_program(caller, program) {
        Ok(())
    } else {
        Err(WorkflowError::forbidden(format!(
            "项目 {} 由市人社部门或项目所属区的人社部门{what_zh}（only the bureau that runs program {} may {what_en}）",
            program.id(),
            program.id()
        )))
    }
}

/// The officer-set values of one program version, as evaluation takes them.
pub(crate) fn overrides(program: &Program, values: &[ParameterValue]) -> ParameterOverrides {
    let mut overrides = ParameterOverrides::new();
    for value in values {
        overrides.set(
            format!("{}.{}", program.id(), value.parameter),
            &value.value,
        );
    }
    overrides
}

/// A parameter's value on `on`: the notice's, or else the officer's in force.
pub(crate) fn value_on(
    parameter: &Parameter,
    values: &[ParameterValue],
    on: chrono::NaiveDate,
) -> Result<Option<ParamValue>> {
    if let Some(value) = parameter.value_on(on) {
        return Ok(Some(value.clone()));
    }
    values
        .iter()
        .find(|v| v.parameter == parameter.id)
        .map(|v| {
            parameter.unit.parse(&v.value).map_err(|_| {
                WorkflowError::Store(StoreError::Corrupt {
                    what: "parameter_values.value",
                })
            })
        })
        .transpose()
}
