//! Colours and symbols shared by the panels, so that a status class or a severity looks the
//! same everywhere.

use ratatui::style::{Color, Modifier, Style};

use crate::diagnose::Severity;

/// Style of a status code by class.
#[must_use]
pub fn status_style(status: u16) -> Style {
    let color = match status {
        200..=299 => Color::Green,
        300..=399 => Color::Cyan,
        400..=499 => Color::Yellow,
        _ => Color::Red,
    };
    Style::new().fg(color).add_modifier(Modifier::BOLD)
}

/// Style for a transport failure.
#[must_use]
pub fn failure_style() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

/// Symbol and style of a severity.
#[must_use]
pub fn severity(severity: Severity) -> (&'static str, Style) {
    match severity {
        Severity::Ok => ("✓", Style::new().fg(Color::Green)),
        Severity::Info => ("i", Style::new().fg(Color::Blue)),
        Severity::Warning => ("!", Style::new().fg(Color::Yellow)),
        Severity::Error => ("✗", Style::new().fg(Color::Red)),
    }
}

/// Labels in the form and the account panel.
#[must_use]
pub fn label() -> Style {
    Style::new().fg(Color::Gray)
}

/// Hints and secondary text.
#[must_use]
pub fn dim() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

/// Keys in the footer and help.
#[must_use]
pub fn key() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

/// Spinner frames while a request is in flight.
pub const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
