//! `sipgate-inspect man`: the manual pages, generated at run time from the clap definition in
//! [`crate::cli`] by `clap_mangen`, plus the sections clap cannot know, written here: EXIT
//! STATUS, ENVIRONMENT, FILES, EXAMPLES, SEE ALSO.
//!
//! The pages are walked from the clap tree, one per command, so a new subcommand gets its page
//! (synopsis, flags, its entry in SUBCOMMANDS and SEE ALSO) without a change here;
//! [`page_text`] adds our own text for the commands it knows. Nothing is generated at build
//! time: no build script slows every build for pages few builds need.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use clap::CommandFactory as _;
use clap_mangen::Man;
use clap_mangen::roff::{Inline, Roff, bold, roman};

use crate::cli::Cli;

/// One rendered manual page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// File name, e.g. `sipgate-inspect-check.1`.
    pub file_name: String,
    /// The page in roff (man macros).
    pub roff: String,
}

/// Every page: sipgate-inspect(1) first, then one per subcommand, depth first.
#[must_use]
pub fn pages() -> Vec<Page> {
    // clap's implicit `help` subcommand is not a command of ours and gets no page.
    let mut root = Cli::command().disable_help_subcommand(true);
    // Building propagates the global flags into the subcommands and names them
    // `sipgate-inspect-check` (page title) and `sipgate-inspect check` (synopsis).
    root.build();
    let mut pages = Vec::new();
    collect(&root, &[], &mut pages);
    pages
}

/// `sipgate-inspect man [--out DIR]`: sipgate-inspect(1) on stdout, or every page into `out`
/// (created if needed), printing each path written.
///
/// # Errors
/// When stdout, the directory or a page cannot be written; the message names the path.
pub fn run(out: Option<&Path>) -> Result<(), String> {
    let pages = pages();
    let mut stdout = io::stdout().lock();
    let Some(dir) = out else {
        // pages() always holds the root page first.
        let root = pages.first().map_or("", |page| page.roff.as_str());
        return stdout
            .write_all(root.as_bytes())
            .and_then(|()| stdout.flush())
            .map_err(|e| format!("cannot write the page to stdout: {e}"));
    };
    for path in write_pages(&pages, dir)? {
        // A closed stdout must not hide that the pages were written.
        let _ = writeln!(stdout, "{}", path.display());
    }
    Ok(())
}

/// Writes `pages` into `dir` (created if needed) and returns the paths written.
///
/// # Errors
/// When the directory or a page cannot be written; the message names the path.
pub fn write_pages(pages: &[Page], dir: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create the directory {}: {e}", dir.display()))?;
    pages
        .iter()
        .map(|page| {
            let path = dir.join(&page.file_name);
            std::fs::write(&path, &page.roff)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            Ok(path)
        })
        .collect()
}

/// Renders `cmd` (at `path`, the subcommand names from the root) and its subcommands.
fn collect(cmd: &clap::Command, path: &[&str], pages: &mut Vec<Page>) {
    pages.push(render(cmd, path));
    for sub in cmd.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        let mut sub_path = path.to_vec();
        sub_path.push(sub.get_name());
        collect(sub, &sub_path, pages);
    }
}

/// One page: `clap_mangen`'s sections, then ours.
fn render(cmd: &clap::Command, path: &[&str]) -> Page {
    let man = Man::new(cmd.clone());
    let text = page_text(path);
    let mut roff = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = roff.write_all(Roff::new().render().as_bytes());
    let _ = roff.write_all(title_line(&man).as_bytes());
    let _ = man.render_name_section(&mut roff);
    let _ = man.render_synopsis_section(&mut roff);
    let _ = man.render_description_section(&mut roff);
    if cmd.get_arguments().any(|arg| !arg.is_hide_set()) {
        let _ = man.render_options_section(&mut roff);
    }
    if cmd.get_subcommands().any(|sub| !sub.is_hide_set()) {
        let _ = man.render_subcommands_section(&mut roff);
    }
    let mut ours = Roff::new();
    // A page without examples of ours keeps clap's after-help text; with them, that text
    // (an example too) would only repeat one.
    if text.examples.is_empty() {
        after_help(&mut ours, cmd);
    }
    list(&mut ours, "EXIT STATUS", text.exit_status);
    list(&mut ours, "ENVIRONMENT", text.environment);
    paragraphs(&mut ours, "FILES", text.files);
    examples(&mut ours, text.examples);
    see_also(&mut ours, cmd, path);
    let _ = roff.write_all(ours.to_roff().as_bytes());
    if cmd.get_version().is_some() {
        let _ = man.render_version_section(&mut roff);
    }
    let file_name = man.get_filename();
    Page {
        file_name,
        roff: without_repeated_preamble(&String::from_utf8_lossy(&roff)),
    }
}

