//! What signing in needs kept that is not a record: password hashes and sessions. Neither is
//! in the change log or in dumps: a hash must never travel with the data, and sessions come
//! and go with every sign-in (logging them would move the log, and so empty every node's page
//! cache, whenever anyone signed in).

use async_trait::async_trait;
use jiff::Timestamp;
use moot_domain::{AccountId, CouncilId};

use crate::Result;

/// A signed-in session. The cookie holds a random token; the store holds only its SHA-256, so
/// a copy of the database cannot be used to sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub token_hash: String,
    pub council: CouncilId,
    pub account: AccountId,
    /// The token every form of this session must carry back.
    pub csrf: String,
    pub created: Timestamp,
    pub seen: Timestamp,
}

#[async_trait]
pub trait Credentials: Send + Sync {
    /// The account's argon2 PHC string, if it has a password.
    async fn password(&self, council: CouncilId, account: AccountId) -> Result<Option<String>>;
    /// Sets the account's password hash and ends every session it has.
    async fn set_password(&self, council: CouncilId, account: AccountId, phc: &str) -> Result<()>;
    async fn start_session(&self, session: &Session) -> Result<()>;
    async fn session(&self, token_hash: &str) -> Result<Option<Session>>;
    async fn touch_session(&self, token_hash: &str, seen: Timestamp) -> Result<()>;
    async fn end_session(&self, token_hash: &str) -> Result<()>;
}
