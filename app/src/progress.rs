//! The progress pages on the server: the dashboard's figures and a concept's question list,
//! computed from the roll-ups in [`crate::db::progress`] and the pure arithmetic in
//! [`crate::domain::progress`], in the learner's time zone.

use crate::db::{Db, progress as store, questions};
use crate::domain::progress::{
    self as calc, ConceptProgress, ConceptQuestion, ConceptReport, Dashboard, HEATMAP_DAYS, Status,
    TREND_WEEKS, WeakQuestion,
};
use crate::domain::{Concept, QuestionSummary, Rating, UserId};
use crate::error::AppError;
use crate::error::Context;
use crate::scheduler::{Memory, recall};
use std::collections::HashMap;

const WEEK: i64 = 7 * 24 * 60 * 60;

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

pub async fn dashboard(db: &Db, user: UserId, now: i64) -> Result<Dashboard, AppError> {
    let zone = crate::practice::learner_zone(db, user).await?;
    let today = zone.day(now);
    let bank = questions::list_questions(db, None, None)
        .await
        .context("listing questions")?;
    let rows = rows_by_question(db, user).await?;
    let days = store::days(db, user)
        .await
        .context("loading daily activity")?;

    let active: Vec<i64> = days
        .iter()
        .filter(|d| d.attempts > 0)
        .map(|d| d.day)
        .collect();
    let (current_streak, longest_streak) = calc::streaks(&active, today);
    let heatmap = days
        .iter()
        .filter(|d| d.attempts > 0 && d.day > today - HEATMAP_DAYS && d.day <= today)
        .map(|d| (d.day, d.attempts))
        .collect();
    let ratings = days.iter().fold([0_i64; 4], |mut sum, d| {
        sum[0] += d.again;
        sum[1] += d.hard;
        sum[2] += d.good;
        sum[3] += d.easy;
        sum
    });
    let mut weekly_seconds = vec![0_i64; TREND_WEEKS];
    for d in &days {
        // Week 0 is the last seven days; the list runs oldest first.
        let ago = usize::try_from((today - d.day).div_euclid(7)).unwrap_or(usize::MAX);
        if ago < TREND_WEEKS {
            weekly_seconds[TREND_WEEKS - 1 - ago] += d.seconds;
        }
    }

    // The weekly trend: eight weeks of local days, the last ending today.
    let first_day = today - 7 * i64::try_from(TREND_WEEKS).unwrap_or(8) + 1;
    let edges: Vec<i64> = (0..TREND_WEEKS)
        .map(|k| zone.day_start(first_day + 7 * i64::try_from(k).unwrap_or(0)))
        .collect();
    let weekly = store::weekly_grades(db, user, &edges)
        .await
        .context("loading weekly grades")?;
    let mut latest: HashMap<Concept, Vec<Rating>> = HashMap::new();
    for concept in Concept::ALL {
        let grades = store::latest_grades(db, user, concept.slug(), 5)
            .await
            .context("loading the latest grades")?;
        latest.insert(concept, grades);
    }

    let attempted: std::collections::HashSet<&str> = rows
        .values()
        .filter(|row| row.attempts > 0)
        .map(|row| row.question_slug.as_str())
        .collect();
    let concepts = Concept::ALL
        .into_iter()
        .map(|concept| {
            let in_concept: Vec<&QuestionSummary> = bank
                .iter()
                .filter(|q| q.concepts.contains(&concept))
                .collect();
            let slugs: Vec<&str> = in_concept.iter().map(|q| q.slug.as_str()).collect();
            let own: Vec<&store::QuestionRow> = slugs.iter().filter_map(|s| rows.get(*s)).collect();
            let recalls: Vec<Option<f64>> = own
                .iter()
                .map(|row| memory(row).map(|m| recall(m, now)))
                .collect();
            let coverage = calc::coverage(slugs.iter().copied(), &attempted);
            let mut trend_sum = [(0_i64, 0_i64); TREND_WEEKS];
            for (slug, week, sum, count) in &weekly {
                if let Ok(week) = usize::try_from(*week)
                    && week < TREND_WEEKS
                    && slugs.contains(&slug.as_str())
                {
                    trend_sum[week].0 += sum;
                    trend_sum[week].1 += count;
                }
            }
            ConceptProgress {
                concept,
                mastery: calc::mastery(&recalls, in_concept.len()),
                attempted: coverage.0,
                questions: coverage.1,
                latest: latest.remove(&concept).unwrap_or_default(),
                #[expect(clippy::cast_precision_loss, reason = "small counts")]
                trend: trend_sum
                    .iter()
                    .map(|(sum, count)| (*count > 0).then(|| *sum as f64 / *count as f64))
                    .collect(),
                confident_followed: own.iter().map(|r| r.confident_followed).sum(),
                again_after_confident: own.iter().map(|r| r.again_after_confident).sum(),
            }
        })
        .collect();

    let titles: HashMap<&str, &QuestionSummary> =
        bank.iter().map(|q| (q.slug.as_str(), q)).collect();
    let mut weakest: Vec<WeakQuestion> = rows
        .values()
        .filter_map(|row| {
            let question = titles.get(row.question_slug.as_str())?;
            // Weakest: what will have slipped furthest a week from now. Recall *now* is 100 %
            // for everything just reviewed, which would rank a fresh miss beside a fresh Easy.
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

    let due_days: Vec<i64> = rows
        .values()
        .filter(|row| titles.contains_key(row.question_slug.as_str()))
        .filter_map(|row| row.due_at)
        .map(|at| zone.day(at))
        .collect();

    Ok(Dashboard {
        now,
        today,
        time_zone: zone.name().to_owned(),
        time_zone_set: zone.chosen(),
        attempts: days.iter().map(|d| d.attempts).sum(),
        concepts,
        heatmap,
        current_streak,
        longest_streak,
        ratings,
        total_seconds: days.iter().map(|d| d.seconds).sum(),
        weekly_seconds,
        weakest,
        forecast: calc::forecast(&due_days, today),
    })
}

/// A concept's questions with my status on each.
pub async fn concept_report(
    db: &Db,
    user: UserId,
    concept: Concept,
    now: i64,
) -> Result<ConceptReport, AppError> {
    let zone = crate::practice::learner_zone(db, user).await?;
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

/// Sets the time zone from the account form (`only_if_unset` for the browser's guess at
/// sign-in). An unknown name is a field error.
pub async fn set_time_zone(
    db: &Db,
    user: UserId,
    name: &str,
    only_if_unset: bool,
) -> Result<(), AppError> {
    let zone = crate::time_zone::LearnerZone::parse(name).map_err(|_| {
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
pub async fn remember_browser_zone(db: &Db, session: &tower_sessions::Session, name: Option<&str>) {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        return;
    };
    let Ok(user) = crate::auth::require_user(db, session).await else {
        return;
    };
    if let Err(err) = set_time_zone(db, user, name, true).await {
        tracing::info!(?err, "ignored the browser's time zone");
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::progress::streaks;
    use crate::time_zone::LearnerZone;

    fn unix(text: &str) -> i64 {
        text.parse::<jiff::Timestamp>()
            .expect("a timestamp")
            .as_second()
    }

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
        let days: Vec<i64> = nights.iter().map(|t| berlin.day(unix(t))).collect();
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
            let days: Vec<i64> = instants.iter().map(|t| zone.day(*t)).collect();
            streaks(&days, zone.day(later))
        };
        assert_eq!(in_zone(&tokyo), (2, 2), "two nights in a row in Tokyo");
        assert_eq!(in_zone(&la), (1, 1), "one morning in Los Angeles");
    }
}