/// The `.TH` line, by hand: `roff` drops an empty argument, so with no date the footer's
/// source would move into the date's place. Every page's footer names the program and the
/// version it documents. Names and versions hold no quote or backslash.
fn title_line(man: &Man) -> String {
    let file_name = man.get_filename();
    let (title, section) = file_name.rsplit_once('.').unwrap_or((&file_name, "1"));
    format!(
        ".TH {title} {section} \"\" \"sipgate-inspect {}\" \"User Commands\"\n",
        crate::cli::VERSION
    )
}

/// Each `render_*` call starts with roff's apostrophe preamble; one at the top is enough.
fn without_repeated_preamble(page: &str) -> String {
    let preamble = Roff::new().render();
    if preamble.is_empty() {
        return page.to_owned();
    }
    let body = page.replace(&preamble, "");
    format!("{preamble}{body}")
}

/// clap's after-help text of a command, as a NOTES section.
fn after_help(roff: &mut Roff, cmd: &clap::Command) {
    let Some(text) = cmd.get_after_long_help().or_else(|| cmd.get_after_help()) else {
        return;
    };
    roff.control("SH", ["NOTES"]);
    for line in text.to_string().lines() {
        roff.text([roman(line)]);
    }
}

/// A section of tagged paragraphs: the tag in bold, its text below, indented.
fn list(roff: &mut Roff, heading: &str, items: &[(&str, &str)]) {
    if items.is_empty() {
        return;
    }
    roff.control("SH", [heading]);
    for (tag, text) in items {
        roff.control("TP", []);
        roff.text([bold(*tag)]);
        roff.text([roman(*text)]);
    }
}

/// A section of plain paragraphs.
fn paragraphs(roff: &mut Roff, heading: &str, texts: &[&str]) {
    if texts.is_empty() {
        return;
    }
    roff.control("SH", [heading]);
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            roff.control("PP", []);
        }
        roff.text([roman(*text)]);
    }
}

/// EXAMPLES: what each does, then the command line, indented and unfilled.
fn examples(roff: &mut Roff, items: &[(&str, &str)]) {
    if items.is_empty() {
        return;
    }
    roff.control("SH", ["EXAMPLES"]);
    for (i, (command, what)) in items.iter().enumerate() {
        if i > 0 {
            roff.control("PP", []);
        }
        roff.text([roman(*what)]);
        roff.control("RS", ["4"]);
        roff.control("nf", []);
        roff.text([bold(*command)]);
        roff.control("fi", []);
        roff.control("RE", []);
    }
}

/// SEE ALSO: the parent commands' pages and the subcommands' pages, from the clap tree.
fn see_also(roff: &mut Roff, cmd: &clap::Command, path: &[&str]) {
    let root = Cli::command();
    let root = root.get_name();
    let mut names: Vec<String> = (0..path.len())
        .map(|depth| page_name(root, &path[..depth]))
        .collect();
    names.extend(
        cmd.get_subcommands()
            .filter(|sub| !sub.is_hide_set())
            .map(|sub| {
                let mut sub_path = path.to_vec();
                sub_path.push(sub.get_name());
                page_name(root, &sub_path)
            }),
    );
    if names.is_empty() {
        return;
    }
    roff.control("SH", ["SEE ALSO"]);
    let mut line: Vec<Inline> = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        if i > 0 {
            line.push(roman(", "));
        }
        line.push(bold(name));
        line.push(roman("(1)"));
    }
    roff.text(line);
}

/// `sipgate-inspect-check`: the page name of the command at `path`.
fn page_name(root: &str, path: &[&str]) -> String {
    std::iter::once(root)
        .chain(path.iter().copied())
        .collect::<Vec<_>>()
        .join("-")
}

