//! A question page. Signed out, it shows the prompt with the rubric and the strong answer
//! behind a Reveal control. Signed in, it runs the practice loop: write an answer (optionally
//! timed), submit it to reveal the strong answer beside it, tick the rubric, rate, save.
//!
//! Every step is a form that works as a plain post; JavaScript adds the timer, the preview,
//! the live rating suggestion and the keyboard shortcuts. `?attempt=ID` shows one of my
//! attempts; anyone else's, or an unknown id, is a 404.

pub(crate) mod answer;
pub(crate) mod attempt;
mod drill;
pub(crate) mod timer;

use crate::api::get_question;
use crate::api::practice::load_practice;
use crate::components::concepts::ConceptTags;
#[cfg(feature = "hydrate")]
use crate::components::dom::set_hidden;
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::shortcuts::KeyboardShortcuts;
use crate::domain::Timestamp;
use crate::domain::{
    AttemptId, AttemptPage, AttemptSummary, Practice, QuestionDetail, QuestionSlug, Rating,
    ReturnPath, calendar, key_terms,
};
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn QuestionPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let question = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_question,
    );
    // Keyed on the URL only: a successful step redirects to a new URL, which loads afresh,
    // while a failed one leaves the form (and what the learner typed) as it is. Each form
    // owns its action, so an error shown for one attempt never follows to the next.
    let practice = Resource::new(
        move || {
            let query = query.read();
            (
                params.read().get("slug").unwrap_or_default(),
                query.get("attempt"),
                query.get("before"),
                query.get("graded"),
            )
        },
        |(slug, attempt, before, _)| load_practice(slug, attempt, before),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match (question.await, practice.await) {
                    (Ok(Some(_)), Ok(Practice::NoSuchAttempt)) | (Ok(None), _) => {
                        view! { <NotFound/> }.into_any()
                    }
                    (Ok(Some(question)), Ok(practice)) => {
                        view! { <QuestionView question practice/> }.into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QuestionView(question: QuestionDetail, practice: Practice) -> impl IntoView {
    let title = question.title.clone();
    let level = question.level;
    let concepts = question.concepts.clone();
    let prompt_html = question.prompt_html.clone();
    let drill = (!question.steps.is_empty()).then(|| {
        view! { <drill::DrillSteps slug=question.slug.clone() steps=question.steps.clone()/> }
    });
    let retired = question.retired.then(|| {
        view! {
            <p class="notice" role="note">
                "This question has left the bank. Your attempts at it stay here to read."
            </p>
        }
    });
    let body = match practice {
        Practice::Answer(form) if question.retired => view! {
            <PastAttempts
                slug=question.slug.clone()
                attempts=form.attempts
                showing=None
                due_at=None
                now=form.now
                heading="Your past attempts"
            />
        }
        .into_any(),
        Practice::Answer(form) => view! {
            {(level == crate::domain::Level::BehavioralTechnical).then(|| view! {
                <StoryOffers slug=question.slug.clone() offers=form.story_offers.clone()/>
            })}
            <answer::AnswerPanel
                slug=question.slug.as_str().to_owned()
                token=form.token.as_str().to_owned()
                opened_at=form.opened_at
            />
            <PastAttempts
                slug=question.slug.clone()
                attempts=form.attempts
                showing=None
                due_at=form.due_at
                now=form.now
                heading="Your past attempts"
            />
        }
        .into_any(),
        Practice::Attempt(detail) => {
            let detail = *detail;
            let others = detail.attempts.clone();
            let now = detail.now;
            let showing = Some(detail.id);
            let slug = question.slug.clone();
            view! {
                <attempt::AttemptPanel question detail/>
                {(!others.attempts.is_empty() || others.after_newest)
                    .then(|| {
                        view! {
                            <PastAttempts
                                slug
                                attempts=others
                                showing
                                due_at=None
                                now
                                heading="Your other attempts"
                            />
                        }
                    })}
            }
            .into_any()
        }
        Practice::SignedOut | Practice::NoSuchAttempt => {
            let here = ReturnPath::parse(&question.slug.href());
            let sign_in = ReturnPath::link("/sign-in", here.as_ref());
            let sign_up = ReturnPath::link("/sign-up", here.as_ref());
            view! {
            <p class="hint">
                "Answer out loud first: clarify, state the trade-off, argue both sides, "
                "recommend, then say how you would monitor it. Then reveal."
            </p>
            <RevealPanel question/>
            <p class="invite">
                <A href=sign_in>"Sign in"</A>
                " or "
                <A href=sign_up>"create an account"</A>
                " to write your answer, grade it against the rubric and have this question "
                "come back when it is due."
            </p>
            }
            .into_any()
        }
    };
    view! {
        <Title text=title.clone()/>
        <KeyboardShortcuts/>
        <article class="question">
            <p class="eyebrow">
                <a href=format!("/?level={}", level.number())>{level.heading()}</a>
            </p>
            <h1>{title}</h1>
            <ConceptTags concepts/>
            {retired}
            <section class="prompt" aria-labelledby="prompt-heading">
                <h2 id="prompt-heading" class="visually-hidden">"The question"</h2>
                <blockquote inner_html=prompt_html></blockquote>
            </section>
            {drill}
            {body}
            <p class="back"><a href="/">"← All questions"</a></p>
        </article>
    }
}

/// The rubric, strong answer and key terms behind a disclosure button inside a GET form.
/// Without JavaScript the form reloads the page with `?reveal=1`, which the server renders
/// open; with it, the [`RevealToggle`] island toggles the answer in place and keeps
/// `aria-expanded` true to what is shown.
#[component]
fn RevealPanel(question: QuestionDetail) -> impl IntoView {
    let QuestionDetail {
        slug,
        rubric,
        answer_html,
        own_story,
        pushback_html,
        reading_html,
        key_terms,
        ..
    } = question;
    let query = use_query_map();
    let open = query.read_untracked().get_str("reveal") == Some("1");
    // A drill's revealed steps stay revealed when the answer is shown without JavaScript.
    let step = query.read_untracked().get("step");
    view! {
        <section class="reveal" aria-label="Strong answer and rubric">
            <RevealForm action=format!("{}#strong-answer", slug.href()) open step/>
            <div id="strong-answer" class="reveal-body" hidden=!open>
                <section aria-labelledby="testing-heading">
                    <h2 id="testing-heading">"What they’re testing"</h2>
                    <ul class="rubric">
                        {rubric.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}
                    </ul>
                </section>
                <section aria-labelledby="answer-heading">
                    <h2 id="answer-heading">{answer_heading(own_story)}</h2>
                    <div class="prose" inner_html=answer_html></div>
                </section>
                <Pushback html=pushback_html id="pushback-heading"/>
                <section aria-labelledby="terms-heading">
                    <h2 id="terms-heading">"Key terms"</h2>
                    <ul class="key-terms">
                        {key_terms
                            .iter()
                            .map(|term| view! { <li>{key_terms::name(term).to_owned()}</li> })
                            .collect_view()}
                    </ul>
                </section>
                <section aria-labelledby="reading-heading">
                    <h2 id="reading-heading">"Further reading"</h2>
                    <div class="prose reading" inner_html=reading_html></div>
                </section>
            </div>
        </section>
    }
}

/// The Reveal button of [`RevealPanel`]: a plain GET form (the URL with `?reveal=1` is the
/// revealed page) that, with JavaScript, shows and hides the answer in place.
#[component]
fn RevealForm(action: String, open: bool, step: Option<String>) -> impl IntoView {
    view! {
        <RevealToggle>
            <form class="reveal-toggle" method="get" action=action>
                // Disabled while the answer is shown, so the form then leads to the page
                // without it.
                <input type="hidden" name="reveal" value="1" disabled=open/>
                {step.map(|step| view! { <input type="hidden" name="step" value=step/> })}
                <button
                    type="submit"
                    aria-expanded=open.to_string()
                    aria-controls="strong-answer"
                    data-shortcut="reveal"
                >
                    {reveal_label(open)}
                </button>
            </form>
        </RevealToggle>
    }
}

fn reveal_label(open: bool) -> &'static str {
    if open {
        "Hide the strong answer"
    } else {
        "Reveal the strong answer"
    }
}

/// Around [`RevealForm`]: its submit toggles the answer in place. The form is server HTML
/// (the island's children), changed by the island through the DOM.
#[island]
fn RevealToggle(children: Children) -> impl IntoView {
    let toggle = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            let Some(form) = crate::components::dom::submitted_form(&ev) else {
                return;
            };
            ev.prevent_default();
            let button = form.query_selector("button").ok().flatten();
            let open = button
                .as_ref()
                .and_then(|b| b.get_attribute("aria-expanded"))
                .as_deref()
                != Some("true");
            if let Some(button) = button {
                let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
                button.set_text_content(Some(reveal_label(open)));
            }
            if let Ok(Some(input)) = form.query_selector("input[name=reveal]") {
                let _ = if open {
                    input.set_attribute("disabled", "")
                } else {
                    input.remove_attribute("disabled")
                };
            }
            set_hidden("strong-answer", !open);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! { <div class="reveal-toggle-wrap" on:submit=toggle>{children()}</div> }
}

/// A page of my attempts at this question, newest first, each a link to read it in full, with
/// links to the older ones and back to the newest. `showing` is the attempt on the page, which
/// the paging links keep in view.
#[component]
fn PastAttempts(
    heading: &'static str,
    slug: QuestionSlug,
    attempts: AttemptPage,
    showing: Option<AttemptId>,
    due_at: Option<Timestamp>,
    now: Timestamp,
) -> impl IntoView {
    let page_href = |before: Option<AttemptId>| {
        let mut query: Vec<String> = Vec::new();
        if let Some(id) = showing {
            query.push(format!("attempt={}", id.0));
        }
        if let Some(id) = before {
            query.push(format!("before={}", id.0));
        }
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("?{}", query.join("&"))
        };
        format!("{}{query}#past-heading", slug.href())
    };
    let newer = attempts.after_newest.then(|| {
        view! { <a href=page_href(None)>"Newest attempts"</a> }
    });
    let older = attempts.older_than.map(|id| {
        view! { <a href=page_href(Some(id))>"Older attempts"</a> }
    });
    let paging = (newer.is_some() || older.is_some()).then(|| {
        view! { <nav class="attempt-paging" aria-label="Attempt pages">{newer} {older}</nav> }
    });
    let after_newest = attempts.after_newest;
    let AttemptPage { attempts, .. } = attempts;
    let due = due_at.map(|at| {
        view! {
            <p class="due">
                "Comes back for review " <strong>{calendar::relative(at, now)}</strong>
                " (" {calendar::date_time(at)} ")."
            </p>
        }
    });
    let list = if attempts.is_empty() {
        let empty = if after_newest {
            "No older attempts."
        } else {
            "None yet. Each answer you submit is kept here, newest first."
        };
        view! { <p class="muted">{empty}</p> }.into_any()
    } else {
        view! {
            <ol class="attempt-list">
                {attempts
                    .into_iter()
                    .map(|attempt| {
                        let href = format!("{}?attempt={}", slug.href(), attempt.id.0);
                        view! {
                            <li>
                                <a href=href>{calendar::date_time(attempt.submitted_at)}</a>
                                <span class="attempt-facts">{attempt_facts(&attempt)}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <section class="past-attempts" aria-labelledby="past-heading">
            <h2 id="past-heading">{heading}</h2>
            {due}
            {list}
            {paging}
        </section>
    }
}

fn attempt_facts(attempt: &AttemptSummary) -> String {
    let mut facts = vec![match attempt.rating {
        Some(rating) => format!("rated {}", rating_words(rating)),
        None => "not graded yet".to_owned(),
    }];
    if attempt.skipped {
        facts.push("answered out loud".to_owned());
    } else {
        facts.push(calendar::duration(attempt.duration_secs));
    }
    if attempt.timed {
        facts.push("timed".to_owned());
    }
    facts.join(" · ")
}

fn rating_words(rating: Rating) -> String {
    format!("{} ({})", rating.label(), rating.number())
}

/// The strong answer's heading: the seed's own words for a story the learner tells from
/// their own work.
pub(crate) fn answer_heading(own_story: bool) -> &'static str {
    if own_story {
        "Strong answer using your projects"
    } else {
        "Strong answer"
    }
}

/// A reviewer's note on the strong answer, marked as such, when the question has one: what
/// in the model answer an interviewer would push back on, and what a stronger answer says.
/// `nested` puts its heading a level lower, under a heading of the third level.
#[component]
pub(crate) fn Pushback(
    html: Option<String>,
    id: &'static str,
    #[prop(optional)] nested: bool,
) -> impl IntoView {
    const HEADING: &str = "What an interviewer would push back on";
    html.map(|html| {
        let heading = if nested {
            view! { <h4 id=id>{HEADING}</h4> }.into_any()
        } else {
            view! { <h3 id=id>{HEADING}</h3> }.into_any()
        };
        view! {
            <aside class="pushback" aria-labelledby=id>
                {heading}
                <p class="pushback-note">
                    "A reviewer's note: the answer above is kept as written; check these points before you rely on it."
                </p>
                <div class="prose" inner_html=html></div>
            </aside>
        }
    })
}

/// The timer's steps in words, for the help page.
pub fn timer_steps() -> String {
    timer::STEPS
        .iter()
        .map(|(name, secs)| format!("{} ({secs} s)", name.to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// On a level-4 question: my stories that fit it, to rehearse instead of writing from
/// scratch, or a link to write one.
#[component]
fn StoryOffers(
    slug: QuestionSlug,
    offers: Vec<crate::domain::stories::StoryOffer>,
) -> impl IntoView {
    let body = if offers.is_empty() {
        view! {
            <p>
                "This question asks for a story of your own. "
                <a href="/stories/new">"Write one in your story bank"</a>
                ", rehearse it against two minutes, and it is offered here next time."
            </p>
        }
        .into_any()
    } else {
        view! {
            <p>"Tell one of your own stories instead of writing from scratch:"</p>
            <ul class="story-offers">
                {offers
                    .into_iter()
                    .map(|offer| {
                        let href = format!("{}?from={}", offer.id.rehearse_href(), slug.as_str());
                        view! {
                            <li>
                                <a href=href>{format!("Rehearse “{}”", offer.title)}</a>
                                <span class="muted">{format!(" · {}", offer.kind.short())}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="story-offer" aria-labelledby="story-offer-heading">
            <h2 id="story-offer-heading">"Your stories"</h2>
            {body}
        </section>
    }
}
