//! The practice loop on the server: submitting an answer, grading it against the rubric,
//! scheduling the next review, the review queue and the interview date.
//!
//! Server functions call these with the signed-in user; everything here parses its input into
//! domain types first, so a rejected request stores nothing. SQL stays in [`crate::db`].

use crate::db::practice::{self as store, AttemptsWanted, Graded, NewAttempt, NewGrade, Submitted};
use crate::db::{Db, questions};
use crate::domain::Timestamp;
use crate::domain::calendar::DAY;
use crate::domain::{
    AnswerForm, AnswerText, AttemptDetail, AttemptId, AttemptToken, Date, KeyTermUse,
    QuestionDetail, QuestionSlug, Rating, ReviewQueue, UserId, key_terms,
};
use crate::error::Context;
use crate::error::{AppError, FieldName, FieldProblem};
use crate::scheduler::Scheduler;
use crate::services::shared::{check_ahead, form_key, learner_zone, random_128};

/// The longest a single attempt is taken to have lasted: a tab left open overnight says
/// nothing about how long the answer took.
const LONGEST_ATTEMPT_SECS: i64 = DAY;

/// A fresh answer-form token.
pub fn new_token() -> Result<AttemptToken, AppError> {
    AttemptToken::parse(&random_128()?).map_err(|err| AppError::internal("drawing a token", err))
}

async fn question(db: &Db, slug: &QuestionSlug) -> Result<QuestionDetail, AppError> {
    questions::find_question(db, slug)
        .await
        .context("loading a question")?
        .ok_or_else(|| AppError::NotFound("That question".into()))
}

/// A question that takes new answers: in the bank, not retired.
async fn open_question(db: &Db, slug: &QuestionSlug) -> Result<QuestionDetail, AppError> {
    let question = question(db, slug).await?;
    if question.retired {
        return Err(AppError::NotFound("That question".into()));
    }
    Ok(question)
}

/// The answer form for `slug`, with a page of my attempts at it (the newest, or those older
/// than `older_than`).
pub async fn answer_form(
    db: &Db,
    user: UserId,
    slug: &QuestionSlug,
    older_than: Option<AttemptId>,
    now: Timestamp,
) -> Result<AnswerForm, AppError> {
    let wanted = AttemptsWanted {
        older_than,
        except: None,
    };
    Ok(AnswerForm {
        token: new_token()?,
        opened_at: now,
        now,
        attempts: store::list_attempts(db, user, slug, &wanted)
            .await
            .context("listing attempts")?,
        due_at: store::due_at(db, user, slug)
            .await
            .context("loading a due date")?,
        story_offers: crate::db::stories::offers(db, user, slug)
            .await
            .context("finding stories to offer")?,
    })
}

/// One of my attempts in full, or `None` when it is not mine (or not at this question).
pub async fn attempt_detail(
    db: &Db,
    user: UserId,
    slug: &QuestionSlug,
    id: AttemptId,
    older_than: Option<AttemptId>,
    now: Timestamp,
) -> Result<Option<AttemptDetail>, AppError> {
    let Some(stored) = store::find_attempt(db, user, slug, id)
        .await
        .context("loading an attempt")?
    else {
        return Ok(None);
    };
    let wanted = AttemptsWanted {
        older_than,
        except: Some(id),
    };
    let attempts = store::list_attempts(db, user, slug, &wanted)
        .await
        .context("listing attempts")?;
    let zone = learner_zone(db, user).await?;
    let due_on = stored.grade.as_ref().map(|grade| zone.day(grade.due_at));
    Ok(Some(AttemptDetail {
        id: stored.id,
        slug: stored.slug,
        answer_html: stored
            .answer_html
            .unwrap_or_else(|| crate::markdown::render_learner(&stored.answer)),
        skipped: stored.skipped,
        timed: stored.timed,
        started_at: stored.started_at,
        submitted_at: stored.submitted_at,
        duration_secs: stored.duration_secs,
        key_terms: stored.key_terms,
        grade: stored.grade,
        due_on,
        peer_reviews: crate::db::sets::reviews(db, id, None)
            .await
            .context("loading reviews")?
            .into_iter()
            .map(|given| given.review)
            .collect(),
        now,
        attempts,
    }))
}

