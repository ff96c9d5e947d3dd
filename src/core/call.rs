//! One call as this kit sees it, and an incoming invitation that is ringing.
use crate::core::config::{CallType, ListConfig};
use crate::core::invitation_list::{InvitationList, Row};
use crate::core::permission::Policy;
use crate::core::user::User;

/// An invitation that has not been answered yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// Who is invited.
    pub user: User,
    /// Who invited them.
    pub inviter: String,
    /// When the invitation times out (ms).
    pub deadline: u64,
    /// The IDs of the invitation messages heard for this user (two members may invite one
    /// user at once), newest last, at most [`MAX_INVITES_HEARD`]: an accept that names another
    /// one answers an invitation that is over (`Pending::answered_by`).
    pub invites: Vec<String>,
}

/// How many invitation IDs a pending invitation keeps.
pub const MAX_INVITES_HEARD: usize = 4;

impl Pending {
    /// Whether an accept that answers invitation message `re` answers this invitation. An
    /// accept that names none (a kit before this field), or an invitation heard of without its
    /// ID, cannot be told apart: it answers.
    pub fn answered_by(&self, re: &str) -> bool {
        re.is_empty() || self.invites.is_empty() || self.invites.iter().any(|id| id == re)
    }
}

/// Adds `id` to a list of invitation IDs, forgetting the oldest past [`MAX_INVITES_HEARD`].
pub fn remember_invite(invites: &mut Vec<String>, id: &str) {
    if !id.is_empty() {
        remember_in_ring(invites, id, MAX_INVITES_HEARD);
    }
}

/// Adds `id` to `list` unless it is there, forgetting the oldest past `max`.
fn remember_in_ring(list: &mut Vec<String>, id: &str, max: usize) {
    if list.iter().any(|l| l == id) {
        return;
    }
    if list.len() >= max {
        list.remove(0);
    }
    list.push(id.to_owned());
}

/// The next resend of this kit's accept to the participants that have not answered it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// When it is due (ms).
    pub due: u64,
    /// How many more times the accept goes out before the silent participants count as gone.
    pub tries_left: u8,
}

/// When this kit last heard from a participant (any message of theirs about the call).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heard {
    /// The participant.
    pub user: String,
    /// When (ms); `None` until the kit's next event, for a participant just added.
    pub at: Option<u64>,
}

/// How often a member tells the others it is still there (its roster, as `present`).
pub const BEAT_MS: u64 = 4_000;
/// A participant not heard from for this long counts as gone (its tab crashed or lost the
/// network without a goodbye). Heartbeats come every [`BEAT_MS`], so a member is dropped at
/// most this long after it vanished: within the 15 s the security model allows.
pub const SILENCE_MS: u64 = 11_000;
/// How long an invitee that accepted an invitation from someone other than the call's
/// initiator waits for another member to confirm it (see `Call::confirm_by`).
pub const CONFIRM_MS: u64 = 10_000;
/// How many users a call remembers as having left (a ring: the oldest is forgotten first).
pub const MAX_LEFT: usize = crate::core::protocol::MAX_ROSTER;

