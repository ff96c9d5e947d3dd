//! The security model (docs/reliability.md, "Security model"; SPEC §7), tried as an attacker on
//! the other end of the transport would: membership is the call's, the policy is the call's,
//! answers never amplify, every list a kit keeps is bounded, and a member that vanishes is
//! dropped in bounded time.

use callkit_invite::core::*;
use callkit_invite::core::json;
use callkit_invite::core::protocol::{decode, encode, Invite};
use crate::support::{crafted, ids, Net};

const A: usize = 0;
const B: usize = 1;
const C: usize = 2;
const D: usize = 3;

fn net() -> Net {
    Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol"), ("dave", "Dave")])
}

fn user(id: &str) -> User {
    User::new(id, id.to_uppercase())
}

fn message(from: &str, sid: &str, seq: u64, to: &[&str], call: &str, body: Body) -> Envelope {
    crafted(user(from), sid, seq, to, call, body)
}

fn sent(effects: &[Effect]) -> Vec<&Envelope> {
    effects.iter().filter_map(|e| if let Effect::Send(m) = e { Some(m) } else { None }).collect()
}

/// alice calls bob, bob accepts: a 1:1 call of two; returns its ID.
fn alice_and_bob(net: &mut Net) -> String {
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    net.act(B, Event::Accept).unwrap();
    net.settle();
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
    assert_eq!(net.participants(B), ids(&["alice", "bob"]));
    net.kits[A].call().unwrap().id.clone()
}

/// The terms a roster of `call` carries, as alice's kit holds them.
fn terms(net: &Net, k: usize) -> Terms {
    net.kits[k].call().unwrap().terms()
}


// ---------------------------------------------------------------- membership

#[test]
fn an_accept_from_someone_never_invited_adds_nobody_and_gets_no_answer() {
    let mut net = net();
    let call = alice_and_bob(&mut net);
    let t = terms(&net, A);
    for (k, seq) in [(A, 1), (B, 2)] {
        let forged = message("mallory", "m", seq, &["alice", "bob"], &call, Body::Accept { participants: vec![user("mallory"), user("alice"), user("bob")], terms: t.clone(), devices: callkit_invite::core::Devices::default(), data: String::new(), re: String::new() });
        let fx = net.deliver(k, &forged);
        assert!(sent(&fx).iter().all(|m| !m.to.contains(&"mallory".to_string())), "kit {k} answered the stranger: {fx:?}");
    }
    net.run_for(30_000);
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
    assert_eq!(net.participants(B), ids(&["alice", "bob"]));
    assert!(net.sent.iter().all(|m| !m.to.contains(&"mallory".to_string())), "a member sent the stranger a call message");
}

#[test]
fn a_roster_from_a_non_member_adds_nobody() {
    let mut net = net();
    let call = alice_and_bob(&mut net);
    let t = terms(&net, A);
    let roster = vec![user("mallory"), user("eve"), user("alice"), user("bob")];
    net.deliver(A, &message("mallory", "m", 1, &["alice"], &call, Body::Present { participants: roster.clone(), terms: t.clone(), devices: callkit_invite::core::Devices::default() }));
    // Nor in a name nobody in the call knows, although the sender is invited elsewhere.
    net.deliver(B, &message("eve", "e", 1, &["bob"], &call, Body::Present { participants: roster, terms: t, devices: callkit_invite::core::Devices::default() }));
    net.run_for(30_000);
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
    assert_eq!(net.participants(B), ids(&["alice", "bob"]));
}

#[test]
fn an_invitee_joins_only_on_an_accept_of_an_invitation_pending_for_them() {
    let mut net = net();
    let call = alice_and_bob(&mut net);
    // carol was never invited: her accept, even naming herself as accepted, is ignored.
    let t = terms(&net, A);
    let fx = net.deliver(A, &message("carol", "c", 1, &["alice"], &call, Body::Accept { participants: vec![user("carol")], terms: t, devices: callkit_invite::core::Devices::default(), data: String::new(), re: String::new() }));
    assert!(sent(&fx).is_empty(), "{fx:?}");
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
    // Invited by a member, she is let in.
    net.invite(B, &["carol"], CallType::Video).unwrap();
    net.settle();
    net.act(C, Event::Accept).unwrap();
    net.run_for(5_000);
    for k in [A, B, C] {
        assert_eq!(net.participants(k), ids(&["alice", "bob", "carol"]), "kit {k}");
    }
}

