//! Every key binding, in one place: which key does what where ([`BINDINGS`]), how the help
//! overlay explains the keys ([`HELP`]) and which hints the footer shows in each state
//! ([`FOOTER`]). The key mapping, the help and the footer are all read from here; a test keeps
//! the three in step (every action has a key and a help line, no key is bound twice in one
//! context, every footer hint names a bound action).
//!
//! What a key means depends on where focus is (a form field takes letters as text; the result
//! tabs take them as commands), so the mapping reads a small [`KeyContext`].

use super::keys::{Key, KeyCode, text_edit};
use super::message::{FormMessage, Message, NavigationMessage, OverlayMessage, RequestMessage};
use super::{App, Focus, Overlay, Tab};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere, before any other context is asked.
    Everywhere,
    /// The help overlay is open.
    Help,
    /// The history overlay is open.
    History,
    /// The body search prompt takes the keys (other keys are text).
    Search,
    /// Focus is on the result tabs.
    Results,
    /// Focus is on a form field (other keys are text).
    Form,
}

/// Which modifiers a key of a binding needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// The key with any modifiers.
    Any,
    /// Control held (others may be too).
    Ctrl,
    /// Alt held (others may be too).
    Alt,
}

/// A key as a binding names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoundKey {
    /// Which key.
    pub code: KeyCode,
    /// With which modifiers.
    pub needs: Needs,
}

impl BoundKey {
    /// Whether a pressed key is this one.
    #[must_use]
    pub fn matches(self, key: Key) -> bool {
        self.code == key.code
            && match self.needs {
                Needs::Any => true,
                Needs::Ctrl => key.modifiers.ctrl,
                Needs::Alt => key.modifiers.alt,
            }
    }
}

const fn any(code: KeyCode) -> BoundKey {
    BoundKey {
        code,
        needs: Needs::Any,
    }
}

const fn ctrl(code: KeyCode) -> BoundKey {
    BoundKey {
        code,
        needs: Needs::Ctrl,
    }
}

const fn alt(code: KeyCode) -> BoundKey {
    BoundKey {
        code,
        needs: Needs::Alt,
    }
}

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Quit.
    Quit,
    /// Reveal or hide the secret.
    ToggleReveal,
    /// Apply the first fix offered.
    ApplyFix,
    /// Switch the auth mode.
    ToggleAuthMode,
    /// Send the request.
    Send,
    /// Esc: close what is open, or cancel the request.
    Cancel,
    /// Next field (after the last: the results).
    NextField,
    /// Previous field.
    PrevField,
    /// Up / Down in the form: previous (false) or next (true) field, staying in the form.
    StepField(bool),
    /// Wrap the Body tab's long lines, or cut them at the edge.
    ToggleWrap,
    /// Copy as curl.
    CopyCurl,
    /// Open or close the help.
    ToggleHelp,
    /// Open or close the history.
    ToggleHistory,
    /// Move the history cursor.
    HistoryMove(i32),
    /// Show the attempt under the history cursor.
    HistoryOpen,
    /// Show a tab.
    SelectTab(Tab),
    /// Next (true) or previous tab.
    CycleTab(bool),
    /// Scroll by lines (the help overlay while it is open, else the current tab).
    Scroll(i32),
    /// Scroll by pages.
    ScrollPage(i32),
    /// Scroll the troubleshooting panel.
    ScrollTroubleshooting(i32),
    /// Open the search prompt.
    StartSearch,
    /// Confirm the search.
    ConfirmSearch,
    /// Next (true) or previous match.
    SearchNext(bool),
    /// Edit the focused text (typing, Backspace, Ctrl+U…): whatever key is not bound.
    EditText,
}

