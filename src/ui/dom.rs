//! Small DOM helpers: elements with the class prefix, text and attributes set only on change.
use crate::core::digits;
use gloo_events::EventListener;
use std::cell::Cell;
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::{Document, Element, HtmlElement};

/// The class prefix of every element the kit renders.
pub const PREFIX: &str = "cki-";

/// The page's document, when there is one.
pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// A new element `<tag class="cki-{class}">`.
pub fn el(doc: &Document, tag: &str, class: &str) -> Element {
    // The tag names are the kit's own constants: creation cannot fail.
    let e = doc.create_element(tag).unwrap_throw();
    if !class.is_empty() {
        let mut name = String::with_capacity(class.len() + 8);
        for (i, c) in class.split(' ').enumerate() {
            if i > 0 {
                name.push(' ');
            }
            name.push_str(PREFIX);
            name.push_str(c);
        }
        e.set_class_name(&name);
    }
    e
}

/// A `<button type="button">` with a class and visible text.
pub fn button(doc: &Document, class: &str, text: &str) -> Element {
    let b = el(doc, "button", class);
    attr(&b, "type", "button");
    set_text(&b, text);
    b
}

/// Sets the element's text (as text, never HTML) if it differs.
pub fn set_text(e: &Element, text: &str) {
    if e.text_content().as_deref() != Some(text) {
        e.set_text_content(Some(text));
    }
}

/// Sets an attribute if it differs.
pub fn attr(e: &Element, name: &str, value: &str) {
    if e.get_attribute(name).as_deref() != Some(value) {
        let _ = e.set_attribute(name, value);
    }
}

/// Sets or removes a boolean attribute.
pub fn flag(e: &Element, name: &str, on: bool) {
    if on != e.has_attribute(name) {
        if on {
            let _ = e.set_attribute(name, "");
        } else {
            let _ = e.remove_attribute(name);
        }
    }
}

/// Listens for `event` on `e`; the listener is removed when the returned value is dropped.
/// Not passive: key handlers cancel Tab, Escape and arrow keys.
pub fn on(e: &web_sys::EventTarget, event: &'static str, f: impl FnMut(&web_sys::Event) + 'static) -> EventListener {
    EventListener::new_with_options(e, event, gloo_events::EventListenerOptions::enable_prevent_default(), f)
}

/// Moves focus to `e`.
pub fn focus(e: &Element) {
    if let Some(h) = e.dyn_ref::<HtmlElement>() {
        let _ = h.focus();
    }
}

/// The element that has focus now.
pub fn active(doc: &Document) -> Option<Element> {
    doc.active_element()
}

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// A document-unique ID for `aria-labelledby` and friends.
pub fn unique_id(what: &str) -> String {
    let n = NEXT_ID.with(|c| {
        let n = c.get() + 1;
        c.set(n);
        n
    });
    [PREFIX, what, "-", &digits::decimal(u64::from(n))].concat()
}

/// An avatar: the image when its URL is safe, else the user's initial.
pub fn avatar(doc: &Document, user: &crate::core::User, class: &str) -> Element {
    let wrap = el(doc, "span", class);
    attr(&wrap, "aria-hidden", "true");
    match user.safe_avatar() {
        Some(url) => {
            let img = el(doc, "img", "");
            attr(&img, "alt", "");
            attr(&img, "src", url);
            attr(&img, "referrerpolicy", "no-referrer");
            let _ = wrap.append_child(&img);
        }
        None => set_text(&wrap, &user.initial()),
    }
    wrap
}
