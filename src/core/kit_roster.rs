//! Who is in the call: merging rosters from accept/present messages until every kit agrees.
use crate::core::id_index::sorted_user_ids;
use crate::core::call::Retry;
use crate::core::effect::{Effect, EndReason, Notice};
use crate::core::kit::{EarlyAccept, Effects, Kit};
use crate::core::protocol::{Body, Reject, Terms};
use crate::core::user::User;

/// How long a kit waits for an answer to its accept before it sends it again.
pub(super) const ACK_RETRY_MS: u64 = 2_000;
/// How many times it sends it again; then the participants still silent count as gone.
pub(super) const ACK_TRIES: u8 = 7;

impl Kit {
    /// `from` says it is in the call and believes `roster` is too; `accept` (an accept, with its
    /// app data and the ID of the invitation it answers): it asks for an answer (it just
    /// accepted an invitation, or learned of this kit). Only members' rosters count: a user joins on an accept of an invitation pending for them, or when a member's
    /// roster names them. Views only grow here, so replies stop once the views agree.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn on_roster(&mut self, from: User, call_id: &str, roster: Vec<User>, terms: Terms, accept: Option<(String, String)>, now: u64, fx: &mut Effects) -> Result<(), Reject> {
        let accepted = accept.is_some();
        let (data, re) = accept.unwrap_or_default();
        let in_call = self.call.as_ref().is_some_and(|c| c.id == call_id);
        if !in_call && self.gone.iter().any(|id| id == call_id) && roster.iter().any(|u| u.id == self.me.id) {
            // This kit left that call (it may ring for it again), yet `from` counts it in: an
            // accept that crossed the leave, or a roster older than it. Say so again.
            self.send_message(call_id, vec![from.id.clone()], Body::Leave {}, fx);
        }
        if let Some(incoming) = self.incoming.as_mut().filter(|i| i.call_id == call_id) {
            // A co-callee joined before this kit answered: address it too when answering.
            if !incoming.callees.iter().any(|u| u.id == from.id) {
                return Err(Reject::Forbidden("a roster from someone not invited with this kit"));
            }
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
        let member = call.is_participant(&from.id) && from.id != me;
        // An accept answers the invitation it names: one that crossed the end of an earlier
        // invitation of the same user is no answer to the new one.
        let invitee_accepts = accepted && call.pending.iter().any(|p| p.user.id == from.id && p.answered_by(&re));
        if !member && !invitee_accepts {
            if accepted && call.joined && from.id != me {
                // Maybe the accept of an invitation still on its way here: held until it comes
                // (bounded), and judged then.
                self.hold_early(EarlyAccept { call_id: call_id.to_owned(), from, roster, terms, data, re });
                return Ok(());
            }
            return Err(Reject::Forbidden("a roster from someone who is not a member of the call"));
        }
        if !call.joined && !invitee_accepts {
            // Only an invitee's accept ends a caller's wait: a roster alone would take its
            // invitation away and leave it on the "Calling…" page with nothing left to time out.
            return Err(Reject::Forbidden("only an invitee's accept answers a call still ringing"));
        }
        let names_me = roster.iter().any(|u| u.id == me);
        if names_me {
            call.acked(&from.id); // it counts this kit in: its accept was heard
        }
        if member && names_me && call.confirm_by.is_some() {
            if call.invited_by.as_deref() != Some(from.id.as_str()) {
                // A member other than the inviter counts this kit in: the join is confirmed, and
                // the call's terms are the members', not the inviter's word.
                call.confirm_by = None;
                call.initiator = terms.initiator.clone();
                call.policy = terms.policy;
            } else if roster.iter().all(|u| u.id == me || u.id == from.id) {
                // The inviter says nobody else is left in the call (the others it named left
                // meanwhile): there is nobody else to confirm, nor to protect.
                call.confirm_by = None;
            }
        }
        if member && call.media_key.is_empty() {
            // The key comes with the members' rosters: an invitee learns it once it is in.
            call.media_key = terms.media_key.clone();
        }
        if member && from.id == call.initiator {
            // The initiator sizes the call (its room config may come after its first
            // invitation); the flags stay as the call started.
            call.size_to(terms.policy.max_users);
        }
        let was_joined = call.joined;
        let pending = call.take_pending(&from.id, None);
        let mut joined_now = Vec::new();
        if pending.is_some() && call.add_participant(&from) {
            // Its place was the pending invitation's: it always fits.
            joined_now.push(from.clone());
        }
        let mut learned = Vec::new();
        let mut overflow = false;
        // A member vouches for users it could have invited itself: under the call's policy as
        // this kit holds it (the initiator always may). Anyone else it names must be pending
        // here, invited by someone who may.
        let may_vouch = from.id == call.initiator || call.policy.check_in_call(&from.id, &call.initiator).is_ok();
        if member {
            // Sorted IDs: comparing a roster of n with a call of n costs n log n, not n² (a big
            // call gets many rosters).
            let known = sorted_user_ids(&call.participants);
            let mut news = Vec::new();
            for user in &roster {
                if user.id != me && known.binary_search(&user.id.as_str()).is_err() {
                    news.push(user);
                }
            }
            for user in news {
                if call.left.contains(&user.id) {
                    continue;
                }
                if !may_vouch && !call.is_pending(&user.id) {
                    overflow = true;
                    continue;
                }
                if call.add_participant(user) {
                    joined_now.push(user.clone());
                    learned.push(user.id.clone());
                } else {
                    overflow = true;
                }
            }
        }
        let listed = sorted_user_ids(&roster);
        let sender_lacks = call.participants.iter().any(|p| p.id != from.id && listed.binary_search(&p.id.as_str()).is_err());
        let call_id = call.id.clone();
        if accepted && !was_joined {
            call.joined = true;
        }
        if let Some(pending) = pending.filter(|p| accepted && p.inviter == me) {
            fx.push(Effect::Notify(Notice::OutgoingCallAccepted { call_id: call_id.clone(), callee: pending.user, data }));
        }
        if !was_joined {
            if accepted {
                self.begin_join(fx);
            }
        } else if !joined_now.is_empty() && self.call.as_ref().is_some_and(|c| c.configured) {
            fx.push(Effect::Notify(Notice::UserJoin { call_id: call_id.clone(), users: joined_now }));
        }
        // An accept is always answered: the accepting kit sends it again until it hears back.
        if sender_lacks || accepted {
            self.send_roster(&call_id, vec![from.id], false, fx);
        }
        if !learned.is_empty() {
            // They may not have heard of this kit's user yet: they must, or they would leave
            // without telling it. So it asks them, as an accept does, until they answer.
            self.await_answers(learned.clone(), now);
            self.send_roster(&call_id, learned, true, fx);
        }
        fx.push(Effect::Render);
        if overflow {
            return Err(Reject::Forbidden("a roster names users the call cannot take: past its size, or not invited by someone who may"));
        }
        Ok(())
    }

