//! Formatting values as people read them, shared by the TUI, `check` and the diagnosis.

use std::time::Duration;

/// A duration as people say it: `15 s`, `1.5 s`, `250 ms`.
#[must_use]
pub fn human_duration(duration: Duration) -> String {
    let ms = duration.as_millis();
    if ms < 10 {
        // Loopback answers take well under a millisecond; "0 ms" would say nothing.
        format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
    } else if ms < 1000 {
        format!("{ms} ms")
    } else if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(Duration::from_secs(15)), "15 s");
        assert_eq!(human_duration(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(human_duration(Duration::from_millis(250)), "250 ms");
        assert_eq!(human_duration(Duration::from_micros(420)), "0.4 ms");
    }
}
