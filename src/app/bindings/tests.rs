//! The binding table is consistent, and keys map to the messages they always did.

use tui_input::InputRequest;

use super::*;
use crate::app::keys::Modifiers;
use crate::app::message::{FormMessage, NavigationMessage, OverlayMessage, RequestMessage};

fn key_in(code: KeyCode, modifiers: Modifiers, context: KeyContext) -> Option<Message> {
    message_for_key(Key::new(code, modifiers), context)
}

fn key(code: KeyCode, modifiers: Modifiers) -> Option<Message> {
    key_in(code, modifiers, KeyContext::default())
}

/// Every action there is. The match has no wildcard, so a new action does not compile until
/// it is listed here, and then the tests below demand a key and a help line for it.
fn every_action() -> Vec<Action> {
    let all = vec![
        Action::Quit,
        Action::ToggleReveal,
        Action::ApplyFix,
        Action::ToggleAuthMode,
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
    ];
    for action in &all {
        match action {
            Action::Quit
            | Action::ToggleReveal
            | Action::ApplyFix
            | Action::ToggleAuthMode
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
            | Action::SelectTab(_)
            | Action::CycleTab(_)
            | Action::Scroll(_)
            | Action::ScrollPage(_)
            | Action::ScrollTroubleshooting(_)
            | Action::StartSearch
            | Action::ConfirmSearch
            | Action::SearchNext(_)
            | Action::EditText => {}
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
            HELP.iter().any(|h| h.actions.contains(&action)),
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
        for key in binding.keys {
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
            let bound_here = hint.action == Action::EditText && TEXT_CONTEXTS.contains(&context)
                || BINDINGS.iter().any(|b| {
                    b.action == hint.action && (b.context == context || b.context == Everywhere)
                });
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
