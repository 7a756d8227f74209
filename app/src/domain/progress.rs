//! What the progress pages show, and the arithmetic behind it: streaks, mastery, coverage,
//! calibration and the review forecast. Pure functions over small, already-aggregated inputs
//! (days, counts, retrievabilities), so each is unit-tested on hand-made histories; the
//! server does the time-zone conversion and the SQL aggregation.

use super::{Concept, Level, QuestionSlug, Rating};
use crate::domain::{Date, Timestamp};
use serde::{Deserialize, Serialize};

/// How many days the review forecast covers, today included.
pub const FORECAST_DAYS: usize = 14;
/// How many weeks the trends cover, this week included.
pub const TREND_WEEKS: usize = 8;
/// How many days the heatmap covers, today included (52 full weeks and a day).
pub const HEATMAP_DAYS: i64 = 365;
/// Anki's threshold for a "mature" card: once FSRS's stability reaches three weeks, a question
/// counts as mastered.
pub const MASTERED_STABILITY_DAYS: f64 = 21.0;

/// The current and the longest run of consecutive days with at least one attempt. `days` are
/// the learner's local days, in any order, with repeats allowed. The current streak is still
/// alive when it ended yesterday: today is not over yet.
pub fn streaks(days: &[Date], today: Date) -> (u32, u32) {
    let mut days: Vec<Date> = days.iter().copied().filter(|d| *d <= today).collect();
    days.sort_unstable();
    days.dedup();
    let mut longest = 0_u32;
    let mut run = 0_u32;
    let mut previous: Option<Date> = None;
    for &day in &days {
        run = if previous == Some(day - 1) {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
        previous = Some(day);
    }
    let current = match previous {
        Some(last) if last >= today - 1 => run,
        _ => 0,
    };
    (current, longest)
}

/// Mastery of a set of questions, 0–100: the average chance of recalling each answer now
/// (FSRS retrievability), where a question never practised counts as 0. `None` for no
/// questions.
pub fn mastery(retrievabilities: &[Option<f64>], questions: usize) -> Option<u8> {
    if questions == 0 {
        return None;
    }
    let sum: f64 = retrievabilities
        .iter()
        .flatten()
        .map(|r| r.clamp(0.0, 1.0))
        .sum();
    Some(percent(sum / as_f64(questions)))
}

/// Coverage of a concept: how many of its questions have at least one attempt, of how many.
pub fn coverage<'a>(
    questions: impl IntoIterator<Item = &'a str>,
    attempted: &std::collections::HashSet<&str>,
) -> (u32, u32) {
    let (mut done, mut total) = (0_u32, 0_u32);
    for question in questions {
        total += 1;
        done += u32::from(attempted.contains(question));
    }
    (done, total)
}

/// How often a Good or Easy grade was followed, at the question's next grade, by Again, as a
/// percentage: `None` until some confident grade has been followed by another.
pub fn calibration(confident_followed: i64, again_after_confident: i64) -> Option<u8> {
    (confident_followed > 0).then(|| {
        percent(
            as_f64(again_after_confident.clamp(0, confident_followed)) / as_f64(confident_followed),
        )
    })
}

/// Reviews due on each of the next [`FORECAST_DAYS`] local days; anything overdue counts
/// today.
pub fn forecast(due_days: &[Date], today: Date) -> Vec<u32> {
    let mut counts = vec![0_u32; FORECAST_DAYS];
    for &day in due_days {
        let index = usize::try_from((day - today).max(0)).unwrap_or(usize::MAX);
        if let Some(count) = counts.get_mut(index) {
            *count += 1;
        }
    }
    counts
}

/// The shade (0–4) of a heatmap cell: 0 for no attempts, then four steps up to the busiest
/// day of the period.
pub fn heat_level(attempts: i64, busiest: i64) -> u8 {
    if attempts <= 0 || busiest <= 0 {
        return 0;
    }
    let step = (attempts * 4 + busiest - 1) / busiest;
    u8::try_from(step.clamp(1, 4)).unwrap_or(4)
}

fn as_f64(n: impl TryInto<i32>) -> f64 {
    f64::from(n.try_into().unwrap_or(i32::MAX))
}

fn percent(share: f64) -> u8 {
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to 0..=100 first"
    )]
    let p = (share * 100.0).round().clamp(0.0, 100.0) as u8;
    p
}

/// Where a learner stands on one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// Never graded.
    New,
    /// Graded, not yet mastered, not due today.
    Learning,
    /// Due for review today (or overdue).
    Due,
    /// Stability of three weeks or more, and not due today.
    Mastered,
}

impl Status {
    pub fn of(graded: bool, due_today: bool, stability_days: f64) -> Self {
        if !graded {
            Status::New
        } else if due_today {
            Status::Due
        } else if stability_days >= MASTERED_STABILITY_DAYS {
            Status::Mastered
        } else {
            Status::Learning
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::New => "New",
            Status::Learning => "Learning",
            Status::Due => "Due",
            Status::Mastered => "Mastered",
        }
    }
}

/// One concept on the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConceptProgress {
    pub concept: Concept,
    /// 0–100, `None` when the bank has no question on it.
    pub mastery: Option<u8>,
    pub attempted: u32,
    pub questions: u32,
    /// The latest grades in the concept, newest first (at most five).
    pub latest: Vec<Rating>,
    /// Average grade (1–4) per week, oldest first, the last entry this week; `None` for a
    /// week without grades.
    pub trend: Vec<Option<f64>>,
    pub confident_followed: i64,
    pub again_after_confident: i64,
}

