//! Every key binding, in one place: which key does what where ([`BINDINGS`]), how the help
//! overlay explains the keys ([`HELP`]) and which hints the footer shows in each state
//! ([`FOOTER`]). The key mapping reads [`BINDINGS`]; the help and the footer write no key
//! names of their own: they name actions, and the names of the keys bound to those actions
//! are made from [`BINDINGS`] (and, for text editing, from `keys::TEXT_EDIT_KEYS`) by
//! `bindings/names.rs`. Tests keep the three in step (every action has a key and a help line, no key
//! is bound twice in one context, every name shown is a key bound to what it explains).
//!
//! What a key means depends on where focus is (a form field takes letters as text; the result
//! tabs take them as commands), so the mapping reads a small [`KeyContext`].

use std::sync::LazyLock;

use tui_input::InputRequest;

use super::keys::{Key, KeyCode, Modifiers, text_edit};
use super::message::{FormMessage, Message, NavigationMessage, OverlayMessage, RequestMessage};
use super::store::StoreMessage;
use super::{App, ExplorerMessage, Focus, Overlay, Tab};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere, before any other context is asked.
    Everywhere,
    /// The help overlay is open.
    Help,
    /// The history overlay is open.
    History,
    /// The endpoint explorer is open (other keys are text for its filter or form).
    Explorer,
    /// The saved-history overlay is open.
    Saved,
    /// The profile picker is open.
    Profiles,
    /// The picker asks a name to save the form as (other keys are text).
    ProfileName,
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

    /// The key as a pressed key with only the modifier it needs.
    fn key(self) -> Key {
        let modifiers = match self.needs {
            Needs::Any => Modifiers::NONE,
            Needs::Ctrl => Modifiers::CTRL,
            Needs::Alt => Modifiers::ALT,
        };
        Key::new(self.code, modifiers)
    }

    /// The key's name as the help writes it: `Ctrl+R`, `F5`, `Shift+Tab`, `PgUp`, `Alt+1`, `Up`.
    #[must_use]
    pub fn name(self) -> String {
        self.key().name()
    }

    /// The key's name as the footer writes it: the same, but arrows as `↑`, `↓`, `←`, `→`.
    #[must_use]
    pub fn short_name(self) -> String {
        self.key().short_name()
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
    /// Refresh the signed-in access token now.
    RefreshSignIn,
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
    /// Move in the saved history (or scroll an attempt or diff there).
    SavedMove(i32),
    /// Open the saved attempt under the cursor.
    SavedOpen,
    /// Mark a saved attempt; on a second one, show their diff.
    SavedMark,
    /// Write a report of the saved attempt.
    SavedReport,
    /// Send the saved attempt again.
    SavedRerun,
    /// Open or close the profile picker.
    ToggleProfiles,
    /// Move in the profile picker.
    ProfileMove(i32),
    /// Fill the form from the highlighted profile.
    ProfileUse,
    /// Ask to delete the highlighted profile.
    ProfileDelete,
    /// Confirm the deletion.
    ProfileConfirmDelete,
    /// Save the form as a profile (asks the name).
    ProfileSaveAs,
    /// Save under the name typed.
    ProfileNameConfirm,
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
    /// Open or close the endpoint explorer.
    ToggleExplorer,
    /// Move the explorer's cursor.
    ExplorerMove(i32),
    /// Run the selected endpoint (first its parameter form, if it has parameters).
    ExplorerRun,
    /// The next parameter of the explorer's form.
    ExplorerNextParam,
    /// Start the full scan, or stop it.
    StartScan,
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
            Self::RefreshSignIn => super::sign_in::SignInMessage::RefreshNow.into(),
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
            Self::SavedMove(rows) => StoreMessage::Move(rows).into(),
            Self::SavedOpen => StoreMessage::Open.into(),
            Self::SavedMark => StoreMessage::Mark.into(),
            Self::SavedReport => StoreMessage::Report.into(),
            Self::SavedRerun => StoreMessage::Rerun.into(),
            Self::ToggleProfiles => StoreMessage::ToggleProfiles.into(),
            Self::ProfileMove(rows) => StoreMessage::ProfileMove(rows).into(),
            Self::ProfileUse => StoreMessage::ProfileUse.into(),
            Self::ProfileDelete => StoreMessage::ProfileDelete.into(),
            Self::ProfileConfirmDelete => StoreMessage::ProfileConfirmDelete.into(),
            Self::ProfileSaveAs => StoreMessage::ProfileSaveAs.into(),
            Self::ProfileNameConfirm => StoreMessage::ProfileNameConfirm.into(),
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
            Self::ToggleExplorer => ExplorerMessage::Toggle.into(),
            Self::ExplorerMove(rows) => ExplorerMessage::Move(rows).into(),
            Self::ExplorerRun => ExplorerMessage::Run.into(),
            Self::ExplorerNextParam => ExplorerMessage::NextParam.into(),
            Self::StartScan => ExplorerMessage::StartScan.into(),
        };
        Some(message)
    }
}

