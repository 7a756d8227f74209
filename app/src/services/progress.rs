//! The progress pages on the server: the dashboard's figures and a concept's question list,
//! computed from the roll-ups in [`crate::db::progress`] and the pure arithmetic in
//! [`crate::domain::progress`], in the learner's time zone.

use crate::db::{Db, progress as store, questions};
use crate::domain::progress::{
    self as calc, ConceptProgress, ConceptQuestion, ConceptReport, Dashboard, HEATMAP_DAYS, Status,
    TREND_WEEKS, TimeZoneSetting, WeakQuestion,
};
use crate::domain::{Concept, Date, QuestionSummary, Rating, Timestamp, UserId};
use crate::error::AppError;
use crate::error::Context;
use crate::scheduler::{Memory, recall};
use crate::time_zone::LearnerZone;
use std::collections::{HashMap, HashSet};

const WEEK: i64 = 7 * crate::domain::calendar::DAY;

fn memory(row: &store::QuestionRow) -> Option<Memory> {
    #[expect(clippy::cast_possible_truncation, reason = "FSRS works in f32")]
    Some(Memory {
        stability: row.stability? as f32,
        difficulty: row.difficulty? as f32,
        last_review_at: row.last_review_at?,
    })
}

fn rating(value: Option<i64>) -> Option<Rating> {
    value
        .and_then(|v| u8::try_from(v).ok())
        .and_then(|v| Rating::try_from(v).ok())
}

/// My progress on each question I have answered, by slug.
async fn rows_by_question(
    db: &Db,
    user: UserId,
) -> Result<HashMap<String, store::QuestionRow>, AppError> {
    Ok(store::questions(db, user)
        .await
        .context("loading question progress")?
        .into_iter()
        .map(|row| (row.question_slug.clone(), row))
        .collect())
}

/// Everything the dashboard is computed from, loaded at once: the learner's zone, the bank,
/// their per-question rows, their days of activity, the trend's weekly grades and each
/// concept's latest grades.
pub struct DashboardInputs {
    pub now: Timestamp,
    pub zone: LearnerZone,
    pub bank: Vec<QuestionSummary>,
    pub questions: Vec<store::QuestionRow>,
    pub days: Vec<store::DayRow>,
    pub weekly: Vec<store::WeekGrades>,
    pub latest: HashMap<Concept, Vec<Rating>>,
}

pub async fn dashboard(db: &Db, user: UserId, now: Timestamp) -> Result<Dashboard, AppError> {
    Ok(build_dashboard(load_dashboard(db, user, now).await?))
}

/// The dashboard's six reads (plus one per concept for the latest grades, three in all).
async fn load_dashboard(
    db: &Db,
    user: UserId,
    now: Timestamp,
) -> Result<DashboardInputs, AppError> {
    let zone = crate::services::shared::learner_zone(db, user).await?;
    let edges = trend_edges(&zone, zone.day(now));
    let mut latest = HashMap::new();
    for concept in Concept::ALL {
        let grades = store::latest_grades(db, user, concept.slug(), 5)
            .await
            .context("loading the latest grades")?;
        latest.insert(concept, grades);
    }
    Ok(DashboardInputs {
        now,
        bank: questions::list_questions(db, None, None)
            .await
            .context("listing questions")?,
        questions: store::questions(db, user)
            .await
            .context("loading question progress")?,
        days: store::days(db, user)
            .await
            .context("loading daily activity")?,
        weekly: store::weekly_grades(db, user, &edges)
            .await
            .context("loading weekly grades")?,
        latest,
        zone,
    })
}

/// When each week of the trend starts: eight weeks of local days, the last ending today.
fn trend_edges(zone: &LearnerZone, today: Date) -> Vec<Timestamp> {
    let first_day = today - 7 * i64::try_from(TREND_WEEKS).unwrap_or(8) + 1;
    (0..TREND_WEEKS)
        .map(|k| zone.day_start(first_day + 7 * i64::try_from(k).unwrap_or(0)))
        .collect()
}

