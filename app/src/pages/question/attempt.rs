//! One attempt: my answer beside the strong answer, the key terms I used and missed, and
//! either the grading form (rubric checklist and rating) or the grade I saved.

use crate::api::practice::GradeAttempt;
use crate::components::arrival::Arrival;
use crate::components::form::{ErrorSlot, FormError};
use crate::components::post::PostInPlace;
use crate::components::posted::PostedError;
use crate::components::shortcuts::ShortcutHint;
use crate::domain::Timestamp;
use crate::domain::{AttemptDetail, Date, Grade, KeyTermUse, QuestionDetail, Rating, calendar};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

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
            />
        }
        .into_any(),
        Some(saved) => {
            view! { <GradeSummary slug=question.slug.href() saved due_on=detail.due_on now=detail.now/> }.into_any()
        }
    };
    view! {
        <section class="attempt" aria-labelledby="your-attempt">
            <Arrival focus=arrival.to_owned() announce=String::new()/>
            <h2 id="your-attempt" tabindex="-1">"Your attempt"</h2>
            <p class="attempt-facts">{facts.join(" · ")}</p>
            <div class="compare">
                <section class="mine" aria-labelledby="mine-heading">
                    <h3 id="mine-heading">"Your answer"</h3>
                    {mine}
                </section>
                <section class="strong" aria-labelledby="strong-heading">
                    <h3 id="strong-heading">{super::answer_heading(question.own_story)}</h3>
                    <div class="prose" inner_html=question.answer_html.clone()></div>
                    <super::Pushback html=question.pushback_html.clone() id="attempt-pushback-heading" nested=true/>
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

/// The grading form: rendered on the server, posted in place ([`PostInPlace`]), with the
/// rating following the ticks ([`RatingFollowsTicks`]).
#[component]
fn GradeForm(slug: String, attempt: i64, rubric: Vec<String>) -> impl IntoView {
    let error = PostedError::of_this_request().error_for(GradeAttempt::PATH);
    let ticked_error = error.as_ref().and_then(|e| e.message_for("ticked"));
    let rating_error = error.as_ref().and_then(|e| e.message_for("rating"));
    let error = Signal::stored(error);
    view! {
        <PostInPlace>
            <form
                action=GradeAttempt::PATH
                method="post"
                class="grade-form"
                aria-labelledby="grade-heading"
            >
                <h3 id="grade-heading">"Grade your answer"</h3>
                <input type="hidden" name="slug" value=slug/>
                <input type="hidden" name="attempt" value=attempt/>
                <RubricFields
                    rubric
                    legend="What they’re testing: tick each point your answer made"
                    ticked_error
                    rating_error
                />
                <FormError error/>
                <button type="submit" class="button primary">
                    "Save this attempt"
                </button>
                <ShortcutHint/>
            </form>
        </PostInPlace>
    }
}

/// A rubric to tick and the four ratings, the rating following the ticks
/// ([`RatingFollowsTicks`]): the grading form's fields, and a story rehearsal's.
#[component]
pub(crate) fn RubricFields(
    rubric: Vec<String>,
    legend: &'static str,
    ticked_error: Option<String>,
    rating_error: Option<String>,
) -> impl IntoView {
    let ticked_invalid = ticked_error.is_some().then_some("true");
    let rating_invalid = rating_error.is_some().then_some("true");
    let total = rubric.len();
    let checkboxes = rubric
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let id = format!("tick-{index}");
            view! {
                <div class="check">
                    <input type="checkbox" id=id.clone() name="ticked[]" value=index/>
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
                    <input type="radio" id=id.clone() name="rating" value=rating.number()/>
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
        <RatingFollowsTicks total>
            <fieldset
                class="rubric-check"
                aria-invalid=ticked_invalid
                aria-describedby="ticked-error"
            >
                <legend>{legend}</legend>
                {checkboxes}
            </fieldset>
            <ErrorSlot id="ticked-error" name="ticked" message=ticked_error/>
            <fieldset
                class="rating"
                aria-invalid=rating_invalid
                aria-describedby="rating-hint rating-error"
            >
                <legend>"How did it go?"</legend>
                <p class="field-hint" id=RATING_HINT>
                    "Leave it unchosen and your ticks decide: all ticked is Easy, two \
                     thirds Good, a third Hard, fewer Again."
                </p>
                {radios}
            </fieldset>
            <ErrorSlot id="rating-error" name="rating" message=rating_error/>
        </RatingFollowsTicks>
    }
}

const RATING_HINT: &str = "rating-hint";

/// The rating follows the rubric ticks: each tick pre-selects the rating they suggest, until
/// the learner picks one; then theirs wins. Without JavaScript nothing is pre-selected and
/// the server applies the same suggestion. The fields are the island's server-rendered
/// children; it updates them by id.
#[island]
fn RatingFollowsTicks(total: usize, children: Children) -> impl IntoView {
    let chosen = StoredValue::new(false);
    let follow = move || {
        #[cfg(feature = "hydrate")]
        {
            let document = document();
            let ticked = document
                .query_selector_all("input[name='ticked[]']:checked")
                .map_or(0, |found| found.length() as usize);
            let suggested = Rating::suggested(ticked, total);
            if !chosen.get_value()
                && let Some(radio) = document
                    .get_element_by_id(&format!("rating-{}", suggested.number()))
                    .and_then(|el| {
                        wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(el).ok()
                    })
            {
                radio.set_checked(true);
            }
            if let Some(hint) = document.get_element_by_id(RATING_HINT) {
                hint.set_text_content(Some(&format!(
                    "Suggested from your ticks ({ticked} of {total}): {}. Your choice wins.",
                    suggested.label()
                )));
            }
        }
    };
    Effect::new(move |_| {
        // A rating chosen before the page hydrated (a quick learner, or one the browser
        // restored) is the learner's: the ticks do not overrule it.
        #[cfg(feature = "hydrate")]
        if let Ok(Some(_)) = document().query_selector("input[name=rating]:checked") {
            chosen.set_value(true);
        }
        follow();
    });
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        if event_target::<web_sys::HtmlInputElement>(&ev).name() == "rating" {
            chosen.set_value(true);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, chosen, total);
        follow();
    };
    view! { <div class="rating-follows-ticks" on:change=on_change>{children()}</div> }
}

#[component]
fn GradeSummary(
    slug: String,
    saved: Grade,
    /// The learner's local day of `saved.due_at`.
    due_on: Option<Date>,
    now: Timestamp,
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
                " (" {due_on.unwrap_or_else(|| due_at.utc_date()).long()} ")."
            </p>
            <p class="actions">
                <a class="button primary" href=slug>"Practise it again"</a>
                <a class="button secondary" href="/review">"Go to your review list"</a>
            </p>
        </section>
    }
}
