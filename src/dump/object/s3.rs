//! Object storage for dumps: an `s3://BUCKET/KEY` URL as the target of `backup` and
//! `convert`, and as the dump that `verify`, `restore` and `convert` read, through the
//! `object_store` crate (Amazon S3 and S3-compatible servers).
//!
//! **Why it is shaped so.** The dump pipeline is synchronous: a writer thread
//! compresses, encrypts and writes to a `std::io::Write`, and every reader decodes a
//! `std::io::Read`. `object_store` is async. The two meet in one place, `run`: each
//! request is a future spawned on a small tokio runtime of this module's own (two
//! worker threads, started on first use), and the synchronous side waits for its
//! result on a std channel. Waiting so works from any thread (the dump writer thread,
//! restore's reader thread, a worker of the caller's runtime) and never blocks the
//! threads that drive the requests, so no caller can starve or deadlock a transfer and
//! nothing calls `block_on` inside an async context. Sharing the caller's runtime
//! instead would let a caller that waits on one of its workers (restore opens its
//! second read there) stall the very request it waits for on a one-core machine.
//!
//! **Upload** ([`Upload`]): the writer thread's output is a multipart upload
//! (`put_multipart`, fed through `WriteMultipart`) in parts of
//! `DBSHAPE_S3_PART_SIZE_MIB` MiB (default 16) with at most two parts in flight, so
//! memory stays at three parts whatever the size of the dump, and nothing is staged on
//! local disk. The upload is completed only by [`Upload::complete`], after the trailer
//! is written; dropped before that (an error, the schema changing mid-dump) it is
//! aborted, and a killed process never completes it. In every case no object appears
//! at the key; the parts of a killed upload stay invisible until the bucket's lifecycle
//! rule for incomplete multipart uploads removes them. An existing object is never
//! replaced unless forced: a `HEAD` comes first.
//!
//! **Download** ([`Download`]): a `Read` over a streaming `GET`, pulled a batch of
//! network chunks at a time; `object_store` resumes a broken body with a ranged `GET`
//! of the same ETag. A source that is read twice (restore verifies in full, then reads
//! again to load) pins the second read to the ETag of the first, so an object replaced
//! in between is refused instead of loaded unverified.
//!
//! **Configuration** comes from the standard AWS environment variables
//! (`AmazonS3Builder::from_env`): `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//! `AWS_SESSION_TOKEN`, `AWS_REGION`/`AWS_DEFAULT_REGION`, `AWS_ENDPOINT_URL` (an
//! `http://` endpoint is allowed as given). Credentials must be given: without them
//! dbshape says so instead of probing the EC2 instance metadata endpoint. TLS is rustls
//! on ring, the provider the rest of the tree uses, installed as rustls' process
//! default (reqwest is built without aws-lc-rs).

use std::collections::VecDeque;
use std::future::Future;
use std::io::{self, Read, Write};
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use futures_util::stream::{BoxStream, StreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder, AmazonS3ConfigKey};
use object_store::path::Path as ObjectPath;
use object_store::{
    ClientConfigKey, GetOptions, ObjectStore, ObjectStoreExt, RetryConfig, WriteMultipart,
};

use super::{is_object_url, StorageFailure, SCHEME};
use crate::error::{Error, Result};

/// The environment variable that sets the multipart part size, in MiB (5 to 5120).
pub const PART_SIZE_ENV: &str = "DBSHAPE_S3_PART_SIZE_MIB";

/// 16 MiB parts: S3 allows 10,000 parts, so one dump can reach 156 GiB; raise the part
/// size for larger ones. Memory is about three parts.
const DEFAULT_PART_MIB: usize = 16;
const PARTS_IN_FLIGHT: usize = 2;
/// Bytes a download pulls from the network per hand-over to the reading thread.
const READ_BATCH: usize = 256 * 1024;

/// `s3://BUCKET/KEY`, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectUrl {
    /// The bucket, which must exist.
    pub bucket: String,
    /// The object's key within the bucket: one object, never a prefix ending in `/`.
    pub key: ObjectPath,
}

