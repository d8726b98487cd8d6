//! Packaging: what the crate tarball holds (`cargo package --list`), what `--version` and
//! `check --json` say about the build, and the man pages `sipgate-inspect man` writes.
//!
//! The full `cargo package` (which builds the tarball, minutes) and the Debian package
//! (`cargo deb`, `dpkg-deb`, `man -l`, `groff -ww`) are checked by scripts/package.sh, which
//! .ci/run runs after the tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use clap::CommandFactory as _;
use serde_json::{Value, json};
use sipgate_inspect::cli::Cli;

const BIN: &str = env!("CARGO_BIN_EXE_sipgate-inspect");

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary with a clean environment apart from `env`.
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(manifest_dir())
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?.trim().to_owned();
    (output.status.success() && !text.is_empty()).then_some(text)
}

/// The short commit of this checkout, asked of git here, independently of build.rs; `None`
/// when the crate is not the root of a git checkout (then the binary must not claim one).
fn checkout_commit() -> Option<String> {
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let same = std::fs::canonicalize(top).ok()? == std::fs::canonicalize(manifest_dir()).ok()?;
    if !same {
        return None;
    }
    git(&["rev-parse", "--short", "HEAD"])
}

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("sipgate-inspect-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ------------------------------------------------------------------------ the crate

fn package_list() -> Vec<String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // --offline: a test talks to nothing outside this machine; the dependencies are already
    // here, since this test was built. --allow-dirty: the list is the same for uncommitted work.
    let output = Command::new(cargo)
        .args(["package", "--list", "--offline", "--allow-dirty"])
        .current_dir(manifest_dir())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo package --list failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output).lines().map(str::to_owned).collect()
}

#[test]
fn crate_holds_what_builds_and_documents_the_binary_and_nothing_else() {
    let list = package_list();
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "README.md",
        "LICENSE",
        "src/main.rs",
        "src/lib.rs",
        "src/man.rs",
        "src/check/json.rs",
        "assets/troubleshooting.toml",
        "assets/demo/account.json",
    ] {
        assert!(
            list.iter().any(|f| f == needed),
            "{needed} missing: {list:#?}"
        );
    }
    for left_out in [
        "tests/",
        "scripts/",
        "benches/",
        ".ci/",
        "target/",
        ".gitignore",
    ] {
        assert!(
            !list.iter().any(|f| f.starts_with(left_out)),
            "{left_out} packaged: {list:#?}"
        );
    }
    let top_level = [
        "Cargo.toml",
        "Cargo.toml.orig",
        "Cargo.lock",
        "build.rs",
        "README.md",
        "LICENSE",
        ".cargo_vcs_info.json",
    ];
    let unexpected: Vec<&String> = list
        .iter()
        .filter(|f| {
            !(f.starts_with("src/") || f.starts_with("assets/") || top_level.contains(&f.as_str()))
        })
        .collect();
    assert!(unexpected.is_empty(), "unexpected files: {unexpected:?}");
}

// ------------------------------------------------------------------------ version

#[test]
fn version_names_the_release_and_the_commit_of_a_checkout() {
    let output = run(&["--version"], &[]);
    assert!(output.status.success());
    let expected = match checkout_commit() {
        Some(commit) => format!("sipgate-inspect {} ({commit})\n", env!("CARGO_PKG_VERSION")),
        None => format!("sipgate-inspect {}\n", env!("CARGO_PKG_VERSION")),
    };
    assert_eq!(stdout(&output), expected);
}

#[test]
fn check_json_says_which_tool_wrote_it() {
    let output = run(&["check", "--demo", "--json"], &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report: Value = serde_json::from_str(&stdout(&output)).expect("one JSON object");
    assert_eq!(
        report["tool"],
        json!({
            "name": "sipgate-inspect",
            "version": env!("CARGO_PKG_VERSION"),
            "commit": checkout_commit(),
        })
    );
}

// ------------------------------------------------------------------------ man pages

const PAGES: [&str; 14] = [
    "sipgate-inspect.1",
    "sipgate-inspect-check.1",
    "sipgate-inspect-login.1",
    "sipgate-inspect-completions.1",
    "sipgate-inspect-demo-server.1",
    "sipgate-inspect-man.1",
    "sipgate-inspect-profile.1",
    "sipgate-inspect-profile-add.1",
    "sipgate-inspect-profile-list.1",
    "sipgate-inspect-profile-remove.1",
    "sipgate-inspect-profile-show.1",
    "sipgate-inspect-history.1",
    "sipgate-inspect-history-clear.1",
    "sipgate-inspect-history-export.1",
];

fn write_pages(dir: &TempDir) -> Output {
    let out = dir.0.to_str().expect("temp dir is UTF-8");
    run(&["man", "--out", out], &[])
}

fn read_page(dir: &TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.0.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn man_out_writes_one_page_per_command() {
    let dir = TempDir::new("man-all");
    let output = write_pages(&dir);
    assert!(output.status.success(), "{output:?}");
    let mut written: Vec<String> = std::fs::read_dir(&dir.0)
        .expect("out dir exists")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .into_string()
                .expect("UTF-8")
        })
        .collect();
    written.sort();
    let mut expected = PAGES.map(str::to_owned).to_vec();
    expected.sort();
    assert_eq!(written, expected);
    // stdout names each file written.
    let mut listed: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    listed.sort();
    let mut paths: Vec<String> = expected
        .iter()
        .map(|name| dir.0.join(name).display().to_string())
        .collect();
    paths.sort();
    assert_eq!(listed, paths);
}

