//! Migration and server versions.
//!
//! dbshape keeps a database in lockstep with the server that uses it, so every
//! migration directory, backup stamp and gate is keyed by a version. Those versions come
//! from operators and release tooling in many shapes: `1.2.0`, `1.10`, `01.002`, or a
//! single timestamp component such as `20240101120000000000`. This module gives them one
//! total order that matches what people expect:
//!
//! * components are compared numerically, `1.9.0 < 1.10.0`;
//! * missing components count as zero, so `1.0` and `1.0.0` are the same version (equality
//!   and hashing agree with the ordering, which lets versions key maps and sets);
//! * leading zeros are insignificant, `01.002 == 1.2`;
//! * components may be arbitrarily long: they are kept as digit strings and compared by
//!   length and then lexically, so no integer type can overflow;
//! * an optional `-suffix` (`1.2.0-collate`) sorts after the plain version, and suffixes
//!   compare as text.
//!
//! The text the version was written as is kept for display, so messages and stamps show
//! exactly what the operator wrote.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// The shape every error message points the operator to.
const EXPECTED: &str =
    "expected dot-separated numbers such as 1.2.0, optionally followed by -suffix";

/// A parsed version such as `1.2.0`, `20240101120000` or `1.2.0-collate`.
///
/// Equality, ordering and hashing use the numeric value of the components (leading zeros and
/// trailing zero components ignored) and the suffix; [`Version::as_str`] and
/// [`fmt::Display`] give back the text as written (surrounding whitespace trimmed).
#[derive(Debug, Clone)]
pub struct Version {
    /// The trimmed input text.
    raw: String,
    /// Numeric components without leading zeros (zero is the empty string), with trailing
    /// zero components removed. This is the canonical form used for comparing and hashing.
    numbers: Vec<String>,
    /// The text after the first `-`, if any.
    suffix: Option<String>,
}

/// Why a text is not a valid [`Version`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    /// The text is empty or only whitespace.
    #[error("empty version: {}", EXPECTED)]
    Empty,
    /// Whitespace appears inside the version.
    #[error(
        "invalid version `{input}`: whitespace is not allowed inside a version; {}",
        EXPECTED
    )]
    Whitespace {
        /// The offending text.
        input: String,
    },
    /// A dot is leading, trailing or doubled, leaving an empty component.
    #[error("invalid version `{input}`: empty number between dots (leading, trailing or doubled `.`); {}", EXPECTED)]
    EmptyComponent {
        /// The offending text.
        input: String,
    },
    /// A component contains something other than ASCII digits.
    #[error(
        "invalid version `{input}`: `{component}` is not a number; {}",
        EXPECTED
    )]
    NotANumber {
        /// The offending text.
        input: String,
        /// The component that is not made of digits.
        component: String,
    },
    /// A `-` is not followed by a suffix.
    #[error("invalid version `{input}`: nothing follows `-`; remove the `-` or add a suffix such as 1.2.0-collate")]
    EmptySuffix {
        /// The offending text.
        input: String,
    },
    /// The suffix contains characters outside `[A-Za-z0-9._-]`.
    #[error("invalid version `{input}`: suffix `{suffix}` may only contain letters, digits, `.`, `_` and `-`")]
    InvalidSuffix {
        /// The offending text.
        input: String,
        /// The suffix after the first `-`.
        suffix: String,
    },
}

impl Version {
    /// Parses a version such as `1.2.0`, `01.002`, `20240101120000` or `1.2.0-collate`.
    ///
    /// Surrounding whitespace is ignored. The numeric part is one or more dot-separated runs
    /// of ASCII digits of any length; an optional suffix follows the first `-` and may contain
    /// letters, digits, `.`, `_` and `-`.
    pub fn parse(s: &str) -> Result<Version, VersionError> {
        let raw = s.trim();
        if raw.is_empty() {
            return Err(VersionError::Empty);
        }
        if raw.chars().any(char::is_whitespace) {
            return Err(VersionError::Whitespace {
                input: raw.to_string(),
            });
        }

        let (numeric, suffix) = match raw.split_once('-') {
            Some((numeric, suffix)) => (numeric, Some(suffix)),
            None => (raw, None),
        };

        let mut numbers = Vec::new();
        for component in numeric.split('.') {
            if component.is_empty() {
                return Err(VersionError::EmptyComponent {
                    input: raw.to_string(),
                });
            }
            if !component.bytes().all(|b| b.is_ascii_digit()) {
                return Err(VersionError::NotANumber {
                    input: raw.to_string(),
                    component: component.to_string(),
                });
            }
            numbers.push(component.trim_start_matches('0').to_string());
        }
        while numbers.last().is_some_and(String::is_empty) {
            numbers.pop();
        }

        let suffix = match suffix {
            None => None,
            Some("") => {
                return Err(VersionError::EmptySuffix {
                    input: raw.to_string(),
                })
            }
            Some(suffix) => {
                let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
                if !suffix.chars().all(allowed) {
                    return Err(VersionError::InvalidSuffix {
                        input: raw.to_string(),
                        suffix: suffix.to_string(),
                    });
                }
                Some(suffix.to_string())
            }
        };

        Ok(Version {
            raw: raw.to_string(),
            numbers,
            suffix,
        })
    }

