//! Timed mode: the five steps of the answer framework against the clock. Times come from the
//! wall clock, not from counting ticks, so the timer stays right when the tab sits in the
//! background (where browsers slow timers down). Step changes are announced politely; the
//! countdown itself is a `role="timer"`, which screen readers leave silent unless asked.

use leptos::prelude::*;

/// The steps of the answer framework and their seconds, from the study guide.
pub const STEPS: [(&str, u32); 5] = [
    ("Clarify requirements", 5),
    ("State the trade-off", 10),
    ("Argue both sides", 30),
    ("Recommend with context", 20),
    ("Monitoring and validation", 15),
];

/// The parts of a story and their seconds: two minutes, the length an interviewer gives a
/// story, walked in the order of the story rubric.
pub const STORY_STEPS: [(&str, u32); 5] = [
    ("State the constraint", 20),
    ("Name the trade-off", 25),
    ("Argue the other side", 25),
    ("Give the measured result", 25),
    ("Say what you monitored", 25),
];

/// Milliseconds since the epoch from the browser's clock (0 on the server, which never runs
/// the timer).
pub fn clock_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

/// Where the timer is, `elapsed` seconds after it started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Step { index: usize, left_secs: u32 },
    Done,
}

pub fn phase(steps: &[(&str, u32)], elapsed_secs: f64) -> Phase {
    let mut end = 0.0;
    for (index, (_, secs)) in steps.iter().enumerate() {
        end += f64::from(*secs);
        if elapsed_secs < end {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "at most one step's seconds, positive"
            )]
            let left_secs = (end - elapsed_secs).ceil() as u32;
            return Phase::Step { index, left_secs };
        }
    }
    Phase::Done
}

/// The timer panel, an island. Starting it marks the answer as timed and begun, and gives
/// the answer box the focus, so the learner can type at once. The elements stay in place
/// while the timer runs and only their text changes, so assistive technology is not handed
/// a new region every second. Hidden until the page has hydrated: it needs JavaScript.
///
/// `children` is the hint shown before the timer starts, rendered on the server (the bundle
/// carries only the step names).
#[island]
pub fn AnswerTimer(children: Children) -> impl IntoView {
    timer(&STEPS, children)
}

/// The same timer over a story's two minutes ([`STORY_STEPS`]). Two islands without props,
/// rather than one with a flag: a prop would bring its decoder into the bundle (1.5 KB),
/// where a second island costs a few hundred bytes.
#[island]
pub fn StoryTimer(children: Children) -> impl IntoView {
    timer(&STORY_STEPS, children)
}

