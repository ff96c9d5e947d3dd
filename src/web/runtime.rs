//! Runs a kit: feeds events to the core, then applies its effects from a queue once every
//! borrow is released, so callbacks can call back into the kit or throw.
use crate::core::protocol::{decode, encode, Body, Reject, MAX_MESSAGE_LEN};
use crate::core::{Effect, Error, Event, Kit, Notice};
use crate::web::js::{self, call, now, user_to_js, users_to_js, warn};
use crate::web::hooks::{InvitationHooks, RoomHooks};
use crate::web::options::{self, Ringtones};
use crate::web::transport::{Subscription, Transport};
use crate::web::waiters::{Waiter, Waiters};
use gloo_timers::callback::Timeout;
use js_sys::{Function, JsString};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Everything a `CallKit` owns.
pub struct Shared {
    /// The core state machine.
    pub kit: RefCell<Kit>,
    /// The call-invitation config's callbacks.
    pub hooks: RefCell<InvitationHooks>,
    /// The current room config's callbacks.
    pub room_hooks: RefCell<RoomHooks>,
    /// `ringtoneConfig`.
    pub ringtones: RefCell<Ringtones>,
    /// The room config's `container`.
    pub container: RefCell<Option<web_sys::Element>>,
    /// The room a token named, for `joinRoom` and `getRoomID`.
    pub token_room: String,
    /// The server token a production kit token carries, for the transport (empty: none).
    token: String,
    transport: RefCell<Option<Transport>>,
    subscription: RefCell<Option<Subscription>>,
    queue: RefCell<VecDeque<Effect>>,
    draining: Cell<bool>,
    timer: RefCell<Option<Timeout>>,
    /// `sendCallInvitation` promises waiting on the transport.
    waiters: Waiters,
    /// The UI, when there is a DOM.
    pub view: RefCell<Option<crate::ui::View>>,
    /// A render is due once the queue is empty.
    dirty: Cell<bool>,
    /// `destroy` was called while effects were being applied: shut down once they are.
    shutdown_due: Cell<bool>,
    /// The `pagehide` listener that says goodbye when the tab closes.
    goodbye: RefCell<Option<gloo_events::EventListener>>,
    /// The built-in media.
    pub media: crate::web::media::Media,
}

impl Shared {
    /// A runtime around `kit`, for the room and the server token of its kit token.
    pub fn new(kit: Kit, token_room: String, token: String) -> Rc<Shared> {
        Rc::new(Shared {
            kit: RefCell::new(kit),
            hooks: RefCell::default(),
            room_hooks: RefCell::default(),
            ringtones: RefCell::default(),
            container: RefCell::default(),
            token_room,
            token,
            transport: RefCell::default(),
            subscription: RefCell::default(),
            queue: RefCell::default(),
            draining: Cell::new(false),
            timer: RefCell::default(),
            waiters: Waiters::default(),
            view: RefCell::default(),
            dirty: Cell::new(false),
            shutdown_due: Cell::new(false),
            goodbye: RefCell::default(),
            media: crate::web::media::Media::default(),
        })
    }
}

/// Feeds `event` to the core and applies its effects.
pub fn dispatch(shared: &Rc<Shared>, event: Event) -> Result<(), Error> {
    dispatch_then(shared, event, |_| {})
}

/// Like [`dispatch`], letting `inspect` see the effects before any of them is applied.
pub fn dispatch_then(shared: &Rc<Shared>, event: Event, inspect: impl FnOnce(&[Effect])) -> Result<(), Error> {
    let effects = {
        let mut kit = shared.kit.try_borrow_mut().map_err(|_| Error::Refused(crate::core::Refusal::Destroyed))?;
        kit.handle(event, now())?
    };
    inspect(&effects);
    shared.queue.borrow_mut().extend(effects);
    drain(shared);
    Ok(())
}

