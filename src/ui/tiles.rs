//! Tiles of the call page: participants (their video, or avatar or initial; name; microphone
//! off) and waiting invitees.
use crate::core::screen::ParticipantTile;
use crate::core::{Event, Language, Text, User};
use crate::ui::dom::{self, attr, flag, set_text};
use crate::ui::{icons, Post};
use gloo_events::EventListener;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlVideoElement, MediaStream};

/// One tile.
pub struct Tile {
    /// What the tile stands for: `p:<userID>` or `w:<userID>` (`m` when cancellable).
    pub key: String,
    /// Its root element.
    pub root: Element,
    status: Option<Element>,
    cancel: Option<(Element, EventListener)>,
    video: Option<Video>,
}

/// A participant tile's video: shown while the camera is on and frames have come.
struct Video {
    element: HtmlVideoElement,
    mic_off: Element,
    camera_on: Rc<Cell<bool>>,
    /// A frame of the current stream has come. Kept once set (until the stream changes): when
    /// a track of the stream is replaced (a media server reconnected), `videoWidth` reads 0
    /// until the new track's first frame, and no `resize` follows when that frame is of the
    /// same size as before.
    framed: Rc<Cell<bool>>,
    _frames: EventListener,
}

impl Video {
    fn new(root: &Element, own: bool) -> Video {
        let element: HtmlVideoElement = dom::find(root, "video").unchecked_into();
        // Own tile: no echo of one's own voice, and mirrored as a mirror would show it.
        element.set_muted(own);
        attr(&element, "class", if own { "cki-video cki-mirror" } else { "cki-video" });
        let camera_on = Rc::new(Cell::new(false));
        let framed = Rc::new(Cell::new(false));
        let (shown, seen, video) = (camera_on.clone(), framed.clone(), element.clone());
        // `resize` comes with the first frame and with every change of size.
        let frames = dom::on(
            &element,
            "resize",
            Box::new(move |_| {
                seen.set(seen.get() || video.video_width() > 0);
                flag(&video, "hidden", !(shown.get() && seen.get()));
            }),
        );
        Video { element, mic_off: dom::find(root, ".cki-mic-off"), camera_on, framed, _frames: frames }
    }

    fn show(&self, tile: &ParticipantTile, stream: Option<MediaStream>, lang: Language) {
        let current = self.element.src_object();
        if current.as_ref() != stream.as_ref() {
            self.element.set_src_object(stream.as_ref());
            self.framed.set(false);
        }
        self.camera_on.set(tile.camera_on);
        flag(&self.element, "hidden", !(tile.camera_on && self.framed.get()));
        flag(&self.mic_off, "hidden", tile.microphone_on);
        attr(&self.mic_off, "aria-label", Text::MicrophoneOff.get(lang));
    }
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

    /// A participant's tile; `own` for this kit's user.
    pub fn participant(doc: &Document, user: &User, own: bool) -> Tile {
        let root = frame(doc, user, PARTICIPANT);
        let video = Some(Video::new(&root, own));
        Tile { key: Tile::participant_key(user), status: Some(dom::find(&root, ".cki-tile-status")), root, cancel: None, video }
    }

    /// Shows a participant's media: `stream`, their camera and microphone, their connection.
    pub fn show_media(&self, tile: &ParticipantTile, stream: Option<MediaStream>, lang: Language) {
        if let Some(video) = &self.video {
            video.show(tile, stream, lang);
        }
        if let Some(status) = self.status.as_ref().filter(|_| self.video.is_some()) {
            flag(status, "hidden", !tile.reconnecting);
            set_text(status, Text::Reconnecting.get(lang));
        }
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
        Tile { key: Tile::waiting_key(user, mine), root, status: Some(status), cancel, video: None }
    }

    /// Shows the tile's texts in `lang`.
    pub fn update(&self, lang: Language) {
        if let Some(status) = self.status.as_ref().filter(|_| self.video.is_none()) {
            set_text(status, Text::Calling.get(lang));
        }
        if let Some((button, _)) = &self.cancel {
            set_text(button, Text::CancelCall.get(lang));
        }
    }
}

/// A tile's constant markup: `role="group"`, the avatar and the name, then what a waiting tile adds.
macro_rules! tile {
    ($class:literal, $more:expr) => {
        concat!(
            r#"<div class=""#,
            $class,
            r#"" role="group"><span class="cki-avatar" aria-hidden="true"></span><span class="cki-tile-name"></span>"#,
            $more,
            "</div>"
        )
    };
}
const PARTICIPANT: &str = tile!(
    "cki-tile",
    concat!(
        r#"<video class="cki-video" autoplay playsinline hidden></video><span class="cki-mic-off" role="img" hidden>"#,
        icons::icon_mic_off!(),
        r#"</span><span class="cki-tile-status" hidden></span>"#
    )
);
const WAITING: &str = tile!("cki-tile cki-waiting", r#"<span class="cki-tile-status"></span>"#);
const WAITING_MINE: &str = tile!("cki-tile cki-waiting", r#"<span class="cki-tile-status"></span><button type="button" class="cki-tile-cancel"></button>"#);

fn frame(doc: &Document, user: &User, markup: &str) -> Element {
    let root = dom::html(doc, markup);
    attr(&root, "aria-label", user.display_name());
    dom::avatar(&dom::find(&root, ".cki-avatar"), user);
    set_text(&dom::find(&root, ".cki-tile-name"), user.display_name());
    root
}
