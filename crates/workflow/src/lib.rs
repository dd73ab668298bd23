//! 匠心的业务服务层：局里对一份申报做的每一件事，都经过这里的一个接口。
//!
//! The services: everything the bureau does to an application, behind one API so that the web
//! application and the HTTP API stay thin. Every transition
//!
//! * checks the caller's role against the stage's actor named in the program file
//!   ([`access::may_act`]) and the caller's scope against the application ([`Caller::sees`]: a
//!   district reviewer sees its own district only, and anything else does not exist for it);
//! * checks the stage's position, window and deadline ([`position`]), the program's quotas, and
//!   before a stage is passed the answers of the bodies it consults ([`consult`]);
//! * runs in one store transaction, so that a refusal changes nothing and every change lands in
//!   the hash-chained audit log together with the application's own history
//!   ([`jiangxin_store::events`]).
//!
//! Stages come from the program file, never from code: an application's path is the file's
//! `[[stages]]` from the first one its applicant acts in ([`position::path`]). Applications keep
//! the program version they were judged under and the eligibility [`Decision`] as evaluated, so
//! that a decision can be recomputed and explained later; the parameters a notice leaves to the
//! bureau are set per program version with their source ([`parameters`]).
#![forbid(unsafe_code)]

pub mod access;
pub mod admin;
pub mod applications;
pub mod approval;
pub mod attach;
pub mod consult;
pub mod error;
pub mod inspection;
pub mod ledger;
pub mod listing;
pub mod notice;
pub mod panel;
pub mod parameters;
pub mod position;
pub mod ranking;
pub mod recommend;
pub mod review;
pub mod staff;
pub mod worker;

use std::borrow::Cow;
use std::sync::Arc;

use chrono::{FixedOffset, NaiveDate, Utc};
use jiangxin_calendar::holidays::WorkCalendar;
use jiangxin_policy::{Program, ProgramSet};
use jiangxin_store::accounts::AccountId;
use jiangxin_store::programs::{self, ProgramVersion};
use jiangxin_store::{Actor, Digest, Store};

pub use access::{Caller, Scope, may_act};
pub use applications::{BatchDraft, NewDraft, with_known};
pub use approval::{Approved, Verification};
pub use attach::Upload;
pub use consult::ConsultationInput;
pub use error::{BatchRefusal, Result, WorkflowError};
pub use inspection::InspectionInput;
pub use jiangxin_policy::Decision;
pub use ledger::{PaymentLine, TermAssessment};
pub use notice::{ObjectionDecision, ObjectionInput};
pub use panel::{BallotInput, DocketEntry, PanelBoard, PanelOutcome};
pub use position::Position;
pub use ranking::{RankedCandidate, Selection};
pub use recommend::{NoticeRecord, RecommendationInput};
pub use review::ReviewVerdict;
pub use staff::StaffInput;

/// Today's date where the bureau is. Deadlines and notice periods are whole days in Beijing
/// time; a trait so that scenarios can run on the dates of the 2021 notices.
pub trait Clock: Send + Sync {
    fn today(&self) -> NaiveDate;
}

/// The computer's clock, in Beijing time (UTC+8, no daylight saving).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn today(&self) -> NaiveDate {
        let beijing = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
        Utc::now().with_timezone(&beijing).date_naive()
    }
}

/// The service layer: the store, the programs as currently published, the official calendar
/// and a clock.
pub struct Workflow {
    store: Store,
    programs: ProgramSet,
    /// Each program's file text, by program id, as it is stored for a program version.
    sources: Vec<(String, String)>,
    calendar: WorkCalendar,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Workflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workflow")
            .field("store", &self.store)
            .field("programs", &self.programs.len())
            .finish_non_exhaustive()
    }
}

impl Workflow {
    /// A workflow over the program files `(name, text)`, for example
    /// [`ProgramSet::builtin_files`]. Every file is validated here; a bad one is an error that
    /// names it.
    pub fn new(
        store: Store,
        files: &[(&str, &str)],
        calendar: WorkCalendar,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        let mut programs = ProgramSet::default();
        let mut sources = Vec::with_capacity(files.len());
        for (name, text) in files {
            let program = Program::from_toml_str(name, text)?;
            sources.push((program.id().to_owned(), (*text).to_owned()));
            programs.insert(program)?;
        }
        Ok(Self {
            store,
            programs,
            sources,
            calendar,
            clock,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn programs(&self) -> &ProgramSet {
        &self.programs
    }

    /// The official working-day calendar the windows are counted with.
    pub fn calendar(&self) -> &WorkCalendar {
        &self.calendar
    }

    /// A workflow over the same store, calendar and clock that publishes the program files
    /// `files` instead: how a new notice is activated without a restart. Every file is
    /// validated as in [`Workflow::new`].
    pub fn republish(&self, files: &[(&str, &str)]) -> Result<Self> {
        Self::new(
            self.store.clone(),
            files,
            self.calendar.clone(),
            Arc::clone(&self.clock),
        )
    }

    /// Loads an account with its scope, to act as.
    pub async fn caller(&self, account: AccountId) -> Result<Caller> {
        Caller::load(&self.store, account).await
    }

    /// Stores every program file as an immutable program version (again loading the same text
    /// is harmless; different text under a loaded version is refused by the store), in one
    /// transaction, and returns the versions in the programs' order.
    pub async fn load_program_versions(&self) -> Result<Vec<ProgramVersion>> {
        let tx = self.store.begin(Actor::system("workflow")).await?;
        let mut loaded = Vec::with_capacity(self.sources.len());
        for program in self.programs.iter() {
            loaded.push(self.load_version(&tx, program).await?);
        }
        tx.commit().await?;
        Ok(loaded)
    }

    async fn load_version(
        &self,
        tx: &jiangxin_store::Tx,
        program: &Program,
    ) -> Result<ProgramVersion> {
        Ok(programs::load(
            tx,
            program.id(),
            &program.meta.version,
            self.source(program.id()),
        )
        .await?
        .program)
    }

    fn source(&self, program_id: &str) -> &str {
        self.sources
            .iter()
            .find(|(id, _)| id == program_id)
            .map(|(_, text)| text.as_str())
            .expect("every program in the set has its source")
    }

    /// The programs to judge an application under its stored version with: the published set
    /// when it holds that very text, else the stored text parsed again (an older version).
    fn programs_for(&self, version: &ProgramVersion) -> Result<Cow<'_, ProgramSet>> {
        let published = self
            .programs
            .get(&version.program_id)
            .filter(|p| p.meta.version == version.version)
            .is_some_and(|p| Digest::of(self.source(p.id()).as_bytes()) == version.sha256);
        if published {
            return Ok(Cow::Borrowed(&self.programs));
        }
        let name = format!("program_version:{}", version.id);
        let mut set = ProgramSet::default();
        set.insert(Program::from_toml_str(&name, &version.source)?)?;
        Ok(Cow::Owned(set))
    }

    /// The program a stored version was published as: the published file when it holds that
    /// very text, else the stored text read again. For documents printed from stored records.
    pub fn program_of(&self, version: &ProgramVersion) -> Result<Program> {
        let programs = self.programs_for(version)?;
        Ok(program_in(&programs, version).clone())
    }

    fn today(&self) -> NaiveDate {
        self.clock.today()
    }
}

/// The program of a stored version, within a set [`Workflow::programs_for`] built for it.
fn program_in<'s>(programs: &'s ProgramSet, version: &ProgramVersion) -> &'s Program {
    programs
        .get(&version.program_id)
        .expect("the set was built for this program version")
}