// Nothing between setting `draining` and clearing it can throw or trap: every JS call an
// effect makes is imported with `catch` (or cannot throw), and an effect that fails is reported
// where it fails. A JS exception unwinding through here would leave `draining` set, and the kit
// would never apply an effect again.
fn drain(shared: &Rc<Shared>) {
    if shared.draining.replace(true) {
        return; // the outer loop applies what was queued
    }
    loop {
        let next = shared.queue.borrow_mut().pop_front();
        match next {
            Some(effect) => apply(shared, effect),
            // Many effects ask for a render: draw once, when the state has settled.
            None if shared.dirty.replace(false) => render(shared),
            None => break,
        }
    }
    shared.draining.set(false);
    if shared.shutdown_due.replace(false) {
        shut_down(shared);
    }
}

fn apply(shared: &Rc<Shared>, effect: Effect) {
    match effect {
        Effect::Send(envelope) => send(shared, envelope),
        Effect::Notify(notice) => notify(shared, notice),
        Effect::Timer(at) => arm(shared, at),
        Effect::ConfigureRoom { call_id, call_type } => {
            let hook = shared.hooks.borrow().on_set_room_config_before_joining.clone();
            let value = hook
                .and_then(|f| call("onSetRoomConfigBeforeJoining", &f, &[JsValue::from(call_type.code())]))
                .unwrap_or(JsValue::UNDEFINED);
            let setup = options::room(&value, "roomConfig").unwrap_or_else(|err| {
                js::error(&["onSetRoomConfigBeforeJoining returned a bad room config: ", &err.message()].concat(), None);
                options::RoomSetup::default()
            });
            *shared.room_hooks.borrow_mut() = setup.hooks;
            *shared.media.ice_servers.borrow_mut() = setup.ice_servers;
            if setup.container.is_some() {
                *shared.container.borrow_mut() = setup.container;
            }
            let _ = dispatch(shared, Event::RoomConfigured { call_id, room: setup.room });
        }
        Effect::Dropped(reject) => warn_dropped(&reject),
        Effect::Render => shared.dirty.set(true),
        Effect::Toast(toast) => {
            let lang = shared.kit.borrow().config().language;
            if let Some(view) = shared.view.borrow().as_ref() {
                view.toast(&toast, lang);
            }
        }
        Effect::Invited { .. } => {}
        Effect::Signal { from, signal } => crate::web::media::receive(shared, &from, signal),
    }
}

/// Draws the kit's state again, and brings the media in line with it (a capture or a
/// connection changed what there is to show).
pub fn refresh(shared: &Rc<Shared>) {
    shared.dirty.set(true);
    drain(shared);
}

/// Draws the kit's state. The state is copied out first, so no borrow of the kit is held
/// while the DOM runs (focus changes can fire listeners synchronously).
fn render(shared: &Rc<Shared>) {
    // The media first: the tiles show the streams it holds.
    crate::web::media::sync(shared);
    let screen = crate::core::screen::Screen::of(&shared.kit.borrow());
    let me = shared.kit.borrow().me().id.clone();
    let streams = |id: &str| shared.media.stream_of(id, &me);
    let container = shared.container.borrow().clone();
    let ringtones = shared.ringtones.borrow().clone();
    let urls = crate::ui::RingtoneUrls { incoming: ringtones.incoming.as_deref(), outgoing: ringtones.outgoing.as_deref() };
    if let Ok(view) = shared.view.try_borrow() {
        if let Some(Err(err)) = view.as_ref().map(|view| view.render(&screen, container.as_ref(), urls, &streams)) {
            js::error("could not render into roomConfig.container", Some(&err));
        }
    }
    // `destroy` called from a DOM event during the render could not remove the UI then.
    if shared.kit.borrow().destroyed() {
        drop_view(shared);
    }
}

fn drop_view(shared: &Rc<Shared>) {
    let view = shared.view.try_borrow_mut().ok().and_then(|mut v| v.take());
    drop(view);
}

