//! The binding table is consistent, and keys map to the messages they always did.

use tui_input::InputRequest;

use super::*;
use crate::app::message::{FormMessage, NavigationMessage, OverlayMessage, RequestMessage};

fn key_in(code: KeyCode, modifiers: Modifiers, context: KeyContext) -> Option<Message> {
    message_for_key(Key::new(code, modifiers), context)
}

fn key(code: KeyCode, modifiers: Modifiers) -> Option<Message> {
    key_in(code, modifiers, KeyContext::default())
}

/// Every action there is. The match has no wildcard, so a new action does not compile until
/// it is listed here, and then the tests below demand a key and a help line for it.
// One list of every action, long because there are many; splitting it would hide one.
#[allow(clippy::too_many_lines)]
fn every_action() -> Vec<Action> {
    let all = vec![
        Action::Quit,
        Action::ToggleReveal,
        Action::ApplyFix,
        Action::ToggleAuthMode,
        Action::RefreshSignIn,
        Action::Send,
        Action::Cancel,
        Action::NextField,
        Action::PrevField,
        Action::StepField(true),
        Action::StepField(false),
        Action::ToggleWrap,
        Action::CopyCurl,
        Action::ToggleHelp,
        Action::ToggleHistory,
        Action::HistoryMove(-1),
        Action::HistoryMove(1),
        Action::HistoryOpen,
        Action::SavedMove(-1),
        Action::SavedMove(1),
        Action::SavedMove(i32::MIN),
        Action::SavedMove(i32::MAX),
        Action::SavedOpen,
        Action::SavedMark,
        Action::SavedReport,
        Action::SavedRerun,
        Action::ToggleProfiles,
        Action::ProfileMove(-1),
        Action::ProfileMove(1),
        Action::ProfileUse,
        Action::ProfileDelete,
        Action::ProfileConfirmDelete,
        Action::ProfileSaveAs,
        Action::ProfileNameConfirm,
        Action::SelectTab(Tab::Summary),
        Action::SelectTab(Tab::Body),
        Action::SelectTab(Tab::Headers),
        Action::SelectTab(Tab::Request),
        Action::SelectTab(Tab::Timing),
        Action::CycleTab(false),
        Action::CycleTab(true),
        Action::Scroll(-1),
        Action::Scroll(1),
        Action::Scroll(i32::MIN),
        Action::Scroll(i32::MAX),
        Action::ScrollPage(-1),
        Action::ScrollPage(1),
        Action::ScrollTroubleshooting(-1),
        Action::ScrollTroubleshooting(1),
        Action::StartSearch,
        Action::ConfirmSearch,
        Action::SearchNext(true),
        Action::SearchNext(false),
        Action::EditText,
        Action::ToggleExplorer,
        Action::ExplorerMove(-1),
        Action::ExplorerMove(1),
        Action::ExplorerRun,
        Action::ExplorerNextParam,
        Action::StartScan,
    ];
    for action in &all {
        match action {
            Action::Quit
            | Action::ToggleReveal
            | Action::ApplyFix
            | Action::ToggleAuthMode
            | Action::RefreshSignIn
            | Action::Send
            | Action::Cancel
            | Action::NextField
            | Action::PrevField
            | Action::StepField(_)
            | Action::ToggleWrap
            | Action::CopyCurl
            | Action::ToggleHelp
            | Action::ToggleHistory
            | Action::HistoryMove(_)
            | Action::HistoryOpen
            | Action::SavedMove(_)
            | Action::SavedOpen
            | Action::SavedMark
            | Action::SavedReport
            | Action::SavedRerun
            | Action::ToggleProfiles
            | Action::ProfileMove(_)
            | Action::ProfileUse
            | Action::ProfileDelete
            | Action::ProfileConfirmDelete
            | Action::ProfileSaveAs
            | Action::ProfileNameConfirm
            | Action::SelectTab(_)
            | Action::CycleTab(_)
            | Action::Scroll(_)
            | Action::ScrollPage(_)
            | Action::ScrollTroubleshooting(_)
            | Action::StartSearch
            | Action::ConfirmSearch
            | Action::SearchNext(_)
            | Action::EditText
            | Action::ToggleExplorer
            | Action::ExplorerMove(_)
            | Action::ExplorerRun
            | Action::ExplorerNextParam
            | Action::StartScan => {}
        }
    }
    all
}

