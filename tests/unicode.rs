//! Terminal safety by Unicode general category, against an independent oracle.
//!
//! The code under test (`sanitize::needs_escape`) reads categories from the
//! `unicode-general-category` crate (Unicode 16.0); the oracle (`common::unicode`) reads them
//! from ICU4X's `icu_properties` (Unicode 17.0). Every code point is compared where both
//! sources agree on whether it is assigned (1,094,254 of 1,112,064); the 17,810 that only the
//! newer version assigns are checked to be escaped by the code (it cannot know them, so they
//! are unassigned to it) and counted, so a wrong table would still show up.
//!
//! Then a loopback server puts one character of each escaped category into the account's
//! company name, an unknown field and a header, and every place that shows them is read: every
//! tab of the TUI at several sizes (`TestBackend`), `check`'s human stdout and `check --json`'s.

mod common;
use common::drive;
use common::unicode::{icu_category, must_be_escaped, raw_unsafe};

use drive::{RawServer, Reply, every_screen, inspected, response};
use icu_properties::props::GeneralCategory as IcuCategory;
use serde_json::json;
use sipgate_inspect::check::json_for_terminal;
use sipgate_inspect::sanitize::{needs_escape, sanitize};
use unicode_general_category::{GeneralCategory, get_general_category};

/// Every Unicode scalar value.
fn every_char() -> impl Iterator<Item = char> {
    (0..=0x10_ffff_u32).filter_map(char::from_u32)
}

