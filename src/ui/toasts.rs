//! Toasts (`role="status"`): short notes that fade after a few seconds.
use crate::core::i18n::NameText;
use crate::core::{Language, Text, Toast};
use crate::ui::dom::{self, set_text};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::collections::VecDeque;
use web_sys::{Document, Element};

const SHOWN_MS: u32 = 4000;
const MAX_SHOWN: usize = 3;

/// The live region holding the toasts.
pub struct Toasts {
    /// The region.
    pub region: Element,
    shown: RefCell<VecDeque<(Element, Timeout)>>,
}

impl Toasts {
    /// The region: the kit's empty `role="status"` element.
    pub fn new(region: Element) -> Toasts {
        Toasts { region, shown: RefCell::default() }
    }

    /// Shows `toast` in `lang`.
    pub fn show(&self, doc: &Document, toast: &Toast, lang: Language) {
        let text = match toast {
            Toast::Declined(name) => NameText::Declined.with(lang, name),
            Toast::Busy(name) => NameText::Busy.with(lang, name),
            Toast::NoAnswer(name) => NameText::NoAnswer.with(lang, name),
            Toast::SendFailed => Text::SendFailed.get(lang).to_owned(),
            Toast::Unavailable(crate::core::Device::Microphone) => Text::MicrophoneUnavailable.get(lang).to_owned(),
            Toast::Unavailable(crate::core::Device::Camera) => Text::CameraUnavailable.get(lang).to_owned(),
        };
        let item = dom::html(doc, r#"<div class="cki-toast"></div>"#);
        set_text(&item, &text);
        let _ = self.region.append_child(&item);
        let gone = item.clone();
        let timer = Timeout::new(SHOWN_MS, move || gone.remove());
        let mut shown = self.shown.borrow_mut();
        shown.retain(|(e, _)| e.is_connected());
        if shown.len() >= MAX_SHOWN {
            if let Some((oldest, _)) = shown.pop_front() {
                oldest.remove();
            }
        }
        shown.push_back((item, timer));
    }

    /// Moves the toasts still shown here to `other`, their timers with them.
    pub fn move_to(&self, other: &Toasts) {
        // One entry at a time: `drain` costs the wasm a kilobyte.
        loop {
            let Some(entry) = self.shown.borrow_mut().pop_front() else { break };
            let _ = other.region.append_child(&entry.0);
            other.shown.borrow_mut().push_back(entry);
        }
    }
}
