//! The few direct touches of the page that islands make: server-rendered elements outside an
//! island cannot follow its signals, so an island that opens or focuses them does it by id.
//! Each does nothing on the server.

/// Moves focus to the first of `ids` (separated by spaces, as in `aria-controls`) that is on
/// the page and enabled.
pub fn focus_first(ids: &str) {
    #[cfg(feature = "hydrate")]
    {
        let document = leptos::prelude::document();
        let target = ids
            .split_whitespace()
            .find_map(|id| element(&document, id).filter(|el| !el.has_attribute("disabled")));
        if let Some(element) = target {
            let _ = element.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ids;
}

/// Shows or hides the element with `id` (its `hidden` attribute).
pub fn set_hidden(id: &str, hidden: bool) {
    #[cfg(feature = "hydrate")]
    if let Some(element) = element(&leptos::prelude::document(), id) {
        element.set_hidden(hidden);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, hidden);
}

/// Sets the text of the element with `id`.
pub fn set_text(id: &str, text: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(element) = element(&leptos::prelude::document(), id) {
        element.set_text_content(Some(text));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, text);
}

/// The form a `submit` event is for.
#[cfg(feature = "hydrate")]
pub fn submitted_form(ev: &leptos::ev::SubmitEvent) -> Option<web_sys::HtmlFormElement> {
    use wasm_bindgen::JsCast;
    ev.target()?.dyn_into().ok()
}

#[cfg(feature = "hydrate")]
fn element(document: &web_sys::Document, id: &str) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    document
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
}
