//! Key names for the help and the footer, made from a binding table: a help line or a footer
//! hint names actions, and this finds the keys bound to them and writes their names, so a
//! rebinding shows in the key mapping, the help and the footer at once.

use super::{Action, Binding, BoundKey, Context, KeySource, Needs};
use crate::app::keys::{Key, edit_key};

/// What the help adds after keys it took from the results' bindings only: elsewhere (in a
/// field) the same keys are text.
const IN_THE_RESULTS: &str = " (in the results)";

/// The help's key column for `sources`: each source's names joined by `, `, runs written
/// short (`Alt+1…5`), keys bound only in the results marked so.
pub fn help_keys(bindings: &[Binding], sources: &[KeySource]) -> String {
    let mut parts = Vec::new();
    for source in sources {
        let names = source_names(bindings, source);
        if names.is_empty() {
            continue;
        }
        let mut part = names.join(", ");
        if let KeySource::Bound {
            context: Some(Context::Results),
            ..
        } = source
        {
            part.push_str(IN_THE_RESULTS);
        }
        parts.push(part);
    }
    parts.join(", ")
}

/// `text` with each `{}` replaced, in order, by the names of the keys of `sources`.
pub fn help_text(bindings: &[Binding], text: &str, sources: &[KeySource]) -> String {
    let mut pieces = text.split("{}");
    let mut filled = pieces.next().unwrap_or_default().to_owned();
    let mut sources = sources.iter();
    for piece in pieces {
        match sources.next() {
            Some(source) => filled.push_str(&source_names(bindings, source).join(", ")),
            // A test keeps placeholders and sources in step; shown as is if they are not.
            None => filled.push_str("{}"),
        }
        filled.push_str(piece);
    }
    filled
}

/// The footer's label for `actions` in `context`: the main (first) key of each, bound in
/// `context`, else everywhere (so `←→` in the results rather than F3/F4); arrows side by side
/// (`↑↓`), other keys joined by `/`.
pub fn footer_keys(bindings: &[Binding], context: Context, actions: &[Action]) -> String {
    let keys: Vec<BoundKey> = actions
        .iter()
        .filter_map(|action| main_key(bindings, context, *action))
        .collect();
    let arrows = keys
        .iter()
        .all(|k| k.needs == Needs::Any && k.code.arrow().is_some());
    let names: Vec<String> = keys.iter().map(|k| k.short_name()).collect();
    names.join(if arrows { "" } else { "/" })
}

/// The first advertised key of the first binding of `action` in `context`, else everywhere.
fn main_key(bindings: &[Binding], context: Context, action: Action) -> Option<BoundKey> {
    [context, Context::Everywhere].into_iter().find_map(|c| {
        bindings
            .iter()
            .filter(|b| b.context == c && b.action == action)
            .find_map(|b| b.keys.first().copied())
    })
}

/// The names of a source's keys, in order, each once, runs written short.
fn source_names(bindings: &[Binding], source: &KeySource) -> Vec<String> {
    let names: Vec<String> = match source {
        KeySource::Bound { context, actions } => actions
            .iter()
            .flat_map(|action| {
                bindings
                    .iter()
                    .filter(move |b| b.action == *action && context.is_none_or(|c| c == b.context))
            })
            .flat_map(|b| b.keys)
            .map(|k| k.name())
            .collect(),
        KeySource::Edits(edits) => edits
            .iter()
            .filter_map(|edit| edit_key(*edit))
            .map(Key::name)
            .collect(),
        KeySource::Words(words) => vec![(*words).to_owned()],
    };
    let mut once: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        if !once.contains(&name) {
            once.push(name);
        }
    }
    compact_runs(&once)
}

/// Three or more names in a row that differ only in a last digit counting up by one are
/// written as the first and the last digit: `Alt+1, Alt+2, Alt+3` as `Alt+1…3`.
fn compact_runs(names: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < names.len() {
        let mut end = start + 1;
        while end < names.len() && follows(&names[end - 1], &names[end]) {
            end += 1;
        }
        match split_digit(&names[end - 1]) {
            Some((_, last)) if end - start >= 3 => {
                out.push(format!("{}…{last}", names[start]));
            }
            _ => out.extend_from_slice(&names[start..end]),
        }
        start = end;
    }
    out
}

/// Whether `next` is `previous` with its last digit one higher.
fn follows(previous: &str, next: &str) -> bool {
    match (split_digit(previous), split_digit(next)) {
        (Some((a, m)), Some((b, n))) => a == b && n == m + 1,
        _ => false,
    }
}

/// A name's text before its last character, and that character when it is a digit.
fn split_digit(name: &str) -> Option<(&str, u32)> {
    let last = name.chars().next_back()?;
    let digit = last.to_digit(10)?;
    Some((&name[..name.len() - last.len_utf8()], digit))
}