impl ObjectUrl {
    /// Parses `s3://BUCKET/KEY`; a missing bucket or key is a usage error.
    pub fn parse(s: &str) -> Result<ObjectUrl> {
        let rest = match s.get(SCHEME.len()..) {
            Some(rest) if is_object_url(s) => rest,
            _ => {
                return Err(Error::Config(format!(
                    "{s} is not an object URL; write s3://BUCKET/KEY"
                )))
            }
        };
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(Error::Config(format!(
                "{s} names no bucket; write s3://BUCKET/KEY"
            )));
        }
        if key.is_empty() || key.ends_with('/') {
            return Err(Error::Config(format!(
                "{s} names no object: a dump is one object, write s3://{bucket}/NAME.sql.zst"
            )));
        }
        let key = ObjectPath::parse(key).map_err(|e| {
            Error::Config(format!(
                "{s}: the key is not a valid object path ({e}); use /-separated names \
                 without empty, `.` or `..` segments"
            ))
        })?;
        Ok(ObjectUrl {
            bucket: bucket.to_string(),
            key,
        })
    }
}

impl std::fmt::Display for ObjectUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{SCHEME}{}/{}", self.bucket, self.key)
    }
}

/// A failed transfer, carried through `std::io` layers (decoders, the writer thread)
/// so that the error the user sees still names the URL and the reason.
#[derive(Debug, thiserror::Error)]
#[error("{url}: {failure}")]
struct TransferError {
    url: String,
    failure: StorageFailure,
}

fn storage(action: &'static str, url: &ObjectUrl, failure: StorageFailure) -> Error {
    Error::Storage {
        action,
        url: url.to_string(),
        failure,
    }
}

fn transfer(url: &ObjectUrl, failure: StorageFailure) -> io::Error {
    io::Error::other(TransferError {
        url: url.to_string(),
        failure,
    })
}

/// The typed error inside an I/O error of a transfer, if that is what it is.
pub fn transfer_failure(action: &'static str, e: &io::Error) -> Option<Error> {
    let t = e.get_ref()?.downcast_ref::<TransferError>()?;
    Some(Error::Storage {
        action,
        url: t.url.clone(),
        failure: t.failure.clone(),
    })
}

/// Turns an I/O error of reading or writing `what` into the library's error: the typed
/// storage error when a transfer failed, else an I/O error naming `what`.
pub fn io_error(action: &'static str, what: &str, e: io::Error) -> Error {
    transfer_failure(action, &e).unwrap_or_else(|| Error::io(action, what, e))
}

/// Whether the request was about a bucket that is not there.
fn no_bucket(e: &object_store::Error) -> bool {
    e.to_string().contains("NoSuchBucket")
}

/// The error and its causes on one line (the cause of a failed request, a TLS
/// certificate refused for example, is only in the chain).
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let more = c.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        cause = c.source();
    }
    text
}

fn classify(url: &ObjectUrl, e: object_store::Error) -> StorageFailure {
    use object_store::Error as E;
    match &e {
        E::NotFound { .. } if no_bucket(&e) => StorageFailure::NoBucket(url.bucket.clone()),
        E::NotFound { .. } => StorageFailure::NotFound,
        E::PermissionDenied { .. } | E::Unauthenticated { .. } => StorageFailure::Denied(chain(&e)),
        E::Precondition { .. } => StorageFailure::Changed,
        E::AlreadyExists { .. } => StorageFailure::Exists,
        _ if no_bucket(&e) => StorageFailure::NoBucket(url.bucket.clone()),
        _ => StorageFailure::Request(chain(&e)),
    }
}

/// The runtime every request runs on (see the module documentation).
fn runtime() -> std::result::Result<&'static tokio::runtime::Runtime, StorageFailure> {
    static RUNTIME: OnceLock<std::result::Result<tokio::runtime::Runtime, String>> =
        OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("dbshape-storage")
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| StorageFailure::Runtime(e.clone()))
}

/// Runs `fut` on the storage runtime and waits for its output, from any thread.
fn run<F>(fut: F) -> std::result::Result<F::Output, StorageFailure>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    runtime()?.spawn(async move {
        let _ = tx.send(fut.await);
    });
    rx.recv()
        .map_err(|_| StorageFailure::Runtime("a storage task stopped".into()))
}

fn env_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