#[test]
fn a_member_crafting_flipped_flags_cannot_invite_past_the_calls_policy() {
    let mut net = net();
    net.configure(A, ConfigPatch { only_initiator_can_invite: Some(true), ..Default::default() });
    let call = alice_and_bob(&mut net);
    // bob's kit is bypassed: he writes an invitation with the policy flipped.
    let mut policy = net.kits[B].call().unwrap().policy;
    policy.only_initiator_can_invite = false;
    let invite = Invite {
        call_type: 1,
        initiator: "alice".into(),
        policy,
        in_call: true,
        callees: vec![user("carol")],
        participants: vec![user("alice"), user("bob")],
        timeout: 60,
        data: String::new(),
    };
    let forged = message("bob", "bob-forged", 1, &["carol", "alice"], &call, Body::Invite(invite));
    net.deliver(A, &forged);
    assert!(net.pending(A).is_empty(), "alice holds carol as invited: the message's flags overrode the call's");
    net.deliver(C, &forged);
    assert!(net.ringing(C), "carol cannot tell: the call's members decide");
    net.act(C, Event::Accept).unwrap();
    // bob answers carol's accept himself, as an accomplice would.
    let t = Terms { initiator: "alice".into(), policy, media_key: String::new() };
    net.deliver(C, &message("bob", "bob-forged", 2, &["carol"], &call, Body::Present { participants: vec![user("alice"), user("bob"), user("carol")], terms: t, devices: callkit_invite::core::Devices::default() }));
    net.run_for(30_000);
    assert_eq!(net.participants(A), ids(&["alice", "bob"]), "carol got into alice's call");
    assert_eq!(net.participants(B), ids(&["alice", "bob"]));
    assert!(net.kits[C].call().is_none(), "carol stays in a call no member other than her inviter confirmed");
    assert!(
        net.notices(C).iter().any(|n| matches!(n, Notice::CallInvitationEnded { reason: EndReason::Timeout, .. })),
        "carol is told her join was not confirmed: {:?}",
        net.notices(C)
    );
}

#[test]
fn an_invitee_takes_the_calls_terms_from_the_members_not_from_the_inviter() {
    let mut net = net();
    net.configure(A, ConfigPatch { only_initiator_can_invite: Some(false), ..Default::default() });
    let call = alice_and_bob(&mut net);
    // bob may invite; he tells carol that only he, as "initiator", may invite from now on.
    let held = net.kits[B].call().unwrap().policy;
    let mut lie = held;
    lie.only_initiator_can_invite = true;
    lie.end_call_when_initiator_leave = true;
    // The invitation reaches alice from bob's real kit (his pending invitation of carol)...
    net.invite(B, &["carol"], CallType::Video).unwrap();
    let queued: Vec<_> = net.queue.drain(..).collect();
    for (k, text) in queued {
        if k != C {
            net.queue.push_back((k, text));
        }
    }
    net.settle();
    // ...and carol gets bob's lie instead.
    let invite = Invite {
        call_type: 1,
        initiator: "bob".into(),
        policy: lie,
        in_call: true,
        callees: vec![user("carol")],
        participants: vec![user("alice"), user("bob")],
        timeout: 60,
        data: String::new(),
    };
    // Bob's kit sends it as the invitation alice heard (its ID too: accepts name it).
    let real = net.sent.iter().rev().find(|e| e.from.id == "bob" && matches!(e.body, Body::Invite(_))).unwrap();
    let mut forged = message("bob", "bob-forged", 1, &["carol"], &call, Body::Invite(invite));
    (forged.id, forged.sid) = (real.id.clone(), real.sid.clone());
    net.deliver(C, &forged);
    net.act(C, Event::Accept).unwrap();
    net.run_for(5_000);
    let call_c = net.kits[C].call().expect("alice confirmed carol");
    assert_eq!(call_c.initiator, "alice");
    assert_eq!(call_c.policy, held, "carol holds the call's policy, not the inviter's word");
}

