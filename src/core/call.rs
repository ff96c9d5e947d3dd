//! One call as this kit sees it, and an incoming invitation that is ringing.
use crate::core::config::{CallType, ListConfig};
use crate::core::invitation_list::InvitationList;
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
}

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
    /// Once more than two people were in or invited, the call no longer ends with one leaver.
    pub group: bool,
    /// The invitee list.
    pub list: InvitationList,
    /// `showWaitingCallAcceptAudioVideoView` of the room config.
    pub show_waiting_tiles: bool,
    /// The app data of the invitation that started the call.
    pub data: String,
    /// Who invited this kit's user into the call (`None` when it started or joined it itself):
    /// only they can still withdraw that invitation.
    pub invited_by: Option<String>,
    /// The participants that have not answered this kit's accept (or its hello, when it learned
    /// of them from a roster) yet: a transport may lose it, or their kit may be closed. The kit
    /// sends it to them again until they do.
    pub unacked: Vec<String>,
    /// When the accept is due again, and how many more times it goes out before the silent
    /// participants count as gone.
    pub retry: Option<(u64, u8)>,
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
            invited_by: None,
            unacked: Vec::new(),
            retry: None,
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

    /// Adds `user` as a participant unless already there; clears their pending invitation and
    /// their tombstone. Returns whether they were new.
    pub fn add_participant(&mut self, user: &User) -> bool {
        self.pending.retain(|p| p.user.id != user.id);
        self.left.retain(|id| *id != user.id);
        if self.is_participant(&user.id) {
            return false;
        }
        self.participants.push(user.clone());
        self.note_size();
        true
    }

    /// Removes `id` from the participants and remembers that they left.
    pub fn remove_participant(&mut self, id: &str) -> bool {
        let before = self.participants.len();
        self.participants.retain(|u| u.id != id);
        if !self.left.iter().any(|l| l == id) {
            self.left.push(id.to_owned());
        }
        before != self.participants.len()
    }

    /// Records a pending invitation, unless the user is already in the call or pending.
    pub fn add_pending(&mut self, user: &User, inviter: &str, deadline: u64) -> bool {
        if !self.is_available(&user.id) {
            return false;
        }
        self.pending.push(Pending { user: user.clone(), inviter: inviter.to_owned(), deadline });
        self.note_size();
        true
    }

    /// Removes the pending invitation of `id` when `inviter` (if given) sent it.
    pub fn take_pending(&mut self, id: &str, inviter: Option<&str>) -> Option<Pending> {
        let at = self.pending.iter().position(|p| p.user.id == id && inviter.is_none_or(|i| p.inviter == i))?;
        Some(self.pending.remove(at))
    }

    /// Whether only this kit's user is left, with nobody invited: a 1:1 call then ends.
    pub fn is_over_for_one_to_one(&self) -> bool {
        !self.group && self.participants.len() <= 1 && self.pending.is_empty()
    }

    fn note_size(&mut self) {
        if self.participants.len() + self.pending.len() > 2 {
            self.group = true;
        }
    }
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
    /// The app data sent with the invitation.
    pub data: String,
}
