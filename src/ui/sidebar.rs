//! The Invitees sidebar: one checkbox per invitable user, disabled rows with their status.
use crate::core::digits;
use crate::core::screen::SidebarView;
use crate::core::{Event, Language, RowStatus, Text};
use crate::ui::dom::{self, attr, el, flag, on, set_text};
use crate::ui::{focus, icons, Post};
use gloo_events::EventListener;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

/// The open sidebar (`role="dialog"`, named "Invitees").
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
        let root = el(doc, "div", "sidebar");
        let heading_id = dom::unique_id("invitees");
        attr(&root, "role", "dialog");
        attr(&root, "aria-modal", "true");
        attr(&root, "aria-labelledby", &heading_id);
        let header = el(doc, "div", "sidebar-header");
        let heading = el(doc, "h2", "sidebar-title");
        attr(&heading, "id", &heading_id);
        let close = el(doc, "button", "icon-button");
        attr(&close, "type", "button");
        close.set_inner_html(icons::CLOSE);
        let list = el(doc, "ul", "rows");
        let empty = el(doc, "p", "empty");
        let footer = el(doc, "div", "sidebar-footer");
        let invite = el(doc, "button", "primary");
        attr(&invite, "type", "button");
        let _ = header.append_child(&heading);
        let _ = header.append_child(&close);
        let _ = footer.append_child(&invite);
        for child in [&header, &list, &empty, &footer] {
            let _ = root.append_child(child);
        }
        let p = post.clone();
        let on_close = on(&close, "click", move |_| p(Event::CloseSidebar));
        let p = post.clone();
        let on_invite = on(&invite, "click", move |_| p(Event::InviteChecked));
        let p = post.clone();
        let on_key = focus::dialog_keys(&root, move || p(Event::CloseSidebar));
        Sidebar { root, heading, close, list, empty, invite, rows: RefCell::default(), _listeners: [on_close, on_invite, on_key] }
    }

    /// Shows `view` in `lang`, reusing the rows already there so focus and state stay put.
    pub fn update(&self, doc: &Document, view: &SidebarView, lang: Language, post: &Post) {
        set_text(&self.heading, Text::Invitees.get(lang));
        attr(&self.close, "aria-label", Text::Close.get(lang));
        attr(&self.close, "title", Text::Close.get(lang));
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
            let stays = view.rows.iter().any(|(u, _)| u.id == row.id);
            if !stays {
                row.li.remove();
            }
            stays
        });
        let mut rows = Vec::with_capacity(view.rows.len());
        for (i, (user, status)) in view.rows.iter().enumerate() {
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
        let li = el(doc, "li", "row");
        let label = el(doc, "label", "row-label");
        let input: HtmlInputElement = el(doc, "input", "checkbox").unchecked_into();
        input.set_type("checkbox");
        let name = el(doc, "span", "row-name");
        let status = el(doc, "span", "row-status");
        let status_id = dom::unique_id("status");
        attr(&status, "id", &status_id);
        attr(&input, "aria-describedby", &status_id);
        let _ = label.append_child(&input);
        let _ = label.append_child(&name);
        let _ = li.append_child(&label);
        let _ = li.append_child(&status);
        let p = post.clone();
        let user_id = id.to_owned();
        let change = on(&input, "change", move |_| p(Event::ToggleRow(user_id.clone())));
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
