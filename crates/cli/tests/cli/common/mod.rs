//! Running the real `moot` binary from tests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub mod browser;
pub mod person;

pub fn moot(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_moot"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("MOOT_CONFIG")
        .env_remove("MOOT_LISTEN")
        .env_remove("MOOT_DATABASE");
    cmd.stdin(Stdio::null());
    cmd
}

pub fn run(dir: &Path, args: &[&str]) -> Output {
    moot(dir, args).output().expect("moot runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn assert_no_panic(o: &Output) {
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
}

/// A running `moot serve`, stopped with SIGTERM by `stop`.
pub struct Server {
    child: std::process::Child,
    pub addr: String,
}

impl Server {
    pub fn start(dir: &Path, args: &[&str]) -> Self {
        Self::spawn(moot(dir, args))
    }

    /// Starts `moot serve` as `command` says (with settings in its environment, say).
    pub fn spawn(mut command: Command) -> Self {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let stdout = child.stdout.take().expect("stdout");
        let mut first_line = String::new();
        BufReader::new(stdout).read_line(&mut first_line).expect("read");
        let url = first_line.trim().rsplit(' ').next().expect("url").to_owned();
        let addr = url.trim_start_matches("http://").trim_end_matches('/').to_owned();
        assert!(addr.starts_with("127.0.0.1:"), "server said {first_line:?}");
        Self { child, addr }
    }

    /// A plain HTTP/1.1 GET: the status line and the body as text.
    pub fn get(&self, path: &str) -> (String, String) {
        let (status, body) = self.get_bytes(path);
        (status, String::from_utf8(body).expect("a text body"))
    }

    /// A plain HTTP/1.1 GET: the status line and the body's bytes (a PDF, say).
    pub fn get_bytes(&self, path: &str) -> (String, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: moot\r\nConnection: close\r\n\r\n").expect("send");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read");
        let end = response.windows(4).position(|w| w == b"\r\n\r\n").expect("headers end");
        let head = String::from_utf8_lossy(&response[..end]).into_owned();
        (
            head.lines().next().unwrap_or_default().to_owned(),
            response[end + 4..].to_vec(),
        )
    }

    pub fn stop(mut self) -> std::process::ExitStatus {
        let killed = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(killed.success());
        self.child.wait().expect("wait")
    }
}
