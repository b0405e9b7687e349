//! Config file, `${VAR}` substitution and database URLs: never panic, every error is a
//! usage error (exit 2), and a password never shows in a message or a display form.
//!
//! Input: the first byte picks the mode (`% 4`):
//! * 0: the rest is a config file;
//! * 1: `scheme NUL user NUL rest`: the URL `scheme://user:PASSWORD@rest` with a known
//!   password;
//! * 2: text for `substitute_env`;
//! * 3: a raw URL.
#![no_main]

use dbshape::config::{substitute_env, DbUrl, FileConfig};
use dbshape::error::exit;
use libfuzzer_sys::fuzz_target;

const PASSWORD: &str = "Fz9SecretPw";

fn check_url(raw: &str) {
    match DbUrl::parse(raw) {
        Ok(url) => {
            let _ = (url.dialect(), url.sqlite_path(), url.driver_url());
            let _ = (url.database_name(), url.query_param("sslmode"));
            if url.password() == Some(PASSWORD) {
                for shown in [url.redacted(), url.to_string(), format!("{url:?}")] {
                    assert!(!shown.contains(PASSWORD), "password shown: {shown}");
                }
            }
        }
        Err(e) => {
            assert_eq!(e.exit_code(), exit::USAGE, "{e}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match pick % 4 {
        0 => match FileConfig::parse(&text, "fuzz.yaml") {
            Ok(config) => {
                if let Some(url) = config.connection.url.as_deref() {
                    check_url(url);
                }
            }
            Err(e) => {
                assert_eq!(e.exit_code(), exit::USAGE, "{e}");
                assert!(e.to_string().starts_with("config file fuzz.yaml"), "{e}");
            }
        },
        1 => {
            // Removing the password once can join a new one ("Fz9SecretFz9SecretPwPw"),
            // so repeat until none is left.
            let scrub = |p: &str| {
                let mut p = p.to_string();
                while p.contains(PASSWORD) {
                    p = p.replace(PASSWORD, "");
                }
                p
            };
            let mut parts = text.splitn(3, '\0').map(scrub);
            let (Some(scheme), Some(user), Some(rest)) = (parts.next(), parts.next(), parts.next())
            else {
                return;
            };
            let scheme_ok = !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
            if !scheme_ok {
                return;
            }
            let raw = format!("{scheme}://{user}:{PASSWORD}@{rest}");
            // Only URLs whose password really is the known one are checked for leaks
            // (an `@` or `/` in `user` makes it something else).
            match DbUrl::parse(&raw) {
                Ok(url) if url.password() == Some(PASSWORD) => check_url(&raw),
                Ok(_) => {}
                Err(e) => {
                    assert_eq!(e.exit_code(), exit::USAGE, "{e}");
                    let userinfo_is_plain = !user.contains(['@', '/', '?', '#', ':']);
                    if userinfo_is_plain && !rest.contains(PASSWORD) {
                        assert!(!e.to_string().contains(PASSWORD), "password shown: {e}");
                    }
                }
            }
        }
        2 => {
            // `$$` is a literal `$`, so escaping every `$` must give the text back.
            let escaped = text.replace('$', "$$");
            assert_eq!(
                substitute_env(&escaped, |_| None).as_deref(),
                Ok(text.as_ref())
            );
            if !text.contains('$') {
                assert_eq!(
                    substitute_env(&text, |_| None).as_deref(),
                    Ok(text.as_ref())
                );
            }
            let _ = substitute_env(&text, |name| Some(format!("<{name}>")));
        }
        _ => check_url(&text),
    }
});
