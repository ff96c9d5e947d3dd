//! The receiving side: checks each message against this kit's state, then applies it.
use crate::core::call::{Call, Incoming};
use crate::core::config::CallType;
use crate::core::effect::{Effect, EndReason, Notice, Toast};
use crate::core::error::{Error, Refusal};
use crate::core::kit::{remember, Effects, Kit};
use crate::core::kit_outgoing::deadline;
use crate::core::protocol::{Body, Envelope, Invite, Reject};

impl Kit {
    /// Applies a decoded message, or drops it with a reason.
    pub(super) fn receive(&mut self, msg: Envelope, now: u64, fx: &mut Effects) {
        match self.dispatch(msg, now, fx) {
            // A transport may hand a kit its own messages back (its user's subject), a
            // broadcast transport hands every kit every message, and calls this kit left (or its
            // user's other tab is in) keep talking: none of that is news.
            // Nor is a message seen before, or overtaken by a later one of its sender: transports
            // may deliver twice and reorder, peers may replay.
            Ok(()) | Err(Reject::OwnEcho | Reject::NotAddressed | Reject::UnknownCall | Reject::Stale) => {}
            Err(reject) => fx.push(Effect::Dropped(reject)),
        }
    }

    fn dispatch(&mut self, msg: Envelope, now: u64, fx: &mut Effects) -> Result<(), Reject> {
        if msg.app != self.app {
            return Err(Reject::OtherApp);
        }
        if msg.sid == self.sid {
            return Err(Reject::OwnEcho);
        }
        if !msg.to.contains(&self.me.id) {
            return Err(Reject::NotAddressed);
        }
        if !self.first_sight(&msg) {
            return Err(Reject::Stale);
        }
        let from_self = msg.from.id == self.me.id;
        if from_self != matches!(msg.body, Body::Answered { .. }) {
            return Err(Reject::FromSelf);
        }
        let Envelope { from, call: call_id, body, .. } = msg;
        match body {
            Body::Invite(invite) => self.on_invite(from, call_id, invite, now, fx),
            Body::Cancel { callees, timeout } => self.on_cancel(&from.id, &call_id, &callees, timeout, fx),
            Body::Accept { participants } => self.on_roster(from, &call_id, participants, true, now, fx),
            Body::Present { participants } => self.on_roster(from, &call_id, participants, false, now, fx),
            Body::Decline { busy } => self.on_decline(&from.id, &call_id, busy, fx),
            Body::Answered { accepted } => {
                if accepted {
                    // Another tab of this user is in that call now: this one no longer speaks
                    // for the user about it.
                    self.gone.retain(|id| *id != call_id);
                }
                if self.incoming.as_ref().is_none_or(|i| i.call_id != call_id) {
                    // Answered before the invitation got here: it must not ring when it does.
                    remember(&mut self.answered_elsewhere, &call_id);
                }
                let incoming = self.take_incoming(&call_id)?;
                fx.push(Effect::Notify(Notice::IncomingCallCanceled { call_id, caller: incoming.caller }));
                fx.push(Effect::Render);
                Ok(())
            }
            Body::Leave {} => self.on_leave(&from.id, &call_id, fx),
            Body::End {} => self.on_end(&from.id, &call_id, fx),
        }
    }

    fn take_incoming(&mut self, call_id: &str) -> Result<Incoming, Reject> {
        self.incoming.take_if(|i| i.call_id == call_id).ok_or(Reject::UnknownCall)
    }

