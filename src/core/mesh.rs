//! The media mesh's rules: who offers first, what a session description does in which state
//! (perfect negotiation), when a connection restarts or is given up, and the media the
//! bindings should be running. The RTCPeerConnection glue in `src/web` only follows them.

/// Longest session description accepted, in bytes: Chromium's audio+video offers are 4–8 KB;
/// a message must stay under the protocol's limit.
pub const MAX_SDP_LEN: usize = 32 * 1024;
/// Longest ICE candidate line accepted, in bytes.
pub const MAX_CANDIDATE_LEN: usize = 512;
/// Longest media ID (`sdpMid`) accepted, in bytes.
pub const MAX_MID_LEN: usize = 32;
/// A connection `disconnected` this long gets an ICE restart (a blip heals by itself sooner).
pub const RESTART_AFTER_MS: u64 = 3_000;
/// A connection not back this long after its ICE restart is given up.
pub const GIVE_UP_MS: u64 = 10_000;

/// The kind of a session description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SdpKind {
    /// An offer.
    Offer,
    /// An answer.
    Answer,
}

impl SdpKind {
    /// The JS `RTCSdpType` string.
    pub fn as_str(self) -> &'static str {
        match self {
            SdpKind::Offer => "offer",
            SdpKind::Answer => "answer",
        }
    }
}

/// One negotiation message between two members' connections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// A session description.
    Description {
        /// Offer or answer.
        kind: SdpKind,
        /// The SDP text.
        sdp: String,
    },
    /// An ICE candidate of the sender's side.
    Candidate {
        /// The `candidate:` line.
        candidate: String,
        /// `sdpMid`.
        mid: Option<String>,
        /// `sdpMLineIndex`.
        line: Option<u16>,
    },
}

impl Signal {
    /// Checks the sizes a receiver accepts; `Err` names the field.
    pub fn check(&self) -> Result<(), &'static str> {
        match self {
            Signal::Description { sdp, .. } if sdp.is_empty() || sdp.len() > MAX_SDP_LEN => Err("body.signal.sdp"),
            Signal::Candidate { candidate, .. } if candidate.len() > MAX_CANDIDATE_LEN => Err("body.signal.candidate"),
            Signal::Candidate { mid: Some(mid), .. } if mid.len() > MAX_MID_LEN => Err("body.signal.sdpMid"),
            _ => Ok(()),
        }
    }
}

/// A member's devices as it tells the others: whether its microphone and camera send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Devices {
    /// The microphone is on.
    pub microphone: bool,
    /// The camera is on.
    pub camera: bool,
}

impl Default for Devices {
    fn default() -> Self {
        Devices { microphone: true, camera: true }
    }
}

/// A capture device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Device {
    /// The microphone.
    Microphone,
    /// The camera.
    Camera,
}

/// Whether `me` makes the first offer to `peer`. Both sides compute it from the two user IDs
/// and get opposite answers: the other side waits for the offer and answers it, so a new
/// connection never starts with two crossing offers. The side that offers first is also the
/// impolite one when offers do cross later (renegotiation, ICE restarts).
pub fn offers_first(me: &str, peer: &str) -> bool {
    me < peer
}

/// The perfect-negotiation bookkeeping of one connection (W3C WebRTC, §10.7 example).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Negotiation {
    polite: bool,
    making_offer: bool,
    ignore_offer: bool,
    answer_pending: bool,
}

impl Negotiation {
    /// The bookkeeping of a connection; the polite side yields when offers cross.
    pub fn new(polite: bool) -> Negotiation {
        Negotiation { polite, ..Negotiation::default() }
    }

    /// Whether this side yields when offers cross.
    pub fn polite(&self) -> bool {
        self.polite
    }

    /// This side starts (`true`) or has finished (`false`) making an offer.
    pub fn set_making_offer(&mut self, making: bool) {
        self.making_offer = making;
    }

    /// A description arrived while the connection's signaling state is `stable` or not: whether
    /// to apply it. An offer that crosses one of this side's is ignored by the impolite side;
    /// the polite side applies it (the browser rolls its own offer back).
    pub fn take_description(&mut self, kind: SdpKind, stable: bool) -> bool {
        let ready_for_offer = !self.making_offer && (stable || self.answer_pending);
        let collision = kind == SdpKind::Offer && !ready_for_offer;
        self.ignore_offer = !self.polite && collision;
        if self.ignore_offer {
            return false;
        }
        self.answer_pending = kind == SdpKind::Answer;
        true
    }