/// An answer as the form posts it.
pub struct Submission<'a> {
    pub slug: &'a str,
    pub token: &'a str,
    pub answer: &'a str,
    /// The learner chose "Skip writing": an empty answer is then allowed.
    pub skip: bool,
    /// Server time when the form was rendered.
    pub opened_at: Timestamp,
    /// Milliseconds from the first keystroke (or the timer's start) to the submit, measured
    /// in the browser; absent without JavaScript.
    pub elapsed_ms: Option<i64>,
    pub timed: bool,
}

/// Stores an answer. Submitting the same form twice with the same text stores it once and
/// names the same attempt both times. Returns the question (parsed, safe to put in a URL)
/// and the attempt.
pub async fn submit(
    db: &Db,
    user: UserId,
    submission: &Submission<'_>,
    now: Timestamp,
) -> Result<(QuestionSlug, AttemptId), AppError> {
    let slug = QuestionSlug::parse(submission.slug)
        .map_err(|_| AppError::NotFound("That question".into()))?;
    let token = AttemptToken::parse(submission.token).map_err(|_| {
        AppError::InvalidInput("The answer form was damaged. Reload the page and try again.".into())
    })?;
    let answer = if submission.skip {
        AnswerText::parse_skipped(submission.answer)
    } else {
        AnswerText::parse(submission.answer)
    }
    .map_err(|err| AppError::field(FieldName::Answer, err))?;
    let question = open_question(db, &slug).await?;

    // Without JavaScript the attempt began when the form was rendered; with it, at the first
    // keystroke. Either way never before the form existed, nor longer ago than a day.
    let opened_at = submission.opened_at.clamp(now - LONGEST_ATTEMPT_SECS, now);
    let started_at = match submission.elapsed_ms {
        Some(ms) => (now - ms.max(0) / 1000).max(opened_at),
        None => opened_at,
    };
    let key_terms: Vec<KeyTermUse> = question
        .key_terms
        .iter()
        .map(|term| KeyTermUse {
            term: key_terms::name(term).to_owned(),
            used: key_terms::uses_term(answer.as_str(), term),
        })
        .collect();
    let key = submission_key(&token, &slug, &answer);
    let stored = store::insert_attempt(
        db,
        &NewAttempt {
            user,
            slug: &slug,
            key: &key,
            answer: &answer,
            answer_html: &crate::markdown::render_learner(answer.as_str()),
            timed: submission.timed,
            started_at,
            submitted_at: now,
            local_day: learner_zone(db, user).await?.day(now),
            key_terms: &key_terms,
        },
    )
    .await
    .context("storing an attempt")?;
    match stored {
        Submitted::Created(id) => Ok((slug, id)),
        Submitted::AlreadyStored(id, stored_slug) if stored_slug == slug.as_str() => Ok((slug, id)),
        // Two different submissions with one digest: next to impossible, and never merged.
        Submitted::AlreadyStored(..) => Err(AppError::Conflict(
            "That answer form was already used. Reload the page and submit again.".into(),
        )),
    }
}

/// What makes two submissions "the same": the form's token and a digest of what was posted.
/// A double-clicked submit (same form, same text) stores one attempt; a form brought back
/// with the Back button and used for a different answer stores that answer as a new attempt
/// instead of dropping it.
fn submission_key(token: &AttemptToken, slug: &QuestionSlug, answer: &AnswerText) -> String {
    form_key(token, &[slug.as_str(), answer.as_str()])
}

