//! The built-in media: captures the microphone and camera and holds one connection per other
//! member, following the core's `MediaPlan` after every change (as the view follows the
//! screen). Leaving, `destroy` and the end of a call stop every track and close every
//! connection.
use crate::core::mesh::{Device, MediaPlan, Signal};
use crate::web::engine::{stream_in, Engine};
use crate::core::Event;
use crate::web::js::warn_with;
use crate::web::peer::{track_of, Peer};
use crate::web::rtc::{get_user_media, object, then};
use crate::web::runtime::{dispatch, refresh, Shared};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MediaStream, MediaStreamTrack};

/// The media of one kit.
#[derive(Default)]
pub struct Media {
    /// The call the media is for.
    call_id: RefCell<Option<String>>,
    /// This kit's captured tracks (none until the first capture settles).
    local: RefCell<Option<MediaStream>>,
    /// The first capture settled: connections may open.
    ready: Cell<bool>,
    /// A camera capture is under way.
    camera_pending: Cell<bool>,
    /// Bumped at every stop: a capture that settles after it belongs to a call that is over.
    generation: Cell<u32>,
    peers: RefCell<Vec<Rc<Peer>>>,
    /// Members' messages that came before this kit could connect (its capture under way),
    /// handed to the connections once they open. Bounded: the oldest go first.
    early: RefCell<Vec<(String, Signal)>>,
    /// The room config's `iceServers`.
    pub ice_servers: RefCell<Option<js_sys::Array>>,
    /// The app's media engine (`addPlugins({ media })`), in place of the connections.
    pub engine: RefCell<Option<Rc<Engine>>>,
    /// With an engine: the members' streams by userID, as its last `update` returned them.
    /// The engine has been given this call (and is told when it ends) while this is set.
    engine_streams: RefCell<Option<JsValue>>,
}

impl Media {
    /// The stream of `user_id` (this kit's own: `me`), when there is one.
    pub fn stream_of(&self, user_id: &str, me: &str) -> Option<MediaStream> {
        if user_id == me {
            return self.local.borrow().clone();
        }
        if let Some(streams) = self.engine_streams.borrow().as_ref() {
            return stream_in(streams, user_id);
        }
        self.peers.borrow().iter().find(|p| p.user == user_id).map(|p| Clone::clone(&p.stream))
    }

    /// Stops every track and closes every connection.
    pub fn stop(&self) {
        self.generation.set(self.generation.get().wrapping_add(1));
        self.call_id.borrow_mut().take();
        self.ready.set(false);
        self.camera_pending.set(false);
        self.early.borrow_mut().clear();
        for peer in self.peers.borrow_mut().drain(..) {
            peer.close();
        }
        if self.engine_streams.borrow_mut().take().is_some() {
            let engine = self.engine.borrow().clone();
            if let Some(engine) = engine {
                engine.leave();
            }
        }
        if let Some(local) = self.local.borrow_mut().take() {
            for track in tracks(&local) {
                track.stop();
            }
        }
    }
}

/// Brings the media in line with the kit's plan.
pub fn sync(shared: &Rc<Shared>) {
    let plan = shared.kit.borrow().media_plan();
    let media = &shared.media;
    let Some(plan) = plan else {
        if media.call_id.borrow().is_some() || media.local.borrow().is_some() {
            media.stop();
        }
        return;
    };
    if media.call_id.borrow().as_deref() != Some(plan.call_id.as_str()) {
        media.stop();
        *media.call_id.borrow_mut() = Some(plan.call_id.clone());
        capture(shared, &plan);
        return;
    }
    if !media.ready.get() {
        return;
    }
    let Some(local) = media.local.borrow().clone() else { return };
    follow_devices(shared, &plan, &local);
    let engine = media.engine.borrow().clone();
    if let Some(engine) = engine {
        return follow_engine(shared, &engine, &plan, &local);
    }
    // Connections to members no longer planned close; planned ones open, and restart when the
    // plan counts more restarts than they had.
    let mut peers = media.peers.borrow_mut();
    peers.retain(|p| {
        let keep = plan.peers.iter().any(|planned| planned.user == p.user);
        if !keep {
            p.close();
        }
        keep
    });
    for planned in &plan.peers {
        match peers.iter().find(|p| p.user == planned.user) {
            Some(peer) => {
                if peer.restarts.get() < planned.restarts {
                    peer.restarts.set(planned.restarts);
                    peer.restart();
                }
            }
            None => {
                let ice = media.ice_servers.borrow();
                if let Some(peer) = Peer::open(shared, &planned.user, planned.offers, &local, plan.video, ice.as_ref()) {
                    peer.restarts.set(planned.restarts);
                    peers.push(peer);
                }
            }
        }
    }
    drop(peers);
    let early = std::mem::take(&mut *media.early.borrow_mut());
    for (from, signal) in early {
        let peer = media.peers.borrow().iter().find(|p| p.user == from).cloned();
        if let Some(peer) = peer {
            peer.receive(shared, signal, Clone::clone(&local));
        }
    }
}

/// With an engine: the engine told the call as it is, once the key has come (until then it
/// could not find the call's room). No borrow is held while it runs: it may call the kit.
fn follow_engine(shared: &Rc<Shared>, engine: &Engine, plan: &MediaPlan, local: &MediaStream) {
    if plan.media_key.is_empty() {
        return;
    }
    let media = &shared.media;
    let me = shared.kit.borrow().me().id.clone();
    let ice = media.ice_servers.borrow().clone();
    media.engine_streams.replace(Some(JsValue::UNDEFINED));
    let streams = engine.update(plan, &me, local, ice.as_ref());
    if let Some(held) = media.engine_streams.borrow_mut().as_mut() {
        *held = streams; // unless the engine's update ended the call's media meanwhile
    }
}