    /// The version as written, without surrounding whitespace.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The text after the first `-`, if the version has a suffix.
    pub fn suffix(&self) -> Option<&str> {
        self.suffix.as_deref()
    }
}

/// Compares two components given as digit strings without leading zeros: a longer string is
/// a larger number, and equally long strings compare digit by digit.
fn cmp_number(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let width = self.numbers.len().max(other.numbers.len());
        for i in 0..width {
            let a = self.numbers.get(i).map_or("", String::as_str);
            let b = other.numbers.get(i).map_or("", String::as_str);
            match cmp_number(a, b) {
                Ordering::Equal => {}
                unequal => return unequal,
            }
        }
        match (&self.suffix, &other.suffix) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(a), Some(b)) => a.cmp(b),
        }
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Version {}

impl Hash for Version {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // `numbers` is canonical (no leading zeros, no trailing zero components), so versions
        // that compare equal hash equally.
        self.numbers.hash(state);
        self.suffix.hash(state);
    }
}

impl FromStr for Version {
    type Err = VersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Version::parse(s)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::hash_map::DefaultHasher;
    use std::collections::HashSet;

    fn v(s: &str) -> Version {
        match Version::parse(s) {
            Ok(version) => version,
            Err(e) => panic!("`{s}` should parse: {e}"),
        }
    }

    fn hash_of(version: &Version) -> u64 {
        let mut hasher = DefaultHasher::new();
        version.hash(&mut hasher);
        hasher.finish()
    }

    #[test]
    fn parses_plain_and_suffixed_versions() {
        let plain = v("1.2.0");
        assert_eq!(plain.as_str(), "1.2.0");
        assert_eq!(plain.suffix(), None);

        let suffixed = v("1.2.0-collate");
        assert_eq!(suffixed.as_str(), "1.2.0-collate");
        assert_eq!(suffixed.suffix(), Some("collate"));

        // Only the first `-` separates the suffix; later ones belong to it.
        assert_eq!(v("2-rc-1.fix_2").suffix(), Some("rc-1.fix_2"));
    }

    #[test]
    fn display_and_as_str_keep_the_text_as_written_but_trimmed() {
        let version = v("  01.002-Beta \n");
        assert_eq!(version.to_string(), "01.002-Beta");
        assert_eq!(version.as_str(), "01.002-Beta");
    }

    #[test]
    fn from_str_matches_parse() {
        let parsed: Version = "3.4".parse().expect("valid version");
        assert_eq!(parsed, v("3.4"));
        assert!("3..4".parse::<Version>().is_err());
    }

    #[test]
    fn components_compare_numerically_not_as_text() {
        assert!(v("1.9.0") < v("1.10.0"));
        assert!(v("2") < v("10"));
        assert!(v("0.9") < v("0.10"));
    }

    #[test]
    fn a_nonzero_extra_component_makes_a_version_larger() {
        assert!(v("1.2.3") < v("1.2.3.1"));
        assert!(v("1.2.3.0.1") > v("1.2.3"));
        assert!(v("1.2.3.1") < v("1.2.4"));
    }

    #[test]
    fn missing_components_count_as_zero() {
        assert_eq!(v("1.0"), v("1.0.0"));
        assert_eq!(v("1.0").cmp(&v("1.0.0")), Ordering::Equal);
        assert_eq!(v("1"), v("1.0.0.0"));
        assert_eq!(v("0"), v("0.0"));
        assert_eq!(hash_of(&v("1.0")), hash_of(&v("1.0.0")));

        let set: HashSet<Version> = ["1.0", "1.0.0", "1", "01.00"].into_iter().map(v).collect();
        assert_eq!(set.len(), 1);
    }

    #[test]
    fn leading_zeros_are_insignificant() {
        assert_eq!(v("01.002"), v("1.2"));
        assert_eq!(hash_of(&v("01.002")), hash_of(&v("1.2")));
        assert_eq!(v("000"), v("0"));
        assert!(v("0010") > v("9"));
    }