fn is_bound(action: Action) -> bool {
    // Text editing is what a text context does with every key no binding names.
    action == Action::EditText
        || BINDINGS
            .iter()
            .any(|b| b.action == action && !b.keys.is_empty())
}

#[test]
fn every_action_has_a_key_and_a_help_line() {
    for action in every_action() {
        assert!(is_bound(action), "{action:?} has no key");
        assert!(
            HELP.iter().any(|h| h.explains(action)),
            "{action:?} has no help line"
        );
    }
    for binding in BINDINGS {
        assert!(
            every_action().contains(&binding.action),
            "{:?} is missing from every_action()",
            binding.action
        );
    }
}

#[test]
fn no_key_is_bound_twice_in_one_context() {
    let mut seen: Vec<(Context, BoundKey)> = Vec::new();
    for binding in BINDINGS {
        for key in binding.all_keys() {
            assert!(
                !seen.contains(&(binding.context, *key)),
                "{key:?} is bound twice in {:?}",
                binding.context
            );
            seen.push((binding.context, *key));
        }
    }
}

#[test]
fn every_footer_hint_names_an_action_bound_where_it_shows() {
    for (footer, hints) in FOOTER {
        let context = footer.key_context();
        for hint in *hints {
            let bound_here = match hint.keys {
                HintKeys::Typing => TEXT_CONTEXTS.contains(&context),
                HintKeys::Of(actions) => actions.iter().all(|action| {
                    BINDINGS.iter().any(|b| {
                        b.action == *action && (b.context == context || b.context == Everywhere)
                    })
                }),
            };
            assert!(bound_here, "{footer:?}: {:?} is not bound there", hint.keys);
        }
    }
}

#[test]
fn control_keys_map_to_actions() {
    assert_matches!(
        key(KeyCode::Char('c'), Modifiers::CTRL),
        Some(Message::Quit)
    );
    assert_matches!(
        key(KeyCode::Char('q'), Modifiers::CTRL),
        Some(Message::Quit)
    );
    assert_matches!(
        key(KeyCode::Char('r'), Modifiers::CTRL),
        Some(Message::Form(FormMessage::ToggleReveal))
    );
    assert_matches!(
        key(KeyCode::F(1), Modifiers::NONE),
        Some(Message::Overlay(OverlayMessage::ToggleHelp))
    );
    assert_matches!(
        key(KeyCode::F(5), Modifiers::NONE),
        Some(Message::Request(RequestMessage::CopyCurl))
    );
    assert_matches!(
        key(KeyCode::BackTab, Modifiers::SHIFT),
        Some(Message::Form(FormMessage::PrevField))
    );
    assert_matches!(
        key(KeyCode::Char('3'), Modifiers::ALT),
        Some(Message::Navigation(NavigationMessage::SelectTab(
            Tab::Headers
        )))
    );
}

