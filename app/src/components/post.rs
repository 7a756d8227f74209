//! How an island sends a form to a server function without leaving the page.
//!
//! Leptos's `ActionForm` and the server-function client would do this too, but they cost
//! about 67 KB of the compressed bundle (their codecs, a request builder, the form's
//! deserialiser), which every first visit would download. The browser already has all of
//! it: `FormData` reads the form and `fetch` posts it with the body a plain post sends.
//!
//! Every form that posts this way is a real `<form action=… method="post">` first: without
//! JavaScript the browser posts it, and the server redirects to the next page, or back to
//! this one with the error in the URL ([`PostedError`](super::posted::PostedError)), where
//! the page renders the error's words into the form's error slots
//! ([`ErrorSlot`](super::form::ErrorSlot)). A script's post gets the same answers in another
//! form: where to go next (the `Location` a server function sets when it redirects), a JSON
//! value, or the JSON of the refusal. For a refusal the island asks the server for this
//! page as the plain post would have landed on it, and copies the words out of its error
//! slots: the browser never decodes an error itself, so the words and their decoder stay on
//! the server (decoding them here cost 6 KB of the compressed bundle).

#[cfg(feature = "hydrate")]
use crate::error::AppError;
use leptos::prelude::*;

/// What the server answered to a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Posted {
    /// Go to this address: the form's work is done and its result is another page.
    GoTo(String),
    /// The function's value, as JSON.
    Value(String),
    /// The server refused the post (a 4xx): the function's path and the error, as the
    /// server encoded it.
    Refused { path: String, error: String },
    /// The post failed for a reason the learner cannot fix by changing the form (the
    /// server's fault, the network's, a session that ended): the form's message for it.
    Failed(&'static str),
}

/// Posts `form` as a plain post would (with `submitter`'s name and value, if it has one).
#[cfg(feature = "hydrate")]
pub async fn post_form(
    form: &web_sys::HtmlFormElement,
    submitter: Option<&web_sys::HtmlElement>,
) -> Posted {
    let body = async {
        let data = web_sys::FormData::new_with_form(form)?;
        // A plain post sends the pressed button's name and value; `FormData` leaves it out.
        if let Some(button) = submitter
            && let Some(name) = button.get_attribute("name")
        {
            let value = button.get_attribute("value").unwrap_or_default();
            data.append_with_str(&name, &value)?;
        }
        web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data)
    };
    match body.await {
        Ok(body) => post(&form.action(), &body).await,
        Err(error) => Posted::Failed(transport(error)),
    }
}

/// Posts `fields` to the server function at `url`.
#[cfg(feature = "hydrate")]
pub async fn post_fields(url: &str, fields: &[(&str, &str)]) -> Posted {
    let body = match web_sys::UrlSearchParams::new() {
        Ok(body) => body,
        Err(error) => return Posted::Failed(transport(error)),
    };
    for (name, value) in fields {
        body.append(name, value);
    }
    post(url, &body).await
}

#[cfg(feature = "hydrate")]
async fn post(url: &str, body: &web_sys::UrlSearchParams) -> Posted {
    // Not `text/html`: that is how the server tells a script's post from a plain one, and
    // answers a script with the error itself rather than a redirect back to the page.
    match fetch_text(url, "application/json", Some(body)).await {
        Ok((response, text)) => {
            let status = response.status();
            if response.ok() {
                match response.headers().get("location").ok().flatten() {
                    Some(location) => Posted::GoTo(location),
                    None => Posted::Value(text),
                }
            } else if status == 401 && text == "\"Unauthorized\"" {
                // Signed out meanwhile (in another tab, or the session ran out): the page
                // the plain post would land on has no form to show the words in. (A wrong
                // password is a 401 too, with its words in the sign-in form.)
                Posted::Failed(message(&AppError::Unauthorized))
            } else if (400..500).contains(&status) {
                let path = web_sys::Url::new(url).map_or_else(|_| url.to_owned(), |u| u.pathname());
                Posted::Refused { path, error: text }
            } else {
                Posted::Failed(message(&AppError::Internal))
            }
        }
        Err(error) => Posted::Failed(error),
    }
}

