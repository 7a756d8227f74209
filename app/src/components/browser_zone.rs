//! A hidden form field carrying the browser's time zone (an IANA name from `Intl`), filled in
//! once the page has hydrated. Without JavaScript it stays empty and the server ignores it.

use leptos::prelude::*;

#[island]
pub fn BrowserTimeZoneField() -> impl IntoView {
    let zone = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(name) = browser_time_zone() {
            zone.set(name);
        }
    });
    view! { <input type="hidden" name="time_zone" value=move || zone.get()/> }
}

/// The browser's time zone, e.g. "Europe/Berlin".
pub fn browser_time_zone() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let options =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
                .resolved_options();
        js_sys::Reflect::get(&options, &wasm_bindgen::JsValue::from_str("timeZone"))
            .ok()?
            .as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}
