//! Keyboard focus: keeping Tab inside an open dialog, and handing focus back when it closes.
use crate::ui::dom;
use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};

const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// The enabled, focusable elements inside `root`, in document order.
pub fn focusables(root: &Element) -> Vec<Element> {
    dom::all(root, FOCUSABLE)
}

/// On Tab at either end of `root`, wraps focus around instead of leaving it.
pub fn trap_tab(root: &Element, event: &KeyboardEvent) {
    if event.key() != "Tab" {
        return;
    }
    let items = focusables(root);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        event.prevent_default();
        return;
    };
    let active = dom::document().and_then(|d| dom::active(&d));
    let inside = active.as_ref().is_some_and(|a| root.contains(Some(a)));
    if event.shift_key() && (!inside || active.as_ref() == Some(first)) {
        event.prevent_default();
        dom::focus(last);
    } else if !event.shift_key() && (!inside || active.as_ref() == Some(last)) {
        event.prevent_default();
        dom::focus(first);
    }
}

/// Remembers where focus was when a dialog opened, to return it there when it closes.
#[derive(Default)]
pub struct FocusReturn(Option<Element>);

impl FocusReturn {
    /// Notes the element that has focus now.
    pub fn remember() -> FocusReturn {
        FocusReturn(dom::document().and_then(|d| dom::active(&d)))
    }

    /// Focuses `preferred` if it is still in the page, else the remembered element.
    pub fn restore(&self, preferred: Option<&Element>) {
        let target = preferred.filter(|e| dom::connected(e)).or(self.0.as_ref().filter(|e| dom::connected(e)));
        if let Some(target) = target {
            dom::focus(target);
        }
    }
}

/// The keys of a modal dialog: Escape posts `on_escape`, Tab stays inside `root`.
pub fn dialog_keys(root: &Element, post: &crate::ui::Post, on_escape: fn() -> crate::core::Event) -> EventListener {
    let trap_root = root.clone();
    let post = post.clone();
    dom::on(
        root,
        "keydown",
        Box::new(move |e| {
            let Some(key) = e.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            if key.key() == "Escape" {
                key.prevent_default();
                key.stop_propagation();
                post(on_escape());
            } else {
                trap_tab(&trap_root, key);
            }
        }),
    )
}