/// Our own text for one page: what the clap definition cannot say.
#[derive(Debug, Default)]
struct PageText {
    /// (code, meaning).
    exit_status: &'static [(&'static str, &'static str)],
    /// (variable, effect).
    environment: &'static [(&'static str, &'static str)],
    /// Paragraphs.
    files: &'static [&'static str],
    /// (command line, what it does).
    examples: &'static [(&'static str, &'static str)],
}

/// The text for the command at `path` (subcommand names from the root). A subcommand not
/// listed here still gets its page from clap, with the generic exit status.
fn page_text(path: &[&str]) -> PageText {
    match path {
        [] => PageText {
            exit_status: ROOT_EXIT_STATUS,
            environment: ENVIRONMENT,
            files: FILES,
            examples: ROOT_EXAMPLES,
        },
        ["check"] => PageText {
            exit_status: CHECK_EXIT_STATUS,
            environment: ENVIRONMENT,
            files: &[],
            examples: CHECK_EXAMPLES,
        },
        ["login"] => PageText {
            exit_status: LOGIN_EXIT_STATUS,
            ..PageText::default()
        },
        ["demo-server"] => PageText {
            exit_status: DEMO_SERVER_EXIT_STATUS,
            examples: DEMO_SERVER_EXAMPLES,
            ..PageText::default()
        },
        ["completions"] => PageText {
            exit_status: GENERIC_EXIT_STATUS,
            examples: COMPLETIONS_EXAMPLES,
            ..PageText::default()
        },
        ["man"] => PageText {
            exit_status: GENERIC_EXIT_STATUS,
            examples: MAN_EXAMPLES,
            ..PageText::default()
        },
        _ => PageText {
            exit_status: GENERIC_EXIT_STATUS,
            ..PageText::default()
        },
    }
}

const GENERIC_EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success."),
    (
        "2",
        "A bad flag or value, or the command could not do its work; standard error says why.",
    ),
];

const ROOT_EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "The inspector quit normally."),
    (
        "2",
        "A bad flag or value, or the inspector could not start: standard input or output is \
         not a terminal, the base URL or the CA file is unusable. Standard error says why.",
    ),
    (
        "check",
        "Has its own codes, 0 to 3, that tell a working token from a refused one and from no \
         answer at all: see sipgate-inspect-check(1).",
    ),
];

const LOGIN_EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Signed in."),
    (
        "1",
        "The provider refused: an error on the redirect, or from the token endpoint.",
    ),
    (
        "2",
        "A usage or input error (missing client secret, a redirect URI or issuer refused, the \
         port in use); nothing was sent.",
    ),
    (
        "3",
        "A transport failure, or no redirect came back before the timeout.",
    ),
];

const CHECK_EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "The API answered with a 2xx status (even if the body is not an account: see the \
         findings).",
    ),
    (
        "1",
        "The API answered with an error status (401, 403, 404, 429, 5xx, ...).",
    ),
    (
        "2",
        "Usage or input error: missing or empty credentials (the message names the \
         environment variables), a bad flag, base URL or CA file. Nothing was sent, and \
         standard output is empty, even with --json.",
    ),
    (
        "3",
        "No answer: DNS, connect, TLS, timeout, or a body cut off.",
    ),
];

const DEMO_SERVER_EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Stopped by Ctrl+C (SIGINT) or SIGTERM."),
    (
        "2",
        "A bad flag or value, or the address cannot be bound (e.g. the port is in use).",
    ),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "SIPGATE_TOKEN_ID, SIPGATE_TOKEN",
        "A personal access token's id and the token. They prefill the inspector's form (the \
         token masked); check reads them. With --demo the inspector ignores them, so a demo \
         never shows a real token.",
    ),
    (
        "SIPGATE_ACCESS_TOKEN",
        "An OAuth access token. It prefills the form, which opens in OAuth mode when this is \
         the only credential set; check --bearer reads it.",
    ),
    (
        "SIPGATE_BASE_URL",
        "The default for --base-url. --help and these pages name it but never show its value.",
    ),
    (
        "HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY",
        "The proxy for requests, read as reqwest reads them. The proxy in effect is shown with \
         the request, its password masked; loopback addresses are never proxied.",
    ),
    (
        "NO_COLOR",
        "Any non-empty value turns colour off: the inspector keeps bold and reverse video \
         only, check prints plain text.",
    ),
    (
        "CLICOLOR, CLICOLOR_FORCE",
        "check only: CLICOLOR=0 turns colour off; a non-empty CLICOLOR_FORCE turns it on even \
         when standard output is not a terminal. NO_COLOR wins over both.",
    ),
    (
        "COLUMNS",
        "check only: the width to wrap the text report at when standard output is a terminal, \
         instead of the terminal's own width.",
    ),
];

