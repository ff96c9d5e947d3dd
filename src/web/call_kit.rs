//! The exported `CallKit` class: the incumbent's API, over the core and the runtime.
use crate::core::digits;
use crate::core::effect::Effect;
use crate::core::protocol::Body;
use crate::core::token::{self, TokenClaims};
use crate::core::{Error, Event, Kit, User};
use crate::web::js::{self, to_js_error};
use crate::web::options;
use crate::web::outgoing::{to_js, ErrorInvitee, SendResult};
use crate::web::read::{self, get, object, type_error};
use crate::web::runtime::{self, dispatch, dispatch_then, Shared};
use crate::web::engine::Engine;
use crate::web::transport::Transport;
use crate::web::waiters::Waiter;
use js_sys::Promise;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A call kit for one user of one app: the invitation lifecycle, its UI and its signaling.
///
/// Its TypeScript declaration, with the JSDoc of every member, is written by hand in
/// `types_kit.rs` (the generated one would declare `[Symbol.dispose]`, which needs the
/// `esnext.disposable` lib, and could not give the incumbent's optional arguments).
#[wasm_bindgen(skip_typescript)]
pub struct CallKit {
    shared: Rc<Shared>,
}

type JsResult<T> = Result<T, JsValue>;

// Strings go back to JS as a `JsValue` made in wasm (`getVersion`, `getRoomID`, the kit tokens),
// not as a `String`: for a `String` return wasm-bindgen writes, per method, glue that copies the
// string out of wasm memory and frees it. Measured on these four: 83 B less gzipped.

fn js_err(err: Error) -> JsValue {
    to_js_error(&err)
}

#[wasm_bindgen]
impl CallKit {
    /// A kit from a kit token or `{ appID, userID, userName }`, on the BroadcastChannel transport.
    /// The incumbent's second argument (`createConfig`) is accepted and not read.
    pub fn create(init: JsValue) -> JsResult<CallKit> {
        let claims = match init.as_string() {
            Some(token) => token::parse(&token).map_err(js_err)?,
            None => claims_from_object(&init).map_err(js_err)?,
        };
        let mut sid = String::new();
        digits::push_hex(&mut sid, (js_sys::Math::random() * 4_294_967_296.0) as u64);
        digits::push_hex(&mut sid, js::now());
        let mut kit = Kit::new(claims.app_id.clone(), claims.user(), sid);
        kit.set_headless(true);
        let shared = Shared::new(kit, claims.room_id, claims.token);
        runtime::attach_view(&shared);
        if let Some(transport) = Transport::broadcast(&claims.app_id) {
            runtime::connect(&shared, transport)?;
        }
        Ok(CallKit { shared })
    }

    /// A kit token for tests: not a credential.
    #[wasm_bindgen(js_name = generateKitTokenForTest)]
    pub fn generate_kit_token_for_test(app_id: JsValue, server_secret: JsValue, room_id: JsValue, user_id: JsValue, user_name: JsValue) -> JsResult<JsValue> {
        kit_token(token::generate, &app_id, ("serverSecret", &server_secret), &room_id, &user_id, &user_name).map_err(js_err)
    }

    /// A kit token around a token the app's server issued, for the transport.
    #[wasm_bindgen(js_name = generateKitTokenForProduction)]
    pub fn generate_kit_token_for_production(app_id: JsValue, token: JsValue, room_id: JsValue, user_id: JsValue, user_name: JsValue) -> JsResult<JsValue> {
        kit_token(token::generate_for_production, &app_id, ("token", &token), &room_id, &user_id, &user_name).map_err(js_err)
    }

    /// The package version.
    #[wasm_bindgen(js_name = getVersion)]
    pub fn get_version() -> JsValue {
        JsValue::from_str(env!("CARGO_PKG_VERSION"))
    }

    /// `callType` of a voice call: 0.
    #[wasm_bindgen(getter = InvitationTypeVoiceCall)]
    pub fn invitation_type_voice_call() -> u8 {
        0
    }