// ---------------------------------------------------------------- cancels

#[test]
fn a_cancel_after_the_accept_was_answered_leaves_the_participant_in() {
    let mut net = net();
    let call = alice_and_bob(&mut net);
    let forged = message("alice", "sid0", 1_000, &["bob"], &call, Body::Cancel { callees: vec!["bob".into()], timeout: false, data: String::new() });
    net.deliver(B, &forged);
    net.run_for(5_000);
    assert_eq!(net.participants(B), ids(&["alice", "bob"]), "a stale cancel put bob out of the call");
    assert!(net.kits[B].call().is_some());
}

// ---------------------------------------------------------------- answers never amplify

/// A first invitation from mallory to bob that names 40 made-up participants.
fn lure(seq: u64, call: &str) -> Envelope {
    let invite = Invite {
        call_type: 1,
        initiator: "mallory".into(),
        policy: Policy::default(),
        in_call: false,
        callees: vec![user("bob")],
        participants: (0..40).map(|i| user(&format!("victim{i}"))).collect(),
        timeout: 60,
        data: String::new(),
    };
    message("mallory", "m", seq, &["bob"], call, Body::Invite(invite))
}

/// Every message of `effects` goes to the sender of `cause` only (or to the kit's own user,
/// for its other tabs), and none is larger than `cause`.
fn assert_no_amplification(effects: &[Effect], cause: &Envelope, me: &str) {
    let limit = encode(cause).len();
    for m in sent(effects) {
        assert!(m.to == vec![cause.from.id.clone()] || m.to == vec![me.to_string()], "an answer to {:?} went to {:?}", cause.body, m.to);
        assert!(encode(m).len() <= limit, "an answer of {} bytes to a message of {limit}", encode(m).len());
    }
}

#[test]
fn a_decline_goes_to_the_inviter_only() {
    let mut net = net();
    let lured = lure(1, "call_lure_1");
    net.deliver(B, &lured);
    assert!(net.ringing(B));
    let fx = net.act(B, Event::Decline).unwrap();
    assert_no_amplification(&fx, &lured, "bob");
}

#[test]
fn a_busy_answer_goes_to_the_inviter_only() {
    let mut net = net();
    alice_and_bob(&mut net);
    let lured = lure(1, "call_lure_2");
    let fx = net.deliver(B, &lured);
    assert!(!sent(&fx).is_empty(), "bob answers busy");
    assert_no_amplification(&fx, &lured, "bob");
}

#[test]
fn a_forbidden_invitation_is_declined_to_the_inviter_only() {
    let mut net = net();
    let mut lured = lure(1, "call_lure_3");
    if let Body::Invite(invite) = &mut lured.body {
        invite.in_call = true; // from a non-initiator, with canInvitingInCalling off
        invite.initiator = "alice".into();
    }
    let fx = net.deliver(B, &lured);
    assert!(!net.ringing(B));
    assert_no_amplification(&fx, &lured, "bob");
}