#[test]
fn letters_are_text_in_the_form_and_commands_in_the_results() {
    assert_matches!(
        key(KeyCode::Char('/'), Modifiers::NONE),
        Some(Message::Form(FormMessage::Edit(InputRequest::InsertChar(
            '/'
        ))))
    );
    let results = KeyContext {
        focus: Focus::Results,
        ..KeyContext::default()
    };
    assert_matches!(
        key_in(KeyCode::Char('/'), Modifiers::NONE, results),
        Some(Message::Navigation(NavigationMessage::StartSearch))
    );
    assert_matches!(
        key_in(KeyCode::Char('n'), Modifiers::NONE, results),
        Some(Message::Navigation(NavigationMessage::SearchNext(true)))
    );
    assert_matches!(
        key_in(KeyCode::Down, Modifiers::NONE, results),
        Some(Message::Navigation(NavigationMessage::Scroll(1)))
    );
    let searching = KeyContext {
        searching: true,
        ..results
    };
    assert_eq!(
        format!(
            "{:?}",
            key_in(KeyCode::Char('n'), Modifiers::NONE, searching)
        ),
        format!("Some(Form(Edit({:?})))", InputRequest::InsertChar('n'))
    );
    assert_matches!(
        key_in(KeyCode::Enter, Modifiers::NONE, searching),
        Some(Message::Navigation(NavigationMessage::ConfirmSearch))
    );
}

#[test]
fn plain_letters_are_text_not_commands() {
    assert_matches!(
        key(KeyCode::Char('q'), Modifiers::NONE),
        Some(Message::Form(FormMessage::Edit(InputRequest::InsertChar(
            'q'
        ))))
    );
    assert_matches!(
        key(KeyCode::Char('u'), Modifiers::CTRL),
        Some(Message::Form(FormMessage::Edit(InputRequest::DeleteLine)))
    );
    assert_matches!(
        key(KeyCode::Char('w'), Modifiers::CTRL),
        Some(Message::Form(FormMessage::Edit(
            InputRequest::DeletePrevWord
        )))
    );
}

#[test]
fn overlays_take_the_keyboard() {
    let history = KeyContext {
        overlay: Overlay::History,
        ..KeyContext::default()
    };
    assert_matches!(
        key_in(KeyCode::Down, Modifiers::NONE, history),
        Some(Message::Overlay(OverlayMessage::HistoryMove(1)))
    );
    assert!(key_in(KeyCode::Char('x'), Modifiers::NONE, history).is_none());
    let help = KeyContext {
        overlay: Overlay::Help,
        ..KeyContext::default()
    };
    assert!(key_in(KeyCode::Char('x'), Modifiers::NONE, help).is_none());
    assert_matches!(
        key_in(KeyCode::Char('q'), Modifiers::CTRL, help),
        Some(Message::Quit)
    );
}

#[test]
fn the_wheel_scrolls_three_lines_and_a_click_keeps_its_cell() {
    assert_matches!(
        message_for_mouse(Mouse::WheelDown),
        Message::Navigation(NavigationMessage::Scroll(3))
    );
    assert_eq!(
        format!(
            "{:?}",
            message_for_mouse(Mouse::Click { column: 4, row: 9 })
        ),
        "Navigation(Click { column: 4, row: 9 })"
    );
}

#[test]
fn bound_keys_are_named_as_the_help_writes_them() {
    let names = [
        (ctrl(Char('r')), "Ctrl+R", "Ctrl+R"),
        (alt(Char('1')), "Alt+1", "Alt+1"),
        (any(F(5)), "F5", "F5"),
        (any(BackTab), "Shift+Tab", "Shift+Tab"),
        (any(PageUp), "PgUp", "PgUp"),
        (any(PageDown), "PgDn", "PgDn"),
        (ctrl(Home), "Ctrl+Home", "Ctrl+Home"),
        (any(Up), "Up", "↑"),
        (any(Down), "Down", "↓"),
        (any(Left), "Left", "←"),
        (any(Right), "Right", "→"),
        (ctrl(Up), "Ctrl+Up", "Ctrl+↑"),
        (any(Char('N')), "N", "N"),
        (any(Char('/')), "/", "/"),
        (any(Esc), "Esc", "Esc"),
    ];
    for (key, name, short) in names {
        assert_eq!(
            (key.name().as_str(), key.short_name().as_str()),
            (name, short)
        );
    }
    assert_eq!(
        Key::new(KeyCode::Backspace, Modifiers::META).name(),
        "Meta+Backspace"
    );
    assert_eq!(
        Key::new(KeyCode::Char('w'), Modifiers::CTRL).name(),
        "Ctrl+W"
    );
}