/// Creates the UI when there is a DOM; without one the kit stays headless.
pub fn attach_view(shared: &Rc<Shared>) {
    let weak = Rc::downgrade(shared);
    let post: crate::ui::Post = Rc::new(move |event| {
        if let Some(shared) = weak.upgrade() {
            if let Err(err) = dispatch(&shared, event) {
                warn(&err.message());
            }
        }
    });
    *shared.goodbye.borrow_mut() = crate::web::goodbye::listen(shared);
    if let Some(view) = crate::ui::View::new(post) {
        shared.kit.borrow_mut().set_headless(false);
        *shared.view.borrow_mut() = Some(view);
    }
}

fn send(shared: &Rc<Shared>, envelope: crate::core::Envelope) {
    let text = encode(&envelope);
    let callees: Vec<String> = match &envelope.body {
        Body::Invite(invite) => invite.callees.iter().map(|u| u.id.clone()).collect(),
        _ => Vec::new(),
    };
    let outcome = SendOutcome { shared: Rc::downgrade(shared), message_id: envelope.id, call_id: envelope.call, callees };
    // The app's `send` may call back into the kit (even swap the transport): hold no borrow.
    let transport = shared.transport.borrow().clone();
    match transport {
        Some(transport) => transport.send(&text, &envelope.app, &envelope.to, &shared.token, Box::new(move |result| outcome.settled(result))),
        None => outcome.settled(Err(JsValue::from_str("no signaling transport"))),
    }
}

/// What is left to do once the transport has settled a message.
struct SendOutcome {
    shared: std::rc::Weak<Shared>,
    message_id: String,
    call_id: String,
    /// The invitees, when the message is an invitation.
    callees: Vec<String>,
}

impl SendOutcome {
    /// Resolves the invitation's `sendCallInvitation`; a failed invitation also ends its
    /// pending state (`sendFailed`).
    fn settled(self, result: Result<JsValue, JsValue>) {
        let shared = self.shared.upgrade();
        if let Err(err) = &result {
            js::warn_with("the signaling transport failed to send", Some(err));
            if let Some(shared) = shared.as_ref().filter(|_| !self.callees.is_empty()) {
                let _ = dispatch(shared, Event::SendFailed { call_id: self.call_id, user_ids: self.callees });
            }
        }
        if let Some(shared) = shared {
            shared.waiters.settle(&self.message_id, result.is_ok());
        }
    }
}

fn arm(shared: &Rc<Shared>, at: Option<u64>) {
    let timer = at.map(|at| {
        let weak = Rc::downgrade(shared);
        let delay = at.saturating_sub(now()).min(u64::from(u32::MAX)) as u32;
        Timeout::new(delay, move || {
            if let Some(shared) = weak.upgrade() {
                let _ = dispatch(&shared, Event::Tick);
            }
        })
    });
    // Replacing the old Timeout cancels it.
    *shared.timer.borrow_mut() = timer;
}

