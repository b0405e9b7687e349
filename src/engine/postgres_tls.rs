//! TLS for the PostgreSQL data path (tokio-postgres, used by `backup` and `restore`), with
//! libpq's meaning of the URL's `sslmode`, `sslrootcert`, `sslcert` and `sslkey`; and
//! the server's message of that path's errors ([`pg_message`]), which connecting needs
//! first and the snapshot reader and restore target share.
//!
//! The migration path connects through sqlx, which reads these parameters itself; this
//! module makes the COPY connections of backup and restore ask for the same thing, so a
//! URL never gets encryption on one connection and plain text on the other.
//!
//! tokio-postgres knows only `disable`, `prefer` and `require` and rejects the other
//! parameters, so they are taken out of the URL here and turned into a rustls client
//! configuration:
//!
//! | sslmode       | encrypted            | certificate checked                  |
//! |---------------|----------------------|--------------------------------------|
//! | `disable`     | no                   | -                                    |
//! | `allow`/`prefer` (default) | when the server offers it | no                |
//! | `require`     | yes                  | no; like libpq, a chain check when `sslrootcert` is given |
//! | `verify-ca`   | yes                  | chain up to the root                 |
//! | `verify-full` | yes                  | chain and host name                  |
//!
//! The root is `sslrootcert` (a PEM file), else `~/.postgresql/root.crt` as libpq reads
//! it, else the public web roots (libpq 16's `sslrootcert=system`), so a managed server
//! with a publicly signed certificate verifies without a file.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres::config::SslMode;
use tokio_postgres::Client;
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::config::DbUrl;
use crate::error::{Error, Result};

/// libpq's `sslmode` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `disable`: no TLS.
    Disable,
    /// `prefer` (the default) and `allow`: TLS when the handshake succeeds, else plain text;
    /// the certificate is not checked.
    Prefer,
    /// `require`: TLS; the certificate chain is checked only when `sslrootcert` is given,
    /// as libpq does.
    Require,
    /// `verify-ca`: TLS, the certificate chain checked up to the root.
    VerifyCa,
    /// `verify-full`: TLS, the certificate chain and the host name checked.
    VerifyFull,
}

/// What a URL asks of TLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tls {
    /// The URL's `sslmode`.
    pub mode: Mode,
    /// The URL's `sslrootcert`, the root certificate (PEM); `None` falls back to
    /// `~/.postgresql/root.crt`, then the public web roots.
    pub root_cert: Option<PathBuf>,
    /// The URL's `sslcert` and `sslkey`, the client certificate and its key; `None` when
    /// neither is given.
    pub client_cert: Option<(PathBuf, PathBuf)>,
}

/// Splits a PostgreSQL URL into the tokio-postgres configuration (without the TLS
/// parameters it does not know) and what TLS must do.
pub fn parse(url: &DbUrl) -> Result<(tokio_postgres::Config, Tls)> {
    let bad = |m: String| Error::Config(format!("database URL {}: {m}", url.redacted()));
    let mut parsed = url::Url::parse(&url.driver_url()).map_err(|e| bad(e.to_string()))?;
    let mut mode = Mode::Prefer;
    let (mut root_cert, mut cert, mut key) = (None, None, None);
    let mut kept = Vec::new();
    for (k, v) in parsed.query_pairs() {
        match k.as_ref() {
            "sslmode" => {
                mode = match v.as_ref() {
                    "disable" => Mode::Disable,
                    "allow" | "prefer" => Mode::Prefer,
                    "require" => Mode::Require,
                    "verify-ca" => Mode::VerifyCa,
                    "verify-full" => Mode::VerifyFull,
                    other => {
                        return Err(bad(format!(
                            "sslmode `{other}` is not one of disable, allow, prefer, require, verify-ca, verify-full"
                        )))
                    }
                }
            }
            "sslrootcert" => root_cert = Some(PathBuf::from(v.as_ref())),
            "sslcert" => cert = Some(PathBuf::from(v.as_ref())),
            "sslkey" => key = Some(PathBuf::from(v.as_ref())),
            _ => kept.push((k.into_owned(), v.into_owned())),
        }
    }
    if kept.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(kept);
    }
    let mut config =
        tokio_postgres::Config::from_str(parsed.as_str()).map_err(|e| bad(e.to_string()))?;
    // A peer that vanishes without closing the socket (a dropped network, a host that
    // stopped) is found by TCP keepalive after about a minute of silence instead of the
    // kernel's two hours (see `crate::engine::KEEPALIVE_IDLE`); the URL's own
    // `keepalives_*` parameters win.
    if url.query_param("keepalives_idle").is_none() {
        config.keepalives_idle(crate::engine::KEEPALIVE_IDLE);
    }
    if url.query_param("keepalives_interval").is_none() {
        config.keepalives_interval(crate::engine::KEEPALIVE_INTERVAL);
    }
    if url.query_param("keepalives_retries").is_none() {
        config.keepalives_retries(crate::engine::KEEPALIVE_RETRIES);
    }
    config.ssl_mode(match mode {
        Mode::Disable => SslMode::Disable,
        Mode::Prefer => SslMode::Prefer,
        _ => SslMode::Require,
    });
    let client_cert = match (cert, key) {
        (Some(c), Some(k)) => Some((c, k)),
        (None, None) => None,
        _ => {
            return Err(bad(
                "sslcert and sslkey go together: give both or neither".into()
            ))
        }
    };
    Ok((
        config,
        Tls {
            mode,
            root_cert,
            client_cert,
        },
    ))
}

