//! The review page: what the scheduler wants today (due first, oldest due first, then new
//! questions in the bank's order) and what comes up later.

use crate::api::practice::load_review_queue;
use crate::components::concepts::ConceptTags;
use crate::components::notice::{ErrorNotice, Loading};
use crate::domain::Timestamp;
use crate::domain::stories::StoryQueueItem;
use crate::domain::words::counted_len;
use crate::domain::{QueueItem, ReviewQueue, calendar};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let queue = Resource::new(|| (), |()| load_review_queue());
    view! {
        <Title text="Review"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(Some(queue)) => view! { <QueueView queue/> }.into_any(),
                    Ok(None) => view! {
                        <section class="review">
                            <h1>"Review"</h1>
                            <p>
                                <A href="/sign-in?next=/review">"Sign in"</A>
                                " or "
                                <A href="/sign-up?next=/review">"create an account"</A>
                                " and this page lists the questions due for review, the ones "
                                "you have not tried yet, and when the rest come back."
                            </p>
                        </section>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QueueView(queue: ReviewQueue) -> impl IntoView {
    let ReviewQueue {
        now,
        today,
        interview_on,
        due,
        new,
        later,
        stories_due,
        stories_new,
        stories_later,
    } = queue;
    let interview = interview_on.map(|date| {
        let days = today.days_until(date);
        let untried = new.len();
        let message = if days < 0 {
            format!(
                "Your interview date, {}, has passed. Set the next one on your account page.",
                date.long()
            )
        } else {
            let when = match days {
                0 => "today".to_owned(),
                1 => "tomorrow".to_owned(),
                n => format!("in {n} days"),
            };
            let progress = if untried == 0 {
                "Every question has been practised at least once; each comes back before the day."
                    .to_owned()
            } else {
                format!(
                    "{} not practised yet: try each before the day.",
                    counted_len(untried, "question", "questions")
                )
            };
            format!("Interview {when} ({}). {progress}", date.long())
        };
        view! { <p class="notice" role="note">{message}</p> }
    });
    let today_empty =
        due.is_empty() && new.is_empty() && stories_due.is_empty() && stories_new.is_empty();
    let later_count = later.len() + stories_later.len();
    view! {
        <section class="review">
            <h1>"Review"</h1>
            {interview}
            <section aria-labelledby="today-heading">
                <h2 id="today-heading">"Today"</h2>
                {today_empty
                    .then(|| {
                        view! {
                            <p class="muted">
                                "Nothing is due and every question has been tried. Well done: "
                                "come back when the next one is due."
                            </p>
                        }
                    })}
                {(!due.is_empty())
                    .then(|| {
                        view! {
                            <h3 id="due-heading">{format!("Due today ({})", due.len())}</h3>
                            <QueueList items=due now labelled_by="due-heading"/>
                        }
                    })}
                {(!stories_due.is_empty())
                    .then(|| {
                        view! {
                            <h3 id="stories-due-heading">
                                {format!("Stories due today ({})", stories_due.len())}
                            </h3>
                            <StoryList items=stories_due now labelled_by="stories-due-heading"/>
                        }
                    })}
                {(!new.is_empty())
                    .then(|| {
                        view! {
                            <h3 id="new-heading">{format!("New ({})", new.len())}</h3>
                            <QueueList items=new now labelled_by="new-heading"/>
                        }
                    })}
                {(!stories_new.is_empty())
                    .then(|| {
                        view! {
                            <h3 id="stories-new-heading">
                                {format!("Stories not rehearsed yet ({})", stories_new.len())}
                            </h3>
                            <StoryList items=stories_new now labelled_by="stories-new-heading"/>
                        }
                    })}
            </section>
            <section aria-labelledby="later-heading">
                <h2 id="later-heading">{format!("Coming up ({later_count})")}</h2>
                {if later_count == 0 {
                    view! { <p class="muted">"Questions and stories you grade come back here with their next date."</p> }
                        .into_any()
                } else if later.is_empty() {
                    ().into_any()
                } else {
                    view! { <QueueList items=later now labelled_by="later-heading"/> }.into_any()
                }}
                {(!stories_later.is_empty())
                    .then(|| {
                        view! {
                            <h3 id="stories-later-heading">
                                {format!("Stories ({})", stories_later.len())}
                            </h3>
                            <StoryList items=stories_later now labelled_by="stories-later-heading"/>
                        }
                    })}
            </section>
        </section>
    }
}

#[component]
fn QueueList(items: Vec<QueueItem>, now: Timestamp, labelled_by: &'static str) -> impl IntoView {
    view! {
        <ol class="queue" aria-labelledby=labelled_by>
            {items
                .into_iter()
                .map(|item| {
                    let when = item.due_at.map(|at| {
                        let word = if at <= now { "due" } else { "comes back" };
                        format!("{word} {} · {}", calendar::relative(at, now), calendar::date_time(at))
                    });
                    let last = item.last_rating.map(|r| format!("last rated {}", r.label()));
                    let facts: Vec<String> = [Some(item.level.heading().to_owned()), when, last]
                        .into_iter()
                        .flatten()
                        .collect();
                    view! {
                        <li>
                            <a class="queue-title" href=item.slug.href()>{item.title}</a>
                            <span class="queue-facts">{facts.join(" · ")}</span>
                            <ConceptTags concepts=item.concepts/>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// My stories in the queue, each marked as a story and linked to its rehearsal.
#[component]
fn StoryList(
    items: Vec<StoryQueueItem>,
    now: Timestamp,
    labelled_by: &'static str,
) -> impl IntoView {
    view! {
        <ol class="queue queue-stories" aria-labelledby=labelled_by>
            {items
                .into_iter()
                .map(|item| {
                    let when = item.due_at.map(|at| {
                        let word = if at <= now { "due" } else { "comes back" };
                        format!("{word} {} · {}", calendar::relative(at, now), calendar::date_time(at))
                    });
                    let last = item.last_rating.map(|r| format!("last rated {}", r.label()));
                    let facts: Vec<String> = [Some(item.kind.short().to_owned()), when, last]
                        .into_iter()
                        .flatten()
                        .collect();
                    view! {
                        <li>
                            <a class="queue-title" href=item.id.rehearse_href()>
                                <span class="badge">"Story"</span> " " {item.title}
                            </a>
                            <span class="queue-facts">{facts.join(" · ")}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
