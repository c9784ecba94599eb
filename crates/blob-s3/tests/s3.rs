//! The S3 blob store against a real S3-compatible server: `moto_server`, started here on a free
//! loopback port and killed at the end (also when a check panics). Without `moto_server` the
//! checks are skipped, except under CI, where they fail so that a skipped suite can never pass
//! for a run one. Install it with `pip install 'moto[server]'`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use moot_blob_s3::{S3BlobStore, S3Config};
use moot_store::blob::hash_of;
use moot_store::{BlobStore, StoreError};
use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use object_store::{ObjectStoreExt, PutPayload};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const MOTO: &str = "moto_server";
const BUCKET: &str = "moot-test";
const PREFIX: &str = "councils/anytown";
const SECRET: &str = "moto-secret-never-shown";

/// Kills moto however the test ends, so a failed check never leaves a server behind.
struct Moto {
    child: Child,
    port: u16,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether `moto_server` can run here. Asked by running it rather than by searching `PATH`,
/// because version managers (pyenv, asdf) put shims there that exist without the package.
fn moto_installed() -> bool {
    Command::new(MOTO)
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

/// A raw HTTP/1.1 request to moto, which accepts unsigned requests, so that setting up and
/// inspecting the bucket needs no HTTP client beyond the one under test. Returns the status
/// code and the body (possibly chunked, which is fine for the substring checks made of it).
async fn http(port: u16, method: &str, path: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await?;
    let request =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let response = String::from_utf8_lossy(&response);
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP response: {response:?}")))?;
    let body = response.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    Ok((status, body.to_owned()))
}

/// A running moto, or `None` (after a notice) when it is not installed outside CI.
async fn start_moto() -> Option<Moto> {
    if !moto_installed() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{MOTO} must be installed under CI: pip install 'moto[server]'");
        }
        eprintln!("notice: skipping S3 blob store checks: {MOTO} is not installed (pip install 'moto[server]')");
        return None;
    }
    let port = free_port();
    let child = Command::new(MOTO)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {MOTO}: {e}"));
    let mut moto = Moto { child, port };
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match http(port, "GET", "/").await {
            Ok(_) => return Some(moto),
            Err(e) => {
                if let Some(status) = moto.child.try_wait().expect("moto status") {
                    panic!("{MOTO} exited before answering on port {port}: {status}");
                }
                assert!(
                    Instant::now() < deadline,
                    "{MOTO} did not answer on port {port} within 60s: {e}"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

fn config(port: u16) -> S3Config {
    S3Config {
        endpoint: Some(format!("http://127.0.0.1:{port}")),
        bucket: BUCKET.into(),
        // moto makes a bucket created without a location in us-east-1.
        region: "us-east-1".into(),
        prefix: Some(PREFIX.into()),
        access_key_id: "moto-key".into(),
        secret_access_key: SECRET.into(),
        allow_http: true,
    }
}

/// How many objects the bucket holds, asked of moto directly rather than through the store.
async fn object_count(port: u16) -> usize {
    let (status, body) = http(port, "GET", &format!("/{BUCKET}")).await.expect("list bucket");
    assert_eq!(status, 200, "list bucket: {body}");
    body.matches("<Key>").count()
}

#[tokio::test]
async fn blobs_round_trip_through_a_real_s3_server() {
    let Some(moto) = start_moto().await else { return };
    let port = moto.port;
    let (status, body) = http(port, "PUT", &format!("/{BUCKET}")).await.expect("create bucket");
    assert_eq!(status, 200, "create bucket: {body}");

    let blobs = S3BlobStore::new(config(port)).expect("store");

    // The same bytes twice: one name, one object.
    let a = blobs.put(b"agenda pack").await.expect("first put");
    let b = blobs.put(b"agenda pack").await.expect("second put");
    assert_eq!(a, b);
    assert_eq!(a, hash_of(b"agenda pack").unwrap());
    assert_eq!(
        object_count(port).await,
        1,
        "one object for two uploads of the same bytes"
    );

    assert_eq!(blobs.get(&a).await.expect("get").as_deref(), Some(&b"agenda pack"[..]));
    assert_eq!(blobs.size(&a).await.expect("size"), Some(11));

    // Objects are named as the local store names files, under the prefix.
    let h = a.as_str();
    let key = Path::from(format!("{PREFIX}/{}/{}/{h}", &h[0..2], &h[2..4]));
    let raw = AmazonS3Builder::new()
        .with_endpoint(format!("http://127.0.0.1:{port}"))
        .with_bucket_name(BUCKET)
        .with_region("us-east-1")
        .with_access_key_id("moto-key")
        .with_secret_access_key(SECRET)
        .with_allow_http(true)
        .build()
        .expect("raw client");
    let meta = raw.head(&key).await.expect("object under the local store's name");
    assert_eq!(meta.size, 11);

    let missing = hash_of(b"never stored").unwrap();
    assert_eq!(blobs.get(&missing).await.expect("get missing"), None);
    assert_eq!(blobs.size(&missing).await.expect("size missing"), None);

    // An object replaced behind the store's back is reported, not served.
    raw.put(&key, PutPayload::from_static(b"tampered"))
        .await
        .expect("tamper");
    match blobs.get(&a).await {
        Err(e @ StoreError::Blob { .. }) => {
            let message = e.to_string();
            assert!(message.contains("do not match"), "{message}");
            assert!(!message.contains(SECRET), "{message}");
        }
        other => panic!("a tampered object must be refused, got {other:?}"),
    }

    // A store on a bucket that does not exist fails to write rather than pretending.
    let wrong = S3BlobStore::new(S3Config {
        bucket: "no-such-bucket".into(),
        ..config(port)
    })
    .expect("store on a missing bucket");
    match wrong.put(b"minutes").await {
        Err(e @ StoreError::Blob { .. }) => {
            assert!(!e.to_string().contains(SECRET), "{e}");
        }
        other => panic!("a write to a missing bucket must fail, got {other:?}"),
    }

    drop(moto);
}