/// Connects with the TLS the URL asks for; the connection task runs in the background.
pub async fn connect(url: &DbUrl) -> Result<Client> {
    let (config, tls) = parse(url)?;
    let fail = |e: tokio_postgres::Error| Error::Connect {
        url: url.redacted(),
        message: crate::engine::scrub(&connect_message(&e, &tls), url),
    };
    // Plain text: `disable`, or libpq's fallback for `prefer` when the handshake fails.
    let plain = |mut config: tokio_postgres::Config| async move {
        config.ssl_mode(SslMode::Disable);
        let (client, connection) = config.connect(tokio_postgres::NoTls).await?;
        Ok::<_, tokio_postgres::Error>(serve(client, connection))
    };
    if tls.mode == Mode::Disable {
        return plain(config).await.map_err(fail);
    }
    let connector = MakeRustlsConnect::new(client_config(&tls)?);
    match config.connect(connector).await {
        Ok((client, connection)) => Ok(serve(client, connection)),
        Err(_) if tls.mode == Mode::Prefer => plain(config).await.map_err(fail),
        Err(e) => Err(fail(e)),
    }
}

/// Runs a connection's I/O in the background and hands out its client.
fn serve<C>(client: Client, connection: C) -> Client
where
    C: std::future::Future + Send + 'static,
{
    tokio::spawn(async move {
        let _ = connection.await;
    });
    client
}

/// The driver's message, with what to do when the certificate is the problem.
fn connect_message(e: &tokio_postgres::Error, tls: &Tls) -> String {
    let text = match std::error::Error::source(e) {
        Some(inner) => format!("{e}: {inner}"),
        None => pg_message(e),
    };
    match super::certificate_hint(&text, tls.root_cert.as_deref(), false) {
        Some(hint) => format!("{text}; {hint}"),
        None => text,
    }
}

/// The server's message of an error, not just "db error".
pub fn pg_message(e: &tokio_postgres::Error) -> String {
    let mut message = match e.as_db_error() {
        Some(db) => format!("{} (code {})", db.message(), db.code().code()),
        None => e.to_string(),
    };
    // The socket closed, or the server ended the session: class 57P0x
    // (`pg_terminate_backend`, a shutdown) or 08xxx
    // (<https://www.postgresql.org/docs/15/errcodes-appendix.html>).
    let code = e.code().map(|c| c.code()).unwrap_or("");
    if e.is_closed() || code.starts_with("57P0") || code.starts_with("08") {
        message.push_str(crate::engine::LOST_CONNECTION);
    }
    message
}

