//! Every demo scenario's outcome, laid out for 80×24 (and a stacked and a wide screen): no line
//! of a wrapped panel is wider than the panel. A wider line would be cut at the border without
//! a mark, mid-word; a line that has to be shortened goes through `wrap::fit` and ends in `…`.
//! (The Body tab shows the raw body unwrapped on purpose and is not checked.)

use std::collections::VecDeque;
use std::time::Duration;

use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{ScreenAreas, headers, request, summary, timing, troubleshooting};
use crate::api::{ApiClient, BaseUrl};
use crate::app::{ApiTarget, App, Completed, Effect, Form, update};
use crate::demo::{self, DEMO_TOKEN, SCENARIOS};
use crate::event::Message;
use crate::inspection::Inspection;

/// Sends the form's request and carries out every effect as the runtime would, in order.
async fn send_and_settle(app: &mut App, client: &ApiClient) {
    let mut pending: VecDeque<Effect> = update(app, Message::Send).into();
    while let Some(effect) = pending.pop_front() {
        let message = match effect {
            Effect::Send { id, credentials } => Message::Finished {
                id,
                completed: Box::new(Completed::new(Inspection::run(client, &credentials).await)),
            },
            Effect::Probe {
                request_id,
                probe,
                path,
                credentials,
            } => Message::ProbeFinished {
                request_id,
                probe,
                exchange: Box::new(client.get(&path, &credentials).await),
            },
            _ => continue,
        };
        pending.extend(update(app, message));
    }
}

fn assert_fits(lines: &[Line<'_>], width: usize, what: &str) {
    for line in lines {
        assert!(
            line.width() <= width,
            "{what}: {} columns in a {width}-column panel: {line}",
            line.width()
        );
    }
}

#[tokio::test]
async fn every_demo_outcome_fits_its_panels() {
    let server = demo::spawn("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("demo server");
    let base = BaseUrl::parse(&server.base_url(), false).expect("base");
    // One second: the slow scenario then shows its timeout instead of holding the test up.
    let client = ApiClient::new(base, Duration::from_secs(1)).expect("client");
    for scenario in SCENARIOS {
        let mut app = App::new(server.base_url(), ApiTarget::Demo).with_form(Form::prefilled(
            Some(scenario.token_id.into()),
            Some(DEMO_TOKEN.into()),
            None,
        ));
        send_and_settle(&mut app, &client).await;
        for (width, height) in [(80, 24), (60, 30), (120, 40)] {
            let areas = ScreenAreas::new(Rect::new(0, 0, width, height));
            let panel = usize::from(areas.results.width - 2);
            let what = |tab: &str| format!("{} at {width}×{height}, {tab}", scenario.token_id);
            assert_fits(
                &summary::summary_lines(&app, panel),
                panel,
                &what("Summary"),
            );
            assert_fits(&headers::header_lines(&app, panel), panel, &what("Headers"));
            assert_fits(
                &request::request_lines(&app, panel),
                panel,
                &what("Request"),
            );
            assert_fits(&timing::timing_lines(&app, panel), panel, &what("Timing"));
            let side = troubleshooting::text_width(areas.troubleshooting);
            assert_fits(
                &troubleshooting::troubleshooting_lines(&app, side),
                side,
                &what("Troubleshooting"),
            );
        }
    }
}
