//! Rendering tests: the screen for each state and outcome, drawn on a `TestBackend` and
//! compared with reviewed snapshots (`tests/snapshots/`).

mod common;

use common::*;
use insta::assert_snapshot;
use sipgate_inspect::api::{TlsProblem, TransportErrorKind};
use sipgate_inspect::app::{ApiTarget, App, Overlay, RequestState, update};
use sipgate_inspect::app::{
    BackgroundMessage, FormMessage, Message, NavigationMessage, OverlayMessage, RequestMessage,
};

const ACCOUNT: &str = r#"{"company":"Love sipgate","mainProductType":"TEAM","logoUrl":"https://example.invalid/logo.png","verified":true,"historyLifeTime":"THIRTY_DAYS"}"#;

#[test]
fn idle() {
    assert_snapshot!(draw(&mut app(), 100, 30).backend());
}

#[test]
fn idle_at_80x24() {
    assert_snapshot!(draw(&mut app(), 80, 24).backend());
}

#[test]
fn in_flight() {
    assert_snapshot!(draw(&mut app_in_flight(), 100, 30).backend());
}

#[test]
fn success_200() {
    let mut app = app_with(answered(
        200,
        "OK",
        &[("content-type", "application/json")],
        ACCOUNT,
    ));
    assert_snapshot!(draw(&mut app, 100, 30).backend());
}

#[test]
fn success_with_unknown_values_and_fields() {
    let body = r#"{"company":"Neu GmbH","mainProductType":"GALAXY","verified":false,"historyLifeTime":"FOREVER","billingRegion":"EU"}"#;
    let mut app = app_with(answered(200, "OK", &[], body));
    assert_snapshot!(draw(&mut app, 100, 30).backend());
}

#[test]
fn unauthorized_401() {
    let body =
        r#"{"errors":[{"status":401,"title":"Unauthorized","detail":"Invalid token supplied"}]}"#;
    let mut app = app_with(answered(401, "Unauthorized", &[], body));
    assert_snapshot!(draw(&mut app, 100, 30).backend());
}

#[test]
fn forbidden_403_with_body() {
    let body = r#"{"errors":[{"status":403,"title":"Forbidden","detail":"The token lacks the scope account:read required by GET /account"}]}"#;
    let mut app = app_with(answered(403, "Forbidden", &[], body));
    assert_snapshot!(draw(&mut app, 100, 30).backend());
}

#[test]
fn not_json_200() {
    let body = "<html><body><h1>Hotel Wi-Fi</h1>Please log in</body></html>";
    let mut app = app_with(answered(200, "OK", &[("content-type", "text/html")], body));
    assert_snapshot!(draw(&mut app, 100, 30).backend());
}

#[test]
fn transport_error_connection_refused() {
    let mut app = app_with(failed(
        TransportErrorKind::ConnectionRefused,
        "connection refused",
        &[
            "error sending request for url (http://127.0.0.1:8080/v2/account)",
            "client error (Connect)",
            "tcp connect error",
            "Connection refused (os error 111)",
        ],
    ));
    assert_snapshot!(draw(&mut app, 100, 30).backend());
}

#[test]
fn transport_error_tls_unknown_issuer() {
    let mut app = app_with(failed(
        TransportErrorKind::Tls(TlsProblem::UnknownIssuer),
        "TLS: certificate issued by an unknown authority",
        &[],
    ));
    assert_snapshot!(draw(&mut app, 80, 24).backend());
}

#[test]
fn in_flight_with_a_long_base_url_at_80x24() {
    let mut app = App::new(
        sipgate_inspect::api::BaseUrl::parse(
            "http://sipgate-api-gateway.internal.example.com:8443/proxy/sipgate/v2",
            true,
        )
        .expect("base"),
        ApiTarget::Real,
    )
    .with_form(sipgate_inspect::app::Form::prefilled(
        Some(TOKEN_ID.into()),
        Some(TOKEN.into()),
        None,
    ));
    update(&mut app, RequestMessage::Send, now());
    if let RequestState::InFlight { elapsed, frame, .. } = &mut app.request {
        *elapsed = std::time::Duration::from_millis(1200);
        *frame = 3;
    }
    let text = buffer_text(draw(&mut app, 80, 24).backend().buffer());
    let status = text.lines().nth(5).expect("the status row");
    assert!(
        status.contains("…") && status.contains("· 1.2 s · Esc cancels"),
        "{status}"
    );
}

