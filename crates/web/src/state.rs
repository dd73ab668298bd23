//! The state every handler shares: the workflow (store, programs, calendar, clock), the
//! attachment store and the server's settings.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use jiangxin_store::accounts::AccountId;
use jiangxin_store::blob::LocalBlobStore;
use jiangxin_workflow::Workflow;

use crate::clock::ServerClock;

/// How the server treats sessions and uploads.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Mark cookies `Secure`: the server runs behind TLS (a reverse proxy).
    pub secure_cookies: bool,
    /// A session unused for this long ends.
    pub idle_timeout: Duration,
    /// Consecutive failed log-ins that lock an account...
    pub lockout_failures: u32,
    /// ...for this long after the last of them.
    pub lockout_duration: Duration,
    /// The largest attachment accepted, in bytes.
    pub max_upload: u64,
    /// The data directory: new program files go to its `programs/`, holiday files to its
    /// `holiday-cn/`.
    pub data_dir: PathBuf,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            idle_timeout: Duration::from_secs(30 * 60),
            lockout_failures: 5,
            lockout_duration: Duration::from_secs(15 * 60),
            max_upload: jiangxin_store::attachments::DEFAULT_MAX_SIZE,
            data_dir: PathBuf::from(jiangxin_store::DEFAULT_DATA_DIR),
        }
    }
}

/// Shared by every request; cheap to clone.
#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

pub struct Inner {
    /// Behind a lock so that an administrator can activate a new program file without a
    /// restart: requests take the workflow as it is when they start.
    workflow: RwLock<Arc<Workflow>>,
    pub clock: Arc<ServerClock>,
    pub blobs: LocalBlobStore,
    pub settings: Settings,
    /// The account the public objection form records objections through: the bureau's intake
    /// desk, which the workflow requires to be an officer of the bureau (see `intake`).
    pub intake: AccountId,
}

impl std::ops::Deref for AppState {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(
        workflow: Workflow,
        clock: Arc<ServerClock>,
        blobs: LocalBlobStore,
        settings: Settings,
        intake: AccountId,
    ) -> Self {
        Self(Arc::new(Inner {
            workflow: RwLock::new(Arc::new(workflow)),
            clock,
            blobs,
            settings,
            intake,
        }))
    }

    /// The workflow with the programs published now.
    pub fn workflow(&self) -> Arc<Workflow> {
        Arc::clone(&self.workflow.read().expect("workflow lock"))
    }

    /// Publishes a workflow built over a new set of program files.
    pub fn replace_workflow(&self, workflow: Workflow) {
        *self.workflow.write().expect("workflow lock") = Arc::new(workflow);
    }

    pub fn store(&self) -> jiangxin_store::Store {
        self.workflow().store().clone()
    }

    pub fn today(&self) -> chrono::NaiveDate {
        use jiangxin_workflow::Clock;
        self.clock.today()
    }
}
