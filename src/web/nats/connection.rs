//! The NATS connection behind a `NatsSignaling`: the WebSocket, the subscriptions, the send
//! queue, the reconnect and watchdog timers. Every protocol detail is `core::nats`.
use crate::core::nats::{self, ErrKind, Op, Parser};
use crate::web::js;
use crate::web::read::get;
use gloo_timers::callback::Timeout;
use js_sys::{Function, Promise, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::WebSocket;

/// Sends kept while disconnected; beyond this the oldest is dropped and its promise rejects.
pub const QUEUE_LIMIT: usize = 100;
/// Every this many ms: a PING on an open connection (two unanswered: the connection is stale
/// and replaced), or a retry of a connection that is not open yet.
const WATCHDOG_MS: u32 = 15_000;

/// The transport's configuration and state; timers and listeners hold it weakly.
pub(super) struct Conn {
    servers: Vec<String>,
    /// The subject prefix.
    pub(super) prefix: String,
    /// `CONNECT` (with the credentials) and `PING`.
    hello: String,
    on_error: Option<Function>,
    st: RefCell<State>,
}

#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Phase {
    /// No socket: none needed yet, or a retry is scheduled.
    #[default]
    Down,
    /// The socket is opening, or open and waiting for the server's INFO.
    Connecting,
    /// CONNECT and PING sent; the PONG confirms the connection.
    Handshake,
    /// Subscriptions are in place; sends go straight out.
    Open,
    /// The server refused the credentials: no more attempts.
    Failed,
}

/// An open or opening WebSocket; dropping it closes the socket and removes its listener, so
/// no event of an old socket is ever handled (the listener, no longer referenced, is collected).
struct Socket {
    ws: WebSocket,
}

impl Drop for Socket {
    fn drop(&mut self) {
        listen(&self.ws, &JsValue::NULL);
        let _ = self.ws.close();
    }
}

/// A send waiting for the connection: its PUBs and its promise's `resolve` (a failure resolves
/// it with a rejected promise, which rejects it: one function kept instead of two).
struct Queued {
    frames: String,
    resolve: Function,
}

#[derive(Default)]
struct State {
    phase: Phase,
    socket: Option<Socket>,
    parser: Parser,
    /// Counts sockets: events of an older one are ignored.
    generation: u32,
    /// Subscriptions: sid, subject, listener.
    subs: Vec<(u64, String, Function)>,
    next_sid: u64,
    queue: Vec<Queued>,
    /// Connection attempts so far (from a random start): picks the server.
    tries: usize,
    /// The server of the current or last attempt.
    url: usize,
    /// Failed attempts since the last open connection: the backoff's attempt number.
    failures: u32,
    /// A connection was open once: later failures are outages, not a wrong URL.
    opened_once: bool,
    /// The socket's watchdog or, while there is no socket, the next attempt: never both, so
    /// one timer (each one costs code).
    timeout: Option<Timeout>,
    /// PINGs sent and not answered.
    pings: u8,
    max_payload: usize,
    /// Why the transport stopped (phase `Failed`).
    failure: Option<JsValue>,
}

impl State {
    /// Sends `text` on the socket; there is one whenever the phase lets anything be written.
    fn write(&self, text: &str) -> Result<(), JsValue> {
        match &self.socket {
            Some(socket) if !text.is_empty() => socket.ws.send_with_str(text),
            _ => Ok(()),
        }
    }
}

fn settle(queued: Queued, result: &Result<(), JsValue>) {
    let outcome = match result {
        Ok(()) => JsValue::UNDEFINED,
        Err(err) => Promise::reject(err).into(),
    };
    let _ = queued.resolve.call1(&JsValue::UNDEFINED, &outcome);
}

/// Sets (or, with `null`, removes) the one listener of `ws`'s messages and close. Through
/// `Reflect.set`, which the kit imports anyway: each imported setter costs glue.
fn listen(ws: &WebSocket, listener: &JsValue) {
    for key in ["onmessage", "onclose"] {
        js::set(ws, key, listener);
    }
}

