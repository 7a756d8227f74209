//! Answers shared with a set and the peers' reviews of them: sharing one of my answers, a
//! shared answer's page, and scoring it with the question's rubric.

use super::Access;
use crate::db::sets::{self as store, NewReview};
use crate::db::{Db, DbError, practice as attempts, questions};
use crate::domain::Timestamp;
use crate::domain::sets::SharedAnswerPage;
use crate::domain::{AttemptId, ReviewComment, SetId, UserId};
use crate::error::{AppError, Context, FieldName, FieldProblem};

/// Shares one of my answers (at a question in the set) with the set for review.
pub async fn share_answer(
    db: &Db,
    user: UserId,
    set: SetId,
    attempt: &str,
    now: Timestamp,
) -> Result<AttemptId, AppError> {
    Access::to_see(db, user, set).await?;
    let not_shareable = || AppError::field(FieldName::Attempt, FieldProblem::NotShareable);
    let attempt = attempt
        .trim()
        .parse::<i64>()
        .map(AttemptId)
        .map_err(|_| not_shareable())?;
    store::share_answer(db, set, attempt, user, now)
        .await
        .context("sharing an answer")?
        .ok_or_else(not_shareable)?;
    Ok(attempt)
}

/// A shared answer's page, for the set's members; `None` when the answer was not shared
/// with this set (whoever wrote it) or I am not a member.
pub async fn shared_answer(
    db: &Db,
    user: UserId,
    set: SetId,
    attempt: AttemptId,
    now: Timestamp,
) -> Result<Option<SharedAnswerPage>, AppError> {
    let Some(Access { row, .. }) = Access::of(db, user, set).await?.filter(Access::may_see) else {
        return Ok(None);
    };
    let Some(answer) = store::find_shared_answer(db, set, attempt)
        .await
        .context("loading a shared answer")?
    else {
        return Ok(None);
    };
    let question = questions::find_question(db, &answer.slug)
        .await
        .context("loading a question")?
        .ok_or_else(|| {
            AppError::internal(
                "loading a question",
                DbError::Corrupt(answer.slug.to_string()),
            )
        })?;
    let is_author = answer.author == user;
    let self_grade = if is_author {
        attempts::find_attempt(db, user, &answer.slug, attempt)
            .await
            .context("loading an attempt")?
            .and_then(|stored| stored.grade)
    } else {
        None
    };
    let reviews = store::reviews(db, attempt, Some(set))
        .await
        .context("loading reviews")?;
    let reviewed = reviews.iter().any(|given| given.reviewer == user);
    Ok(Some(SharedAnswerPage {
        set,
        set_title: row.title,
        attempt,
        author: answer.author_name,
        is_author,
        slug: answer.slug,
        question_title: question.title,
        rubric: question.rubric,
        answer_html: answer
            .answer_html
            .unwrap_or_else(|| crate::markdown::render_learner(&answer.answer_md)),
        skipped: answer.skipped,
        submitted_at: answer.submitted_at,
        self_grade,
        reviews: reviews.into_iter().map(|given| given.review).collect(),
        can_review: !is_author && !reviewed,
        now,
    }))
}

/// Scores a shared answer with the question's rubric and an optional comment. Only members,
/// never the author, once each.
pub async fn review(
    db: &Db,
    user: UserId,
    set: SetId,
    attempt: AttemptId,
    ticked: &[u32],
    comment: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let page = shared_answer(db, user, set, attempt, now)
        .await?
        .ok_or_else(|| AppError::NotFound("That shared answer".into()))?;
    if page.is_author {
        return Err(AppError::InvalidInput(
            "This is your own answer: your self-rating is your score.".into(),
        ));
    }
    let comment =
        ReviewComment::parse(comment).map_err(|e| AppError::field(FieldName::Comment, e))?;
    let mut items = Vec::with_capacity(ticked.len());
    let mut seen = std::collections::BTreeSet::new();
    for &index in ticked {
        let item = usize::try_from(index)
            .ok()
            .and_then(|i| page.rubric.get(i))
            .ok_or_else(|| AppError::field(FieldName::Ticked, FieldProblem::UnknownRubricItem))?;
        if seen.insert(index) {
            items.push(item.clone());
        }
    }
    let outcome = store::insert_review(
        db,
        &NewReview {
            set,
            attempt,
            reviewer: user,
            ticked: &items,
            rubric_total: u32::try_from(page.rubric.len()).unwrap_or(u32::MAX),
            comment: comment.as_str(),
            now,
        },
    )
    .await
    .context("saving a review")?;
    match outcome {
        store::Reviewed::Stored => Ok(()),
        store::Reviewed::Already => Err(AppError::Conflict(
            "You have already reviewed this answer; your first review stands.".into(),
        )),
        store::Reviewed::Gone => Err(AppError::NotFound("That shared answer".into())),
    }
}