/// Records the rubric ticks and the rating of an attempt and schedules the question's next
/// review. `rating` is the learner's choice (`"1"`–`"4"`); without one, the rubric's
/// suggestion is the rating. Grading an attempt a second time changes nothing: the first grade
/// stands (a double-clicked Save stores one grade). Returns the question, parsed.
pub async fn grade(
    db: &Db,
    user: UserId,
    slug: &str,
    attempt: AttemptId,
    ticked: &[u32],
    rating: Option<&str>,
    now: Timestamp,
) -> Result<QuestionSlug, AppError> {
    let not_found = || AppError::NotFound("That attempt".into());
    let slug = QuestionSlug::parse(slug).map_err(|_| not_found())?;
    let question = question(db, &slug).await?;

    let mut ticks: Vec<(usize, String)> = Vec::with_capacity(ticked.len());
    for &position in ticked {
        let position = usize::try_from(position).unwrap_or(usize::MAX);
        let item = question
            .rubric
            .get(position)
            .ok_or_else(|| AppError::field(FieldName::Ticked, FieldProblem::UnknownRubricItem))?;
        if !ticks.iter().any(|(p, _)| *p == position) {
            ticks.push((position, item.clone()));
        }
    }
    ticks.sort_by_key(|(position, _)| *position);

    let suggested = Rating::suggested(ticks.len(), question.rubric.len());
    let rating = match rating.map(str::trim).filter(|r| !r.is_empty()) {
        None => suggested,
        Some(text) => text
            .parse::<u8>()
            .ok()
            .and_then(|n| Rating::try_from(n).ok())
            .ok_or_else(|| AppError::field(FieldName::Rating, FieldProblem::RatingOutOfRange))?,
    };

    // The interview begins at the learner's local midnight, not UTC's.
    let zone = learner_zone(db, user).await?;
    let interview_at = store::interview_on(db, user)
        .await
        .context("loading the interview date")?
        .map(|date| zone.day_start(date));
    let scheduler = Scheduler::default();
    let graded = store::record_grade(
        db,
        &NewGrade {
            user,
            slug: &slug,
            attempt,
            ticked: &ticks,
            rubric_total: question.rubric.len(),
            rating,
            suggested,
            now,
            local_day: zone.day(now),
        },
        |memory| scheduler.review(memory, rating, now, interview_at),
    )
    .await
    .context("recording a grade")?;
    match graded {
        Graded::Scheduled { .. } | Graded::AlreadyGraded => Ok(slug),
        Graded::NotFound => Err(not_found()),
    }
}

/// The review page: what is due today (oldest due first), then new questions in the bank's
/// order, then what comes up later (soonest first). "Today" ends at the learner's local
/// midnight.
pub async fn review_queue(db: &Db, user: UserId, now: Timestamp) -> Result<ReviewQueue, AppError> {
    let items = store::queue_items(db, user)
        .await
        .context("building the review queue")?;
    let interview_on = store::interview_on(db, user)
        .await
        .context("loading the interview date")?;
    let zone = learner_zone(db, user).await?;
    let end_of_today = zone.day_start(zone.day(now) + 1);
    let (mut due, mut new, mut later) = (Vec::new(), Vec::new(), Vec::new());
    for item in items {
        match item.due_at {
            None => new.push(item),
            Some(at) if at < end_of_today => due.push(item),
            Some(_) => later.push(item),
        }
    }
    // Stable sorts: questions due at the same moment keep the bank's order.
    due.sort_by_key(|item| item.due_at);
    later.sort_by_key(|item| item.due_at);
    let stories = crate::db::stories::queue_items(db, user)
        .await
        .context("listing stories for review")?;
    let (mut stories_due, mut stories_new, mut stories_later) =
        (Vec::new(), Vec::new(), Vec::new());
    for story in stories {
        match story.due_at {
            None => stories_new.push(story),
            Some(at) if at < end_of_today => stories_due.push(story),
            Some(_) => stories_later.push(story),
        }
    }
    stories_due.sort_by_key(|story| story.due_at);
    stories_later.sort_by_key(|story| story.due_at);
    Ok(ReviewQueue {
        now,
        today: zone.day(now),
        interview_on,
        due,
        new,
        later,
        stories_due,
        stories_new,
        stories_later,
    })
}

/// Sets the interview date from the form's `YYYY-MM-DD` (empty clears it). A date must be
/// today or later and within two years, "today" being the learner's (their time zone's).
pub async fn set_interview_date(
    db: &Db,
    user: UserId,
    text: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let field = |problem: FieldProblem| AppError::field(FieldName::InterviewOn, problem);
    if text.trim().is_empty() {
        return store::set_interview_on(db, user, None, None)
            .await
            .context("clearing the interview date");
    }
    let date = Date::parse(text).map_err(|err| field(err.into()))?;
    check_ahead(db, user, date, now, field).await?;
    let zone = learner_zone(db, user).await?;
    // The scheduler's rule: seen again by the eve of the interview (its local start),
    // never in the past.
    let latest_due = zone.day_start(date - 1).max(now);
    store::set_interview_on(db, user, Some(date), Some(latest_due))
        .await
        .context("saving the interview date")
}

