//! An incident drill's steps, one reveal at a time. Step N's situation shows once step N-1
//! is revealed; its own reveal waits for the learner's "Reveal step N".
//!
//! Each reveal is a GET form with `step=N`, so without JavaScript the server renders the page
//! with that many steps revealed (and the fragment scrolls to the new reveal). With
//! JavaScript, the [`DrillControls`] island reveals in place and moves focus to what appeared.

use crate::components::dom::{focus_first, set_hidden, set_text};
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
    let items = steps
        .into_iter()
        .enumerate()
        .map(|(index, step)| {
            let n = index + 1;
            let reveal_id = format!("step-{n}-reveal");
            view! {
                <li id=format!("step-{n}") hidden={initial + 1 < n}>
                    <h3>{format!("Step {n}: {}", step.title)}</h3>
                    <div class="prose" inner_html=step.situation_html></div>
                    <form
                        id=format!("step-{n}-next")
                        class="drill-next"
                        method="get"
                        action=format!("{}#{reveal_id}", slug.href())
                        data-step=n
                        hidden={initial >= n}
                    >
                        <input type="hidden" name="step" value=n/>
                        {keep_reveal.then(|| view! { <input type="hidden" name="reveal" value="1"/> })}
                        <button type="submit" class="button">{format!("Reveal step {n}")}</button>
                    </form>
                    <div id=reveal_id class="drill-reveal" tabindex="-1" hidden={initial < n}>
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
            <DrillControls total initial>
                <ol class="drill-steps">{items}</ol>
            </DrillControls>
        </section>
    }
}

/// Reveals the steps in place: the steps are server HTML (the island's children), so a
/// reveal shows and hides them by id, and the island keeps only the count.
#[island]
fn DrillControls(total: usize, initial: usize, children: Children) -> impl IntoView {
    let reveal = move |ev: leptos::ev::SubmitEvent| {
        let Some(n) = submitted_step(&ev) else {
            return;
        };
        ev.prevent_default();
        if n == total {
            set_text("drill-done", DONE);
        }
        set_hidden(&format!("step-{n}-next"), true);
        set_hidden(&format!("step-{n}-reveal"), false);
        set_hidden(&format!("step-{}", n + 1), false);
        focus_first(&format!("step-{n}-reveal"));
    };
    view! {
        <div class="drill-controls" on:submit=reveal>
            {children()}
            <p class="drill-done" id="drill-done" role="status">
                {(initial == total).then_some(DONE)}
            </p>
        </div>
    }
}

const DONE: &str =
    "Every step is revealed. Now give the whole answer: diagnosis, fix and prevention.";

/// The step a drill form reveals (its `data-step`), for a submit from one of them.
fn submitted_step(ev: &leptos::ev::SubmitEvent) -> Option<usize> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        ev.target()?
            .dyn_into::<web_sys::Element>()
            .ok()?
            .get_attribute("data-step")?
            .parse()
            .ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        None
    }
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