    /// `callType` of a video call: 1.
    #[wasm_bindgen(getter = InvitationTypeVideoCall)]
    pub fn invitation_type_video_call() -> u8 {
        1
    }

    /// Plugs in a signaling transport (`{ signaling: { send, subscribe } }`) and a media engine
    /// (`{ media: { update, leave } }`, `null`: the built-in mesh); nothing (the incumbent's
    /// argument is optional) or `{ ZIM }` changes nothing.
    #[wasm_bindgen(js_name = addPlugins)]
    pub fn add_plugins(&self, plugins: JsValue) -> JsResult<()> {
        self.live()?;
        if plugins.is_undefined() {
            return Ok(());
        }
        object(&plugins, "plugins").map_err(js_err)?;
        // Both read before either is applied: a bad one changes nothing.
        let transport = get(&plugins, "signaling", "plugins").map_err(js_err)?.map(|s| Transport::from_js(s, "plugins.signaling")).transpose().map_err(js_err)?;
        let engine = match get(&plugins, "media", "plugins").map_err(js_err)? {
            None => None,
            Some(media) if media.is_null() => Some(None),
            Some(media) => Some(Some(Rc::new(Engine::from_js(media, "plugins.media").map_err(js_err)?))),
        };
        if let Some(transport) = transport {
            runtime::connect(&self.shared, transport)?;
        }
        if let Some(engine) = engine {
            // A call going on moves to the new engine (`null`: the built-in mesh): its media
            // starts over.
            self.shared.media.stop();
            *self.shared.media.engine.borrow_mut() = engine;
            runtime::refresh(&self.shared);
        }
        Ok(())
    }

    /// Merges a call-invitation config into the current one, field by field; nothing (the
    /// incumbent's argument is optional) changes nothing.
    #[wasm_bindgen(js_name = setCallInvitationConfig)]
    pub fn set_call_invitation_config(&self, config: JsValue) -> JsResult<()> {
        self.live()?;
        if config.is_undefined() {
            return Ok(());
        }
        let update = options::config(&config).map_err(js_err)?;
        self.shared.hooks.borrow_mut().merge(update.hooks);
        if let Some(ringtones) = update.ringtones {
            *self.shared.ringtones.borrow_mut() = ringtones;
        }
        dispatch(&self.shared, Event::Configure(update.patch)).map_err(js_err)
    }

    /// Invites `callees`: starts a call, or invites into the current one. Resolves with
    /// `{ errorInvitees }` once the transport has settled the invitation (or failed to).
    #[wasm_bindgen(js_name = sendCallInvitation)]
    pub fn send_call_invitation(&self, options: JsValue) -> Promise {
        match self.send(&options) {
            Ok(promise) => promise,
            Err(err) => Promise::reject(&err),
        }
    }

    fn send(&self, options: &JsValue) -> JsResult<Promise> {
        self.live()?;
        let mut request = options::send(options).map_err(js_err)?;
        let timeout_ms = request.timeout_secs * 1000;
        if self.shared.kit.borrow().call().is_none() {
            // A new call: its media key, and its ID when the app named no room, must not be
            // guessable.
            request.media_key = crate::web::entropy::random_id("").map_err(js_err)?;
            if request.room_id.is_none() {
                request.room_id = Some(crate::web::entropy::random_id("call_").map_err(js_err)?);
            }
        }
        let shared = &self.shared;
        let mut registered = None;
        dispatch_then(shared, Event::Send(request), |effects| {
            // Borrows, not copies: everything needed is built into JS objects right here.
            let mut outcome = None;
            let mut invite_id = None;
            for effect in effects {
                match effect {
                    Effect::Invited { invited, error_invitees, .. } => outcome = Some((invited, error_invitees)),
                    Effect::Send(env) if matches!(env.body, Body::Invite(_)) && invite_id.is_none() => invite_id = Some(&env.id),
                    _ => {}
                }
            }
            // Who was not invited, and everyone, should the transport fail the invitation.
            let mut not_invited = Vec::new();
            let mut all_failed = Vec::new();
            if let Some((invited, errors)) = outcome {
                for e in errors {
                    not_invited.push(ErrorInvitee::new(&e.user, e.reason.as_str()));
                    all_failed.push(ErrorInvitee::new(&e.user, e.reason.as_str()));
                }
                for u in invited {
                    all_failed.push(ErrorInvitee::new(u, "sendFailed"));
                }
            }
            let ok = to_js(&SendResult::new(not_invited));
            let Some(message_id) = invite_id else {
                registered = Some(Promise::resolve(&ok));
                return;
            };
            let failed = to_js(&SendResult::new(all_failed));
            let promise = Promise::new(&mut |resolve, _reject| {
                let waiter = Waiter { message_id: message_id.clone(), resolve, ok: ok.clone(), failed: failed.clone() };
                runtime::wait_for_send(shared, waiter, timeout_ms);
            });
            registered = Some(promise);
        })
        .map_err(js_err)?;
        Ok(registered.unwrap_or_else(|| Promise::resolve(&to_js(&SendResult::new(Vec::new())))))
    }