/// The call this kit is in, or is placing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The call ID, also the room ID.
    pub id: String,
    /// Voice or video.
    pub call_type: CallType,
    /// The user who sent the call's first invitation.
    pub initiator: String,
    /// The initiator's policy.
    pub policy: Policy,
    /// Who is in the call, this kit's user included, each once.
    pub participants: Vec<User>,
    /// Invitations not answered yet; nobody here is also a participant.
    pub pending: Vec<Pending>,
    /// Users who left: a third party's stale roster does not bring them back.
    pub left: Vec<String>,
    /// False while the caller of a 1:1 call waits on its "Calling…" page.
    pub joined: bool,
    /// True once the room config of the join is applied: the app hears of users joining and
    /// leaving only from then on, after its `onJoinRoom`.
    pub configured: bool,
    /// Once more than two people were in or invited, the call no longer ends with one leaver
    /// (nor does any call whose policy has `canInvitingInCalling`: see [`Call::is_group`]).
    pub group: bool,
    /// The invitee list.
    pub list: InvitationList,
    /// `showWaitingCallAcceptAudioVideoView` of the room config.
    pub show_waiting_tiles: bool,
    /// The app data of the invitation that started the call.
    pub data: String,
    /// The data of this kit's `accept(data)`: it goes with the accept to the inviter, resends
    /// included.
    pub answer: String,
    /// The ID of the invitation message this kit accepted (empty: none): its accepts name it, so
    /// that an accept that crosses its invitation's end does not answer a newer one.
    pub re: String,
    /// Who invited this kit's user into the call (`None` when it started or joined it itself):
    /// only they can still withdraw that invitation.
    pub invited_by: Option<String>,
    /// The participants that have not answered this kit's accept (or its hello, when it learned
    /// of them from a roster) yet: a transport may lose it, or their kit may be closed. The kit
    /// sends it to them again until they do.
    pub unacked: Vec<String>,
    /// When this kit's accept goes out again to those in `unacked`.
    pub retry: Option<Retry>,
    /// When each participant other than this kit's user was last heard from.
    pub heard: Vec<Heard>,
    /// When this kit's next heartbeat is due (joined calls only).
    pub beat_due: Option<u64>,
    /// Set while this kit's user, invited by someone other than the initiator into a call with
    /// other members, waits for one of those members to confirm it (answer its accept): the
    /// inviter alone cannot vouch for an invitation. Unconfirmed by then, the kit leaves.
    pub confirm_by: Option<u64>,
    /// A secret of the call's, told only to its members (with their rosters, never in an
    /// invitation): a media server's room for the call is named and locked with it, so that
    /// knowing the call ID is not enough to reach its media. Empty until learned from a member.
    pub media_key: String,
    /// The connection to each other participant.
    pub links: Vec<crate::core::mesh::Link>,
    /// Each other participant's devices, as its last roster said.
    pub devices: Vec<crate::core::kit_media::MemberDevices>,
}

impl Call {
    /// A joined call with nobody in it yet, its invitee list taken from `list`.
    pub fn new(id: String, call_type: CallType, initiator: String, policy: Policy, data: String, list: &ListConfig) -> Call {
        Call {
            id,
            call_type,
            initiator,
            policy,
            participants: Vec::new(),
            pending: Vec::new(),
            left: Vec::new(),
            joined: true,
            configured: false,
            group: false,
            list: InvitationList::new(list),
            show_waiting_tiles: true,
            data,
            answer: String::new(),
            re: String::new(),
            invited_by: None,
            unacked: Vec::new(),
            retry: None,
            heard: Vec::new(),
            beat_due: None,
            confirm_by: None,
            media_key: String::new(),
            links: Vec::new(),
            devices: Vec::new(),
        }
    }

    /// Sets the call's size limit to `max`, never below who is in or invited already.
    pub fn size_to(&mut self, max: u8) {
        let held = u8::try_from(self.participants.len() + self.pending.len()).unwrap_or(u8::MAX);
        self.policy.max_users = max.max(held);
    }

    /// The call's terms as this kit holds them, for its rosters.
    pub fn terms(&self) -> crate::core::protocol::Terms {
        crate::core::protocol::Terms { initiator: self.initiator.clone(), policy: self.policy, media_key: self.media_key.clone() }
    }

    /// Whether one more user (participant or invitee) fits in the call.
    pub fn has_room(&self) -> bool {
        self.participants.len() + self.pending.len() < usize::from(self.policy.max_users)
    }

    /// Notes that `id` spoke at `now`, when it is a participant.
    pub fn heard_from(&mut self, id: &str, now: u64) {
        if let Some(entry) = self.heard.iter_mut().find(|h| h.user == id) {
            entry.at = Some(entry.at.map_or(now, |at| at.max(now)));
        }
    }

