//! The story bank on the server: writing and editing stories (every edit keeps the text it
//! replaced), deleting them, and rehearsing them against the story rubric into the same FSRS
//! schedule as questions.
//!
//! Everything here parses the form's raw values first, so a refused post stores nothing and
//! its message names the field. A story is its author's alone: every lookup names the user,
//! and someone else's story is "not found".

use crate::db::stories::{self as store, NewRehearsal, NewStory, Rehearsed, Updated};
use crate::db::{Db, questions};
use crate::domain::calendar::DAY;
use crate::domain::stories::{
    KindReadiness, RehearsalNotes, RehearsePage, STORY_RUBRIC, StoryDraft, StoryId, StoryKind,
    StoryPage, StoryPart, StorySummary, StoryText, StoryTitle,
};
use crate::domain::{AttemptToken, Concept, QuestionSlug, Rating, Timestamp, UserId};
use crate::error::{AppError, Context, FieldName, FieldProblem};
use crate::scheduler::Scheduler;
use crate::services::shared::{form_key, learner_zone, random_128};

fn not_found() -> AppError {
    AppError::NotFound("That story".into())
}

/// The story form's fields, as posted.
pub struct StoryForm<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub concepts: &'a [String],
    /// In [`StoryPart::ALL`]'s order.
    pub parts: [&'a str; 5],
}

/// The form read into a story, or the first field refused (in the form's order).
struct ParsedStory {
    title: StoryTitle,
    kind: StoryKind,
    concepts: Vec<Concept>,
    parts: [StoryText; 5],
    parts_html: [String; 5],
}

fn part_field(part: StoryPart) -> FieldName {
    match part {
        StoryPart::Situation => FieldName::Situation,
        StoryPart::Options => FieldName::Options,
        StoryPart::Decision => FieldName::Decision,
        StoryPart::Result => FieldName::Result,
        StoryPart::Lessons => FieldName::Lessons,
    }
}

fn parse(form: &StoryForm<'_>) -> Result<ParsedStory, AppError> {
    let title =
        StoryTitle::parse(form.title).map_err(|err| AppError::field(FieldName::Title, err))?;
    let kind = StoryKind::from_slug(form.kind)
        .ok_or_else(|| AppError::field(FieldName::Kind, FieldProblem::UnknownStoryKind))?;
    let mut concepts = Vec::new();
    for slug in form.concepts {
        let concept = Concept::from_slug(slug)
            .ok_or_else(|| AppError::field(FieldName::Concepts, FieldProblem::UnknownConcept))?;
        if !concepts.contains(&concept) {
            concepts.push(concept);
        }
    }
    let mut parts: Vec<StoryText> = Vec::with_capacity(5);
    for (part, raw) in StoryPart::ALL.into_iter().zip(form.parts) {
        parts.push(StoryText::parse(raw).map_err(|err| AppError::field(part_field(part), err))?);
    }
    let parts: [StoryText; 5] = parts
        .try_into()
        .map_err(|_| AppError::InvalidInput("A story has five parts.".into()))?;
    let parts_html = parts.clone().map(|text| {
        if text.as_str().is_empty() {
            String::new()
        } else {
            crate::markdown::render_learner(text.as_str())
        }
    });
    Ok(ParsedStory {
        title,
        kind,
        concepts,
        parts,
        parts_html,
    })
}

impl ParsedStory {
    fn new_story(&self) -> NewStory<'_> {
        NewStory {
            title: &self.title,
            kind: self.kind,
            concepts: &self.concepts,
            parts: &self.parts,
            parts_html: &self.parts_html,
        }
    }
}

/// My stories, the most recently changed first.
pub async fn list(db: &Db, user: UserId) -> Result<Vec<StorySummary>, AppError> {
    store::list(db, user).await.context("listing stories")
}

/// Stores a new story.
pub async fn create(
    db: &Db,
    user: UserId,
    form: &StoryForm<'_>,
    now: Timestamp,
) -> Result<StoryId, AppError> {
    let story = parse(form)?;
    store::create(db, user, &story.new_story(), now)
        .await
        .context("storing a story")
}

