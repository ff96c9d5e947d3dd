//! The incoming-call dialog (`role="alertdialog"`): who calls, what kind of call, Decline/Accept.
use crate::core::screen::IncomingView;
use crate::core::{CallType, Event, Language, Text};
use crate::ui::dom::{self, attr, el, on, set_text};
use crate::ui::focus::{self, FocusReturn};
use crate::ui::{icons, Post};
use gloo_events::EventListener;
use web_sys::{Document, Element};

/// One ringing invitation on screen.
pub struct IncomingDialog {
    /// The backdrop holding the dialog.
    pub root: Element,
    /// Which invitation it shows.
    pub call_id: String,
    kind: Element,
    accept: Element,
    decline_label: Element,
    accept_label: Element,
    focus_return: FocusReturn,
    _listeners: [EventListener; 3],
}

impl IncomingDialog {
    /// Builds the dialog for `view` and focuses Accept.
    pub fn new(doc: &Document, view: &IncomingView, post: &Post) -> IncomingDialog {
        let focus_return = FocusReturn::remember();
        let root = el(doc, "div", "backdrop");
        let dialog = el(doc, "div", "dialog");
        let name_id = dom::unique_id("caller");
        let kind_id = dom::unique_id("kind");
        attr(&dialog, "role", "alertdialog");
        attr(&dialog, "aria-modal", "true");
        attr(&dialog, "aria-labelledby", &name_id);
        attr(&dialog, "aria-describedby", &kind_id);
        let avatar = dom::avatar(doc, &view.caller, "avatar large");
        let name = el(doc, "h2", "dialog-name");
        attr(&name, "id", &name_id);
        set_text(&name, view.caller.display_name());
        let kind = el(doc, "p", "dialog-kind");
        attr(&kind, "id", &kind_id);
        let actions = el(doc, "div", "dialog-actions");
        let (decline, decline_label) = round_button(doc, "danger", icons::HANG_UP);
        let (accept, accept_label) = round_button(doc, "success", icons::PICK_UP);
        let _ = actions.append_child(&decline);
        let _ = actions.append_child(&accept);
        for child in [&avatar, &name, &kind, &actions] {
            let _ = dialog.append_child(child);
        }
        let _ = root.append_child(&dialog);
        let p = post.clone();
        let on_decline = on(&decline, "click", move |_| p(Event::Decline));
        let p = post.clone();
        let on_accept = on(&accept, "click", move |_| p(Event::Accept));
        let p = post.clone();
        let on_key = focus::dialog_keys(&dialog, move || p(Event::Decline));
        IncomingDialog {
            root,
            call_id: view.call_id.clone(),
            kind,
            accept,
            decline_label,
            accept_label,
            focus_return,
            _listeners: [on_decline, on_accept, on_key],
        }
    }

    /// Shows the texts in `lang`.
    pub fn update(&self, view: &IncomingView, lang: Language) {
        let kind = match view.call_type {
            CallType::Video => Text::IncomingVideoCall,
            CallType::Voice => Text::IncomingVoiceCall,
        };
        set_text(&self.kind, kind.get(lang));
        set_text(&self.decline_label, Text::Decline.get(lang));
        set_text(&self.accept_label, Text::Accept.get(lang));
    }

    /// Focuses Accept (after the dialog is in the page).
    pub fn focus(&self) {
        dom::focus(&self.accept);
    }

    /// Removes the dialog and hands focus back.
    pub fn close(self) {
        let had_focus = dom::document().and_then(|d| dom::active(&d)).is_some_and(|a| self.root.contains(Some(&a)));
        self.root.remove();
        if had_focus {
            self.focus_return.restore(None);
        }
    }
}

/// A round icon button with its visible label under it.
pub fn round_button(doc: &Document, tone: &str, icon: &str) -> (Element, Element) {
    let button = el(doc, "button", &["round ", tone].concat());
    attr(&button, "type", "button");
    let glyph = el(doc, "span", "glyph");
    glyph.set_inner_html(icon);
    let label = el(doc, "span", "round-label");
    let _ = button.append_child(&glyph);
    let _ = button.append_child(&label);
    (button, label)
}
