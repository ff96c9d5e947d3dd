//! `CallKit.natsSignaling`: a signaling transport over a nats-server's WebSocket listener.
//! This file is its face to JS (the transport object, its options and arguments); the
//! connection behind it is `connection`, the protocol (parser, encoders, subjects, backoff)
//! `core::nats`.
mod connection;

use crate::core::nats;
use crate::core::Error;
use crate::web::js;
use crate::web::read::{array_len, get, item, object, opt_function, opt_string, type_error};
use connection::{cat, Conn};
use js_sys::{Function, Object, Promise};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** `CallKit.natsSignaling`'s options. */
export interface NatsSignalingOptions {
  /** The nats-server WebSocket URL (`ws://` or `wss://`), or several (members of a cluster), tried in turn. */
  servers: string | string[];
  /** A token, for a server with `authorization { token }`. */
  token?: string;
  /** A user name, for a server with users. */
  user?: string;
  /** That user's password. */
  pass?: string;
  /** The first tokens of every subject (default `"callkit"`): a user listens on `<prefix>.<appID>.u.<userID>`. */
  subjectPrefix?: string;
  /** Called with an `Error` when the server refuses the credentials (the transport stops), a subscription or a publication (permissions), or cannot be reached at first; default: `console.error`. */
  onError?: (error: Error) => void;
}

/**
 * A signaling transport over NATS, made by `CallKit.natsSignaling`; pass it to
 * `addPlugins({ signaling })`. Each subscribed user listens on its own subject; `send`
 * publishes to each recipient's. The socket opens on the first `subscribe` (or `send`) and
 * closes when the last subscription ends.
 */
export interface NatsSignaling extends ZegoSignalingTransport {
  /**
   * Publishes `text` to the subject of each user in `meta.to`. Resolves once written to the
   * open connection; while disconnected it waits in a queue of 100 (the oldest is dropped
   * with a `console.warn`). Rejects when dropped, when the server refused the credentials,
   * or when the last subscription ends first.
   */
  send(text: string, meta: { appID: string; to: string[] }): Promise<void>;
  /**
   * Delivers every text sent to `meta.userID` of `meta.appID` to `onText`; returns the
   * function that unsubscribes (the last one closes the socket).
   */
  subscribe(onText: (text: string) => void, meta: { appID: string; userID: string }): () => void;
}
"#;

/// Most recipients of one `send`: the largest call (SPEC §7: every recipient list is capped by
/// the call's size limit). Checked before any is read.
const MAX_RECIPIENTS: u32 = 50;

/// A string field of the kit's (or the app's) `meta`; anything else, or a read that throws, is
/// `None`: the call is refused as a whole.
fn meta_string(meta: &JsValue, key: &str) -> Option<String> {
    get(meta, key, "meta").ok()??.as_string()
}

/// The transport's `send(text, { appID, to })`.
fn send(conn: &Rc<Conn>, text: JsValue, meta: JsValue) -> Promise {
    let parsed = (|| {
        let text = text.as_string()?;
        let app = meta_string(&meta, "appID")?;
        let to = get(&meta, "to", "meta").ok()??;
        let count = array_len(&to, "meta.to").ok()?.filter(|n| *n <= MAX_RECIPIENTS)?;
        let mut frames = String::new();
        for i in 0..count {
            nats::publish(&mut frames, &nats::subject(&conn.prefix, &app, &item(&to, i, "meta.to").ok()?.as_string()?), &text);
        }
        Some((text.len(), frames))
    })();
    match parsed {
        Some((len, frames)) => conn.send(len, frames),
        None => Promise::reject(&bad_call("natsSignaling: takes send(text: string, { appID: string, to: string[] })")),
    }
}

/// The transport's `subscribe(onText, { appID, userID })`.
fn subscribe(conn: &Rc<Conn>, on_text: JsValue, meta: JsValue) -> Result<JsValue, JsValue> {
    let parsed = (|| {
        let subject = nats::subject(&conn.prefix, &meta_string(&meta, "appID")?, &meta_string(&meta, "userID")?);
        // `typeof`, not `instanceof Function`: a function from another realm is one too.
        Some((subject, on_text.is_function().then(|| on_text.unchecked_into::<Function>())?))
    })();
    let (subject, on_text) =
        parsed.ok_or_else(|| bad_call("natsSignaling: takes subscribe(onText: function, { appID: string, userID: string })"))?;
    Ok(conn.subscribe(subject, on_text))
}

/// A method of the transport object: both have this type, so they share its glue.
type Method = dyn Fn(JsValue, JsValue) -> Result<JsValue, JsValue>;

/// `CallKit.natsSignaling(options)`: checks `NatsSignalingOptions` and returns the transport, a
/// plain `{ send, subscribe }` object (a class would cost more glue, in the wasm and in JS).
/// It connects later, on the first subscription.
pub fn nats_transport(options: &JsValue) -> Result<JsValue, Error> {
    const PATH: &str = "natsSignaling";
    object(options, PATH)?;
    const FIELD: &str = "natsSignaling.servers";
    let value = get(options, "servers", PATH)?.unwrap_or(JsValue::UNDEFINED);
    let servers_error = |reason: &str| Err(type_error(FIELD, reason));
    // One URL, or an array of them; its length is checked before any item is read.
    let count = array_len(&value, FIELD)?;
    if !(1..=32).contains(&count.unwrap_or(1)) {
        return servers_error("must be a ws:// or wss:// URL, or 1 to 32 of them");
    }
    let mut servers = Vec::new();
    for i in 0..count.unwrap_or(1) {
        let url = match count {
            Some(_) => item(&value, i, FIELD)?,
            None => value.clone(),
        };
        let Some(url) = url.as_string() else { return servers_error("must be a ws:// or wss:// URL, or 1 to 32 of them") };
        if !nats::valid_url(&url) {
            return servers_error(&cat(&["\"", &url, "\" is not a ws:// or wss:// URL"]));
        }
        servers.push(url);
    }
    let text = |key| opt_string(options, key, PATH);
    let prefix = text("subjectPrefix")?.unwrap_or_else(|| "callkit".to_owned());
    if !nats::valid_prefix(&prefix) {
        return Err(type_error("natsSignaling.subjectPrefix", "must be tokens of A-Z, a-z, 0-9, _ and - separated by dots"));
    }
    let hello = nats::connect(text("user")?.as_deref(), text("pass")?.as_deref(), text("token")?.as_deref());
    let on_error = opt_function(options, "onError", PATH)?;
    let conn = Conn::new(servers, prefix, hello, on_error);
    let transport = Object::new();
    let c = conn.clone();
    let send = Closure::<Method>::new(move |text, meta| Ok(send(&c, text, meta).into()));
    js::set(&transport, "send", &send.into_js_value());
    let subscribe = Closure::<Method>::new(move |on_text, meta| subscribe(&conn, on_text, meta));
    js::set(&transport, "subscribe", &subscribe.into_js_value());
    Ok(transport.into())
}

/// A `TypeError` for a call with the wrong arguments: `message` is what `Error::message` would
/// make of the field and reason, written out whole (no `Error` to build and drop).
fn bad_call(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}
