//! Ed25519 signatures of dumps: who wrote this dump, not only whether it is intact.
//!
//! **Why.** The trailer's digests detect accidents (truncation, bit rot, a lost line),
//! not forgery: whoever can edit a dump can recompute every digest. A signature made
//! with a key the writer keeps secret can be checked by anyone holding the public key,
//! and cannot be recomputed without the secret key.
//!
//! **What is signed.** What `verify` checks, reduced to two digests: the SHA-256 of the
//! header line (as written, without its line end) and the SHA-256 of every byte before
//! the trailer line (the trailer's `sha256`), under a fixed domain line (see
//! [`message`]). The second digest covers the header, every row, the counters and the
//! blocks around them, and the trailer's row counts, table digests and counters are
//! each checked against those bytes by the reader; so a valid signature over an intact
//! dump means the whole dump is as its writer wrote it. Both digests are of the
//! plaintext, uncompressed dump, so compression and encryption (an outer layer, see
//! `crypt`) do not change what is signed, and `convert` keeps a signature valid.
//!
//! **Where it lives.** In the trailer, as an optional `signature` field. Readers ignore
//! trailer fields they do not know, so every older dbshape reads a signed dump as an
//! unsigned one, and a dump without the field is simply unsigned: no format version
//! change was needed.
//!
//! **Keys.** `dbshape keygen --sign -o FILE` writes the secret key to FILE (mode 0600)
//! and the public key to FILE.pub, both one-line text formats (see [`generate`]). A
//! key is named in reports by its key id, the first 16 hex digits of the SHA-256 of
//! its 32 public key bytes.

use std::path::Path;

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::dump::format::DumpSignature;
use crate::dump::reader::DumpSummary;
use crate::error::{Error, Result};

/// The prefix of a secret signing key line; 64 hex digits (the 32-byte seed) follow.
pub const SECRET_PREFIX: &str = "dbshape-ed25519-secret:";
/// The prefix of a public key line; 64 hex digits (the 32-byte key) follow.
pub const PUBLIC_PREFIX: &str = "dbshape-ed25519:";
/// The `algorithm` of a trailer signature.
pub const ALGORITHM: &str = "ed25519";
/// The first line of every signed message, so that a dump signature can never be taken
/// for a signature of anything else made with the same key.
const DOMAIN: &str = "dbshape dump signature v1";

/// The bytes that are signed: the domain line, the header line's SHA-256 and the
/// file's SHA-256 (both lowercase hex), each ended by `\n`.
pub fn message(header_sha256: &str, sha256: &str) -> Vec<u8> {
    format!("{DOMAIN}\n{header_sha256}\n{sha256}\n").into_bytes()
}

/// A secret key read from a key file, with the id of its public key.
pub struct SecretKey {
    key: SigningKey,
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretKey({})", self.key_id())
    }
}

impl SecretKey {
    /// Reads a secret key file written by `keygen --sign` (`#` lines are comments).
    pub fn from_file(path: &Path) -> Result<SecretKey> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io("read the signing key file", path, e))?;
        let seed = one_key(&text, SECRET_PREFIX).ok_or_else(|| {
            let hint = if one_key(&text, PUBLIC_PREFIX).is_some() {
                "it holds a public key; --sign takes the secret key file (the one without .pub)"
            } else {
                "make one with `dbshape keygen --sign -o FILE`"
            };
            Error::Config(format!(
                "{} is not a dbshape signing key (a `{SECRET_PREFIX}...` line): {hint}",
                path.display()
            ))
        })?;
        Ok(SecretKey {
            key: SigningKey::from_bytes(&seed),
        })
    }

    /// The key's id: the first 16 hex digits of the SHA-256 of its public key, as the
    /// trailer's signature and `keygen --sign` name it.
    pub fn key_id(&self) -> String {
        key_id(&self.key.verifying_key())
    }

    /// The trailer's signature of a dump whose header line and file have these digests.
    pub fn sign(&self, header_sha256: &str, sha256: &str) -> DumpSignature {
        let sig = self.key.sign(&message(header_sha256, sha256));
        DumpSignature {
            algorithm: ALGORITHM.into(),
            key_id: self.key_id(),
            value: hex::encode(sig.to_bytes()),
        }
    }
}

/// A trusted public key, read from a `.pub` file.
#[derive(Debug, Clone)]
pub struct PublicKey {
    key: VerifyingKey,
    /// The file it was read from, for messages.
    pub origin: String,
}

