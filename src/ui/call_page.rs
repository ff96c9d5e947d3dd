//! The call page: tiles, the bottom bar, the "..." menu and the Invitees sidebar.
use crate::core::digits;
use crate::core::screen::CallView;
use crate::core::{Event, Language, Text};
use crate::ui::dom::{self, attr, flag, on, set_text};
use crate::ui::focus::FocusReturn;
use crate::ui::sidebar::Sidebar;
use crate::ui::tiles::Tile;
use crate::ui::{icons, Post};
use gloo_events::EventListener;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, KeyboardEvent};

/// The call page's constant markup: the tile grid and the bottom bar with its "..." menu.
const MARKUP: &str = concat!(
    r#"<section class="cki-call"><div class="cki-grid"></div><div class="cki-bar">"#,
    r#"<button type="button" class="cki-icon-button cki-toggle">"#,
    icons::icon_mic!(),
    r#"</button><button type="button" class="cki-icon-button cki-toggle">"#,
    icons::icon_camera!(),
    r#"</button><div class="cki-more"><button type="button" class="cki-icon-button" aria-haspopup="menu" aria-expanded="false">"#,
    icons::icon_more!(),
    r#"</button><div class="cki-menu" role="menu" data-closed><button type="button" class="cki-menu-item" role="menuitem" tabindex="-1"><span class="cki-glyph">"#,
    icons::icon_add_user!(),
    r#"</span><span></span></button></div></div><button type="button" class="cki-leave"><span class="cki-glyph">"#,
    icons::icon_hang_up!(),
    r#"</span><span class="cki-leave-label"></span></button></div></section>"#,
);

/// The call page of one call.
pub struct CallPage {
    /// Its root element.
    pub root: Element,
    /// The call it shows.
    pub call_id: String,
    grid: Element,
    tiles: RefCell<Vec<Tile>>,
    mic: Element,
    camera: Element,
    more: Element,
    leave: Element,
    leave_label: Element,
    menu: Element,
    invite_item: Element,
    invite_label: Element,
    menu_open: Rc<Cell<bool>>,
    sidebar: RefCell<Option<Sidebar>>,
    sidebar_return: RefCell<FocusReturn>,
    _listeners: Vec<EventListener>,
}