impl Action {
    /// The message this action sends, for a key that is not text.
    #[must_use]
    pub fn message(self, key: Key) -> Option<Message> {
        let message = match self {
            Self::Quit => Message::Quit,
            Self::Cancel => Message::Cancel,
            Self::ToggleReveal => FormMessage::ToggleReveal.into(),
            Self::ApplyFix => FormMessage::ApplyFix.into(),
            Self::ToggleAuthMode => FormMessage::ToggleAuthMode.into(),
            Self::NextField => FormMessage::NextField.into(),
            Self::PrevField => FormMessage::PrevField.into(),
            Self::StepField(forward) => FormMessage::StepField(forward).into(),
            Self::ToggleWrap => NavigationMessage::ToggleWrap.into(),
            Self::EditText => return text_edit(key).map(|r| FormMessage::Edit(r).into()),
            Self::Send => RequestMessage::Send.into(),
            Self::CopyCurl => RequestMessage::CopyCurl.into(),
            Self::ToggleHelp => OverlayMessage::ToggleHelp.into(),
            Self::ToggleHistory => OverlayMessage::ToggleHistory.into(),
            Self::HistoryMove(rows) => OverlayMessage::HistoryMove(rows).into(),
            Self::HistoryOpen => OverlayMessage::HistoryOpen.into(),
            Self::SelectTab(tab) => NavigationMessage::SelectTab(tab).into(),
            Self::CycleTab(forward) => NavigationMessage::CycleTab(forward).into(),
            Self::Scroll(lines) => NavigationMessage::Scroll(lines).into(),
            Self::ScrollPage(pages) => NavigationMessage::ScrollPage(pages).into(),
            Self::ScrollTroubleshooting(lines) => {
                NavigationMessage::ScrollTroubleshooting(lines).into()
            }
            Self::StartSearch => NavigationMessage::StartSearch.into(),
            Self::ConfirmSearch => NavigationMessage::ConfirmSearch.into(),
            Self::SearchNext(forward) => NavigationMessage::SearchNext(forward).into(),
        };
        Some(message)
    }
}

/// One line of the binding table: in `context`, any of `keys` does `action`.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub context: Context,
    /// The keys.
    pub keys: &'static [BoundKey],
    /// What they do.
    pub action: Action,
}

const fn bind(context: Context, keys: &'static [BoundKey], action: Action) -> Binding {
    Binding {
        context,
        keys,
        action,
    }
}

use Context::{Everywhere, Form, Help, History, Results, Search};
use KeyCode::{BackTab, Char, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp, Right, Up};

