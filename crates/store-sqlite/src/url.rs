use std::fmt;
use std::path::PathBuf;

use moot_store::StoreError;

/// Where a SQLite database lives, parsed from `sqlite:moot.db`, `sqlite://path/to/moot.db`,
/// `sqlite:///abs/path.db` or `sqlite::memory:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqliteUrl {
    Memory,
    File(PathBuf),
}

impl SqliteUrl {
    pub fn parse(url: &str) -> Result<Self, StoreError> {
        let bad = |why: &str| StoreError::BadUrl {
            url: url.to_owned(),
            why: why.to_owned(),
        };
        let rest = url
            .strip_prefix("sqlite:")
            .ok_or_else(|| bad("a SQLite URL starts with sqlite:"))?;
        if rest == ":memory:" {
            return Ok(Self::Memory);
        }
        let path = rest.strip_prefix("//").unwrap_or(rest);
        let path = path.split('?').next().unwrap_or_default();
        if path.is_empty() {
            return Err(bad("no file name after sqlite:"));
        }
        Ok(Self::File(PathBuf::from(path)))
    }
}

impl fmt::Display for SqliteUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Memory => f.write_str("sqlite::memory:"),
            Self::File(p) => write!(f, "sqlite:{}", p.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            SqliteUrl::parse("sqlite:moot.db").ok(),
            Some(SqliteUrl::File("moot.db".into()))
        );
        assert_eq!(
            SqliteUrl::parse("sqlite://data/moot.db").ok(),
            Some(SqliteUrl::File("data/moot.db".into()))
        );
        assert_eq!(
            SqliteUrl::parse("sqlite:///var/moot.db").ok(),
            Some(SqliteUrl::File("/var/moot.db".into()))
        );
        assert_eq!(SqliteUrl::parse("sqlite::memory:").ok(), Some(SqliteUrl::Memory));
        assert!(SqliteUrl::parse("sqlite:").is_err());
        assert!(SqliteUrl::parse("mysql://x").is_err());
    }
}
