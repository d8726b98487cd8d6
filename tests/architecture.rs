//! The dependency rules of README's "Architecture" section, enforced: every `use crate::…`
//! statement (braces expanded) and every inline `crate::x::…` or `crossterm::…` path in `src/`
//! is checked against which part may use which. A broken rule fails with the file, the line,
//! the path and the rule.

use std::fs;
use std::path::{Path, PathBuf};

/// One rule: files of `part` (`src/<part>.rs` or `src/<part>/…`) must not use `forbidden`.
struct Rule {
    part: &'static str,
    /// Module paths (`crate::ui` forbids `crate::ui` and everything below it) or, without
    /// `::`, a name that must not appear as a path segment (`ApiClient`).
    forbidden: &'static [&'static str],
    says: &'static str,
}

const RULES: &[Rule] = &[
    Rule {
        part: "app",
        forbidden: &[
            "crate::ui",
            "crate::runtime",
            "crate::terminal",
            "crossterm",
        ],
        says: "app (state, messages, update) uses no ui, runtime, terminal or crossterm code",
    },
    Rule {
        part: "api",
        forbidden: &[
            "crate::app",
            "crate::ui",
            "crate::diagnose",
            "crate::check",
            "crate::demo",
        ],
        says: "api uses nothing of app, ui, diagnose, check, demo",
    },
    Rule {
        part: "diagnose",
        forbidden: &["crate::app", "crate::ui", "crate::runtime"],
        says: "diagnose uses nothing of app, ui, runtime",
    },
    Rule {
        part: "ui",
        forbidden: &[
            "crate::runtime",
            "crate::terminal",
            "crate::demo",
            "crate::api::client",
            "crate::api::transport",
            "crate::api::tls",
            "crate::api::proxy",
            "ApiClient",
            "ClientOptions",
        ],
        says: "ui uses nothing of runtime, terminal, demo, or api transport code; it renders &App",
    },
    Rule {
        part: "store",
        forbidden: &[
            "crate::app",
            "crate::ui",
            "crate::runtime",
            "crate::terminal",
            "crossterm",
        ],
        says: "store (profiles, keyring, history, diffs, reports) uses no app, ui, runtime or terminal code",
    },
    Rule {
        part: "oauth",
        forbidden: &[
            "crate::app",
            "crate::ui",
            "crate::runtime",
            "crate::terminal",
            "crate::diagnose",
            "crate::check",
            "crate::demo",
        ],
        says: "oauth (the sign-in flow) uses nothing of app, ui, runtime, terminal, diagnose, check, demo",
    },
    Rule {
        part: "login",
        forbidden: &["crate::app", "crate::ui", "crate::runtime"],
        says: "login uses nothing of app, ui, runtime",
    },
    Rule {
        part: "scan",
        forbidden: &["crate::app", "crate::ui", "crate::runtime", "crate::check"],
        says: "scan uses nothing of app, ui, runtime, check",
    },
    Rule {
        part: "check",
        forbidden: &["crate::app", "crate::ui", "crate::runtime"],
        says: "check uses nothing of app, ui, runtime",
    },
];

/// A broken rule.
#[derive(Debug, PartialEq, Eq)]
struct Violation {
    file: String,
    line: usize,
    path: String,
    rule: &'static str,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: uses `{}`, but {}",
            self.file, self.line, self.path, self.rule
        )
    }
}

/// The part a source file belongs to: `src/app/update.rs` → `app`, `src/runtime.rs` → `runtime`.
fn part_of(file: &str) -> &str {
    let rest = file.strip_prefix("src/").unwrap_or(file);
    let first = rest.split('/').next().unwrap_or(rest);
    first.strip_suffix(".rs").unwrap_or(first)
}

/// Expands a `use` tree (`crate::{a::B, c::{d, e}}`) into full paths.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = tree[open + 1..]
        .strip_suffix('}')
        .unwrap_or(&tree[open + 1..]);
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|item| !item.is_empty())
        .flat_map(|item| expand(&format!("{prefix}{item}")))
        .collect()
}

/// Every path a source file uses, with its line: `use` statements (expanded) and inline
/// `crate::…` / `crossterm::…` paths. Comments are skipped.
fn used_paths(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut statement: Option<(usize, String)> = None;
    for (index, raw) in source.lines().enumerate() {
        let number = index + 1;
        let code = raw.split("//").next().unwrap_or("").trim();
        if let Some((_, text)) = statement.as_mut() {
            text.push_str(code);
        } else if let Some(rest) = code
            .strip_prefix("pub use ")
            .or_else(|| code.strip_prefix("pub(crate) use "))
            .or_else(|| code.strip_prefix("use "))
        {
            statement = Some((number, rest.to_owned()));
        } else {
            for root in ["crate::", "crossterm::"] {
                let mut from = 0;
                while let Some(at) = code[from..].find(root) {
                    let begin = from + at;
                    let preceded = code[..begin]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
                    let end = code[begin..]
                        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                        .map_or(code.len(), |n| begin + n);
                    if !preceded {
                        found.push((number, code[begin..end].trim_end_matches(':').to_owned()));
                    }
                    from = end.max(begin + 1);
                }
            }
        }
        if let Some((line, text)) = statement.take_if(|(_, text)| text.contains(';')) {
            let tree = text.split(';').next().unwrap_or("");
            for path in expand(tree) {
                found.push((line, path));
            }
        }
    }
    found
}

