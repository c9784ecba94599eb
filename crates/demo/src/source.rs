//! Where the demo's files come from: compiled into the binary, or a folder of the same shape.

use std::path::Path;

use crate::DemoError;

/// One demo file: its name as reported in errors, and its text.
#[derive(Debug, Clone)]
pub struct DemoFile {
    pub name: String,
    pub text: String,
}

/// The files of a demo dataset.
#[derive(Debug, Clone)]
pub struct DemoSource {
    pub council: DemoFile,
    pub committees: DemoFile,
    pub members: DemoFile,
    pub work_programme: Option<DemoFile>,
    pub meetings: Vec<DemoFile>,
}

impl DemoSource {
    /// The seed demo shipped inside `moot` (every file under `demo/` at build time), so
    /// `moot serve --demo` works from any folder.
    pub fn embedded() -> Self {
        include!(concat!(env!("OUT_DIR"), "/embedded.rs"))
    }

    /// A dataset in a folder: `council.toml`, `committees.toml`, `members.toml`, optionally
    /// `work-programme.toml`, and `meetings/*.toml` (read in name order).
    pub fn from_dir(dir: &Path) -> Result<Self, DemoError> {
        let read = |rel: &str| -> Result<DemoFile, DemoError> {
            let path = dir.join(rel);
            let text = std::fs::read_to_string(&path).map_err(|e| DemoError::file(&path.display().to_string(), e))?;
            Ok(DemoFile {
                name: path.display().to_string(),
                text,
            })
        };
        let meetings_dir = dir.join("meetings");
        let mut names: Vec<String> = match std::fs::read_dir(&meetings_dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(DemoError::file(&meetings_dir.display().to_string(), e)),
        };
        names.sort();
        Ok(Self {
            council: read("council.toml")?,
            committees: read("committees.toml")?,
            members: read("members.toml")?,
            work_programme: if dir.join("work-programme.toml").is_file() {
                Some(read("work-programme.toml")?)
            } else {
                None
            },
            meetings: names
                .iter()
                .map(|n| read(&format!("meetings/{n}")))
                .collect::<Result<_, _>>()?,
        })
    }
}