/// Saves an edit of my story. A changed text is a new version; the one it replaced is kept.
pub async fn update(
    db: &Db,
    user: UserId,
    id: StoryId,
    form: &StoryForm<'_>,
    now: Timestamp,
) -> Result<Updated, AppError> {
    let story = parse(form)?;
    match store::update(db, user, id, &story.new_story(), now)
        .await
        .context("saving a story")?
    {
        Updated::NotFound => Err(not_found()),
        saved => Ok(saved),
    }
}

/// Deletes my story, once the learner ticked the confirmation.
pub async fn delete(db: &Db, user: UserId, id: StoryId, confirmed: bool) -> Result<(), AppError> {
    if !confirmed {
        return Err(AppError::field(
            FieldName::Confirm,
            FieldProblem::ConfirmStoryDelete,
        ));
    }
    if store::delete(db, user, id)
        .await
        .context("deleting a story")?
    {
        Ok(())
    } else {
        Err(not_found())
    }
}

/// My story's page at `version` (the current one by default); `None` when it is not mine or
/// has no such version.
pub async fn page(
    db: &Db,
    user: UserId,
    id: StoryId,
    version: Option<i64>,
    now: Timestamp,
) -> Result<Option<StoryPage>, AppError> {
    let Some(found) = store::find(db, user, id, version)
        .await
        .context("loading a story")?
    else {
        return Ok(None);
    };
    let (rehearsals, rehearsal_count) = store::rehearsals(db, user, id)
        .await
        .context("listing rehearsals")?;
    Ok(Some(StoryPage {
        id,
        kind: found.facts.kind,
        concepts: found.facts.concepts,
        current_version: found.facts.current_version,
        shown: found.version,
        versions: store::versions(db, user, id)
            .await
            .context("listing a story's versions")?,
        rehearsals,
        rehearsal_count,
        peer_reviews: crate::db::sets::story_reviews(db, id, None)
            .await
            .context("loading story reviews")?
            .into_iter()
            .map(|given| given.review)
            .collect(),
        due_at: found.facts.due_at,
        now,
    }))
}

/// What the edit form starts with: my story's current Markdown.
pub async fn draft(db: &Db, user: UserId, id: StoryId) -> Result<Option<StoryDraft>, AppError> {
    Ok(store::find(db, user, id, None)
        .await
        .context("loading a story")?
        .map(|found| StoryDraft {
            id,
            title: found.version.title,
            kind: found.facts.kind,
            concepts: found.facts.concepts,
            parts_md: found.parts_md,
            version: found.facts.current_version,
        }))
}

/// The rehearsal page of my story, told for the level-4 question `from` if one is named
/// (anything else is ignored).
pub async fn rehearse_page(
    db: &Db,
    user: UserId,
    id: StoryId,
    from: Option<&str>,
    now: Timestamp,
) -> Result<Option<RehearsePage>, AppError> {
    let Some(found) = store::find(db, user, id, None)
        .await
        .context("loading a story")?
    else {
        return Ok(None);
    };
    let question = told_for(db, from).await?.map(|q| (q.slug, q.title));
    Ok(Some(RehearsePage {
        id,
        kind: found.facts.kind,
        story: found.version,
        token: AttemptToken::parse(&random_128()?)
            .map_err(|err| AppError::internal("drawing a token", err))?,
        opened_at: now,
        question,
    }))
}

/// The question a story is told for, when `from` names one that offers stories: a level-4
/// question still in the bank. Anything else is ignored.
async fn told_for(
    db: &Db,
    from: Option<&str>,
) -> Result<Option<crate::domain::QuestionDetail>, AppError> {
    let Some(slug) = from.and_then(|slug| QuestionSlug::parse(slug).ok()) else {
        return Ok(None);
    };
    Ok(questions::find_question(db, &slug)
        .await
        .context("loading a question")?
        .filter(|q| !q.retired && q.level == crate::domain::Level::BehavioralTechnical))
}