/// One line of the binding table: in `context`, any of `keys` (or of `also`) does `action`.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub context: Context,
    /// The keys the help and the footer name, the main one first (the footer shows only it).
    pub keys: &'static [BoundKey],
    /// Keys that work too but are not advertised in the help or the footer: vi keys (`j`,
    /// `k`, `g`, `G`), and Alt+arrows for terminals that take Ctrl+arrows for themselves.
    pub also: &'static [BoundKey],
    /// What they do.
    pub action: Action,
}

impl Binding {
    /// The same binding with keys that work but are not advertised.
    const fn also(self, also: &'static [BoundKey]) -> Self {
        Self { also, ..self }
    }

    /// Every key of the binding, advertised or not.
    pub fn all_keys(&self) -> impl Iterator<Item = &BoundKey> {
        self.keys.iter().chain(self.also)
    }
}

const fn bind(context: Context, keys: &'static [BoundKey], action: Action) -> Binding {
    Binding {
        context,
        keys,
        also: &[],
        action,
    }
}

use Context::{
    Everywhere, Explorer, Form, Help, History, ProfileName, Profiles, Results, Saved, Search,
};
use KeyCode::{BackTab, Char, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp, Right, Up};

/// Every key binding. Within a context the first match wins; [`Context::Everywhere`] is asked
/// before the others.
pub const BINDINGS: &[Binding] = &[
    // Ctrl+Q first: it is the one the footer shows (Ctrl+C is the habit it also honours).
    bind(
        Everywhere,
        &[ctrl(Char('q')), ctrl(Char('c'))],
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
    bind(Everywhere, &[any(F(7))], Action::ToggleExplorer),
    bind(Everywhere, &[any(F(8))], Action::StartScan),
    bind(Everywhere, &[any(F(9))], Action::RefreshSignIn),
    bind(Everywhere, &[any(PageUp)], Action::ScrollPage(-1)),
    bind(Everywhere, &[any(PageDown)], Action::ScrollPage(1)),
    bind(Everywhere, &[ctrl(Home)], Action::Scroll(i32::MIN)),
    bind(Everywhere, &[ctrl(End)], Action::Scroll(i32::MAX)),
    bind(Everywhere, &[ctrl(Up)], Action::ScrollTroubleshooting(-1)).also(&[alt(Up)]),
    bind(Everywhere, &[ctrl(Down)], Action::ScrollTroubleshooting(1)).also(&[alt(Down)]),
    // The help overlay has the keyboard: other keys do nothing.
    bind(Help, &[any(Esc)], Action::Cancel),
    bind(Help, &[any(Up)], Action::Scroll(-1)),
    bind(Help, &[any(Down)], Action::Scroll(1)),
    // So does the history overlay.
    bind(History, &[any(Up)], Action::HistoryMove(-1)),
    bind(History, &[any(Down)], Action::HistoryMove(1)),
    bind(History, &[any(Enter)], Action::HistoryOpen),
    bind(History, &[any(Esc)], Action::Cancel),
    // The explorer has the keyboard: other keys are text for its filter or form.
    bind(Explorer, &[any(Up)], Action::ExplorerMove(-1)),
    bind(Explorer, &[any(Down)], Action::ExplorerMove(1)),
    bind(Explorer, &[any(Enter)], Action::ExplorerRun),
    bind(Explorer, &[any(KeyCode::Tab)], Action::ExplorerNextParam),
    bind(Explorer, &[any(Esc)], Action::Cancel),
    // And the saved history (F6 opens it while attempts are recorded: see update).
    bind(Saved, &[any(Up)], Action::SavedMove(-1)).also(&[any(Char('k'))]),
    bind(Saved, &[any(Down)], Action::SavedMove(1)).also(&[any(Char('j'))]),
    bind(Saved, &[any(Home)], Action::SavedMove(i32::MIN)).also(&[any(Char('g'))]),
    bind(Saved, &[any(End)], Action::SavedMove(i32::MAX)).also(&[any(Char('G'))]),
    bind(Saved, &[any(Enter)], Action::SavedOpen),
    bind(Saved, &[any(Char(' '))], Action::SavedMark),
    bind(Saved, &[any(Char('r'))], Action::SavedReport),
    bind(Saved, &[any(Char('s'))], Action::SavedRerun),
    bind(Saved, &[any(Esc)], Action::Cancel),
    // And the profile picker.
    bind(Everywhere, &[ctrl(Char('p'))], Action::ToggleProfiles),
    bind(Profiles, &[any(Up)], Action::ProfileMove(-1)).also(&[any(Char('k'))]),
    bind(Profiles, &[any(Down)], Action::ProfileMove(1)).also(&[any(Char('j'))]),
    bind(Profiles, &[any(Enter)], Action::ProfileUse),
    bind(Profiles, &[any(Char('d'))], Action::ProfileDelete),
    bind(Profiles, &[any(Char('y'))], Action::ProfileConfirmDelete),
    bind(Profiles, &[any(Char('s'))], Action::ProfileSaveAs),
    bind(Profiles, &[any(Esc)], Action::Cancel),
    bind(ProfileName, &[any(Enter)], Action::ProfileNameConfirm),
    bind(ProfileName, &[any(Esc)], Action::Cancel),
    bind(Search, &[any(Enter)], Action::ConfirmSearch),
    bind(Search, &[any(Esc)], Action::Cancel),
    bind(Results, &[any(Enter)], Action::Send),
    bind(Results, &[any(Esc)], Action::Cancel),
    bind(Results, &[any(KeyCode::Tab)], Action::NextField),
    bind(Results, &[any(BackTab)], Action::PrevField),
    bind(Results, &[any(Up)], Action::Scroll(-1)).also(&[any(Char('k'))]),
    bind(Results, &[any(Down)], Action::Scroll(1)).also(&[any(Char('j'))]),
    bind(Results, &[any(Home)], Action::Scroll(i32::MIN)).also(&[any(Char('g'))]),
    bind(Results, &[any(End)], Action::Scroll(i32::MAX)).also(&[any(Char('G'))]),
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
const TEXT_CONTEXTS: [Context; 4] = [Search, Form, Explorer, ProfileName];

/// Lines of the wheel scrolls by.
pub const WHEEL_LINES: i32 = 3;

/// Where a help line or a footer hint takes key names from.
#[derive(Debug, Clone, Copy)]
pub enum KeySource {
    /// The advertised keys bound to these actions in `context` (`None`: in any context),
    /// action by action. The help adds "(in the results)" after keys bound only there.
    Bound {
        /// Where the bindings are looked up.
        context: Option<Context>,
        /// The actions, in the order their keys are named.
        actions: &'static [Action],
    },
    /// The text-editing keys (`keys::TEXT_EDIT_KEYS`) that make these edits: the first key
    /// listed for each.
    Edits(&'static [InputRequest]),
    /// Not a key binding (the mouse, the wheel): the words, as written.
    Words(&'static str),
}

/// The keys bound to `actions` in any context.
const fn keys_of(actions: &'static [Action]) -> KeySource {
    KeySource::Bound {
        context: None,
        actions,
    }
}

/// The keys bound to `actions` in `context` only.
const fn keys_in(context: Context, actions: &'static [Action]) -> KeySource {
    KeySource::Bound {
        context: Some(context),
        actions,
    }
}

/// One line of the help overlay: where its keys come from, and what they do.
#[derive(Debug, Clone, Copy)]
pub struct HelpEntry {
    /// The key column: the names from each source, in order, joined by `, `.
    pub keys: &'static [KeySource],
    /// What they do. Each `{}` is filled, in order, with the key names of `text_keys`.
    pub text: &'static str,
    /// Keys the text names.
    pub text_keys: &'static [KeySource],
    /// Actions the same keys do elsewhere, which the text mentions ("in the results:
    /// scroll"). Their advertised keys must be among the keys this line shows (a test).
    pub same_keys: &'static [KeySource],
}

impl HelpEntry {
    /// The same line, with the keys its text names.
    const fn naming(self, text_keys: &'static [KeySource]) -> Self {
        Self { text_keys, ..self }
    }

    /// The same line, with what its keys do elsewhere.
    const fn elsewhere(self, same_keys: &'static [KeySource]) -> Self {
        Self { same_keys, ..self }
    }

    /// The key column as the help shows it, made from [`BINDINGS`].
    #[must_use]
    pub fn key_column(&self) -> String {
        names::help_keys(BINDINGS, self.keys)
    }

    /// The text as the help shows it, its key names made from [`BINDINGS`].
    #[must_use]
    pub fn shown_text(&self) -> String {
        names::help_text(BINDINGS, self.text, self.text_keys)
    }

    /// Whether this line explains `action` (names its keys, or says what they do elsewhere).
    #[must_use]
    pub fn explains(&self, action: Action) -> bool {
        self.keys
            .iter()
            .chain(self.text_keys)
            .chain(self.same_keys)
            .any(|source| match source {
                KeySource::Bound { actions, .. } => actions.contains(&action),
                KeySource::Edits(_) => action == Action::EditText,
                KeySource::Words(_) => false,
            })
    }
}

const fn help(keys: &'static [KeySource], text: &'static str) -> HelpEntry {
    HelpEntry {
        keys,
        text,
        text_keys: &[],
        same_keys: &[],
    }
}

const TABS: [Action; 5] = [
    Action::SelectTab(Tab::Summary),
    Action::SelectTab(Tab::Body),
    Action::SelectTab(Tab::Headers),
    Action::SelectTab(Tab::Request),
    Action::SelectTab(Tab::Timing),
];

/// The help overlay's key list, in order.
pub const HELP: &[HelpEntry] = {
    use Action::{
        ApplyFix, Cancel, ConfirmSearch, CopyCurl, CycleTab, ExplorerMove, ExplorerNextParam,
        ExplorerRun, HistoryMove, HistoryOpen, NextField, PrevField, ProfileConfirmDelete,
        ProfileDelete, ProfileMove, ProfileNameConfirm, ProfileSaveAs, ProfileUse, Quit,
        RefreshSignIn, SavedMark, SavedMove, SavedOpen, SavedReport, SavedRerun, Scroll,
        ScrollPage, ScrollTroubleshooting, SearchNext, Send, StartScan, StartSearch, StepField,
        ToggleAuthMode, ToggleExplorer, ToggleHelp, ToggleHistory, ToggleProfiles, ToggleReveal,
        ToggleWrap,
    };
    use InputRequest::{
        DeleteLine, DeleteNextChar, DeletePrevChar, DeletePrevWord, GoToEnd, GoToNextChar,
        GoToPrevChar, GoToStart,
    };
    use KeySource::{Edits, Words};
    &[
        help(
            &[keys_of(&[Send, HistoryOpen, ConfirmSearch])],
            "send GET /account (a request still running is cancelled)",
        ),
        help(
            &[keys_of(&[Cancel])],
            "cancel the request / close the search, help or history",
        ),
        help(
            &[keys_of(&[NextField, PrevField])],
            "next / previous field; after the last: the result tabs",
        ),
        help(
            &[keys_of(&[StepField(true), StepField(false)])],
            "next / previous field, staying in the form (in the results: scroll)",
        )
        .elsewhere(&[
            keys_in(Results, &[Scroll(1), Scroll(-1)]),
            keys_in(Help, &[Scroll(1), Scroll(-1)]),
            keys_in(History, &[HistoryMove(1), HistoryMove(-1)]),
        ]),
        help(&[keys_of(&[ToggleReveal])], "reveal or hide the token"),
        help(
            &[keys_of(&[ToggleAuthMode])],
            "switch personal access token / OAuth access token / sign in",
        ),
        help(
            &[keys_of(&[RefreshSignIn])],
            "signed in: refresh the access token now",
        ),
        help(
            &[keys_of(&[ApplyFix])],
            "apply the fix a form warning offers (trim, swap, split…)",
        ),
        help(
            &[Edits(&[GoToPrevChar, GoToNextChar, GoToStart, GoToEnd])],
            "move in the field (in the results: tabs, top, end)",
        )
        .elsewhere(&[keys_in(
            Results,
            &[
                CycleTab(false),
                CycleTab(true),
                Scroll(i32::MIN),
                Scroll(i32::MAX),
            ],
        )]),
        help(
            &[Edits(&[DeletePrevChar, DeleteNextChar])],
            "delete a character",
        ),
        help(&[Edits(&[DeleteLine])], "clear the field"),
        help(&[Edits(&[DeletePrevWord])], "delete the previous word"),
        help(
            &[
                keys_in(Everywhere, &[CycleTab(false), CycleTab(true)]),
                keys_in(Everywhere, &TABS),
            ],
            "previous / next / a given result tab (focus stays where it is)",
        ),
        help(
            &[
                keys_in(Everywhere, &[ScrollPage(-1), ScrollPage(1)]),
                Words("wheel"),
            ],
            "scroll the result tab",
        ),
        help(
            &[keys_in(Everywhere, &[Scroll(i32::MIN), Scroll(i32::MAX)])],
            "top / bottom of the result tab",
        ),
        help(
            &[keys_in(
                Everywhere,
                &[ScrollTroubleshooting(-1), ScrollTroubleshooting(1)],
            )],
            "scroll the troubleshooting panel",
        ),
        help(
            &[keys_in(Results, &[StartSearch])],
            "search the body; {}: next, previous match",
        )
        .naming(&[keys_in(Results, &[SearchNext(true), SearchNext(false)])]),
        help(
            &[keys_in(Results, &[ToggleWrap])],
            "wrap long body lines, or cut them at the edge (marked …)",
        ),
        help(
            &[
                keys_in(Everywhere, &[CopyCurl]),
                keys_in(Results, &[CopyCurl]),
            ],
            "copy the curl command the Request tab shows (OSC 52), secrets as $VARS",
        ),
        help(
            &[
                keys_in(Everywhere, &[ToggleHistory]),
                keys_in(Results, &[ToggleHistory]),
            ],
            "history: every recorded attempt, across runs ({} moves, {} opens one); \
             this session's only with --no-history",
        )
        .naming(&[
            keys_in(
                Saved,
                &[
                    SavedMove(-1),
                    SavedMove(1),
                    SavedMove(i32::MIN),
                    SavedMove(i32::MAX),
                ],
            ),
            keys_in(Saved, &[SavedOpen]),
        ]),
        help(
            &[keys_in(Saved, &[SavedMark])],
            "saved history: mark an attempt; on a second one, show what changed",
        ),
        help(
            &[keys_in(Saved, &[SavedReport])],
            "saved history: write a support report of the attempt (no secrets)",
        ),
        help(
            &[keys_in(Saved, &[SavedRerun])],
            "saved history: send the attempt again (its token id and base URL, the form's secret)",
        ),
        help(
            &[keys_of(&[ToggleProfiles])],
            "profiles: {} move, {} fills the form from one; {} then {} deletes one",
        )
        .naming(&[
            keys_in(Profiles, &[ProfileMove(-1), ProfileMove(1)]),
            keys_in(Profiles, &[ProfileUse]),
            keys_in(Profiles, &[ProfileDelete]),
            keys_in(Profiles, &[ProfileConfirmDelete]),
        ]),
        help(
            &[keys_in(Profiles, &[ProfileSaveAs])],
            "profiles: save the form as a profile (type a name, {}; a taken name asks again)",
        )
        .naming(&[keys_in(ProfileName, &[ProfileNameConfirm])]),
        help(
            &[keys_in(Results, &TABS)],
            "Summary, Body, Headers, Request, Timing",
        ),
        help(
            &[keys_of(&[ToggleExplorer])],
            "endpoint explorer (type to filter; {}: select; {}: run; {}: next field)",
        )
        .naming(&[
            keys_in(Explorer, &[ExplorerMove(-1), ExplorerMove(1)]),
            keys_in(Explorer, &[ExplorerRun]),
            keys_in(Explorer, &[ExplorerNextParam]),
        ]),
        help(
            &[keys_of(&[StartScan])],
            "full scan of every endpoint, 4 at a time; {} stops it",
        )
        .naming(&[keys_in(Explorer, &[Cancel])]),
        help(&[Words("mouse")], "click a field or tab; wheel scrolls"),
        help(&[keys_of(&[ToggleHelp])], "this help"),
        help(&[keys_of(&[Quit])], "quit"),
        help(&[], ""),
        help(&[], "Nothing is sent until you press {}.").naming(&[keys_of(&[Send])]),
    ]
};

/// What the footer offers, by state of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FooterContext {
    /// The help overlay is open.
    Help,
    /// The history overlay is open.
    History,
    /// The explorer is open.
    Explorer,
    /// The saved-history overlay is open.
    Saved,
    /// The profile picker is open.
    Profiles,
    /// The picker asks a name.
    ProfileName,
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
            Overlay::Explorer => Self::Explorer,
            Overlay::Saved => Self::Saved,
            Overlay::Profiles => Self::Profiles,
            Overlay::ProfileName => Self::ProfileName,
            Overlay::None if app.search.editing => Self::Search,
            Overlay::None if app.focus == Focus::Results => Self::Results,
            // Waiting for the browser is waiting too: Esc cancels it.
            Overlay::None
                if app.is_in_flight()
                    || matches!(
                        app.sign_in.phase,
                        super::sign_in::SignInPhase::Waiting { .. }
                    ) =>
            {
                Self::InFlight
            }
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
            Self::Explorer => Explorer,
            Self::Saved => Saved,
            Self::Profiles => Profiles,
            Self::ProfileName => ProfileName,
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

/// Which keys a footer hint shows.
#[derive(Debug, Clone, Copy)]
pub enum HintKeys {
    /// The main key of each action, bound in the footer's context (else everywhere).
    Of(&'static [Action]),
    /// The word `type`: every key a text context does not bind is text (the search prompt).
    Typing,
}

/// One footer hint: whose keys it shows, the label, and how much it matters when the row is
/// too narrow for all (lower numbers are dropped first).
#[derive(Debug, Clone, Copy)]
pub struct FooterHint {
    /// The keys it shows.
    pub keys: HintKeys,
    /// What they do, in a word or two.
    pub label: Label,
    /// Hints with a lower priority give way first when the row is short.
    pub priority: u8,
}

impl FooterHint {
    /// The keys as the footer shows them in `context`, made from [`BINDINGS`].
    #[must_use]
    pub fn key_label(&self, context: Context) -> String {
        match self.keys {
            HintKeys::Of(actions) => names::footer_keys(BINDINGS, context, actions),
            HintKeys::Typing => "type".to_owned(),
        }
    }
}

const fn hint(actions: &'static [Action], label: &'static str, priority: u8) -> FooterHint {
    FooterHint {
        keys: HintKeys::Of(actions),
        label: Label::Fixed(label),
        priority,
    }
}

const fn hint_of(
    actions: &'static [Action],
    label: fn(&App) -> &'static str,
    priority: u8,
) -> FooterHint {
    FooterHint {
        keys: HintKeys::Of(actions),
        label: Label::Of(label),
        priority,
    }
}

fn reveal_label(app: &App) -> &'static str {
    if app.form.reveal { "hide" } else { "reveal" }
}

fn mode_label(app: &App) -> &'static str {
    match app.form.mode {
        super::AuthMode::PersonalAccessToken => "OAuth",
        super::AuthMode::OAuth => "sign in",
        super::AuthMode::SignIn => "token",
    }
}

fn send_label(app: &App) -> &'static str {
    if super::sign_in::enter_signs_in(app) {
        "sign in"
    } else {
        "send"
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
pub const FOOTER: &[(FooterContext, &[FooterHint])] = {
    use Action::{
        ApplyFix, Cancel, ConfirmSearch, CopyCurl, CycleTab, ExplorerMove, ExplorerRun,
        HistoryMove, HistoryOpen, NextField, ProfileDelete, ProfileMove, ProfileNameConfirm,
        ProfileSaveAs, ProfileUse, Quit, SavedMark, SavedMove, SavedOpen, SavedReport, SavedRerun,
        Scroll, SearchNext, Send, StartScan, StartSearch, ToggleAuthMode, ToggleHelp,
        ToggleHistory, ToggleReveal, ToggleWrap,
    };
    &[
        (
            FooterContext::Help,
            &[
                hint(&[Cancel], "close help", 9),
                hint(&[Scroll(-1), Scroll(1)], "scroll", 5),
                hint(&[Quit], "quit", 8),
            ],
        ),
        (
            FooterContext::History,
            &[
                hint(&[HistoryMove(-1), HistoryMove(1)], "select", 8),
                hint(&[HistoryOpen], "show", 9),
                hint(&[Cancel], "close", 9),
            ],
        ),
        (
            FooterContext::Explorer,
            &[
                FooterHint {
                    keys: HintKeys::Typing,
                    label: Label::Fixed("filter"),
                    priority: 6,
                },
                hint(&[ExplorerMove(-1), ExplorerMove(1)], "select", 7),
                hint(&[ExplorerRun], "run", 9),
                hint(&[StartScan], "scan", 8),
                hint(&[Cancel], "back", 9),
            ],
        ),
        (
            FooterContext::Saved,
            &[
                hint(&[SavedMove(-1), SavedMove(1)], "select", 8),
                hint(&[SavedOpen], "open", 9),
                hint(&[SavedMark], "mark/diff", 7),
                hint(&[SavedReport], "report", 6),
                hint(&[SavedRerun], "send again", 5),
                hint(&[Cancel], "back", 9),
            ],
        ),
        (
            FooterContext::Profiles,
            &[
                hint(&[ProfileMove(-1), ProfileMove(1)], "select", 8),
                hint(&[ProfileUse], "use", 9),
                hint(&[ProfileDelete], "delete", 7),
                hint(&[ProfileSaveAs], "save form", 6),
                hint(&[Cancel], "close", 9),
            ],
        ),
        (
            FooterContext::ProfileName,
            &[
                FooterHint {
                    keys: HintKeys::Typing,
                    label: Label::Fixed("profile name"),
                    priority: 7,
                },
                hint(&[ProfileNameConfirm], "save", 9),
                hint(&[Cancel], "back", 9),
            ],
        ),
        (
            FooterContext::Search,
            &[
                FooterHint {
                    keys: HintKeys::Typing,
                    label: Label::Fixed("search the body"),
                    priority: 7,
                },
                hint(&[ConfirmSearch], "find", 9),
                hint(&[Cancel], "close", 9),
            ],
        ),
        (
            FooterContext::Results,
            &[
                hint(&[Scroll(-1), Scroll(1)], "scroll", 7),
                hint(&[CycleTab(false), CycleTab(true)], "tab", 6),
                hint(&[StartSearch], "search", 5),
                hint(&[SearchNext(true)], "next", 1),
                hint_of(&[ToggleWrap], wrap_label, 4),
                hint(&[CopyCurl], "curl", 3),
                hint(&[ToggleHistory], "history", 2),
                hint(&[NextField], "form", 8),
                hint(&[ToggleHelp], "help", 9),
            ],
        ),
        (
            FooterContext::InFlight,
            &[
                hint(&[Cancel], "cancel", 9),
                hint(&[ToggleHelp], "help", 8),
                hint(&[Quit], "quit", 7),
            ],
        ),
        (
            FooterContext::FormWithFix,
            &[
                hint(&[Send], "send", 9),
                hint(&[ApplyFix], "fix", 8),
                hint(&[NextField], "field", 5),
                hint_of(&[ToggleReveal], reveal_label, 4),
                hint(&[ToggleHelp], "help", 7),
                hint(&[Quit], "quit", 6),
            ],
        ),
        (
            FooterContext::Form,
            &[
                hint_of(&[Send], send_label, 9),
                hint(&[NextField], "field", 5),
                hint_of(&[ToggleReveal], reveal_label, 4),
                hint_of(&[ToggleAuthMode], mode_label, 3),
                hint(&[ToggleHelp], "help", 7),
                hint(&[Quit], "quit", 6),
            ],
        ),
    ]
};

/// The footer's hints for an app.
#[must_use]
pub fn footer_hints(app: &App) -> &'static [FooterHint] {
    let context = FooterContext::of(app);
    FOOTER
        .iter()
        .find(|(c, _)| *c == context)
        .map_or(&[], |(_, hints)| hints)
}

/// Every footer hint's key label, made once from [`BINDINGS`] (the tables are constants),
/// in the order of [`FOOTER`].
static FOOTER_KEYS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    FOOTER
        .iter()
        .map(|(footer, hints)| {
            let context = footer.key_context();
            hints.iter().map(|h| h.key_label(context)).collect()
        })
        .collect()
});

/// The key labels of the footer's hints for an app, in the order of [`footer_hints`].
fn footer_key_labels(app: &App) -> &'static [String] {
    let context = FooterContext::of(app);
    FOOTER
        .iter()
        .position(|(c, _)| *c == context)
        .and_then(|i| FOOTER_KEYS.get(i))
        .map_or(&[], Vec::as_slice)
}

