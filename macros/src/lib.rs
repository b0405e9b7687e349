//! `embed_migrations!`: a dbshape migration set compiled into the program that runs it.
//!
//! A server that embeds dbshape ships its SQL inside its own binary, so it shapes its
//! database from any working directory (a container, a fresh machine) without a copy of
//! its migrations directory next to it. This crate is the procedural macro behind
//! `dbshape::embed_migrations!`; use it through that re-export, whose expansion names
//! `dbshape`'s public types. It is a crate of its own because a procedural macro can
//! only be defined in a `proc-macro` crate.
//!
//! The macro reads the directory when the program is compiled, with the rules dbshape
//! applies when it reads a directory at run time: every `<version>/<dir>/*.sql` file,
//! every `<version>/rust-steps.txt` declaration, and a version directory without either
//! kept as an empty version. Each file is embedded with `include_str!` of its absolute
//! path, so that editing it recompiles the program, and with the SHA-256 of the bytes the
//! macro read, which dbshape checks against the embedded text when it loads the set.

use std::path::{Path, PathBuf};

use proc_macro::TokenStream;
use quote::{quote, quote_spanned};
use sha2::{Digest, Sha256};

/// The file of a version directory that lists the Rust steps the version needs.
const RUST_STEPS_FILE: &str = "rust-steps.txt";
/// The shape a version ships for a dialect (`dbshape::migrate::set::SHAPE_FILE`).
const SHAPE_FILE: &str = "shape.json";