/// Fetches `url` (a post when there is a `body`) and reads its answer as text.
#[cfg(feature = "hydrate")]
async fn fetch_text(
    url: &str,
    accept: &str,
    body: Option<&web_sys::UrlSearchParams>,
) -> Result<(web_sys::Response, String), &'static str> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let headers = web_sys::Headers::new().map_err(transport)?;
    headers.set("Accept", accept).map_err(transport)?;
    let init = web_sys::RequestInit::new();
    init.set_headers(&headers);
    if let Some(body) = body {
        init.set_method("POST");
        init.set_body(body);
    }
    let response: web_sys::Response = JsFuture::from(window().fetch_with_str_and_init(url, &init))
        .await
        .map_err(transport)?
        .unchecked_into();
    let text = JsFuture::from(response.text().map_err(transport)?)
        .await
        .map_err(transport)?
        .as_string()
        .unwrap_or_default();
    Ok((response, text))
}

/// The browser could not send the request or read its answer (offline, say).
#[cfg(feature = "hydrate")]
fn transport(_: wasm_bindgen::JsValue) -> &'static str {
    message(&AppError::Transport(String::new()))
}

/// The fixed sentence a form shows for `error`. Only fixed sentences reach the browser's
/// bundle: no error is decoded or formatted there.
#[cfg(feature = "hydrate")]
fn message(error: &AppError) -> &'static str {
    error.form_message().unwrap_or_default()
}

/// Leaves for `url` (a path on this site, as our redirects are) with a full page load, as a
/// plain post's redirect would. An address that differs from this page's only in its
/// fragment (a form saved twice redirects to the same `?saved=1#form`) would only scroll,
/// so the page is loaded again.
#[cfg(feature = "hydrate")]
pub fn go_to(url: &str) {
    let location = window().location();
    let (target, fragment) = url.split_once('#').unwrap_or((url, ""));
    let here = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if target == here {
        let _ = location.set_hash(fragment);
        let _ = location.reload();
    } else {
        let _ = location.assign(url);
    }
}

/// Wraps a server-rendered form and posts it without leaving the page: on success the
/// browser goes where the server says, as after a plain post; on a refusal the messages
/// appear in the form's error slots and everything the learner typed stays. Submit buttons
/// are disabled while the post is on its way, so a double click sends one post. Without
/// JavaScript the form posts as it is.
///
/// The form's markup is the island's children, rendered on the server only: the bundle
/// carries this wrapper's few lines, not the form.
#[island]
pub fn PostInPlace(children: Children) -> impl IntoView {
    view! { <div class="post-in-place" on:submit=submit_in_place>{children()}</div> }
}

