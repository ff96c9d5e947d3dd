//! Small DOM helpers: elements with the class prefix, text and attributes set only on change.
use crate::core::digits;
use gloo_events::EventListener;
use std::cell::Cell;
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::{Document, Element, HtmlElement};

/// The class prefix of every element the kit renders.
pub const PREFIX: &str = "cki-";

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    // `globalThis.document`, read once: undefined (None) without a DOM, as in Node. Cheaper
    // than `web_sys::window()`, which probes for the global object first.
    #[wasm_bindgen(thread_local_v2, js_namespace = globalThis, js_name = document)]
    static DOCUMENT: Option<Document>;

    /// An element of the page's (the app's container, the element focus returns to): it may
    /// carry own properties that shadow the DOM's and throw (`firstChild`, `insertBefore`,
    /// `focus`, ...), so it is only used through the prototypes' own methods (`final`), each
    /// imported with `catch`.
    #[wasm_bindgen(js_name = Element)]
    type PageElement;
    #[wasm_bindgen(catch, final, method, js_class = "Element", js_name = prepend)]
    fn prepend_node(this: &PageElement, node: &Element) -> Result<(), wasm_bindgen::JsValue>;
    #[wasm_bindgen(catch, final, method, js_class = "HTMLElement", js_name = focus)]
    fn focus_element(this: &PageElement) -> Result<(), wasm_bindgen::JsValue>;
    #[wasm_bindgen(catch, final, method, getter, js_class = "Node", js_name = isConnected)]
    fn is_connected(this: &PageElement) -> Result<bool, wasm_bindgen::JsValue>;
}

/// The page's document, when there is one.
pub fn document() -> Option<Document> {
    DOCUMENT.with(Clone::clone)
}

/// The element that the kit's own constant `markup` (never user text) describes: one root,
/// with its classes (`cki-` prefix), roles and static attributes written out.
#[inline(never)]
pub fn html(doc: &Document, markup: &str) -> Element {
    // `div` is a fixed tag name: creation cannot fail.
    let host = doc.create_element("div").unwrap_throw();
    host.set_inner_html(markup);
    find(&host, "*")
}

/// The first element under `root` that `selector` matches (one that the kit's markup has).
#[inline(never)]
pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).ok().flatten().unwrap_throw()
}

/// Puts `node` first in `stage` (the app's container, or the kit's layer).
pub fn prepend(stage: &Element, node: &Element) -> Result<(), wasm_bindgen::JsValue> {
    stage.unchecked_ref::<PageElement>().prepend_node(node)
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

/// Names an icon button: `aria-label` and the `title` tooltip.
pub fn label(e: &Element, text: &str) {
    attr(e, "aria-label", text);
    attr(e, "title", text);
}

/// The elements under `root` that `selector` matches, in document order.
pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let mut out = Vec::new();
    if let Ok(list) = root.query_selector_all(selector) {
        for i in 0..list.length() {
            if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                out.push(e);
            }
        }
    }
    out
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

/// Shows or closes a popup (the "..." menu, the sidebar). Closed, it stays in the page,
/// `data-closed`: the stylesheet hides it (`visibility: hidden`: no focus, no clicks, out of the
/// accessibility tree) and keeps its rendering (`content-visibility: hidden`), so that showing
/// it again restyles and lays out only what changed, not a whole new subtree.
pub fn set_shown(e: &Element, shown: bool) {
    flag(e, "data-closed", !shown);
}

/// Whether a popup is shown (see [`set_shown`]).
pub fn shown(e: &Element) -> bool {
    !e.has_attribute("data-closed")
}

/// Listens for `event` on `e`; the listener is removed when the returned value is dropped.
/// Not passive: key handlers cancel Tab, Escape and arrow keys.
/// Takes a box so that every listener shares one instantiation of the wrapper.
#[inline(never)]
pub fn on(e: &web_sys::EventTarget, event: &'static str, f: Box<dyn FnMut(&web_sys::Event)>) -> EventListener {
    listen(e, event, gloo_events::EventListenerOptions::enable_prevent_default(), f)
}

/// The one instantiation of the listener wrapper that every listener shares.
#[inline(never)]
fn listen(e: &web_sys::EventTarget, event: &'static str, options: gloo_events::EventListenerOptions, f: Box<dyn FnMut(&web_sys::Event)>) -> EventListener {
    EventListener::new_with_options(e, event, options, f)
}

/// Posts the intent that `intent` makes on every `event` at `e` (a click, a change). A maker,
/// not an `Event` to clone: cloning any `Event` brings in the code to clone every kind.
pub fn post_on(e: &Element, event: &'static str, post: &crate::ui::Post, intent: impl Fn() -> crate::core::Event + 'static) -> EventListener {
    let p = post.clone();
    on(e, event, Box::new(move |_| p(intent())))
}

/// Whether `e` (the kit's element or the page's) is in the page.
pub fn connected(e: &Element) -> bool {
    e.unchecked_ref::<PageElement>().is_connected().unwrap_or(false)
}

/// Moves focus to `e` (the kit's element, or the page's one that focus returns to).
pub fn focus(e: &Element) {
    if e.has_type::<HtmlElement>() {
        let _ = e.unchecked_ref::<PageElement>().focus_element();
    }
}

/// The element that has focus now, inside the kit's shadow roots too (where the document
/// only sees their host).
pub fn active(doc: &Document) -> Option<Element> {
    let mut active = doc.active_element()?;
    while let Some(inner) = active.shadow_root().and_then(|root| root.active_element()) {
        active = inner;
    }
    Some(active)
}

/// A new element of the kit's own, `<callkit-invite>`, with an open shadow root that holds the
/// kit's stylesheet and the element that `markup` (the kit's constant markup) describes: the
/// page's CSS does not reach inside, the kit's does not leak out. Tests and assistive
/// technology see through an open root.
pub fn shadow(doc: &Document, markup: &str) -> Option<Shadow> {
    let host = doc.create_element("callkit-invite").ok()?;
    let root = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).ok()?;
    crate::ui::style::install(&root);
    let inner = html(doc, markup);
    root.append_child(&inner).ok()?;
    // An avatar whose image fails to load (a broken URL) shows the initial instead. `error`
    // does not bubble: caught on its way down.
    let fallback = listen(
        &root,
        "error",
        gloo_events::EventListenerOptions::run_in_capture_phase(),
        Box::new(|e| {
            let wrap = e.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|img| img.parent_element());
            if let Some(wrap) = wrap {
                if let Some(initial) = wrap.get_attribute("data-initial") {
                    set_text(&wrap, &initial);
                }
            }
        }),
    );
    Some(Shadow { host, inner, _fallback: fallback })
}

/// The kit's element in the page and its shadow root's top element (see [`shadow`]).
pub struct Shadow {
    /// `<callkit-invite>`, for the page.
    pub host: Element,
    /// The top element inside, for the kit's views.
    pub inner: Element,
    _fallback: EventListener,
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

/// Fills the avatar `wrap` (the kit's empty `aria-hidden` span): the image when its URL is
/// safe, else the user's initial. The initial is kept for an image that fails to load (see
/// [`shadow`]).
pub fn avatar(wrap: &Element, user: &crate::core::User) {
    let initial = user.initial();
    match user.safe_avatar() {
        Some(url) => {
            attr(wrap, "data-initial", &initial);
            wrap.set_inner_html(r#"<img alt="" referrerpolicy="no-referrer">"#);
            attr(&find(wrap, "img"), "src", url);
        }
        None => set_text(wrap, &initial),
    }
}
