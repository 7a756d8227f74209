//! `/sets/ID/answers/ATTEMPT`: an answer its author shared with the set. Members score it
//! with the question's rubric and may leave a comment; the author sees the peers' scores
//! beside their own self-rating. An answer not shared with this set is a 404 for everyone,
//! its author included (their own attempt page is where they read it).

use super::FieldMessage;
use crate::api::sets::{ReviewAnswer, load_shared_answer};
use crate::components::form::{ErrorSlot, last_error};
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::post::PostInPlace;
use crate::domain::ReviewComment;
use crate::domain::sets::{PeerReview, SharedAnswerPage};
use crate::domain::{SetId, calendar};
use crate::error::AppError;
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn SharedAnswerRoute() -> impl IntoView {
    let params = use_params_map();
    let review = ServerAction::<ReviewAnswer>::new();
    let page = Resource::new(
        move || {
            let params = params.read();
            (
                params.get("id").unwrap_or_default(),
                params.get("attempt").unwrap_or_default(),
            )
        },
        |(set, attempt)| load_shared_answer(set, attempt),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(page)) => view! { <AnswerView page review/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(AppError::Unauthorized) => {
                        let next = format!(
                            "/sets/{}/answers/{}",
                            params.read_untracked().get("id").unwrap_or_default(),
                            params.read_untracked().get("attempt").unwrap_or_default()
                        );
                        view! {
                            <section class="set">
                                <h1>"Shared answer"</h1>
                                <p><a href=format!("/sign-in?next={next}")>"Sign in"</a> " to see it."</p>
                            </section>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

pub(crate) fn score(review_ticked: usize, total: u32) -> String {
    format!("{review_ticked} of {total} rubric items")
}

#[component]
fn AnswerView(page: SharedAnswerPage, review: ServerAction<ReviewAnswer>) -> impl IntoView {
    let SharedAnswerPage {
        set,
        set_title,
        attempt,
        author,
        is_author,
        slug,
        question_title,
        rubric,
        answer_html,
        skipped,
        submitted_at,
        self_grade,
        reviews,
        can_review,
        now,
    } = page;
    let query = use_query_map();
    let reviewed = move || {
        (query.read().get_str("reviewed") == Some("1"))
            .then(|| view! { <p class="notice notice-success" role="status">"Review saved. Thank you."</p> })
    };
    let who = if is_author { "you".to_owned() } else { author };
    let body = if skipped {
        view! { <p><em>"The author skipped writing and went straight to the strong answer."</em></p> }
            .into_any()
    } else {
        view! { <div class="prose answer-text" inner_html=answer_html></div> }.into_any()
    };
    let mine = is_author.then(|| {
        let text = match &self_grade {
            Some(grade) => format!(
                "{} ({})",
                grade.rating.label(),
                score(grade.ticked.len(), grade.rubric_total)
            ),
            None => "not graded yet".to_owned(),
        };
        view! { <p class="self-grade"><strong>"Your self-rating: "</strong>{text}</p> }
    });
    view! {
        <Title text=format!("Shared answer: {question_title}")/>
        <section class="set shared-answer">
            <p class="breadcrumb"><A href=set.href()>{set_title}</A></p>
            <h1>{question_title}</h1>
            <p class="set-meta">
                {format!("Answer by {who}, {}", calendar::relative(submitted_at, now))} " · "
                <A href=slug.href()>"the question and its strong answer"</A>
            </p>
            {body}
            <h2 id="reviews">"Peer scores"</h2>
            {reviewed}
            {mine}
            <ReviewList reviews/>
            {can_review.then(|| view! { <ReviewForm set attempt rubric review/> })}
        </section>
    }
}

#[component]
pub(crate) fn ReviewList(reviews: Vec<PeerReview>) -> impl IntoView {
    if reviews.is_empty() {
        return view! { <p>"No reviews yet."</p> }.into_any();
    }
    view! {
        <ul class="peer-reviews">
            {reviews
                .into_iter()
                .map(|r| {
                    let comment = (!r.comment.is_empty())
                        .then(|| view! { <blockquote class="peer-comment">{r.comment.clone()}</blockquote> });
                    let ticked = (!r.ticked.is_empty()).then(|| {
                        view! {
                            <ul class="peer-ticks">
                                {r.ticked.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}
                            </ul>
                        }
                    });
                    view! {
                        <li>
                            <p><strong>{r.reviewer}</strong>": " {score(r.ticked.len(), r.rubric_total)}</p>
                            {ticked}
                            {comment}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn ReviewForm(
    set: SetId,
    attempt: crate::domain::AttemptId,
    rubric: Vec<String>,
    review: ServerAction<ReviewAnswer>,
) -> impl IntoView {
    let error = last_error(review);
    let form_message = Signal::derive(move || match error.get() {
        // Written here, not taken from the error: a crafted URL cannot choose it.
        Some(AppError::Conflict(_)) => {
            Some("You have already reviewed this answer; your first review stands.".to_owned())
        }
        other => other.and_then(|e| e.form_text()),
    });
    view! {
        <PostInPlace>
        <ActionForm action=review attr:class="grade-form" attr:aria-labelledby="review-heading">
            <h3 id="review-heading">"Score this answer"</h3>
            <input type="hidden" name="set" value=set.0/>
            <input type="hidden" name="attempt" value=attempt.0/>
            <fieldset aria-describedby="review-ticked-error">
                <legend>"Tick what the answer shows"</legend>
                {rubric
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let id = format!("review-item-{i}");
                        view! {
                            <div class="check">
                                <input id=id.clone() type="checkbox" name="ticked[]" value=i/>
                                <label for=id>{item}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <FieldMessage error name="ticked" id="review-ticked-error".to_owned()/>
            <div class="field">
                <label for="review-comment">"Comment (optional)"</label>
                <textarea
                    id="review-comment"
                    name="comment"
                    rows=3
                    maxlength=ReviewComment::MAX
                    aria-describedby="review-comment-hint review-comment-error"
                ></textarea>
                <p class="field-hint" id="review-comment-hint">"What would make it stronger, in a sentence or two."</p>
                <FieldMessage error name="comment" id="review-comment-error".to_owned()/>
            </div>
            <ErrorSlot name="" class="form-error" message=form_message/>
            <button type="submit" class="button primary">
                "Save my review"
            </button>
        </ActionForm>
        </PostInPlace>
    }
}