#[test]
fn blocked_by_empty_fields() {
    let mut app = App::new(base(), ApiTarget::Real);
    update(&mut app, RequestMessage::Send, now());
    assert_snapshot!(draw(&mut app, 100, 30).backend());
}

#[test]
fn revealed_token() {
    let mut app = app();
    update(&mut app, FormMessage::ToggleReveal, now());
    let terminal = draw(&mut app, 100, 30);
    assert!(buffer_text(terminal.backend().buffer()).contains(TOKEN));
    assert_snapshot!(terminal.backend());
}

#[test]
fn oauth_mode() {
    let mut app = app();
    update(&mut app, FormMessage::ToggleAuthMode, now());
    assert_snapshot!(draw(&mut app, 100, 30).backend());
}

#[test]
fn help_overlay_in_demo_mode() {
    let mut app = App::new(base(), ApiTarget::Demo)
        .with_demo_help(sipgate_inspect::runtime::demo_help_at(1_800_000_000));
    app.overlay = Overlay::Help;
    assert_snapshot!(draw(&mut app, 120, 40).backend());
}

#[test]
fn tiny_terminal() {
    let mut app = app_with(answered(200, "OK", &[], ACCOUNT));
    assert_snapshot!(draw(&mut app, 20, 6).backend());
}

#[test]
fn narrow_terminal_stacks_panels() {
    let body =
        r#"{"errors":[{"status":401,"title":"Unauthorized","detail":"Invalid token supplied"}]}"#;
    let mut app = app_with(answered(401, "Unauthorized", &[], body));
    assert_snapshot!(draw(&mut app, 60, 30).backend());
}

#[test]
fn masked_token_never_appears_in_any_state() {
    let states: Vec<App> = vec![
        app(),
        app_in_flight(),
        app_with(answered(200, "OK", &[], ACCOUNT)),
        app_with(answered(401, "Unauthorized", &[], "")),
        app_with(failed(
            TransportErrorKind::Timeout,
            "no complete response within 15 s",
            &[],
        )),
    ];
    for mut app in states {
        for (w, h) in [(100, 30), (80, 24), (60, 20), (20, 6), (200, 60)] {
            let text = buffer_text(draw(&mut app, w, h).backend().buffer());
            assert!(!text.contains(TOKEN), "token visible at {w}x{h}:\n{text}");
            assert!(
                !text.contains(&TOKEN[..8]),
                "token prefix visible at {w}x{h}"
            );
        }
    }
}

#[test]
fn swapped_fields_warn_above_the_previous_result() {
    let mut app = app_with(answered(401, "Unauthorized", &[], ""));
    app.form =
        sipgate_inspect::app::Form::prefilled(Some(TOKEN.into()), Some(TOKEN_ID.into()), None);
    let terminal = draw(&mut app, 100, 30);
    let text = buffer_text(terminal.backend().buffer());
    assert!(text.contains("Ctrl+T fix"), "{text}");
    assert_snapshot!(terminal.backend());
}

mod tabs {
    use super::*;
    use sipgate_inspect::app::{Focus, Tab};

    fn answered_app() -> App {
        app_with(answered(
            200,
            "OK",
            &[
                ("content-type", "application/json"),
                ("x-request-id", "demo-1"),
            ],
            ACCOUNT,
        ))
    }

    fn on(mut app: App, tab: Tab) -> App {
        update(&mut app, NavigationMessage::SelectTab(tab), now());
        app
    }

    #[test]
    fn summary_scope_matrix_all_granted() {
        let mut app = answered_app();
        answer_probes(&mut app, &all_probes());
        assert_snapshot!(draw(&mut app, 120, 40).backend());
    }

    #[test]
    fn summary_scope_matrix_mixed() {
        let mut app = answered_app();
        answer_probes(
            &mut app,
            &[probe("/authorization/userinfo"), probe("/users")],
        );
        assert_snapshot!(draw(&mut app, 120, 40).backend());
    }

    #[test]
    fn summary_scope_matrix_all_denied_after_a_403() {
        let body = r#"{"errors":[{"status":403,"title":"Forbidden","detail":"The token lacks the scope account:read"}]}"#;
        let mut app = app_with(answered(403, "Forbidden", &[], body));
        answer_probes(&mut app, &[]);
        assert_snapshot!(draw(&mut app, 120, 40).backend());
    }

    #[test]
    fn summary_while_probes_run() {
        let mut app = answered_app();
        assert_snapshot!(draw(&mut app, 120, 40).backend());
    }

