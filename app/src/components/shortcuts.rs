//! Keyboard shortcuts of the practice loop, and the line that shows them on screen.
//!
//! - Ctrl+Enter (Cmd+Enter on a Mac) in the answer submits it, through its submit button,
//!   so the form is checked and stamped as for a click.
//! - Space, when nothing is focused, presses the page's reveal control (on the answer form:
//!   only while the answer is empty; otherwise it returns focus to the answer).
//! - 1–4, outside a text field, choose a rating.
//!
//! A shortcut never fires while the learner types in a field, or with Alt held, so it cannot
//! eat a character.

use leptos::prelude::*;

/// Listens for the page-wide shortcuts while mounted (in the browser only). An island with
/// nothing to show: it works through the page's elements (`data-shortcut`, the rating radios).
#[island]
pub fn KeyboardShortcuts() -> impl IntoView {
    Effect::new(move |_| {
        let handle = window_event_listener(leptos::ev::keydown, on_key);
        on_cleanup(move || handle.remove());
    });
}

#[cfg(feature = "hydrate")]
fn on_key(ev: leptos::ev::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    if ev.key() == "Enter"
        && (ev.ctrl_key() || ev.meta_key())
        && !ev.default_prevented()
        && ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| el.id() == "answer")
    {
        ev.prevent_default();
        if let Some(button) = document()
            .get_element_by_id("answer-submit")
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            button.click();
        }
        return;
    }
    if ev.default_prevented() || ev.alt_key() || ev.ctrl_key() || ev.meta_key() || ev.repeat() {
        return;
    }
    let document = document();
    let focused = document.active_element();
    let nothing_focused = focused
        .as_ref()
        .is_none_or(|el| el.tag_name() == "BODY" || el.id() == "main");
    let typing = focused.as_ref().is_some_and(|el| {
        matches!(el.tag_name().as_str(), "TEXTAREA" | "SELECT")
            || (el.tag_name() == "INPUT"
                && !matches!(
                    el.get_attribute("type").as_deref(),
                    Some("checkbox" | "radio" | "button" | "submit")
                ))
            || el.get_attribute("contenteditable").is_some()
    });
    let click = |selector: &str| -> bool {
        let Ok(Some(el)) = document.query_selector(selector) else {
            return false;
        };
        let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() else {
            return false;
        };
        el.click();
        let _ = el.focus();
        true
    };
    // On the answer form, Space reveals (skipping writing) only while nothing is written:
    // with a draft in the box it goes back to the draft instead of submitting it.
    let draft = document
        .get_element_by_id("answer")
        .and_then(|el| el.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .filter(|answer| !answer.value().trim().is_empty());
    let key = ev.key();
    let handled = match key.as_str() {
        " " if nothing_focused => match draft {
            Some(answer) => answer.focus().is_ok(),
            None => click("[data-shortcut=reveal]"),
        },
        "1" | "2" | "3" | "4" if !typing => {
            click(&format!("input[type=radio][name=rating][value=\"{key}\"]"))
        }
        _ => false,
    };
    if handled {
        ev.prevent_default();
    }
}

#[cfg(not(feature = "hydrate"))]
fn on_key(_: leptos::ev::KeyboardEvent) {}

/// The shortcuts, on screen where they apply, with a link to the full list.
#[component]
pub fn ShortcutHint() -> impl IntoView {
    view! {
        <p class="shortcuts">
            "Keys: " <kbd>"Ctrl"</kbd> "+" <kbd>"Enter"</kbd> " submits your answer · "
            <kbd>"Space"</kbd> " reveals · " <kbd>"1"</kbd> "–" <kbd>"4"</kbd> " rate · "
            <a href="/help#keyboard">"All shortcuts"</a>
        </p>
    }
}
