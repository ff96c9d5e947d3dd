//! Who is in the call: merging rosters from accept/present messages until every kit agrees.
use crate::core::effect::{Effect, Notice};
use crate::core::kit::{Effects, Kit};
use crate::core::protocol::{Body, Reject};
use crate::core::user::User;

impl Kit {
    /// `from` says it is in the call (`accepted`: it just accepted an invitation) and believes
    /// `roster` is too. Views only grow here, so replies stop once the views agree.
    pub(super) fn on_roster(&mut self, from: User, call_id: &str, roster: Vec<User>, accepted: bool, fx: &mut Effects) -> Result<(), Reject> {
        let in_call = self.call.as_ref().is_some_and(|c| c.id == call_id);
        if !in_call && self.gone.iter().any(|id| id == call_id) && roster.iter().any(|u| u.id == self.me.id) {
            // This kit left that call (it may ring for it again), yet `from` counts it in: an
            // accept that crossed the leave, or a roster older than it. Say so again.
            self.send_message(call_id, vec![from.id.clone()], Body::Leave {}, fx);
        }
        if let Some(incoming) = self.incoming.as_mut().filter(|i| i.call_id == call_id) {
            // A co-callee joined before this kit answered: address it too when answering.
            if !incoming.participants.iter().any(|u| u.id == from.id) {
                incoming.left.retain(|id| *id != from.id);
                incoming.participants.push(from);
            }
            return Ok(());
        }
        if !in_call && self.gone.iter().any(|id| id == call_id) {
            return Ok(()); // answered above when it counted this kit in
        }
        let me = self.me.id.clone();
        let call = self.call_mut(call_id)?;
        let invitee_accepts = accepted && call.is_pending(&from.id);
        if !call.joined && !invitee_accepts {
            // Only an invitee's accept ends a caller's wait: a roster alone would take its
            // invitation away and leave it on the "Calling…" page with nothing left to time out.
            return Err(Reject::Forbidden("only an invitee's accept answers a call still ringing"));
        }
        let was_joined = call.joined;
        let pending = call.take_pending(&from.id, None);
        let mut joined_now = Vec::new();
        if call.add_participant(&from) {
            joined_now.push(from.clone());
        }
        let mut learned = Vec::new();
        for user in &roster {
            if user.id != me && !call.left.contains(&user.id) && call.add_participant(user) {
                joined_now.push(user.clone());
                learned.push(user.id.clone());
            }
        }
        let sender_lacks = call.participants.iter().any(|p| p.id != from.id && !roster.iter().any(|u| u.id == p.id));
        let call_id = call.id.clone();
        if accepted && !was_joined {
            call.joined = true;
        }
        if let Some(pending) = pending.filter(|p| accepted && p.inviter == me) {
            fx.push(Effect::Notify(Notice::OutgoingCallAccepted { call_id: call_id.clone(), callee: pending.user }));
        }
        if !was_joined {
            if accepted {
                self.begin_join(fx);
            }
        } else if !joined_now.is_empty() && self.call.as_ref().is_some_and(|c| c.configured) {
            fx.push(Effect::Notify(Notice::UserJoin { call_id: call_id.clone(), users: joined_now }));
        }
        if sender_lacks {
            self.present_to(&call_id, vec![from.id], fx);
        }
        if !learned.is_empty() {
            // They may not have heard of this kit's user yet.
            self.present_to(&call_id, learned, fx);
        }
        fx.push(Effect::Render);
        Ok(())
    }

    /// Tells `to` who this kit believes is in the call.
    pub(super) fn present_to(&mut self, call_id: &str, to: Vec<String>, fx: &mut Effects) {
        let Some(roster) = self.call.as_ref().filter(|c| c.id == call_id).map(|c| c.participants.clone()) else {
            return;
        };
        self.send_message(call_id, to, Body::Present { participants: roster }, fx);
    }
}
