//! Ringtones from `ringtoneConfig`: looped while ringing, stopped on every outcome.
use crate::ui::dom;
use std::cell::RefCell;
use web_sys::{Element, HtmlAudioElement};

/// The one audio element of a kit, kept in the kit's layer while it plays (hidden, but there
/// for anyone checking what the page plays).
#[derive(Default)]
pub struct Ringtone {
    playing: RefCell<Option<(String, HtmlAudioElement)>>,
}

impl Ringtone {
    /// Plays `url` in a loop inside `host`, or stops with `None`; nothing changes when it
    /// already plays `url`.
    pub fn set(&self, host: &Element, url: Option<&str>) {
        let mut playing = self.playing.borrow_mut();
        if playing.as_ref().map(|(u, _)| u.as_str()) == url {
            return;
        }
        if let Some((_, audio)) = playing.take() {
            let _ = audio.pause();
            audio.remove();
        }
        let Some(url) = url.filter(|u| !u.is_empty()) else { return };
        let Ok(audio) = HtmlAudioElement::new_with_src(url) else { return };
        audio.set_loop(true);
        audio.set_class_name("cki-ringtone");
        dom::flag(&audio, "hidden", true);
        let _ = host.append_child(&audio);
        if let Ok(promise) = audio.play() {
            // Autoplay may be refused until the user interacts with the page: stay silent.
            crate::js_promise::when_settled(&promise, Box::new(|_| {}));
        }
        *playing = Some((url.to_owned(), audio));
    }
}
