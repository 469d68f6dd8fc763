//! The checker's contract: every `fail/*.rs` must not compile, with exactly
//! the message in its `.stderr` (each read by a person before it was
//! committed); every `pass/*.rs` must compile.
//!
//! Regenerate a snapshot after a deliberate change with
//! `TRYBUILD=overwrite cargo test -p diesel-relations-ui-tests`, then read it.
//!
//! The cases' migrations: `migrations/` (named by `diesel.toml`, for every
//! case) and `schemas/<name>/` (named by a case's
//! `#[relations(migrations = "schemas/<name>")]`), both relative to this
//! crate. trybuild builds the cases in `target/tests/trybuild/<crate>/`, so
//! they are mirrored there first.

use std::fs;
use std::path::Path;

#[test]
fn ui() {
    mirror_migrations();
    let t = trybuild::TestCases::new();
    t.pass("pass/*.rs");
    t.compile_fail("fail/*.rs");
}

/// Copies `diesel.toml`, `migrations/` and `schemas/` into trybuild's
/// project directory: files that changed only (cargo recompiles the cases
/// that read them), and removes what is gone.
fn mirror_migrations() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is inside the target directory");
    let project = target
        .join("tests")
        .join("trybuild")
        .join(env!("CARGO_PKG_NAME"));
    for entry in ["diesel.toml", "migrations", "schemas"] {
        sync(&here.join(entry), &project.join(entry));
    }
}

fn sync(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(to).unwrap().flatten() {
            if !from.join(entry.file_name()).exists() {
                let path = entry.path();
                let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
            }
        }
        for entry in fs::read_dir(from).unwrap().flatten() {
            sync(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        let bytes = fs::read(from).unwrap();
        if fs::read(to).ok().as_deref() != Some(&bytes[..]) {
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::write(to, bytes).unwrap();
        }
    }
}
