//! Tiles of the call page: participants (avatar or initial, name) and waiting invitees.
use crate::core::{Event, Language, Text, User};
use crate::ui::dom::{self, attr, set_text};
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
        let root = frame(doc, user, PARTICIPANT);
        Tile { key: Tile::participant_key(user), root, status: None, cancel: None }
    }

    /// A waiting tile: "Calling…", and "Cancel call" when this kit sent the invitation.
    pub fn waiting(doc: &Document, user: &User, mine: bool, post: &Post) -> Tile {
        let root = frame(doc, user, if mine { WAITING_MINE } else { WAITING });
        let status = dom::find(&root, ".cki-tile-status");
        let cancel = mine.then(|| {
            let button = dom::find(&root, "button");
            let id = user.id.clone();
            let listener = dom::post_on(&button, "click", post, move || Event::CancelInvitee(id.clone()));
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

/// A tile's constant markup: `role="group"`, the avatar and the name, then what a waiting tile adds.
macro_rules! tile {
    ($class:literal, $more:literal) => {
        concat!(
            r#"<div class=""#,
            $class,
            r#"" role="group"><span class="cki-avatar" aria-hidden="true"></span><span class="cki-tile-name"></span>"#,
            $more,
            "</div>"
        )
    };
}
const PARTICIPANT: &str = tile!("cki-tile", "");
const WAITING: &str = tile!("cki-tile cki-waiting", r#"<span class="cki-tile-status"></span>"#);
const WAITING_MINE: &str = tile!("cki-tile cki-waiting", r#"<span class="cki-tile-status"></span><button type="button" class="cki-tile-cancel"></button>"#);

fn frame(doc: &Document, user: &User, markup: &str) -> Element {
    let root = dom::html(doc, markup);
    attr(&root, "aria-label", user.display_name());
    dom::avatar(&dom::find(&root, ".cki-avatar"), user);
    set_text(&dom::find(&root, ".cki-tile-name"), user.display_name());
    root
}
