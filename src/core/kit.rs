//! The kit's state machine: one user's view of its call and of the invitation ringing for it.
use crate::core::id_index::{has_repeats, sorted_ids};
use crate::core::call::{Call, Incoming};
use crate::core::config::{InvitationConfig, ListConfig, RoomConfig};
use crate::core::digits;
use crate::core::effect::{Effect, Notice};
use crate::core::error::{Error, Refusal};
use crate::core::event::Event;
use crate::core::invitation_list::{InvitationList, Row};
use crate::core::mesh::Device;
use crate::core::protocol::{Body, Envelope, VERSION};
use crate::core::user::User;

/// One kit: a user of an app, in at most one call, with at most one invitation ringing.
#[derive(Debug, Clone)]
pub struct Kit {
    pub(super) app: String,
    pub(super) me: User,
    pub(super) sid: String,
    pub(super) seq: u64,
    pub(super) config: InvitationConfig,
    /// The list the next call starts with, unless its room config gives one.
    pub(super) next_list: ListConfig,
    pub(super) call: Option<Call>,
    pub(super) incoming: Option<Incoming>,
    pub(super) sidebar_open: bool,
    pub(super) microphone_on: bool,
    pub(super) camera_on: bool,
    /// The room config's `builtInMedia`: capture and connect, or leave media to the app.
    pub(super) builtin_media: bool,
    /// The room config's `useFrontFacingCamera`.
    pub(super) front_camera: bool,
    /// The microphone could not be opened in this call.
    pub(super) microphone_blocked: bool,
    /// The camera could not be opened in this call.
    pub(super) camera_blocked: bool,
    pub(super) armed: Option<u64>,
    pub(super) destroyed: bool,
    /// The last few calls this kit left or saw end: asked about one, it says it left.
    pub(super) gone: Vec<String>,
    /// The last few calls another tab of this user answered before their invitation got here.
    pub(super) answered_elsewhere: Vec<String>,
    /// The newest message number (IDs are `<sid>-<seq>`) this kit had from each (user, sender
    /// kit, call), for the last [`MAX_SEEN`] of them: a message not newer is a duplicate, a
    /// replay, or overtaken by a later one (transports may deliver twice and reorder), and is
    /// dropped as if lost. Keyed by user, so that where a transport vouches for senders, nobody
    /// can shadow another user's messages.
    pub(super) seen: Vec<LastSeen>,
    /// Where the next entry goes in `seen` once it is full (a ring).
    pub(super) seen_next: usize,
    /// No UI: the waiting page and the incoming dialog go to the app's callbacks.
    pub(super) headless: bool,
    /// The time of the last event handled: a long gap means this kit was asleep.
    pub(super) last_now: Option<u64>,
    /// Accepts from users not (yet) invited as far as this kit knows: transports reorder, so
    /// the invitation may still be on its way. Taken when it comes; the oldest forgotten first.
    pub(super) early: Vec<EarlyAccept>,
}

/// The newest message number a kit had from one sender kit of one user about one call.
#[derive(Debug, Clone)]
pub(super) struct LastSeen {
    /// The sender's user ID.
    user: String,
    /// The sender kit.
    sid: String,
    /// The call the messages were about.
    call: String,
    /// The newest message number.
    seq: u64,
}

/// An accept that came before the invitation it answers.
#[derive(Debug, Clone)]
pub(super) struct EarlyAccept {
    pub(super) call_id: String,
    pub(super) from: User,
    pub(super) roster: Vec<User>,
    pub(super) terms: crate::core::protocol::Terms,
    /// The accept's app data.
    pub(super) data: String,
    /// The invitation message it answers.
    pub(super) re: String,
}

/// How many early accepts a kit holds.
const MAX_EARLY: usize = 8;

/// Keeps a message within the size receivers accept: a big call's rosters of users with long
/// names and avatars can outgrow it, so they lose their avatars, then their names (the IDs stay).
fn fit(envelope: &mut Envelope) {
    use crate::core::protocol::{encode, MAX_MESSAGE_LEN};
    for strip in [|u: &mut User| u.avatar = None, |u: &mut User| u.name.clear()] {
        if encode(envelope).len() <= MAX_MESSAGE_LEN {
            return;
        }
        let users: Vec<&mut User> = match &mut envelope.body {
            Body::Invite(invite) => invite.participants.iter_mut().chain(invite.callees.iter_mut()).collect(),
            Body::Accept { participants, .. } | Body::Present { participants, .. } => participants.iter_mut().collect(),
            _ => Vec::new(),
        };
        users.into_iter().for_each(strip);
    }
}