impl CallPage {
    /// Builds an empty call page; [`CallPage::update`] fills it.
    pub fn new(doc: &Document, call_id: &str, post: &Post) -> CallPage {
        let root = dom::html(doc, MARKUP);
        let grid = dom::find(&root, ".cki-grid");
        let mic = dom::find(&root, ".cki-toggle");
        let camera = dom::find(&root, ".cki-toggle+.cki-toggle");
        let more = dom::find(&root, "[aria-haspopup]");
        let menu = dom::find(&root, "[role=menu]");
        let invite_item = dom::find(&root, "[role=menuitem]");
        let invite_label = dom::find(&invite_item, "span+span");
        let leave = dom::find(&root, ".cki-leave");
        let leave_label = dom::find(&leave, ".cki-leave-label");
        let menu_id = dom::unique_id("menu");
        attr(&more, "aria-controls", &menu_id);
        attr(&menu, "id", &menu_id);

        let menu_open = Rc::new(Cell::new(false));
        let mut listeners = vec![
            dom::post_on(&mic, "click", post, || Event::ToggleMicrophone),
            dom::post_on(&camera, "click", post, || Event::ToggleCamera),
            dom::post_on(&leave, "click", post, || Event::HangUp),
        ];
        {
            let (menu, more_b, open) = (menu.clone(), more.clone(), menu_open.clone());
            listeners.push(on(
                &more,
                "click",
                Box::new(move |_| {
                    let now_open = !open.get();
                    set_menu(&menu, &more_b, &open, now_open);
                    if let Some(first) = menu_items(&menu).first().filter(|_| now_open) {
                        dom::focus(first);
                    }
                }),
            ));
        }
        {
            let (menu, more_b, open, p) = (menu.clone(), more.clone(), menu_open.clone(), post.clone());
            listeners.push(on(
                &invite_item,
                "click",
                Box::new(move |_| {
                    // The sidebar takes focus from the item first: hiding a focused item would
                    // cost one more style and layout pass.
                    p(Event::OpenSidebar);
                    set_menu(&menu, &more_b, &open, false);
                }),
            ));
        }
        {
            let (menu_c, more_b, open) = (menu.clone(), more.clone(), menu_open.clone());
            listeners.push(on(
                &menu,
                "keydown",
                Box::new(move |e| {
                    let Some(key) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    match key.key().as_str() {
                        "Escape" => {
                            key.prevent_default();
                            key.stop_propagation();
                            set_menu(&menu_c, &more_b, &open, false);
                            dom::focus(&more_b);
                        }
                        "Tab" => set_menu(&menu_c, &more_b, &open, false),
                        k @ ("ArrowDown" | "ArrowUp" | "Home" | "End") => {
                            key.prevent_default();
                            move_focus(&menu_c, k);
                        }
                        _ => {}
                    }
                }),
            ));
        }
        if let Some(body) = doc.body() {
            let (menu_c, more_b, open) = (menu.clone(), more.clone(), menu_open.clone());
            let outside = on(
                &body,
                "pointerdown",
                Box::new(move |e| {
                    // Inside the kit's shadow root, `target` is only its host: the path says where.
                    let target = e.composed_path().get(0).dyn_into::<web_sys::Node>().ok();
                    let inside = target.as_ref().is_some_and(|t| menu_c.contains(Some(t)) || more_b.contains(Some(t)));
                    if open.get() && !inside {
                        set_menu(&menu_c, &more_b, &open, false);
                    }
                }),
            );
            listeners.push(outside);
        }
        CallPage {
            root,
            call_id: call_id.to_owned(),
            grid,
            tiles: RefCell::default(),
            mic,
            camera,
            more,
            leave,
            leave_label,
            menu,
            invite_item,
            invite_label,
            menu_open,
            sidebar: RefCell::default(),
            sidebar_return: RefCell::default(),
            _listeners: listeners,
        }
    }

    /// Shows `view` in `lang`.
    pub fn update(&self, doc: &Document, view: &CallView, lang: Language, post: &Post, streams: Streams<'_>) {
        attr(&self.root, "aria-label", &[Text::InCall.get(lang), " (", &digits::decimal(view.participants.len() as u64), ")"].concat());
        self.update_tiles(doc, view, lang, post, streams);
        toggle(&self.mic, Text::Microphone.get(lang), view.microphone_on && !view.microphone_blocked, view.microphone_blocked.then(|| Text::MicrophoneUnavailable.get(lang)));
        toggle(&self.camera, Text::Camera.get(lang), view.camera_on && !view.camera_blocked, view.camera_blocked.then(|| Text::CameraUnavailable.get(lang)));
        // A voice call never opens the camera.
        flag(&self.camera, "hidden", !view.video);
        dom::label(&self.more, Text::More.get(lang));
        set_text(&self.leave_label, Text::LeaveCall.get(lang));
        attr(&self.leave, "aria-label", Text::LeaveCall.get(lang));
        set_text(&self.invite_label, Text::InviteMembers.get(lang));
        attr(&self.menu, "aria-label", Text::More.get(lang));
        // With nothing in it, the "..." menu is not offered at all.
        flag(&self.more, "hidden", !view.can_invite);
        flag(&self.invite_item, "hidden", !view.can_invite);
        if !view.can_invite && self.menu_open.get() {
            set_menu(&self.menu, &self.more, &self.menu_open, false);
        }
        self.update_sidebar(doc, view, lang, post);
    }