/// The dashboard from its inputs: no I/O, so tests feed it directly.
pub fn build_dashboard(inputs: DashboardInputs) -> Dashboard {
    let DashboardInputs {
        now,
        zone,
        bank,
        questions,
        days,
        weekly,
        mut latest,
    } = inputs;
    let today = zone.day(now);
    let rows: HashMap<&str, &store::QuestionRow> = questions
        .iter()
        .map(|row| (row.question_slug.as_str(), row))
        .collect();
    let activity = activity(&days, today);
    let concepts = Concept::ALL
        .into_iter()
        .map(|concept| {
            let latest = latest.remove(&concept).unwrap_or_default();
            concept_progress(concept, &bank, &rows, &weekly, latest, now)
        })
        .collect();
    let titles: HashMap<&str, &QuestionSummary> =
        bank.iter().map(|q| (q.slug.as_str(), q)).collect();
    let due_days: Vec<Date> = questions
        .iter()
        .filter(|row| titles.contains_key(row.question_slug.as_str()))
        .filter_map(|row| row.due_at)
        .map(|at| zone.day(at))
        .collect();
    Dashboard {
        now,
        today,
        time_zone: zone.name().to_owned(),
        time_zone_set: zone.chosen(),
        attempts: days.iter().map(|d| d.attempts).sum(),
        concepts,
        heatmap: activity.heatmap,
        current_streak: activity.current_streak,
        longest_streak: activity.longest_streak,
        ratings: activity.ratings,
        total_seconds: days.iter().map(|d| d.seconds).sum(),
        weekly_seconds: activity.weekly_seconds,
        weakest: weakest(&questions, &titles, now),
        forecast: calc::forecast(&due_days, today),
    }
}

/// What the days of activity say: streaks, the heatmap, grades by rating, weekly time.
struct Activity {
    current_streak: u32,
    longest_streak: u32,
    heatmap: Vec<(Date, i64)>,
    ratings: [i64; 4],
    weekly_seconds: Vec<i64>,
}

fn activity(days: &[store::DayRow], today: Date) -> Activity {
    let day = |row: &store::DayRow| Date::from_day_number(row.day);
    let active: Vec<Date> = days.iter().filter(|d| d.attempts > 0).map(day).collect();
    let (current_streak, longest_streak) = calc::streaks(&active, today);
    let heatmap = days
        .iter()
        .filter(|d| d.attempts > 0 && day(d) > today - HEATMAP_DAYS && day(d) <= today)
        .map(|d| (day(d), d.attempts))
        .collect();
    let ratings = days.iter().fold([0_i64; 4], |mut sum, d| {
        sum[0] += d.again;
        sum[1] += d.hard;
        sum[2] += d.good;
        sum[3] += d.easy;
        sum
    });
    let mut weekly_seconds = vec![0_i64; TREND_WEEKS];
    for d in days {
        // Week 0 is the last seven days; the list runs oldest first.
        let ago = usize::try_from((today - day(d)).div_euclid(7)).unwrap_or(usize::MAX);
        if ago < TREND_WEEKS {
            weekly_seconds[TREND_WEEKS - 1 - ago] += d.seconds;
        }
    }
    Activity {
        current_streak,
        longest_streak,
        heatmap,
        ratings,
        weekly_seconds,
    }
}

/// One concept's card: mastery, coverage, the latest grades, the weekly trend, calibration.
fn concept_progress(
    concept: Concept,
    bank: &[QuestionSummary],
    rows: &HashMap<&str, &store::QuestionRow>,
    weekly: &[store::WeekGrades],
    latest: Vec<Rating>,
    now: Timestamp,
) -> ConceptProgress {
    let slugs: Vec<&str> = bank
        .iter()
        .filter(|q| q.concepts.contains(&concept))
        .map(|q| q.slug.as_str())
        .collect();
    let own: Vec<&store::QuestionRow> = slugs.iter().filter_map(|s| rows.get(s).copied()).collect();
    let recalls: Vec<Option<f64>> = own
        .iter()
        .map(|row| memory(row).map(|m| recall(m, now)))
        .collect();
    let attempted: HashSet<&str> = own
        .iter()
        .filter(|row| row.attempts > 0)
        .map(|row| row.question_slug.as_str())
        .collect();
    let (attempted, questions) = calc::coverage(slugs.iter().copied(), &attempted);
    let mut trend_sum = [(0_i64, 0_i64); TREND_WEEKS];
    for grades in weekly {
        if let Ok(week) = usize::try_from(grades.week)
            && week < TREND_WEEKS
            && slugs.contains(&grades.question_slug.as_str())
        {
            trend_sum[week].0 += grades.rating_sum;
            trend_sum[week].1 += grades.grades;
        }
    }
    ConceptProgress {
        concept,
        mastery: calc::mastery(&recalls, slugs.len()),
        attempted,
        questions,
        latest,
        #[expect(clippy::cast_precision_loss, reason = "small counts")]
        trend: trend_sum
            .iter()
            .map(|(sum, count)| (*count > 0).then(|| *sum as f64 / *count as f64))
            .collect(),
        confident_followed: own.iter().map(|r| r.confident_followed).sum(),
        again_after_confident: own.iter().map(|r| r.again_after_confident).sum(),
    }
}

