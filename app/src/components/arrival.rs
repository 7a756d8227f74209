//! Where a page lands the keyboard after a form's full page load. Forms post and the browser
//! loads the page they redirect to, so what was "move focus to what changed" in place is now
//! said by the server: the page names the element to focus and, when a change is worth
//! hearing, a sentence for a live region. The island does both once it hydrates. Without
//! JavaScript the redirect's fragment scrolls to the same place, and the page shows its
//! visible notice.

use super::dom::{focus_first, set_text};
use leptos::prelude::*;

/// Focuses the first of `focus` (element ids, separated by spaces) that is on the page and
/// enabled, then puts `announce` (if not empty) into a polite live region. The region starts
/// empty and is filled after hydration: text that is present when a page loads is not
/// announced.
#[island]
pub fn Arrival(focus: String, announce: String) -> impl IntoView {
    Effect::new(move |_| {
        focus_first(&focus);
        if !announce.is_empty() {
            set_text("arrival-status", &announce);
        }
    });
    view! { <p class="visually-hidden" role="status" id="arrival-status"></p> }
}