#[test]
fn no_message_from_a_stranger_gets_a_wider_or_larger_answer() {
    let mut net = net();
    let call = alice_and_bob(&mut net);
    net.invite(B, &["carol"], CallType::Voice).unwrap();
    net.settle();
    let t = terms(&net, A);
    let many: Vec<User> = (0..40).map(|i| user(&format!("v{i}"))).collect();
    let bodies = [
        Body::Accept { participants: many.clone(), terms: t.clone(), devices: callkit_invite::core::Devices::default(), data: String::new(), re: String::new() },
        Body::Present { participants: many.clone(), terms: t.clone(), devices: callkit_invite::core::Devices::default() },
        Body::Decline { busy: false, data: String::new() },
        Body::Decline { busy: true, data: String::new() },
        Body::Leave {},
        Body::End {},
        Body::Cancel { callees: vec!["carol".into(), "bob".into()], timeout: false, data: String::new() },
    ];
    for (i, body) in bodies.into_iter().enumerate() {
        for k in [A, B, C] {
            let me = net.kits[k].me().id.clone();
            let m = message("mallory", "m", (i * 10 + k) as u64, &[&me], &call, body.clone());
            let fx = net.deliver(k, &m);
            assert_no_amplification(&fx, &m, &me);
        }
    }
}

// ---------------------------------------------------------------- bounded state

#[test]
fn a_members_roster_cannot_grow_the_call_past_its_limit() {
    let mut net = net();
    let call = alice_and_bob(&mut net);
    let t = terms(&net, A);
    let mut roster: Vec<User> = (0..45).map(|i| user(&format!("made-up{i}"))).collect();
    roster.extend([user("alice"), user("bob")]);
    // alice's name, as a broken or hostile member kit would send it.
    net.deliver(B, &message("alice", "alice-forged", 1, &["bob"], &call, Body::Present { participants: roster, terms: t, devices: callkit_invite::core::Devices::default() }));
    let call_b = net.kits[B].call().unwrap();
    assert!(call_b.participants.len() <= 10, "{} participants", call_b.participants.len());
    assert!(net.dropped(B).iter().any(|r| matches!(r, Reject::Forbidden(_))), "the excess is reported: {:?}", net.dropped(B));
}

#[test]
fn rosters_and_lists_longer_than_the_largest_call_do_not_decode() {
    let mut net = net();
    let call = alice_and_bob(&mut net);
    let t = terms(&net, A);
    let roster: Vec<User> = (0..51).map(|i| user(&format!("u{i}"))).collect();
    let text = encode(&message("alice", "a", 1, &["bob"], &call, Body::Present { participants: roster, terms: t, devices: callkit_invite::core::Devices::default() }));
    assert!(matches!(decode(&text), Err(Reject::Invalid(_))), "{:?}", decode(&text).map(|_| ()));
    let to: Vec<String> = (0..51).map(|i| format!("u{i}")).collect();
    let refs: Vec<&str> = to.iter().map(String::as_str).collect();
    let text = encode(&message("alice", "a", 1, &refs, &call, Body::Leave {}));
    assert!(matches!(decode(&text), Err(Reject::Invalid("to"))));
}

#[test]
fn leaves_and_declines_from_strangers_keep_memory_bounded() {
    let mut net = net();
    let call = alice_and_bob(&mut net);
    net.invite(B, &["carol"], CallType::Voice).unwrap();
    net.settle();
    let before = net.kits[A].memory_footprint();
    for i in 0..2_000u64 {
        let from = format!("stranger{i}");
        net.deliver(A, &message(&from, &format!("s{i}"), 1, &["alice"], &call, Body::Leave {}));
        net.deliver(C, &message(&from, &format!("s{i}"), 2, &["carol"], &call, Body::Leave {}));
    }
    let after = net.kits[A].memory_footprint();
    assert!(after <= before + 300, "alice's memory grew from {before} to {after} entries");
    assert!(net.kits[C].memory_footprint() <= 300, "carol's memory grew to {}", net.kits[C].memory_footprint());
    assert!(net.ringing(C), "strangers' leaves stopped carol's ringing");
}

#[test]
fn an_object_with_thousands_of_keys_is_rejected_at_once() {
    let mut text = String::from("{\"v\":2");
    for i in 0..6_500 {
        text.push_str(&format!(",\"k{i}\":0"));
    }
    text.push('}');
    assert!(text.len() <= protocol::MAX_MESSAGE_LEN);
    let err = json::parse(&text).unwrap_err();
    assert_eq!(err.what, "too many keys");
    assert!(err.at < 1_000, "rejected only at byte {}", err.at);
}

