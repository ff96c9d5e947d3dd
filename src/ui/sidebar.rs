//! The Invitees sidebar: one checkbox per invitable user, disabled rows with their status.
use crate::core::digits;
use crate::core::screen::{SidebarRow, SidebarView};
use crate::core::{Event, Language, RowStatus, Text};
use crate::ui::dom::{self, attr, flag, set_text};
use crate::ui::{focus, icons, Post};
use gloo_events::EventListener;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

/// The sidebar's constant markup.
const MARKUP: &str = concat!(
    r#"<div class="cki-sidebar" role="dialog" aria-modal="true" data-closed><div class="cki-sidebar-header"><h2 class="cki-sidebar-title"></h2>"#,
    r#"<button type="button" class="cki-icon-button">"#,
    icons::icon_close!(),
    r#"</button></div><ul class="cki-rows"></ul><p class="cki-empty"></p>"#,
    r#"<div class="cki-sidebar-footer"><button type="button" class="cki-primary"></button></div></div>"#,
);

/// A row's constant markup: the checkbox named by the user's name, and the status text.
const ROW: &str = r#"<li class="cki-row"><label class="cki-row-label"><input class="cki-checkbox" type="checkbox"><span class="cki-row-name"></span></label><span class="cki-row-status"></span></li>"#;

/// The Invitees sidebar (`role="dialog"`, named "Invitees").
pub struct Sidebar {
    /// Its root element.
    pub root: Element,
    heading: Element,
    close: Element,
    list: Element,
    empty: Element,
    invite: Element,
    rows: RefCell<Vec<RowView>>,
    _listeners: [EventListener; 3],
}

struct RowView {
    id: String,
    li: Element,
    input: HtmlInputElement,
    name: Element,
    status: Element,
    _change: EventListener,
}

impl Sidebar {
    /// Builds the sidebar; [`Sidebar::update`] fills it.
    pub fn new(doc: &Document, post: &Post) -> Sidebar {
        let root = dom::html(doc, MARKUP);
        let heading = dom::find(&root, "h2");
        let close = dom::find(&root, ".cki-icon-button");
        let list = dom::find(&root, "ul");
        let empty = dom::find(&root, "p");
        let invite = dom::find(&root, ".cki-primary");
        let heading_id = dom::unique_id("invitees");
        attr(&root, "aria-labelledby", &heading_id);
        attr(&heading, "id", &heading_id);
        let on_close = dom::post_on(&close, "click", post, || Event::CloseSidebar);
        let on_invite = dom::post_on(&invite, "click", post, || Event::InviteChecked);
        let on_key = focus::dialog_keys(&root, post, || Event::CloseSidebar);
        Sidebar { root, heading, close, list, empty, invite, rows: RefCell::default(), _listeners: [on_close, on_invite, on_key] }
    }

    /// Shows `view` in `lang`, reusing the rows already there so focus and state stay put.
    pub fn update(&self, doc: &Document, view: &SidebarView, lang: Language, post: &Post) {
        set_text(&self.heading, Text::Invitees.get(lang));
        dom::label(&self.close, Text::Close.get(lang));
        set_text(&self.empty, Text::NoOneToInvite.get(lang));
        flag(&self.empty, "hidden", !view.rows.is_empty());
        flag(&self.list, "hidden", view.rows.is_empty());
        let mut label = String::from(Text::Invite.get(lang));
        label.push_str(" (");
        digits::push_decimal(&mut label, view.selected as u64);
        label.push(')');
        set_text(&self.invite, &label);
        flag(&self.invite, "disabled", view.selected == 0);

        let mut old = std::mem::take(&mut *self.rows.borrow_mut());
        // Remove the rows that go first: moving a focused row into place would blur it.
        old.retain(|row| {
            let stays = view.rows.iter().any(|r| r.user.id == row.id);
            if !stays {
                row.li.remove();
            }
            stays
        });
        let mut rows = Vec::with_capacity(view.rows.len());
        for (i, SidebarRow { user, status }) in view.rows.iter().enumerate() {
            let row = match old.iter().position(|r| r.id == user.id) {
                Some(at) => old.remove(at),
                None => RowView::new(doc, &user.id, post),
            };
            row.show(user.display_name(), *status, lang);
            let in_place = self.list.children().item(i as u32).is_some_and(|c| c == row.li);
            if !in_place {
                let next = self.list.children().item(i as u32);
                let _ = self.list.insert_before(&row.li, next.as_ref().map(|n| n.as_ref()));
            }
            rows.push(row);
        }
        *self.rows.borrow_mut() = rows;
    }

    /// Whether it is open, rather than kept closed for the next open.
    pub fn is_open(&self) -> bool {
        dom::shown(&self.root)
    }

    /// Opens or closes it ([`dom::set_shown`]).
    pub fn set_open(&self, open: bool) {
        dom::set_shown(&self.root, open);
    }

    /// Focuses the first enabled checkbox, or the close button when there is none.
    pub fn focus_first(&self) {
        match self.list.query_selector("input:not([disabled])").ok().flatten() {
            Some(input) => dom::focus(&input),
            None => dom::focus(&self.close),
        }
    }
}

impl RowView {
    fn new(doc: &Document, id: &str, post: &Post) -> RowView {
        let li = dom::html(doc, ROW);
        let input: HtmlInputElement = dom::find(&li, "input").unchecked_into();
        let name = dom::find(&li, ".cki-row-name");
        let status = dom::find(&li, ".cki-row-status");
        let status_id = dom::unique_id("status");
        attr(&status, "id", &status_id);
        attr(&input, "aria-describedby", &status_id);
        let change = {
            let id = id.to_owned();
            dom::post_on(&input, "change", post, move || Event::ToggleRow(id.clone()))
        };
        RowView { id: id.to_owned(), li, input, name, status, _change: change }
    }

    fn show(&self, name: &str, status: RowStatus, lang: Language) {
        set_text(&self.name, name);
        let (checked, disabled, text) = match status {
            RowStatus::Available(checked) => (checked, false, ""),
            RowStatus::InCall => (false, true, Text::InCall.get(lang)),
            RowStatus::Calling => (false, true, Text::Calling.get(lang)),
        };
        if self.input.checked() != checked {
            self.input.set_checked(checked);
        }
        if self.input.disabled() != disabled {
            self.input.set_disabled(disabled);
        }
        flag(&self.li, "data-disabled", disabled);
        set_text(&self.status, text);
        flag(&self.status, "hidden", text.is_empty());
    }
}
