//! A tab that closes says goodbye: on `pagehide` the kit leaves its call (cancelling the
//! invitations it sent) and declines what rings, so the others need not wait for a timeout or
//! for the heartbeats to fall silent.
use crate::core::Event;
use crate::web::runtime::{dispatch, Shared};
use gloo_events::{EventListener, EventListenerOptions};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // `globalThis.window`, read once: undefined (None) without one, as in Node. Read as the
    // page's `document` is (`ui::dom`), not through `web_sys::window()`, which probes four names
    // for the global object.
    #[wasm_bindgen(thread_local_v2, js_namespace = globalThis, js_name = window)]
    static WINDOW: Option<web_sys::EventTarget>;
}

/// Listens for `pagehide` on the window (none in Node: no listener). The kit stays usable: a
/// page restored from the back/forward cache can start or answer calls again.
pub fn listen(shared: &Rc<Shared>) -> Option<EventListener> {
    let window = WINDOW.with(Clone::clone)?;
    let weak = Rc::downgrade(shared);
    // With the options spelled out, as every listener of the kit is made (see `peer::listen`).
    Some(EventListener::new_with_options(&window, "pagehide", EventListenerOptions::default(), move |_| {
        let Some(shared) = weak.upgrade() else { return };
        let ringing = shared.kit.try_borrow().is_ok_and(|kit| kit.incoming().is_some());
        let _ = dispatch(&shared, Event::HangUp);
        if ringing {
            let _ = dispatch(&shared, Event::Decline);
        }
    }))
}
