//! Accounts and roles, as the system administrator manages them: create an account with a role
//! and the scope that role needs, give an account another role, lift a lock-out. Only an
//! administrator does any of it, and never to their own account, so that the last
//! administrator cannot lock themself out by mistake.
//!
//! Passwords are hashed by the caller (the web layer's argon2); this layer never sees one.

use jiangxin_domain::division::DivisionCode;
use jiangxin_store::accounts::{self, Account, AccountId, NewAccount, Role};
use jiangxin_store::audit::{self, AuditEvent};
use jiangxin_store::units::UnitId;
use jiangxin_store::{EntityKind, logins};

use crate::Workflow;
use crate::access::Caller;
use crate::error::{Result, WorkflowError, required_text};

impl Workflow {
    /// Every account, oldest first. For the administrator.
    pub async fn accounts(&self, caller: &Caller) -> Result<Vec<Account>> {
        require_admin(caller)?;
        Ok(accounts::list(&self.store).await?)
    }

    /// Creates an account with its role and scope; the login must be new.
    pub async fn create_account(&self, caller: &Caller, new: &NewAccount) -> Result<Account> {
        require_admin(caller)?;
        let login = required_text(&new.login, "用户名", "the login")?;
        let tx = self.store.begin(caller.actor()).await?;
        let account = accounts::insert(
            &tx,
            &NewAccount {
                login,
                ..new.clone()
            },
        )
        .await?;
        tx.commit().await?;
        Ok(account)
    }

    /// Gives another account a new role with its scope. An individual's account acts for one
    /// person and keeps that role: making it an officer's would hand that person's
    /// applications to whoever holds the account.
    pub async fn reassign_account(
        &self,
        caller: &Caller,
        account: AccountId,
        role: Role,
        district: Option<&DivisionCode>,
        unit: Option<UnitId>,
    ) -> Result<Account> {
        require_admin(caller)?;
        require_other(caller, account)?;
        let tx = self.store.begin(caller.actor()).await?;
        let found = accounts::get(&tx, account).await?;
        if found.role == Role::Individual
            && role != Role::Individual
            && accounts::person_of(&tx, account).await?.is_some()
        {
            return Err(WorkflowError::refused(
                "个人申报人账户对应本人，不能改为其他角色；请另建账户（an individual's account stays an individual's）",
            ));
        }
        let changed = accounts::reassign(&tx, account, role, district, unit).await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// Lifts the lock-out that repeated failed log-ins put on an account.
    pub async fn unlock_account(&self, caller: &Caller, account: AccountId) -> Result<()> {
        require_admin(caller)?;
        let tx = self.store.begin(caller.actor()).await?;
        accounts::get(&tx, account).await?;
        logins::forget(&tx, account).await?;
        audit::append(
            &tx,
            AuditEvent {
                action: "account.unlock".to_owned(),
                entity: EntityKind::Account,
                entity_id: account.to_string(),
            },
        );
        tx.commit().await?;
        Ok(())
    }
}

fn require_admin(caller: &Caller) -> Result<()> {
    if caller.role == Role::Admin {
        Ok(())
    } else {
        Err(WorkflowError::forbidden(
            "账户与角色由系统管理员管理（only an administrator manages accounts）",
        ))
    }
}

fn require_other(caller: &Caller, account: AccountId) -> Result<()> {
    if caller.account == account {
        Err(WorkflowError::refused(
            "不能更改本人账户的角色（an administrator does not change their own role）",
        ))
    } else {
        Ok(())
    }
}