/// How many call IDs a kit remembers in `Kit::gone` and `Kit::answered_elsewhere`.
const MAX_REMEMBERED: usize = 8;
/// How many (user, sender kit, call) a kit keeps the newest message number of.
pub const MAX_SEEN: usize = 256;

/// Adds `call_id` to a short list of remembered calls, forgetting the oldest.
pub(super) fn remember(list: &mut Vec<String>, call_id: &str) {
    list.retain(|id| id != call_id);
    if list.len() >= MAX_REMEMBERED {
        list.remove(0);
    }
    list.push(call_id.to_owned());
}

/// Effects collected while an event is handled.
pub(super) type Effects = Vec<Effect>;

impl Kit {
    /// A kit for `me` in app `app`; `sid` tells this kit apart from other tabs of the same user.
    pub fn new(app: impl Into<String>, me: User, sid: impl Into<String>) -> Self {
        Kit {
            app: app.into(),
            me,
            sid: sid.into(),
            seq: 0,
            config: InvitationConfig::default(),
            next_list: ListConfig::default(),
            call: None,
            incoming: None,
            sidebar_open: false,
            microphone_on: true,
            camera_on: true,
            builtin_media: true,
            front_camera: true,
            microphone_blocked: false,
            camera_blocked: false,
            armed: None,
            destroyed: false,
            gone: Vec::new(),
            answered_elsewhere: Vec::new(),
            seen: Vec::new(),
            seen_next: 0,
            headless: false,
            last_now: None,
            early: Vec::new(),
        }
    }

    /// Handles one event at time `now` (ms). On `Err`, nothing changed and there are no effects.
    pub fn handle(&mut self, event: Event, now: u64) -> Result<Vec<Effect>, Error> {
        if self.destroyed {
            return match event {
                // Late answers of the transport and the media, after the end.
                Event::Received(_)
                | Event::Tick
                | Event::SendFailed { .. }
                | Event::RoomConfigured { .. }
                | Event::SendSignal { .. }
                | Event::LinkState { .. }
                | Event::DeviceUnavailable(_) => Ok(Vec::new()),
                _ => Err(Error::Refused(Refusal::Destroyed)),
            };
        }
        self.note_clock(now);
        let mut fx = Effects::new();
        // A tick means the armed timer went off: it must be armed again even for the same
        // deadline, as timers may fire a little before the clock reaches it.
        if event == Event::Tick {
            self.armed = None;
        }
        // The built-in buttons answer without data, the app's functions with theirs: one path.
        let (event, data) = match event {
            Event::AcceptWith(data) => (Event::Accept, data),
            Event::DeclineWith(data) => (Event::Decline, data),
            Event::CancelCallingWith(data) => (Event::CancelCalling, data),
            event => (event, String::new()),
        };
        match event {
            Event::Configure(patch) => {
                self.config.merge(&patch);
                fx.push(Effect::Render);
            }
            Event::SetLanguage(lang) => {
                self.config.language = lang;
                fx.push(Effect::Render);
            }
            Event::UpdateList(list) => {
                self.update_list(list)?;
                // An open sidebar shows the new rows at once.
                fx.push(Effect::Render);
            }
            Event::Send(request) => self.send(request, now, &mut fx)?,
            Event::JoinRoom { room_id, room, media_key } => self.join_room(room_id, room, media_key, &mut fx)?,
            Event::RoomConfigured { call_id, room } => self.room_configured(&call_id, room, &mut fx),
            Event::Accept => self.accept(data, now, &mut fx)?,
            Event::Decline => self.decline(data, &mut fx)?,
            Event::CancelCalling => self.cancel_calling(data, &mut fx)?,
            Event::AcceptWith(_) | Event::DeclineWith(_) | Event::CancelCallingWith(_) => {} // taken above
            Event::CancelInvitee(id) => self.cancel_invitee(&id, &mut fx)?,
            Event::HangUp => self.hang_up(&mut fx),
            Event::Destroy => {
                self.hang_up(&mut fx);
                if self.incoming.is_some() {
                    self.decline(String::new(), &mut fx)?;
                }
                self.destroyed = true;
            }
            Event::OpenSidebar => {
                let call = self.call.as_ref().ok_or(Error::Refused(Refusal::NotInCall))?;
                self.may_invite_in(call).map_err(Error::Refused)?;
                self.sidebar_open = true;
                fx.push(Effect::Render);
            }
            Event::CloseSidebar => {
                self.sidebar_open = false;
                fx.push(Effect::Render);
            }
            Event::ToggleRow(id) => {
                let me = &self.me.id;
                if let Some(call) = self.call.as_mut().filter(|c| id != *me && c.is_available(&id)) {
                    if call.list.toggle(&id) {
                        fx.push(Effect::Render);
                    }
                }
            }
            Event::InviteChecked => self.invite_checked(now, &mut fx)?,
            Event::ToggleMicrophone => self.toggle(Device::Microphone, &mut fx),
            Event::ToggleCamera => self.toggle(Device::Camera, &mut fx),
            Event::SendSignal { to, signal } => self.send_signal(to, signal, &mut fx),
            Event::LinkState { user, state } => self.on_link_state(&user, state, now, &mut fx),
            Event::DeviceUnavailable(device) => self.device_unavailable(device, &mut fx),
            Event::Received(envelope) => self.receive(*envelope, now, &mut fx),
            Event::SendFailed { call_id, user_ids } => self.send_failed(&call_id, &user_ids, &mut fx),
            Event::Tick => self.tick(now, &mut fx),
        }
        self.track_liveness(now);
        self.track_links();
        let next = self.next_deadline();
        if next != self.armed {
            self.armed = next;
            fx.push(Effect::Timer(next));
        }
        Ok(fx)
    }

