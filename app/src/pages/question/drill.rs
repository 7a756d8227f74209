//! An incident drill's steps, one reveal at a time. Step N's situation shows once step N-1
//! is revealed; its own reveal waits for the learner's "Reveal step N".
//!
//! Each reveal is a GET form with `step=N`, so without JavaScript the server renders the page
//! with that many steps revealed (and the fragment scrolls to the new reveal). Once hydrated,
//! the same forms reveal in place and move focus to what appeared.

use crate::domain::{DrillStep, QuestionSlug};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// How many steps the URL says are revealed (`?step=N`), at most `total`.
pub fn revealed_in_url(step: Option<&str>, total: usize) -> usize {
    step.and_then(|s| s.trim().parse::<usize>().ok())
        .unwrap_or(0)
        .min(total)
}

#[component]
pub fn DrillSteps(slug: QuestionSlug, steps: Vec<DrillStep>) -> impl IntoView {
    let query = use_query_map();
    let total = steps.len();
    let (initial, keep_reveal) = {
        let query = query.read_untracked();
        (
            revealed_in_url(query.get_str("step"), total),
            query.get_str("reveal") == Some("1"),
        )
    };
    let revealed = RwSignal::new(initial);
    let items = steps
        .into_iter()
        .enumerate()
        .map(|(index, step)| {
            let n = index + 1;
            let reveal_id = format!("step-{n}-reveal");
            let reveal = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                revealed.set(n);
                focus_later(format!("step-{n}-reveal"));
            };
            view! {
                <li id=format!("step-{n}") hidden=move || { revealed.get() + 1 < n }>
                    <h3>{format!("Step {n}: {}", step.title)}</h3>
                    <div class="prose" inner_html=step.situation_html></div>
                    <form
                        class="drill-next"
                        method="get"
                        action=format!("{}#{reveal_id}", slug.href())
                        on:submit=reveal
                        hidden=move || { revealed.get() >= n }
                    >
                        <input type="hidden" name="step" value=n/>
                        {keep_reveal.then(|| view! { <input type="hidden" name="reveal" value="1"/> })}
                        <button type="submit" class="button">{format!("Reveal step {n}")}</button>
                    </form>
                    <div
                        id=reveal_id
                        class="drill-reveal"
                        tabindex="-1"
                        hidden=move || { revealed.get() < n }
                    >
                        <h4>"What an experienced engineer checks or decides"</h4>
                        <div class="prose" inner_html=step.reveal_html></div>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="drill" aria-labelledby="drill-heading">
            <h2 id="drill-heading">"The incident, step by step"</h2>
            <p class="hint">
                "At each step, say out loud what you would check or decide, then reveal what an "
                "experienced engineer does."
            </p>
            <ol class="drill-steps">{items}</ol>
            <p class="drill-done" role="status">
                {move || {
                    (revealed.get() == total)
                        .then_some("Every step is revealed. Now give the whole answer: diagnosis, fix and prevention.")
                }}
            </p>
        </section>
    }
}

/// Moves focus to the element with `id` once the DOM shows it (after the next frame).
fn focus_later(id: String) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(element) = document()
            .get_element_by_id(&id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

#[cfg(test)]
mod tests {
    use super::revealed_in_url;

    #[test]
    fn the_url_reveals_at_most_every_step() {
        assert_eq!(revealed_in_url(None, 3), 0);
        assert_eq!(revealed_in_url(Some("2"), 3), 2);
        assert_eq!(revealed_in_url(Some("99"), 3), 3);
        assert_eq!(revealed_in_url(Some("-1"), 3), 0);
        assert_eq!(revealed_in_url(Some("two"), 3), 0);
    }
}
