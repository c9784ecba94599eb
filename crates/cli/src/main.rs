//! `moot`: serve the portal, manage the database, and dump a council.

mod backend;
mod commands;
mod config;
mod error;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::backend::OpenMode;
use clap::{Args, Parser, Subcommand};

use crate::config::{Layer, Settings};
use crate::error::CliError;

#[derive(Debug, Parser)]
#[command(
    name = "moot",
    version,
    about = "Committee meetings, agendas and minutes for local councils"
)]
struct Cli {
    /// Config file (TOML); default moot.toml in the working directory, if present.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,

    #[command(flatten)]
    flags: Flags,

    #[command(subcommand)]
    command: Command,
}

/// Settings that flags may override; see `moot config example`.
#[derive(Debug, Args)]
struct Flags {
    /// Database URL, e.g. sqlite:moot.db
    #[arg(long, global = true, value_name = "URL")]
    database: Option<String>,

    /// Folder for documents and generated packs.
    #[arg(long, global = true, value_name = "DIR")]
    blobs: Option<PathBuf>,

    /// Folder for this server's search index.
    #[arg(long, global = true, value_name = "DIR")]
    search_index: Option<PathBuf>,

    /// Log filter, e.g. info or moot_web=debug
    #[arg(long, global = true, value_name = "FILTER")]
    log: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web portal.
    Serve {
        /// Address to listen on, e.g. 127.0.0.1:8080 (port 0 picks a free one).
        #[arg(long, value_name = "ADDR")]
        listen: Option<std::net::SocketAddr>,
        /// Serve the seed demo: in a fresh temporary database, or in the empty one named by --database.
        #[arg(long)]
        demo: bool,
    },
    /// The seed demo dataset.
    #[command(subcommand)]
    Demo(DemoCommand),
    /// Create the database or bring its schema up to date.
    Migrate,
    /// Build this server's search index again from the database.
    Reindex,
    /// Write a complete, deterministic dump of one council (JSON lines).
    Dump {
        /// The council's slug; needed when the database holds more than one.
        #[arg(long, value_name = "SLUG")]
        council: Option<String>,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write everything a council has made public (what its JSON API serves) into a folder,
    /// one file per kind of record, with a manifest.
    Export {
        /// json (one array per kind) or csv (one table per kind).
        #[arg(long, value_name = "FORMAT")]
        format: String,
        /// The folder to write into (created if need be).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The council's slug; needed when the database holds more than one.
        #[arg(long, value_name = "SLUG")]
        council: Option<String>,
        /// The council's public address, which records link to (default: https:// and its
        /// first host name).
        #[arg(long, value_name = "URL")]
        site: Option<String>,
    },
    /// Write a meeting's agenda pack (PDF) to a file.
    Pack {
        /// The meeting, as in its address: DATE-COMMITTEE, e.g. 2021-06-15-improving-lives-select-commission
        #[arg(value_name = "MEETING")]
        meeting: String,
        /// The council's slug; needed when the database holds more than one.
        #[arg(long, value_name = "SLUG")]
        council: Option<String>,
        /// The members' edition, with the exempt papers (each page marked not for publication).
        #[arg(long)]
        members: bool,
        /// Where to write it (default: MEETING-agenda-pack.pdf here).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Copy a whole site (every council, record, change and file) into an empty database.
    Copy {
        /// Source database URL.
        #[arg(long, value_name = "URL")]
        from: String,
        /// Target database URL (created and migrated if need be; must be empty).
        #[arg(long, value_name = "URL")]
        to: String,
        /// Source file store (folder or s3://BUCKET/PREFIX); with --to-blobs, files are copied too.
        #[arg(long, value_name = "DIR", requires = "to_blobs")]
        from_blobs: Option<PathBuf>,
        /// Target file store folder.
        #[arg(long, value_name = "DIR", requires = "from_blobs")]
        to_blobs: Option<PathBuf>,
    },
    /// Show or explain the configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Sign-in accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Councils served from this database.
    #[command(subcommand)]
    Council(CouncilCommand),
}

#[derive(Debug, Subcommand)]
enum CouncilCommand {
    /// Add a council, creating the database if there is none.
    Add {
        /// Its name in addresses: lower case, digits and hyphens ("rotherham").
        #[arg(long)]
        slug: String,
        /// Its full name ("Rotherham Metropolitan Borough Council").
        #[arg(long)]
        name: String,
        /// A host name its site answers on; repeat for more.
        #[arg(long = "host", value_name = "HOST")]
        hosts: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add an account; its password is read from standard input.
    Add {
        #[arg(long, value_name = "ADDRESS")]
        email: String,
        /// The person's name, as the audit log shows it.
        #[arg(long)]
        name: String,
        /// admin, clerk, report_author or member (a councillor).
        #[arg(long)]
        role: String,
        /// A councillor's member record (its slug), for --role member.
        #[arg(long, value_name = "SLUG")]
        member: Option<String>,
        /// A report author's officer record (the officer's name).
        #[arg(long, value_name = "NAME")]
        officer: Option<String>,
        /// The council's slug; needed when the database holds more than one.
        #[arg(long, value_name = "SLUG")]
        council: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum DemoCommand {
    /// Load the demo into an empty database (created if missing).
    Load {
        /// Load a dataset from this folder instead of the one built in.
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Print a commented config file with every default.
    Example,
    /// Print the settings in force after every layer is applied.
    Show {
        #[arg(long, value_name = "ADDR")]
        listen: Option<std::net::SocketAddr>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("moot: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn settings(cli: &Cli, listen: Option<std::net::SocketAddr>) -> Result<Settings, CliError> {
    let env: Vec<(String, String)> = std::env::vars().collect();
    let named = cli
        .config
        .clone()
        .or_else(|| env.iter().find(|(k, _)| k == "MOOT_CONFIG").map(|(_, v)| v.into()));
    let file = config::file_layer(named.as_deref())?;
    let flags = Layer {
        listen,
        database: cli.flags.database.clone(),
        blobs: cli.flags.blobs.clone(),
        search_index: cli.flags.search_index.clone(),
        log: cli.flags.log.clone(),
        ..Layer::default()
    };
    config::resolve(file, Layer::from_env(env)?, flags)
}

fn run(cli: Cli) -> Result<(), CliError> {
    let listen = match &cli.command {
        Command::Serve { listen, .. } | Command::Config(ConfigCommand::Show { listen }) => *listen,
        _ => None,
    };
    if let Command::Config(ConfigCommand::Example) = cli.command {
        print!("{}", config::example());
        return Ok(());
    }
    let settings = settings(&cli, listen)?;
    if let Command::Config(ConfigCommand::Show { .. }) = cli.command {
        // Shown as it may be logged: a password in the database URL is left out.
        let shown = Settings {
            database: backend::DatabaseUrl::parse(&settings.database)?.to_string(),
            ..settings
        };
        let text = toml::to_string(&shown).map_err(|e| CliError::Config(e.to_string()))?;
        print!("{text}");
        return Ok(());
    }
    init_logging(&settings.log)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        match &cli.command {
            Command::Serve { demo: false, .. } => commands::serve::run(&settings).await,
            Command::Serve { demo: true, .. } => commands::demo::serve(&settings, cli.flags.database.is_some()).await,
            Command::Demo(DemoCommand::Load { from }) => commands::demo::load(&settings, from.as_deref()).await,
            Command::Migrate => {
                let url = backend::DatabaseUrl::parse(&settings.database)?;
                backend::open(&url, OpenMode::CreateIfMissing, true).await?;
                eprintln!("{url} is up to date");
                Ok(())
            }
            Command::Reindex => commands::search::reindex(&settings).await,
            Command::Dump { council, output } => {
                commands::dump::run(&settings, council.as_deref(), output.as_deref()).await
            }
            Command::Export {
                format,
                dir,
                council,
                site,
            } => commands::export::run(&settings, format, dir, council.as_deref(), site.as_deref()).await,
            Command::Pack {
                meeting,
                council,
                members,
                output,
            } => {
                let request = commands::pack::Request {
                    meeting,
                    council: council.as_deref(),
                    members: *members,
                    output: output.as_deref(),
                };
                commands::pack::run(&settings, request).await
            }
            Command::Copy {
                from,
                to,
                from_blobs,
                to_blobs,
            } => {
                let endpoints = commands::copy::Endpoints {
                    from,
                    to,
                    from_blobs: from_blobs.as_deref(),
                    to_blobs: to_blobs.as_deref(),
                    settings: &settings,
                };
                commands::copy::run(endpoints).await
            }
            Command::User(UserCommand::Add {
                email,
                name,
                role,
                member,
                officer,
                council,
            }) => {
                let new = commands::user::NewUser {
                    email,
                    name,
                    role,
                    member: member.as_deref(),
                    officer: officer.as_deref(),
                    council: council.as_deref(),
                };
                commands::user::add(&settings, new).await
            }
            Command::Council(CouncilCommand::Add { slug, name, hosts }) => {
                let new = commands::council::NewCouncil { slug, name, hosts };
                commands::council::add(&settings, new).await
            }
            Command::Config(_) => Ok(()),
        }
    })
}

fn init_logging(filter: &str) -> Result<(), CliError> {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .map_err(|e| CliError::Config(format!("log filter {filter:?}: {e}")))?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    Ok(())
}