/// Builds the rustls configuration for a mode.
pub fn client_config(tls: &Tls) -> Result<ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Config(format!("TLS setup: {e}")))?;
    let root_file = tls.root_cert.clone().or_else(|| {
        let home = std::env::var_os("HOME")?;
        let p = Path::new(&home).join(".postgresql/root.crt");
        p.is_file().then_some(p)
    });
    let check = match tls.mode {
        Mode::Disable | Mode::Prefer => Check::None,
        Mode::Require if root_file.is_none() => Check::None,
        Mode::Require | Mode::VerifyCa => Check::Chain,
        Mode::VerifyFull => Check::Full,
    };
    let builder = match check {
        Check::None => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoCheck(provider))),
        _ => {
            let roots = Arc::new(roots(root_file.as_deref())?);
            let webpki = WebPkiServerVerifier::builder_with_provider(roots, provider)
                .build()
                .map_err(|e| Error::Config(format!("TLS setup: {e}")))?;
            if check == Check::Full {
                builder.with_webpki_verifier(webpki)
            } else {
                builder
                    .dangerous()
                    .with_custom_certificate_verifier(Arc::new(ChainOnly(webpki)))
            }
        }
    };
    match &tls.client_cert {
        None => Ok(builder.with_no_client_auth()),
        Some((cert, key)) => {
            let certs = CertificateDer::pem_file_iter(cert)
                .and_then(|it| it.collect::<std::result::Result<Vec<_>, _>>())
                .map_err(|e| Error::Config(format!("sslcert {}: {e}", cert.display())))?;
            let key = PrivateKeyDer::from_pem_file(key)
                .map_err(|e| Error::Config(format!("sslkey {}: {e}", key.display())))?;
            builder
                .with_client_auth_cert(certs, key)
                .map_err(|e| Error::Config(format!("sslcert/sslkey: {e}")))
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    None,
    Chain,
    Full,
}

fn roots(file: Option<&Path>) -> Result<RootCertStore> {
    let mut store = RootCertStore::empty();
    match file {
        Some(f) => {
            let certs = CertificateDer::pem_file_iter(f)
                .and_then(|it| it.collect::<std::result::Result<Vec<_>, _>>())
                .map_err(|e| Error::Config(format!("sslrootcert {}: {e}", f.display())))?;
            let (added, _) = store.add_parsable_certificates(certs);
            if added == 0 {
                return Err(Error::Config(format!(
                    "sslrootcert {}: no certificate in it",
                    f.display()
                )));
            }
        }
        None => store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    Ok(store)
}

/// `verify-ca`: the chain must lead to a trusted root; the host name is not compared.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// `prefer` and `require` without a root: encrypted, the certificate taken as it comes
/// (the handshake signatures are still checked, so the key really is the certificate's).
#[derive(Debug)]
struct NoCheck(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for NoCheck {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tls_of(url: &str) -> Result<Tls> {
        parse(&DbUrl::parse(url).unwrap()).map(|(_, t)| t)
    }

    #[test]
    fn the_default_is_prefer_like_libpq() {
        assert_eq!(tls_of("postgres://u@h/db").unwrap().mode, Mode::Prefer);
    }

    #[test]
    fn libpq_parameters_leave_the_driver_url() {
        let url = DbUrl::parse(
            "postgres://u:p@h:5433/db?sslmode=verify-full&sslrootcert=/ca.pem&application_name=x",
        )
        .unwrap();
        let (config, tls) = parse(&url).unwrap();
        assert_eq!(tls.mode, Mode::VerifyFull);
        assert_eq!(tls.root_cert.as_deref(), Some(Path::new("/ca.pem")));
        assert_eq!(config.get_ssl_mode(), SslMode::Require);
        assert_eq!(config.get_application_name(), Some("x"));
        assert_eq!(config.get_ports(), &[5433]);
    }

    #[test]
    fn a_bad_sslmode_names_the_choices_and_hides_the_password() {
        let e = tls_of("postgres://u:secret@h/db?sslmode=verify").unwrap_err();
        let m = e.to_string();
        assert!(m.contains("verify-full") && !m.contains("secret"), "{m}");
        let e = tls_of("postgres://u@h/db?sslcert=/c.pem").unwrap_err();
        assert!(e.to_string().contains("sslkey"), "{e}");
    }

    #[test]
    fn a_missing_root_file_is_a_config_error_naming_it() {
        let tls =
            tls_of("postgres://u@h/db?sslmode=verify-ca&sslrootcert=/nonexistent/ca.pem").unwrap();
        let e = client_config(&tls).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/ca.pem"), "{e}");
    }
}