    /// Starts the liveness clock of participants added since the last event (`add_participant`
    /// cannot know the time), and the heartbeat of a joined call. O(n): it runs after every
    /// event.
    pub fn track(&mut self, me: &str, now: u64) {
        if self.heard.iter().any(|h| h.at.is_none() || h.user == me) {
            self.heard.retain(|h| h.user != me);
            for h in &mut self.heard {
                h.at.get_or_insert(now);
            }
        }
        if self.joined && self.beat_due.is_none() {
            self.beat_due = Some(now.saturating_add(BEAT_MS));
        }
    }

    /// The participants silent since `now - SILENCE_MS` or longer. Those yet to answer this
    /// kit's accept are left to its retries (`Kit::retry_accept`).
    pub fn silent(&self, now: u64) -> Vec<String> {
        self.watched().filter(|h| h.at.is_some_and(|at| at.saturating_add(SILENCE_MS) <= now)).map(|h| h.user.clone()).collect()
    }

    /// When the next participant falls silent, unless heard from before.
    pub fn silence_deadline(&self) -> Option<u64> {
        self.watched().filter_map(|h| h.at).map(|at| at.saturating_add(SILENCE_MS)).min()
    }

    fn watched(&self) -> impl Iterator<Item = &Heard> {
        self.heard.iter().filter(|h| !self.unacked.contains(&h.user))
    }

    /// This kit's own clock jumped (the device slept, or the browser held its timers back):
    /// the silence was on its side, so everyone gets a fresh chance.
    pub fn forgive_silence(&mut self, now: u64) {
        for h in &mut self.heard {
            h.at = Some(h.at.map_or(now, |at| at.max(now)));
        }
    }

    /// `id` answered this kit's accept (or left): it need not hear it again.
    pub fn acked(&mut self, id: &str) {
        self.unacked.retain(|u| u != id);
        if self.unacked.is_empty() {
            self.retry = None;
        }
    }

    /// Whether `id` is in the call.
    pub fn is_participant(&self, id: &str) -> bool {
        self.participants.iter().any(|u| u.id == id)
    }

    /// Whether `id` has a pending invitation.
    pub fn is_pending(&self, id: &str) -> bool {
        self.pending.iter().any(|p| p.user.id == id)
    }

    /// Whether `id` could be invited now: neither in the call nor pending.
    pub fn is_available(&self, id: &str) -> bool {
        !self.is_participant(id) && !self.is_pending(id)
    }

    /// Everyone a call-wide message goes to: participants and pending invitees, minus `me`.
    /// Each once: participants are unique, and a pending invitee is not a participant
    /// (`add_participant` ends the invitation, `add_pending` skips participants).
    pub fn audience(&self, me: &str) -> Vec<String> {
        let mut to: Vec<String> = Vec::with_capacity(self.participants.len() + self.pending.len());
        for id in self.participants.iter().map(|u| &u.id).chain(self.pending.iter().map(|p| &p.user.id)) {
            if id != me {
                to.push(id.clone());
            }
        }
        to
    }

    /// Adds `user` as a participant unless already there or the call is full (a pending
    /// invitee always fits: their place is taken); clears their pending invitation and their
    /// tombstone. Returns whether they were new.
    pub fn add_participant(&mut self, user: &User) -> bool {
        if self.is_participant(&user.id) || (!self.is_pending(&user.id) && !self.has_room()) {
            return false;
        }
        self.pending.retain(|p| p.user.id != user.id);
        self.left.retain(|id| *id != user.id);
        self.participants.push(user.clone());
        self.heard.push(Heard { user: user.id.clone(), at: None });
        self.note_size();
        true
    }

    /// Removes `id` from the participants and remembers that they left.
    pub fn remove_participant(&mut self, id: &str) -> bool {
        let before = self.participants.len();
        self.participants.retain(|u| u.id != id);
        self.heard.retain(|h| h.user != id);
        remember_left(&mut self.left, id);
        before != self.participants.len()
    }

