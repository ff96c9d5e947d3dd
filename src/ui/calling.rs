//! The caller's "Calling…" page of a 1:1 call, with its "Cancel call" button.
use crate::core::screen::CallingView;
use crate::core::{Event, Language, Text};
use crate::ui::dialog::round_button;
use crate::ui::dom::{self, attr, set_text};
use crate::ui::{icons, Post};
use gloo_events::EventListener;
use web_sys::{Document, Element};

/// The page's constant markup.
const MARKUP: &str = concat!(
    r#"<section class="cki-calling"><span class="cki-avatar cki-large" aria-hidden="true"></span><h2 class="cki-calling-name"></h2><p class="cki-calling-status" role="status"></p>"#,
    round_button!("danger", icons::icon_hang_up!()),
    r#"</section>"#,
);

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
        let root = dom::html(doc, MARKUP);
        match view.callees.first() {
            Some(callee) => dom::avatar(&dom::find(&root, ".cki-avatar"), callee),
            None => dom::avatar(&dom::find(&root, ".cki-avatar"), &crate::core::User::new("", "")),
        }
        let name = dom::find(&root, "h2");
        let status = dom::find(&root, "p");
        let cancel = dom::find(&root, "button");
        let cancel_label = dom::find(&cancel, ".cki-round-label");
        let listener = dom::post_on(&cancel, "click", post, || Event::CancelCalling);
        CallingPage { root, name, status, cancel, cancel_label, _listener: listener }
    }

    /// Shows `view` in `lang`.
    pub fn update(&self, view: &CallingView, lang: Language) {
        let mut names = String::new();
        for user in &view.callees {
            if !names.is_empty() {
                names.push_str(", ");
            }
            names.push_str(user.display_name());
        }
        set_text(&self.name, &names);
        set_text(&self.status, Text::Calling.get(lang));
        attr(&self.root, "aria-label", Text::Calling.get(lang));
        set_text(&self.cancel_label, Text::CancelCall.get(lang));
    }

    /// Focuses the cancel button.
    pub fn focus(&self) {
        dom::focus(&self.cancel);
    }
}