/// Refuses early and clearly when the environment holds no credentials object_store
/// could use without probing the instance metadata endpoint.
fn check_credentials() -> std::result::Result<(), StorageFailure> {
    match (
        env_set("AWS_ACCESS_KEY_ID"),
        env_set("AWS_SECRET_ACCESS_KEY"),
    ) {
        (true, true) => Ok(()),
        (true, false) => Err(StorageFailure::Credentials(
            "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not".into(),
        )),
        (false, true) => Err(StorageFailure::Credentials(
            "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not".into(),
        )),
        (false, false) => {
            let web_identity = env_set("AWS_WEB_IDENTITY_TOKEN_FILE") && env_set("AWS_ROLE_ARN");
            let container = env_set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
                || env_set("AWS_CONTAINER_CREDENTIALS_FULL_URI");
            let anonymous = std::env::var("AWS_SKIP_SIGNATURE")
                .is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
            if web_identity || container || anonymous {
                Ok(())
            } else {
                Err(StorageFailure::Credentials(
                    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN \
                     for temporary credentials), or AWS_WEB_IDENTITY_TOKEN_FILE with \
                     AWS_ROLE_ARN"
                        .into(),
                ))
            }
        }
    }
}

/// The endpoint the environment names, if any.
fn endpoint() -> Option<String> {
    ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_ENDPOINT"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
}

/// What a store is built for: timeouts differ.
#[derive(Clone, Copy)]
enum Use {
    /// Parts of a few MiB each: a request may take minutes on a slow link.
    Upload,
    /// One long streaming response, read at the pace of the restore: no total limit,
    /// but a stalled connection fails (and `object_store` resumes it with a range).
    Download,
}

fn store(url: &ObjectUrl, action: &'static str, usage: Use) -> Result<Arc<AmazonS3>> {
    // reqwest is built without a bundled provider: rustls on ring, once per process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    check_credentials().map_err(|f| storage(action, url, f))?;
    let mut builder = AmazonS3Builder::from_env()
        .with_bucket_name(&url.bucket)
        .with_retry(RetryConfig {
            max_retries: 5,
            retry_timeout: std::time::Duration::from_secs(60),
            ..Default::default()
        });
    if endpoint().is_some_and(|e| e.to_ascii_lowercase().starts_with("http://")) {
        builder = builder.with_allow_http(true);
    }
    let timeouts: &[(ClientConfigKey, &str)] = match usage {
        Use::Upload => &[(ClientConfigKey::Timeout, "10m")],
        Use::Download => &[
            (ClientConfigKey::Timeout, "7d"),
            (ClientConfigKey::ReadTimeout, "5m"),
        ],
    };
    for (key, value) in timeouts {
        builder = builder.with_config(AmazonS3ConfigKey::Client(*key), *value);
    }
    let store = builder
        .build()
        .map_err(|e| storage(action, url, StorageFailure::Request(chain(&e))))?;
    Ok(Arc::new(store))
}

fn part_size() -> Result<usize> {
    part_size_from(std::env::var(PART_SIZE_ENV).ok().as_deref())
}

fn part_size_from(value: Option<&str>) -> Result<usize> {
    let Some(v) = value else {
        return Ok(DEFAULT_PART_MIB << 20);
    };
    match v.trim().parse::<usize>() {
        Ok(mib @ 5..=5120) => Ok(mib << 20),
        _ => Err(Error::Config(format!(
            "{PART_SIZE_ENV}={v}: give the multipart part size in MiB, from 5 to 5120"
        ))),
    }
}

/// A dump being uploaded: the writer thread's output.
pub struct Upload {
    url: ObjectUrl,
    parts: Option<WriteMultipart>,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Upload({})", self.url)
    }
}

impl Upload {
    /// Checks that the key is free (unless `force`) and starts a multipart upload. No
    /// object exists at the key until [`Upload::complete`].
    pub fn create(url: &ObjectUrl, force: bool) -> Result<Upload> {
        const ACTION: &str = "write the dump to";
        let part_size = part_size()?;
        let store = store(url, ACTION, Use::Upload)?;
        let (key, target) = (url.key.clone(), url.clone());
        let started = run(async move {
            if !force {
                match store.head(&key).await {
                    Ok(_) => return Err(StorageFailure::Exists),
                    Err(object_store::Error::NotFound { .. }) => {}
                    Err(e) => return Err(classify(&target, e)),
                }
            }
            match store.put_multipart(&key).await {
                Ok(upload) => Ok(WriteMultipart::new_with_chunk_size(upload, part_size)),
                // Creating an upload meets a 404 only for a missing bucket.
                Err(object_store::Error::NotFound { .. }) => {
                    Err(StorageFailure::NoBucket(target.bucket.clone()))
                }
                Err(e) => Err(classify(&target, e)),
            }
        });
        let parts = started
            .and_then(|r| r)
            .map_err(|f| storage(ACTION, url, f))?;
        Ok(Upload {
            url: url.clone(),
            parts: Some(parts),
        })
    }

