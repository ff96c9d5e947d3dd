//! One connection to another member: perfect negotiation over the kit's signaling (the
//! decisions are the core's `Negotiation`), and the stream of what the member sends.
use crate::core::mesh::{LinkState, Negotiation, SdpKind, Signal};
use crate::core::Event;
use crate::web::js::warn_with;
use crate::web::rtc::{field, object, then, RTCPeerConnection, RTCRtpSender};
use crate::web::runtime::{dispatch, Shared};
use gloo_events::{EventListener, EventListenerOptions};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MediaStream, MediaStreamTrack};

/// A connection to one member. (`MediaStream::clone` is the JS method that copies a stream and
/// its tracks: a handle to the same stream is `Clone::clone`.)
pub struct Peer {
    /// The member.
    pub user: String,
    /// What the member sends: its tracks, as they arrive.
    pub stream: MediaStream,
    pc: RTCPeerConnection,
    negotiation: RefCell<Negotiation>,
    /// The ICE restarts done, to follow the plan's count.
    pub restarts: Cell<u8>,
    /// Whether this side's tracks are on the connection's transceivers yet.
    attached: Cell<bool>,
    _listeners: Vec<EventListener>,
}

impl Peer {
    /// Opens a connection to `user`. The side that offers first puts its tracks on at once
    /// (the browser then asks for an offer); the other puts them on the transceivers of the
    /// first offer before answering it, so that a new connection takes one round trip.
    pub fn open(shared: &Rc<Shared>, user: &str, offers: bool, local: &MediaStream, video: bool, ice_servers: Option<&js_sys::Array>) -> Option<Rc<Peer>> {
        let config = match ice_servers {
            Some(servers) => object(&[("iceServers", servers)]),
            None => object(&[]),
        };
        let pc = match RTCPeerConnection::new(&config) {
            Ok(pc) => pc,
            Err(err) => {
                warn_with("could not open a connection (RTCPeerConnection)", Some(&err));
                return None;
            }
        };
        let stream = MediaStream::new().ok()?;
        let peer = Rc::new_cyclic(|me: &Weak<Peer>| {
            let listeners = listen(shared, me, &pc);
            Peer {
                user: user.to_owned(),
                stream,
                pc,
                negotiation: RefCell::new(Negotiation::new(!offers)),
                restarts: Cell::new(0),
                attached: Cell::new(false),
                _listeners: listeners,
            }
        });
        if offers {
            peer.attached.set(true);
            let init = |stream: &MediaStream| object(&[("direction", &"sendrecv".into()), ("streams", &js_sys::Array::of1(stream))]);
            for kind in kinds(video) {
                let track = track_of(local, kind).map_or_else(|| JsValue::from_str(kind), JsValue::from);
                if let Err(err) = peer.pc.add_transceiver(&track, &init(local)) {
                    warn_with("could not add a track to a connection", Some(&err));
                }
            }
        }
        Some(peer)
    }

    /// Applies a member's negotiation message.
    pub fn receive(self: Rc<Self>, shared: &Rc<Shared>, signal: Signal, local: MediaStream) {
        match signal {
            Signal::Description { kind, sdp } => {
                let stable = self.pc.signaling_state() == "stable";
                if !self.negotiation.borrow_mut().take_description(kind, stable) {
                    return; // the impolite side keeps its own crossing offer
                }
                let description = object(&[("type", &kind.as_str().into()), ("sdp", &sdp.into())]);
                let weak = Rc::downgrade(shared);
                then(self.pc.set_remote_description(&description), move |applied| {
                    self.negotiation.borrow_mut().applied();
                    if let Err(err) = applied {
                        warn_with(&["skipped a session description from ", &self.user, " that the browser rejected"].concat(), Some(&err));
                        return;
                    }
                    if kind == SdpKind::Offer {
                        if !self.attached.replace(true) {
                            self.attach_to_offer(&local);
                        }
                        let peer = self.clone();
                        then(self.pc.set_local_description(), move |done| {
                            if done.is_ok() {
                                peer.send_local(&weak);
                            }
                        });
                    }
                });
            }
            Signal::Candidate { candidate, mid, line } => {
                let mid = mid.map_or(JsValue::NULL, JsValue::from);
                let line = line.map_or(JsValue::NULL, JsValue::from);
                let init = object(&[("candidate", &candidate.into()), ("sdpMid", &mid), ("sdpMLineIndex", &line)]);
                then(self.pc.add_ice_candidate(&init), move |added| {
                    match added {
                        Err(err) if !self.negotiation.borrow().ignoring_offer() => warn_with(&["skipped an ICE candidate from ", &self.user].concat(), Some(&err)),
                        _ => {}
                    }
                });
            }
        }
    }

    /// Puts `track` (or nothing) on this connection's senders of its kind: no renegotiation.
    pub fn replace(&self, kind: &str, track: Option<&MediaStreamTrack>) {
        for sender in self.senders(kind) {
            // A sender of a closed connection rejects: nothing to do about it.
            then(sender.replace_track(track), |_| {});
        }
    }