    #[test]
    fn plain_version_sorts_before_the_same_version_with_a_suffix() {
        assert!(v("1.2.0") < v("1.2.0-collate"));
        assert!(v("1.2-collate") < v("1.2.1"));
        assert_ne!(v("1.2"), v("1.2-rc"));
        // The suffix is compared after the numbers, which ignore trailing zeros.
        assert_eq!(v("1.2-rc"), v("1.2.0-rc"));
        assert_eq!(hash_of(&v("1.2-rc")), hash_of(&v("1.2.0-rc")));
    }

    #[test]
    fn suffixes_compare_as_text() {
        assert!(v("1.0-alpha") < v("1.0-beta"));
        assert!(v("1.0-B") < v("1.0-a"));
        assert!(v("1.0-rc10") < v("1.0-rc2"));
    }

    #[test]
    fn twenty_digit_components_do_not_overflow() {
        let a = v("20240101120000000000");
        let b = v("20240101120000000001");
        assert!(a < b);
        assert!(v("99999999999999999999") < v("100000000000000000000"));
        assert!(v("1.20240101120000000000") > v("1.9"));
    }

    #[test]
    fn forty_digit_components_compare_correctly() {
        let small = v("1234567890123456789012345678901234567890");
        let large = v("1234567890123456789012345678901234567891");
        assert!(small < large);
        assert_eq!(small, v("0001234567890123456789012345678901234567890.0"));
        assert!(
            v("9999999999999999999999999999999999999999")
                < v("10000000000000000000000000000000000000000")
        );
    }

    #[test]
    fn sorting_a_shuffled_list_gives_numeric_order() {
        let mut versions: Vec<Version> = [
            "1.10.0",
            "1.2.0-collate",
            "0.9",
            "20240101120000",
            "1.2.3.1",
            "1.2",
            "1.9.0",
            "1.2.3",
            "1.2.0-a",
            "2",
            "0.10",
        ]
        .into_iter()
        .map(v)
        .collect();
        versions.sort();
        let sorted: Vec<&str> = versions.iter().map(Version::as_str).collect();
        assert_eq!(
            sorted,
            [
                "0.9",
                "0.10",
                "1.2",
                "1.2.0-a",
                "1.2.0-collate",
                "1.2.3",
                "1.2.3.1",
                "1.9.0",
                "1.10.0",
                "2",
                "20240101120000",
            ]
        );
    }

    #[test]
    fn rejects_empty_and_blank_text() {
        assert_eq!(Version::parse(""), Err(VersionError::Empty));
        assert_eq!(Version::parse(" \t\n"), Err(VersionError::Empty));
    }

    #[test]
    fn rejects_empty_components() {
        for input in ["1..2", ".1", "1.", ".", "-rc", "1.-rc"] {
            assert_eq!(
                Version::parse(input),
                Err(VersionError::EmptyComponent {
                    input: input.to_string()
                }),
                "{input}"
            );
        }
    }

    #[test]
    fn rejects_non_digit_components() {
        for (input, component) in [("v1.2", "v1"), ("1.a", "a"), ("1.2+3", "2+3"), ("1.٣", "٣")] {
            assert_eq!(
                Version::parse(input),
                Err(VersionError::NotANumber {
                    input: input.to_string(),
                    component: component.to_string(),
                }),
                "{input}"
            );
        }
    }

    #[test]
    fn rejects_whitespace_inside() {
        for input in ["1 .2", "1.2 -rc", "1.2-a b", "1.\t2"] {
            assert!(
                matches!(Version::parse(input), Err(VersionError::Whitespace { .. })),
                "{input}"
            );
        }
    }

    #[test]
    fn rejects_empty_and_invalid_suffixes() {
        assert_eq!(
            Version::parse("1.2-"),
            Err(VersionError::EmptySuffix {
                input: "1.2-".to_string()
            })
        );
        for (input, suffix) in [("1.2-a/b", "a/b"), ("1-é", "é"), ("1-a+b", "a+b")] {
            assert_eq!(
                Version::parse(input),
                Err(VersionError::InvalidSuffix {
                    input: input.to_string(),
                    suffix: suffix.to_string(),
                }),
                "{input}"
            );
        }
    }

    #[test]
    fn error_messages_name_the_input_and_the_expected_shape() {
        let message = Version::parse("1..2").expect_err("invalid").to_string();
        assert!(message.starts_with("invalid version `1..2`:"), "{message}");
        assert!(message.contains("such as 1.2.0"), "{message}");

        let message = Version::parse("1.x").expect_err("invalid").to_string();
        assert!(message.contains("`x` is not a number"), "{message}");

        let message = Version::parse("").expect_err("invalid").to_string();
        assert!(message.starts_with("empty version"), "{message}");
    }
}