    fn update_list(&mut self, list: ListConfig) -> Result<(), Error> {
        list.validate("callingInvitationListConfig")?;
        // The list also stays for the next call, as the app's config would.
        if let Some(call) = self.call.as_mut() {
            call.list.replace(&list);
        }
        self.next_list = list;
        Ok(())
    }

    fn join_room(&mut self, room_id: String, room: RoomConfig, media_key: String, fx: &mut Effects) -> Result<(), Error> {
        self.ensure_free()?;
        if room_id.is_empty() || room_id.len() > crate::core::user::MAX_ID_LEN {
            return Err(Error::type_error("roomID", "must be a non-empty string of at most 128 bytes"));
        }
        room.validate("roomConfig")?;
        let policy = self.config.policy();
        let mut call = self.new_call(room_id.clone(), crate::core::config::CallType::Video, policy, String::new(), media_key);
        call.group = true;
        self.call = Some(call);
        self.room_configured(&room_id, room, fx);
        Ok(())
    }

    /// Refuses when a call is going on or ringing.
    pub(super) fn ensure_free(&self) -> Result<(), Error> {
        if self.incoming.is_some() {
            return Err(Error::Refused(Refusal::Ringing));
        }
        if self.call.is_some() {
            return Err(Error::Refused(Refusal::AlreadyInCall));
        }
        Ok(())
    }

    /// A call this kit starts: its user is the initiator and its only participant so far.
    pub(super) fn new_call(&self, id: String, call_type: crate::core::config::CallType, policy: crate::core::permission::Policy, data: String, media_key: String) -> Call {
        let mut call = Call::new(id, call_type, self.me.id.clone(), policy, data, &self.next_list);
        call.participants.push(self.me.clone());
        call.media_key = media_key;
        call
    }

    /// Applies the room config of a call being joined and tells the app it joined.
    fn room_configured(&mut self, call_id: &str, room: RoomConfig, fx: &mut Effects) {
        let devices = self.devices();
        let Some(call) = self.call.as_mut().filter(|c| c.id == call_id && c.joined) else {
            return;
        };
        if room.validate("roomConfig").is_err() {
            // The bindings validate first; a bad config here keeps the current list.
        } else if let Some(list) = &room.list {
            call.list = InvitationList::new(list);
        }
        if let Some(max) = room.max_users.filter(|_| call.initiator == self.me.id) {
            call.size_to(max); // the initiator sizes its call
        }
        call.show_waiting_tiles = room.show_waiting_tiles;
        call.configured = true;
        self.microphone_on = room.microphone_on;
        self.camera_on = room.camera_on;
        self.builtin_media = room.builtin_media;
        self.front_camera = room.front_camera;
        self.microphone_blocked = false;
        self.camera_blocked = false;
        let others: Vec<User> = call.participants.iter().filter(|u| u.id != self.me.id).cloned().collect();
        fx.push(Effect::Notify(Notice::JoinedRoom { call_id: call_id.to_owned() }));
        if !others.is_empty() {
            fx.push(Effect::Notify(Notice::UserJoin { call_id: call_id.to_owned(), users: others }));
        }
        if self.devices() != devices {
            // The accept (or its answer) went out before the room config turned a device off.
            self.tell_devices(fx);
        }
        fx.push(Effect::Render);
    }