    /// Asks for an ICE restart: the next offer gathers new candidates.
    pub fn restart(&self) {
        let _ = self.pc.restart_ice();
    }

    /// Closes the connection.
    pub fn close(&self) {
        self.pc.close();
    }

    fn senders(&self, kind: &str) -> Vec<RTCRtpSender> {
        self.pc.transceivers().into_iter().filter(|t| t.receiver().track().kind() == kind).map(|t| t.sender()).collect()
    }

    /// The answering side's tracks go onto the offer's transceivers, sending both ways.
    fn attach_to_offer(&self, local: &MediaStream) {
        for transceiver in self.pc.transceivers() {
            let kind = transceiver.receiver().track().kind();
            transceiver.set_direction("sendrecv");
            let sender = transceiver.sender();
            let _ = sender.set_streams(local);
            then(sender.replace_track(track_of(local, &kind).as_ref()), |_| {});
        }
    }

    /// Sends this side's current description to the member.
    fn send_local(&self, shared: &Weak<Shared>) {
        let description = self.pc.local_description();
        let kind = match field(&description, "type").as_string().as_deref() {
            Some("offer") => SdpKind::Offer,
            Some("answer") => SdpKind::Answer,
            _ => return,
        };
        let Some(sdp) = field(&description, "sdp").as_string() else { return };
        signal(shared, &self.user, Signal::Description { kind, sdp });
    }
}

/// The kinds of track a connection carries.
fn kinds(video: bool) -> &'static [&'static str] {
    if video {
        &["audio", "video"]
    } else {
        &["audio"]
    }
}

/// The live track of `kind` in `stream`.
pub fn track_of(stream: &MediaStream, kind: &str) -> Option<MediaStreamTrack> {
    let tracks = if kind == "audio" { stream.get_audio_tracks() } else { stream.get_video_tracks() };
    tracks.iter().next().map(|t| t.unchecked_into())
}

fn signal(shared: &Weak<Shared>, to: &str, signal: Signal) {
    if let Some(shared) = shared.upgrade() {
        let _ = dispatch(&shared, Event::SendSignal { to: to.to_owned(), signal });
    }
}

/// What a connection's listener does with its event.
type OnEvent = Box<dyn Fn(&Rc<Peer>, &Weak<Shared>, &web_sys::Event)>;

/// The connection's listeners: offers when the browser asks, candidates out, tracks in, state.
fn listen(shared: &Rc<Shared>, me: &Weak<Peer>, pc: &RTCPeerConnection) -> Vec<EventListener> {
    let on = |name: &'static str, f: OnEvent| {
        let (me, shared) = (me.clone(), Rc::downgrade(shared));
        // With the options spelled out, as every listener of the kit is made: `new` brings in
        // gloo's thread-local of default options.
        EventListener::new_with_options(pc, name, EventListenerOptions::default(), move |event| {
            if let Some(peer) = me.upgrade() {
                f(&peer, &shared, event);
            }
        })
    };
    vec![
        on(
            "negotiationneeded",
            Box::new(|peer, shared, _| {
                peer.negotiation.borrow_mut().set_making_offer(true);
                let (offering, shared) = (peer.clone(), shared.clone());
                then(peer.pc.set_local_description(), move |done| {
                    if done.is_ok() {
                        offering.send_local(&shared);
                    }
                    offering.negotiation.borrow_mut().set_making_offer(false);
                });
            }),
        ),
        on(
            "icecandidate",
            Box::new(|peer, shared, event| {
                let candidate = field(event, "candidate");
                let Some(line) = field(&candidate, "candidate").as_string().filter(|c| !c.is_empty()) else { return };
                let mid = field(&candidate, "sdpMid").as_string();
                let index = field(&candidate, "sdpMLineIndex").as_f64().and_then(|n| u16::try_from(n as u32).ok());
                signal(shared, &peer.user, Signal::Candidate { candidate: line, mid, line: index });
            }),
        ),
        on(
            "track",
            Box::new(|peer, _, event| {
                if let Ok(track) = field(event, "track").dyn_into::<MediaStreamTrack>() {
                    if peer.stream.get_track_by_id(&track.id()).is_none() {
                        peer.stream.add_track(&track);
                    }
                }
            }),
        ),
        on(
            "connectionstatechange",
            Box::new(|peer, shared, _| {
                let state = match peer.pc.connection_state().as_str() {
                    "connected" => LinkState::Connected,
                    "disconnected" => LinkState::Disconnected,
                    "failed" => LinkState::Failed,
                    "closed" => return,
                    _ => LinkState::Connecting,
                };
                if let Some(shared) = shared.upgrade() {
                    let _ = dispatch(&shared, Event::LinkState { user: peer.user.clone(), state });
                }
            }),
        ),
    ]
}
