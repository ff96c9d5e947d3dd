//! Races, each one deterministic: two things happen before either side hears of the other, and
//! both sides must end up agreeing (SPEC.md §2 "Lifecycle"). Messages "in flight" are the ones
//! still in the `Net`'s queue; `run_for` lets the kits' timers fire as a host's would.

use callkit_invite::core::*;
use crate::support::{ids, Net};

const A: usize = 0;
const B: usize = 1;
const C: usize = 2;
const D: usize = 3;

fn net(n: usize) -> Net {
    let users = [("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol"), ("dave", "Dave")];
    Net::new(&users[..n])
}

fn ended(net: &Net, k: usize, reason: EndReason) -> bool {
    net.notices(k).iter().any(|n| matches!(n, Notice::CallInvitationEnded { reason: r, .. } if *r == reason))
}

fn count(net: &Net, k: usize, pred: impl Fn(&Notice) -> bool) -> usize {
    net.notices(k).iter().filter(|n| pred(n)).count()
}

/// Every kit at rest: nobody rings, nobody is pending, and each call's kits agree on who is in it.
fn assert_at_rest(net: &Net) {
    for k in 0..net.kits.len() {
        assert!(!net.ringing(k), "kit {k} still rings");
        assert!(net.pending(k).is_empty(), "kit {k} still calling {:?}", net.pending(k));
        let Some(call) = net.kits[k].call() else { continue };
        let mut in_call: Vec<String> = net.kits.iter().filter(|o| o.call().is_some_and(|c| c.id == call.id)).map(|o| o.me().id.clone()).collect();
        in_call.sort();
        in_call.dedup();
        assert_eq!(net.participants(k), in_call, "kit {k} lists who is not in {} (or misses someone)", call.id);
    }
}

/// A 1:1 call ringing at bob.
fn ringing_one_to_one() -> Net {
    let mut net = net(2);
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    assert!(net.ringing(B));
    net
}

/// alice and bob in a call, with the default (open) policy of `Net`.
fn in_call(n: usize) -> Net {
    let mut net = net(n);
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    net.act(B, Event::Accept).unwrap();
    net.settle();
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
    net
}

#[test]
fn accept_after_cancel_crossing_ends_both_sides() {
    let mut net = ringing_one_to_one();
    net.act(A, Event::CancelCalling).unwrap();
    net.act(B, Event::Accept).unwrap(); // the cancel is still on its way
    net.run_for(30_000);
    assert!(net.kits[A].call().is_none() && net.kits[B].call().is_none());
    assert!(ended(&net, A, EndReason::Canceled) && ended(&net, B, EndReason::Canceled));
    assert_eq!(count(&net, A, |n| matches!(n, Notice::OutgoingCallAccepted { .. })), 0, "alice hears no accept of a call she cancelled");
    assert_at_rest(&net);
}

#[test]
fn accept_after_cancel_arrived_is_refused() {
    let mut net = ringing_one_to_one();
    net.act(A, Event::CancelCalling).unwrap();
    net.settle();
    assert_eq!(net.act(B, Event::Accept), Err(Error::Refused(Refusal::NoIncomingCall)));
    assert!(net.notices(B).iter().any(|n| matches!(n, Notice::IncomingCallCanceled { .. })));
    assert_at_rest(&net);
}

#[test]
fn accept_crossing_the_timeout_ends_both_sides() {
    let mut net = ringing_one_to_one();
    net.now += 59_999;
    net.act(B, Event::Accept).unwrap();
    net.now += 1;
    net.act(A, Event::Tick).unwrap(); // alice's invitation times out; bob's accept is in flight
    net.run_for(30_000);
    assert!(net.kits[A].call().is_none() && net.kits[B].call().is_none());
    assert!(ended(&net, A, EndReason::Timeout) && ended(&net, B, EndReason::Timeout));
    assert_at_rest(&net);
}

#[test]
fn accept_after_the_ring_timed_out_is_refused() {
    let mut net = ringing_one_to_one();
    net.run_for(60_000);
    assert_eq!(net.act(B, Event::Accept), Err(Error::Refused(Refusal::NoIncomingCall)));
    assert!(net.notices(B).iter().any(|n| matches!(n, Notice::IncomingCallTimeout { .. })));
    assert!(net.notices(A).iter().any(|n| matches!(n, Notice::OutgoingCallTimeout { .. })));
    assert_at_rest(&net);
}

#[test]
fn two_callees_accepting_at_once_all_meet() {
    let mut net = net(3);
    net.invite(A, &["bob", "carol"], CallType::Video).unwrap();
    net.settle();
    net.act(B, Event::Accept).unwrap();
    net.act(C, Event::Accept).unwrap(); // neither accept has reached anyone yet
    net.run_for(30_000);
    for k in [A, B, C] {
        assert_eq!(net.participants(k), ids(&["alice", "bob", "carol"]), "kit {k}");
    }
    assert_eq!(count(&net, A, |n| matches!(n, Notice::OutgoingCallAccepted { .. })), 2);
    assert_at_rest(&net);
}