/// Joins `parts`, as `concat` does, with much less code.
pub(super) fn cat(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        out.push_str(part);
    }
    out
}

impl Conn {
    /// A transport to `servers` (at least one); `hello` is its CONNECT.
    pub(super) fn new(servers: Vec<String>, prefix: String, hello: String, on_error: Option<Function>) -> Rc<Conn> {
        let tries = (js_sys::Math::random() * servers.len() as f64) as usize;
        let state = State { tries, max_payload: nats::MAX_PAYLOAD, ..State::default() };
        Rc::new(Conn { servers, prefix, hello, on_error, st: RefCell::new(state) })
    }

    /// "<lead>NATS <url>: <what>".
    fn say_after(&self, lead: &str, what: &str) -> String {
        cat(&[lead, "NATS ", &self.servers[self.st.borrow().url], ": ", what])
    }

    /// "NATS <url>: <what>".
    fn say(&self, what: &str) -> String {
        self.say_after("", what)
    }

    /// An `Error` for the app.
    fn error(&self, what: &str) -> JsValue {
        js_sys::Error::new(&self.say_after("callkit-invite: ", what)).into()
    }

    /// To `onError`, or `console.error`.
    fn report(&self, error: &JsValue) {
        match &self.on_error {
            Some(f) => {
                js::call("natsSignaling onError", f, std::slice::from_ref(error));
            }
            None => js::log(error, true),
        }
    }

    /// Writes `frames` (PUBs of a payload of `len` bytes) now, or queues them.
    pub(super) fn send(self: &Rc<Self>, len: usize, frames: String) -> Promise {
        {
            let st = self.st.borrow();
            if len > st.max_payload {
                // What `Error::range("text", ...)` would give, without building one.
                return Promise::reject(&js_sys::RangeError::new("text: is larger than the NATS server's max_payload"));
            }
            if let Some(failure) = &st.failure {
                return Promise::reject(failure);
            }
            let open = st.phase == Phase::Open
                && st.socket.as_ref().is_some_and(|s| get(&s.ws, "readyState", "").ok().flatten().and_then(|v| v.as_f64()) == Some(WebSocket::OPEN.into()));
            if open || frames.is_empty() {
                return match st.write(&frames) {
                    Ok(()) => Promise::resolve(&JsValue::UNDEFINED),
                    Err(err) => Promise::reject(&err),
                };
            }
        }
        let mut settler = None;
        let promise = Promise::new(&mut |resolve, _| settler = Some(resolve));
        let dropped = match settler {
            Some(resolve) => {
                let mut st = self.st.borrow_mut();
                st.queue.push(Queued { frames, resolve });
                (st.queue.len() > QUEUE_LIMIT).then(|| st.queue.remove(0))
            }
            None => None,
        };
        if let Some(oldest) = dropped {
            let error = self.error("disconnected and the send queue is full (100): dropped the oldest message");
            js::log(&error, false);
            settle(oldest, &Err(error));
        }
        self.ensure_started();
        promise
    }

    /// Subscribes `on_text` to `subject`; returns the function that unsubscribes.
    pub(super) fn subscribe(self: &Rc<Self>, subject: String, on_text: Function) -> JsValue {
        let sid = {
            let mut st = self.st.borrow_mut();
            st.next_sid += 1;
            let sid = st.next_sid;
            if st.phase == Phase::Open {
                let mut out = String::new();
                nats::sub(&mut out, &subject, sid);
                let _ = st.write(&out);
            }
            st.subs.push((sid, subject, on_text));
            sid
        };
        self.ensure_started();
        let weak = Rc::downgrade(self);
        Closure::<dyn Fn()>::new(move || {
            if let Some(conn) = weak.upgrade() {
                conn.unsubscribe(sid);
            }
        })
        .into_js_value()
    }

