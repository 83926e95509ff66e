//! Time: the current Unix milliseconds (how the schema stores every time)
//! and their RFC 3339 form in API bodies and webhooks. On wasm32
//! `std::time::SystemTime::now` panics, hence `web_time`.
//!
//! The router reads the time through its [`Clock`] (in `AppState`), which
//! tests can move forward: session expiry and sign-in lockouts are then
//! tested in milliseconds instead of hours.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// The router's clock: the system time plus an offset that only tests move
/// ([`Clock::advance`]). Clones share the offset.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// Milliseconds since the Unix epoch, as this clock tells them.
    pub fn now_ms(&self) -> i64 {
        now_ms() + self.offset_ms.load(Ordering::Relaxed)
    }

    /// Moves this clock (and its clones) forward by `ms`.
    pub fn advance(&self, ms: i64) {
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    web_time::SystemTime::now()
        .duration_since(web_time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// RFC 3339 UTC (`2026-11-25T19:22:21Z`) for a Unix-milliseconds time.
pub fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A time in Unix milliseconds, serialized as [`rfc3339`]: the times of the
/// store's rows as API bodies show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp(pub i64);

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&rfc3339(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_634_541_000), "2026-11-25T19:22:21Z");
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn clocks_move_forward_together() {
        let clock = Clock::default();
        let clone = clock.clone();
        let before = clock.now_ms();
        clone.advance(3_600_000);
        assert!(clock.now_ms() >= before + 3_600_000);
    }

    #[test]
    fn timestamps_serialize_as_rfc3339() {
        let json = serde_json::to_string(&Timestamp(951_782_400_000)).unwrap();
        assert_eq!(json, "\"2000-02-29T00:00:00Z\"");
    }
}