const FILES: &[&str] = &[
    "sipgate-inspect has no configuration file and writes no history: the inspector keeps its \
     attempts in memory only, and they are gone when it quits. It stores no credential \
     anywhere, neither in a file nor in the system keyring.",
    "It reads only the files you name: the PEM file of --ca-cert, and standard input for \
     check --token-stdin. It writes files only for man --out DIR.",
];

const ROOT_EXAMPLES: &[(&str, &str)] = &[
    (
        "sipgate-inspect --demo",
        "Open the inspector against the built-in demo API, offline, with demo credentials \
         prefilled. Press Enter to send; F1 lists the demo scenarios.",
    ),
    (
        "SIPGATE_TOKEN_ID=token-AB12CD sipgate-inspect",
        "Open the inspector against the real API with the token id prefilled; type the token \
         into the form and press Enter. Nothing is sent before that.",
    ),
    (
        "sipgate-inspect --ca-cert /etc/ssl/certs/corporate-proxy.pem",
        "Behind a TLS-inspecting proxy: also trust its CA.",
    ),
    (
        "sipgate-inspect check --demo",
        "Check the demo credentials once, without the inspector; the exit code says how it \
         went (see sipgate-inspect-check(1)).",
    ),
];

const CHECK_EXAMPLES: &[(&str, &str)] = &[
    (
        "SIPGATE_TOKEN_ID=token-AB12CD sipgate-inspect check --token-stdin --json < token.txt",
        "Check a personal access token kept in a file, and print one JSON object.",
    ),
    (
        "sipgate-inspect check --bearer --token-stdin < access-token.txt",
        "Check an OAuth access token kept in a file.",
    ),
    (
        "sipgate-inspect check --demo --json | jq -r '.findings[0].id'",
        "Print the id of the first finding for the demo credentials: ok.account.",
    ),
    (
        "sipgate-inspect check > /dev/null 2>&1 || echo \"sipgate credentials do not work\"",
        "In a script, with SIPGATE_TOKEN_ID and SIPGATE_TOKEN exported: act on the exit code.",
    ),
];

const DEMO_SERVER_EXAMPLES: &[(&str, &str)] = &[(
    "sipgate-inspect demo-server --port 8080\n\
     curl -u token-DEMO01:00000000-0000-4000-8000-000000000001 \\\n    \
     http://127.0.0.1:8080/v2/account",
    "Serve the demo API on 127.0.0.1:8080, then ask it for the account with its demo \
     personal access token, from another terminal.",
)];

const COMPLETIONS_EXAMPLES: &[(&str, &str)] = &[
    (
        "sipgate-inspect completions bash > ~/.local/share/bash-completion/completions/sipgate-inspect",
        "Complete for bash, for your user (bash-completion loads it on first use).",
    ),
    (
        "sipgate-inspect completions zsh > \"${fpath[1]}/_sipgate-inspect\"",
        "Complete for zsh, in the first directory of $fpath.",
    ),
    (
        "sipgate-inspect completions fish > ~/.config/fish/completions/sipgate-inspect.fish",
        "Complete for fish.",
    ),
];

const MAN_EXAMPLES: &[(&str, &str)] = &[
    (
        "sipgate-inspect man | man -l -",
        "Read sipgate-inspect(1) without installing it.",
    ),
    (
        "sipgate-inspect man --out ~/.local/share/man/man1",
        "Install every page for your user; man finds them there when ~/.local/bin is on PATH.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_name_joins_the_path() {
        assert_eq!(page_name("sipgate-inspect", &[]), "sipgate-inspect");
        assert_eq!(
            page_name("sipgate-inspect", &["check"]),
            "sipgate-inspect-check"
        );
    }

    #[test]
    fn one_preamble_stays_at_the_top() {
        let preamble = Roff::new().render();
        let page = format!("{preamble}.TH a\n{preamble}.SH NAME\n");
        assert_eq!(
            without_repeated_preamble(&page),
            format!("{preamble}.TH a\n.SH NAME\n")
        );
    }
}
