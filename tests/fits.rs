//! Every demo scenario's outcome, laid out for 80×24 (and a stacked and a wide screen): no line
//! of a wrapped panel is wider than the panel. A wider line would be cut at the border without
//! a mark, mid-word; a line that has to be shortened goes through the view's `fit` and ends
//! in `…`. (The Body tab shows the raw body unwrapped on purpose and is not checked.)

mod common;

use std::time::Duration;

use ratatui::layout::Rect;

use common::drive::{app_for, send_and_settle};
use sipgate_inspect::api::{ApiClient, BaseUrl};
use sipgate_inspect::app::Form;
use sipgate_inspect::demo::{self, DEMO_TOKEN, SCENARIOS};
use sipgate_inspect::ui::panel_lines;

#[tokio::test]
async fn every_demo_outcome_fits_its_panels() {
    let server = demo::spawn("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("demo server");
    let base = BaseUrl::parse(&server.base_url(), false).expect("base");
    // One second: the slow scenario then shows its timeout instead of holding the test up.
    let client = ApiClient::new(base, Duration::from_secs(1)).expect("client");
    for scenario in SCENARIOS {
        let mut app = app_for(&server.base_url()).with_form(Form::prefilled(
            Some(scenario.token_id.into()),
            Some(DEMO_TOKEN.into()),
            None,
        ));
        send_and_settle(&mut app, &client).await;
        for (width, height) in [(80, 24), (60, 30), (120, 40)] {
            for (panel, columns, lines) in panel_lines(&app, Rect::new(0, 0, width, height)) {
                for line in &lines {
                    assert!(
                        line.width() <= columns,
                        "{} at {width}×{height}, {panel}: {} columns in a {columns}-column \
                         panel: {line}",
                        scenario.token_id,
                        line.width()
                    );
                }
            }
        }
    }
}