/// A question to practise next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeakQuestion {
    pub slug: QuestionSlug,
    pub title: String,
    /// 0–100: the chance of recalling the answer a week from now.
    pub recall: u8,
    pub last_rating: Option<Rating>,
}

/// The dashboard, all figures computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub now: Timestamp,
    /// The learner's local today.
    pub today: Date,
    pub time_zone: String,
    /// False while the learner has no time zone set (days are then UTC days).
    pub time_zone_set: bool,
    pub attempts: i64,
    pub concepts: Vec<ConceptProgress>,
    /// (local day, attempts) for each day with attempts in the last [`HEATMAP_DAYS`].
    pub heatmap: Vec<(Date, i64)>,
    pub current_streak: u32,
    pub longest_streak: u32,
    /// Grades given, Again to Easy.
    pub ratings: [i64; 4],
    pub total_seconds: i64,
    /// Seconds spent per week, oldest first, the last entry this week.
    pub weekly_seconds: Vec<i64>,
    pub weakest: Vec<WeakQuestion>,
    /// Reviews due per day, today first.
    pub forecast: Vec<u32>,
}

/// The time-zone setting and the names to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeZoneSetting {
    pub current: Option<String>,
    pub choices: Vec<String>,
}

/// One question on a concept's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConceptQuestion {
    pub slug: QuestionSlug,
    pub title: String,
    pub level: Level,
    pub status: Status,
    pub last_rating: Option<Rating>,
    pub due_at: Option<Timestamp>,
    /// The learner's local day the review falls on.
    pub due_day: Option<Date>,
}

/// A concept's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConceptReport {
    pub concept: Concept,
    pub now: Timestamp,
    pub questions: Vec<ConceptQuestion>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(numbers: &[i64]) -> Vec<Date> {
        numbers.iter().map(|&n| Date::from_day_number(n)).collect()
    }

    #[test]
    fn streaks_count_consecutive_days_and_survive_until_tomorrow() {
        let today = Date::from_day_number(100);
        assert_eq!(streaks(&[], today), (0, 0));
        assert_eq!(streaks(&days(&[100]), today), (1, 1));
        assert_eq!(
            streaks(&days(&[99]), today),
            (1, 1),
            "yesterday's streak is still alive today"
        );
        assert_eq!(streaks(&days(&[98]), today), (0, 1), "a missed day ends it");
        assert_eq!(streaks(&days(&[95, 96, 97, 99, 100, 100]), today), (2, 3));
        assert_eq!(
            streaks(&days(&[100, 90, 91, 92, 93, 99]), today),
            (2, 4),
            "order does not matter"
        );
        assert_eq!(
            streaks(&days(&[101]), today),
            (0, 0),
            "a day after today is ignored"
        );
    }

    #[test]
    fn mastery_averages_recall_over_every_question() {
        assert_eq!(mastery(&[], 0), None);
        assert_eq!(mastery(&[Some(0.9), Some(0.7)], 2), Some(80));
        assert_eq!(
            mastery(&[Some(0.9), None], 2),
            Some(45),
            "unpractised counts as 0"
        );
        assert_eq!(mastery(&[Some(0.9)], 4), Some(23));
        assert_eq!(mastery(&[Some(1.2)], 1), Some(100), "clamped");
    }

    #[test]
    fn coverage_counts_attempted_questions_of_the_concept_only() {
        let attempted: std::collections::HashSet<&str> = ["a", "c", "elsewhere"].into();
        assert_eq!(coverage(["a", "b", "c", "d"], &attempted), (2, 4));
        assert_eq!(coverage([], &attempted), (0, 0));
        assert_eq!(coverage(["b"], &attempted), (0, 1));
    }

    #[test]
    fn calibration_is_the_share_of_confident_grades_that_lapsed() {
        assert_eq!(calibration(0, 0), None);
        assert_eq!(calibration(4, 1), Some(25));
        assert_eq!(calibration(3, 3), Some(100));
        assert_eq!(calibration(3, 9), Some(100), "never more than all");
    }

    #[test]
    fn the_forecast_puts_overdue_reviews_today() {
        let f = forecast(
            &days(&[90, 100, 100, 101, 113, 114, 200]),
            Date::from_day_number(100),
        );
        assert_eq!(f.len(), FORECAST_DAYS);
        assert_eq!(f[0], 3, "two today and one overdue");
        assert_eq!(f[1], 1);
        assert_eq!(f[13], 1, "the fourteenth day");
        assert_eq!(f.iter().sum::<u32>(), 5, "later than two weeks is left out");
    }

    #[test]
    fn heat_levels_scale_to_the_busiest_day() {
        assert_eq!(heat_level(0, 10), 0);
        assert_eq!(heat_level(1, 10), 1);
        assert_eq!(heat_level(5, 10), 2);
        assert_eq!(heat_level(8, 10), 4);
        assert_eq!(heat_level(10, 10), 4);
        assert_eq!(heat_level(3, 0), 0);
    }

    #[test]
    fn status_follows_grade_due_date_and_stability() {
        assert_eq!(Status::of(false, false, 0.0), Status::New);
        assert_eq!(Status::of(true, true, 40.0), Status::Due);
        assert_eq!(Status::of(true, false, 40.0), Status::Mastered);
        assert_eq!(Status::of(true, false, 3.0), Status::Learning);
    }
}
