//! Settings, layered: built-in defaults, then the TOML file, then `MOOT_*` environment
//! variables, then command-line flags; each layer overrides only what it sets.
//!
//! The file is read with `deny_unknown_fields`, so a misspelt key is an error that names the
//! file and line rather than a setting silently ignored.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::CliError;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
pub const DEFAULT_DATABASE: &str = "sqlite:moot.db";
pub const DEFAULT_BLOBS: &str = "moot-files";
pub const DEFAULT_SEARCH_INDEX: &str = "moot-search";
pub const DEFAULT_LOG: &str = "info";
pub const DEFAULT_S3_REGION: &str = "us-east-1";
/// Read when present and no other file is named.
pub const DEFAULT_CONFIG_FILE: &str = "moot.toml";

/// The settings in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    pub listen: SocketAddr,
    pub database: String,
    /// A folder, or `s3://bucket/prefix` for an S3-compatible object store.
    pub blobs: PathBuf,
    /// This server's search index: a folder of its own on local disk (one per server).
    pub search_index: PathBuf,
    pub log: String,
    /// The S3-compatible server's URL, for stores other than AWS itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3_endpoint: Option<String>,
    pub s3_region: String,
    /// Whether sign-in cookies are marked `Secure` (sent over HTTPS only).
    pub secure_cookies: bool,
}

/// One layer: whatever it sets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    pub listen: Option<SocketAddr>,
    pub database: Option<String>,
    pub blobs: Option<PathBuf>,
    pub search_index: Option<PathBuf>,
    pub log: Option<String>,
    pub s3_endpoint: Option<String>,
    pub s3_region: Option<String>,
    pub secure_cookies: Option<bool>,
}

impl Layer {
    /// Parses a config file's text; errors carry the line, column and what is wrong.
    pub fn from_toml(path: &Path, text: &str) -> Result<Self, CliError> {
        toml::from_str(text).map_err(|e| CliError::ConfigFile {
            path: path.to_owned(),
            message: e.to_string(),
        })
    }