/// The five questions that will have slipped furthest a week from now. Recall *now* is 100 %
/// for everything just reviewed, which would rank a fresh miss beside a fresh Easy.
fn weakest(
    questions: &[store::QuestionRow],
    titles: &HashMap<&str, &QuestionSummary>,
    now: Timestamp,
) -> Vec<WeakQuestion> {
    let mut weakest: Vec<WeakQuestion> = questions
        .iter()
        .filter_map(|row| {
            let question = titles.get(row.question_slug.as_str())?;
            let r = recall(memory(row)?, now + WEEK);
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a share in 0..=1"
            )]
            let recall_pct = (r * 100.0).round() as u8;
            Some(WeakQuestion {
                slug: question.slug.clone(),
                title: question.title.clone(),
                recall: recall_pct,
                last_rating: rating(row.last_rating),
            })
        })
        .collect();
    weakest.sort_by(|a, b| a.recall.cmp(&b.recall).then_with(|| a.title.cmp(&b.title)));
    weakest.truncate(5);
    weakest
}

/// A concept's questions with my status on each.
pub async fn concept_report(
    db: &Db,
    user: UserId,
    concept: Concept,
    now: Timestamp,
) -> Result<ConceptReport, AppError> {
    let zone = crate::services::shared::learner_zone(db, user).await?;
    let end_of_today = zone.day_start(zone.day(now) + 1);
    let bank = questions::list_questions(db, None, Some(concept))
        .await
        .context("listing questions")?;
    let rows = rows_by_question(db, user).await?;
    let questions = bank
        .into_iter()
        .map(|q| {
            let row = rows.get(q.slug.as_str());
            let memory = row.and_then(memory);
            let due_at = row.and_then(|r| r.due_at);
            ConceptQuestion {
                status: Status::of(
                    memory.is_some(),
                    due_at.is_some_and(|at| at < end_of_today),
                    memory.map_or(0.0, |m| f64::from(m.stability)),
                ),
                last_rating: rating(row.and_then(|r| r.last_rating)),
                due_day: due_at.map(|at| zone.day(at)),
                due_at,
                slug: q.slug,
                title: q.title,
                level: q.level,
            }
        })
        .collect();
    Ok(ConceptReport {
        concept,
        now,
        questions,
    })
}

/// My time zone as an IANA name, if set, and the names to choose from.
pub async fn time_zone_setting(db: &Db, user: UserId) -> Result<TimeZoneSetting, AppError> {
    Ok(TimeZoneSetting {
        current: store::time_zone(db, user)
            .await
            .context("loading the time zone")?,
        choices: crate::time_zone::names(),
    })
}

/// Sets the time zone from the account form (`only_if_unset` for the browser's guess at
/// sign-in). An unknown name is a field error.
pub async fn set_time_zone(
    db: &Db,
    user: UserId,
    name: &str,
    only_if_unset: bool,
) -> Result<(), AppError> {
    let zone = LearnerZone::parse(name).map_err(|_| {
        AppError::field(
            crate::error::FieldName::TimeZone,
            crate::error::FieldProblem::UnknownTimeZone,
        )
    })?;
    store::set_time_zone(db, user, zone.name(), only_if_unset)
        .await
        .context("saving the time zone")
}

