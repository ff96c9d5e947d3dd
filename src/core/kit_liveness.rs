//! Liveness: members' heartbeats, dropping members gone silent, and the deadline by which an
//! invitee's join must be confirmed by a member other than its inviter.
use crate::core::call::BEAT_MS;
use crate::core::effect::EndReason;
use crate::core::kit::{Effects, Kit};

impl Kit {
    /// Notices a gap in this kit's own time: no event, not even its timer, for longer than a
    /// heartbeat and a half means it was suspended, not that the others went quiet.
    pub(super) fn note_clock(&mut self, now: u64) {
        let asleep = self.last_now.is_some_and(|last| now.saturating_sub(last) > BEAT_MS * 3 / 2);
        self.last_now = Some(now);
        if let Some(call) = self.call.as_mut().filter(|_| asleep) {
            call.forgive_silence(now);
        }
    }

    /// Keeps the call's liveness entries in step with its participants (after every event).
    pub(super) fn track_liveness(&mut self, now: u64) {
        let me = self.me.id.clone();
        if let Some(call) = self.call.as_mut() {
            call.track(&me, now);
        }
    }

    /// What is due at `now`: an unconfirmed join gives up, silent members are dropped, and the
    /// heartbeat goes out.
    pub(super) fn check_liveness(&mut self, now: u64, fx: &mut Effects) {
        let Some(call) = self.call.as_mut() else { return };
        if call.confirm_by.is_some_and(|due| due <= now) {
            // No member but the inviter ever vouched for this join: the call as the inviter
            // described it may not exist. Leave it, telling whoever did answer.
            self.leave(EndReason::Timeout, fx);
            return;
        }
        if !call.joined {
            return;
        }
        let silent = call.silent(now);
        if !silent.is_empty() {
            for id in &silent {
                // As after a leave, their invitations end with them.
                call.acked(id);
                call.pending.retain(|p| p.inviter != *id);
            }
            self.count_as_gone(&silent, fx);
        }
        let Some(call) = self.call.as_mut() else { return };
        if call.beat_due.is_some_and(|due| due <= now) {
            call.beat_due = Some(now.saturating_add(BEAT_MS));
            let me = self.me.id.clone();
            let to: Vec<String> = call.participants.iter().filter(|u| u.id != me).map(|u| u.id.clone()).collect();
            let call_id = call.id.clone();
            self.send_roster(&call_id, to, false, fx);
        }
    }

    /// The earliest liveness deadline of the current call.
    pub(super) fn liveness_deadline(&self) -> Option<u64> {
        let call = self.call.as_ref()?;
        let joined = call.joined.then(|| [call.beat_due, call.silence_deadline()]).into_iter().flatten().flatten();
        joined.chain(call.confirm_by).min()
    }
}
