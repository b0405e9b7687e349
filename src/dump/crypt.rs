//! Dump encryption with age: to X25519 recipients, or to a passphrase.
//!
//! **What is encrypted.** The whole file: the dump is compressed, then encrypted, so
//! an encrypted dump is an age file (`age-encryption.org/v1`) and nothing of it,
//! the version stamp included, can be read without a key. That is deliberate: the
//! header names every table and the change log, and an unencrypted stamp next to
//! encrypted data would be an unauthenticated claim that a restore could be steered
//! by (a stamp edited to pass the gate). age authenticates every 64 KiB chunk and the
//! end of the stream (ChaCha20-Poly1305 with a last-chunk flag), so a flipped bit, a
//! cut or a reordered chunk fails decryption: `verify` and `restore` refuse it with
//! exit 5 before a row is loaded. The file name of a default backup still says the
//! database and schema version (`<db>-<version>-<time>.sql.zst`), which is all an
//! operator needs to pick a file; the authenticated stamp inside decides.
//!
//! **Keys.** Writing: `--encrypt-to RECIPIENT` (repeatable; an `age1...` public key,
//! or a file of them, one per line) or `--passphrase`, which takes the passphrase from
//! the environment variable `DBSHAPE_PASSPHRASE` (never from a flag, which `ps` would
//! show). Reading: `--identity FILE` (repeatable; age identity files, `AGE-SECRET-KEY-1...`
//! lines) and `DBSHAPE_PASSPHRASE`. Decryption keys are process configuration, like
//! the URL: they are installed once with [`set_keys`] and every reader of dumps
//! (verify, restore, `--keep`, convert) uses them through [`open`], so a key never has
//! to be threaded through the layers that only move bytes. The library reads no
//! environment variable: the command line reads `DBSHAPE_PASSPHRASE` and passes it.
//!
//! **Without the `encryption` feature** the types stay, so callers compile the same,
//! but asking to encrypt, or opening an encrypted dump, is refused with an error that
//! names the feature; an unencrypted dump reads as usual.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::error::{Error, Result};

/// An age X25519 recipient (`age1...`).
#[cfg(feature = "encryption")]
pub type Recipient = age::x25519::Recipient;
/// A passphrase, wiped from memory when dropped.
#[cfg(feature = "encryption")]
pub type Passphrase = age::secrecy::SecretString;
/// No recipient can exist: built without the `encryption` feature.
#[cfg(not(feature = "encryption"))]
#[derive(Clone, Debug)]
pub enum Recipient {}
/// No passphrase can exist: built without the `encryption` feature.
#[cfg(not(feature = "encryption"))]
#[derive(Clone, Debug)]
pub enum Passphrase {}

/// The error of every encryption request in a program built without it.
#[cfg(not(feature = "encryption"))]
fn not_built(what: &str) -> Error {
    Error::Config(format!(
        "{what}: this program was built without dump encryption (dbshape's `encryption` feature)"
    ))
}

/// The environment variable that holds a dump passphrase.
pub const PASSPHRASE_ENV: &str = "DBSHAPE_PASSPHRASE";

/// The first bytes of every (binary) age file.
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// How a dump is encrypted when written.
#[derive(Clone, Default)]
pub enum Encryption {
    /// Not encrypted.
    #[default]
    None,
    /// To these recipients (each can decrypt on its own).
    Recipients(Vec<Recipient>),
    /// To a passphrase (scrypt).
    Passphrase(Passphrase),
}

impl std::fmt::Debug for Encryption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Encryption::None => write!(f, "None"),
            Encryption::Recipients(r) => write!(f, "Recipients({})", r.len()),
            Encryption::Passphrase(_) => write!(f, "Passphrase(***)"),
        }
    }
}

impl Encryption {
    /// From `--encrypt-to` values (age recipients, or files of them) and the
    /// passphrase `--passphrase` asked for (the command line reads it from
    /// `DBSHAPE_PASSPHRASE`).
    pub fn from_args(recipients: &[String], passphrase: Option<String>) -> Result<Encryption> {
        match (recipients.is_empty(), passphrase) {
            (true, None) => Ok(Encryption::None),
            (false, Some(_)) => Err(Error::Config(
                "--encrypt-to and --passphrase exclude each other: choose recipients or a passphrase"
                    .into(),
            )),
            #[cfg(feature = "encryption")]
            (true, Some(p)) => Ok(Encryption::Passphrase(Passphrase::from(p))),
            #[cfg(feature = "encryption")]
            (false, None) => {
                let mut out = Vec::new();
                for r in recipients {
                    out.extend(parse_recipients(r)?);
                }
                Ok(Encryption::Recipients(out))
            }
            #[cfg(not(feature = "encryption"))]
            (true, Some(_)) => Err(not_built("--passphrase")),
            #[cfg(not(feature = "encryption"))]
            (false, None) => Err(not_built("--encrypt-to")),
        }
    }

