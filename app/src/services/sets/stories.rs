//! Stories shared with a set and the peers' reviews of them: sharing one of my stories, a
//! shared story's page, and scoring it with the story rubric. The same rules as answers
//! ([`super::reviews`]): members only, never the author, once each.

use super::Access;
use crate::db::Db;
use crate::db::sets::{self as store, NewStoryReview};
use crate::domain::sets::SharedStoryPage;
use crate::domain::stories::{STORY_RUBRIC, StoryId};
use crate::domain::{ReviewComment, SetId, Timestamp, UserId};
use crate::error::{AppError, Context, FieldName, FieldProblem};

fn gone() -> AppError {
    AppError::NotFound("That shared story".into())
}

/// Shares one of my stories with the set for review.
pub async fn share_story(
    db: &Db,
    user: UserId,
    set: SetId,
    story: &str,
    now: Timestamp,
) -> Result<StoryId, AppError> {
    Access::to_see(db, user, set).await?;
    let not_shareable = || AppError::field(FieldName::Story, FieldProblem::StoryNotShareable);
    let story = story
        .trim()
        .parse::<i64>()
        .map(StoryId)
        .map_err(|_| not_shareable())?;
    store::share_story(db, set, story, user, now)
        .await
        .context("sharing a story")?
        .ok_or_else(not_shareable)?;
    Ok(story)
}

/// A shared story's page, for the set's members; `None` when the story was not shared with
/// this set (whoever wrote it) or I am not a member.
pub async fn shared_story(
    db: &Db,
    user: UserId,
    set: SetId,
    story: StoryId,
    now: Timestamp,
) -> Result<Option<SharedStoryPage>, AppError> {
    let Some(Access { row, .. }) = Access::of(db, user, set).await?.filter(Access::may_see) else {
        return Ok(None);
    };
    let Some(shared) = store::find_shared_story(db, set, story)
        .await
        .context("loading a shared story")?
    else {
        return Ok(None);
    };
    let is_author = shared.author == user;
    let reviews = store::story_reviews(db, story, Some(set))
        .await
        .context("loading story reviews")?;
    let reviewed = reviews.iter().any(|given| given.reviewer == user);
    Ok(Some(SharedStoryPage {
        set,
        set_title: row.title,
        story,
        author: shared.author_name,
        is_author,
        kind: shared.kind,
        version: shared.version,
        rubric: STORY_RUBRIC.iter().map(|item| (*item).to_owned()).collect(),
        reviews: reviews.into_iter().map(|given| given.review).collect(),
        can_review: !is_author && !reviewed,
        now,
    }))
}

/// Scores a shared story with the story rubric and an optional comment.
pub async fn review_story(
    db: &Db,
    user: UserId,
    set: SetId,
    story: StoryId,
    ticked: &[u32],
    comment: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let page = shared_story(db, user, set, story, now)
        .await?
        .ok_or_else(gone)?;
    if page.is_author {
        return Err(AppError::InvalidInput(
            "This is your own story: rehearse it to score it yourself.".into(),
        ));
    }
    let comment =
        ReviewComment::parse(comment).map_err(|e| AppError::field(FieldName::Comment, e))?;
    let mut items = Vec::with_capacity(ticked.len());
    let mut seen = std::collections::BTreeSet::new();
    for &index in ticked {
        let item = usize::try_from(index)
            .ok()
            .and_then(|i| STORY_RUBRIC.get(i))
            .ok_or_else(|| AppError::field(FieldName::Ticked, FieldProblem::UnknownRubricItem))?;
        if seen.insert(index) {
            items.push((*item).to_owned());
        }
    }
    let outcome = store::insert_story_review(
        db,
        &NewStoryReview {
            set,
            story,
            reviewer: user,
            version: page.version.version,
            ticked: &items,
            rubric_total: u32::try_from(STORY_RUBRIC.len()).unwrap_or(u32::MAX),
            comment: comment.as_str(),
            now,
        },
    )
    .await
    .context("saving a story review")?;
    match outcome {
        store::Reviewed::Stored => Ok(()),
        store::Reviewed::Already => Err(AppError::Conflict(
            "You have already reviewed this story; your first review stands.".into(),
        )),
        store::Reviewed::Gone => Err(gone()),
    }
}