    /// Starts joining the current call: the app is asked for its room config first.
    pub(super) fn begin_join(&self, fx: &mut Effects) {
        if let Some(call) = &self.call {
            fx.push(Effect::ConfigureRoom { call_id: call.id.clone(), call_type: call.call_type });
        }
    }

    /// Whether this kit's user may invite others into `call` now.
    pub(super) fn may_invite_in(&self, call: &Call) -> Result<(), Refusal> {
        if !call.joined {
            return Err(Refusal::StillCalling);
        }
        call.policy.check_in_call(&self.me.id, &call.initiator)
    }

    /// Builds a message of this kit; `to` never holds the kit's own user, except for
    /// `Answered`, which goes to the user's other tabs only.
    pub(super) fn message(&mut self, call: &str, mut to: Vec<String>, body: Body) -> Option<Effect> {
        if matches!(body, Body::Answered { .. }) {
            to = vec![self.me.id.clone()];
        } else {
            to.retain(|id| *id != self.me.id);
            // Each recipient once, in order (`dedup` alone misses non-adjacent repeats). Lists
            // come without repeats as a rule: checking that in n log n spares big calls the
            // n² pass.
            if has_repeats(&sorted_ids(to.iter().map(String::as_str).collect())) {
                let mut unique: Vec<String> = Vec::with_capacity(to.len());
                for id in to {
                    if !unique.contains(&id) {
                        unique.push(id);
                    }
                }
                to = unique;
            }
        }
        if to.is_empty() {
            return None;
        }
        let id = self.next_message_id();
        self.seq += 1;
        let mut envelope = Envelope {
            v: VERSION,
            id,
            app: self.app.clone(),
            sid: self.sid.clone(),
            from: self.me.clone(),
            to,
            call: call.to_owned(),
            body,
        };
        fit(&mut envelope);
        Some(Effect::Send(envelope))
    }

    /// The ID the next message of this kit will have.
    pub(super) fn next_message_id(&self) -> String {
        [&self.sid, "-", &digits::decimal(self.seq + 1)].concat()
    }

    /// Pushes a message of this kit onto `fx` (nothing when it has no recipient).
    pub(super) fn send_message(&mut self, call: &str, to: Vec<String>, body: Body, fx: &mut Effects) {
        if let Some(effect) = self.message(call, to, body) {
            fx.push(effect);
        }
    }