/// The help's key column and text, line by line, as they read before the names were made
/// from the table (only the order of Quit's keys changed: the footer's key comes first).
const HELP_AS_SHOWN: &[(&str, &str)] = &[
    (
        "Enter",
        "send GET /account (a request still running is cancelled)",
    ),
    (
        "Esc",
        "cancel the request / close the search, help or history",
    ),
    (
        "Tab, Shift+Tab",
        "next / previous field; after the last: the result tabs",
    ),
    (
        "Down, Up",
        "next / previous field, staying in the form (in the results: scroll)",
    ),
    ("Ctrl+R", "reveal or hide the token"),
    (
        "F2",
        "switch personal access token / OAuth access token / sign in",
    ),
    ("F9", "signed in: refresh the access token now"),
    (
        "Ctrl+T",
        "apply the fix a form warning offers (trim, swap, split…)",
    ),
    (
        "Left, Right, Home, End",
        "move in the field (in the results: tabs, top, end)",
    ),
    ("Backspace, Delete", "delete a character"),
    ("Ctrl+U", "clear the field"),
    ("Ctrl+W", "delete the previous word"),
    (
        "F3, F4, Alt+1…5",
        "previous / next / a given result tab (focus stays where it is)",
    ),
    ("PgUp, PgDn, wheel", "scroll the result tab"),
    ("Ctrl+Home, Ctrl+End", "top / bottom of the result tab"),
    ("Ctrl+Up, Ctrl+Down", "scroll the troubleshooting panel"),
    (
        "/ (in the results)",
        "search the body; n, N: next, previous match",
    ),
    (
        "w (in the results)",
        "wrap long body lines, or cut them at the edge (marked …)",
    ),
    (
        "F5, c (in the results)",
        "copy the curl command the Request tab shows (OSC 52), secrets as $VARS",
    ),
    (
        "F6, h (in the results)",
        "history: every recorded attempt, across runs (Up, Down, Home, End moves, Enter opens one); this session's only with --no-history",
    ),
    (
        "Space",
        "saved history: mark an attempt; on a second one, show what changed",
    ),
    (
        "r",
        "saved history: write a support report of the attempt (no secrets)",
    ),
    (
        "s",
        "saved history: send the attempt again (its token id and base URL, the form's secret)",
    ),
    (
        "Ctrl+P",
        "profiles: Up, Down move, Enter fills the form from one; d then y deletes one",
    ),
    (
        "s",
        "profiles: save the form as a profile (type a name, Enter; a taken name asks again)",
    ),
    (
        "1…5 (in the results)",
        "Summary, Body, Headers, Request, Timing",
    ),
    (
        "F7",
        "endpoint explorer (type to filter; Up, Down: select; Enter: run; Tab: next field)",
    ),
    (
        "F8",
        "full scan of every endpoint, 4 at a time; Esc stops it",
    ),
    ("mouse", "click a field or tab; wheel scrolls"),
    ("F1", "this help"),
    ("Ctrl+Q, Ctrl+C", "quit"),
    ("", ""),
    ("", "Nothing is sent until you press Enter."),
];

#[test]
fn the_help_shows_the_names_of_the_bound_keys() {
    assert_eq!(HELP.len(), HELP_AS_SHOWN.len());
    for (i, (entry, (keys, text))) in HELP.iter().zip(HELP_AS_SHOWN).enumerate() {
        assert_eq!(
            (entry.key_column().as_str(), entry.shown_text().as_str()),
            (*keys, *text),
            "help line {i}"
        );
    }
}

/// `Alt+1…5` as `Alt+1, …, Alt+5`, written out independently of the generator.
fn expand_run(name: &str) -> Vec<String> {
    let Some((first, last)) = name.split_once('…') else {
        return vec![name.to_owned()];
    };
    let (prefix, from) = first.split_at(first.len() - 1);
    let from: u32 = from.parse().expect("a run starts with a digit");
    let to: u32 = last.parse().expect("a run ends with a digit");
    (from..=to).map(|d| format!("{prefix}{d}")).collect()
}

