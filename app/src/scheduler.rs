//! Spaced repetition with FSRS (the `fsrs` crate, Anki's scheduler), server only.
//!
//! A question's memory state (stability in days, difficulty 1–10) is updated from each
//! rating, and the next review is due when the predicted chance of recalling the answer has
//! fallen to the target retention. Before an interview the target rises, so questions come
//! back sooner, and no review is scheduled after the interview: everything is seen again
//! before it.

use crate::domain::calendar::DAY;
use crate::domain::{Rating, Timestamp};
use fsrs::{FSRS, FSRSError, MemoryState, NextStates};

/// The usual target: a 90 % chance of recalling an answer when it comes back.
pub const BASE_RETENTION: f32 = 0.90;
/// The target on the day of the interview.
pub const PEAK_RETENTION: f32 = 0.97;
/// The target climbs from the base to the peak over this many days before the interview.
pub const RAMP_DAYS: i64 = 14;

/// What the scheduler knows about one learner and one question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    pub stability: f32,
    pub difficulty: f32,
    pub last_review_at: Timestamp,
}

/// The outcome of one review.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scheduled {
    pub memory: Memory,
    pub due_at: Timestamp,
}

#[derive(Debug, thiserror::Error)]
#[error("the scheduler rejected its input: {0:?}")]
pub struct SchedulerError(FSRSError);

/// FSRS with its default parameters (fitted on many learners' reviews).
#[derive(Default)]
pub struct Scheduler {
    fsrs: FSRS,
}

/// The target retention at `now`, given the interview date if one is set.
pub fn target_retention(now: Timestamp, interview_at: Option<Timestamp>) -> f32 {
    let Some(interview_at) = interview_at else {
        return BASE_RETENTION;
    };
    let days_left = interview_at.secs_since(now).div_euclid(DAY);
    if !(0..RAMP_DAYS).contains(&days_left) {
        // Long before the interview, or after it: the everyday target.
        return BASE_RETENTION;
    }
    // Linear from the base (RAMP_DAYS before) to the peak (on the day).
    #[expect(clippy::cast_precision_loss, reason = "days_left is below RAMP_DAYS")]
    let progress = 1.0 - days_left as f32 / RAMP_DAYS as f32;
    BASE_RETENTION + (PEAK_RETENTION - BASE_RETENTION) * progress
}

/// The chance (0–1) of recalling the answer at `now`, from the stored memory state (FSRS-6's
/// forgetting curve with its default decay).
pub fn recall(memory: Memory, now: Timestamp) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "elapsed days are small")]
    let days = now.secs_since(memory.last_review_at).max(0) as f32 / DAY as f32;
    let r = fsrs::current_retrievability(
        MemoryState {
            stability: memory.stability,
            difficulty: memory.difficulty,
        },
        days,
        fsrs::FSRS6_DEFAULT_DECAY,
    );
    f64::from(r).clamp(0.0, 1.0)
}