/// A form's `submit` event, taken over: see [`PostInPlace`]. Islands that wrap a form and
/// need to act before it leaves (the answer form stamps its duration) call it themselves.
pub fn submit_in_place(ev: leptos::ev::SubmitEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(form) = super::dom::submitted_form(&ev) else {
            return;
        };
        ev.prevent_default();
        if form.has_attribute("aria-busy") {
            return;
        }
        let submitter = ev
            .submitter()
            .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok());
        set_busy(&form, true);
        release_on_return();
        // Emptied now and filled when the answer comes, so that a message, even the same
        // one again, is a change that a screen reader announces.
        show_errors(&form, |_| None);
        leptos::task::spawn_local(async move {
            match post_form(&form, submitter.as_ref()).await {
                Posted::GoTo(url) => return go_to(&url),
                // Every form we post this way redirects; should one ever not, the page
                // shows its result when it loads again.
                Posted::Value(_) => {
                    let _ = window().location().reload();
                    return;
                }
                Posted::Refused { path, error } => show_refusal(&form, &path, &error).await,
                Posted::Failed(text) => {
                    show_errors(&form, |name| name.is_empty().then(|| text.to_owned()));
                }
            }
            set_busy(&form, false);
            // Disabling the pressed button took the focus from it: give it to the first
            // field to fix, or back to the button.
            let invalid = form
                .query_selector("[aria-invalid=true]:not(fieldset)")
                .ok()
                .flatten()
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(target) = invalid.or(submitter) {
                let _ = target.focus();
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

/// A page the learner leaves after a post and comes back to with Back may be restored from
/// the browser's back-forward cache as it was: with its form still busy. Such a return
/// frees every busy form. Listened for once per page, from the first post on.
#[cfg(feature = "hydrate")]
fn release_on_return() {
    thread_local!(static LISTENING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if LISTENING.with(|listening| listening.replace(true)) {
        return;
    }
    let release = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
        use wasm_bindgen::JsCast;
        if let Ok(busy) = document().query_selector_all("form[aria-busy]") {
            for index in 0..busy.length() {
                if let Some(form) = busy.item(index).and_then(|n| n.dyn_into().ok()) {
                    set_busy(&form, false);
                }
            }
        }
    });
    let _ = window().add_event_listener_with_callback(
        "pageshow",
        wasm_bindgen::JsCast::unchecked_ref(release.as_ref()),
    );
    // Kept for the page's life, as the listener is.
    release.forget();
}

/// Marks `form` as busy and disables its submit buttons, or the reverse.
#[cfg(feature = "hydrate")]
fn set_busy(form: &web_sys::HtmlFormElement, busy: bool) {
    if busy {
        let _ = form.set_attribute("aria-busy", "true");
    } else {
        let _ = form.remove_attribute("aria-busy");
    }
    each(form, "button[type=submit]", |button| {
        let _ = if busy {
            button.set_attribute("disabled", "")
        } else {
            button.remove_attribute("disabled")
        };
    });
}

/// Shows a refused post's words: renders this page as the plain post would have landed on
/// it (`?__path=…&__err=…`) and copies the text of each error slot of this form's kind.
#[cfg(feature = "hydrate")]
async fn show_refusal(form: &web_sys::HtmlFormElement, path: &str, error: &str) {
    let location = window().location();
    let search = location.search().unwrap_or_default();
    let page = format!(
        "{}{}{}__path={}&__err={}",
        location.pathname().unwrap_or_default(),
        search,
        if search.is_empty() { "?" } else { "&" },
        js_sys::encode_uri_component(path),
        js_sys::encode_uri_component(&url_safe_base64(error.as_bytes())),
    );
    let rendered = match fetch_text(&page, "text/html", None).await {
        Ok((_, html)) => web_sys::DomParser::new()
            .and_then(|parser| parser.parse_from_string(&html, web_sys::SupportedType::TextHtml))
            .ok(),
        Err(_) => None,
    };
    // The same form on the rendered page: found by comparing actions, not by a selector
    // built from one.
    let action = form.get_attribute("action");
    let twin = rendered.and_then(|page| {
        let forms = page.query_selector_all("form").ok()?;
        (0..forms.length())
            .filter_map(|index| forms.item(index))
            .filter_map(|node| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(node).ok())
            .find(|candidate| candidate.get_attribute("action") == action)
    });
    let mut shown = false;
    show_errors(form, |name| {
        let text = twin
            .as_ref()?
            .query_selector(&format!("[data-error-for=\"{name}\"]"))
            .ok()??
            .text_content()
            .filter(|text| !text.is_empty());
        shown |= text.is_some();
        text
    });
    if !shown {
        // The page could not be had, or the error belongs to no slot: say so in general.
        show_errors(form, |name| {
            name.is_empty()
                .then(|| message(&AppError::InvalidInput(String::new())).to_owned())
        });
    }
}

/// `bytes` in URL-safe base64 with padding: how the server puts an error into the URL it
/// sends a refused plain post back to, so that is how this page asks for it. (The browser's
/// `btoa` takes Latin-1 only, and an error can quote Unicode.)
pub fn url_safe_base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0_u32, |n, (i, byte)| n | u32::from(*byte) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Writes into each error slot of `form` the message `message_for` gives for its field
/// (the form's own slot has the empty name), or empties and hides it, and marks the
/// controls each slot describes as invalid, or no longer.
#[cfg(feature = "hydrate")]
fn show_errors(
    form: &web_sys::HtmlFormElement,
    mut message_for: impl FnMut(&str) -> Option<String>,
) {
    each(form, "[data-error-for]", |slot| {
        let name = slot.get_attribute("data-error-for").unwrap_or_default();
        let message = message_for(&name);
        slot.set_text_content(message.as_deref());
        if let Some(slot) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&slot) {
            slot.set_hidden(message.is_none());
        }
        if !slot.id().is_empty() {
            each(
                form,
                &format!("[aria-describedby~=\"{}\"]", slot.id()),
                |control| {
                    let _ = if message.is_some() {
                        control.set_attribute("aria-invalid", "true")
                    } else {
                        control.remove_attribute("aria-invalid")
                    };
                },
            );
        }
    });
}

#[cfg(feature = "hydrate")]
fn each(form: &web_sys::HtmlFormElement, selector: &str, mut f: impl FnMut(web_sys::Element)) {
    use wasm_bindgen::JsCast;
    if let Ok(found) = form.query_selector_all(selector) {
        for index in 0..found.length() {
            if let Some(element) = found.item(index).and_then(|n| n.dyn_into().ok()) {
                f(element);
            }
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::url_safe_base64;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn base64_is_the_servers(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            prop_assert_eq!(url_safe_base64(&bytes), URL_SAFE.encode(&bytes));
        }
    }
}
