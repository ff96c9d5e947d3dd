//! The inviter's side: sending invitations, cancelling them, timing them out, leaving.
use crate::core::config::{SendRequest, DEFAULT_TIMEOUT_SECS};
use crate::core::digits;
use crate::core::effect::{Effect, EndReason, ErrorInvitee, InviteeError, Notice, Toast};
use crate::core::error::{Error, Refusal};
use crate::core::kit::{Effects, Kit};
use crate::core::kit_incoming::ring_ended;
use crate::core::protocol::{Body, Invite};
use crate::core::user::User;

impl Kit {
    /// `sendCallInvitation`: starts a call, or invites into the current one.
    pub(super) fn send(&mut self, request: SendRequest, now: u64, fx: &mut Effects) -> Result<(), Error> {
        request.validate(&self.me.id)?;
        if self.incoming.is_some() {
            return Err(Error::Refused(Refusal::Ringing));
        }
        match &self.call {
            None => {
                self.start_call(request, now, fx);
                Ok(())
            }
            Some(call) => {
                self.may_invite_in(call).map_err(Error::Refused)?;
                self.invite_in_call(request.callees, request.timeout_secs, request.data, now, fx);
                Ok(())
            }
        }
    }

    fn start_call(&mut self, request: SendRequest, now: u64, fx: &mut Effects) {
        let SendRequest { callees, call_type, timeout_secs, data, room_id, media_key } = request;
        let id = room_id.unwrap_or_else(|| ["call_", &self.me.id, "_", &digits::decimal(now)].concat());
        let mut call = self.new_call(id.clone(), call_type, self.config.policy(), data.clone(), media_key);
        // One callee: the caller waits on a "Calling…" page; several: it joins at once.
        call.joined = callees.len() > 1;
        let deadline = deadline(now, timeout_secs);
        // The invitation is the next message: its accepts name its ID.
        let invites = [self.next_message_id()];
        for callee in &callees {
            call.add_pending(callee, &self.me.id, deadline, &invites);
        }
        let invite = Invite {
            call_type: call_type.code(),
            initiator: self.me.id.clone(),
            policy: call.policy,
            in_call: false,
            callees: callees.clone(),
            participants: call.participants.clone(),
            timeout: timeout_secs,
            data,
        };
        let joined = call.joined;
        self.call = Some(call);
        let to = callees.iter().map(|u| u.id.clone()).collect();
        self.send_message(&id, to, Body::Invite(invite), fx);
        fx.push(Effect::Invited { call_id: id.clone(), invited: callees.clone(), error_invitees: Vec::new() });
        if joined {
            self.begin_join(fx);
        } else {
            // As the incumbent: whenever the app gave the callback, custom page or not.
            fx.push(Effect::Notify(Notice::WaitingPage { call_id: id, call_type, callees }));
        }
        fx.push(Effect::Render);
    }

    /// Invites `callees` into the current call, skipping those already in it or pending.
    fn invite_in_call(&mut self, callees: Vec<User>, timeout_secs: u32, data: String, now: u64, fx: &mut Effects) {
        let invites = [self.next_message_id()]; // the invitation is the next message
        let Some(call) = self.call.as_mut() else { return };
        let deadline = deadline(now, timeout_secs);
        let mut invited = Vec::new();
        let mut error_invitees = Vec::new();
        for user in callees {
            if call.is_participant(&user.id) {
                error_invitees.push(ErrorInvitee { user, reason: InviteeError::InCall });
            } else if call.is_pending(&user.id) {
                error_invitees.push(ErrorInvitee { user, reason: InviteeError::Calling });
            } else if !call.has_room() {
                error_invitees.push(ErrorInvitee { user, reason: InviteeError::CallFull });
            } else {
                call.add_pending(&user, &self.me.id, deadline, &invites);
                invited.push(user);
            }
        }
        let call_id = call.id.clone();
        if !invited.is_empty() {
            let invite = Invite {
                call_type: call.call_type.code(),
                initiator: call.initiator.clone(),
                policy: call.policy,
                in_call: true,
                callees: invited.clone(),
                participants: call.participants.clone(),
                timeout: timeout_secs,
                data,
            };
            // Callees ring; participants learn who is pending.
            let mut to: Vec<String> = invited.iter().map(|u| u.id.clone()).collect();
            to.extend(call.participants.iter().map(|u| u.id.clone()));
            self.send_message(&call_id, to, Body::Invite(invite), fx);
            fx.push(Effect::Render);
        }
        fx.push(Effect::Invited { call_id, invited, error_invitees });
    }

    /// The sidebar's invite button.
    pub(super) fn invite_checked(&mut self, now: u64, fx: &mut Effects) -> Result<(), Error> {
        let call = self.call.as_ref().ok_or(Error::Refused(Refusal::NotInCall))?;
        self.may_invite_in(call).map_err(Error::Refused)?;
        let selected = call.selected_invitees(&self.me.id);
        if selected.is_empty() {
            return Ok(());
        }
        self.invite_in_call(selected, DEFAULT_TIMEOUT_SECS, String::new(), now, fx);
        self.sidebar_open = false;
        Ok(())
    }

    /// Cancels every invitation this kit sent, with `data` for the callees; a caller still
    /// waiting ends its call.
    pub(super) fn cancel_calling(&mut self, data: String, fx: &mut Effects) -> Result<(), Error> {
        let call = self.call.as_mut().ok_or(Error::Refused(Refusal::NotInCall))?;
        let mine: Vec<String> = call.pending.iter().filter(|p| p.inviter == self.me.id).map(|p| p.user.id.clone()).collect();
        let joined = call.joined;
        self.withdraw(&mine, data, fx);
        if !joined {
            self.end_call(EndReason::Canceled, fx);
        }
        Ok(())
    }