#[test]
fn a_second_accept_of_the_same_invitation_is_refused() {
    let mut net = ringing_one_to_one();
    net.act(B, Event::Accept).unwrap();
    assert_eq!(net.act(B, Event::Accept), Err(Error::Refused(Refusal::NoIncomingCall)));
    net.run_for(30_000);
    let accepts = net.sent.iter().filter(|e| e.from.id == "bob" && matches!(e.body, Body::Accept { .. })).count();
    assert_eq!(accepts, 1, "one accept, answered at once: no retries");
    assert_eq!(count(&net, A, |n| matches!(n, Notice::OutgoingCallAccepted { .. })), 1);
    assert_at_rest(&net);
}

#[test]
fn cancel_after_the_accept_arrived_keeps_the_call() {
    let mut net = in_call(2);
    // The 1:1 caller's "Cancel" came too late: nothing is pending any more.
    net.act(A, Event::CancelCalling).unwrap();
    assert_eq!(net.act(A, Event::CancelInvitee("bob".into())), Err(Error::Refused(Refusal::NotInviter)));
    net.run_for(30_000);
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
    assert_eq!(net.participants(B), ids(&["alice", "bob"]));
    assert_at_rest(&net);
}

#[test]
fn cancel_of_one_invitee_crossing_its_accept_ends_the_same_way_on_both_sides() {
    let mut net = net(3);
    net.invite(A, &["bob", "carol"], CallType::Video).unwrap(); // a group call: alice is in it
    net.settle();
    net.act(A, Event::CancelInvitee("bob".into())).unwrap();
    net.act(B, Event::Accept).unwrap();
    net.run_for(70_000); // carol's invitation times out meanwhile
    // bob's accept lost the race: the cancel reaches him in the call and he leaves it.
    assert!(net.kits[B].call().is_none());
    assert!(ended(&net, B, EndReason::Canceled));
    assert!(!net.participants(A).contains(&"bob".to_string()));
    assert_at_rest(&net);
}

#[test]
fn two_participants_inviting_the_same_user_at_once_ring_it_once() {
    let mut net = in_call(3);
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.invite(B, &["carol"], CallType::Video).unwrap(); // neither heard of the other's yet
    net.settle();
    assert!(net.ringing(C));
    assert_eq!(count(&net, C, |n| matches!(n, Notice::IncomingCallReceived { .. })), 1, "carol rings once");
    net.act(C, Event::Accept).unwrap();
    net.run_for(30_000);
    for k in [A, B, C] {
        assert_eq!(net.participants(k), ids(&["alice", "bob", "carol"]), "kit {k}");
    }
    assert_at_rest(&net);
}

#[test]
fn a_user_invited_into_two_calls_at_once_is_busy_for_the_second() {
    let mut net = net(3);
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.invite(B, &["carol"], CallType::Voice).unwrap();
    net.settle(); // alice's invitation arrives first
    assert_eq!(net.kits[C].incoming().unwrap().caller.id, "alice");
    assert!(net.notices(B).iter().any(|n| matches!(n, Notice::OutgoingCallRejected { callee, .. } if callee.id == "carol")));
    assert!(net.toasts(B).contains(&Toast::Busy("Carol".into())));
    assert!(net.kits[B].call().is_none() && ended(&net, B, EndReason::Busy));
    net.act(C, Event::Accept).unwrap();
    net.run_for(30_000);
    assert_eq!(net.participants(A), ids(&["alice", "carol"]));
    assert_at_rest(&net);
}

#[test]
fn one_user_in_two_tabs_one_accepts_the_other_stops_ringing() {
    let mut net = net(2);
    let tab = net.add_kit("bob", "Bob");
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    assert!(net.ringing(B) && net.ringing(tab));
    net.act(B, Event::Accept).unwrap();
    net.run_for(30_000);
    assert!(!net.ringing(tab) && net.kits[tab].call().is_none());
    assert!(net.notices(tab).iter().any(|n| matches!(n, Notice::IncomingCallCanceled { .. })));
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
    assert_eq!(net.participants(B), ids(&["alice", "bob"]));
}

#[test]
fn one_user_in_two_tabs_the_answer_overtakes_the_invitation() {
    let mut net = net(2);
    let tab = net.add_kit("bob", "Bob");
    net.invite(A, &["bob"], CallType::Video).unwrap();
    let late = net.queue.iter().position(|(k, _)| *k == tab).unwrap();
    let late = net.queue.remove(late).unwrap();
    net.settle();
    net.act(B, Event::Decline).unwrap();
    net.settle(); // the second tab hears "answered" before the invitation
    net.queue.push_back(late);
    net.settle();
    assert!(!net.ringing(tab), "the second tab rings for an invitation its user declined");
    assert!(net.kits[A].call().is_none() && ended(&net, A, EndReason::Declined));
}

