//! What signing in needs kept that is not a record: password hashes, sessions and the key the
//! sign-in form's token is signed with. None is in the change log or in dumps: a hash or a
//! key must never travel with the data, and sessions come and go with every sign-in (logging
//! them would move the log, and so empty every node's page cache, whenever anyone signed in).

use async_trait::async_trait;
use jiff::Timestamp;
use moot_domain::{AccountId, CouncilId};

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::{Result, StoreError};

/// The shortest password Moot accepts (the NCSC's advice is length over complexity).
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Hashes a new password with argon2id (default parameters) and a random salt, refusing one
/// that is too short. Slow on purpose: call it off the async threads.
pub fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(StoreError::Invalid(moot_domain::DomainError::invalid(
            "password",
            format!("use at least {MIN_PASSWORD_CHARS} characters"),
        )));
    }
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Backend(format!("hashing a password: {e}")))
}

/// Whether `password` matches the stored PHC string (in constant time). A malformed hash
/// matches nothing.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

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
    /// The installation's key for signing what is handed out before anyone signs in: the one
    /// kept already, or else `fresh`, kept from now on. Whichever node asks first, every node
    /// over the database gets the same key.
    async fn signing_key(&self, fresh: &str) -> Result<String>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let phc = hash_password("correct horse battery").expect("hash");
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &phc));
        assert!(!verify_password("correct horse battery!", &phc));
        assert!(!verify_password("anything", "not a hash"));
        assert!(hash_password("short").is_err());
    }
}