fn notify(shared: &Rc<Shared>, notice: Notice) {
    // Only the callback the notice is for is cloned out, and no borrow is held while it runs.
    let hook = |pick: fn(&InvitationHooks) -> &Option<Function>| pick(&shared.hooks.borrow()).clone();
    let room_hook = |pick: fn(&RoomHooks) -> &Option<Function>| pick(&shared.room_hooks.borrow()).clone();
    let s = |text: &str| JsValue::from_str(text);
    let (name, f, args): (&str, Option<Function>, Vec<JsValue>) = match notice {
        Notice::IncomingCallReceived { call_id, caller, call_type, callees } => {
            ("onIncomingCallReceived", hook(|h| &h.on_incoming_call_received), vec![s(&call_id), user_to_js(&caller), call_type.code().into(), users_to_js(&callees)])
        }
        // The functions handed to the app are made only when there is a callback to take them:
        // each lives until the JS garbage collector gets to run its finalizers.
        Notice::ConfirmDialog { call_id, call_type, caller, data } => {
            let f = hook(|h| &h.on_confirm_dialog_when_receiving);
            let args = match f {
                Some(_) => {
                    let refuse = action_for_call(shared, call_id.clone(), true, Event::DeclineWith);
                    let accept = action_for_call(shared, call_id, true, Event::AcceptWith);
                    vec![call_type.code().into(), user_to_js(&caller), refuse, accept, s(&data)]
                }
                None => Vec::new(),
            };
            ("onConfirmDialogWhenReceiving", f, args)
        }
        Notice::IncomingCallCanceled { call_id, caller } => ("onIncomingCallCanceled", hook(|h| &h.on_incoming_call_canceled), vec![s(&call_id), user_to_js(&caller)]),
        Notice::IncomingCallTimeout { call_id, caller } => ("onIncomingCallTimeout", hook(|h| &h.on_incoming_call_timeout), vec![s(&call_id), user_to_js(&caller)]),
        Notice::WaitingPage { call_id, call_type, callees } => {
            let f = hook(|h| &h.on_waiting_page_when_sending);
            let args = match f {
                Some(_) => vec![call_type.code().into(), users_to_js(&callees), action_for_call(shared, call_id, false, Event::CancelCallingWith)],
                None => Vec::new(),
            };
            ("onWaitingPageWhenSending", f, args)
        }
        // The callee's `accept(data)` / `refuse(data)` follows the incumbent's two arguments.
        Notice::OutgoingCallAccepted { call_id, callee, data } => ("onOutgoingCallAccepted", hook(|h| &h.on_outgoing_call_accepted), vec![s(&call_id), user_to_js(&callee), s(&data)]),
        Notice::OutgoingCallRejected { call_id, callee } => ("onOutgoingCallRejected", hook(|h| &h.on_outgoing_call_rejected), vec![s(&call_id), user_to_js(&callee)]),
        Notice::OutgoingCallDeclined { call_id, callee, data } => ("onOutgoingCallDeclined", hook(|h| &h.on_outgoing_call_declined), vec![s(&call_id), user_to_js(&callee), s(&data)]),
        Notice::OutgoingCallTimeout { call_id, callees } => ("onOutgoingCallTimeout", hook(|h| &h.on_outgoing_call_timeout), vec![s(&call_id), users_to_js(&callees)]),
        Notice::CallInvitationEnded { reason, data, .. } => ("onCallInvitationEnded", hook(|h| &h.on_call_invitation_ended), vec![s(reason.as_str()), s(&data)]),
        Notice::JoinedRoom { .. } => ("onJoinRoom", room_hook(|h| &h.on_join_room), Vec::new()),
        Notice::LeftRoom { .. } => ("onLeaveRoom", room_hook(|h| &h.on_leave_room), Vec::new()),
        Notice::UserJoin { users, .. } => ("onUserJoin", room_hook(|h| &h.on_user_join), vec![users_to_js(&users)]),
        Notice::UserLeave { users, .. } => ("onUserLeave", room_hook(|h| &h.on_user_leave), vec![users_to_js(&users)]),
    };
    if let Some(f) = f {
        call(name, &f, &args);
    }
}

/// A function for the app, `accept(data?)`, `refuse(data?)` (`ringing`: while `call_id` still
/// rings here) or `cancel(data?)` (while it still waits for its answer), that feeds
/// `event(data)`. Only the first answer counts, the built-in dialog's and page's buttons
/// included: later calls do nothing. A `data` that is not a string, or is too long, throws a
/// `TypeError`/`RangeError` naming `data`. The function belongs to the JS garbage collector:
/// the app may keep it and call it any time.
fn action_for_call(shared: &Rc<Shared>, call_id: String, ringing: bool, event: fn(String) -> Event) -> JsValue {
    let weak = Rc::downgrade(shared);
    // `Fn`, not `FnMut`: the app may call it again from inside a callback it triggers.
    Closure::<dyn Fn(JsValue) -> Result<(), JsValue>>::new(move |data: JsValue| {
        let data = crate::web::read::opt_string_value(&data, "data", crate::core::config::MAX_DATA_LEN).map_err(|err| js::to_js_error(&err))?;
        let Some(shared) = weak.upgrade() else { return Ok(()) };
        let current = {
            let kit = shared.kit.borrow();
            if ringing {
                kit.incoming().is_some_and(|i| i.call_id == call_id)
            } else {
                kit.call().is_some_and(|c| c.id == call_id && !c.joined)
            }
        };
        if current {
            if let Err(err) = dispatch(&shared, event(data.unwrap_or_default())) {
                warn(&err.message());
            }
        }
        Ok(())
    })
    .into_js_value()
}