fn timer(steps: &'static [(&'static str, u32); 5], children: Children) -> impl IntoView {
    Effect::new(move |_| crate::components::dom::set_hidden("timer", false));
    let timer_started = RwSignal::new(None::<f64>);
    let now = RwSignal::new(0.0);
    let ticking = StoredValue::new(None::<IntervalHandle>);
    let current = Memo::new(move |_| {
        timer_started
            .get()
            .map(|start| phase(steps, ((now.get() - start) / 1000.0).max(0.0)))
    });
    // Tick while the timer runs; each tick only reads the clock.
    Effect::new(move |_| {
        if timer_started.get().is_some()
            && ticking.get_value().is_none()
            && let Ok(handle) = set_interval_with_handle(
                move || now.set(clock_ms()),
                std::time::Duration::from_millis(250),
            )
        {
            now.set(clock_ms());
            ticking.set_value(Some(handle));
        }
    });
    let stop = move || {
        if let Some(handle) = ticking.get_value() {
            handle.clear();
            ticking.set_value(None);
        }
    };
    Effect::new(move |_| {
        if current.get() == Some(Phase::Done) {
            stop();
        }
    });
    on_cleanup(stop);

    let step_index = Memo::new(move |_| match current.get() {
        Some(Phase::Step { index, .. }) => Some(index),
        Some(Phase::Done) => Some(steps.len()),
        None => None,
    });
    let running = move || step_index.get().is_some();
    let done = move || step_index.get() == Some(steps.len());
    let step_text = move || match step_index.get() {
        Some(index) if index < steps.len() => {
            format!("Step {} of 5: {}", index + 1, steps[index].0)
        }
        Some(_) => "Time is up. Finish your sentence and submit.".to_owned(),
        None => String::new(),
    };
    let left_text = move || match current.get() {
        Some(Phase::Step { left_secs, .. }) => format!("{left_secs} s left"),
        _ => String::new(),
    };
    // Changes only when the step does, so a screen reader hears each step once. It is the
    // step's line with its length (one format fewer in the bundle).
    let announcement = move || match step_index.get() {
        Some(index) if index < steps.len() => {
            format!("{}, {} seconds.", step_text(), steps[index].1)
        }
        _ => step_text(),
    };
    let start = move |_| {
        timer_started.set(Some(clock_ms()));
        #[cfg(feature = "hydrate")]
        {
            use super::answer::{ANSWER_ID, TIMED_ID, mark_started};
            use wasm_bindgen::JsCast;
            let document = document();
            if let Some(timed) = document
                .get_element_by_id(TIMED_ID)
                .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                timed.set_value("1");
            }
            mark_started();
            crate::components::dom::focus_first(ANSWER_ID);
        }
    };
    let step_list = steps
        .iter()
        .enumerate()
        .map(|(index, (name, secs))| {
            let state = move || match step_index.get() {
                Some(current) if index < current => "done",
                Some(current) if index == current => "current",
                _ => "next",
            };
            view! {
                <li class=state aria-current=move || (state() == "current").then_some("step")>
                    {format!("{name} · {secs} s")}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="timer" id="timer" aria-labelledby="timer-heading" hidden=true>
            <h3 id="timer-heading">"Timed mode"</h3>
            <div class="timer-idle" hidden=running>
                {children()}
                <button type="button" class="button secondary" on:click=start>
                    "Start the timer"
                </button>
            </div>
            <div class="timer-running" hidden=move || !running()>
                <p class="timer-now">
                    <span class="timer-step">{step_text}</span>
                    <span
                        class="timer-left"
                        role="timer"
                        aria-label="Seconds left in this step"
                        hidden=done
                    >
                        {left_text}
                    </span>
                </p>
                <ol class="timer-steps">{step_list}</ol>
            </div>
            <p class="visually-hidden" aria-live="polite">{announcement}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_add_up_to_eighty_seconds() {
        assert_eq!(STEPS.iter().map(|(_, s)| s).sum::<u32>(), 80);
    }

    #[test]
    fn a_story_is_told_in_two_minutes() {
        assert_eq!(
            STORY_STEPS.iter().map(|(_, s)| s).sum::<u32>(),
            crate::domain::stories::STORY_SECONDS
        );
        assert_eq!(
            phase(&STORY_STEPS, 20.0),
            Phase::Step {
                index: 1,
                left_secs: 25
            }
        );
        assert_eq!(phase(&STORY_STEPS, 120.0), Phase::Done);
    }

    #[test]
    fn phases_follow_the_clock() {
        assert_eq!(
            phase(&STEPS, 0.0),
            Phase::Step {
                index: 0,
                left_secs: 5
            }
        );
        assert_eq!(
            phase(&STEPS, 4.2),
            Phase::Step {
                index: 0,
                left_secs: 1
            }
        );
        assert_eq!(
            phase(&STEPS, 5.0),
            Phase::Step {
                index: 1,
                left_secs: 10
            }
        );
        assert_eq!(
            phase(&STEPS, 44.9),
            Phase::Step {
                index: 2,
                left_secs: 1
            }
        );
        assert_eq!(
            phase(&STEPS, 45.0),
            Phase::Step {
                index: 3,
                left_secs: 20
            }
        );
        assert_eq!(
            phase(&STEPS, 79.5),
            Phase::Step {
                index: 4,
                left_secs: 1
            }
        );
        assert_eq!(phase(&STEPS, 80.0), Phase::Done);
        // A tab in the background for ten minutes comes back to the right answer.
        assert_eq!(phase(&STEPS, 600.0), Phase::Done);
    }
}