    /// Records a pending invitation, unless the user is already in the call or pending, or the
    /// call is full.
    /// `invites`: the IDs of the invitation messages that invite them.
    pub fn add_pending(&mut self, user: &User, inviter: &str, deadline: u64, invites: &[String]) -> bool {
        if let Some(pending) = self.pending.iter_mut().find(|p| p.user.id == user.id) {
            // Invited again while pending (by another member, at once): either accept answers.
            for id in invites {
                remember_invite(&mut pending.invites, id);
            }
            return false;
        }
        if !self.is_available(&user.id) || !self.has_room() {
            return false;
        }
        let mut heard = Vec::new();
        for id in invites {
            remember_invite(&mut heard, id);
        }
        self.pending.push(Pending { user: user.clone(), inviter: inviter.to_owned(), deadline, invites: heard });
        self.note_size();
        true
    }

    /// Removes the pending invitation of `id` when `inviter` (if given) sent it.
    pub fn take_pending(&mut self, id: &str, inviter: Option<&str>) -> Option<Pending> {
        let at = self.pending.iter().position(|p| p.user.id == id && inviter.is_none_or(|i| p.inviter == i))?;
        Some(self.pending.remove(at))
    }

    /// The Invitees sidebar's rows for `me`, as this call's members and invitations make them.
    pub fn invitee_rows(&self, me: &str) -> Vec<Row<'_>> {
        self.list.rows(me, |id| self.is_participant(id), |id| self.is_pending(id))
    }

    /// The users the invite button would invite for `me`.
    pub fn selected_invitees(&self, me: &str) -> Vec<User> {
        self.list.selected(me, |id| self.is_participant(id), |id| self.is_pending(id))
    }

    /// Whether the call is a group call, which goes on with one person in it: more than two
    /// people were in or invited, or its policy lets members invite (the incumbent's
    /// `canInvitingInCalling` makes every call a group call). The policy is the call's, not the
    /// kit's current config.
    pub fn is_group(&self) -> bool {
        self.group || self.policy.can_invite_in_calling
    }

    /// Whether only this kit's user is left, with nobody invited: a 1:1 call then ends.
    pub fn is_over_for_one_to_one(&self) -> bool {
        !self.is_group() && self.participants.len() <= 1 && self.pending.is_empty()
    }

    fn note_size(&mut self) {
        if self.participants.len() + self.pending.len() > 2 {
            self.group = true;
        }
    }
}

/// Adds `id` to a list of users who left, forgetting the oldest past [`MAX_LEFT`].
pub fn remember_left(left: &mut Vec<String>, id: &str) {
    remember_in_ring(left, id, MAX_LEFT);
}

/// An invitation that is ringing on this kit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// The call ID.
    pub call_id: String,
    /// Voice or video.
    pub call_type: CallType,
    /// Who sent this invitation.
    pub caller: User,
    /// Who started the call.
    pub initiator: String,
    /// The initiator's policy.
    pub policy: Policy,
    /// Who was in the call when invited (as far as this kit heard since).
    pub participants: Vec<User>,
    /// Everyone invited with this invitation, this kit's user included.
    pub callees: Vec<User>,
    /// Who left the call while this kit was ringing: accepting must not bring them back.
    pub left: Vec<String>,
    /// When the ringing stops (ms).
    pub deadline: u64,
    /// The IDs of the invitation messages heard for this call while it rang, the one that rang
    /// first (an accept names it), at most [`MAX_INVITES_HEARD`].
    pub invites: Vec<String>,
    /// The app data sent with the invitation.
    pub data: String,
    /// Whether the invitation vouches for itself: its sender started the call, or names nobody
    /// else in it. Otherwise another member must confirm the join (`Call::confirm_by`).
    pub vouched: bool,
}