    #[test]
    fn body_tab_with_a_search() {
        let mut app = on(answered_app(), Tab::Body);
        update(&mut app, NavigationMessage::StartSearch, now());
        update(&mut app, FormMessage::Paste("sipgate".into()), now());
        update(&mut app, NavigationMessage::ConfirmSearch, now());
        assert_snapshot!(draw(&mut app, 100, 30).backend());
    }

    #[test]
    fn headers_tab() {
        let mut app = on(answered_app(), Tab::Headers);
        assert_snapshot!(draw(&mut app, 100, 30).backend());
    }

    #[test]
    fn request_tab_with_curl() {
        let mut app = on(answered_app(), Tab::Request);
        let terminal = draw(&mut app, 100, 30);
        let text = buffer_text(terminal.backend().buffer());
        assert!(text.contains("$SIPGATE_TOKEN_ID:$SIPGATE_TOKEN"), "{text}");
        assert!(!text.contains(TOKEN));
        assert_snapshot!(terminal.backend());
    }

    /// Pins the clock-derived values (when each probe started, when an attempt was sent) so
    /// that the screens that show them are the same on every run.
    fn pin_clocks(app: &mut App) {
        let sent_at = app.completed().expect("a result").sent_at;
        for attempt in &mut app.history {
            attempt.at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_796_000_000);
            if let Some(probes) = &mut attempt.probes {
                for (i, state) in probes.states.iter_mut().enumerate() {
                    if let sipgate_inspect::app::ProbeState::Done { started, .. } = state {
                        // Four probes leave together 45 ms after /account; devices follows
                        // userinfo's answer.
                        let offset = if i == 4 { 70 } else { 45 };
                        *started = sent_at + std::time::Duration::from_millis(offset);
                    }
                }
            }
        }
    }

    #[test]
    fn timing_tab_with_probe_waterfall() {
        let mut app = answered_app();
        answer_probes(&mut app, &all_probes());
        let mut app = on(app, Tab::Timing);
        pin_clocks(&mut app);
        let terminal = draw(&mut app, 120, 40);
        let text = buffer_text(terminal.backend().buffer());
        for probe in all_probes() {
            assert!(text.contains(probe.label()), "{text}");
        }
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn history_overlay() {
        let mut app = answered_app();
        update(&mut app, RequestMessage::Send, now());
        update(&mut app, Message::Cancel, now());
        update(&mut app, OverlayMessage::ToggleHistory, now());
        pin_clocks_of_history(&mut app);
        let terminal = draw(&mut app, 100, 30);
        let text = buffer_text(terminal.backend().buffer());
        assert!(
            text.contains("200 OK") && text.contains("cancelled"),
            "{text}"
        );
        assert_snapshot!(terminal.backend());
    }

    fn pin_clocks_of_history(app: &mut App) {
        if let RequestState::Cancelled { after, .. } = &mut app.request {
            *after = std::time::Duration::from_millis(1200);
        }
        for attempt in &mut app.history {
            attempt.at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_796_000_000);
            if let sipgate_inspect::app::AttemptOutcome::Cancelled(after) = &mut attempt.outcome {
                *after = std::time::Duration::from_millis(1200);
            }
        }
    }

    #[test]
    fn results_focused_at_80x24() {
        let mut app = answered_app();
        answer_probes(
            &mut app,
            &[probe("/authorization/userinfo"), probe("/balance")],
        );
        app.focus = Focus::Results;
        assert_snapshot!(draw(&mut app, 80, 24).backend());
    }

    #[test]
    fn no_color_keeps_emphasis_but_no_colours() {
        let mut app = App::new(base(), ApiTarget::Demo);
        app.color = false;
        let terminal = draw(&mut app, 100, 30);
        for cell in &terminal.backend().buffer().content {
            assert_eq!(cell.fg, ratatui::style::Color::Reset);
            assert_eq!(cell.bg, ratatui::style::Color::Reset);
        }
        let badge = terminal
            .backend()
            .buffer()
            .content
            .iter()
            .find(|c| c.symbol() == "D")
            .expect("the DEMO badge");
        assert!(badge.modifier.contains(ratatui::style::Modifier::REVERSED));
    }

    /// The row of the screen that holds `needle`, for assertions on one line.
    fn row_with<'a>(text: &'a str, needle: &str) -> &'a str {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no row with {needle:?} in:\n{text}"))
    }

    #[test]
    fn summary_limited_token_at_80x24() {
        let account = r#"{"company":"Love sipgate","mainProductType":"TEAM","logoUrl":"https://static.sipgate.example/logos/love-sipgate.png","verified":true,"historyLifeTime":"THIRTY_DAYS"}"#;
        let mut app = app_with(answered(200, "OK", &[], account));
        answer_probes(
            &mut app,
            &[probe("/authorization/userinfo"), probe("/balance")],
        );
        // The scope names are what the matrix exists to show: each one whole, on the first
        // screen or one scroll further.
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        app.scroll[0] = 10;
        let mut further = buffer_text(draw(&mut app, 80, 24).backend().buffer());
        app.scroll[0] = 20;
        further.push_str(&buffer_text(draw(&mut app, 80, 24).backend().buffer()));
        for scope in [
            "account:read",
            "no scope",
            "balance:read",
            "users:read",
            "numbers:read",
            "devices:read",
            "groups:read",
            "phonelines:read",
            "history:read",
            "contacts:read",
        ] {
            assert!(
                text.contains(scope) || further.contains(scope),
                "{scope} missing:\n{text}\n{further}"
            );
        }
        assert!(text.contains("30 days (THIRTY_DAYS)"), "{text}");
        assert!(
            row_with(&text, "Logo URL").contains("https://static.sipgate.exam…"),
            "{text}"
        );
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn request_tab_at_80x24() {
        let mut app = on(answered_app(), Tab::Request);
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        assert!(text.contains("→"), "{text}");
        assert!(text.contains("token-FQ1V12:••••"), "{text}");
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn status_403_at_80x24() {
        let body = r#"{"errors":[{"status":403,"title":"Forbidden","detail":"The token lacks the scope account:read required by GET /account"}]}"#;
        let mut app = app_with(answered(403, "Forbidden", &[], body));
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        assert!(
            row_with(&text, "No account in a 403").contains("see"),
            "{text}"
        );
        assert!(text.contains("Troubleshooting."), "{text}");
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn timing_plain_http_at_80x24() {
        let mut app = answered_app();
        answer_probes(&mut app, &all_probes());
        let mut app = on(app, Tab::Timing);
        pin_clocks(&mut app);
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        app.scroll[4] = 12;
        let further = buffer_text(draw(&mut app, 80, 24).backend().buffer());
        assert!(
            row_with(&text, "Headers").contains("(connect, server)"),
            "{text}"
        );
        assert!(!text.contains("TLS"), "no TLS over http://:\n{text}");
        // Every probe on the first screen or one scroll further.
        for probe in all_probes() {
            assert!(
                text.contains(probe.label()) || further.contains(probe.label()),
                "{}:\n{text}\n{further}",
                probe.label()
            );
        }
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn timing_over_https_names_tls() {
        let mut completed = answered(200, "OK", &[], ACCOUNT);
        completed.inspection.exchange.request.url = "https://api.sipgate.com/v2/account".into();
        let mut app = on(app_with(completed), Tab::Timing);
        let text = buffer_text(draw(&mut app, 80, 24).backend().buffer());
        assert!(
            row_with(&text, "Headers").contains("(connect, TLS, server)"),
            "{text}"
        );
    }

    #[test]
    fn history_at_80x24() {
        let mut app = app_with(answered(500, "Internal Server Error", &[], ""));
        update(&mut app, RequestMessage::Send, now());
        update(&mut app, Message::Cancel, now());
        update(&mut app, OverlayMessage::ToggleHistory, now());
        pin_clocks_of_history(&mut app);
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        assert!(text.contains("500 Internal Server Error"), "{text}");
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn status_of_an_older_attempt_at_80x24() {
        let mut app = app_with(answered(500, "Internal Server Error", &[], ""));
        let id = update(&mut app, RequestMessage::Send, now())
            .iter()
            .find_map(|e| match e {
                sipgate_inspect::app::Effect::Send { id, .. } => Some(*id),
                _ => None,
            })
            .expect("sent");
        update(
            &mut app,
            BackgroundMessage::Finished {
                id,
                completed: answered(200, "OK", &[], ACCOUNT),
            },
            now(),
        );
        update(&mut app, OverlayMessage::ToggleHistory, now());
        update(&mut app, OverlayMessage::HistoryMove(-1), now());
        update(&mut app, OverlayMessage::HistoryOpen, now());
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        let status = row_with(&text, "500 Internal Server Error");
        assert!(
            status.contains("attempt #1 from the history (F6)"),
            "{text}"
        );
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn status_dns_error_at_80x24() {
        let mut app = app_with(failed(
            TransportErrorKind::Dns,
            "DNS: api.sipgate.example could not be resolved (failed to lookup address information: Name or service not known)",
            &[],
        ));
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        let status = row_with(&text, "No response").trim_end();
        assert!(status.contains("3.0 ms"), "the time is kept: {status}");
        assert!(status.ends_with('…'), "the cut is marked: {status}");
        assert_snapshot!(terminal.backend());
    }
}

/// Issue #16, "What a new user meets": each case at 80×24 (and 40×12), named after it.
mod issue16 {
    use super::*;
    use ratatui::style::Color;
    use sipgate_inspect::api::AuthScheme;
    use sipgate_inspect::app::{Effect, Focus, Form, Tab};

    /// A `token-BROKEN`-like body: one line of cut-off JSON, too wide for the panel.
    const ONE_LINE: &str = r#"{"company":"Love sipgate","mainProductType":"TEAM","logoUrl":"https://example.invalid/logo.png","verified":true,"historyLifeTime":"THIRTY_DA"#;

    fn body_tab(app: &mut App) {
        app.focus = Focus::Results;
        update(app, NavigationMessage::SelectTab(Tab::Body), now());
    }

    fn rows_with<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
        text.lines().filter(|l| l.contains(needle)).collect()
    }

    #[test]
    fn body_wraps_a_one_line_body_at_80x24() {
        let mut app = app_with(answered(200, "OK", &[], ONE_LINE));
        body_tab(&mut app);
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        assert!(text.contains(r#""THIRTY_DA "#), "the end shows: {text}");
        assert!(text.contains(" w no wrap "), "{text}");
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn body_cut_marks_the_edge_at_80x24() {
        let mut app = app_with(answered(200, "OK", &[], ONE_LINE));
        body_tab(&mut app);
        update(&mut app, NavigationMessage::ToggleWrap, now());
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        assert_eq!(rows_with(&text, "{\"company\"").len(), 1, "{text}");
        assert!(
            rows_with(&text, "{\"company\"")[0].contains("…│"),
            "the cut is marked: {text}"
        );
        assert!(text.contains(" w wrap "), "{text}");
        assert_snapshot!(terminal.backend());
    }

    fn demo_help_app() -> App {
        let mut app = App::new(base(), ApiTarget::Demo)
            .with_demo_help(sipgate_inspect::runtime::demo_help_at(1_800_000_000));
        update(&mut app, OverlayMessage::ToggleHelp, now());
        app
    }

    #[test]
    fn help_fits_at_80x24() {
        let mut app = demo_help_app();
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        assert!(text.contains("(a request still running is"), "{text}");
        assert!(text.contains("cancelled)"), "wrapped, not cut: {text}");
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn help_fits_at_80x24_to_its_last_line() {
        let mut app = demo_help_app();
        draw(&mut app, 80, 24);
        update(&mut app, NavigationMessage::Scroll(i32::MAX), now());
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        assert!(text.contains("jwt-third-party"), "{text}");
        assert!(text.contains("Any other credentials: 401."), "{text}");
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn help_scrolls_on_the_first_up_after_a_resize() {
        let mut app = demo_help_app();
        draw(&mut app, 80, 24);
        update(&mut app, NavigationMessage::Scroll(i32::MAX), now());
        draw(&mut app, 80, 24);
        let at_80x24 = app.help_scroll;
        update(
            &mut app,
            Message::Resize {
                width: 100,
                height: 40,
            },
            now(),
        );
        let before = buffer_text(draw(&mut app, 100, 40).backend().buffer());
        let bottom = app.help_scroll;
        assert!(bottom < at_80x24, "wider and taller: less to scroll");
        update(&mut app, NavigationMessage::Scroll(-1), now());
        let after = buffer_text(draw(&mut app, 100, 40).backend().buffer());
        assert_eq!(app.help_scroll, bottom - 1);
        assert_ne!(before, after, "the first Up moves the help");
    }

    #[test]
    fn results_at_40x12() {
        let body = r#"{"errors":[{"status":401,"title":"Unauthorized","detail":"Invalid token supplied"}]}"#;
        let mut app = app_with(answered(401, "Unauthorized", &[], body));
        let terminal = draw(&mut app, 40, 12);
        let text = buffer_text(terminal.backend().buffer());
        assert!(text.contains("Enlarge the terminal for details"), "{text}");
        assert!(!text.contains("1–0"), "{text}");
        assert!(!app.layout.panels);
        assert_snapshot!(terminal.backend());
        app.focus = sipgate_inspect::app::Focus::Results;
        let text = buffer_text(draw(&mut app, 40, 12).backend().buffer());
        assert!(
            text.contains(" Focus: the Summary tab (Tab: the form)"),
            "{text}"
        );
    }

    #[test]
    fn focus_is_shown_after_f4_in_the_form_at_80x24() {
        let mut app = app_with(answered(200, "OK", &[], ACCOUNT));
        update(&mut app, NavigationMessage::CycleTab(true), now());
        assert_eq!(app.focus, Focus::Form);
        let terminal = draw(&mut app, 80, 24);
        let buffer = terminal.backend().buffer();
        // The form's top-left corner (row 1) is lit, the results' (row 6) is not.
        assert_eq!(buffer[(0, 1)].fg, Color::Cyan);
        assert_eq!(buffer[(0, 6)].fg, Color::Reset);
        app.focus = Focus::Results;
        let terminal = draw(&mut app, 80, 24);
        let buffer = terminal.backend().buffer();
        assert_eq!(buffer[(0, 1)].fg, Color::Reset);
        assert_eq!(buffer[(0, 6)].fg, Color::Cyan);
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn esc_closes_a_search_that_has_run_at_80x24() {
        let mut app = app_with(answered(200, "OK", &[], ACCOUNT));
        app.focus = Focus::Results;
        update(&mut app, NavigationMessage::StartSearch, now());
        update(
            &mut app,
            Message::Form(FormMessage::Paste("sip".into())),
            now(),
        );
        update(&mut app, NavigationMessage::ConfirmSearch, now());
        let text = buffer_text(draw(&mut app, 80, 24).backend().buffer());
        assert!(text.contains("/sip  match 1 of 1"), "{text}");
        update(&mut app, Message::Cancel, now());
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        assert!(!text.contains("/sip"), "{text}");
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn footer_follows_the_state_at_80x24() {
        let mut app = App::new(base(), ApiTarget::Real).with_form(Form::prefilled(
            None,
            None,
            Some("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl".into()),
        ));
        update(&mut app, FormMessage::ToggleReveal, now());
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        let footer = text.lines().last().expect("footer");
        // F2 goes on to the sign-in mode from here.
        assert!(footer.contains("Ctrl+R hide · F2 sign in"), "{footer}");
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn request_tab_shows_what_f5_copies_at_80x24() {
        let mut exchange = builders::exchange().body("{}").build();
        exchange.request.scheme = AuthScheme::Bearer;
        exchange.request.token_id = None;
        exchange.request.authorization = "Bearer eyJh…".into();
        let mut app = app_with(builders::completed(exchange));
        // The form is in token mode; the attempt shown was sent as Bearer.
        assert_eq!(
            app.form.mode,
            sipgate_inspect::app::AuthMode::PersonalAccessToken
        );
        let effects = update(&mut app, RequestMessage::CopyCurl, now());
        let [Effect::Copy(command)] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        assert!(
            command.contains(r#"--oauth2-bearer "$SIPGATE_ACCESS_TOKEN""#),
            "{command}"
        );
        assert_eq!(app.tab, Tab::Request);
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        assert!(text.contains("--oauth2-bearer"), "{text}");
        assert!(!text.contains("$SIPGATE_TOKEN_ID"), "{text}");
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn blocked_enter_says_why_at_80x24() {
        let mut app = app_with(answered(200, "OK", &[], ACCOUNT));
        app.form.token = sipgate_inspect::app::SecretInput::new(String::new());
        update(&mut app, RequestMessage::Send, now());
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        let status = text.lines().nth(5).expect("status row");
        assert_eq!(
            status.trim_end(),
            " Not sent: Token is empty (see Troubleshooting)"
        );
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn status_for_the_previous_credentials_at_80x24() {
        let mut app = app_with(answered(200, "OK", &[], ACCOUNT));
        update(
            &mut app,
            FormMessage::Edit(tui_input::InputRequest::DeletePrevChar),
            now(),
        );
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        let status = text.lines().nth(5).expect("status row");
        assert_eq!(
            status.trim_end(),
            " 200 OK · 42 ms · for the previous credentials (Enter to send these)"
        );
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn history_with_27_attempts_at_80x24() {
        let mut app = app();
        for _ in 0..27 {
            update(&mut app, RequestMessage::Send, now());
        }
        update(&mut app, OverlayMessage::ToggleHistory, now());
        draw(&mut app, 80, 24);
        update(&mut app, OverlayMessage::HistoryMove(-1), now());
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        assert!(
            text.contains("│  27  08:00:00"),
            "#27 stays in view: {text}"
        );
        assert!(text.contains("│  26  08:00:00"), "{text}");
        assert_eq!(app.history_cursor, 25);
        assert_snapshot!(terminal.backend());
    }
}

/// Issue #11: what an OAuth token carries, in the Summary, with its live countdown.
mod token_claims {
    use super::*;
    use sipgate_inspect::app::{BackgroundMessage, Effect, Form, RequestMessage};

    /// A JWT (header `{"alg":"RS256"}`, placeholder signature) whose payload, written out by
    /// hand, is `{"iss":"https://login.sipgate.com/auth/realms/sipgate-apps","azp":"my-crm",
    /// "scope":"openid account:read users:read","iat":1800000000,"exp":1800000300,
    /// "featureScope":"NEO_PBX"}`: issued at the tests' `now()`, valid 300 s as sipgate's are.
    const JWT: &str = concat!(
        "eyJhbGciOiJSUzI1NiJ9.",
        "eyJpc3MiOiJodHRwczovL2xvZ2luLnNpcGdhdGUuY29tL2F1dGgvcmVhbG1zL3NpcGdhdGUtYXBwcyIsImF6cCI6",
        "Im15LWNybSIsInNjb3BlIjoib3BlbmlkIGFjY291bnQ6cmVhZCB1c2VyczpyZWFkIiwiaWF0IjoxODAwMDAwMDAw",
        "LCJleHAiOjE4MDAwMDAzMDAsImZlYXR1cmVTY29wZSI6Ik5FT19QQlgifQ",
        ".c2lnbmF0dXJl"
    );

    /// The app in Bearer mode with [`JWT`], its `/account` answered 200, at `ms` after `now()`.
    fn bearer_app_at(ms: u64) -> App {
        let mut app = App::new(base(), ApiTarget::Real).with_form(Form::prefilled(
            None,
            None,
            Some(JWT.into()),
        ));
        let id = update(&mut app, RequestMessage::Send, now())
            .iter()
            .find_map(|e| match e {
                Effect::Send { id, .. } => Some(*id),
                _ => None,
            })
            .expect("sent");
        // The answer to a Bearer request, as the client summarises one.
        let mut exchange = common::builders::exchange()
            .headers([("content-type", "application/json")])
            .body(ACCOUNT)
            .build();
        exchange.request.scheme = sipgate_inspect::api::AuthScheme::Bearer;
        exchange.request.token_id = None;
        exchange.request.authorization = "Bearer ••••".into();
        let completed = common::builders::completed(exchange);
        update(
            &mut app,
            BackgroundMessage::Finished { id, completed },
            now(),
        );
        update(&mut app, BackgroundMessage::Tick, later(ms));
        app
    }

    #[test]
    fn summary_shows_the_decoded_jwt_and_its_countdown_at_80x24() {
        let mut app = bearer_app_at(55_000);
        let terminal = draw(&mut app, 80, 24);
        let text = buffer_text(terminal.backend().buffer());
        assert!(text.contains("NEO_PBX"), "{text}");
        assert!(text.contains("(in 4 min 5 s)"), "{text}");
        assert!(
            !text.contains("c2lnbmF0dXJl"),
            "never the signature: {text}"
        );
        assert!(!text.contains("eyJ"), "never the token: {text}");
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn summary_shows_the_decoded_jwt_and_its_countdown_wide() {
        let mut app = bearer_app_at(55_000);
        let terminal = draw(&mut app, 140, 40);
        let text = buffer_text(terminal.backend().buffer());
        assert!(
            text.contains("realm        sipgate-apps (sipgate)"),
            "{text}"
        );
        assert!(text.contains("openid account:read users:read"), "{text}");
        assert_snapshot!(terminal.backend());
    }

    #[test]
    fn the_countdown_follows_the_clock_and_says_when_it_expired() {
        let app = bearer_app_at(299_000);
        assert!(app.token_counting_down());
        let text = buffer_text(
            draw(&mut bearer_app_at(299_000), 140, 40)
                .backend()
                .buffer(),
        );
        assert!(text.contains("2027-01-15 08:05:00 UTC (in 1 s)"), "{text}");
        let text = buffer_text(
            draw(&mut bearer_app_at(3_600_000), 140, 40)
                .backend()
                .buffer(),
        );
        assert!(
            text.contains("2027-01-15 08:05:00 UTC (expired 55 min 0 s ago)"),
            "{text}"
        );
        // Before sending (an expired token is never sent), the claims say why.
        let mut app = App::new(base(), ApiTarget::Real).with_form(Form::prefilled(
            None,
            None,
            Some(JWT.into()),
        ));
        update(&mut app, BackgroundMessage::Tick, later(3_600_000));
        assert_eq!(app.preflight()[0].0.id, "token.expired");
        let text = buffer_text(draw(&mut app, 140, 40).backend().buffer());
        assert!(text.contains("(expired 55 min 0 s ago)"), "{text}");
        // In personal-token mode there is no token block, and nothing ticks for it.
        let app = app_with(answered(200, "OK", &[], ACCOUNT));
        assert!(!app.token_counting_down());
    }
}

/// Issue #11: the platform in the Summary, a cause for each 403, least privilege.
mod platform {
    use super::*;

    const CLASSIC_ONLY: &str = "This endpoint requires a sipgate Classic PBX Account";

    /// A neo account: `/groups` and `/{userId}/phonelines` refused as sipgate neo refuses them,
    /// every other probe answered with the demo data.
    fn neo_app() -> App {
        let mut app = app_with(answered(200, "OK", &[], ACCOUNT));
        for probe in all_probes() {
            match probe.label() {
                "/groups" => probe_answer(&mut app, probe, 403, "Forbidden"),
                "/{userId}/phonelines" => probe_answer(&mut app, probe, 403, CLASSIC_ONLY),
                _ => probe_answer(&mut app, probe, 200, &probe_fixture(probe)),
            }
        }
        app
    }

    /// A classic account: everything answered.
    fn classic_app() -> App {
        let mut app = app_with(answered(200, "OK", &[], ACCOUNT));
        answer_probes(&mut app, &all_probes());
        app
    }

    /// A token with some scopes: sipgate's error bodies name the others.
    fn limited_app() -> App {
        let mut app = app_with(answered(200, "OK", &[], ACCOUNT));
        for probe in all_probes() {
            if ["/authorization/userinfo", "/users"].contains(&probe.label()) {
                probe_answer(&mut app, probe, 200, &probe_fixture(probe));
            } else {
                let scope = probe.scope().unwrap_or_default();
                let body = format!(
                    r#"{{"errors":[{{"status":403,"title":"Forbidden","detail":"The token lacks the scope {scope} required by GET {}"}}]}}"#,
                    probe.label()
                );
                probe_answer(&mut app, probe, 403, &body);
            }
        }
        app
    }

    #[test]
    fn summary_of_a_neo_account() {
        let mut app = neo_app();
        let wide = draw(&mut app, 120, 64);
        let text = buffer_text(wide.backend().buffer());
        assert!(text.contains("Platform likely sipgate neo"), "{text}");
        // The classic-only 403s say so, and name no scope.
        assert!(
            text.contains("│ Phonelines    not allowed (403): classic-only endpoint"),
            "{text}"
        );
        assert!(
            text.contains("– 403 /groups") && text.contains("– 403 /{userId}/phonelines"),
            "no ✗ for the platform's 403s:\n{text}"
        );
        assert!(!text.contains("lacks:"), "no missing scope on neo:\n{text}");
        assert_snapshot!("neo_wide", wide.backend());
        assert_snapshot!("neo_80x24", draw(&mut app, 80, 24).backend());
    }

    #[test]
    fn summary_of_a_classic_account() {
        let mut app = classic_app();
        let wide = draw(&mut app, 120, 64);
        let text = buffer_text(wide.backend().buffer());
        assert!(text.contains("Platform likely sipgate classic"), "{text}");
        assert!(
            text.contains("· /groups answered 200 (classic accounts have"),
            "{text}"
        );
        assert_snapshot!("classic_wide", wide.backend());
        assert_snapshot!("classic_80x24", draw(&mut app, 80, 24).backend());
    }

    #[test]
    fn least_privilege_advice() {
        let mut app = limited_app();
        let wide = draw(&mut app, 120, 64);
        let text = buffer_text(wide.backend().buffer());
        assert!(text.contains("granted: account:read, users:read"), "{text}");
        assert!(
            text.contains("→ create a token with exactly: account:read, users:read"),
            "{text}"
        );
        assert!(text.contains("lacks: balance:read (/balance)"), "{text}");
        assert_snapshot!("least_privilege_wide", wide.backend());
        // At 80×24 the advice is further down the Summary.
        app.scroll[0] = 20;
        assert_snapshot!("least_privilege_80x24", draw(&mut app, 80, 24).backend());
    }
}
