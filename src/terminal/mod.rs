//! Terminal set-up and restoration. The terminal is restored on every way out: normal quit,
//! error (the guard's `Drop`), panic (the hook) and signals (the runtime turns them into a
//! normal quit). [`events`] turns the terminal's events into the app's messages.

pub mod events;

use std::io::{self, Stdout, stdout};
use std::panic;

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// The terminal the app draws on.
pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped, so an early return or `?` cannot leave it raw.
#[derive(Debug)]
pub struct TerminalGuard {
    _private: (),
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        // Nothing useful can be done about a failure here: the process is leaving.
        let _ = restore();
    }
}

/// Switches to raw mode and the alternate screen with bracketed paste and mouse reporting,
/// and installs a panic hook that restores the terminal before the panic is printed.
///
/// # Errors
/// When the terminal cannot be set up; it is restored before returning.
pub fn init() -> io::Result<(Tui, TerminalGuard)> {
    install_panic_hook();
    let guard = TerminalGuard { _private: () };
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture
    )?;
    let terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    Ok((terminal, guard))
}

/// Leaves raw mode and the alternate screen and shows the cursor. Safe to call twice.
///
/// # Errors
/// When writing to the terminal fails.
pub fn restore() -> io::Result<()> {
    let result = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    disable_raw_mode()?;
    result
}

fn install_panic_hook() {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let _ = restore();
        previous(info);
    }));
}