    fn update_tiles(&self, doc: &Document, view: &CallView, lang: Language, post: &Post, streams: Streams<'_>) {
        let mut old = std::mem::take(&mut *self.tiles.borrow_mut());
        let mut tiles = Vec::new();
        let wanted = view
            .participants
            .iter()
            .enumerate()
            .map(|(i, p)| (Tile::participant_key(&p.user), &p.user, Err((p, i == 0))))
            .chain(view.waiting.iter().map(|w| (Tile::waiting_key(&w.user, w.mine), &w.user, Ok(w.mine))));
        for (i, (key, user, kind)) in wanted.enumerate() {
            let tile = match old.iter().position(|t| t.key == key) {
                Some(at) => old.remove(at),
                None => match kind {
                    // The own tile comes first.
                    Err((_, own)) => Tile::participant(doc, user, own),
                    Ok(mine) => Tile::waiting(doc, user, mine, post),
                },
            };
            tile.update(lang);
            if let Err((participant, _)) = kind {
                tile.show_media(participant, streams(&user.id), lang);
            }
            if self.grid.children().item(i as u32).is_none_or(|c| c != tile.root) {
                let next = self.grid.children().item(i as u32);
                let _ = self.grid.insert_before(&tile.root, next.as_ref().map(|n| n.as_ref()));
            }
            tiles.push(tile);
        }
        for gone in old {
            gone.root.remove();
        }
        attr(&self.grid, "data-count", &digits::decimal(tiles.len().min(9) as u64));
        *self.tiles.borrow_mut() = tiles;
    }

    fn update_sidebar(&self, doc: &Document, view: &CallView, lang: Language, post: &Post) {
        flag(&self.root, "data-sidebar", view.sidebar.is_some());
        let mut slot = self.sidebar.borrow_mut();
        match (&view.sidebar, slot.as_ref()) {
            (Some(v), Some(sidebar)) if sidebar.is_open() => sidebar.update(doc, v, lang, post),
            (Some(v), _) => {
                *self.sidebar_return.borrow_mut() = FocusReturn::remember();
                // Built on the first open and kept, closed, for the next: reopening then only
                // updates what changed, and the browser keeps its styles and layout.
                let sidebar = slot.get_or_insert_with(|| {
                    let sidebar = Sidebar::new(doc, post);
                    let _ = self.root.append_child(&sidebar.root);
                    sidebar
                });
                sidebar.update(doc, v, lang, post);
                sidebar.set_open(true);
                sidebar.focus_first();
            }
            (None, Some(sidebar)) if sidebar.is_open() => {
                let had_focus = dom::active(doc).is_none_or(|a| sidebar.root.contains(Some(&a)) || Some(&a) == doc.body().as_deref());
                sidebar.set_open(false);
                if had_focus {
                    let more = (!self.more.has_attribute("hidden")).then_some(&self.more);
                    self.sidebar_return.borrow().restore(more);
                }
            }
            (None, _) => {}
        }
    }
}

/// The streams of the participants, by user ID.
pub type Streams<'a> = &'a dyn Fn(&str) -> Option<web_sys::MediaStream>;

/// A toggle of the bar: on or off, or disabled with the reason as its description.
fn toggle(button: &Element, label: &str, on: bool, unavailable: Option<&str>) {
    dom::label(button, label);
    attr(button, "aria-pressed", if on { "true" } else { "false" });
    flag(button, "disabled", unavailable.is_some());
    if let Some(reason) = unavailable {
        // With `aria-label` naming it, `title` becomes the description.
        attr(button, "title", reason);
    }
}

fn set_menu(menu: &Element, more: &Element, state: &Cell<bool>, open: bool) {
    state.set(open);
    dom::set_shown(menu, open);
    attr(more, "aria-expanded", if open { "true" } else { "false" });
}

fn move_focus(menu: &Element, key: &str) {
    let items = menu_items(menu);
    if items.is_empty() {
        return;
    }
    let active = dom::document().and_then(|d| dom::active(&d));
    let at = active.and_then(|a| items.iter().position(|e| *e == a));
    let last = items.len() - 1;
    let next = match (key, at) {
        ("Home", _) | ("ArrowDown", None) => 0,
        ("End", _) | ("ArrowUp", None) => last,
        ("ArrowDown", Some(i)) => {
            if i == last {
                0
            } else {
                i + 1
            }
        }
        (_, Some(i)) => {
            if i == 0 {
                last
            } else {
                i - 1
            }
        }
        _ => 0,
    };
    dom::focus(&items[next]);
}

/// The visible items of the menu.
fn menu_items(menu: &Element) -> Vec<Element> {
    dom::all(menu, "[role=menuitem]:not([hidden])")
}