/// The footer's hints for an app as `(keys, label)`, in order, as many as fit in `width`
/// columns (joined by ` · ` after a leading space): the lowest priorities are dropped first,
/// so no hint is ever cut in the middle.
#[must_use]
pub fn footer_entries(app: &App, width: usize) -> Vec<(&'static str, &'static str)> {
    use unicode_width::UnicodeWidthStr as _;
    let hints = footer_hints(app);
    let keys = footer_key_labels(app);
    let entries: Vec<(&'static str, &'static str, u8)> = hints
        .iter()
        .zip(keys)
        .map(|(h, k)| (k.as_str(), h.label.text(app), h.priority))
        .collect();
    let mut kept: Vec<bool> = vec![true; entries.len()];
    let cost = |kept: &[bool]| -> usize {
        let shown = entries.iter().zip(kept).filter(|(_, k)| **k);
        let mut total = 1;
        for (i, ((keys, label, _), _)) in shown.enumerate() {
            total += usize::from(i > 0) * 3 + keys.width() + 1 + label.width();
        }
        total
    };
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| entries[i].2);
    for i in order {
        if cost(&kept) <= width {
            break;
        }
        kept[i] = false;
    }
    entries
        .iter()
        .zip(&kept)
        .filter(|(_, k)| **k)
        .map(|((keys, label, _), _)| (*keys, *label))
        .collect()
}

/// The keys bound to `actions` in `context` (else everywhere) as the footer names them
/// (`↑↓`, `Esc`): for text around the screen that names a key, such as the help's title.
#[must_use]
pub fn key_label(context: Context, actions: &[Action]) -> String {
    names::footer_keys(BINDINGS, context, actions)
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
            Overlay::Saved => Saved,
            Overlay::Profiles => Profiles,
            Overlay::ProfileName => ProfileName,
            Overlay::Help => Help,
            Overlay::Explorer => Explorer,
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
        .find(|b| b.all_keys().any(|k| k.matches(key)))
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

mod names;

#[cfg(test)]
mod tests;