/// Every key binding. Within a context the first match wins; [`Context::Everywhere`] is asked
/// before the others.
pub const BINDINGS: &[Binding] = &[
    bind(
        Everywhere,
        &[ctrl(Char('c')), ctrl(Char('q'))],
        Action::Quit,
    ),
    bind(Everywhere, &[ctrl(Char('r'))], Action::ToggleReveal),
    bind(Everywhere, &[ctrl(Char('t'))], Action::ApplyFix),
    bind(
        Everywhere,
        &[alt(Char('1'))],
        Action::SelectTab(Tab::Summary),
    ),
    bind(Everywhere, &[alt(Char('2'))], Action::SelectTab(Tab::Body)),
    bind(
        Everywhere,
        &[alt(Char('3'))],
        Action::SelectTab(Tab::Headers),
    ),
    bind(
        Everywhere,
        &[alt(Char('4'))],
        Action::SelectTab(Tab::Request),
    ),
    bind(
        Everywhere,
        &[alt(Char('5'))],
        Action::SelectTab(Tab::Timing),
    ),
    bind(Everywhere, &[any(F(1))], Action::ToggleHelp),
    bind(Everywhere, &[any(F(2))], Action::ToggleAuthMode),
    bind(Everywhere, &[any(F(3))], Action::CycleTab(false)),
    bind(Everywhere, &[any(F(4))], Action::CycleTab(true)),
    bind(Everywhere, &[any(F(5))], Action::CopyCurl),
    bind(Everywhere, &[any(F(6))], Action::ToggleHistory),
    bind(Everywhere, &[any(PageUp)], Action::ScrollPage(-1)),
    bind(Everywhere, &[any(PageDown)], Action::ScrollPage(1)),
    bind(Everywhere, &[ctrl(Home)], Action::Scroll(i32::MIN)),
    bind(Everywhere, &[ctrl(End)], Action::Scroll(i32::MAX)),
    bind(
        Everywhere,
        &[ctrl(Up), alt(Up)],
        Action::ScrollTroubleshooting(-1),
    ),
    bind(
        Everywhere,
        &[ctrl(Down), alt(Down)],
        Action::ScrollTroubleshooting(1),
    ),
    // The help overlay has the keyboard: other keys do nothing.
    bind(Help, &[any(Esc)], Action::Cancel),
    bind(Help, &[any(Up)], Action::Scroll(-1)),
    bind(Help, &[any(Down)], Action::Scroll(1)),
    // So does the history overlay.
    bind(History, &[any(Up)], Action::HistoryMove(-1)),
    bind(History, &[any(Down)], Action::HistoryMove(1)),
    bind(History, &[any(Enter)], Action::HistoryOpen),
    bind(History, &[any(Esc)], Action::Cancel),
    bind(Search, &[any(Enter)], Action::ConfirmSearch),
    bind(Search, &[any(Esc)], Action::Cancel),
    bind(Results, &[any(Enter)], Action::Send),
    bind(Results, &[any(Esc)], Action::Cancel),
    bind(Results, &[any(KeyCode::Tab)], Action::NextField),
    bind(Results, &[any(BackTab)], Action::PrevField),
    bind(Results, &[any(Up), any(Char('k'))], Action::Scroll(-1)),
    bind(Results, &[any(Down), any(Char('j'))], Action::Scroll(1)),
    bind(
        Results,
        &[any(Home), any(Char('g'))],
        Action::Scroll(i32::MIN),
    ),
    bind(
        Results,
        &[any(End), any(Char('G'))],
        Action::Scroll(i32::MAX),
    ),
    bind(Results, &[any(Left)], Action::CycleTab(false)),
    bind(Results, &[any(Right)], Action::CycleTab(true)),
    bind(Results, &[any(Char('/'))], Action::StartSearch),
    bind(Results, &[any(Char('n'))], Action::SearchNext(true)),
    bind(Results, &[any(Char('N'))], Action::SearchNext(false)),
    bind(Results, &[any(Char('c'))], Action::CopyCurl),
    bind(Results, &[any(Char('w'))], Action::ToggleWrap),
    bind(Results, &[any(Char('h'))], Action::ToggleHistory),
    bind(Results, &[any(Char('1'))], Action::SelectTab(Tab::Summary)),
    bind(Results, &[any(Char('2'))], Action::SelectTab(Tab::Body)),
    bind(Results, &[any(Char('3'))], Action::SelectTab(Tab::Headers)),
    bind(Results, &[any(Char('4'))], Action::SelectTab(Tab::Request)),
    bind(Results, &[any(Char('5'))], Action::SelectTab(Tab::Timing)),
    bind(Form, &[any(Enter)], Action::Send),
    bind(Form, &[any(Esc)], Action::Cancel),
    bind(Form, &[any(KeyCode::Tab)], Action::NextField),
    bind(Form, &[any(BackTab)], Action::PrevField),
    bind(Form, &[any(Down)], Action::StepField(true)),
    bind(Form, &[any(Up)], Action::StepField(false)),
];

/// In these contexts a key no binding names is text for the field or prompt.
const TEXT_CONTEXTS: [Context; 2] = [Search, Form];

/// Lines of the wheel scrolls by.
pub const WHEEL_LINES: i32 = 3;

/// One line of the help overlay: the keys as written there, what they do, and the actions it
/// documents.
#[derive(Debug, Clone, Copy)]
pub struct HelpEntry {
    /// The keys, as the help shows them.
    pub keys: &'static str,
    /// What they do.
    pub text: &'static str,
    /// The actions this line explains.
    pub actions: &'static [Action],
}

const fn help(keys: &'static str, text: &'static str, actions: &'static [Action]) -> HelpEntry {
    HelpEntry {
        keys,
        text,
        actions,
    }
}