    /// The earliest time something is due.
    pub fn next_deadline(&self) -> Option<u64> {
        fn earliest(a: Option<u64>, b: Option<u64>) -> Option<u64> {
            match (a, b) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            }
        }
        let ring = self.incoming.as_ref().map(|i| i.deadline);
        let call = self.call.as_ref();
        let pending = call.and_then(|c| c.pending.iter().map(|p| p.deadline).min());
        let retry = call.and_then(|c| c.retry).map(|r| r.due);
        earliest(earliest(earliest(ring, pending), earliest(retry, self.liveness_deadline())), self.links_deadline())
    }

    /// Whether `msg` is newer than every message this kit had from the same sender kit about
    /// the same call (see `Kit::seen`); remembers it. IDs not of the `<sid>-<seq>` form count
    /// as new.
    pub(super) fn first_sight(&mut self, msg: &Envelope) -> bool {
        let digits = msg.id.strip_prefix(msg.sid.as_str()).and_then(|rest| rest.strip_prefix('-')).filter(|d| !d.is_empty() && d.len() < 20);
        let Some(seq) = digits.and_then(|d| d.bytes().try_fold(0u64, |n, b| b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0')))) else {
            return true;
        };
        if let Some(entry) = self.seen.iter_mut().find(|e| e.user == msg.from.id && e.sid == msg.sid && e.call == msg.call) {
            let newer = seq > entry.seq;
            entry.seq = entry.seq.max(seq);
            return newer;
        }
        let entry = LastSeen { user: msg.from.id.clone(), sid: msg.sid.clone(), call: msg.call.clone(), seq };
        if self.seen.len() < MAX_SEEN {
            self.seen.push(entry);
        } else {
            self.seen[self.seen_next] = entry;
        }
        self.seen_next = (self.seen_next + 1) % MAX_SEEN;
        true
    }

    /// Ends the current call locally, telling the app why.
    pub(super) fn end_call(&mut self, reason: crate::core::effect::EndReason, fx: &mut Effects) {
        if let Some(call) = self.call.take() {
            remember(&mut self.gone, &call.id);
            if call.joined {
                fx.push(Effect::Notify(Notice::LeftRoom { call_id: call.id.clone() }));
            }
            fx.push(Effect::Notify(Notice::CallInvitationEnded { call_id: call.id, reason, data: call.data }));
            self.sidebar_open = false;
            fx.push(Effect::Render);
        }
    }

    /// Holds an accept that may have overtaken its invitation (see `Kit::early`).
    pub(super) fn hold_early(&mut self, accept: EarlyAccept) {
        self.early.retain(|e| !(e.call_id == accept.call_id && e.from.id == accept.from.id));
        if self.early.len() >= MAX_EARLY {
            self.early.remove(0);
        }
        self.early.push(accept);
    }

    /// Runs without a UI (no DOM): there is no built-in waiting page or incoming-call dialog;
    /// `onWaitingPageWhenSending` and `onConfirmDialogWhenReceiving` (called in any case) are the
    /// app's only way to answer.
    pub fn set_headless(&mut self, headless: bool) {
        self.headless = headless;
    }

    /// Whether the app draws the caller's waiting page (custom flag or no UI): the built-in one
    /// does not show.
    pub fn app_draws_waiting_page(&self) -> bool {
        self.headless || self.config.custom_waiting_page
    }

    /// Whether the app draws the incoming-call dialog (custom flag or no UI): the built-in one
    /// does not show.
    pub fn app_draws_dialog(&self) -> bool {
        self.headless || self.config.custom_dialog
    }

    // ---- read access for views and bindings ----

    /// The kit's own user.
    pub fn me(&self) -> &User {
        &self.me
    }

    /// The app ID.
    pub fn app(&self) -> &str {
        &self.app
    }

    /// The call-invitation config.
    pub fn config(&self) -> &InvitationConfig {
        &self.config
    }

    /// The list the next call starts with.
    pub fn next_list(&self) -> &ListConfig {
        &self.next_list
    }

    /// The current call, if any.
    pub fn call(&self) -> Option<&Call> {
        self.call.as_ref()
    }

    /// The ringing invitation, if any.
    pub fn incoming(&self) -> Option<&Incoming> {
        self.incoming.as_ref()
    }

    /// Whether the "Invite members" item is offered now.
    pub fn can_invite(&self) -> bool {
        self.call.as_ref().is_some_and(|c| self.may_invite_in(c).is_ok())
    }

    /// Whether the Invitees sidebar is open.
    pub fn sidebar_open(&self) -> bool {
        self.sidebar_open && self.can_invite()
    }

    /// The sidebar's rows (empty outside a call).
    pub fn rows(&self) -> Vec<Row<'_>> {
        match &self.call {
            Some(call) => call.invitee_rows(&self.me.id),
            None => Vec::new(),
        }
    }

    /// How many users the invite button would invite.
    pub fn selected_count(&self) -> usize {
        self.call.as_ref().map_or(0, |c| c.selected_invitees(&self.me.id).len())
    }

    /// The microphone toggle.
    pub fn microphone_on(&self) -> bool {
        self.microphone_on
    }

    /// The camera toggle.
    pub fn camera_on(&self) -> bool {
        self.camera_on
    }

    /// Whether `destroy` was called.
    pub fn destroyed(&self) -> bool {
        self.destroyed
    }

    /// How many entries the kit's bounded memories hold (newest message numbers, calls left,
    /// calls answered in another tab, accepts ahead of their invitation, users who left the call
    /// or the ringing call, participants yet to answer an accept): for tests that check that
    /// state does not grow.
    pub fn memory_footprint(&self) -> usize {
        let call = self.call.as_ref().map_or(0, |c| c.left.len() + c.unacked.len());
        let incoming = self.incoming.as_ref().map_or(0, |i| i.left.len());
        self.seen.len() + self.gone.len() + self.answered_elsewhere.len() + self.early.len() + call + incoming
    }
}