    /// Uploads what is buffered and completes the upload: the object appears at its
    /// key, whole. On failure the upload is aborted and nothing appears.
    pub fn complete(mut self) -> io::Result<()> {
        let parts = self.parts.take().ok_or_else(|| self.gone())?;
        match run(parts.finish()) {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(transfer(&self.url, classify(&self.url, e))),
            Err(f) => Err(transfer(&self.url, f)),
        }
    }

    fn gone(&self) -> io::Error {
        transfer(
            &self.url,
            StorageFailure::Request("the upload already failed".into()),
        )
    }
}

impl Write for Upload {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let mut parts = self.parts.take().ok_or_else(|| self.gone())?;
        let bytes = Bytes::copy_from_slice(buf);
        // Back-pressure: wait while two parts are in flight, then buffer (a full part
        // starts its upload in the background).
        let (parts, waited) = run(async move {
            let waited = parts.wait_for_capacity(PARTS_IN_FLIGHT).await;
            if waited.is_ok() {
                parts.put(bytes);
            }
            (parts, waited)
        })
        .map_err(|f| transfer(&self.url, f))?;
        self.parts = Some(parts);
        waited.map_err(|e| transfer(&self.url, classify(&self.url, e)))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        // A part is only sent when full: flushing cannot push a short one.
        Ok(())
    }
}

impl Drop for Upload {
    /// Not completed: abort, so that the parts are removed and no object appears.
    fn drop(&mut self) {
        if let Some(parts) = self.parts.take() {
            let _ = run(parts.abort());
        }
    }
}

type ByteStream = BoxStream<'static, object_store::Result<Bytes>>;

/// A dump being downloaded, as a `Read`.
pub struct Download {
    url: ObjectUrl,
    stream: Option<ByteStream>,
    ready: VecDeque<Bytes>,
}

impl Download {
    /// Starts a streaming `GET`; with `if_match`, only that version of the object is
    /// read. Returns the object's ETag.
    pub fn open(url: &ObjectUrl, if_match: Option<String>) -> Result<(Download, Option<String>)> {
        const ACTION: &str = "read the dump from";
        let store = store(url, ACTION, Use::Download)?;
        let (key, target) = (url.key.clone(), url.clone());
        let opened = run(async move {
            let options = GetOptions {
                if_match,
                ..Default::default()
            };
            match store.get_opts(&key, options).await {
                Ok(got) => Ok((got.meta.e_tag.clone(), got.into_stream())),
                Err(e) => Err(classify(&target, e)),
            }
        });
        let (etag, stream) = opened
            .and_then(|r| r)
            .map_err(|f| storage(ACTION, url, f))?;
        Ok((
            Download {
                url: url.clone(),
                stream: Some(stream),
                ready: VecDeque::new(),
            },
            etag,
        ))
    }

    /// Pulls about [`READ_BATCH`] bytes from the network; false at the end.
    fn refill(&mut self) -> io::Result<bool> {
        let Some(mut stream) = self.stream.take() else {
            return Ok(false);
        };
        let (stream, got) = run(async move {
            let mut got = Vec::new();
            let mut size = 0;
            while size < READ_BATCH {
                match stream.next().await {
                    Some(Ok(b)) => {
                        size += b.len();
                        got.push(b);
                    }
                    Some(Err(e)) => return (None, Err(e)),
                    None => return (None, Ok(got)),
                }
            }
            (Some(stream), Ok(got))
        })
        .map_err(|f| transfer(&self.url, f))?;
        self.stream = stream;
        let got = got.map_err(|e| transfer(&self.url, classify(&self.url, e)))?;
        self.ready.extend(got.into_iter().filter(|b| !b.is_empty()));
        Ok(!self.ready.is_empty() || self.stream.is_some())
    }
}

impl Read for Download {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            if let Some(front) = self.ready.front_mut() {
                let n = front.len().min(out.len());
                out[..n].copy_from_slice(&front.split_to(n));
                if front.is_empty() {
                    self.ready.pop_front();
                }
                return Ok(n);
            }
            if !self.refill()? {
                return Ok(0);
            }
        }
    }
}