/// The help overlay's key list, in order.
pub const HELP: &[HelpEntry] = &[
    help(
        "Enter",
        "send GET /account (a request still running is cancelled)",
        &[Action::Send, Action::HistoryOpen, Action::ConfirmSearch],
    ),
    help(
        "Esc",
        "cancel the request / close the search, help or history",
        &[Action::Cancel],
    ),
    help(
        "Tab, Shift+Tab",
        "next / previous field; after the last: the result tabs",
        &[Action::NextField, Action::PrevField],
    ),
    help(
        "Down, Up",
        "next / previous field, staying in the form (in the results: scroll)",
        &[
            Action::StepField(true),
            Action::StepField(false),
            Action::Scroll(1),
            Action::Scroll(-1),
            Action::HistoryMove(1),
            Action::HistoryMove(-1),
        ],
    ),
    help(
        "Ctrl+R",
        "reveal or hide the token",
        &[Action::ToggleReveal],
    ),
    help(
        "F2",
        "switch personal access token / OAuth access token",
        &[Action::ToggleAuthMode],
    ),
    help(
        "Ctrl+T",
        "apply the fix a form warning offers (trim, swap, split…)",
        &[Action::ApplyFix],
    ),
    help(
        "Left, Right, Home, End",
        "move in the field (in the results: tabs, top, end)",
        &[
            Action::EditText,
            Action::CycleTab(false),
            Action::CycleTab(true),
            Action::Scroll(i32::MIN),
            Action::Scroll(i32::MAX),
        ],
    ),
    help(
        "Backspace, Delete",
        "delete a character",
        &[Action::EditText],
    ),
    help("Ctrl+U", "clear the field", &[Action::EditText]),
    help("Ctrl+W", "delete the previous word", &[Action::EditText]),
    help(
        "F3, F4, Alt+1…5",
        "previous / next / a given result tab (focus stays where it is)",
        &[
            Action::CycleTab(false),
            Action::CycleTab(true),
            Action::SelectTab(Tab::Summary),
            Action::SelectTab(Tab::Body),
            Action::SelectTab(Tab::Headers),
            Action::SelectTab(Tab::Request),
            Action::SelectTab(Tab::Timing),
        ],
    ),
    help(
        "PgUp, PgDn, wheel",
        "scroll the result tab",
        &[Action::ScrollPage(-1), Action::ScrollPage(1)],
    ),
    help(
        "Ctrl+Home, Ctrl+End",
        "top / bottom of the result tab",
        &[Action::Scroll(i32::MIN), Action::Scroll(i32::MAX)],
    ),
    help(
        "Ctrl+Up, Ctrl+Down",
        "scroll the troubleshooting panel",
        &[
            Action::ScrollTroubleshooting(-1),
            Action::ScrollTroubleshooting(1),
        ],
    ),
    help(
        "/ (in the results)",
        "search the body; n, N: next, previous match",
        &[
            Action::StartSearch,
            Action::SearchNext(true),
            Action::SearchNext(false),
        ],
    ),
    help(
        "w (in the results)",
        "wrap long body lines, or cut them at the edge (marked …)",
        &[Action::ToggleWrap],
    ),
    help(
        "F5, c (in the results)",
        "copy the curl command the Request tab shows (OSC 52), secrets as $VARS",
        &[Action::CopyCurl],
    ),
    help(
        "F6, h (in the results)",
        "history of this session; Enter shows an attempt",
        &[Action::ToggleHistory],
    ),
    help(
        "1…5 (in the results)",
        "Summary, Body, Headers, Request, Timing",
        &[
            Action::SelectTab(Tab::Summary),
            Action::SelectTab(Tab::Body),
            Action::SelectTab(Tab::Headers),
            Action::SelectTab(Tab::Request),
            Action::SelectTab(Tab::Timing),
        ],
    ),
    help("mouse", "click a field or tab; wheel scrolls", &[]),
    help("F1", "this help", &[Action::ToggleHelp]),
    help("Ctrl+C, Ctrl+Q", "quit", &[Action::Quit]),
    help("", "", &[]),
    help("", "Nothing is sent until you press Enter.", &[]),
];

/// What the footer offers, by state of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FooterContext {
    /// The help overlay is open.
    Help,
    /// The history overlay is open.
    History,
    /// The search prompt is open.
    Search,
    /// Focus is on the result tabs.
    Results,
    /// A request runs (focus on the form).
    InFlight,
    /// The form has a fix to offer.
    FormWithFix,
    /// The form, otherwise.
    Form,
}

impl FooterContext {
    /// The footer's state for an app.
    #[must_use]
    pub fn of(app: &App) -> Self {
        match app.overlay {
            Overlay::Help => Self::Help,
            Overlay::History => Self::History,
            Overlay::None if app.search.editing => Self::Search,
            Overlay::None if app.focus == Focus::Results => Self::Results,
            Overlay::None if app.is_in_flight() => Self::InFlight,
            Overlay::None if app.available_fix().is_some() => Self::FormWithFix,
            Overlay::None => Self::Form,
        }
    }

    /// The key context whose bindings this footer advertises.
    #[must_use]
    pub fn key_context(self) -> Context {
        match self {
            Self::Help => Help,
            Self::History => History,
            Self::Search => Search,
            Self::Results => Results,
            Self::InFlight | Self::FormWithFix | Self::Form => Form,
        }
    }
}

