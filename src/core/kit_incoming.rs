//! The receiving side: checks each message against this kit's state, then applies it.
use crate::core::call::{Call, Incoming};
use crate::core::config::CallType;
use crate::core::effect::{Effect, EndReason, Notice, Toast};
use crate::core::error::{Error, Refusal};
use crate::core::kit::{remember, EarlyAccept, Effects, Kit};
use crate::core::kit_outgoing::deadline;
use crate::core::protocol::{Body, Envelope, Invite, Reject};

impl Kit {
    /// Applies a decoded message, or drops it with a reason.
    pub(super) fn receive(&mut self, msg: Envelope, now: u64, fx: &mut Effects) {
        match self.apply_message(msg, now, fx) {
            // A transport may hand a kit its own messages back (its user's subject), a
            // broadcast transport hands every kit every message, and calls this kit left (or its
            // user's other tab is in) keep talking: none of that is news.
            // Nor is a message seen before, or overtaken by a later one of its sender: transports
            // may deliver twice and reorder, peers may replay.
            Ok(()) | Err(Reject::OwnEcho | Reject::NotAddressed | Reject::UnknownCall | Reject::Stale) => {}
            Err(reject) => fx.push(Effect::Dropped(reject)),
        }
    }

    fn apply_message(&mut self, msg: Envelope, now: u64, fx: &mut Effects) -> Result<(), Reject> {
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
        let Envelope { id: msg_id, from, call: call_id, mut body, .. } = msg;
        if let Some(call) = self.call.as_mut().filter(|c| c.id == call_id) {
            // Any message of a participant's about the call says it is still there.
            call.heard_from(&from.id, now);
        }
        let accept = match &mut body {
            Body::Accept { data, re, .. } => Some((std::mem::take(data), std::mem::take(re))),
            _ => None,
        };
        match body {
            Body::Invite(invite) => self.on_invite(from, call_id, &msg_id, invite, now, fx),
            Body::Cancel { callees, timeout, data } => self.on_cancel(&from.id, &call_id, &callees, timeout, data, fx),
            Body::Accept { participants, terms, devices, .. } | Body::Present { participants, terms, devices } => {
                let sender = from.id.clone();
                let outcome = self.on_roster(from, &call_id, participants, terms, accept, now, fx);
                self.note_devices(&sender, &call_id, devices);
                outcome
            }
            Body::Signal(signal) => self.on_signal(&from.id, &call_id, signal, fx),
            Body::Decline { busy, data } => self.on_decline(&from.id, &call_id, busy, data, fx),
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
                ring_ended(self.take_incoming(&call_id)?, EndReason::Canceled, String::new(), fx);
                Ok(())
            }
            Body::Leave {} => self.on_leave(&from.id, &call_id, fx),
            Body::End {} => self.on_end(&from.id, &call_id, fx),
        }
    }

    fn take_incoming(&mut self, call_id: &str) -> Result<Incoming, Reject> {
        self.incoming.take_if(|i| i.call_id == call_id).ok_or(Reject::UnknownCall)
    }

    /// `invitation ID`: the message's, which the accept of it names.
    fn on_invite(&mut self, from: crate::core::user::User, call_id: String, invite_id: &str, invite: Invite, now: u64, fx: &mut Effects) -> Result<(), Reject> {
        let call_type = CallType::from_code(invite.call_type).ok_or(Reject::Invalid("body.invite.callType"))?;
        let for_me = invite.callees.iter().any(|u| u.id == self.me.id);
        if self.call.as_ref().is_some_and(|c| c.id == call_id && c.joined) {
            let known = self.learn_pending(&from, &call_id, invite_id, &invite, now, fx);
            if for_me && known.is_ok() {
                // Already in this call (a crossed invitation): say so instead of ringing.
                self.send_roster(&call_id, vec![from.id], false, fx);
            }
            return known;
        }
        if !for_me {
            if self.call.as_ref().is_none_or(|c| c.id != call_id) && self.gone.contains(&call_id) && invite.participants.iter().any(|u| u.id == self.me.id) {
                // This kit left that call, yet the inviter counts it in (its goodbye was lost).
                self.send_message(&call_id, vec![from.id], Body::Leave {}, fx);
                return Ok(());
            }
            return Err(Reject::UnknownCall);
        }
        if !invite.policy.allows_invitation(&from.id, &invite.initiator, invite.in_call) {
            // The call's policy, as its invitation states it, forbids this invitation: decline
            // it, to the inviter only.
            self.send_message(&call_id, vec![from.id.clone()], Body::Decline { busy: false, data: String::new() }, fx);
            return Err(Reject::Forbidden("the call's policy does not let this user invite"));
        }
        if self.call.as_ref().is_some_and(|c| c.id == call_id) {
            return Ok(()); // this kit's own call, still ringing elsewhere
        }
        if let Some(incoming) = self.incoming.as_mut().filter(|i| i.call_id == call_id) {
            // Invited again into the same call, maybe with others (two members invited at
            // once): they are co-callees too, so that their accepts count once this kit joins.
            if incoming.participants.iter().any(|u| u.id == from.id) {
                crate::core::call::remember_invite(&mut incoming.invites, invite_id);
                for callee in &invite.callees {
                    let fits = incoming.participants.len() + incoming.callees.len() < usize::from(incoming.policy.max_users);
                    if fits && !incoming.callees.iter().chain(&incoming.participants).any(|u| u.id == callee.id) {
                        incoming.callees.push(callee.clone());
                    }
                }
            }
            return Ok(());
        }
        if self.answered_elsewhere.contains(&call_id) {
            return Ok(()); // another tab of this user answered it already
        }
        if self.call.is_some() || self.incoming.is_some() {
            // Busy: the inviter alone hears it (it tells the call, and this user's other tabs).
            self.send_message(&call_id, vec![from.id.clone()], Body::Decline { busy: true, data: String::new() }, fx);
            return Ok(());
        }
        let mut participants = invite.participants;
        if !participants.iter().any(|u| u.id == from.id) {
            participants.push(from.clone());
        }
        // Whoever sends an invitation can claim anything about the call, even to have started
        // it: only an invitation that names nobody else in the call vouches for itself.
        let vouched = participants.iter().all(|u| u.id == from.id);
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
            invites: vec![invite_id.to_owned()],
            data: invite.data.clone(),
            vouched,
        });
        fx.push(Effect::Notify(Notice::IncomingCallReceived {
            call_id: call_id.clone(),
            caller: from.clone(),
            call_type,
            callees: invite.callees,
        }));
        // As the incumbent: whenever the app gave the callback, custom dialog or not.
        fx.push(Effect::Notify(Notice::ConfirmDialog { call_id, call_type, caller: from, data: invite.data }));
        fx.push(Effect::Render);
        Ok(())
    }

    /// A member learns who is pending in its call: from a member, as the call's policy (as this
    /// kit holds it, never as the message states it) allows. An accept that came before its
    /// invitation (transports reorder) is taken now.
    fn learn_pending(&mut self, from: &crate::core::user::User, call_id: &str, invite_id: &str, invite: &Invite, now: u64, fx: &mut Effects) -> Result<(), Reject> {
        let me = self.me.id.clone();
        let call = self.joined_call_mut(call_id)?;
        if !call.is_participant(&from.id) {
            return Err(Reject::Forbidden("only a member can invite into the call"));
        }
        if call.policy.check_in_call(&from.id, &call.initiator).is_err() {
            return Err(Reject::Forbidden("the call's policy does not let this user invite"));
        }
        let deadline = deadline(now, invite.timeout);
        let mut changed = false;
        let mut full = false;
        for callee in invite.callees.iter().filter(|u| u.id != me) {
            if call.is_available(&callee.id) && !call.has_room() {
                full = true;
            }
            changed |= call.add_pending(callee, &from.id, deadline, &[invite_id.to_owned()]);
        }
        if changed {
            fx.push(Effect::Render);
        }
        let (early, rest): (Vec<EarlyAccept>, Vec<EarlyAccept>) =
            std::mem::take(&mut self.early).into_iter().partition(|e| e.call_id == call_id && invite.callees.iter().any(|u| u.id == e.from.id));
        self.early = rest;
        for e in early {
            let _ = self.on_roster(e.from, call_id, e.roster, e.terms, Some((e.data, e.re)), now, fx);
        }
        if full {
            return Err(Reject::Forbidden("the call is full: invitees past its size limit are ignored"));
        }
        Ok(())
    }

    fn on_cancel(&mut self, from: &str, call_id: &str, callees: &[String], timeout: bool, data: String, fx: &mut Effects) -> Result<(), Reject> {
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
            ring_ended(incoming, if timeout { EndReason::Timeout } else { EndReason::Canceled }, data, fx);
            return Ok(());
        }
        let me = self.me.id.clone();
        let call = self.call_mut(call_id)?;
        if callees.contains(&me) && call.invited_by.as_deref() == Some(from) {
            if !call.unacked.iter().any(|id| id == from) {
                // The inviter answered this kit's accept: the invitation was over before this
                // cancel, which cannot take back a join.
                return Err(Reject::Forbidden("a cancel of an invitation already accepted"));
            }
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

    fn on_decline(&mut self, from: &str, call_id: &str, busy: bool, data: String, fx: &mut Effects) -> Result<(), Reject> {
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
            // Answers go to the inviter only: it tells the call, and the decliner's other tabs,
            // that the invitation is over.
            if let Some(call) = self.call.as_ref() {
                let mut to = call.audience(&me);
                to.push(from.to_owned());
                self.send_message(&call_id, to, Body::Cancel { callees: vec![from.to_owned()], timeout: false, data: String::new() }, fx);
            }
            let name = pending.user.display_name().to_owned();
            let callee = pending.user;
            if busy {
                fx.push(Effect::Toast(Toast::Busy(name)));
                fx.push(Effect::Notify(Notice::OutgoingCallRejected { call_id, callee }));
            } else {
                fx.push(Effect::Toast(Toast::Declined(name)));
                fx.push(Effect::Notify(Notice::OutgoingCallDeclined { call_id, callee, data: data.clone() }));
            }
        }
        if !joined && empty {
            if let Some(call) = self.call.as_mut() {
                call.data = ended_data(data, &mut call.data);
            }
            self.end_call(if busy { EndReason::Busy } else { EndReason::Declined }, fx);
        } else {
            self.end_if_alone(fx);
        }
        Ok(())
    }

    fn on_leave(&mut self, from: &str, call_id: &str, fx: &mut Effects) -> Result<(), Reject> {
        if let Some(incoming) = self.incoming.as_mut().filter(|i| i.call_id == call_id) {
            let known = incoming.participants.iter().chain(&incoming.callees).any(|u| u.id == from);
            if !known && incoming.left.iter().any(|id| id == from) {
                return Ok(()); // a goodbye said again (to a roster that crossed it): already heard
            }
            if !known {
                return Err(Reject::Forbidden("a leave from someone not in the call"));
            }
            incoming.participants.retain(|u| u.id != from);
            incoming.callees.retain(|u| u.id != from);
            crate::core::call::remember_left(&mut incoming.left, from);
            let ends = from == incoming.caller.id
                || incoming.participants.is_empty()
                || (from == incoming.initiator && incoming.policy.end_call_when_initiator_leave);
            if ends {
                ring_ended(self.take_incoming(call_id)?, EndReason::Canceled, String::new(), fx);
            }
            return Ok(());
        }
        let call = self.call_mut(call_id)?;
        if !call.is_participant(from) && !call.is_pending(from) && !call.pending.iter().any(|p| p.inviter == from) {
            if call.left.iter().any(|id| id == from) {
                return Ok(()); // a goodbye said again (to a roster that crossed it): already heard
            }
            return Err(Reject::Forbidden("a leave from someone not in the call"));
        }
        if call.invited_by.as_deref() == Some(from) && call.unacked.iter().any(|id| id == from) {
            // The inviter left before it took this kit's accept (the withdrawal that said so was
            // lost, or this is its answer to the accept): the invitation was over, as on a
            // cancel, and a group call must not keep this kit in it alone.
            self.leave(EndReason::LeaveRoom, fx);
            return Ok(());
        }
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
            ring_ended(self.take_incoming(call_id)?, EndReason::Canceled, String::new(), fx);
            return Ok(());
        }
        let call = self.call_mut(call_id)?;
        if call.initiator != from || !call.policy.end_call_when_initiator_leave {
            return Err(Reject::Forbidden("only the initiator can end the call"));
        }
        self.end_call(EndReason::LeaveRoom, fx);
        Ok(())
    }

    /// Accepts the ringing invitation: joins the call and tells everyone in it (the inviter gets
    /// `data`). Until each participant answers, the accept goes out again (see
    /// `Kit::retry_accept`).
    pub(super) fn accept(&mut self, answer: String, now: u64, fx: &mut Effects) -> Result<(), Error> {
        let incoming = self.incoming.take().ok_or(Error::Refused(Refusal::NoIncomingCall))?;
        let Incoming { call_id, call_type, caller, initiator, policy, participants, callees, left, deadline, invites, data, vouched } = incoming;
        let mut call = Call::new(call_id.clone(), call_type, initiator, policy, data, &self.next_list);
        call.invited_by = Some(caller.id.clone());
        call.answer = answer;
        call.re = invites.first().cloned().unwrap_or_default();
        if !vouched {
            call.confirm_by = Some(now.saturating_add(crate::core::call::CONFIRM_MS));
        }
        // This kit's user and the inviter first: the call's size limit keeps their places.
        for user in [&self.me, &caller].into_iter().chain(participants.iter()) {
            call.add_participant(user);
        }
        for callee in callees.iter().filter(|u| u.id != self.me.id) {
            call.add_pending(callee, &caller.id, deadline, &invites);
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

    /// Declines the ringing invitation, with `data` for the inviter.
    pub(super) fn decline(&mut self, data: String, fx: &mut Effects) -> Result<(), Error> {
        let incoming = self.incoming.take().ok_or(Error::Refused(Refusal::NoIncomingCall))?;
        // To the inviter only: it tells the call and the co-callees still ringing.
        self.send_message(&incoming.call_id, vec![incoming.caller.id.clone()], Body::Decline { busy: false, data }, fx);
        self.send_message(&incoming.call_id, Vec::new(), Body::Answered { accepted: false }, fx);
        ring_ended(incoming, EndReason::Declined, String::new(), fx);
        Ok(())
    }

    pub(super) fn call_mut(&mut self, call_id: &str) -> Result<&mut Call, Reject> {
        self.call.as_mut().filter(|c| c.id == call_id).ok_or(Reject::UnknownCall)
    }

    fn joined_call_mut(&mut self, call_id: &str) -> Result<&mut Call, Reject> {
        self.call.as_mut().filter(|c| c.id == call_id && c.joined).ok_or(Reject::UnknownCall)
    }
}

/// The invitation ringing here ended unanswered (declined here, cancelled, timed out, answered in
/// another tab, or its call ended): the app hears it, as the incumbent tells it, with
/// `onIncomingCallTimeout` or `onIncomingCallCanceled`, then `onCallInvitationEnded(reason,
/// data)`, `data` being the answer's (a `cancel(data)`) when it gave one, else the invitation's.
pub(super) fn ring_ended(incoming: Incoming, reason: EndReason, answer: String, fx: &mut Effects) {
    let Incoming { call_id, caller, mut data, .. } = incoming;
    let data = ended_data(answer, &mut data);
    match reason {
        EndReason::Timeout => fx.push(Effect::Notify(Notice::IncomingCallTimeout { call_id: call_id.clone(), caller })),
        EndReason::Canceled => fx.push(Effect::Notify(Notice::IncomingCallCanceled { call_id: call_id.clone(), caller })),
        _ => {}
    }
    fx.push(Effect::Notify(Notice::CallInvitationEnded { call_id, reason, data }));
    fx.push(Effect::Render);
}

/// The data `onCallInvitationEnded` reports: that of the other side's answer which ended the
/// invitation (`refuse(data)`, `cancel(data)`) when it gave one, else the invitation's own.
fn ended_data(answer: String, invitation: &mut String) -> String {
    if answer.is_empty() {
        std::mem::take(invitation)
    } else {
        answer
    }
}
