//! The server's one clock (server only). Every "now" a request acts on comes from the
//! [`Clock`] in the application state: server functions read it from context, plain routes
//! from axum's state, and the accounts service holds the same clock. A test builds the
//! application with a manual clock and moves it forward (a week of study, a throttle window
//! running out) instead of writing timestamps into the database.
//!
//! Not everything follows it: sessions live in the system clock (tower-sessions stamps their
//! expiry from it, and the daily keep-alive that extends it counts that clock's days), and the
//! page cache's ages are monotonic `std::time::Instant`s.

use crate::domain::Timestamp;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// `None` for the system clock; a shared reading for a manual one.
    manual: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The operating system's clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that stands at `start` until moved; clones share it.
    pub fn manual(start: Timestamp) -> Self {
        Self {
            manual: Some(Arc::new(AtomicI64::new(start.secs()))),
        }
    }

    pub fn now(&self) -> Timestamp {
        match &self.manual {
            Some(reading) => Timestamp::from_secs(reading.load(Ordering::SeqCst)),
            None => system_now(),
        }
    }

    /// Moves a manual clock `secs` forward (back when negative) for every clone of it. A
    /// system clock cannot be moved: this returns `false` and changes nothing.
    pub fn advance(&self, secs: i64) -> bool {
        match &self.manual {
            Some(reading) => {
                reading.fetch_add(secs, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }
}

fn system_now() -> Timestamp {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    Timestamp::from_secs(i64::try_from(secs).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_for_every_clone_and_the_system_clock_does_not() {
        let clock = Clock::manual(Timestamp::from_secs(1_800_000_000));
        let clone = clock.clone();
        assert!(clone.advance(86_400));
        assert_eq!(clock.now(), Timestamp::from_secs(1_800_086_400));

        let system = Clock::system();
        let before = system.now();
        assert!(!system.advance(86_400));
        assert!(system.now().secs_since(before) < 60);
        assert!(before > Timestamp::from_secs(1_700_000_000), "a real date");
    }
}