/// A dump on object storage as a source that can be opened more than once: every open
/// after the first reads the same version of the object (pinned by its ETag).
#[derive(Debug, Clone)]
pub struct ObjectSource {
    /// The object, `s3://BUCKET/KEY`.
    pub url: ObjectUrl,
    etag: Arc<OnceLock<String>>,
}

impl ObjectSource {
    /// The object at `url`, its version pinned by the first open.
    pub fn new(url: ObjectUrl) -> ObjectSource {
        ObjectSource {
            url,
            etag: Arc::new(OnceLock::new()),
        }
    }

    /// Starts reading the object.
    pub fn open(&self) -> Result<Download> {
        let (download, etag) = Download::open(&self.url, self.etag.get().cloned())?;
        if let Some(etag) = etag {
            let _ = self.etag.set(etag);
        }
        Ok(download)
    }
}

/// `s3://BUCKET/PREFIX/`: a "directory" of objects, where `backup --backup-dir` writes
/// dumps under their default names and `backups list` and `backups prune` look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectPrefix {
    /// The bucket, which must exist.
    pub bucket: String,
    /// The key prefix, empty (the whole bucket) or ending in `/`.
    pub prefix: String,
}

/// One object directly under an [`ObjectPrefix`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectEntry {
    /// The object.
    pub url: ObjectUrl,
    /// Its name: the key without the prefix.
    pub name: String,
    /// Bytes stored.
    pub size: u64,
    /// When it was last written, as the server says.
    pub modified: chrono::DateTime<chrono::Utc>,
}

impl ObjectPrefix {
    /// Parses `s3://BUCKET/PREFIX` (a missing trailing `/` is added: the prefix is a
    /// directory, never part of a name); a missing bucket or a malformed key is a usage
    /// error.
    pub fn parse(s: &str) -> Result<ObjectPrefix> {
        let rest = match s.get(SCHEME.len()..) {
            Some(rest) if is_object_url(s) => rest,
            _ => {
                return Err(Error::Config(format!(
                    "{s} is not an object URL; write s3://BUCKET/PREFIX/"
                )))
            }
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(Error::Config(format!(
                "{s} names no bucket; write s3://BUCKET/PREFIX/"
            )));
        }
        let trimmed = prefix.trim_end_matches('/');
        if !trimmed.is_empty() {
            ObjectPath::parse(trimmed).map_err(|e| {
                Error::Config(format!(
                    "{s}: the prefix is not a valid object path ({e}); use /-separated names \
                     without empty, `.` or `..` segments"
                ))
            })?;
        }
        Ok(ObjectPrefix {
            bucket: bucket.to_string(),
            prefix: if trimmed.is_empty() {
                String::new()
            } else {
                format!("{trimmed}/")
            },
        })
    }

    /// The object called `name` under this prefix.
    pub fn object(&self, name: &str) -> Result<ObjectUrl> {
        ObjectUrl::parse(&format!("{SCHEME}{}/{}{name}", self.bucket, self.prefix))
    }

    /// A URL naming the prefix's "directory" itself, for messages and store building.
    fn as_url(&self) -> ObjectUrl {
        ObjectUrl {
            bucket: self.bucket.clone(),
            key: ObjectPath::from(self.prefix.trim_end_matches('/')),
        }
    }

    /// The objects directly under the prefix (not those under a deeper `/`), by name.
    pub fn list(&self) -> Result<Vec<ObjectEntry>> {
        const ACTION: &str = "list the objects under";
        let target = self.as_url();
        let store = store(&target, ACTION, Use::Download)?;
        let (prefix, shown) = (self.clone(), target.clone());
        let listed = run(async move {
            let at = (!prefix.prefix.is_empty())
                .then(|| ObjectPath::from(prefix.prefix.trim_end_matches('/')));
            store
                .list_with_delimiter(at.as_ref())
                .await
                .map_err(|e| classify(&shown, e))
        });
        let listed = listed
            .and_then(|r| r)
            .map_err(|f| storage(ACTION, &target, f))?;
        let mut entries = Vec::new();
        for meta in listed.objects {
            let key = meta.location.to_string();
            let name = key.strip_prefix(&self.prefix).unwrap_or(&key).to_string();
            entries.push(ObjectEntry {
                url: ObjectUrl {
                    bucket: self.bucket.clone(),
                    key: meta.location,
                },
                name,
                size: meta.size,
                modified: meta.last_modified,
            });
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(entries)
    }
}

impl std::fmt::Display for ObjectPrefix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{SCHEME}{}/{}", self.bucket, self.prefix)
    }
}