/// Where the keys of `source` may come from: (context, name) for every advertised key bound
/// to its actions there, or every key of its edits.
fn names_of(source: &KeySource) -> Vec<(Option<Context>, String)> {
    match source {
        KeySource::Bound { context, actions } => BINDINGS
            .iter()
            .filter(|b| actions.contains(&b.action) && context.is_none_or(|c| c == b.context))
            .flat_map(|b| b.keys.iter().map(|k| (Some(b.context), k.name())))
            .collect(),
        KeySource::Edits(edits) => crate::app::keys::TEXT_EDIT_KEYS
            .iter()
            .filter(|(_, e)| edits.contains(e))
            .map(|(k, _)| (None, k.name()))
            .collect(),
        KeySource::Words(words) => vec![(None, (*words).to_owned())],
    }
}

#[test]
fn every_key_name_in_the_help_is_bound_to_what_its_line_explains() {
    const NOTE: &str = " (in the results)";
    for entry in HELP {
        let column = entry.key_column();
        let allowed: Vec<(Option<Context>, String)> =
            entry.keys.iter().flat_map(names_of).collect();
        // A part ending in the note names keys that are bound in the results.
        for part in column.split_inclusive(NOTE) {
            let in_results = part.ends_with(NOTE);
            let names: Vec<String> = part
                .trim_end_matches(NOTE)
                .split(", ")
                .filter(|n| !n.is_empty())
                .flat_map(expand_run)
                .collect();
            for (i, name) in names.iter().enumerate() {
                let results_only = in_results && i + 1 == names.len();
                assert!(
                    allowed.iter().any(|(context, allowed)| allowed == name
                        && (!results_only || *context == Some(Results))),
                    "help line {column:?}: {name:?} is not a key of what it explains"
                );
            }
        }
        // Keys the text names: the same.
        let text = entry.shown_text();
        let mut rest = entry.text;
        for source in entry.text_keys {
            let (before, after) = rest.split_once("{}").expect("a {} for every text key");
            let named = names_of(source);
            assert!(
                named
                    .iter()
                    .any(|(_, n)| text.contains(&format!("{before}{n}"))),
                "{text:?}: the keys after {before:?} are not bound to its actions"
            );
            rest = after;
        }
        assert!(
            !rest.contains("{}"),
            "{:?}: a {{}} with no keys",
            entry.text
        );
    }
}

#[test]
fn keys_a_help_line_says_work_elsewhere_are_among_its_keys() {
    for entry in HELP {
        let column = entry.key_column();
        let shown: Vec<&str> = column.split(", ").collect();
        for source in entry.same_keys {
            for (_, name) in names_of(source) {
                assert!(
                    shown.contains(&name.as_str()),
                    "help line {column:?} says its keys do {source:?}, but that is {name:?}"
                );
            }
        }
    }
}

