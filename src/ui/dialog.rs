//! The incoming-call dialog (`role="alertdialog"`): who calls, what kind of call, Decline/Accept.
use crate::core::screen::IncomingView;
use crate::core::{CallType, Event, Language, Text};
use crate::ui::dom::{self, attr, set_text};
use crate::ui::focus::{self, FocusReturn};
use crate::ui::{icons, Post};
use gloo_events::EventListener;
use web_sys::{Document, Element};

/// A round button: its glyph, then its visible label.
macro_rules! round_button {
    ($tone:literal, $icon:expr) => {
        concat!(
            r#"<button type="button" class="cki-round cki-"#,
            $tone,
            r#""><span class="cki-glyph">"#,
            $icon,
            r#"</span><span class="cki-round-label"></span></button>"#
        )
    };
}
pub(crate) use round_button;

/// The dialog's constant markup, in its backdrop.
const MARKUP: &str = concat!(
    r#"<div class="cki-backdrop"><div class="cki-dialog" role="alertdialog" aria-modal="true">"#,
    r#"<span class="cki-avatar cki-large" aria-hidden="true"></span><h2 class="cki-dialog-name"></h2><p class="cki-dialog-kind"></p><div class="cki-dialog-actions">"#,
    round_button!("danger", icons::icon_hang_up!()),
    round_button!("success", icons::icon_pick_up!()),
    r#"</div></div></div>"#,
);

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
        let root = dom::html(doc, MARKUP);
        let dialog = dom::find(&root, "[role=alertdialog]");
        dom::avatar(&dom::find(&root, ".cki-avatar"), &view.caller);
        let name = dom::find(&root, "h2");
        set_text(&name, view.caller.display_name());
        let kind = dom::find(&root, "p");
        let decline = dom::find(&root, ".cki-danger");
        let accept = dom::find(&root, ".cki-success");
        let decline_label = dom::find(&decline, ".cki-round-label");
        let accept_label = dom::find(&accept, ".cki-round-label");
        let name_id = dom::unique_id("caller");
        let kind_id = dom::unique_id("kind");
        attr(&dialog, "aria-labelledby", &name_id);
        attr(&dialog, "aria-describedby", &kind_id);
        attr(&name, "id", &name_id);
        attr(&kind, "id", &kind_id);
        let on_decline = dom::post_on(&decline, "click", post, || Event::Decline);
        let on_accept = dom::post_on(&accept, "click", post, || Event::Accept);
        let on_key = focus::dialog_keys(&dialog, post, || Event::Decline);
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