/// The whole of a small object (a drill's evidence), or `None` when there is none; one
/// larger than `limit` bytes is refused.
pub fn read_small(url: &ObjectUrl, limit: u64) -> Result<Option<Vec<u8>>> {
    const ACTION: &str = "read";
    let store = store(url, ACTION, Use::Download)?;
    let (key, target) = (url.key.clone(), url.clone());
    let got = run(async move {
        let got = match store.get(&key).await {
            Ok(got) => got,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(classify(&target, e)),
        };
        if got.meta.size > limit {
            return Err(StorageFailure::Request(format!(
                "{} bytes, more than the {limit} expected",
                got.meta.size
            )));
        }
        got.bytes()
            .await
            .map(|b| Some(b.to_vec()))
            .map_err(|e| classify(&target, e))
    });
    got.and_then(|r| r).map_err(|f| storage(ACTION, url, f))
}

/// Deletes an object; one already gone is not an error.
pub fn delete(url: &ObjectUrl) -> Result<()> {
    const ACTION: &str = "delete";
    let store = store(url, ACTION, Use::Upload)?;
    let (key, target) = (url.key.clone(), url.clone());
    let done = run(async move {
        match store.delete(&key).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(classify(&target, e)),
        }
    });
    done.and_then(|r| r).map_err(|f| storage(ACTION, url, f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_into_bucket_and_key() {
        let u = ObjectUrl::parse("s3://backups/prod/db-1.2.0.sql.zst").unwrap();
        assert_eq!(u.bucket, "backups");
        assert_eq!(u.key.as_ref(), "prod/db-1.2.0.sql.zst");
        assert_eq!(u.to_string(), "s3://backups/prod/db-1.2.0.sql.zst");
        assert!(is_object_url("S3://b/k"));
        assert!(!is_object_url("backups/s3://x"));
        assert!(!is_object_url("s3"));
    }

    #[test]
    fn urls_without_bucket_or_object_are_usage_errors() {
        for bad in [
            "s3://",
            "s3:///key",
            "s3://bucket",
            "s3://bucket/",
            "s3://bucket/dir/",
            "s3://bucket/a//b",
            "s3://bucket/../b",
        ] {
            let err = ObjectUrl::parse(bad).unwrap_err();
            assert_eq!(err.exit_code(), crate::error::exit::USAGE, "{bad}: {err}");
        }
    }

    #[test]
    fn prefixes_parse_as_directories() {
        let p = ObjectPrefix::parse("s3://backups/prod").unwrap();
        assert_eq!(p.prefix, "prod/");
        assert_eq!(p.to_string(), "s3://backups/prod/");
        assert_eq!(
            p.object("db-1.sql.zst").unwrap().to_string(),
            "s3://backups/prod/db-1.sql.zst"
        );
        assert_eq!(ObjectPrefix::parse("s3://backups").unwrap().prefix, "");
        assert_eq!(
            ObjectPrefix::parse("s3://backups/a/b/").unwrap().prefix,
            "a/b/"
        );
        for bad in ["s3://", "s3:///p/", "s3://b/a//c/", "s3://b/../c"] {
            let err = ObjectPrefix::parse(bad).unwrap_err();
            assert_eq!(err.exit_code(), crate::error::exit::USAGE, "{bad}: {err}");
        }
    }

    #[test]
    fn part_sizes_are_checked() {
        assert_eq!(part_size_from(None).unwrap(), DEFAULT_PART_MIB << 20);
        assert_eq!(part_size_from(Some("5")).unwrap(), 5 << 20);
        for bad in ["4", "5121", "16MiB", ""] {
            let err = part_size_from(Some(bad)).unwrap_err();
            assert_eq!(err.exit_code(), crate::error::exit::USAGE);
            assert!(err.to_string().contains(PART_SIZE_ENV), "{err}");
        }
    }

    /// The TLS stack builds without a bundled provider in reqwest (no request is sent).
    #[test]
    fn an_https_store_builds() {
        let url = ObjectUrl::parse("s3://bucket/key").unwrap();
        let _ = rustls::crypto::ring::default_provider().install_default();
        AmazonS3Builder::new()
            .with_bucket_name(&url.bucket)
            .with_region("eu-west-1")
            .with_access_key_id("id")
            .with_secret_access_key("secret")
            .build()
            .unwrap();
    }
}