    /// Replaces the invitee list: rows still present keep their checked state, new rows take
    /// `defaultChecked`. Before a call, sets the list the next call starts with.
    #[wasm_bindgen(js_name = updateCallingInvitationListConfig)]
    pub fn update_calling_invitation_list_config(&self, config: JsValue) -> JsResult<()> {
        self.live()?;
        let list = options::list(&config, "callingInvitationListConfig").map_err(js_err)?;
        dispatch(&self.shared, Event::UpdateList(list)).map_err(js_err)
    }

    /// Joins the token's room directly (or a new one), as its initiator.
    #[wasm_bindgen(js_name = joinRoom)]
    pub fn join_room(&self, room_config: JsValue) -> JsResult<()> {
        self.live()?;
        let setup = options::room(&room_config, "roomConfig").map_err(js_err)?;
        let room_id = if self.shared.token_room.is_empty() {
            crate::web::entropy::random_id("room_").map_err(js_err)?
        } else {
            self.shared.token_room.clone()
        };
        // The first render of the call happens inside the dispatch: its container and
        // callbacks must be in place before; on refusal the old ones come back.
        let previous_hooks = self.shared.room_hooks.replace(setup.hooks);
        let previous_container = setup.container.map(|c| self.shared.container.replace(Some(c)));
        let previous_ice = self.shared.media.ice_servers.replace(setup.ice_servers);
        let media_key = crate::web::entropy::random_id("").map_err(js_err)?;
        if let Err(err) = dispatch(&self.shared, Event::JoinRoom { room_id, room: setup.room, media_key }) {
            *self.shared.room_hooks.borrow_mut() = previous_hooks;
            *self.shared.media.ice_servers.borrow_mut() = previous_ice;
            if let Some(previous) = previous_container {
                *self.shared.container.borrow_mut() = previous;
            }
            return Err(js_err(err));
        }
        Ok(())
    }

    /// Leaves the call; this kit's pending invitations are cancelled. With
    /// `endCallWhenInitiatorLeave`, the initiator leaving ends the call for everyone.
    #[wasm_bindgen(js_name = hangUp)]
    pub fn hang_up(&self) -> JsResult<()> {
        self.live()?;
        dispatch(&self.shared, Event::HangUp).map_err(js_err)
    }

    /// Leaves any call, declines a ringing invitation, stops timers and unsubscribes.
    pub fn destroy(&self) {
        if self.shared.kit.borrow().destroyed() {
            return;
        }
        let _ = dispatch(&self.shared, Event::Destroy);
        runtime::shut_down_when_idle(&self.shared);
    }

    /// Switches the UI language: `"en-US"` or `"zh-CN"`.
    #[wasm_bindgen(js_name = setLanguage)]
    pub fn set_language(&self, language: JsValue) -> JsResult<()> {
        self.live()?;
        let tag = language.as_string().ok_or_else(|| js_err(type_error("language", "must be \"en-US\" or \"zh-CN\"")))?;
        let lang = options::language(&tag, "language").map_err(js_err)?;
        dispatch(&self.shared, Event::SetLanguage(lang)).map_err(js_err)
    }

