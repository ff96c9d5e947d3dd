//! The caller's "Calling…" page of a 1:1 call, with its "Cancel call" button.
use crate::core::screen::CallingView;
use crate::core::{Event, Language, Text};
use crate::ui::dialog::round_button;
use crate::ui::dom::{self, attr, el, on, set_text};
use crate::ui::{icons, Post};
use gloo_events::EventListener;
use web_sys::{Document, Element};

/// The waiting page.
pub struct CallingPage {
    /// Its root element.
    pub root: Element,
    name: Element,
    status: Element,
    cancel: Element,
    cancel_label: Element,
    _listener: EventListener,
}

impl CallingPage {
    /// Builds the page for `view`.
    pub fn new(doc: &Document, view: &CallingView, post: &Post) -> CallingPage {
        let root = el(doc, "section", "calling");
        let callee = view.callees.first().cloned().unwrap_or_else(|| crate::core::User::new("", ""));
        let avatar = dom::avatar(doc, &callee, "avatar large");
        let name = el(doc, "h2", "calling-name");
        let status = el(doc, "p", "calling-status");
        attr(&status, "role", "status");
        let (cancel, cancel_label) = round_button(doc, "danger", icons::HANG_UP);
        for child in [&avatar, &name, &status, &cancel] {
            let _ = root.append_child(child);
        }
        let p = post.clone();
        let listener = on(&cancel, "click", move |_| p(Event::CancelCalling));
        CallingPage { root, name, status, cancel, cancel_label, _listener: listener }
    }

    /// Shows `view` in `lang`.
    pub fn update(&self, view: &CallingView, lang: Language) {
        let names: Vec<&str> = view.callees.iter().map(|u| u.display_name()).collect();
        set_text(&self.name, &names.join(", "));
        set_text(&self.status, Text::Calling.get(lang));
        attr(&self.root, "aria-label", Text::Calling.get(lang));
        set_text(&self.cancel_label, Text::CancelCall.get(lang));
    }

    /// Focuses the cancel button.
    pub fn focus(&self) {
        dom::focus(&self.cancel);
    }
}