/// Whether `path` is (or is inside) what `forbidden` names.
fn breaks(path: &str, forbidden: &str) -> bool {
    if forbidden.contains("::") || forbidden == "crossterm" {
        path == forbidden || path.starts_with(&format!("{forbidden}::"))
    } else {
        path.split("::").any(|segment| segment == forbidden)
    }
}

/// The rules a file's source breaks.
fn violations(file: &str, source: &str) -> Vec<Violation> {
    let part = part_of(file);
    let mut out = Vec::new();
    for rule in RULES.iter().filter(|r| r.part == part) {
        for (line, path) in used_paths(source) {
            if rule.forbidden.iter().any(|f| breaks(&path, f)) {
                out.push(Violation {
                    file: file.to_owned(),
                    line,
                    path,
                    rule: rule.says,
                });
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_part_uses_only_what_it_may() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 50, "found the sources: {}", files.len());
    let mut broken = Vec::new();
    for path in files {
        let file = path
            .strip_prefix(root)
            .expect("below the manifest")
            .to_string_lossy()
            .replace('\\', "/");
        let source = fs::read_to_string(&path).expect("readable source");
        broken.extend(violations(&file, &source));
    }
    let report: Vec<String> = broken.iter().map(ToString::to_string).collect();
    assert!(report.is_empty(), "\n{}\n", report.join("\n"));
}

#[test]
fn a_forbidden_use_is_caught_with_its_file_line_and_rule() {
    let source = "//! A model file.\n\
                  use std::sync::Arc;\n\
                  use crate::api::{Exchange,\n    Probe};\n\
                  use crate::{diagnose::Finding, ui::{render, Hit}};\n\
                  fn f() { crate::runtime::read_clock(); }\n\
                  // crate::ui::render in a comment is fine\n\
                  fn g(e: crossterm::event::Event) {}\n";
    let found = violations("src/app/model.rs", source);
    let shown: Vec<(usize, &str)> = found.iter().map(|v| (v.line, v.path.as_str())).collect();
    assert_eq!(
        shown,
        vec![
            (5, "crate::ui::render"),
            (5, "crate::ui::Hit"),
            (6, "crate::runtime::read_clock"),
            (8, "crossterm::event::Event"),
        ]
    );
    assert_eq!(
        found[0].to_string(),
        "src/app/model.rs:5: uses `crate::ui::render`, but app (state, messages, update) uses \
         no ui, runtime, terminal or crossterm code"
    );
}

#[test]
fn each_part_has_its_own_rule() {
    let ui = violations(
        "src/ui/panel.rs",
        "use crate::api::{Probe, ApiClient};\nuse crate::demo::SCENARIOS;\n",
    );
    let paths: Vec<&str> = ui.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(
        paths,
        vec!["crate::api::ApiClient", "crate::demo::SCENARIOS"]
    );
    let api = violations("src/api/client.rs", "use crate::app::App;\n");
    assert_eq!(api.len(), 1);
    assert!(violations("src/runtime.rs", "use crate::ui::render;\n").is_empty());
    assert!(violations("src/check/mod.rs", "use crate::demo;\n").is_empty());
    assert_eq!(violations("src/check/mod.rs", "use crate::app;\n").len(), 1);
}

/// The README's layout table lists every source file (a contributor finds each in one hop),
/// and lists no file that is gone.
#[test]
fn the_readme_lists_every_source_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md")).expect("README.md");
    // The layout block: lines that start with a path (or two, comma-separated), then spaces,
    // then what it is.
    let listed: Vec<&str> = readme
        .lines()
        .filter(|line| line.starts_with("src/") || line.starts_with("build.rs"))
        .flat_map(|line| {
            line.split_whitespace()
                .map(|word| word.trim_end_matches(','))
                .take_while(|word| Path::new(word).extension().is_some_and(|e| e == "rs"))
        })
        .collect();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut missing = Vec::new();
    for path in &files {
        let file = path
            .strip_prefix(root)
            .expect("below the manifest")
            .to_string_lossy()
            .replace('\\', "/");
        if !listed.contains(&file.as_str()) {
            missing.push(file);
        }
    }
    assert!(
        missing.is_empty(),
        "README's layout table lacks: {missing:?}"
    );
    let gone: Vec<&&str> = listed
        .iter()
        .filter(|file| !root.join(file).exists())
        .collect();
    assert!(
        gone.is_empty(),
        "README lists files that are gone: {gone:?}"
    );
}