/// After a sign-in or sign-up: the browser's time zone, kept only if the learner has none set
/// yet. A guess, so any problem with it is logged and ignored.
pub async fn remember_browser_zone(db: &Db, user: UserId, name: Option<&str>) {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        return;
    };
    if let Err(err) = set_time_zone(db, user, name, true).await {
        tracing::info!(?err, "ignored the browser's time zone");
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::Date;
    use crate::domain::progress::streaks;
    use crate::time_zone::{LearnerZone, unix};

    /// Evening practice in Berlin across the spring change (29 March 2026, a 23-hour day):
    /// one attempt a night at 23:30 local time, each on its own local day, none skipped.
    #[test]
    fn a_streak_survives_the_daylight_saving_change_in_local_days() {
        let berlin = LearnerZone::parse("Europe/Berlin").expect("a zone");
        // 23:30 CET is 22:30 UTC; after the change, 23:30 CEST is 21:30 UTC.
        let nights = [
            "2026-03-27T22:30:00Z",
            "2026-03-28T22:30:00Z",
            "2026-03-29T21:30:00Z",
            "2026-03-30T21:30:00Z",
        ];
        let days: Vec<Date> = nights.iter().map(|t| berlin.day(unix(t))).collect();
        assert!(days.windows(2).all(|w| w[1] == w[0] + 1), "{days:?}");
        let today = berlin.day(unix("2026-03-31T08:00:00Z"));
        assert_eq!(streaks(&days, today), (4, 4));
    }

    /// The same instants make different streaks in different zones: Tokyo sees two
    /// attempts two hours apart on two different days where Los Angeles sees one day.
    #[test]
    fn the_learners_zone_decides_which_day_an_attempt_counts_for() {
        let tokyo = LearnerZone::parse("Asia/Tokyo").expect("a zone");
        let la = LearnerZone::parse("America/Los_Angeles").expect("a zone");
        // 14:00 and 16:00 UTC: 23:00 and 01:00 in Tokyo; 06:00 and 08:00 in Los Angeles.
        let instants = [unix("2026-06-10T14:00:00Z"), unix("2026-06-10T16:00:00Z")];
        let later = unix("2026-06-11T18:00:00Z");
        let in_zone = |zone: &LearnerZone| -> (u32, u32) {
            let days: Vec<Date> = instants.iter().map(|t| zone.day(*t)).collect();
            streaks(&days, zone.day(later))
        };
        assert_eq!(in_zone(&tokyo), (2, 2), "two nights in a row in Tokyo");
        assert_eq!(in_zone(&la), (1, 1), "one morning in Los Angeles");
    }

    /// The dashboard built straight from its inputs: a learner in Berlin with three days of
    /// practice on two questions (one of each concept pair) and a question that left the bank.
    #[test]
    fn the_dashboard_is_built_from_its_inputs_alone() {
        use super::{DashboardInputs, build_dashboard};
        use crate::db::progress::{DayRow, QuestionRow, WeekGrades};
        use crate::domain::{Concept, Level, QuestionSlug, QuestionSummary, Rating};

        let zone = LearnerZone::parse("Europe/Berlin").expect("a zone");
        let now = unix("2026-06-10T18:00:00Z");
        let today = zone.day(now);
        let day = |n: i64, attempts: i64, seconds: i64, good: i64| DayRow {
            day: (today - n).day_number(),
            attempts,
            seconds,
            again: 0,
            hard: 0,
            good,
            easy: 0,
        };
        let question = |slug: &str, concepts: Vec<Concept>| QuestionSummary {
            slug: QuestionSlug::parse(slug).expect("a slug"),
            title: format!("Title of {slug}"),
            level: Level::Conceptual,
            concepts,
        };
        let row = |slug: &str, stability: f64, due_in_days: i64| QuestionRow {
            question_slug: slug.to_owned(),
            attempts: 2,
            last_rating: Some(3),
            confident_followed: 1,
            again_after_confident: 1,
            stability: Some(stability),
            difficulty: Some(5.0),
            last_review_at: Some(now - 86_400),
            due_at: Some(now + due_in_days * 86_400),
        };
        let dashboard = build_dashboard(DashboardInputs {
            now,
            zone: zone.clone(),
            bank: vec![
                question("alpha", vec![Concept::Cap]),
                question("beta", vec![Concept::LatencyThroughput]),
                question("gamma", vec![Concept::Cap]),
            ],
            questions: vec![
                row("alpha", 2.0, 1),
                row("beta", 40.0, 30),
                row("retired", 1.0, 0),
            ],
            days: vec![
                day(2, 1, 100, 1),
                day(1, 2, 200, 1),
                day(0, 1, 300, 0),
                day(30, 4, 50, 2),
            ],
            weekly: vec![WeekGrades {
                question_slug: "alpha".to_owned(),
                week: 7,
                rating_sum: 7,
                grades: 2,
            }],
            latest: [(Concept::Cap, vec![Rating::Good, Rating::Hard])].into(),
        });
        assert_eq!(dashboard.today, today);
        assert_eq!(dashboard.time_zone, "Europe/Berlin");
        assert_eq!(dashboard.attempts, 8);
        assert_eq!(dashboard.total_seconds, 650);
        assert_eq!((dashboard.current_streak, dashboard.longest_streak), (3, 3));
        assert_eq!(dashboard.ratings, [0, 0, 4, 0]);
        assert_eq!(
            dashboard.weekly_seconds.last(),
            Some(&600),
            "this week's three days"
        );
        assert_eq!(dashboard.weekly_seconds.iter().sum::<i64>(), 650);

        let by_concept = |concept: Concept| {
            dashboard
                .concepts
                .iter()
                .find(|c| c.concept == concept)
                .expect("every concept has a card")
        };
        let cap = by_concept(Concept::Cap);
        assert_eq!((cap.attempted, cap.questions), (1, 2), "gamma is untried");
        assert_eq!(cap.latest, [Rating::Good, Rating::Hard]);
        assert_eq!(cap.trend.last(), Some(&Some(3.5)));
        assert_eq!((cap.confident_followed, cap.again_after_confident), (1, 1));
        let lt = by_concept(Concept::LatencyThroughput);
        assert_eq!((lt.attempted, lt.questions), (1, 1));
        assert!(lt.latest.is_empty());
        assert!(lt.trend.iter().all(Option::is_none));

        // Weakest first; the retired question is in neither the weakest nor the forecast.
        let weakest: Vec<&str> = dashboard.weakest.iter().map(|w| w.slug.as_str()).collect();
        assert_eq!(weakest, ["alpha", "beta"]);
        assert_eq!(
            dashboard.forecast.iter().sum::<u32>(),
            1,
            "alpha, due tomorrow"
        );
        assert_eq!(dashboard.forecast[1], 1);
    }
}