impl PublicKey {
    /// Reads a public key file written by `keygen --sign` (FILE.pub).
    pub fn from_file(path: &Path) -> Result<PublicKey> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io("read the trusted key file", path, e))?;
        let bytes = one_key(&text, PUBLIC_PREFIX).ok_or_else(|| {
            Error::Config(format!(
                "{} is not a dbshape public key (a `{PUBLIC_PREFIX}...` line): give the .pub \
                 file that `dbshape keygen --sign -o FILE` wrote next to FILE",
                path.display()
            ))
        })?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(|e| {
            Error::Config(format!(
                "{}: not a valid Ed25519 public key: {e}",
                path.display()
            ))
        })?;
        Ok(PublicKey {
            key,
            origin: path.display().to_string(),
        })
    }

    /// The key's id: the first 16 hex digits of the SHA-256 of the key, as a dump's
    /// signature names the key that signed it.
    pub fn key_id(&self) -> String {
        key_id(&self.key)
    }
}

/// The first `PREFIX<64 hex>` line of a key file, decoded.
fn one_key(text: &str, prefix: &str) -> Option<[u8; 32]> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    let hex_part = line.strip_prefix(prefix)?;
    let mut out = [0u8; 32];
    hex::decode_to_slice(hex_part, &mut out).ok()?;
    Some(out)
}

fn key_id(key: &VerifyingKey) -> String {
    hex::encode(&Sha256::digest(key.as_bytes())[..8])
}

/// A new key pair: the secret key file's text, the public key file's text and the key
/// id. Both files are a `#` comment block and one key line.
pub fn generate() -> Result<(String, String, String)> {
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed)
        .map_err(|e| Error::Config(format!("cannot get random bytes for a key: {e}")))?;
    let key = SigningKey::from_bytes(&seed);
    seed.fill(0);
    let public = key.verifying_key();
    let id = key_id(&public);
    let created = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let public_line = format!("{PUBLIC_PREFIX}{}", hex::encode(public.as_bytes()));
    let secret = format!(
        "# dbshape signing key (Ed25519), created: {created}\n# key id: {id}\n# public key: {public_line}\n{SECRET_PREFIX}{}\n",
        hex::encode(key.to_bytes())
    );
    let public_text = format!(
        "# dbshape public key (Ed25519), created: {created}\n# key id: {id}\n{public_line}\n"
    );
    Ok((secret, public_text, id))
}

/// What a signature check found, as reported by `verify` and `backup`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SignatureState {
    /// Signed by one of the trusted keys, and the signature matches the dump.
    Valid,
    /// Not signed.
    None,
    /// Signed, but by no trusted key, or the signature does not match the dump.
    Invalid,
    /// Signed, but no trusted key was given to check it with.
    Unchecked,
}

/// The `signature` object of `verify` and `backup` reports.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SignatureReport {
    /// Whether the dump is signed, and whether the signature checked.
    pub state: SignatureState,
    /// The key id the dump names (whether or not it checked).
    pub key_id: Option<String>,
}

/// Which keys a reader trusts, and whether it takes unsigned dumps.
#[derive(Debug, Clone, Default)]
pub struct SignaturePolicy {
    /// The keys whose signatures are accepted (`--trusted-key`, `restore.trusted_keys`); any
    /// one of them will do.
    pub trusted: Vec<PublicKey>,
    /// Refuse a dump that is not signed by a trusted key. Without it, a signature is
    /// still checked when present (a wrong one is refused), an unsigned dump passes.
    pub required: bool,
}

impl SignaturePolicy {
    /// Reads the trusted key files.
    pub fn load(paths: &[std::path::PathBuf], required: bool) -> Result<SignaturePolicy> {
        let trusted = paths
            .iter()
            .map(|p| PublicKey::from_file(p))
            .collect::<Result<Vec<_>>>()?;
        Ok(SignaturePolicy { trusted, required })
    }

    /// Whether signatures are checked at all (a trusted key is given).
    pub fn checks(&self) -> bool {
        !self.trusted.is_empty()
    }

    /// Checks an intact dump's signature: what was found, and [`Error::Signature`] when
    /// the dump is refused.
    pub fn judge(&self, summary: &DumpSummary) -> (SignatureReport, Option<Error>) {
        let (report, why) = check(
            summary.trailer.signature.as_ref(),
            &summary.header_sha256,
            &summary.trailer.sha256,
            &self.trusted,
        );
        let refused = why
            .filter(|_| self.required || report.state == SignatureState::Invalid)
            .map(Error::Signature);
        (report, refused)
    }

    /// As [`SignaturePolicy::judge`], for a caller that stops at a refusal.
    pub fn enforce(&self, summary: &DumpSummary) -> Result<SignatureReport> {
        match self.judge(summary) {
            (_, Some(e)) => Err(e),
            (report, None) => Ok(report),
        }
    }
}