/// A rehearsal as the form posts it.
pub struct RehearsalForm<'a> {
    pub token: &'a str,
    pub question: Option<&'a str>,
    pub notes: &'a str,
    pub ticked: &'a [u32],
    /// `"1"`–`"4"`; without one, the rubric's suggestion.
    pub rating: Option<&'a str>,
    pub opened_at: Timestamp,
    pub elapsed_ms: Option<i64>,
    pub timed: bool,
}

/// The longest a rehearsal is taken to have lasted.
const LONGEST_REHEARSAL_SECS: i64 = DAY;

/// Records a rehearsal of my story and schedules its next review. Posting the same form
/// twice records it once.
pub async fn rehearse(
    db: &Db,
    user: UserId,
    id: StoryId,
    form: &RehearsalForm<'_>,
    now: Timestamp,
) -> Result<(), AppError> {
    let token = AttemptToken::parse(form.token).map_err(|_| {
        AppError::InvalidInput(
            "The rehearsal form was damaged. Reload the page and try again.".into(),
        )
    })?;
    let notes =
        RehearsalNotes::parse(form.notes).map_err(|err| AppError::field(FieldName::Notes, err))?;
    let mut ticks: Vec<(usize, String)> = Vec::with_capacity(form.ticked.len());
    for &position in form.ticked {
        let position = usize::try_from(position).unwrap_or(usize::MAX);
        let item = STORY_RUBRIC
            .get(position)
            .ok_or_else(|| AppError::field(FieldName::Ticked, FieldProblem::UnknownRubricItem))?;
        if !ticks.iter().any(|(p, _)| *p == position) {
            ticks.push((position, (*item).to_owned()));
        }
    }
    ticks.sort_by_key(|(position, _)| *position);
    let suggested = Rating::suggested(ticks.len(), STORY_RUBRIC.len());
    let rating = match form.rating.map(str::trim).filter(|r| !r.is_empty()) {
        None => suggested,
        Some(text) => text
            .parse::<u8>()
            .ok()
            .and_then(|n| Rating::try_from(n).ok())
            .ok_or_else(|| AppError::field(FieldName::Rating, FieldProblem::RatingOutOfRange))?,
    };
    // A question a crafted form names that offers no story is simply not recorded.
    let question = told_for(db, form.question).await?.map(|q| q.slug);
    let opened_at = form.opened_at.clamp(now - LONGEST_REHEARSAL_SECS, now);
    let started_at = match form.elapsed_ms {
        Some(ms) => (now - ms.max(0) / 1000).max(opened_at),
        None => opened_at,
    };
    let ticked_text: String = ticks.iter().map(|(p, _)| format!("{p},")).collect();
    let rating_text = rating.number().to_string();
    let id_text = id.0.to_string();
    let key = form_key(
        &token,
        &[&id_text, notes.as_str(), &ticked_text, &rating_text],
    );
    let zone = learner_zone(db, user).await?;
    let interview_at = crate::db::practice::interview_on(db, user)
        .await
        .context("loading the interview date")?
        .map(|date| zone.day_start(date));
    let scheduler = Scheduler::default();
    let recorded = store::record_rehearsal(
        db,
        &NewRehearsal {
            user,
            story: id,
            key: &key,
            question: question.as_ref(),
            notes: &notes,
            timed: form.timed,
            started_at,
            submitted_at: now,
            ticked: &ticks,
            rating,
        },
        |memory| scheduler.review(memory, rating, now, interview_at),
    )
    .await
    .context("recording a rehearsal")?;
    match recorded {
        Rehearsed::Scheduled { .. } | Rehearsed::AlreadyStored => Ok(()),
        Rehearsed::NotFound => Err(not_found()),
    }
}

/// Which of the study guide's three kinds of story I have ready.
pub async fn readiness(db: &Db, user: UserId) -> Result<Vec<KindReadiness>, AppError> {
    store::readiness(db, user)
        .await
        .context("checking the stories")
}