/// A footer hint's label: fixed, or read from the state (a toggle names what it would do
/// now: `F2 OAuth` in token mode, `F2 token` in OAuth mode).
#[derive(Debug, Clone, Copy)]
pub enum Label {
    /// Always the same words.
    Fixed(&'static str),
    /// The words for the app as it is.
    Of(fn(&App) -> &'static str),
}

impl Label {
    /// The label for this app.
    #[must_use]
    pub fn text(self, app: &App) -> &'static str {
        match self {
            Self::Fixed(text) => text,
            Self::Of(of) => of(app),
        }
    }
}

/// One footer hint: the keys as shown, the label, the action it advertises, and how much it
/// matters when the row is too narrow for all (lower numbers are dropped first).
#[derive(Debug, Clone, Copy)]
pub struct FooterHint {
    /// The keys, as the footer shows them.
    pub keys: &'static str,
    /// What they do, in a word or two.
    pub label: Label,
    /// The action (bound in the footer's context or everywhere).
    pub action: Action,
    /// Hints with a lower priority give way first when the row is short.
    pub priority: u8,
}

const fn hint(keys: &'static str, label: &'static str, action: Action, priority: u8) -> FooterHint {
    FooterHint {
        keys,
        label: Label::Fixed(label),
        action,
        priority,
    }
}

const fn hint_of(
    keys: &'static str,
    label: fn(&App) -> &'static str,
    action: Action,
    priority: u8,
) -> FooterHint {
    FooterHint {
        keys,
        label: Label::Of(label),
        action,
        priority,
    }
}

fn reveal_label(app: &App) -> &'static str {
    if app.form.reveal { "hide" } else { "reveal" }
}

fn mode_label(app: &App) -> &'static str {
    match app.form.mode {
        super::AuthMode::PersonalAccessToken => "OAuth",
        super::AuthMode::OAuth => "token",
    }
}

fn wrap_label(app: &App) -> &'static str {
    if app.body_wrap.wraps() {
        "no wrap"
    } else {
        "wrap"
    }
}

/// The footer's hints in each state, in order.
pub const FOOTER: &[(FooterContext, &[FooterHint])] = &[
    (
        FooterContext::Help,
        &[
            hint("Esc", "close help", Action::Cancel, 9),
            hint("↑↓", "scroll", Action::Scroll(1), 5),
            hint("Ctrl+Q", "quit", Action::Quit, 8),
        ],
    ),
    (
        FooterContext::History,
        &[
            hint("↑↓", "select", Action::HistoryMove(1), 8),
            hint("Enter", "show", Action::HistoryOpen, 9),
            hint("Esc", "close", Action::Cancel, 9),
        ],
    ),
    (
        FooterContext::Search,
        &[
            hint("type", "search the body", Action::EditText, 7),
            hint("Enter", "find", Action::ConfirmSearch, 9),
            hint("Esc", "close", Action::Cancel, 9),
        ],
    ),
    (
        FooterContext::Results,
        &[
            hint("↑↓", "scroll", Action::Scroll(1), 7),
            hint("←→", "tab", Action::CycleTab(true), 6),
            hint("/", "search", Action::StartSearch, 5),
            hint("n", "next", Action::SearchNext(true), 1),
            hint_of("w", wrap_label, Action::ToggleWrap, 4),
            hint("c", "curl", Action::CopyCurl, 3),
            hint("h", "history", Action::ToggleHistory, 2),
            hint("Tab", "form", Action::NextField, 8),
            hint("F1", "help", Action::ToggleHelp, 9),
        ],
    ),
    (
        FooterContext::InFlight,
        &[
            hint("Esc", "cancel", Action::Cancel, 9),
            hint("F1", "help", Action::ToggleHelp, 8),
            hint("Ctrl+Q", "quit", Action::Quit, 7),
        ],
    ),
    (
        FooterContext::FormWithFix,
        &[
            hint("Enter", "send", Action::Send, 9),
            hint("Ctrl+T", "fix", Action::ApplyFix, 8),
            hint("Tab", "field", Action::NextField, 5),
            hint_of("Ctrl+R", reveal_label, Action::ToggleReveal, 4),
            hint("F1", "help", Action::ToggleHelp, 7),
            hint("Ctrl+Q", "quit", Action::Quit, 6),
        ],
    ),
    (
        FooterContext::Form,
        &[
            hint("Enter", "send", Action::Send, 9),
            hint("Tab", "field", Action::NextField, 5),
            hint_of("Ctrl+R", reveal_label, Action::ToggleReveal, 4),
            hint_of("F2", mode_label, Action::ToggleAuthMode, 3),
            hint("F1", "help", Action::ToggleHelp, 7),
            hint("Ctrl+Q", "quit", Action::Quit, 6),
        ],
    ),
];