    /// Waits for participants `ids`, none of them waited for yet, to answer an accept of this
    /// kit (see `Kit::retry_accept`).
    pub(super) fn await_answers(&mut self, mut ids: Vec<String>, now: u64) {
        if let Some(call) = self.call.as_mut() {
            call.unacked.append(&mut ids);
            call.retry = Some(Retry { due: now.saturating_add(ACK_RETRY_MS), tries_left: ACK_TRIES });
        }
    }

    /// Tells `to` who this kit believes is in the call; `ask`: as an accept, which they answer.
    pub(super) fn send_roster(&mut self, call_id: &str, to: Vec<String>, ask: bool, fx: &mut Effects) {
        let Some(call) = self.call.as_ref().filter(|c| c.id == call_id) else {
            return;
        };
        let (participants, terms) = (call.participants.clone(), call.terms());
        // The app's `accept(data)` is for the inviter: only the accepts it gets carry it (never
        // a reply to someone else's roster, which must not be larger than that roster).
        let to_inviter = call.invited_by.as_ref().is_some_and(|inviter| to.contains(inviter));
        let data = if to_inviter { call.answer.clone() } else { String::new() };
        let devices = self.devices();
        let body = if ask { Body::Accept { participants, terms, devices, data, re: call.re.clone() } } else { Body::Present { participants, terms, devices } };
        self.send_message(call_id, to, body, fx);
    }

    /// Sends this kit's accept again to the participants that have not answered it. After the
    /// last try they count as gone (their kit closed, or every answer was lost); a kit that
    /// joined by accepting and never heard from anyone in the call leaves it.
    pub(super) fn retry_accept(&mut self, now: u64, fx: &mut Effects) {
        let Some(call) = self.call.as_mut() else { return };
        let Some(Retry { tries_left, .. }) = call.retry.filter(|r| r.due <= now) else { return };
        let call_id = call.id.clone();
        if tries_left > 0 {
            call.retry = Some(Retry { due: now.saturating_add(ACK_RETRY_MS), tries_left: tries_left - 1 });
            let to = call.unacked.clone();
            self.send_roster(&call_id, to, true, fx);
            return;
        }
        call.retry = None;
        let silent = std::mem::take(&mut call.unacked);
        let me = &self.me.id;
        let heard = call.participants.iter().any(|u| u.id != *me && !silent.contains(&u.id));
        if (!heard || call.confirm_by.is_some()) && call.invited_by.is_some() {
            // Its goodbye goes to the silent ones too: they may only have been slow.
            self.leave(EndReason::Timeout, fx);
            return;
        }
        self.count_as_gone(&silent, fx);
    }

    /// Participants `ids` are gone without a goodbye (silent past a bound): removed as for a
    /// leave, with a tombstone so that a stale roster does not bring them back; the app hears of
    /// it, and a 1:1 call left with one person ends.
    pub(super) fn count_as_gone(&mut self, ids: &[String], fx: &mut Effects) {
        let Some(call) = self.call.as_mut() else { return };
        let mut gone = Vec::new();
        for id in ids {
            if let Some(user) = call.participants.iter().find(|u| u.id == *id) {
                gone.push(user.clone());
            }
            call.remove_participant(id);
        }
        if call.configured && !gone.is_empty() {
            fx.push(Effect::Notify(Notice::UserLeave { call_id: call.id.clone(), users: gone }));
        }
        fx.push(Effect::Render);
        self.end_if_alone(fx);
    }
}
