//! A media engine the app plugs in (`addPlugins({ media })`, such as `janusMedia` from
//! `callkit-invite/janus`) to carry the call's audio and video instead of the built-in mesh.
//! The kit still captures, draws the tiles and decides who is a member: the engine gets the
//! local stream, the other members and the call's media key, and hands back their streams.
use crate::core::mesh::MediaPlan;
use crate::core::Error;
use crate::web::js::{call_on, object};
use crate::web::read::method;
use js_sys::{Array, Function};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::MediaStream;

/// The app's engine object: `update(call)` after every change of the call's media, which
/// returns the members' streams by userID; `leave()` when this kit's media of the call ends.
pub struct Engine {
    object: JsValue,
    update: Function,
    leave: Function,
}

impl Engine {
    /// Checks an app engine object.
    pub fn from_js(value: JsValue, path: &str) -> Result<Engine, Error> {
        crate::web::read::object(&value, path)?;
        let update = method(&value, "update", path)?;
        let leave = method(&value, "leave", path)?;
        Ok(Engine { object: value, update, leave })
    }

    /// Hands the engine the call's media as it is now: `{ callID, userID, mediaKey, video,
    /// maxUsers, stream, members, iceServers }`. Returns what it returned (the members'
    /// streams by userID), `undefined` when it threw (reported).
    pub fn update(&self, plan: &MediaPlan, me: &str, local: &MediaStream, ice_servers: Option<&Array>) -> JsValue {
        let members: Array = plan.peers.iter().map(|p| JsValue::from_str(&p.user)).collect();
        let ice = ice_servers.map_or(JsValue::UNDEFINED, JsValue::from);
        let call = object(&[
            ("callID", &plan.call_id.as_str().into()),
            ("userID", &me.into()),
            ("mediaKey", &plan.media_key.as_str().into()),
            ("video", &plan.video.into()),
            ("maxUsers", &plan.max_users.into()),
            ("stream", local),
            ("members", &members),
            ("iceServers", &ice),
        ]);
        call_on("plugins.media.update", &self.object, &self.update, &[call]).unwrap_or(JsValue::UNDEFINED)
    }

    /// Tells the engine that this kit's media of the call is over.
    pub fn leave(&self) {
        call_on("plugins.media.leave", &self.object, &self.leave, &[]);
    }
}

/// The stream of `user` in what the engine's `update` returned, when it is one.
pub fn stream_in(streams: &JsValue, user: &str) -> Option<MediaStream> {
    if !streams.is_object() {
        return None;
    }
    js_sys::Reflect::get(streams, &JsValue::from_str(user)).ok()?.dyn_into().ok()
}