/// Subscribes to `transport`, replacing (and unsubscribing) the current one.
pub fn connect(shared: &Rc<Shared>, transport: Transport) -> Result<(), JsValue> {
    let (app, user) = {
        let kit = shared.kit.borrow();
        (kit.app().to_owned(), kit.me().id.clone())
    };
    let weak = Rc::downgrade(shared);
    let subscription = transport.subscribe(&app, &user, &shared.token, move |text: JsValue| {
        let Some(shared) = weak.upgrade() else { return };
        if !text.is_string() {
            warn("dropped a message: not a string");
            return;
        }
        // Checked on the JS string, before it is copied into wasm memory (which never shrinks):
        // it has at least as many UTF-8 bytes as UTF-16 units.
        let units = text.unchecked_ref::<JsString>().length() as usize;
        if units > MAX_MESSAGE_LEN {
            warn_dropped(&Reject::TooLarge(units));
            return;
        }
        let Some(text) = text.as_string() else { return };
        match decode(&text) {
            Ok(envelope) => {
                let _ = dispatch(&shared, Event::Received(Box::new(envelope)));
            }
            Err(reject) => warn_dropped(&reject),
        }
    })?;
    disconnect(shared);
    *shared.transport.borrow_mut() = Some(transport);
    *shared.subscription.borrow_mut() = Some(subscription);
    Ok(())
}

/// Reports a message the kit did not take, with the reason.
fn warn_dropped(reject: &Reject) {
    warn(&["dropped a message: ", &reject.message()].concat());
}

/// Unsubscribes from the transport.
pub fn disconnect(shared: &Rc<Shared>) {
    let subscription = shared.subscription.borrow_mut().take();
    if let Some(subscription) = subscription {
        subscription.cancel();
    }
    shared.transport.borrow_mut().take();
}

/// Shuts down now, or, when called from inside a callback, once the effects being applied
/// (the goodbyes `destroy` queued among them) are out.
pub fn shut_down_when_idle(shared: &Rc<Shared>) {
    if shared.draining.get() {
        shared.shutdown_due.set(true);
    } else {
        shut_down(shared);
    }
}

/// Stops timers and the transport, settles what waits on it, and lets go of the app's functions.
fn shut_down(shared: &Rc<Shared>) {
    shared.media.stop();
    shared.timer.borrow_mut().take();
    shared.goodbye.borrow_mut().take();
    shared.waiters.fail_all();
    disconnect(shared);
    *shared.hooks.borrow_mut() = InvitationHooks::default();
    *shared.room_hooks.borrow_mut() = RoomHooks::default();
    drop_view(shared);
}

/// Registers a waiter for an invitation that times out in `timeout_ms`; see [`Waiter`]. A
/// transport that has not settled the invitation's send by then fails it.
pub fn wait_for_send(shared: &Rc<Shared>, waiter: Waiter, timeout_ms: u32) {
    let weak = Rc::downgrade(shared);
    let message_id = waiter.message_id.clone();
    shared.waiters.add(waiter, timeout_ms, move || {
        if let Some(shared) = weak.upgrade() {
            shared.waiters.settle(&message_id, false);
        }
    });
}