#[test]
fn the_initiator_leaving_with_invitations_pending_stops_their_ringing() {
    let mut net = in_call(4);
    net.invite(A, &["carol", "dave"], CallType::Video).unwrap();
    net.settle();
    assert!(net.ringing(C) && net.ringing(D));
    assert_eq!(net.pending(B), ids(&["carol", "dave"]));
    net.act(A, Event::HangUp).unwrap();
    net.run_for(30_000);
    assert!(!net.ringing(C) && !net.ringing(D));
    assert!(net.notices(C).iter().any(|n| matches!(n, Notice::IncomingCallCanceled { .. })));
    assert!(net.pending(B).is_empty(), "bob's waiting tiles are gone");
    assert_eq!(net.participants(B), ids(&["bob"]), "bob stays: endCallWhenInitiatorLeave is off");
    assert_at_rest(&net);
}

#[test]
fn the_initiator_leaving_as_an_invitee_accepts_and_the_call_ends_for_all() {
    let mut net = net(4);
    for k in 0..4 {
        net.configure(k, ConfigPatch { end_call_when_initiator_leave: Some(true), ..Default::default() });
    }
    net.invite(A, &["bob", "carol"], CallType::Video).unwrap();
    net.settle();
    net.act(B, Event::Accept).unwrap();
    net.settle();
    net.act(C, Event::Accept).unwrap();
    net.act(A, Event::HangUp).unwrap(); // carol's accept and alice's end cross
    net.run_for(30_000);
    for k in [A, B, C] {
        assert!(net.kits[k].call().is_none(), "kit {k} stays in a call its initiator ended");
    }
    assert_at_rest(&net);
}

#[test]
fn destroying_the_caller_while_the_callee_rings_stops_the_ringing() {
    let mut net = ringing_one_to_one();
    net.act(A, Event::Destroy).unwrap();
    net.run_for(30_000);
    assert!(!net.ringing(B));
    assert!(net.notices(B).iter().any(|n| matches!(n, Notice::IncomingCallCanceled { .. })));
    assert_at_rest(&net);
}

#[test]
fn destroying_the_ringing_callee_declines_for_it() {
    let mut net = ringing_one_to_one();
    net.act(B, Event::Destroy).unwrap();
    net.run_for(30_000);
    assert!(net.kits[A].call().is_none() && ended(&net, A, EndReason::Declined));
    assert_at_rest(&net);
}

#[test]
fn destroying_the_caller_as_the_callee_accepts_frees_the_callee() {
    let mut net = ringing_one_to_one();
    net.act(B, Event::Accept).unwrap();
    net.act(A, Event::Destroy).unwrap(); // alice's cancel and bob's accept cross
    net.run_for(30_000);
    assert!(net.kits[B].call().is_none());
    assert_at_rest(&net);
}

/// The same, and alice's cancel is lost: nobody answers bob's accept, so bob leaves the call
/// once its retries run out (16 s) instead of sitting in it forever.
#[test]
fn destroying_the_caller_as_the_callee_accepts_frees_the_callee_even_if_the_cancel_is_lost() {
    let mut net = ringing_one_to_one();
    net.act(B, Event::Accept).unwrap();
    net.act(A, Event::Destroy).unwrap();
    net.queue.retain(|(k, _)| *k != B); // alice's cancel never arrives
    net.settle();
    assert!(net.kits[B].call().is_some());
    net.run_for(30_000);
    assert!(net.kits[B].call().is_none(), "bob sits in a call with a closed tab: {:?}", net.kits[B].call());
    assert!(ended(&net, B, EndReason::Timeout));
    let retries = net.sent.iter().filter(|e| e.from.id == "bob" && matches!(e.body, Body::Accept { .. })).count();
    assert_eq!(retries, 8, "the accept and its 7 retries");
}

/// The example: the accept is lost, and the caller's timeout withdrawal too. The callee
/// sends its accept again; the caller, whose call is over, answers that it left.
#[test]
fn a_lost_accept_and_a_lost_withdrawal_still_end_both_sides() {
    let mut net = ringing_one_to_one();
    net.act(B, Event::Accept).unwrap();
    net.queue.retain(|(k, _)| *k != A); // the accept is lost
    net.now += 60_000;
    net.act(A, Event::Tick).unwrap(); // alice times out ...
    net.queue.retain(|(k, _)| *k != B); // ... and her cancel is lost too
    assert!(net.kits[A].call().is_none());
    assert!(net.kits[B].call().is_some());
    net.run_for(5_000); // bob's accept goes out again within 2 s; alice says she left
    assert!(net.kits[B].call().is_none(), "bob is still in a call alice gave up on");
    assert_at_rest(&net);
}

/// Only the answer to the accept is lost: the callee sends its accept again, the caller answers
/// again, and the call goes on.
#[test]
fn a_lost_answer_to_an_accept_is_made_up_for() {
    let mut net = ringing_one_to_one();
    net.act(B, Event::Accept).unwrap();
    net.settle_but(|k, _| k == B); // alice's answer to the accept is lost
    assert_eq!(net.kits[B].call().unwrap().unacked, vec!["alice".to_string()]);
    net.run_for(30_000);
    assert!(net.kits[B].call().unwrap().unacked.is_empty());
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
    assert_eq!(net.participants(B), ids(&["alice", "bob"]));
    assert_at_rest(&net);
}
