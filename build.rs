//! Build script: the short git commit for `--version` and `check --json`, nothing else.
//!
//! It asks `git` once and tells cargo to run it again only when the checked-out commit
//! changes (HEAD, the branch's ref, packed-refs), so an ordinary rebuild does not run it.
//! Outside this crate's own git checkout (a crate tarball from crates.io, `cargo package`'s
//! verify build under `target/package/`, no `git` installed) it sets the version alone.
//!
//! A build script rather than a variable that CI or the packaging script would set: any
//! build from a checkout (`cargo install --path .`, a developer's `cargo run`) then says which
//! commit it is, not only the builds our scripts make.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        println!("cargo:rustc-env=SIPGATE_INSPECT_VERSION={version}");
        return;
    };
    match commit(&manifest_dir) {
        Some((commit, watched)) => {
            for path in watched {
                println!("cargo:rerun-if-changed={}", path.display());
            }
            println!("cargo:rustc-env=SIPGATE_INSPECT_COMMIT={commit}");
            println!("cargo:rustc-env=SIPGATE_INSPECT_VERSION={version} ({commit})");
        }
        None => println!("cargo:rustc-env=SIPGATE_INSPECT_VERSION={version}"),
    }
}

/// The short commit of this crate's checkout and the files that change with it.
fn commit(manifest_dir: &Path) -> Option<(String, Vec<PathBuf>)> {
    let top = git(manifest_dir, &["rev-parse", "--show-toplevel"])?;
    // Only a checkout whose root is this crate: a tarball unpacked inside another repository
    // (target/package/ in this one, a dotfiles repository around ~/.cargo) must not take
    // that repository's commit.
    if std::fs::canonicalize(top).ok()? != std::fs::canonicalize(manifest_dir).ok()? {
        return None;
    }
    let commit = git(manifest_dir, &["rev-parse", "--short", "HEAD"])?;
    let mut names = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    // Detached HEAD has no branch ref; HEAD itself then names the commit.
    names.extend(git(manifest_dir, &["symbolic-ref", "-q", "HEAD"]));
    let watched = names
        .iter()
        .filter_map(|name| git(manifest_dir, &["rev-parse", "--git-path", name]))
        .map(|path| manifest_dir.join(path))
        // A missing file would make cargo run this script on every build.
        .filter(|path| path.is_file())
        .collect();
    Some((commit, watched))
}

/// Runs git in `dir`; its trimmed stdout when it succeeds with some.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (output.status.success() && !text.is_empty()).then(|| text.to_owned())
}