#[test]
fn needs_escape_agrees_with_icu_on_every_code_point_assigned_in_both() {
    let mut compared = 0_u32;
    let mut newer_in_icu = 0_u32;
    let mut wrong = Vec::new();
    for c in every_char() {
        let icu_unassigned = icu_category(c) == IcuCategory::Unassigned;
        // Only to choose what is compared (Unicode versions differ), never the expected value.
        let ours_unassigned = get_general_category(c) == GeneralCategory::Unassigned;
        if icu_unassigned != ours_unassigned {
            // Assigned in only one version: the code must still escape what it cannot know.
            assert!(
                ours_unassigned,
                "U+{:04X}: assigned in 16.0, not in ICU",
                u32::from(c)
            );
            newer_in_icu += 1;
            assert!(
                needs_escape(c),
                "U+{:04X} is unassigned in 16.0",
                u32::from(c)
            );
            continue;
        }
        compared += 1;
        if needs_escape(c) != must_be_escaped(c) {
            wrong.push(format!(
                "U+{:04X} ({:?}): needs_escape {}",
                u32::from(c),
                icu_category(c),
                needs_escape(c)
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} disagree: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(40)]
    );
    // Of the 1,112,064 scalar values, ICU's data (icu_properties 2.4) assigns 17,810 that
    // Unicode 16.0 does not (Unicode 17.0's additions: letters, marks, symbols, none of them
    // in an escaped category); everything else is compared.
    assert!(compared > 1_090_000, "{compared}");
    assert!(
        newer_in_icu < 20_000,
        "{newer_in_icu} assigned only in ICU's Unicode"
    );
}

#[test]
fn the_oracle_knows_the_characters_of_issue_14() {
    // Literal expectations, so a broken oracle cannot pass the test above on its own.
    for c in [
        '\u{0}',
        '\u{1b}',
        '\u{7f}',
        '\u{85}',
        '\u{9b}',
        '\u{ad}',
        '\u{61c}',
        '\u{200b}',
        '\u{200e}',
        '\u{202e}',
        '\u{2028}',
        '\u{2029}',
        '\u{2066}',
        '\u{feff}',
        '\u{fffd}',
        '\u{378}',
        '\u{fffe}',
        '\u{e0001}',
        '\u{e0041}',
        '\u{e007f}',
        '\u{10ffff}',
    ] {
        assert!(must_be_escaped(c), "U+{:04X}", u32::from(c));
        assert!(needs_escape(c), "U+{:04X}", u32::from(c));
    }
    for c in [
        'a', ' ', '\t', 'é', '日', '🎉', '\u{301}', '\u{a0}', '\u{e000}', '•', '…',
    ] {
        assert!(!must_be_escaped(c), "U+{:04X}", u32::from(c));
        assert!(!needs_escape(c), "U+{:04X}", u32::from(c));
    }
}

#[test]
fn sanitize_and_json_leave_no_unsafe_character_of_any_code_point() {
    let all: String = every_char().collect();
    let shown = sanitize(&all);
    assert_eq!(raw_unsafe(&shown), Vec::<String>::new());
    // Newline is escaped by sanitize too: line breaks are split before it.
    assert!(!shown.contains('\n'));

    let json = json_for_terminal(&json!({ "all": all })).expect("json");
    assert_eq!(raw_unsafe(&json), Vec::<String>::new());
    assert!(!json.contains('\n'));
    let back: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(back["all"].as_str(), Some(all.as_str()));
}

/// One character of each category that must be escaped: the cases of issue 14 (bidi mark
/// U+061C, line and paragraph separators, tag characters, soft hyphen), a C1 control, an
/// unassigned code point and the replacement character.
const ISSUE_14: &str =
    "A\u{61c}B\u{2028}C\u{2029}D\u{e0001}E\u{e0041}F\u{ad}G\u{85}H\u{378}I\u{fffd}J";

/// How each of them must be shown, in `sanitize`'s escapes.
const ISSUE_14_SHOWN: &str =
    r"A\u{61c}B\u{2028}C\u{2029}D\u{e0001}E\u{e0041}F\u{ad}G\u{85}H\u{378}I\u{fffd}J";

/// The same in JSON's `\uXXXX` (tag characters as UTF-16 surrogate pairs).
const ISSUE_14_JSON: &str =
    r"A\u061cB\u2028C\u2029D\udb40\udc01E\udb40\udc41F\u00adG\u0085H\u0378I\ufffdJ";

/// `/account` with [`ISSUE_14`] in the company, an unknown field's name and value, and a header
/// (raw bytes: HTTP allows them as obs-text); anything else a 404.
fn issue_14_server(path: &str) -> Reply {
    let body = if path.ends_with("/account") {
        json!({
            "company": format!("Co{ISSUE_14}"),
            "mainProductType": "TEAM",
            "verified": true,
            format!("x{ISSUE_14}"): [ISSUE_14, {"deep": ISSUE_14}],
        })
    } else {
        json!({"errors": [{"title": ISSUE_14}]})
    };
    let status = if path.ends_with("/account") {
        "200 OK"
    } else {
        "404 Not Found"
    };
    let header = format!("X-Issue: {ISSUE_14}");
    Reply::Bytes(response(
        status,
        &[b"Content-Type: application/json", header.as_bytes()],
        body.to_string().as_bytes(),
    ))
}

#[tokio::test]
async fn issue_14_characters_are_escaped_on_every_tui_screen() {
    let mut app = inspected(issue_14_server).await;
    // `every_screen` fails on any unsafe character in any cell, by the oracle.
    let screens = every_screen(&mut app);
    assert!(
        screens.contains(&format!("Co{ISSUE_14_SHOWN}")),
        "{screens}"
    );
}

/// `/account` refused with a 403 whose error body carries [`ISSUE_14`]: the server's words
/// are quoted as evidence in the findings.
fn issue_14_forbidden(_path: &str) -> Reply {
    let body = json!({"errors": [{"title": format!("T{ISSUE_14}"), "detail": ISSUE_14}]});
    Reply::Bytes(response(
        "403 Forbidden",
        &[b"Content-Type: application/json"],
        body.to_string().as_bytes(),
    ))
}

#[tokio::test]
async fn issue_14_characters_in_an_error_body_are_escaped_everywhere() {
    let mut app = inspected(issue_14_forbidden).await;
    let screens = every_screen(&mut app);
    assert!(screens.contains(&format!("T{ISSUE_14_SHOWN}")), "{screens}");

    let stdout = check_stdout_of(issue_14_forbidden, false, Some(1)).await;
    let text = std::str::from_utf8(&stdout).expect("UTF-8");
    assert_eq!(raw_unsafe(text), Vec::<String>::new(), "{text}");
    assert!(text.contains(&format!("T{ISSUE_14_SHOWN}")), "{text}");

    let stdout = check_stdout_of(issue_14_forbidden, true, Some(1)).await;
    let text = std::str::from_utf8(&stdout).expect("UTF-8");
    assert_eq!(raw_unsafe(text), Vec::<String>::new(), "{text}");
    // Evidence is sanitized text (README: `findings[].evidence`), so its escapes are quoted.
    let quoted = ISSUE_14_SHOWN.replace('\\', "\\\\");
    assert!(text.contains(&format!("T{quoted}")), "{text}");
}

/// `check` (with `--json` or not) against [`issue_14_server`]: its stdout, as bytes.
async fn check_stdout(json: bool) -> Vec<u8> {
    check_stdout_of(issue_14_server, json, Some(0)).await
}

/// `check` (with `--json` or not) against a server answering with `route`; its stdout, as
/// bytes, after checking the exit code.
async fn check_stdout_of(
    route: fn(&str) -> Reply,
    json: bool,
    expected_code: Option<i32>,
) -> Vec<u8> {
    let server = RawServer::start("127.0.0.1", route).await;
    let mut args = vec!["check".to_owned(), "--base-url".to_owned(), server.base()];
    if json {
        args.push("--json".to_owned());
    }
    let env = vec![
        ("SIPGATE_TOKEN_ID", common::TOKEN_ID.to_owned()),
        ("SIPGATE_TOKEN", common::TOKEN.to_owned()),
    ];
    let (code, stdout, stderr) = drive::run_binary_bytes(args, env, String::new()).await;
    assert_eq!(
        code,
        expected_code,
        "{}\n{stderr}",
        String::from_utf8_lossy(&stdout)
    );
    stdout
}

#[tokio::test]
async fn issue_14_characters_are_escaped_in_check_output() {
    let stdout = check_stdout(false).await;
    let text = std::str::from_utf8(&stdout).expect("UTF-8");
    assert_eq!(raw_unsafe(text), Vec::<String>::new(), "{text}");
    assert!(text.contains(&format!("Co{ISSUE_14_SHOWN}")), "{text}");
}

#[tokio::test]
async fn issue_14_characters_are_escaped_in_check_json() {
    let stdout = check_stdout(true).await;
    let text = std::str::from_utf8(&stdout).expect("UTF-8");
    // Printable ASCII plus safe text: the only characters beyond ASCII are the masked auth
    // header's own `…`, `→` and `•`; every character of ISSUE_14 that is not ASCII is escaped.
    let odd: Vec<char> = text
        .chars()
        .filter(|c| !(' '..='~').contains(c) && !['\n', '…', '→', '•'].contains(c))
        .collect();
    assert!(odd.is_empty(), "{odd:?} in {text}");
    assert_eq!(text.matches('\n').count(), 1, "one line");
    assert!(
        text.contains(&format!("\"company\":\"Co{ISSUE_14_JSON}\"")),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "\"x{ISSUE_14_JSON}\":[\"{ISSUE_14_JSON}\",{{\"deep\":\"{ISSUE_14_JSON}\"}}]"
        )),
        "{text}"
    );
    // The same values once parsed.
    let report: serde_json::Value = serde_json::from_str(text).expect("one JSON object");
    assert_eq!(report["account"]["company"], format!("Co{ISSUE_14}"));
    assert_eq!(
        report["account"][format!("x{ISSUE_14}")][1]["deep"],
        ISSUE_14
    );
}
