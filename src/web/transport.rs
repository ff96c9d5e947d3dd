//! Signaling transports: the app's own `{ send, subscribe }` object, or a BroadcastChannel.
use crate::core::Error;
use crate::js_promise::{when_settled, Settled};
use crate::web::js::apply;
use crate::web::outgoing::{to_js, TransportMeta};
use crate::web::read::{get, method, object};
use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where messages go. Cloning copies handles, not the channel.
#[derive(Clone)]
pub enum Transport {
    /// An app object `{ send(text, { appID, to, token? }), subscribe(onText, { appID, userID, token? }) }`.
    Js {
        /// The object, `this` for its methods.
        object: JsValue,
        /// Its `send`.
        send: Function,
        /// Its `subscribe`.
        subscribe: Function,
    },
    /// Tabs of one browser (and kits of one page), no server.
    Broadcast(web_sys::BroadcastChannel),
}

/// A live subscription; dropping it does not unsubscribe, [`Subscription::cancel`] does.
/// The listener belongs to the JS garbage collector: a transport may still call it after
/// unsubscribing (a message in flight), and it must not throw then.
pub struct Subscription {
    unsubscribe: Option<Function>,
    channel: Option<web_sys::BroadcastChannel>,
}

impl Subscription {
    /// Stops delivery.
    pub fn cancel(self) {
        if let Some(f) = &self.unsubscribe {
            crate::web::js::call("signaling unsubscribe", f, &[]);
        }
        if let Some(channel) = &self.channel {
            channel.set_onmessage(None);
            channel.close();
        }
    }
}

impl Transport {
    /// Checks an app transport object.
    pub fn from_js(value: JsValue, path: &str) -> Result<Transport, Error> {
        object(&value, path)?;
        let send = method(&value, "send", path)?;
        let subscribe = method(&value, "subscribe", path)?;
        Ok(Transport::Js { object: value, send, subscribe })
    }

    /// The default transport: a BroadcastChannel named after the app.
    pub fn broadcast(app: &str) -> Option<Transport> {
        web_sys::BroadcastChannel::new(&["callkit-invite/", app].concat()).ok().map(Transport::Broadcast)
    }

    /// Sends `text` to `to`, then calls `done` once: when what the transport's `send` returned
    /// settles (it may be a Promise), or at once when `send` threw. `token`: the kit token's
    /// server token (empty: none), for the app's transport.
    pub fn send(&self, text: &str, app: &str, to: &[String], token: &str, done: Settled) {
        let sent = match self {
            Transport::Js { object, send, .. } => {
                let meta = to_js(&TransportMeta { app_id: app, to: Some(to), user_id: None, token });
                apply(send, object, &[JsValue::from_str(text), meta])
            }
            Transport::Broadcast(channel) => channel.post_message(&JsValue::from_str(text)).map(|_| JsValue::UNDEFINED),
        };
        match sent {
            Ok(value) => when_settled(&value, done),
            Err(thrown) => done(Err(thrown)),
        }
    }

    /// Delivers every text received for `user` in `app` to `on_text`; `token` as for [`send`](Self::send).
    /// `Fn`, not `FnMut`: a transport may deliver synchronously from inside a delivery.
    pub fn subscribe(&self, app: &str, user: &str, token: &str, on_text: impl Fn(JsValue) + 'static) -> Result<Subscription, JsValue> {
        let listener = Closure::<dyn Fn(JsValue)>::new(on_text).into_js_value();
        match self {
            Transport::Js { object, subscribe, .. } => {
                let meta = to_js(&TransportMeta { app_id: app, to: None, user_id: Some(user), token });
                let ret = apply(subscribe, object, &[listener, meta])?;
                Ok(Subscription { unsubscribe: ret.is_function().then(|| ret.unchecked_into()), channel: None })
            }
            Transport::Broadcast(channel) => {
                // The channel delivers MessageEvents: hand on their data.
                let inner: Function = listener.unchecked_into();
                let on_event = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
                    // A MessageEvent of the channel: reading its `data` runs no app code.
                    if let Ok(Some(data)) = get(&event, "data", "") {
                        let _ = apply(&inner, &JsValue::UNDEFINED, &[data]);
                    }
                })
                .into_js_value();
                channel.set_onmessage(Some(on_event.unchecked_ref()));
                Ok(Subscription { unsubscribe: None, channel: Some(channel.clone()) })
            }
        }
    }
}
