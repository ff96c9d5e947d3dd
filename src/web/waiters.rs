//! `sendCallInvitation` promises waiting for the transport to take their invitation. Each one
//! settles exactly once: when the transport's send settles, at the invitation's timeout (a
//! transport whose promise never settles must not hang the app's `await`), or when the kit is
//! destroyed or freed.
use gloo_timers::callback::Timeout;
use js_sys::Function;
use std::cell::RefCell;
use wasm_bindgen::JsValue;

/// A `sendCallInvitation` result waiting for its invitation to be handed to the transport.
pub struct Waiter {
    /// The invitation message's ID.
    pub message_id: String,
    /// Resolves the returned Promise.
    pub resolve: Function,
    /// The result when sending succeeds.
    pub ok: JsValue,
    /// The result when sending fails, or is not confirmed in time: every invitee `sendFailed`.
    pub failed: JsValue,
}

impl Waiter {
    fn finish(self, sent: bool) {
        // A plain object of the kit's: resolving with it runs no app code.
        let _ = crate::web::js::apply(&self.resolve, &JsValue::UNDEFINED, &[if sent { self.ok } else { self.failed }]);
    }
}

struct Entry {
    waiter: Waiter,
    /// Dropping it (the waiter settled first) cancels the timer and frees its closure.
    _deadline: Timeout,
}

/// The waiting results of one kit.
#[derive(Default)]
pub struct Waiters(RefCell<Vec<Entry>>);

impl Waiters {
    /// Adds `waiter`; `deadline` runs after `ms` unless the waiter has settled by then.
    pub fn add(&self, waiter: Waiter, ms: u32, deadline: impl FnOnce() + 'static) {
        let entry = Entry { waiter, _deadline: Timeout::new(ms, deadline) };
        self.0.borrow_mut().push(entry);
    }

    /// Settles the waiter of `message_id`, if it still waits: with its `ok` result when `sent`,
    /// else with its `failed` one.
    pub fn settle(&self, message_id: &str, sent: bool) {
        let entry = {
            let mut list = self.0.borrow_mut();
            list.iter().position(|e| e.waiter.message_id == message_id).map(|i| list.swap_remove(i))
        };
        if let Some(entry) = entry {
            entry.waiter.finish(sent);
        }
    }

    /// Settles every waiter as failed.
    pub fn fail_all(&self) {
        let all = std::mem::take(&mut *self.0.borrow_mut());
        for entry in all {
            entry.waiter.finish(false);
        }
    }
}

impl Drop for Waiters {
    /// A kit freed without `destroy` still settles what it promised.
    fn drop(&mut self) {
        self.fail_all();
    }
}