pub async fn interview_date(db: &Db, user: UserId) -> Result<Option<Date>, AppError> {
    store::interview_on(db, user)
        .await
        .context("loading the interview date")
}

/// A preview of an answer through the same pipeline as the content.
pub fn preview(markdown: &str) -> Result<String, AppError> {
    let answer = AnswerText::parse_skipped(markdown)
        .map_err(|err| AppError::field(FieldName::Answer, err))?;
    Ok(crate::markdown::render_learner(answer.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::users::{Inserted, insert_user};
    use crate::domain::{AttemptPage, Username};
    use crate::password_hashing::PasswordHash;
    use std::path::Path;

    const T0: Timestamp = Timestamp::from_secs(1_800_000_000);

    async fn seeded() -> (tempfile::TempDir, Db, UserId) {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let db = Db::connect(&url).await.expect("connect");
        db.migrate().await.expect("migrate");
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let bank = crate::content::load(&content).expect("seed content");
        // The nine seed questions (orders 1 to 9): a fixed bank, whatever content grows to.
        let seed = crate::content::Bank {
            questions: bank
                .questions
                .into_iter()
                .filter(|q| q.order <= 9)
                .collect(),
            ..bank
        };
        crate::db::content::sync(&db, &seed).await.expect("sync");
        let name = Username::parse("learner").expect("a username");
        let hash = PasswordHash::from_stored("not used here".into());
        let Inserted::Created(user) = insert_user(&db, &name, &hash, T0).await.expect("insert")
        else {
            panic!("a fresh database has no such user");
        };
        (dir, db, user)
    }

    /// Answers `slug` at `now` and grades it with `rating`; returns when it comes back.
    async fn study(
        db: &Db,
        user: UserId,
        slug: &QuestionSlug,
        rating: Rating,
        now: Timestamp,
    ) -> Timestamp {
        let token = new_token().expect("token");
        let (_, id) = submit(
            db,
            user,
            &Submission {
                slug: slug.as_str(),
                token: token.as_str(),
                answer: "An answer",
                skip: false,
                opened_at: now - 120,
                elapsed_ms: None,
                timed: false,
            },
            now,
        )
        .await
        .expect("submit");
        let rating = rating.number().to_string();
        grade(db, user, slug.as_str(), id, &[0], Some(&rating), now)
            .await
            .expect("grade");
        store::due_at(db, user, slug)
            .await
            .expect("due")
            .expect("scheduled")
    }

    /// A week of evenings with the nine seed questions: every question is studied on the
    /// first evening, each comes back within days, and a question rated Good each time comes
    /// back later each time. What is due is always offered first.
    #[tokio::test]
    async fn a_week_of_study_brings_each_question_back_at_a_sensible_time() {
        let (_dir, db, user) = seeded().await;
        let mut reviews: std::collections::BTreeMap<String, Vec<Timestamp>> = Default::default();
        for day in 0..7 {
            let evening = T0 + day * DAY;
            let queue = review_queue(&db, user, evening).await.expect("queue");
            if day == 0 {
                assert_eq!(queue.new.len(), 9, "all nine are new on the first evening");
                assert!(queue.due.is_empty());
            }
            let overdue = queue.due.iter().filter_map(|item| item.due_at).max();
            assert!(
                overdue.is_none_or(|at| evening - at <= DAY),
                "studying every evening, nothing waits more than a day"
            );
            // Study what is due, then what is new; rate everything Good, except that the
            // rate-limiter question is missed once on the first evening.
            for item in queue.due.iter().chain(queue.new.iter()) {
                let missed = day == 0 && item.slug.as_str() == "distributed-rate-limiter";
                let rating = if missed { Rating::Again } else { Rating::Good };
                let due = study(&db, user, &item.slug, rating, evening).await;
                reviews
                    .entry(item.slug.as_str().to_owned())
                    .or_default()
                    .push(evening);
                let gap_days = (due - evening) as f64 / DAY as f64;
                assert!(
                    (0.0..30.0).contains(&gap_days),
                    "{} comes back in {gap_days} days",
                    item.slug.as_str()
                );
                if rating == Rating::Again {
                    assert!(gap_days < 1.0, "a miss comes back the same day");
                }
            }
        }
        assert_eq!(reviews.len(), 9, "every question studied");
        for (slug, evenings) in &reviews {
            let gaps: Vec<i64> = evenings.windows(2).map(|w| (w[1] - w[0]) / DAY).collect();
            assert!(
                gaps.windows(2).all(|g| g[1] >= g[0]),
                "{slug}: gaps grow with each Good: {gaps:?}"
            );
            assert!(
                evenings.len() >= 2,
                "{slug} came back within the week: {evenings:?}"
            );
        }
        // The missed question came back the next evening.
        assert_eq!(reviews["distributed-rate-limiter"][..2], [T0, T0 + DAY]);
    }

    /// The roll-ups the practice writes keep are exactly what the migration's backfill builds
    /// from the attempts: a scripted history over several days, with a double submit, a
    /// second grade of one attempt and a grade of an attempt that does not exist, none of
    /// which may count twice.
    #[tokio::test]
    async fn the_live_roll_ups_match_a_rebuild_from_the_attempts() {
        let (_dir, db, user) = seeded().await;
        let slugs = [
            "cap-mysql-partition",
            "performance-vs-scalability",
            "cap-mysql-partition",
        ];
        let mut t = T0;
        for (i, slug) in slugs.iter().cycle().take(12).enumerate() {
            t += 7 * 3600 + 600; // spreads the history over several UTC days
            let token = new_token().expect("token");
            let submission = Submission {
                slug,
                token: token.as_str(),
                answer: "An answer",
                skip: false,
                opened_at: t - 300,
                elapsed_ms: Some(90_000 + 1000 * i64::try_from(i).unwrap_or(0)),
                timed: false,
            };
            let (_, id) = submit(&db, user, &submission, t).await.expect("submit");
            let (_, again) = submit(&db, user, &submission, t + 1)
                .await
                .expect("resubmit");
            assert_eq!(id, again, "a double submit is one attempt");
            if i % 4 != 3 {
                let rating = ["3", "1", "4"][i % 3];
                grade(&db, user, slug, id, &[0], Some(rating), t + 60)
                    .await
                    .expect("grade");
                grade(&db, user, slug, id, &[], Some("2"), t + 61)
                    .await
                    .expect("regrade");
            }
        }
        let missing = grade(&db, user, slugs[0], AttemptId(9_999), &[], Some("3"), t).await;
        assert!(matches!(missing, Err(AppError::NotFound(_))));

        let snapshot = |db: Db| async move {
            let days: Vec<(i64, i64, i64, i64, i64, i64, i64)> = sqlx::query_as(
                "SELECT day, attempts, seconds, again, hard, good, easy FROM daily_activity ORDER BY day",
            )
            .fetch_all(db.sqlite_pools().reader())
            .await
            .expect("days");
            let questions: Vec<(String, i64, i64, Option<i64>, i64, i64)> = sqlx::query_as(
                "SELECT question_slug, attempts, last_attempt_at, last_rating, confident_followed,
                        again_after_confident
                 FROM question_progress ORDER BY question_slug",
            )
            .fetch_all(db.sqlite_pools().reader())
            .await
            .expect("questions");
            (days, questions)
        };
        let live = snapshot(db.clone()).await;
        assert!(live.0.len() >= 3, "several days: {:?}", live.0);
        assert!(
            live.1.iter().any(|q| q.4 > 0),
            "some confident grade was followed"
        );

        sqlx::query("DELETE FROM daily_activity")
            .execute(db.sqlite_pools().writer())
            .await
            .expect("clear");
        sqlx::query("DELETE FROM question_progress")
            .execute(db.sqlite_pools().writer())
            .await
            .expect("clear");
        sqlx::raw_sql(crate::db::progress::backfill_sql())
            .execute(db.sqlite_pools().writer())
            .await
            .expect("the backfill");
        assert_eq!(snapshot(db.clone()).await, live);
    }

    #[tokio::test]
    async fn an_answer_cannot_carry_script_into_its_preview_or_its_page() {
        let hostile = "<script>alert(1)</script>\n\n[click](javascript:alert(1)) \
                       <img src=x onerror=alert(1)>";
        let html = preview(hostile).expect("a preview");
        for bad in ["<script", "javascript:", "onerror"] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
        assert!(html.contains("click"), "the text is kept: {html}");
    }

    #[tokio::test]
    async fn tokens_are_fresh_and_url_safe() {
        let a = new_token().expect("token");
        let b = new_token().expect("token");
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 22, "128 bits in unpadded base64url");
    }

    /// The question page lists one page of attempts at a time, newest first; following
    /// "older" pages walks every attempt exactly once, the attempt on show is left out, and a
    /// cursor that is not one of mine at this question starts at the newest.
    #[tokio::test]
    async fn past_attempts_come_a_page_at_a_time_and_paging_visits_each_once() {
        let (_dir, db, user) = seeded().await;
        let slug = QuestionSlug::parse("quorum-loss-incident").expect("slug");
        let total = AttemptPage::SIZE * 2 + 3;
        let mut ids = Vec::new();
        for i in 0..total {
            let token = new_token().expect("token");
            // Two attempts share each second, so the id breaks ties.
            let now = T0 + i64::try_from(i / 2).expect("small");
            let (_, id) = submit(
                &db,
                user,
                &Submission {
                    slug: slug.as_str(),
                    token: token.as_str(),
                    answer: &format!("Answer number {i}"),
                    skip: false,
                    opened_at: now,
                    elapsed_ms: None,
                    timed: false,
                },
                now,
            )
            .await
            .expect("submit");
            ids.push(id);
        }
        let newest_first: Vec<AttemptId> = ids.iter().rev().copied().collect();

        let mut seen = Vec::new();
        let mut before = None;
        let mut pages = 0;
        loop {
            let form = answer_form(&db, user, &slug, before, T0)
                .await
                .expect("form");
            let page = form.attempts;
            assert!(page.attempts.len() <= AttemptPage::SIZE);
            assert_eq!(page.after_newest, before.is_some());
            seen.extend(page.attempts.iter().map(|a| a.id));
            pages += 1;
            match page.older_than {
                Some(id) => before = Some(id),
                None => break,
            }
        }
        assert_eq!(pages, 3);
        assert_eq!(seen, newest_first, "every attempt once, newest first");

        // Showing one attempt leaves it out of "your other attempts".
        let shown = newest_first[1];
        let detail = attempt_detail(&db, user, &slug, shown, None, T0)
            .await
            .expect("detail")
            .expect("mine");
        assert_eq!(detail.attempts.attempts.len(), AttemptPage::SIZE);
        assert!(detail.attempts.attempts.iter().all(|a| a.id != shown));
        assert_eq!(detail.attempts.attempts[0].id, newest_first[0]);
        assert_eq!(detail.attempts.attempts[1].id, newest_first[2]);

        // A cursor at another question, another learner's attempt at this one, or an id that
        // names nothing is ignored: the list starts at my newest.
        let other = QuestionSlug::parse("distributed-rate-limiter").expect("slug");
        let elsewhere = study_id(&db, user, &other).await;
        let name = Username::parse("someone-else").expect("a username");
        let hash = PasswordHash::from_stored("not used here".into());
        let Inserted::Created(someone) = insert_user(&db, &name, &hash, T0).await.expect("insert")
        else {
            panic!("a new name");
        };
        let theirs = study_id(&db, someone, &slug).await;
        for cursor in [elsewhere, theirs, AttemptId(999_999)] {
            let form = answer_form(&db, user, &slug, Some(cursor), T0)
                .await
                .expect("form");
            assert!(!form.attempts.after_newest, "{cursor:?}");
            assert_eq!(form.attempts.attempts[0].id, newest_first[0], "{cursor:?}");
            assert!(form.attempts.attempts.iter().all(|a| a.id != theirs));
        }
    }

    async fn study_id(db: &Db, user: UserId, slug: &QuestionSlug) -> AttemptId {
        let token = new_token().expect("token");
        submit(
            db,
            user,
            &Submission {
                slug: slug.as_str(),
                token: token.as_str(),
                answer: "Elsewhere",
                skip: false,
                opened_at: T0,
                elapsed_ms: None,
                timed: false,
            },
            T0,
        )
        .await
        .expect("submit")
        .1
    }
}