impl Scheduler {
    /// Applies `rating`, given at `now`, to the question's memory (`None` for a first review).
    pub fn review(
        &self,
        memory: Option<Memory>,
        rating: Rating,
        now: Timestamp,
        interview_at: Option<Timestamp>,
    ) -> Result<Scheduled, SchedulerError> {
        let days_elapsed = memory.map_or(0, |m| now.secs_since(m.last_review_at).max(0) / DAY);
        let states = self
            .fsrs
            .next_states(
                memory.map(|m| MemoryState {
                    stability: m.stability,
                    difficulty: m.difficulty,
                }),
                target_retention(now, interview_at),
                u32::try_from(days_elapsed).unwrap_or(u32::MAX),
            )
            .map_err(SchedulerError)?;
        let NextStates {
            again,
            hard,
            good,
            easy,
        } = states;
        let next = match rating {
            Rating::Again => again,
            Rating::Hard => hard,
            Rating::Good => good,
            Rating::Easy => easy,
        };
        #[expect(
            clippy::cast_possible_truncation,
            reason = "intervals are days, far below i64"
        )]
        let interval_secs = (f64::from(next.interval) * DAY as f64).round() as i64;
        // A recalled answer (Hard or better) waits at least until tomorrow: with a high target
        // retention FSRS can ask for hours, which would bring a question straight back into
        // today's list. A miss comes back the same day, as FSRS says.
        let floor = if rating == Rating::Again { 60 } else { DAY };
        let mut due_at = now.plus_secs(interval_secs.max(floor));
        if let Some(interview_at) = interview_at
            && interview_at.plus_days(-1) > now
        {
            // Seen again the day before the interview at the latest. A review on that day
            // itself keeps FSRS's interval: capping it at "now" would make the question due
            // again at once, and the review list would never empty on the eve.
            due_at = due_at.min(interview_at.plus_days(-1));
        }
        Ok(Scheduled {
            memory: Memory {
                stability: next.memory.stability,
                difficulty: next.memory.difficulty,
                last_review_at: now,
            },
            due_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Timestamp = Timestamp::from_secs(1_800_000_000);

    fn days(secs: i64) -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "test values are small")]
        let d = secs as f64 / DAY as f64;
        d
    }

    #[test]
    fn a_first_good_comes_back_in_a_couple_of_days_and_easy_later() {
        let s = Scheduler::default();
        let good = s.review(None, Rating::Good, T0, None).expect("review");
        let easy = s.review(None, Rating::Easy, T0, None).expect("review");
        let again = s.review(None, Rating::Again, T0, None).expect("review");
        // FSRS-6 default initial stabilities: again 0.212, good 2.3065, easy 8.2956 days.
        assert!(
            (days(good.due_at - T0) - 2.31).abs() < 0.05,
            "{}",
            days(good.due_at - T0)
        );
        assert!((days(easy.due_at - T0) - 8.30).abs() < 0.05);
        assert!(
            days(again.due_at - T0) < 0.5,
            "again comes back the same day"
        );
        assert_eq!(good.memory.last_review_at, T0);
    }

    #[test]
    fn a_week_of_good_reviews_spreads_them_out() {
        let s = Scheduler::default();
        let mut memory = None;
        let mut now = T0;
        let mut intervals = Vec::new();
        for _ in 0..4 {
            let next = s.review(memory, Rating::Good, now, None).expect("review");
            intervals.push(next.due_at - now);
            memory = Some(next.memory);
            now = next.due_at;
        }
        assert!(intervals.windows(2).all(|w| w[1] > w[0]), "{intervals:?}");
        assert!(days(intervals[3]) > 10.0, "{intervals:?}");
    }

    #[test]
    fn again_after_a_long_interval_shrinks_it() {
        let s = Scheduler::default();
        let first = s.review(None, Rating::Easy, T0, None).expect("review");
        let lapse = s
            .review(Some(first.memory), Rating::Again, first.due_at, None)
            .expect("review");
        assert!(lapse.memory.stability < first.memory.stability);
        assert!(days(lapse.due_at - first.due_at) < 2.0);
    }

    #[test]
    fn the_target_rises_over_the_two_weeks_before_the_interview() {
        let interview = T0 + 30 * DAY;
        assert_eq!(target_retention(T0, None), BASE_RETENTION);
        assert_eq!(
            target_retention(T0, Some(interview)),
            BASE_RETENTION,
            "a month out"
        );
        assert_eq!(
            target_retention(interview - 14 * DAY, Some(interview)),
            BASE_RETENTION
        );
        let mid = target_retention(interview - 7 * DAY, Some(interview));
        assert!((mid - 0.935).abs() < 1e-3, "{mid}");
        assert_eq!(target_retention(interview, Some(interview)), PEAK_RETENTION);
        assert_eq!(
            target_retention(interview + DAY, Some(interview)),
            BASE_RETENTION,
            "after it"
        );
    }

    #[test]
    fn recall_is_ninety_percent_after_one_stability_and_falls_after() {
        let memory = Memory {
            stability: 10.0,
            difficulty: 5.0,
            last_review_at: T0,
        };
        assert!((recall(memory, T0) - 1.0).abs() < 1e-6, "just reviewed");
        assert!(
            (recall(memory, T0 + 10 * DAY) - 0.9).abs() < 1e-3,
            "FSRS's definition of stability"
        );
        assert!(recall(memory, T0 + 40 * DAY) < 0.8);
    }

    #[test]
    fn a_higher_target_brings_questions_back_sooner() {
        let s = Scheduler::default();
        let first = s.review(None, Rating::Good, T0, None).expect("review");
        let now = first.due_at;
        let relaxed = s
            .review(Some(first.memory), Rating::Good, now, None)
            .expect("review");
        let close = s
            .review(
                Some(first.memory),
                Rating::Good,
                now,
                Some(now + 2 * DAY + 3 * DAY),
            )
            .expect("review");
        assert!(close.due_at < relaxed.due_at);
    }

    #[test]
    fn reviews_are_capped_at_the_eve_of_the_interview_except_on_the_eve() {
        let s = Scheduler::default();
        let interview = T0 + 2 * DAY;
        let easy = s
            .review(None, Rating::Easy, T0, Some(interview))
            .expect("review");
        assert_eq!(
            easy.due_at,
            interview - DAY,
            "an Easy interval of days would pass the interview"
        );
        let on_the_eve = s
            .review(None, Rating::Good, interview - DAY + 3600, Some(interview))
            .expect("review");
        assert!(
            on_the_eve.due_at - (interview - DAY + 3600) >= DAY,
            "graded on the eve, it leaves today's list"
        );
    }
}