#[test]
fn the_footer_shows_the_main_key_bound_where_it_shows() {
    let expected: &[(FooterContext, &[&str])] = &[
        (FooterContext::Help, &["Esc", "↑↓", "Ctrl+Q"]),
        (FooterContext::History, &["↑↓", "Enter", "Esc"]),
        (
            FooterContext::Explorer,
            &["type", "↑↓", "Enter", "F8", "Esc"],
        ),
        (
            FooterContext::Saved,
            &["↑↓", "Enter", "Space", "r", "s", "Esc"],
        ),
        (FooterContext::Profiles, &["↑↓", "Enter", "d", "s", "Esc"]),
        (FooterContext::ProfileName, &["type", "Enter", "Esc"]),
        (FooterContext::Search, &["type", "Enter", "Esc"]),
        (
            FooterContext::Results,
            &["↑↓", "←→", "/", "n", "w", "c", "h", "Tab", "F1"],
        ),
        (FooterContext::InFlight, &["Esc", "F1", "Ctrl+Q"]),
        (
            FooterContext::FormWithFix,
            &["Enter", "Ctrl+T", "Tab", "Ctrl+R", "F1", "Ctrl+Q"],
        ),
        (
            FooterContext::Form,
            &["Enter", "Tab", "Ctrl+R", "F2", "F1", "Ctrl+Q"],
        ),
    ];
    for ((footer, hints), (expected_footer, expected_keys)) in FOOTER.iter().zip(expected) {
        assert_eq!(footer, expected_footer);
        let context = footer.key_context();
        let labels: Vec<String> = hints.iter().map(|h| h.key_label(context)).collect();
        assert_eq!(labels, *expected_keys, "{footer:?}");
        for (hint, label) in hints.iter().zip(&labels) {
            let HintKeys::Of(actions) = hint.keys else {
                continue;
            };
            // One action: one name (which may be `/`); more: arrows side by side, else `/`.
            let names: Vec<String> = if actions.len() == 1 {
                vec![label.clone()]
            } else if label.chars().all(|c| "↑↓←→".contains(c)) {
                label.chars().map(String::from).collect()
            } else {
                label.split('/').map(String::from).collect()
            };
            assert_eq!(names.len(), actions.len(), "{footer:?}: {label:?}");
            for (name, action) in names.iter().zip(actions.iter()) {
                let here = BINDINGS.iter().any(|b| {
                    b.action == *action
                        && b.context == context
                        && b.keys.first().is_some_and(|k| k.short_name() == *name)
                });
                let everywhere = !BINDINGS
                    .iter()
                    .any(|b| b.action == *action && b.context == context)
                    && BINDINGS.iter().any(|b| {
                        b.action == *action
                            && b.context == Everywhere
                            && b.keys.first().is_some_and(|k| k.short_name() == *name)
                    });
                assert!(
                    here || everywhere,
                    "{footer:?}: {name:?} is not the main key of {action:?} there"
                );
            }
        }
    }
}

#[test]
fn the_help_title_names_the_help_keys() {
    assert_eq!(
        key_label(Help, &[Action::Scroll(-1), Action::Scroll(1)]),
        "↑↓"
    );
    assert_eq!(key_label(Help, &[Action::ScrollPage(-1)]), "PgUp");
    assert_eq!(key_label(Help, &[Action::Cancel]), "Esc");
}

#[test]
fn text_edit_keys_map_as_readline_does() {
    use InputRequest::{DeletePrevChar, DeletePrevWord, GoToPrevWord, GoToStart, InsertChar};
    let cases = [
        (KeyCode::Backspace, Modifiers::NONE, Some(DeletePrevChar)),
        (KeyCode::Char('h'), Modifiers::CTRL, Some(DeletePrevChar)),
        (KeyCode::Backspace, Modifiers::ALT, Some(DeletePrevWord)),
        (KeyCode::Char('b'), Modifiers::META, Some(GoToPrevWord)),
        (KeyCode::Char('a'), Modifiers::CTRL, Some(GoToStart)),
        (KeyCode::Home, Modifiers::NONE, Some(GoToStart)),
        (KeyCode::Home, Modifiers::SHIFT, None),
        (KeyCode::Char('x'), Modifiers::SHIFT, Some(InsertChar('x'))),
        (
            KeyCode::Char('@'),
            Modifiers {
                ctrl: true,
                alt: true,
                ..Modifiers::NONE
            },
            Some(InsertChar('@')),
        ),
        (KeyCode::Char('x'), Modifiers::ALT, None),
        (KeyCode::Tab, Modifiers::NONE, None),
    ];
    for (code, modifiers, edit) in cases {
        assert_eq!(
            crate::app::keys::text_edit(Key::new(code, modifiers)),
            edit,
            "{code:?} {modifiers:?}"
        );
    }
}

mod synthetic {
    //! The generator on a table of its own: a rebinding changes what the help and the
    //! footer show.