// ---------------------------------------------------------------- liveness

/// Runs the clock `ms` forward in steps of `step` ms, ticking every kit but `gone`, and
/// delivering every message except those to or from `gone`.
fn run_without(net: &mut Net, gone: usize, ms: u64, step: u64) {
    let end = net.now + ms;
    while net.now < end {
        net.now += step;
        for k in 0..net.kits.len() {
            if k != gone {
                net.act(k, Event::Tick).unwrap();
            }
        }
        let gone_id = net.kits[gone].me().id.clone();
        net.settle_but(|k, text| k == gone || decode(text).is_ok_and(|m| m.from.id == gone_id));
    }
}

#[test]
fn a_member_that_vanishes_without_a_goodbye_is_dropped_within_15_seconds() {
    let mut net = net();
    alice_and_bob(&mut net);
    net.invite(A, &["carol", "dave"], CallType::Video).unwrap();
    net.settle();
    net.act(C, Event::Accept).unwrap();
    net.act(D, Event::Accept).unwrap();
    net.settle();
    // A minute of everyone alive: nobody is dropped.
    net.run_for(60_000);
    for k in [A, B, C, D] {
        assert_eq!(net.participants(k), ids(&["alice", "bob", "carol", "dave"]), "kit {k}");
    }
    // dave's tab crashes: no goodbye.
    run_without(&mut net, D, 15_000, 500);
    for k in [A, B, C] {
        assert_eq!(net.participants(k), ids(&["alice", "bob", "carol"]), "kit {k} still shows dave 15 s later");
    }
}

#[test]
fn the_other_side_of_a_one_to_one_call_vanishing_ends_it() {
    let mut net = net();
    net.one_to_one(A);
    alice_and_bob(&mut net);
    run_without(&mut net, B, 15_000, 500);
    assert!(net.kits[A].call().is_none(), "alice is left in a call with nobody");
}

#[test]
fn a_member_who_may_not_invite_cannot_vouch_for_someone_in_a_roster() {
    let mut net = net();
    net.configure(A, ConfigPatch { only_initiator_can_invite: Some(true), ..Default::default() });
    let call = alice_and_bob(&mut net);
    let t = terms(&net, A);
    // bob's kit is bypassed: his roster says carol accepted.
    let roster = vec![user("alice"), user("bob"), user("carol")];
    let fx = net.deliver(A, &message("bob", "bob-forged", 1, &["alice"], &call, Body::Present { participants: roster.clone(), terms: t.clone(), devices: callkit_invite::core::Devices::default() }));
    assert!(sent(&fx).iter().all(|m| !m.to.contains(&"carol".to_string())), "alice greets carol: {fx:?}");
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
    // The initiator may: alice's roster naming dave counts at bob's.
    net.deliver(B, &message("alice", "alice-2", 1, &["bob"], &call, Body::Present { participants: vec![user("alice"), user("bob"), user("dave")], terms: t, devices: callkit_invite::core::Devices::default() }));
    assert_eq!(net.participants(B), ids(&["alice", "bob", "dave"]));
}

#[test]
fn an_accept_that_overtakes_its_invitation_is_taken_when_the_invitation_comes() {
    let mut net = net();
    alice_and_bob(&mut net);
    net.invite(A, &["carol"], CallType::Video).unwrap();
    // The invitation reaches carol first; bob's copy is slow.
    let slow: Vec<_> = net.queue.iter().filter(|(k, _)| *k == B).cloned().collect();
    net.queue.retain(|(k, _)| *k != B);
    net.settle();
    net.act(C, Event::Accept).unwrap();
    net.settle();
    assert_eq!(net.participants(B), ids(&["alice", "bob"]), "bob cannot tell carol's accept from a stranger's yet");
    net.queue.extend(slow);
    net.settle();
    assert_eq!(net.participants(B), ids(&["alice", "bob", "carol"]), "the invitation came: carol's accept counts at once");
}