    /// The `MediaStream` of a participant of the current call (this kit's user: its own
    /// camera and microphone), for recording or a layout of the app's own; nothing when there
    /// is none (`undefined`: not in a call, built-in media off, not connected yet).
    #[wasm_bindgen(js_name = getMediaStream)]
    pub fn get_media_stream(&self, user_id: JsValue) -> JsResult<Option<web_sys::MediaStream>> {
        let user_id = user_id.as_string().ok_or_else(|| js_err(crate::web::read::type_error("userID", "must be a string")))?;
        let me = self.shared.kit.borrow().me().id.clone();
        Ok(self.shared.media.stream_of(&user_id, &me))
    }

    /// The current call's room ID, or the token's, or `""`.
    #[wasm_bindgen(js_name = getRoomID)]
    pub fn get_room_id(&self) -> JsValue {
        match self.shared.kit.borrow().call() {
            Some(call) => JsValue::from_str(&call.id),
            None => JsValue::from_str(&self.shared.token_room),
        }
    }

    fn live(&self) -> JsResult<()> {
        if self.shared.kit.borrow().destroyed() {
            Err(js_err(Error::Refused(crate::core::Refusal::Destroyed)))
        } else {
            Ok(())
        }
    }
}

fn claims_from_object(init: &JsValue) -> Result<TokenClaims, Error> {
    if init.is_undefined() || init.is_null() {
        return Err(type_error("token", "must be a kit token or { appID, userID, userName }"));
    }
    object(init, "init")?;
    let app_id = app_id_string(&get(init, "appID", "")?.unwrap_or(JsValue::UNDEFINED))?;
    let user = read::user(init, "")?;
    let room_id = read::opt_string(init, "roomID", "")?.unwrap_or_default();
    Ok(TokenClaims { app_id, room_id, user_id: user.id.clone(), user_name: user.display_name().to_owned(), token: String::new() })
}

/// Reads the arguments of `generateKitTokenFor…` and makes the token with `make`: `credential`
/// is the server secret (test) or the server's token (production), named as the argument is.
/// `roomID` may be `null`, `undefined` or empty; `userName` defaults to the user ID.
fn kit_token(
    make: fn(&str, &str, &str, &User) -> Result<String, Error>,
    app_id: &JsValue,
    (field, credential): (&str, &JsValue),
    room_id: &JsValue,
    user_id: &JsValue,
    user_name: &JsValue,
) -> Result<JsValue, Error> {
    let app = app_id_string(app_id)?;
    let credential = credential.as_string().ok_or_else(|| type_error(field, "must be a non-empty string"))?;
    let room = if room_id.is_null() || room_id.is_undefined() {
        String::new()
    } else {
        room_id.as_string().ok_or_else(|| type_error("roomID", "must be a string, null or empty"))?
    };
    let id = user_id.as_string().ok_or_else(|| type_error("userID", "must be a non-empty string"))?;
    let name = if user_name.is_undefined() || user_name.is_null() {
        id.clone()
    } else {
        user_name.as_string().ok_or_else(|| type_error("userName", "must be a string"))?
    };
    make(&app, &credential, &room, &User::new(id, name)).map(|token| JsValue::from_str(&token))
}

fn app_id_string(value: &JsValue) -> Result<String, Error> {
    if let Some(n) = value.as_f64() {
        if n.fract() == 0.0 && n > 0.0 && n <= 4_294_967_295.0 {
            return Ok(digits::decimal(n as u64));
        }
        return Err(Error::range("appID", "must be a positive whole number"));
    }
    match value.as_string() {
        Some(s) if !s.is_empty() && s.len() <= 128 => Ok(s),
        _ => Err(type_error("appID", "must be a positive number or a non-empty string")),
    }
}