    use super::super::names::{footer_keys, help_keys, help_text};
    use super::*;

    const QUIT_ON_CTRL_X: &[Binding] = &[
        bind(Everywhere, &[ctrl(Char('x'))], Action::Quit),
        bind(Results, &[any(Char('1'))], Action::SelectTab(Tab::Summary)),
        bind(Results, &[any(Char('2'))], Action::SelectTab(Tab::Body)),
        bind(Results, &[any(Char('3'))], Action::SelectTab(Tab::Headers)),
        bind(Results, &[any(Up)], Action::Scroll(-1)).also(&[any(Char('k'))]),
        bind(Results, &[any(Down)], Action::Scroll(1)),
        bind(Everywhere, &[any(F(9))], Action::Scroll(1)),
    ];
    const QUIT_ON_F10: &[Binding] = &[
        bind(Everywhere, &[any(F(10)), ctrl(Char('x'))], Action::Quit),
        bind(Results, &[any(Char('1'))], Action::SelectTab(Tab::Summary)),
        bind(Results, &[any(Char('3'))], Action::SelectTab(Tab::Body)),
        bind(Results, &[any(Char('2'))], Action::SelectTab(Tab::Headers)),
        bind(Results, &[any(Char('k'))], Action::Scroll(-1)),
        bind(Form, &[any(Down)], Action::Scroll(1)),
    ];
    const QUIT: &[KeySource] = &[keys_of(&[Action::Quit])];
    const TABS: &[KeySource] = &[keys_in(
        Results,
        &[
            Action::SelectTab(Tab::Summary),
            Action::SelectTab(Tab::Body),
            Action::SelectTab(Tab::Headers),
        ],
    )];
    const SCROLL: &[Action] = &[Action::Scroll(-1), Action::Scroll(1)];

    #[test]
    fn a_rebinding_changes_the_help() {
        assert_eq!(help_keys(QUIT_ON_CTRL_X, QUIT), "Ctrl+X");
        assert_eq!(help_keys(QUIT_ON_F10, QUIT), "F10, Ctrl+X");
        assert_eq!(
            help_text(QUIT_ON_CTRL_X, "press {} to quit", QUIT),
            "press Ctrl+X to quit"
        );
        assert_eq!(
            help_text(QUIT_ON_F10, "press {} to quit", QUIT),
            "press F10, Ctrl+X to quit"
        );
    }

    #[test]
    fn a_run_is_written_short_only_while_it_counts_up() {
        assert_eq!(help_keys(QUIT_ON_CTRL_X, TABS), "1…3 (in the results)");
        assert_eq!(help_keys(QUIT_ON_F10, TABS), "1, 3, 2 (in the results)");
    }

    #[test]
    fn a_rebinding_changes_the_footer() {
        assert_eq!(footer_keys(QUIT_ON_CTRL_X, Form, &[Action::Quit]), "Ctrl+X");
        assert_eq!(footer_keys(QUIT_ON_F10, Form, &[Action::Quit]), "F10");
        // The context's own keys first, else everywhere's; arrows side by side.
        assert_eq!(footer_keys(QUIT_ON_CTRL_X, Results, SCROLL), "↑↓");
        assert_eq!(footer_keys(QUIT_ON_CTRL_X, Form, SCROLL), "F9");
        assert_eq!(footer_keys(QUIT_ON_F10, Results, SCROLL), "k");
        assert_eq!(footer_keys(QUIT_ON_F10, Form, SCROLL), "↓");
        assert_eq!(
            footer_keys(QUIT_ON_CTRL_X, Results, &[Action::Scroll(-1), Action::Quit]),
            "↑/Ctrl+X"
        );
    }

    #[test]
    fn keys_that_are_not_advertised_are_not_named() {
        assert_eq!(
            help_keys(QUIT_ON_CTRL_X, &[keys_in(Results, SCROLL)]),
            "Up, Down (in the results)"
        );
    }
}