    /// Cancels this kit's invitation of one user.
    pub(super) fn cancel_invitee(&mut self, id: &str, fx: &mut Effects) -> Result<(), Error> {
        let call = self.call.as_ref().ok_or(Error::Refused(Refusal::NotInCall))?;
        if !call.pending.iter().any(|p| p.user.id == id && p.inviter == self.me.id) {
            return Err(Error::Refused(Refusal::NotInviter));
        }
        let joined = call.joined;
        self.withdraw(&[id.to_owned()], String::new(), fx);
        if !joined && self.call.as_ref().is_some_and(|c| c.pending.is_empty()) {
            self.end_call(EndReason::Canceled, fx);
        }
        Ok(())
    }

    /// Removes this kit's pending invitations of `ids` and tells them (with `data`) and the
    /// participants.
    fn withdraw(&mut self, ids: &[String], data: String, fx: &mut Effects) {
        let Some(call) = self.call.as_mut() else { return };
        let ids: Vec<String> = ids.iter().filter(|id| call.take_pending(id, Some(&self.me.id)).is_some()).cloned().collect();
        if ids.is_empty() {
            return;
        }
        let mut to = ids.clone();
        // Participants drop the waiting tiles; invitees still ringing forget their co-callees.
        to.extend(call.participants.iter().map(|u| u.id.clone()));
        to.extend(call.pending.iter().map(|p| p.user.id.clone()));
        let call_id = call.id.clone();
        self.send_message(&call_id, to, Body::Cancel { callees: ids, timeout: false, data }, fx);
        fx.push(Effect::Render);
    }

    /// `hangUp`: cancels this kit's invitations and leaves; the initiator may end the call.
    pub(super) fn hang_up(&mut self, fx: &mut Effects) {
        self.leave(EndReason::LeaveRoom, fx);
    }

    /// Cancels this kit's invitations and leaves the call, telling the app `reason`.
    pub(super) fn leave(&mut self, reason: EndReason, fx: &mut Effects) {
        let Some(call) = &self.call else { return };
        if !call.joined {
            let _ = self.cancel_calling(String::new(), fx);
            return;
        }
        let mine: Vec<String> = call.pending.iter().filter(|p| p.inviter == self.me.id).map(|p| p.user.id.clone()).collect();
        self.withdraw(&mine, String::new(), fx);
        let Some(call) = &self.call else { return };
        let ends_call = call.initiator == self.me.id && call.policy.end_call_when_initiator_leave;
        let (id, to) = (call.id.clone(), call.audience(&self.me.id));
        let body = if ends_call { Body::End {} } else { Body::Leave {} };
        self.send_message(&id, to, body, fx);
        self.end_call(reason, fx);
    }

    /// The transport could not deliver an invitation: those users are no longer pending.
    pub(super) fn send_failed(&mut self, call_id: &str, user_ids: &[String], fx: &mut Effects) {
        let Some(call) = self.call.as_mut().filter(|c| c.id == call_id) else { return };
        let failed: Vec<_> = user_ids.iter().filter_map(|id| call.take_pending(id, Some(&self.me.id))).collect();
        if failed.is_empty() {
            return;
        }
        fx.push(Effect::Toast(Toast::SendFailed));
        fx.push(Effect::Render);
        if !call.joined && call.pending.is_empty() {
            self.end_call(EndReason::Canceled, fx);
        }
    }

    /// Expires what is due at `now`: ringing, an unanswered accept, and pending invitations.
    pub(super) fn tick(&mut self, now: u64, fx: &mut Effects) {
        if let Some(incoming) = self.incoming.take_if(|i| i.deadline <= now) {
            ring_ended(incoming, EndReason::Timeout, String::new(), fx);
        }
        self.retry_accept(now, fx);
        self.check_liveness(now, fx);
        self.tick_links(now, fx);
        let Some(call) = self.call.as_mut() else { return };
        let (due, keep): (Vec<_>, Vec<_>) = std::mem::take(&mut call.pending).into_iter().partition(|p| p.deadline <= now);
        call.pending = keep;
        if due.is_empty() {
            return;
        }
        let call_id = call.id.clone();
        let joined = call.joined;
        let mine: Vec<User> = due.iter().filter(|p| p.inviter == self.me.id).map(|p| p.user.clone()).collect();
        fx.push(Effect::Render);
        if !mine.is_empty() {
            // Tell the callees too: their own timers started later than ours.
            let mut to: Vec<String> = mine.iter().map(|u| u.id.clone()).collect();
            to.extend(call.participants.iter().map(|u| u.id.clone()));
            let ids = mine.iter().map(|u| u.id.clone()).collect();
            self.send_message(&call_id, to, Body::Cancel { callees: ids, timeout: true, data: String::new() }, fx);
            for user in &mine {
                fx.push(Effect::Toast(Toast::NoAnswer(user.display_name().to_owned())));
            }
            fx.push(Effect::Notify(Notice::OutgoingCallTimeout { call_id, callees: mine }));
        }
        if !joined && self.call.as_ref().is_some_and(|c| c.pending.is_empty()) {
            self.end_call(EndReason::Timeout, fx);
        } else {
            self.end_if_alone(fx);
        }
    }

    /// A 1:1 call with nobody else left, and nobody invited, is over.
    pub(super) fn end_if_alone(&mut self, fx: &mut Effects) {
        if self.call.as_ref().is_some_and(|c| c.joined && c.is_over_for_one_to_one()) {
            self.end_call(EndReason::LeaveRoom, fx);
        }
    }
}

/// The deadline of an invitation sent at `now` with `timeout_secs`.
pub(super) fn deadline(now: u64, timeout_secs: u32) -> u64 {
    now.saturating_add(u64::from(timeout_secs) * 1000)
}