    fn on_invite(&mut self, from: crate::core::user::User, call_id: String, invite: Invite, now: u64, fx: &mut Effects) -> Result<(), Reject> {
        let call_type = CallType::from_code(invite.call_type).ok_or(Reject::Invalid("body.invite.callType"))?;
        let for_me = invite.callees.iter().any(|u| u.id == self.me.id);
        if !invite.policy.allows_invitation(&from.id, &invite.initiator, invite.in_call) {
            if for_me {
                // The call's own policy forbids this invitation: decline it.
                let mut to = vec![from.id.clone()];
                to.extend(invite.participants.iter().map(|u| u.id.clone()));
                self.send_message(&call_id, to, Body::Decline { busy: false }, fx);
            }
            return Err(Reject::Forbidden("the call's policy does not let this user invite"));
        }
        if !for_me {
            if self.call.as_ref().is_none_or(|c| c.id != call_id) && self.gone.contains(&call_id) && invite.participants.iter().any(|u| u.id == self.me.id) {
                // This kit left that call, yet the inviter counts it in (its goodbye was lost).
                self.send_message(&call_id, vec![from.id], Body::Leave {}, fx);
                return Ok(());
            }
            // A participant learns who is pending in its call.
            let call = self.joined_call_mut(&call_id)?;
            let deadline = deadline(now, invite.timeout);
            call.add_participant(&from);
            let mut changed = false;
            for callee in &invite.callees {
                changed |= call.add_pending(callee, &from.id, deadline);
            }
            if changed {
                fx.push(Effect::Render);
            }
            return Ok(());
        }
        if self.call.as_ref().is_some_and(|c| c.id == call_id) {
            // Already in this call (a crossed invitation): say so instead of ringing.
            self.send_roster(&call_id, vec![from.id], false, fx);
            return Ok(());
        }
        if self.incoming.as_ref().is_some_and(|i| i.call_id == call_id) {
            return Ok(()); // the same invitation again
        }
        if self.answered_elsewhere.contains(&call_id) {
            return Ok(()); // another tab of this user answered it already
        }
        if self.call.is_some() || self.incoming.is_some() {
            let mut to = vec![from.id.clone()];
            to.extend(invite.participants.iter().chain(&invite.callees).map(|u| u.id.clone()));
            self.send_message(&call_id, to, Body::Decline { busy: true }, fx);
            self.send_message(&call_id, Vec::new(), Body::Answered { accepted: false }, fx);
            return Ok(());
        }
        let mut participants = invite.participants;
        if !participants.iter().any(|u| u.id == from.id) {
            participants.push(from.clone());
        }
        self.incoming = Some(Incoming {
            call_id: call_id.clone(),
            call_type,
            caller: from.clone(),
            initiator: invite.initiator,
            policy: invite.policy,
            participants,
            callees: invite.callees.clone(),
            left: Vec::new(),
            deadline: deadline(now, invite.timeout),
            data: invite.data.clone(),
        });
        fx.push(Effect::Notify(Notice::IncomingCallReceived {
            call_id: call_id.clone(),
            caller: from.clone(),
            call_type,
            callees: invite.callees,
        }));
        if self.app_draws_dialog() {
            fx.push(Effect::Notify(Notice::ConfirmDialog { call_id, call_type, caller: from, data: invite.data }));
        }
        fx.push(Effect::Render);
        Ok(())
    }

    fn on_cancel(&mut self, from: &str, call_id: &str, callees: &[String], timeout: bool, fx: &mut Effects) -> Result<(), Reject> {
        if self.incoming.as_ref().is_some_and(|i| i.call_id == call_id) {
            let me_cancelled = callees.contains(&self.me.id);
            if !me_cancelled {
                // Someone else's invitation ended; forget them as co-callees.
                if let Some(incoming) = self.incoming.as_mut().filter(|i| i.caller.id == from) {
                    incoming.callees.retain(|u| !callees.contains(&u.id));
                }
                return Ok(());
            }
            if self.incoming.as_ref().is_some_and(|i| i.caller.id != from) {
                return Err(Reject::Forbidden("only the inviter can cancel an invitation"));
            }
            let incoming = self.take_incoming(call_id)?;
            let notice = if timeout {
                Notice::IncomingCallTimeout { call_id: incoming.call_id, caller: incoming.caller }
            } else {
                Notice::IncomingCallCanceled { call_id: incoming.call_id, caller: incoming.caller }
            };
            fx.push(Effect::Notify(notice));
            fx.push(Effect::Render);
            return Ok(());
        }
        let me = self.me.id.clone();
        let call = self.call_mut(call_id)?;
        if callees.contains(&me) && call.invited_by.as_deref() == Some(from) {
            // This kit accepted an invitation that its inviter withdrew meanwhile (a cancel or a
            // timeout crossed the accept): the invitation is over, so the kit leaves the call it
            // joined too late, telling whoever took its accept.
            self.leave(if timeout { EndReason::Timeout } else { EndReason::Canceled }, fx);
            return Ok(());
        }
        let mut changed = false;
        for id in callees {
            changed |= call.take_pending(id, Some(from)).is_some();
        }
        if changed {
            fx.push(Effect::Render);
        }
        Ok(())
    }

    fn on_decline(&mut self, from: &str, call_id: &str, busy: bool, fx: &mut Effects) -> Result<(), Reject> {
        if let Some(incoming) = self.incoming.as_mut().filter(|i| i.call_id == call_id) {
            // A co-callee declined: when this kit accepts, it is not pending any more.
            incoming.callees.retain(|u| u.id != from);
            return Ok(());
        }
        let me = self.me.id.clone();
        let call = self.call_mut(call_id)?;
        let Some(pending) = call.take_pending(from, None) else {
            return Ok(()); // already answered, timed out or cancelled here
        };
        let (joined, empty) = (call.joined, call.pending.is_empty());
        let call_id = call.id.clone();
        fx.push(Effect::Render);
        if pending.inviter == me {
            let name = pending.user.display_name().to_owned();
            let callee = pending.user;
            if busy {
                fx.push(Effect::Toast(Toast::Busy(name)));
                fx.push(Effect::Notify(Notice::OutgoingCallRejected { call_id, callee }));
            } else {
                fx.push(Effect::Toast(Toast::Declined(name)));
                fx.push(Effect::Notify(Notice::OutgoingCallDeclined { call_id, callee }));
            }
        }
        if !joined && empty {
            self.end_call(if busy { EndReason::Busy } else { EndReason::Declined }, fx);
        } else {
            self.end_if_alone(fx);
        }
        Ok(())
    }