    /// The description taken by [`Negotiation::take_description`] is applied.
    pub fn applied(&mut self) {
        self.answer_pending = false;
    }

    /// Whether a candidate that fails to apply is expected (it belongs to an ignored offer).
    pub fn ignoring_offer(&self) -> bool {
        self.ignore_offer
    }
}

/// A connection's state as the browser reports it (`connectionState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// `new` or `connecting`.
    Connecting,
    /// `connected`.
    Connected,
    /// `disconnected`: no traffic for a while; may heal.
    Disconnected,
    /// `failed`.
    Failed,
}

/// One member's connection as the kit tracks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The other member.
    pub user: String,
    /// How many ICE restarts were asked for: the bindings restart when this grows.
    pub restarts: u8,
    /// Since when the connection is down (the tile says "Reconnecting…").
    pub down_since: Option<u64>,
    /// When to restart, if still down.
    pub restart_due: Option<u64>,
    /// When to give up, if still down after the restart.
    pub give_up_at: Option<u64>,
    /// Given up: the connection is closed and stays closed while the member stays.
    pub dropped: bool,
}

impl Link {
    /// A connection to `user`, not up yet.
    pub fn new(user: String) -> Link {
        Link { user, restarts: 0, down_since: None, restart_due: None, give_up_at: None, dropped: false }
    }

    /// The browser reports `state` at `now`. Returns whether what the tile shows changed.
    pub fn on_state(&mut self, state: LinkState, now: u64) -> bool {
        let was = (self.down_since.is_some(), self.dropped);
        match state {
            LinkState::Connecting => {}
            LinkState::Connected => {
                // Healed: a later failure may restart again.
                self.down_since = None;
                self.restart_due = None;
                self.give_up_at = None;
            }
            LinkState::Disconnected => {
                self.down_since.get_or_insert(now);
                if self.give_up_at.is_none() && self.restart_due.is_none() {
                    self.restart_due = Some(now.saturating_add(RESTART_AFTER_MS));
                }
            }
            LinkState::Failed => {
                self.down_since.get_or_insert(now);
                if self.give_up_at.is_some() {
                    self.dropped = true;
                } else {
                    self.restart(now);
                }
            }
        }
        was != (self.down_since.is_some(), self.dropped)
    }

    /// Does what is due at `now`. Returns whether what the tile shows changed.
    pub fn tick(&mut self, now: u64) -> bool {
        if self.restart_due.is_some_and(|due| due <= now) {
            self.restart(now);
        }
        if !self.dropped && self.give_up_at.is_some_and(|at| at <= now) {
            self.dropped = true;
            return true;
        }
        false
    }

    /// The next time something is due.
    pub fn deadline(&self) -> Option<u64> {
        if self.dropped {
            return None;
        }
        self.restart_due.or(self.give_up_at)
    }

    /// Whether the tile says "Reconnecting…".
    pub fn reconnecting(&self) -> bool {
        self.down_since.is_some() && !self.dropped
    }

    fn restart(&mut self, now: u64) {
        self.restart_due = None;
        self.restarts = self.restarts.saturating_add(1);
        self.give_up_at = Some(now.saturating_add(GIVE_UP_MS));
    }
}

/// The media the bindings should be running now: capture, and one connection per peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaPlan {
    /// The call.
    pub call_id: String,
    /// A video call: connections carry video, and the camera may be captured.
    pub video: bool,
    /// Capture the microphone, and send it.
    pub microphone: bool,
    /// Capture the camera, and send it (never in a voice call).
    pub camera: bool,
    /// The front camera (`facingMode: "user"`), else the back one.
    pub front_camera: bool,
    /// One connection to each.
    pub peers: Vec<PeerPlan>,
    /// The call's media key (empty until a member has told it): a media server's room is
    /// named and locked with it.
    pub media_key: String,
    /// The call's size limit.
    pub max_users: u8,
}

/// One connection the bindings should hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerPlan {
    /// The other member.
    pub user: String,
    /// This side makes the first offer (see [`offers_first`]).
    pub offers: bool,
    /// ICE restarts asked for so far.
    pub restarts: u8,
}
