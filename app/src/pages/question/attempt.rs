//! One attempt: my answer beside the strong answer, the key terms I used and missed, and
//! either the grading form (rubric checklist and rating) or the grade I saved.

use crate::api::practice::GradeAttempt;
use crate::components::arrival::Arrival;
use crate::components::form::{FormError, last_error};
use crate::components::posted::PostedError;
use crate::components::shortcuts::ShortcutHint;
use crate::domain::{AttemptDetail, Date, Grade, KeyTermUse, QuestionDetail, Rating, calendar};
use leptos::prelude::*;

#[component]
pub fn AttemptPanel(question: QuestionDetail, detail: AttemptDetail) -> impl IntoView {
    let graded = detail.grade.is_some();
    // Arriving here from a form, keyboard and screen-reader users land on what changed: the
    // attempt after an answer, the saved grade after grading. Without JavaScript the URL's
    // fragment scrolls there.
    let arrival = if graded { "saved" } else { "your-attempt" };
    let mine = if detail.skipped {
        view! {
            <p class="muted">
                "You skipped writing. Grade what you said out loud against the strong answer."
            </p>
        }
        .into_any()
    } else {
        view! { <div class="prose" inner_html=detail.answer_html.clone()></div> }.into_any()
    };
    let mut facts = vec![format!(
        "Submitted {}",
        calendar::date_time(detail.submitted_at)
    )];
    if !detail.skipped {
        facts.push(format!("took {}", calendar::duration(detail.duration_secs)));
    }
    if detail.timed {
        facts.push("timed".to_owned());
    }
    let outcome = match detail.grade.clone() {
        None => view! {
            <GradeForm
                slug=question.slug.as_str().to_owned()
                attempt=detail.id.0
                rubric=question.rubric.clone()
                posted=PostedError::of_this_request()
            />
        }
        .into_any(),
        Some(saved) => {
            view! { <GradeSummary slug=question.slug.href() saved due_on=detail.due_on now=detail.now/> }.into_any()
        }
    };
    view! {
        <section class="attempt" aria-labelledby="your-attempt">
            <Arrival focus=vec![arrival.to_owned()] announce=String::new()/>
            <h2 id="your-attempt" tabindex="-1">"Your attempt"</h2>
            <p class="attempt-facts">{facts.join(" · ")}</p>
            <div class="compare">
                <section class="mine" aria-labelledby="mine-heading">
                    <h3 id="mine-heading">"Your answer"</h3>
                    {mine}
                </section>
                <section class="strong" aria-labelledby="strong-heading">
                    <h3 id="strong-heading">"Strong answer"</h3>
                    <div class="prose" inner_html=question.answer_html.clone()></div>
                    <h4 id="reading-heading">"Further reading"</h4>
                    <div class="prose reading" inner_html=question.reading_html.clone()></div>
                </section>
            </div>
            <KeyTerms terms=detail.key_terms skipped=detail.skipped/>
            {outcome}
            <PeerScores reviews=detail.peer_reviews/>
        </section>
    }
}