/// Compiles a migrations directory into the program, as a `dbshape::Migrations`.
///
/// The path is relative to the directory of the calling crate's `Cargo.toml`
/// (`CARGO_MANIFEST_DIR`); an absolute path is taken as it is. The expansion is an
/// expression of type `dbshape::Migrations`, to which the program adds its Rust steps.
///
/// What it embeds, file by file with `include_str!` (so that an edit recompiles the
/// program): every `<version>/<dialect>/*.sql` file (`<dialect>` being `postgres`,
/// `mysql`, `sqlite` or `common`), every `<version>/rust-steps.txt`, and, for a version
/// directory with neither, the version itself (an empty version, recorded when applied).
/// Other files (a README) are left out. Each file carries the SHA-256 of the bytes read
/// here; dbshape refuses the set if the embedded text differs.
///
/// Compile errors, each naming the path: the directory does not exist, a file is not
/// UTF-8, a `.sql` file lies directly in a version directory. The layout rules that need
/// the dialect (directory names, file names, versions) are checked when dbshape loads
/// the set, exactly as for a directory read at run time.
///
/// # Added files
///
/// A compiler does not tell a macro when a file appears in a directory it read, so a new
/// version directory is only embedded when the crate is compiled again for another
/// reason. A build script that names the directory makes every change in it recompile
/// the crate; `build.rs` next to `Cargo.toml`:
///
/// ```no_run
/// fn main() {
///     println!("cargo:rerun-if-changed=migrations");
/// }
/// ```
// The example of a build script is its whole `main`.
#[allow(clippy::needless_doctest_main)]
#[proc_macro]
pub fn embed_migrations(input: TokenStream) -> TokenStream {
    let lit = syn::parse_macro_input!(input as syn::LitStr);
    let span = lit.span();
    let dir = match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(root) => PathBuf::from(root).join(lit.value()),
        None => PathBuf::from(lit.value()),
    };
    match collect(&dir) {
        Ok(files) => expand(&files).into(),
        Err(message) => {
            let message = format!("embed_migrations!: {message}");
            quote_spanned!(span=> compile_error!(#message)).into()
        }
    }
}

/// One entry of the embedded set.
#[derive(Debug, PartialEq)]
struct Embedded {
    /// `/`-separated path under the migrations directory; `<version>/` for an empty
    /// version.
    path: String,
    /// The file on disk (`None` for an empty version).
    file: Option<PathBuf>,
    /// SHA-256 (lowercase hex) of the bytes read.
    sha256: String,
}

/// Every entry of the migrations directory `dir`, in path order.
fn collect(dir: &Path) -> Result<Vec<Embedded>, String> {
    if !dir.is_dir() {
        return Err(format!(
            "migrations directory {} does not exist",
            dir.display()
        ));
    }
    let mut out = Vec::new();
    for version in list(dir)? {
        if !version.is_dir() {
            continue; // a README next to the versions
        }
        let vname = name(&version);
        let before = out.len();
        for entry in list(&version)? {
            let ename = name(&entry);
            if entry.is_dir() {
                for file in list(&entry)? {
                    let fname = name(&file);
                    // A `.sql` entry that is not a file (a dangling link, a directory)
                    // is read anyway, so that it fails naming its path.
                    // The shape a version ships (`shape.json`) is not SQL, but the set
                    // carries it to check the database against.
                    if fname.ends_with(".sql") || fname == SHAPE_FILE {
                        out.push(read(&file, format!("{vname}/{ename}/{fname}"))?);
                    }
                }
            } else if ename == RUST_STEPS_FILE {
                out.push(read(&entry, format!("{vname}/{ename}"))?);
            } else if ename.ends_with(".sql") {
                return Err(format!(
                    "{} is directly under the version directory; put it in {vname}/<dialect>/ or {vname}/common/",
                    entry.display()
                ));
            }
        }
        if out.len() == before {
            out.push(Embedded {
                path: format!("{vname}/"),
                file: None,
                sha256: sha256_hex(b""),
            });
        }
    }
    Ok(out)
}

/// The entries of `dir`, sorted by name.
fn list(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut paths = entries
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    paths.sort();
    Ok(paths)
}

/// The last component of `path`, as text.
fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads one file: it must be UTF-8, as `include_str!` and dbshape require.
fn read(file: &Path, path: String) -> Result<Embedded, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    if std::str::from_utf8(&bytes).is_err() {
        return Err(format!(
            "{} is not valid UTF-8; save it as UTF-8",
            file.display()
        ));
    }
    Ok(Embedded {
        path,
        file: Some(file.to_path_buf()),
        sha256: sha256_hex(&bytes),
    })
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The expression: a `dbshape::Migrations` over a static list of `dbshape::EmbeddedFile`.
fn expand(files: &[Embedded]) -> proc_macro2::TokenStream {
    let entries = files.iter().map(|f| {
        let path = &f.path;
        let sha256 = &f.sha256;
        let contents = match &f.file {
            Some(file) => {
                let file = file.display().to_string();
                quote!(::core::include_str!(#file))
            }
            None => quote!(""),
        };
        quote! {
            ::dbshape::EmbeddedFile { path: #path, contents: #contents, sha256: #sha256 }
        }
    });
    quote! {
        {
            static FILES: &[::dbshape::EmbeddedFile] = &[#(#entries),*];
            ::dbshape::Migrations::embedded(FILES)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, bytes: &[u8]) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    #[test]
    fn embeds_sql_and_declarations_and_keeps_empty_versions() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "1.0.0/postgres/schemaChanges.sql", b"abc");
        write(d, "1.0.0/postgres/README.md", b"not embedded");
        write(d, "1.1.0/rust-steps.txt", b"m1_1_0_step\n");
        write(d, "1.1.0/notes.txt", b"not embedded");
        write(d, "1.2.0/common/README.md", b"no SQL: an empty version");
        std::fs::create_dir_all(d.join("1.3.0")).unwrap();
        write(d, "README.md", b"next to the versions");
        let files = collect(d).unwrap();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "1.0.0/postgres/schemaChanges.sql",
                "1.1.0/rust-steps.txt",
                "1.2.0/",
                "1.3.0/"
            ]
        );
        // SHA-256 of "abc" (FIPS 180-2, appendix B.1) and of nothing.
        assert_eq!(
            files[0].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            files[2].sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(files[2].file, None);
        assert_eq!(
            files[0].file.as_deref(),
            Some(d.join("1.0.0/postgres/schemaChanges.sql").as_path())
        );
    }

    #[test]
    fn each_file_is_an_include_str_of_its_absolute_path() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "1.0.0/sqlite/schemaChanges.sql", b"abc");
        let code = expand(&collect(dir.path()).unwrap()).to_string();
        let abs = dir.path().join("1.0.0/sqlite/schemaChanges.sql");
        assert!(
            code.contains(&format!("include_str ! ({:?})", abs.display().to_string())),
            "{code}"
        );
        assert!(
            code.contains(":: dbshape :: Migrations :: embedded (FILES)"),
            "{code}"
        );
    }

    #[test]
    fn a_missing_directory_names_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let err = collect(&missing).unwrap_err();
        assert!(err.contains(&missing.display().to_string()), "{err}");
        assert!(err.contains("does not exist"), "{err}");
    }

    #[test]
    fn a_file_that_is_not_utf8_names_its_path() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "1.0.0/mysql/schemaChanges.sql",
            b"SELECT '\xff';",
        );
        let err = collect(dir.path()).unwrap_err();
        let file = dir.path().join("1.0.0/mysql/schemaChanges.sql");
        assert!(err.contains(&file.display().to_string()), "{err}");
        assert!(err.contains("not valid UTF-8"), "{err}");
    }

    #[test]
    fn sql_directly_in_a_version_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "1.0.0/schemaChanges.sql", b"SELECT 1;");
        let err = collect(dir.path()).unwrap_err();
        assert!(err.contains("put it in 1.0.0/<dialect>/"), "{err}");
    }

    /// Like the run-time reader: a `.sql` name that cannot be read fails, naming it,
    /// rather than leaving the version empty.
    #[test]
    fn a_sql_entry_that_cannot_be_read_names_its_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("1.0.0/sqlite/schemaChanges.sql")).unwrap();
        let err = collect(dir.path()).unwrap_err();
        assert!(err.contains("schemaChanges.sql"), "{err}");
    }
}