#[test]
fn every_subcommand_gets_its_page_from_clap() {
    let dir = TempDir::new("man-subcommands");
    assert!(write_pages(&dir).status.success());
    let root = read_page(&dir, "sipgate-inspect.1");
    let subcommands: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    assert!(subcommands.len() >= 4, "{subcommands:?}");
    for name in subcommands {
        let page = read_page(&dir, &format!("sipgate-inspect-{name}.1"));
        let roff_name = format!("sipgate\\-inspect\\-{}", name.replace('-', "\\-"));
        assert!(
            page.contains(&format!(
                ".TH sipgate-inspect-{name} 1 \"\" \"sipgate-inspect "
            )),
            "{page}"
        );
        assert!(
            root.contains(&format!("\\fB{roff_name}\\fR(1)")),
            "root SEE ALSO lacks {name}"
        );
    }
}

#[test]
fn root_page_has_our_sections() {
    let dir = TempDir::new("man-root");
    assert!(write_pages(&dir).status.success());
    let root = read_page(&dir, "sipgate-inspect.1");
    let headings: Vec<&str> = root.lines().filter(|l| l.starts_with(".SH ")).collect();
    assert_eq!(
        headings,
        [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH DESCRIPTION",
            ".SH OPTIONS",
            ".SH SUBCOMMANDS",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH EXAMPLES",
            ".SH \"SEE ALSO\"",
            ".SH VERSION",
        ]
    );
    for needle in [
        "SIPGATE_TOKEN_ID, SIPGATE_TOKEN",
        "SIPGATE_ACCESS_TOKEN",
        "SIPGATE_BASE_URL",
        "NO_COLOR",
        "no configuration file",
        "keyring",
        "\\fBsipgate\\-inspect \\-\\-demo\\fR",
    ] {
        assert!(root.contains(needle), "{needle} missing:\n{root}");
    }
}

#[test]
fn check_page_lists_its_four_exit_codes() {
    let dir = TempDir::new("man-check");
    assert!(write_pages(&dir).status.success());
    let check = read_page(&dir, "sipgate-inspect-check.1");
    let section = check
        .split(".SH \"EXIT STATUS\"\n")
        .nth(1)
        .and_then(|rest| rest.split(".SH ").next())
        .expect("EXIT STATUS section");
    let codes: Vec<&str> = section
        .lines()
        .zip(section.lines().skip(1))
        .filter(|(line, _)| *line == ".TP")
        .map(|(_, tag)| tag)
        .collect();
    assert_eq!(codes, ["\\fB0\\fR", "\\fB1\\fR", "\\fB2\\fR", "\\fB3\\fR"]);
    assert!(section.contains("No answer: DNS, connect, TLS, timeout"));
}

#[test]
fn man_without_out_prints_the_root_page() {
    let dir = TempDir::new("man-stdout");
    assert!(write_pages(&dir).status.success());
    let output = run(&["man"], &[]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(stdout(&output), read_page(&dir, "sipgate-inspect.1"));
}

#[test]
fn man_never_shows_the_base_url_from_the_environment() {
    let output = run(
        &["man"],
        &[(
            "SIPGATE_BASE_URL",
            "https://alice:hunter2-secret@api.example.invalid/v2",
        )],
    );
    assert!(output.status.success(), "{output:?}");
    let page = stdout(&output);
    assert!(page.contains("SIPGATE_BASE_URL"));
    assert!(!page.contains("hunter2"), "{page}");
    assert!(!page.contains("example.invalid"), "{page}");
}

#[test]
fn man_out_onto_a_file_fails_with_a_message() {
    let dir = TempDir::new("man-file");
    std::fs::create_dir_all(&dir.0).expect("temp dir");
    let file = dir.0.join("not-a-dir");
    std::fs::write(&file, "x").expect("file");
    let output = run(&["man", "--out", file.to_str().expect("UTF-8")], &[]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(&format!(
            "sipgate-inspect: cannot create the directory {}: ",
            file.display()
        )),
        "{stderr}"
    );
    assert!(stdout(&output).is_empty());
}