    /// Whether the dump is written unencrypted.
    pub fn is_none(&self) -> bool {
        matches!(self, Encryption::None)
    }

    /// `age-x25519`, `age-scrypt`, or `none`, for reports.
    pub fn describe(&self) -> &'static str {
        match self {
            Encryption::None => "none",
            Encryption::Recipients(_) => "age-x25519",
            Encryption::Passphrase(_) => "age-scrypt",
        }
    }
}

/// An `age1...` key, or a file holding such keys (one per line, `#` comments).
#[cfg(feature = "encryption")]
fn parse_recipients(arg: &str) -> Result<Vec<Recipient>> {
    let one = |s: &str, origin: &str| {
        s.parse::<Recipient>().map_err(|e| {
            Error::Config(format!(
                "--encrypt-to {origin}: `{s}` is not an age recipient (age1...): {e}"
            ))
        })
    };
    if arg.starts_with("age1") {
        return Ok(vec![one(arg, arg)?]);
    }
    let path = Path::new(arg);
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::io("read the recipients file", path, e))?;
    let keys: Vec<_> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| one(l, arg))
        .collect::<Result<_>>()?;
    if keys.is_empty() {
        return Err(Error::Config(format!(
            "--encrypt-to {arg}: the file holds no age recipient"
        )));
    }
    Ok(keys)
}

/// The output side: plain, or an age stream that must be finished.
pub enum Sealer<W: Write> {
    /// Not encrypted: bytes go to the output as they are.
    Plain(W),
    /// An age stream over the output, completed by [`Sealer::finish`].
    #[cfg(feature = "encryption")]
    Age(age::stream::StreamWriter<W>),
}

impl<W: Write> Sealer<W> {
    /// Starts writing to `out` as `enc` asks.
    pub fn new(enc: &Encryption, out: W) -> std::io::Result<Sealer<W>> {
        #[cfg(not(feature = "encryption"))]
        return match enc {
            Encryption::None => Ok(Sealer::Plain(out)),
            _ => Err(std::io::Error::other(not_built("encrypt the dump"))),
        };
        #[cfg(feature = "encryption")]
        {
            let encryptor = match enc {
                Encryption::None => return Ok(Sealer::Plain(out)),
                Encryption::Recipients(rs) => {
                    age::Encryptor::with_recipients(rs.iter().map(|r| r as &dyn age::Recipient))
                        .map_err(std::io::Error::other)?
                }
                Encryption::Passphrase(p) => age::Encryptor::with_user_passphrase(p.clone()),
            };
            Ok(Sealer::Age(encryptor.wrap_output(out)?))
        }
    }

    /// Writes the end of the age stream (its last, flagged chunk), flushes, and hands
    /// back the output.
    pub fn finish(self) -> std::io::Result<W> {
        // One variant only without the `encryption` feature.
        #[allow(clippy::infallible_destructuring_match)]
        let mut out = match self {
            Sealer::Plain(w) => w,
            #[cfg(feature = "encryption")]
            Sealer::Age(s) => s.finish()?,
        };
        out.flush()?;
        Ok(out)
    }
}

impl<W: Write> Write for Sealer<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sealer::Plain(w) => w.write(buf),
            #[cfg(feature = "encryption")]
            Sealer::Age(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sealer::Plain(w) => w.flush(),
            #[cfg(feature = "encryption")]
            Sealer::Age(s) => s.flush(),
        }
    }
}

/// Keys to decrypt dumps with.
#[derive(Default)]
pub struct Keys {
    /// age identity files (`--identity`); a dump encrypted to recipients is decrypted with
    /// whichever of them matches.
    pub identities: Vec<PathBuf>,
    /// The passphrase of `DBSHAPE_PASSPHRASE`, for dumps encrypted to a passphrase; `None`
    /// when it is not set.
    pub passphrase: Option<Passphrase>,
}

static KEYS: OnceLock<Keys> = OnceLock::new();