/// How many early messages a kit holds: an offer and the candidates of a few members.
const MAX_EARLY: usize = 64;

/// A member's negotiation message, for the connection to it (opened first if the plan has it).
pub fn receive(shared: &Rc<Shared>, from: &str, signal: Signal) {
    sync(shared);
    let media = &shared.media;
    let peer = media.peers.borrow().iter().find(|p| p.user == from).cloned();
    let local = media.local.borrow().clone();
    match (peer, local) {
        (Some(peer), Some(local)) => peer.receive(shared, signal, local),
        _ if media.call_id.borrow().is_some() => {
            // Not ready to connect yet: the capture is under way.
            let mut early = media.early.borrow_mut();
            if early.len() >= MAX_EARLY {
                early.remove(0);
            }
            early.push((from.to_owned(), signal));
        }
        _ => {}
    }
}

/// The microphone follows the plan by enabling its track; the camera is captured and
/// released, so that its light is off while it is off.
fn follow_devices(shared: &Rc<Shared>, plan: &MediaPlan, local: &MediaStream) {
    if let Some(mic) = track_of(local, "audio") {
        mic.set_enabled(plan.microphone);
    }
    let camera = track_of(local, "video");
    match camera {
        Some(track) if !plan.camera => {
            track.stop();
            local.remove_track(&track);
            for peer in shared.media.peers.borrow().iter() {
                peer.replace("video", None);
            }
        }
        None if plan.camera && !shared.media.camera_pending.get() => {
            shared.media.camera_pending.set(true);
            let generation = shared.media.generation.get();
            let weak = Rc::downgrade(shared);
            let constraints = object(&[("video", &video_constraints(plan.front_camera))]);
            then(get_user_media(&constraints), move |stream| {
                let Some(shared) = weak.upgrade() else { return };
                let media = &shared.media;
                let current = media.generation.get() == generation;
                media.camera_pending.set(false);
                let track = stream.ok().and_then(|s| track_of(s.unchecked_ref(), "video"));
                match (track, current) {
                    (Some(track), true) => {
                        if let Some(local) = media.local.borrow().as_ref() {
                            local.add_track(&track);
                        }
                        for peer in media.peers.borrow().iter() {
                            peer.replace("video", Some(&track));
                        }
                        refresh(&shared);
                    }
                    (Some(track), false) => track.stop(),
                    (None, true) => {
                        let _ = dispatch(&shared, Event::DeviceUnavailable(Device::Camera));
                    }
                    (None, false) => {}
                }
            });
        }
        _ => {}
    }
}

/// Starts the call's capture: the microphone, and the camera when the plan sends it. What
/// cannot be opened is reported, and the call goes on without it.
fn capture(shared: &Rc<Shared>, plan: &MediaPlan) {
    let generation = shared.media.generation.get();
    let weak = Rc::downgrade(shared);
    open_devices(plan.camera, plan.front_camera, move |stream, failed| {
        let Some(shared) = weak.upgrade() else { return };
        let media = &shared.media;
        if media.generation.get() != generation {
            for track in tracks(&stream) {
                track.stop();
            }
            return;
        }
        *media.local.borrow_mut() = Some(stream);
        media.ready.set(true);
        for device in failed {
            let _ = dispatch(&shared, Event::DeviceUnavailable(device));
        }
        refresh(&shared);
    });
}

/// What to do with the capture: the stream (maybe without some track) and what failed.
type Captured = Box<dyn FnOnce(MediaStream, Vec<Device>)>;

/// Opens the microphone and (`camera`) the camera, with one permission prompt when both are
/// allowed; when the pair fails, each alone, to learn which one is missing.
fn open_devices(camera: bool, front: bool, done: impl FnOnce(MediaStream, Vec<Device>) + 'static) {
    let video = if camera { video_constraints(front) } else { JsValue::FALSE };
    let both = object(&[("audio", &JsValue::TRUE), ("video", &video)]);
    let mut each = vec![(Device::Microphone, object(&[("audio", &JsValue::TRUE)]))];
    if camera {
        each.push((Device::Camera, object(&[("video", &video)])));
    }
    then(get_user_media(&both), move |got| match got {
        Ok(stream) => done(stream.unchecked_into(), Vec::new()),
        Err(_) => {
            if let Ok(stream) = MediaStream::new() {
                open_each(each, stream, Vec::new(), Box::new(done));
            }
        }
    });
}

/// Opens the devices of `left` one after the other into `stream`, noting those that fail.
fn open_each(mut left: Vec<(Device, JsValue)>, stream: MediaStream, mut failed: Vec<Device>, done: Captured) {
    let Some((device, constraints)) = left.pop() else {
        return done(stream, failed);
    };
    then(get_user_media(&constraints), move |got| {
        match got {
            Ok(got) => {
                for track in tracks(got.unchecked_ref()) {
                    stream.add_track(&track);
                }
            }
            Err(err) => {
                warn_with(if device == Device::Camera { "could not open the camera" } else { "could not open the microphone" }, Some(&err));
                failed.push(device);
            }
        }
        open_each(left, stream, failed, done);
    });
}

/// The camera the room config asks for, at the size a tile needs.
fn video_constraints(front: bool) -> JsValue {
    let facing = JsValue::from_str(if front { "user" } else { "environment" });
    object(&[("facingMode", &facing), ("width", &object(&[("ideal", &640.into())])), ("height", &object(&[("ideal", &480.into())]))])
}

fn tracks(stream: &MediaStream) -> Vec<MediaStreamTrack> {
    stream.get_tracks().iter().map(|t| t.unchecked_into()).collect()
}