/// The footer's hints for an app.
#[must_use]
pub fn footer_hints(app: &App) -> &'static [FooterHint] {
    let context = FooterContext::of(app);
    FOOTER
        .iter()
        .find(|(c, _)| *c == context)
        .map_or(&[], |(_, hints)| hints)
}

/// The footer's hints for an app as `(keys, label)`, in order, as many as fit in `width`
/// columns (joined by ` · ` after a leading space): the lowest priorities are dropped first,
/// so no hint is ever cut in the middle.
#[must_use]
pub fn footer_entries(app: &App, width: usize) -> Vec<(&'static str, &'static str)> {
    use unicode_width::UnicodeWidthStr as _;
    let hints = footer_hints(app);
    let mut kept: Vec<bool> = vec![true; hints.len()];
    let cost = |kept: &[bool]| -> usize {
        let shown = hints.iter().zip(kept).filter(|(_, k)| **k);
        let mut total = 1;
        for (i, (h, _)) in shown.enumerate() {
            total += usize::from(i > 0) * 3 + h.keys.width() + 1 + h.label.text(app).width();
        }
        total
    };
    let mut order: Vec<usize> = (0..hints.len()).collect();
    order.sort_by_key(|&i| hints[i].priority);
    for i in order {
        if cost(&kept) <= width {
            break;
        }
        kept[i] = false;
    }
    hints
        .iter()
        .zip(&kept)
        .filter(|(_, k)| **k)
        .map(|(h, _)| (h.keys, h.label.text(app)))
        .collect()
}

/// What the key mapping needs to know about the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyContext {
    /// Where focus is.
    pub focus: Focus,
    /// Whether the search prompt takes the keys.
    pub searching: bool,
    /// What overlay is open.
    pub overlay: Overlay,
}

impl KeyContext {
    /// The context of an app.
    #[must_use]
    pub fn of(app: &App) -> Self {
        Self {
            focus: app.focus,
            searching: app.search.editing,
            overlay: app.overlay,
        }
    }

    /// The binding context that applies (after [`Context::Everywhere`]).
    #[must_use]
    pub fn context(self) -> Context {
        match self.overlay {
            Overlay::History => History,
            Overlay::Help => Help,
            Overlay::None if self.searching => Search,
            Overlay::None => match self.focus {
                Focus::Results => Results,
                Focus::Form => Form,
            },
        }
    }
}

impl Default for KeyContext {
    fn default() -> Self {
        Self {
            focus: Focus::Form,
            searching: false,
            overlay: Overlay::None,
        }
    }
}

/// The action bound to `key` in `context` alone.
fn bound(context: Context, key: Key) -> Option<Action> {
    BINDINGS
        .iter()
        .filter(|b| b.context == context)
        .find(|b| b.keys.iter().any(|k| k.matches(key)))
        .map(|b| b.action)
}

/// Maps a key press to a message; `None` when the key does nothing where focus is.
#[must_use]
pub fn message_for_key(key: Key, context: KeyContext) -> Option<Message> {
    let context = context.context();
    let action = bound(Everywhere, key)
        .or_else(|| bound(context, key))
        .or_else(|| TEXT_CONTEXTS.contains(&context).then_some(Action::EditText))?;
    action.message(key)
}

/// What the mouse did, as far as the app cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mouse {
    /// The wheel turned up.
    WheelUp,
    /// The wheel turned down.
    WheelDown,
    /// The left button went down at a cell.
    Click {
        /// Column.
        column: u16,
        /// Row.
        row: u16,
    },
}

/// Maps a mouse action to a message.
#[must_use]
pub fn message_for_mouse(mouse: Mouse) -> Message {
    match mouse {
        Mouse::WheelUp => NavigationMessage::Scroll(-WHEEL_LINES).into(),
        Mouse::WheelDown => NavigationMessage::Scroll(WHEEL_LINES).into(),
        Mouse::Click { column, row } => NavigationMessage::Click { column, row }.into(),
    }
}

#[cfg(test)]
mod tests;
