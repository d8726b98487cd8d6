//! What the view records of each frame: the numbers `update` clamps scrolling and hit-tests
//! clicks against. The `update` unit tests take these very numbers as given, written out; this
//! test checks that the view really records them.

mod common;

use common::{answered, app, app_with, draw};
use sipgate_inspect::app::{Area, LayoutRecord, Tab, TabTitle};

#[test]
fn a_hundred_by_thirty_screen_records_the_form_the_tabs_and_the_limits() {
    let mut app = app();
    draw(&mut app, 100, 30);
    let title = |tab, start, end| TabTitle { tab, start, end };
    assert_eq!(
        app.layout,
        LayoutRecord {
            panels: true,
            tab: Tab::Summary,
            tab_rows: 21,
            tab_width: 48,
            tab_max_scroll: 0,
            troubleshooting_max_scroll: 0,
            help_max_scroll: None,
            history_rows: None,
            form: Area {
                x: 0,
                y: 1,
                width: 100,
                height: 4,
            },
            results: Area {
                x: 0,
                y: 6,
                width: 50,
                height: 23,
            },
            tab_titles: vec![
                title(Tab::Summary, 2, 9),
                title(Tab::Body, 12, 16),
                title(Tab::Headers, 19, 26),
                title(Tab::Request, 29, 36),
                title(Tab::Timing, 39, 45),
            ],
        }
    );
}

#[test]
fn a_body_of_102_lines_at_80x24_shows_15_and_scrolls_87() {
    let body = format!(
        "[{}]",
        (0..100)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    let mut app = app_with(answered(200, "OK", &[], &body));
    app.tab = Tab::Body;
    draw(&mut app, 80, 24);
    assert_eq!(
        (
            app.layout.tab,
            app.layout.tab_rows,
            app.layout.tab_max_scroll
        ),
        (Tab::Body, 15, 87)
    );
}

#[test]
fn a_terminal_too_small_records_nothing_to_click() {
    let mut app = app();
    draw(&mut app, 39, 11);
    assert_eq!(app.layout, LayoutRecord::default());
}

#[test]
fn a_position_past_the_end_is_clamped_when_the_frame_is_recorded() {
    let mut app = app();
    app.scroll[Tab::Summary.index()] = 500;
    app.troubleshooting_scroll = 500;
    draw(&mut app, 100, 30);
    assert_eq!(app.scroll_of(Tab::Summary), 0);
    assert_eq!(app.troubleshooting_scroll, 0);
}