/// Installs the process's decryption keys: `--identity` files, and the passphrase of
/// `DBSHAPE_PASSPHRASE`, which the caller reads. Without this call, encrypted dumps
/// are refused for want of a key. Only the first call counts.
pub fn set_keys(identities: Vec<PathBuf>, passphrase: Option<String>) {
    #[cfg(feature = "encryption")]
    let passphrase = passphrase.map(Passphrase::from);
    #[cfg(not(feature = "encryption"))]
    let passphrase: Option<Passphrase> = passphrase.and(None);
    let _ = KEYS.set(Keys {
        identities,
        passphrase,
    });
}

#[cfg(feature = "encryption")]
fn keys() -> &'static Keys {
    KEYS.get_or_init(Keys::default)
}

/// Whether `head` (the first bytes of a file) starts an age file.
pub fn is_encrypted(head: &[u8]) -> bool {
    head.starts_with(AGE_MAGIC)
}

/// Opens `input` for reading: decrypted with the installed keys when it is an age
/// file, as it is otherwise. Returns whether it was encrypted.
/// `path` names the file in an error when it cannot be read at all.
pub fn open<'a, R: Read + Send + 'a>(
    input: R,
    path: Option<&Path>,
) -> Result<(bool, Box<dyn BufRead + Send + 'a>)> {
    let mut buffered = BufReader::with_capacity(1 << 16, input);
    let head = buffered.fill_buf().map_err(|e| match path {
        Some(p) => Error::io("read the dump", p, e),
        None => Error::Integrity(format!("cannot read the dump: {e}")),
    })?;
    if !is_encrypted(head) {
        return Ok((false, Box::new(buffered)));
    }
    #[cfg(not(feature = "encryption"))]
    return Err(not_built("the dump is encrypted (age)"));
    #[cfg(feature = "encryption")]
    decrypt(buffered).map(|reader| (true, reader))
}

/// The plain text of an age file, decrypted with the installed keys.
#[cfg(feature = "encryption")]
fn decrypt<'a, R: BufRead + Send + 'a>(buffered: R) -> Result<Box<dyn BufRead + Send + 'a>> {
    let k = keys();
    if k.identities.is_empty() && k.passphrase.is_none() {
        return Err(Error::Config(format!(
            "the dump is encrypted (age): pass --identity FILE with a key of one of its \
             recipients, or set {PASSPHRASE_ENV} to its passphrase"
        )));
    }
    let decryptor = age::Decryptor::new_buffered(buffered)
        .map_err(|e| Error::Integrity(format!("the encrypted dump is damaged: {e}")))?;
    let mut identities: Vec<Box<dyn age::Identity + Send + Sync>> = Vec::new();
    if decryptor.is_scrypt() {
        let Some(p) = &k.passphrase else {
            return Err(Error::Config(format!(
                "the dump is encrypted with a passphrase: set {PASSPHRASE_ENV}"
            )));
        };
        identities.push(Box::new(age::scrypt::Identity::new(p.clone())));
    } else {
        for path in &k.identities {
            let file = age::IdentityFile::from_file(path.display().to_string())
                .map_err(|e| Error::io("read the identity file", path, e))?;
            identities
                .extend(file.into_identities().map_err(|e| {
                    Error::Config(format!("identity file {}: {e}", path.display()))
                })?);
        }
        if identities.is_empty() {
            return Err(Error::Config(
                "the dump is encrypted to recipients: pass --identity FILE with one of their keys"
                    .into(),
            ));
        }
    }
    let reader = decryptor
        .decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys | age::DecryptError::DecryptionFailed => {
                Error::Config(format!(
                    "cannot decrypt the dump: {e}; check --identity or {PASSPHRASE_ENV}"
                ))
            }
            other => Error::Integrity(format!("the encrypted dump is damaged: {other}")),
        })?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, reader)))
}

/// A new X25519 identity: the identity file's text and its recipient (`age1...`).
pub fn generate() -> Result<(String, String)> {
    #[cfg(not(feature = "encryption"))]
    return Err(not_built("keygen"));
    #[cfg(feature = "encryption")]
    {
        use age::secrecy::ExposeSecret;
        let identity = age::x25519::Identity::generate();
        let recipient = identity.to_public().to_string();
        let text = format!(
            "# created: {}\n# public key: {recipient}\n{}\n",
            chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
            identity.to_string().expose_secret()
        );
        Ok((text, recipient))
    }
}
