//! Version parser: never panics, round-trips through its display form, and orders like
//! an independent reference (zero-padded component strings compared as text).
//!
//! Input: up to three versions separated by `|`.
#![no_main]

use std::cmp::Ordering;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use dbshape::version::Version;
use libfuzzer_sys::fuzz_target;

fn hash_of(v: &Version) -> u64 {
    let mut h = DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

/// The reference order: pad every component to the same width and count with zeros, then
/// compare the padded numbers as text; plain before suffixed; suffixes as text.
fn reference_cmp(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| -> (Vec<String>, Option<String>) {
        let s = s.trim();
        let (numeric, suffix) = match s.split_once('-') {
            Some((n, x)) => (n, Some(x.to_string())),
            None => (s, None),
        };
        (numeric.split('.').map(str::to_string).collect(), suffix)
    };
    let (mut na, sa) = parts(a);
    let (mut nb, sb) = parts(b);
    let count = na.len().max(nb.len());
    na.resize(count, "0".into());
    nb.resize(count, "0".into());
    for (x, y) in na.iter().zip(&nb) {
        let width = x.len().max(y.len());
        let (x, y) = (format!("{x:0>width$}"), format!("{y:0>width$}"));
        match x.cmp(&y) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    match (sa, sb) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => x.cmp(&y),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parsed = Vec::new();
    for part in text.splitn(3, '|') {
        match Version::parse(part) {
            Ok(v) => {
                let again = Version::parse(&v.to_string()).expect("display form parses");
                assert_eq!(again, v);
                assert_eq!(again.as_str(), v.as_str());
                assert_eq!(again.suffix(), v.suffix());
                assert_eq!(hash_of(&again), hash_of(&v));
                assert_eq!(v.cmp(&v), Ordering::Equal);
                parsed.push(v);
            }
            Err(e) => {
                let message = e.to_string();
                assert!(!message.is_empty());
                if !part.trim().is_empty() {
                    assert!(
                        message.contains(part.trim()),
                        "{message} does not name {part:?}"
                    );
                }
            }
        }
    }
    for a in &parsed {
        for b in &parsed {
            let ab = a.cmp(b);
            assert_eq!(ab, b.cmp(a).reverse(), "{a} vs {b} is not antisymmetric");
            assert_eq!(ab, reference_cmp(a.as_str(), b.as_str()), "{a} vs {b}");
            assert_eq!(a == b, ab == Ordering::Equal);
            if a == b {
                assert_eq!(hash_of(a), hash_of(b), "{a} == {b} but hashes differ");
            }
            for c in &parsed {
                if a <= b && b <= c {
                    assert!(a <= c, "{a} <= {b} <= {c} is not transitive");
                }
            }
        }
    }
});