/// Checks the signature of an intact dump (the reader has matched its digests) against
/// `trusted`. With no trusted key, a signature is reported `unchecked`. The error
/// names why a signature is invalid.
pub fn check(
    signature: Option<&DumpSignature>,
    header_sha256: &str,
    sha256: &str,
    trusted: &[PublicKey],
) -> (SignatureReport, Option<String>) {
    let Some(sig) = signature else {
        let why = (!trusted.is_empty()).then(|| {
            "the dump is not signed, and a trusted key was given: only a dump written by \
             `backup --sign` with the matching secret key is accepted"
                .to_string()
        });
        return (
            SignatureReport {
                state: SignatureState::None,
                key_id: None,
            },
            why,
        );
    };
    let report = |state| SignatureReport {
        state,
        key_id: Some(sig.key_id.clone()),
    };
    if trusted.is_empty() {
        return (report(SignatureState::Unchecked), None);
    }
    let invalid = |why: String| (report(SignatureState::Invalid), Some(why));
    if sig.algorithm != ALGORITHM {
        return invalid(format!(
            "the dump's signature uses `{}`, which this dbshape does not check (only `{ALGORITHM}`)",
            sig.algorithm
        ));
    }
    let mut bytes = [0u8; 64];
    if hex::decode_to_slice(&sig.value, &mut bytes).is_err() {
        return invalid("the dump's signature is not 128 hex digits: it was altered".into());
    }
    let signature = ed25519_dalek::Signature::from_bytes(&bytes);
    let msg = message(header_sha256, sha256);
    // The key id in the trailer is not authenticated: every trusted key is tried, and
    // the id only picks the message.
    if trusted
        .iter()
        .any(|k| k.key.verify_strict(&msg, &signature).is_ok())
    {
        return (report(SignatureState::Valid), None);
    }
    let names = trusted
        .iter()
        .map(|k| format!("{} ({})", k.key_id(), k.origin))
        .collect::<Vec<_>>()
        .join(", ");
    if trusted.iter().any(|k| k.key_id() == sig.key_id) {
        invalid(format!(
            "the dump's signature by key {} does not match its content: the dump was changed \
             after it was signed (its digests recomputed); take it from a trusted copy",
            sig.key_id
        ))
    } else {
        invalid(format!(
            "the dump is signed by key {}, which is not a trusted key (trusted: {names}); \
             give that key's .pub file with --trusted-key if you trust it",
            sig.key_id
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> (SecretKey, PublicKey) {
        let (secret, public, _) = generate().unwrap();
        let seed = one_key(&secret, SECRET_PREFIX).unwrap();
        let pubkey = one_key(&public, PUBLIC_PREFIX).unwrap();
        (
            SecretKey {
                key: SigningKey::from_bytes(&seed),
            },
            PublicKey {
                key: VerifyingKey::from_bytes(&pubkey).unwrap(),
                origin: "test.pub".into(),
            },
        )
    }

    #[test]
    fn a_signature_checks_only_with_its_key_and_its_digests() {
        let (sk, pk) = pair();
        let (_, other) = pair();
        let sig = sk.sign("aa", "bb");
        let only = std::slice::from_ref(&pk);
        assert_eq!(sig.key_id, pk.key_id());
        let state = |s, h: &str, f: &str, t: &[PublicKey]| check(s, h, f, t).0.state;
        assert_eq!(state(Some(&sig), "aa", "bb", only), SignatureState::Valid);
        assert_eq!(
            state(Some(&sig), "aa", "bb", &[other.clone(), pk.clone()]),
            SignatureState::Valid
        );
        assert_eq!(state(Some(&sig), "aa", "bc", only), SignatureState::Invalid);
        assert_eq!(state(Some(&sig), "ab", "bb", only), SignatureState::Invalid);
        assert_eq!(
            state(Some(&sig), "aa", "bb", &[other]),
            SignatureState::Invalid
        );
        assert_eq!(
            state(Some(&sig), "aa", "bb", &[]),
            SignatureState::Unchecked
        );
        assert_eq!(state(None, "aa", "bb", &[]), SignatureState::None);
        let (r, why) = check(None, "aa", "bb", &[pk]);
        assert_eq!(r.state, SignatureState::None);
        assert!(why.is_some());
    }

    #[test]
    fn key_files_refuse_the_other_kind() {
        let (secret, public, _) = generate().unwrap();
        assert!(one_key(&secret, PUBLIC_PREFIX).is_none());
        assert!(one_key(&public, SECRET_PREFIX).is_none());
        assert!(one_key("dbshape-ed25519:abcd\n", PUBLIC_PREFIX).is_none());
    }
}