    fn on_leave(&mut self, from: &str, call_id: &str, fx: &mut Effects) -> Result<(), Reject> {
        if let Some(incoming) = self.incoming.as_mut().filter(|i| i.call_id == call_id) {
            incoming.participants.retain(|u| u.id != from);
            incoming.callees.retain(|u| u.id != from);
            if !incoming.left.iter().any(|id| id == from) {
                incoming.left.push(from.to_owned());
            }
            let ends = from == incoming.caller.id
                || incoming.participants.is_empty()
                || (from == incoming.initiator && incoming.policy.end_call_when_initiator_leave);
            if ends {
                let incoming = self.take_incoming(call_id)?;
                fx.push(Effect::Notify(Notice::IncomingCallCanceled { call_id: incoming.call_id, caller: incoming.caller }));
                fx.push(Effect::Render);
            }
            return Ok(());
        }
        let call = self.call_mut(call_id)?;
        call.acked(from);
        let leaver = call.participants.iter().find(|u| u.id == from).cloned();
        call.remove_participant(from);
        call.pending.retain(|p| p.inviter != from);
        let ends = from == call.initiator && call.policy.end_call_when_initiator_leave;
        let configured = call.configured;
        if let Some(user) = leaver.filter(|_| configured) {
            fx.push(Effect::Notify(Notice::UserLeave { call_id: call_id.to_owned(), users: vec![user] }));
        }
        fx.push(Effect::Render);
        if ends {
            self.end_call(EndReason::LeaveRoom, fx);
        } else {
            self.end_if_alone(fx);
        }
        Ok(())
    }

    fn on_end(&mut self, from: &str, call_id: &str, fx: &mut Effects) -> Result<(), Reject> {
        if let Some(incoming) = self.incoming.as_ref().filter(|i| i.call_id == call_id) {
            if incoming.initiator != from || !incoming.policy.end_call_when_initiator_leave {
                return Err(Reject::Forbidden("only the initiator can end the call"));
            }
            let incoming = self.take_incoming(call_id)?;
            fx.push(Effect::Notify(Notice::IncomingCallCanceled { call_id: incoming.call_id, caller: incoming.caller }));
            fx.push(Effect::Render);
            return Ok(());
        }
        let call = self.call_mut(call_id)?;
        if call.initiator != from || !call.policy.end_call_when_initiator_leave {
            return Err(Reject::Forbidden("only the initiator can end the call"));
        }
        self.end_call(EndReason::LeaveRoom, fx);
        Ok(())
    }

    /// Accepts the ringing invitation: joins the call and tells everyone in it. Until each
    /// participant answers, the accept goes out again (see `Kit::retry_accept`).
    pub(super) fn accept(&mut self, now: u64, fx: &mut Effects) -> Result<(), Error> {
        let incoming = self.incoming.take().ok_or(Error::Refused(Refusal::NoIncomingCall))?;
        let Incoming { call_id, call_type, caller, initiator, policy, participants, callees, left, deadline, data } = incoming;
        let mut call = Call::new(call_id.clone(), call_type, initiator, policy, data, &self.next_list);
        call.invited_by = Some(caller.id.clone());
        for user in participants.iter().chain([&caller, &self.me]) {
            call.add_participant(user);
        }
        for callee in callees.iter().filter(|u| u.id != self.me.id) {
            call.add_pending(callee, &caller.id, deadline);
        }
        // Who left while this kit rang stays gone, whatever stale roster comes by.
        call.left = left;
        let to = call.audience(&self.me.id);
        // The participants answer it (the audience lists them first, this kit's user aside);
        // the invitees still ringing do not.
        let mut answering = to.clone();
        answering.truncate(call.participants.len().saturating_sub(1));
        self.call = Some(call);
        self.await_answers(answering, now);
        self.send_roster(&call_id, to, true, fx);
        self.send_message(&call_id, Vec::new(), Body::Answered { accepted: true }, fx);
        self.begin_join(fx);
        fx.push(Effect::Render);
        Ok(())
    }

    /// Declines the ringing invitation.
    pub(super) fn decline(&mut self, fx: &mut Effects) -> Result<(), Error> {
        let incoming = self.incoming.take().ok_or(Error::Refused(Refusal::NoIncomingCall))?;
        // Co-callees still ringing hear it too: one that accepts later must not wait for us.
        let to = incoming.participants.iter().chain(&incoming.callees).map(|u| u.id.clone()).collect();
        self.send_message(&incoming.call_id, to, Body::Decline { busy: false }, fx);
        self.send_message(&incoming.call_id, Vec::new(), Body::Answered { accepted: false }, fx);
        fx.push(Effect::Render);
        Ok(())
    }

    pub(super) fn call_mut(&mut self, call_id: &str) -> Result<&mut Call, Reject> {
        self.call.as_mut().filter(|c| c.id == call_id).ok_or(Reject::UnknownCall)
    }

    fn joined_call_mut(&mut self, call_id: &str) -> Result<&mut Call, Reject> {
        self.call.as_mut().filter(|c| c.id == call_id && c.joined).ok_or(Reject::UnknownCall)
    }
}