    pub fn from_file(path: &Path) -> Result<Self, CliError> {
        let text = std::fs::read_to_string(path).map_err(|e| CliError::ConfigFile {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        Self::from_toml(path, &text)
    }

    /// The `MOOT_*` variables among `vars`; other variables are not Moot's business.
    pub fn from_env(vars: impl IntoIterator<Item = (String, String)>) -> Result<Self, CliError> {
        let mut layer = Self::default();
        for (key, value) in vars {
            match key.as_str() {
                "MOOT_LISTEN" => {
                    layer.listen = Some(value.parse().map_err(|e| {
                        CliError::Config(format!(
                            "MOOT_LISTEN={value:?} is not an address such as 127.0.0.1:8080 ({e})"
                        ))
                    })?);
                }
                "MOOT_DATABASE" => layer.database = Some(value),
                "MOOT_BLOBS" => layer.blobs = Some(value.into()),
                "MOOT_SEARCH_INDEX" => layer.search_index = Some(value.into()),
                "MOOT_LOG" => layer.log = Some(value),
                "MOOT_S3_ENDPOINT" => layer.s3_endpoint = Some(value),
                "MOOT_S3_REGION" => layer.s3_region = Some(value),
                "MOOT_SECURE_COOKIES" => {
                    layer.secure_cookies = Some(match value.as_str() {
                        "true" => true,
                        "false" => false,
                        _ => {
                            return Err(CliError::Config(format!(
                                "MOOT_SECURE_COOKIES={value:?} must be true or false"
                            )));
                        }
                    });
                }
                _ => {}
            }
        }
        Ok(layer)
    }

    fn over(self, lower: Self) -> Self {
        Self {
            listen: self.listen.or(lower.listen),
            database: self.database.or(lower.database),
            blobs: self.blobs.or(lower.blobs),
            search_index: self.search_index.or(lower.search_index),
            log: self.log.or(lower.log),
            s3_endpoint: self.s3_endpoint.or(lower.s3_endpoint),
            s3_region: self.s3_region.or(lower.s3_region),
            secure_cookies: self.secure_cookies.or(lower.secure_cookies),
        }
    }
}

/// Merges the layers, highest last: `resolve(file, env, flags)`.
pub fn resolve(file: Layer, env: Layer, flags: Layer) -> Result<Settings, CliError> {
    let merged = flags.over(env).over(file);
    let default_listen = DEFAULT_LISTEN
        .parse()
        .map_err(|_| CliError::Config(format!("built-in address {DEFAULT_LISTEN} does not parse")))?;
    Ok(Settings {
        listen: merged.listen.unwrap_or(default_listen),
        database: merged.database.unwrap_or_else(|| DEFAULT_DATABASE.to_owned()),
        blobs: merged.blobs.unwrap_or_else(|| DEFAULT_BLOBS.into()),
        search_index: merged.search_index.unwrap_or_else(|| DEFAULT_SEARCH_INDEX.into()),
        log: merged.log.unwrap_or_else(|| DEFAULT_LOG.to_owned()),
        s3_endpoint: merged.s3_endpoint,
        s3_region: merged.s3_region.unwrap_or_else(|| DEFAULT_S3_REGION.to_owned()),
        secure_cookies: merged.secure_cookies.unwrap_or(true),
    })
}

/// Which file to read: the one named (by flag or `MOOT_CONFIG`), which must exist, or
/// `moot.toml` in the working directory if there is one.
pub fn file_layer(named: Option<&Path>) -> Result<Layer, CliError> {
    match named {
        Some(path) => Layer::from_file(path),
        None if Path::new(DEFAULT_CONFIG_FILE).is_file() => Layer::from_file(Path::new(DEFAULT_CONFIG_FILE)),
        None => Ok(Layer::default()),
    }
}

/// A commented config file with every setting at its default, for `moot config example`.
pub fn example() -> String {
    format!(
        "# Moot configuration. Every setting is optional; shown here at its default.\n\
         # Precedence, lowest first: defaults, this file, MOOT_* environment variables, flags.\n\
         \n\
         # Address and port to serve on (MOOT_LISTEN, --listen).\n\
         listen = \"{DEFAULT_LISTEN}\"\n\
         \n\
         # Database URL (MOOT_DATABASE, --database): sqlite:PATH for the embedded database.\n\
         database = \"{DEFAULT_DATABASE}\"\n\
         \n\
         # Where uploaded documents and generated packs are kept (MOOT_BLOBS, --blobs): a folder,\n\
         # or s3://BUCKET/PREFIX for an S3-compatible object store shared by several servers.\n\
         # S3 credentials come only from the environment: MOOT_S3_ACCESS_KEY_ID and\n\
         # MOOT_S3_SECRET_ACCESS_KEY (or MOOT_S3_SECRET_ACCESS_KEY_FILE, a file holding it).\n\
         blobs = \"{DEFAULT_BLOBS}\"\n\
         \n\
         # This server's search index (MOOT_SEARCH_INDEX, --search-index): a folder on local disk,\n\
         # one per server; it is rebuilt from the database when missing, and kept in step.\n\
         search_index = \"{DEFAULT_SEARCH_INDEX}\"\n\
         \n\
         # The S3-compatible server, when it is not AWS (MOOT_S3_ENDPOINT), and its region (MOOT_S3_REGION).\n\
         # s3_endpoint = \"http://127.0.0.1:9000\"\n\
         s3_region = \"{DEFAULT_S3_REGION}\"\n\
         \n\
         # Log filter (MOOT_LOG, --log), e.g. \"info\" or \"moot_web=debug,info\".\n\
         log = \"{DEFAULT_LOG}\"\n\
         \n\
         # Sign-in cookies go over HTTPS only (MOOT_SECURE_COOKIES). Turn off only to try Moot\n\
         # over plain HTTP on a machine of your own; `moot serve --demo` does.\n\
         secure_cookies = true\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> SocketAddr {
        s.parse().unwrap_or_else(|_| SocketAddr::from(([0, 0, 0, 0], 1)))
    }

    fn layer(listen: Option<&str>, database: Option<&str>) -> Layer {
        Layer {
            listen: listen.map(addr),
            database: database.map(str::to_owned),
            ..Layer::default()
        }
    }

    #[test]
    fn each_layer_overrides_the_ones_below_only_where_it_speaks() {
        let file = layer(Some("127.0.0.1:1001"), Some("sqlite:file.db"));
        let env = layer(Some("127.0.0.1:1002"), None);
        let flags = layer(None, Some("sqlite:flag.db"));
        let s = resolve(file.clone(), env.clone(), flags).expect("settings");
        assert_eq!(s.listen, addr("127.0.0.1:1002"), "env beats file");
        assert_eq!(s.database, "sqlite:flag.db", "flag beats file");
        assert_eq!(s.blobs, PathBuf::from(DEFAULT_BLOBS), "default where nobody speaks");
        assert_eq!(s.search_index, PathBuf::from(DEFAULT_SEARCH_INDEX));

        let s = resolve(file.clone(), env, layer(Some("127.0.0.1:1003"), None)).expect("settings");
        assert_eq!(s.listen, addr("127.0.0.1:1003"), "flag beats env");

        let s = resolve(file, Layer::default(), Layer::default()).expect("settings");
        assert_eq!(
            (s.listen, s.database.as_str()),
            (addr("127.0.0.1:1001"), "sqlite:file.db"),
            "file beats default"
        );

        let s = resolve(Layer::default(), Layer::default(), Layer::default()).expect("settings");
        assert_eq!(
            (s.listen, s.database.as_str()),
            (addr(DEFAULT_LISTEN), DEFAULT_DATABASE)
        );
    }

    #[test]
    fn the_example_is_a_valid_config_of_the_defaults() {
        let layer = Layer::from_toml(Path::new("example.toml"), &example()).expect("parses");
        let from_example = resolve(layer, Layer::default(), Layer::default()).expect("settings");
        let defaults = resolve(Layer::default(), Layer::default(), Layer::default()).expect("settings");
        assert_eq!(from_example, defaults);
    }

    #[test]
    fn file_errors_name_the_file_the_line_and_the_problem() {
        let text = "listen = \"127.0.0.1:8080\"\ndatabse = \"sqlite:x.db\"\n";
        let err = Layer::from_toml(Path::new("/etc/moot.toml"), text).expect_err("misspelt key");
        let msg = err.to_string();
        assert!(
            msg.contains("/etc/moot.toml") && msg.contains("line 2") && msg.contains("databse"),
            "{msg}"
        );

        let err = Layer::from_toml(Path::new("m.toml"), "listen = \"not an address\"\n").expect_err("bad address");
        let msg = err.to_string();
        assert!(msg.contains("line 1") && msg.contains("address"), "{msg}");

        let err = Layer::from_toml(Path::new("m.toml"), "log = \"info\"\nlisten = [\n").expect_err("syntax");
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn only_moot_variables_are_read_and_bad_ones_are_named() {
        let vars = [
            ("HOME", "/root"),
            ("MOOT_DATABASE", "sqlite:env.db"),
            ("MOOT_SHARED", "../shared"),
        ];
        let layer = Layer::from_env(vars.map(|(k, v)| (k.to_owned(), v.to_owned()))).expect("env");
        assert_eq!(
            layer,
            Layer {
                database: Some("sqlite:env.db".into()),
                ..Layer::default()
            }
        );
        let err = Layer::from_env([("MOOT_LISTEN".to_owned(), "8080".to_owned())]).expect_err("bad");
        assert!(err.to_string().contains("MOOT_LISTEN"), "{err}");
    }
}