    fn unsubscribe(&self, sid: u64) {
        let queued: Vec<Queued> = {
            let mut st = self.st.borrow_mut();
            let Some(i) = st.subs.iter().position(|s| s.0 == sid) else { return };
            st.subs.swap_remove(i);
            if !st.subs.is_empty() {
                if st.phase == Phase::Open {
                    let mut out = String::new();
                    nats::unsub(&mut out, sid);
                    let _ = st.write(&out);
                }
                return;
            }
            // The last one: close (what was written goes out first); a later use reconnects.
            st.socket = None;
            st.timeout = None;
            if st.phase != Phase::Failed {
                st.phase = Phase::Down;
            }
            std::mem::take(&mut st.queue)
        };
        if !queued.is_empty() {
            let error = Err(self.error("closed before the connection came back"));
            queued.into_iter().for_each(|q| settle(q, &error));
        }
    }

    fn ensure_started(self: &Rc<Self>) {
        let idle = {
            let st = self.st.borrow();
            st.phase == Phase::Down && st.timeout.is_none()
        };
        if idle {
            self.start();
        }
    }

    /// Opens a socket to the next server.
    fn start(self: &Rc<Self>) {
        let mut st = self.st.borrow_mut();
        st.timeout = None;
        st.generation = st.generation.wrapping_add(1);
        let generation = st.generation;
        st.url = st.tries % self.servers.len();
        st.tries = st.tries.wrapping_add(1);
        st.parser = Parser::default();
        st.pings = 0;
        st.phase = Phase::Connecting;
        let ws = match WebSocket::new(&self.servers[st.url]) {
            Ok(ws) => ws,
            Err(err) => {
                drop(st);
                js::log(&err, false);
                self.lost(generation);
                return;
            }
        };
        js::set(&ws, "binaryType", &JsValue::from_str("arraybuffer"));
        let weak = Rc::downgrade(self);
        // One listener for both events: only a MessageEvent has `data`.
        let on_event = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
            if let Some(conn) = weak.upgrade() {
                // Events of the kit's own socket: reading `data` runs no app code.
                match get(&event, "data", "").ok().flatten() {
                    Some(data) => conn.received(generation, &data),
                    None => conn.lost(generation),
                }
            }
        });
        listen(&ws, &on_event.into_js_value());
        st.socket = Some(Socket { ws });
        st.timeout = Some(self.timer(WATCHDOG_MS, generation, Conn::watch));
    }

    /// Calls `then` in `ms`, unless the transport is gone by then.
    fn timer(self: &Rc<Self>, ms: u32, generation: u32, then: fn(&Rc<Conn>, u32)) -> Timeout {
        let weak = Rc::downgrade(self);
        Timeout::new(ms, move || {
            if let Some(conn) = weak.upgrade() {
                then(&conn, generation);
            }
        })
    }

    fn received(self: &Rc<Self>, generation: u32, data: &JsValue) {
        let bytes = match data.as_string() {
            Some(text) => text.into_bytes(),
            None => Uint8Array::new(data).to_vec(),
        };
        // Out of the state while it reads: a listener may send, subscribe or unsubscribe.
        let mut parser = {
            let mut st = self.st.borrow_mut();
            if st.generation != generation {
                return;
            }
            std::mem::take(&mut st.parser)
        };
        parser.read(&bytes, |op| {
            // A listener may have closed the socket, or a stale one been replaced: the rest is
            // for nobody.
            let live = {
                let st = self.st.borrow();
                st.generation == generation && st.socket.is_some()
            };
            if live {
                self.handle(generation, op);
            }
        });
        let mut st = self.st.borrow_mut();
        if st.generation == generation {
            st.parser = parser;
        }
    }

    fn handle(self: &Rc<Self>, generation: u32, op: Op) {
        match op {
            Op::Info(info) => {
                let mut st = self.st.borrow_mut();
                if let Some(max) = info.max_payload {
                    st.max_payload = usize::try_from(max).unwrap_or(usize::MAX);
                }
                if st.phase == Phase::Connecting {
                    st.phase = Phase::Handshake;
                    let _ = st.write(&self.hello);
                }
            }
            Op::Ping => {
                let _ = self.st.borrow().write(nats::PONG);
            }
            Op::Pong => self.pong(),
            Op::Msg(msg) => {
                let listener = self.st.borrow().subs.iter().find(|s| s.0 == msg.sid).map(|s| s.2.clone());
                // No listener: a message in flight when its subscription ended.
                if let Some(listener) = listener {
                    match nats::utf8(&msg.payload) {
                        Ok(text) => {
                            js::call("natsSignaling listener", &listener, &[JsValue::from_str(text)]);
                        }
                        Err(_) => js::warn("dropped a NATS message: not UTF-8"),
                    }
                }
            }
            Op::Ok => {}
            Op::TooLarge { .. } => js::warn("dropped a NATS message larger than 1 MiB"),
            Op::Err(text) => match nats::classify(&text) {
                ErrKind::Auth => self.fail(&text),
                ErrKind::Permission => self.report(&self.error(&text)),
                // The server closes the connection after these; it is replaced.
                ErrKind::Other => js::warn(&self.say(&text)),
            },
            Op::Broken(why) => {
                js::warn(&self.say(&cat(&["unreadable data (", why, "); reconnecting"])));
                self.lost(generation);
            }
        }
    }

    /// The answer to a PING: the first one confirms the connection.
    fn pong(&self) {
        let (queued, result) = {
            let mut st = self.st.borrow_mut();
            st.pings = 0;
            if st.phase != Phase::Handshake {
                return;
            }
            st.phase = Phase::Open;
            st.failures = 0;
            st.opened_once = true;
            let mut out = String::new();
            for (sid, subject, _) in &st.subs {
                nats::sub(&mut out, subject, *sid);
            }
            let queued: Vec<Queued> = std::mem::take(&mut st.queue);
            for q in &queued {
                out.push_str(&q.frames);
            }
            (queued, st.write(&out))
        };
        queued.into_iter().for_each(|q| settle(q, &result));
    }

    /// The socket closed, broke or timed out: schedules the next attempt (if anything needs
    /// the connection) and says so.
    fn lost(self: &Rc<Self>, generation: u32) {
        let (was_open, first) = {
            let mut st = self.st.borrow_mut();
            if st.generation != generation || st.phase == Phase::Failed {
                return;
            }
            let was_open = st.phase == Phase::Open;
            st.socket = None;
            st.timeout = None;
            st.phase = Phase::Down;
            if st.subs.is_empty() && st.queue.is_empty() {
                return;
            }
            let delay = nats::reconnect_delay(st.failures, js_sys::Math::random());
            st.failures = st.failures.saturating_add(1);
            st.timeout = Some(self.timer(delay, generation, |conn, _| conn.start()));
            (was_open, !st.opened_once && st.failures == 1)
        };
        if was_open {
            js::warn(&self.say("connection lost; reconnecting"));
        } else if first {
            self.report(&self.error("cannot connect (is the server running, with websocket enabled?); retrying"));
        }
    }

    /// The watchdog: PINGs an open connection, replaces a stale or never-opened one.
    fn watch(self: &Rc<Self>, generation: u32) {
        let mut st = self.st.borrow_mut();
        if st.generation != generation {
            return;
        }
        match st.phase {
            Phase::Open if st.pings < 2 => {
                st.pings += 1;
                let _ = st.write(nats::PING);
                st.timeout = Some(self.timer(WATCHDOG_MS, generation, Conn::watch));
            }
            Phase::Open | Phase::Connecting | Phase::Handshake => {
                drop(st);
                self.lost(generation);
            }
            Phase::Down | Phase::Failed => {}
        }
    }

    /// The server refused the credentials: stop, and reject what waits.
    fn fail(&self, text: &str) {
        let error = self.error(&cat(&[text, " (check natsSignaling's user, pass or token); not reconnecting"]));
        let queued: Vec<Queued> = {
            let mut st = self.st.borrow_mut();
            st.phase = Phase::Failed;
            st.failure = Some(error.clone());
            st.socket = None;
            st.timeout = None;
            std::mem::take(&mut st.queue)
        };
        self.report(&error);
        let result = Err(error);
        queued.into_iter().for_each(|q| settle(q, &result));
    }
}
