//! Tiles of the call page: participants (avatar or initial, name) and waiting invitees.
use crate::core::{Event, Language, Text, User};
use crate::ui::dom::{self, attr, el, on, set_text};
use crate::ui::Post;
use gloo_events::EventListener;
use web_sys::{Document, Element};

/// One tile.
pub struct Tile {
    /// What the tile stands for: `p:<userID>` or `w:<userID>` (`m` when cancellable).
    pub key: String,
    /// Its root element.
    pub root: Element,
    status: Option<Element>,
    cancel: Option<(Element, EventListener)>,
}

impl Tile {
    /// The key of a participant's tile.
    pub fn participant_key(user: &User) -> String {
        ["p:", &user.id].concat()
    }

    /// The key of a waiting tile.
    pub fn waiting_key(user: &User, mine: bool) -> String {
        [if mine { "m:" } else { "w:" }, &user.id].concat()
    }

    /// A participant's tile.
    pub fn participant(doc: &Document, user: &User) -> Tile {
        let root = frame(doc, user, "tile");
        Tile { key: Tile::participant_key(user), root, status: None, cancel: None }
    }

    /// A waiting tile: "Calling…", and "Cancel call" when this kit sent the invitation.
    pub fn waiting(doc: &Document, user: &User, mine: bool, post: &Post) -> Tile {
        let root = frame(doc, user, "tile waiting");
        let status = el(doc, "span", "tile-status");
        let _ = root.append_child(&status);
        let cancel = mine.then(|| {
            let button = dom::button(doc, "tile-cancel", "");
            let _ = root.append_child(&button);
            let p = post.clone();
            let id = user.id.clone();
            let listener = on(&button, "click", move |_| p(Event::CancelInvitee(id.clone())));
            (button, listener)
        });
        Tile { key: Tile::waiting_key(user, mine), root, status: Some(status), cancel }
    }

    /// Shows the tile's texts in `lang`.
    pub fn update(&self, lang: Language) {
        if let Some(status) = &self.status {
            set_text(status, Text::Calling.get(lang));
        }
        if let Some((button, _)) = &self.cancel {
            set_text(button, Text::CancelCall.get(lang));
        }
    }
}

fn frame(doc: &Document, user: &User, class: &str) -> Element {
    let root = el(doc, "div", class);
    attr(&root, "role", "group");
    attr(&root, "aria-label", user.display_name());
    let avatar = dom::avatar(doc, user, "avatar");
    let name = el(doc, "span", "tile-name");
    set_text(&name, user.display_name());
    let _ = root.append_child(&avatar);
    let _ = root.append_child(&name);
    root
}
