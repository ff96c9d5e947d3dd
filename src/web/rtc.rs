//! The WebRTC and capture APIs the media uses, imported as the browser has them today: web-sys
//! lacks the argument-free `setLocalDescription()` and `restartIce()` that perfect negotiation
//! rests on. Whatever can throw is imported with `catch`.
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use web_sys::{MediaStream, MediaStreamTrack};

#[wasm_bindgen]
extern "C" {
    /// `RTCPeerConnection`.
    #[wasm_bindgen(extends = web_sys::EventTarget)]
    pub type RTCPeerConnection;
    /// `new RTCPeerConnection(config)`.
    #[wasm_bindgen(catch, constructor)]
    pub fn new(config: &JsValue) -> Result<RTCPeerConnection, JsValue>;
    /// `setLocalDescription()`: the offer or answer the state calls for.
    #[wasm_bindgen(method, catch, js_name = setLocalDescription)]
    pub fn set_local_description(this: &RTCPeerConnection) -> Result<Promise, JsValue>;
    /// `setRemoteDescription({ type, sdp })`.
    #[wasm_bindgen(method, catch, js_name = setRemoteDescription)]
    pub fn set_remote_description(this: &RTCPeerConnection, description: &JsValue) -> Result<Promise, JsValue>;
    /// `addIceCandidate({ candidate, sdpMid, sdpMLineIndex })`.
    #[wasm_bindgen(method, catch, js_name = addIceCandidate)]
    pub fn add_ice_candidate(this: &RTCPeerConnection, candidate: &JsValue) -> Result<Promise, JsValue>;
    /// `localDescription` (`null` before the first).
    #[wasm_bindgen(method, getter, js_name = localDescription)]
    pub fn local_description(this: &RTCPeerConnection) -> JsValue;
    /// `signalingState`.
    #[wasm_bindgen(method, getter, js_name = signalingState)]
    pub fn signaling_state(this: &RTCPeerConnection) -> String;
    /// `connectionState`.
    #[wasm_bindgen(method, getter, js_name = connectionState)]
    pub fn connection_state(this: &RTCPeerConnection) -> String;
    /// `restartIce()`: the next offer gathers new candidates.
    #[wasm_bindgen(method, catch, js_name = restartIce)]
    pub fn restart_ice(this: &RTCPeerConnection) -> Result<(), JsValue>;
    /// `close()`.
    #[wasm_bindgen(method)]
    pub fn close(this: &RTCPeerConnection);
    /// `addTransceiver(trackOrKind, { direction, streams })`.
    #[wasm_bindgen(method, catch, js_name = addTransceiver)]
    pub fn add_transceiver(this: &RTCPeerConnection, track_or_kind: &JsValue, init: &JsValue) -> Result<RTCRtpTransceiver, JsValue>;
    /// `getTransceivers()`.
    #[wasm_bindgen(method, js_name = getTransceivers)]
    pub fn transceivers(this: &RTCPeerConnection) -> Vec<RTCRtpTransceiver>;

    /// `RTCRtpTransceiver`.
    pub type RTCRtpTransceiver;
    /// `sender`.
    #[wasm_bindgen(method, getter)]
    pub fn sender(this: &RTCRtpTransceiver) -> RTCRtpSender;
    /// `receiver.track.kind`, through `receiver`.
    #[wasm_bindgen(method, getter)]
    pub fn receiver(this: &RTCRtpTransceiver) -> RTCRtpReceiver;
    /// `direction = …`.
    #[wasm_bindgen(method, setter)]
    pub fn set_direction(this: &RTCRtpTransceiver, direction: &str);

    /// `RTCRtpReceiver`.
    pub type RTCRtpReceiver;
    /// `track`.
    #[wasm_bindgen(method, getter)]
    pub fn track(this: &RTCRtpReceiver) -> MediaStreamTrack;

    /// `RTCRtpSender`.
    pub type RTCRtpSender;
    /// `replaceTrack(track | null)`: no renegotiation.
    #[wasm_bindgen(method, catch, js_name = replaceTrack)]
    pub fn replace_track(this: &RTCRtpSender, track: Option<&MediaStreamTrack>) -> Result<Promise, JsValue>;
    /// `setStreams(stream)`: the far side's track event names it.
    #[wasm_bindgen(method, catch, js_name = setStreams)]
    pub fn set_streams(this: &RTCRtpSender, stream: &MediaStream) -> Result<(), JsValue>;

    /// `navigator.mediaDevices.getUserMedia(constraints)`; throws where there is no
    /// `mediaDevices` (an insecure page).
    #[wasm_bindgen(catch, js_namespace = ["navigator", "mediaDevices"], js_name = getUserMedia)]
    pub fn get_user_media(constraints: &JsValue) -> Result<Promise, JsValue>;
}

/// Calls `done` once a promise-returning call settles: `Err` when it threw or rejected.
pub fn then(promise: Result<Promise, JsValue>, done: impl FnOnce(Result<JsValue, JsValue>) + 'static) {
    match promise {
        Ok(promise) => crate::js_promise::when_settled(&promise, Box::new(done)),
        Err(thrown) => done(Err(thrown)),
    }
}

pub use crate::web::js::object;

/// `value[key]`, `undefined` when it cannot be read.
pub fn field(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}