/// What peers scored this answer in the sets it was shared with, under my own grade.
#[component]
fn PeerScores(reviews: Vec<crate::domain::sets::PeerReview>) -> impl IntoView {
    (!reviews.is_empty()).then(|| {
        view! {
            <section class="peer-scores" aria-labelledby="peer-scores-heading">
                <h3 id="peer-scores-heading">"Peer scores"</h3>
                <ul class="peer-reviews">
                    {reviews
                        .into_iter()
                        .map(|r| {
                            let line = format!(
                                "{} ({}): {} of {} rubric items",
                                r.reviewer,
                                r.set_title,
                                r.ticked.len(),
                                r.rubric_total
                            );
                            let comment = (!r.comment.is_empty())
                                .then(|| view! { <blockquote class="peer-comment">{r.comment.clone()}</blockquote> });
                            view! { <li><p>{line}</p>{comment}</li> }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

#[component]
fn KeyTerms(terms: Vec<KeyTermUse>, skipped: bool) -> impl IntoView {
    if skipped {
        return view! {
            <section class="key-term-use" aria-labelledby="terms-heading">
                <h3 id="terms-heading">"Key terms to listen for"</h3>
                <ul class="key-terms">
                    {terms.into_iter().map(|t| view! { <li>{t.term}</li> }).collect_view()}
                </ul>
            </section>
        }
        .into_any();
    }
    let (used, missed): (Vec<_>, Vec<_>) = terms.into_iter().partition(|t| t.used);
    let list = |terms: Vec<KeyTermUse>, empty: &'static str| {
        if terms.is_empty() {
            view! { <p class="muted">{empty}</p> }.into_any()
        } else {
            view! {
                <ul class="key-terms">
                    {terms.into_iter().map(|t| view! { <li>{t.term}</li> }).collect_view()}
                </ul>
            }
            .into_any()
        }
    };
    view! {
        <section class="key-term-use" aria-labelledby="terms-heading">
            <h3 id="terms-heading">"Key terms"</h3>
            <div class="term-columns">
                <div>
                    <h4 id="terms-used">"Your answer used"</h4>
                    {list(used, "None of them.")}
                </div>
                <div>
                    <h4 id="terms-missed">"Your answer missed"</h4>
                    {list(missed, "None: every key term is there.")}
                </div>
            </div>
        </section>
    }
    .into_any()
}

/// An island: the rating follows the rubric ticks as they change.
#[island]
fn GradeForm(
    slug: String,
    attempt: i64,
    rubric: Vec<String>,
    posted: PostedError,
) -> impl IntoView {
    posted.provide();
    let grade = ServerAction::<GradeAttempt>::new();
    let error = last_error(grade);
    let ticked_error = Signal::derive(move || error.get().and_then(|e| e.message_for("ticked")));
    let rating_error = Signal::derive(move || error.get().and_then(|e| e.message_for("rating")));
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let total = rubric.len();
    let ticks = RwSignal::new(vec![false; total]);
    let chosen = RwSignal::new(None::<Rating>);
    let suggested = Memo::new(move |_| {
        Rating::suggested(ticks.with(|t| t.iter().filter(|on| **on).count()), total)
    });
    // Pre-selected from the ticks until the learner picks one; then theirs wins. Without
    // JavaScript nothing is pre-selected and the server applies the same suggestion.
    let selected = move || {
        chosen
            .get()
            .or_else(|| hydrated.get().then(|| suggested.get()))
    };
    let hint = move || {
        if hydrated.get() {
            let count = ticks.with(|t| t.iter().filter(|on| **on).count());
            format!(
                "Suggested from your ticks ({count} of {total}): {}. Your choice wins.",
                suggested.get().label()
            )
        } else {
            "Leave it unchosen and your ticks decide: all ticked is Easy, two thirds Good, a third \
             Hard, fewer Again."
                .to_owned()
        }
    };
    let checkboxes = rubric
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let id = format!("tick-{index}");
            view! {
                <div class="check">
                    <input
                        type="checkbox"
                        id=id.clone()
                        name="ticked[]"
                        value=index
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            ticks.update(|t| {
                                if let Some(slot) = t.get_mut(index) {
                                    *slot = on;
                                }
                            });
                        }
                    />
                    <label for=id>{item}</label>
                </div>
            }
        })
        .collect_view();
    let radios = Rating::ALL
        .into_iter()
        .map(|rating| {
            let id = format!("rating-{}", rating.number());
            view! {
                <div class="choice">
                    <input
                        type="radio"
                        id=id.clone()
                        name="rating"
                        value=rating.number()
                        prop:checked=move || selected() == Some(rating)
                        on:change=move |_| chosen.set(Some(rating))
                    />
                    <label for=id>
                        <kbd>{rating.number()}</kbd>
                        " "
                        <strong>{rating.label()}</strong>
                        <span class="meaning">{rating.meaning()}</span>
                    </label>
                </div>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=grade attr:class="grade-form" attr:aria-labelledby="grade-heading">
            <h3 id="grade-heading">"Grade your answer"</h3>
            <input type="hidden" name="slug" value=slug/>
            <input type="hidden" name="attempt" value=attempt/>
            <fieldset
                class="rubric-check"
                aria-invalid=move || ticked_error.get().is_some().then_some("true")
                aria-describedby=move || ticked_error.get().map(|_| "ticked-error")
            >
                <legend>"What they’re testing: tick each point your answer made"</legend>
                {checkboxes}
            </fieldset>
            {move || {
                ticked_error
                    .get()
                    .map(|m| view! { <p class="field-error" id="ticked-error" role="alert">{m}</p> })
            }}
            <fieldset
                class="rating"
                aria-invalid=move || rating_error.get().is_some().then_some("true")
                aria-describedby=move || {
                    if rating_error.get().is_some() { "rating-hint rating-error" } else { "rating-hint" }
                }
            >
                <legend>"How did it go?"</legend>
                <p class="field-hint" id="rating-hint">{hint}</p>
                {radios}
            </fieldset>
            {move || {
                rating_error
                    .get()
                    .map(|m| view! { <p class="field-error" id="rating-error" role="alert">{m}</p> })
            }}
            <FormError error/>
            <button type="submit" class="button primary" disabled=move || grade.pending().get()>
                "Save this attempt"
            </button>
            <ShortcutHint/>
        </ActionForm>
    }
}

#[component]
fn GradeSummary(
    slug: String,
    saved: Grade,
    /// The learner's local day of `saved.due_at`.
    due_on: Option<Date>,
    now: i64,
) -> impl IntoView {
    let Grade {
        rating,
        suggested,
        ticked,
        rubric_total,
        due_at,
        ..
    } = saved;
    let suggestion =
        (suggested != rating).then(|| format!(" Your ticks suggested {}.", suggested.label()));
    let ticked_count = ticked.len();
    view! {
        <section class="grade-summary" aria-labelledby="saved">
            <h3 id="saved" tabindex="-1">"Saved"</h3>
            <p>
                "You rated this " <strong>{rating.label()}</strong> "." {suggestion}
                {format!(" You ticked {ticked_count} of {rubric_total} rubric points.")}
            </p>
            {(!ticked.is_empty())
                .then(|| {
                    view! {
                        <ul class="ticked">
                            {ticked.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}
                        </ul>
                    }
                })}
            <p class="due">
                "It comes back for review " <strong>{calendar::relative(due_at, now)}</strong>
                " (" {due_on.unwrap_or_else(|| Date::of_time(due_at)).long()} ")."
            </p>
            <p class="actions">
                <a class="button primary" href=slug>"Practise it again"</a>
                <a class="button secondary" href="/review">"Go to your review list"</a>
            </p>
        </section>
    }
}
