//! Hostile input (docs/reliability.md, "Trust model"): messages that claim a sender they may not
//! speak for, that are addressed to others, that break the call's policy, that replay or reorder
//! what was said, and texts built to hurt a decoder. Each is dropped (or answered as the rules
//! say) and never panics, never errs, never changes what it must not.

use callkit_invite::core::*;
use callkit_invite::core::json::MAX_DEPTH;
use callkit_invite::core::protocol::{decode, Invite, MAX_MESSAGE_LEN};
use crate::support::{crafted, ids, Net};

const A: usize = 0;
const B: usize = 1;
const C: usize = 2;

fn net() -> Net {
    Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol")])
}

fn message(from: &str, sid: &str, seq: u64, to: &[&str], call: &str, body: Body) -> Envelope {
    crafted(User::new(from, from.to_uppercase()), sid, seq, to, call, body)
}

fn dropped(effects: &[Effect]) -> Vec<Reject> {
    effects.iter().filter_map(|e| if let Effect::Dropped(r) = e { Some(r.clone()) } else { None }).collect()
}

/// alice's 1:1 invitation ringing at bob; returns the call ID.
fn bob_rings(net: &mut Net) -> String {
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    assert!(net.ringing(B));
    net.kits[A].call().unwrap().id.clone()
}

// ---------------------------------------------------------------- senders

#[test]
fn a_cancel_from_someone_who_did_not_invite_is_dropped() {
    let mut net = net();
    let call = bob_rings(&mut net);
    let forged = message("carol", "mallory", 1, &["bob"], &call, Body::Cancel { callees: vec!["bob".into()], timeout: false, data: String::new() });
    let fx = net.deliver(B, &forged);
    assert!(matches!(dropped(&fx)[..], [Reject::Forbidden(_)]), "{fx:?}");
    assert!(net.ringing(B), "a stranger stopped bob's ringing");
}

#[test]
fn answers_with_data_from_someone_not_invited_change_nothing() {
    let mut net = net();
    let call = bob_rings(&mut net);
    net.clear_logs();
    let before = format!("{:?}", net.kits[A].call());
    // carol was not invited: her decline and her accept, data and all, are no answers.
    let decline = message("carol", "mallory", 1, &["alice"], &call, Body::Decline { busy: false, data: "gotcha".into() });
    net.deliver(A, &decline);
    let terms = Terms { initiator: "alice".into(), policy: net.kits[A].call().unwrap().policy, media_key: String::new() };
    let accept = Body::Accept { participants: vec![User::new("carol", "C")], terms, devices: Devices::default(), data: "gotcha".into(), re: String::new() };
    net.deliver(A, &message("carol", "mallory", 2, &["alice"], &call, accept));
    assert_eq!(before, format!("{:?}", net.kits[A].call()), "alice's call is as it was");
    assert!(net.notices(A).is_empty(), "{:?}", net.notices(A));
    // Nor is a cancel with data from carol, who did not invite bob.
    let cancel = message("carol", "mallory", 3, &["bob"], &call, Body::Cancel { callees: vec!["bob".into()], timeout: false, data: "gotcha".into() });
    let fx = net.deliver(B, &cancel);
    assert!(matches!(dropped(&fx)[..], [Reject::Forbidden(_)]), "{fx:?}");
    assert!(net.ringing(B) && net.notices(B).is_empty());
}

#[test]
fn an_end_from_someone_who_did_not_start_the_call_is_dropped() {
    let mut net = net();
    for k in 0..3 {
        net.configure(k, ConfigPatch { end_call_when_initiator_leave: Some(true), ..Default::default() });
    }
    let call = bob_rings(&mut net);
    net.act(B, Event::Accept).unwrap();
    net.settle();
    let forged = message("carol", "mallory", 1, &["bob"], &call, Body::End {});
    let fx = net.deliver(B, &forged);
    assert!(matches!(dropped(&fx)[..], [Reject::Forbidden(_)]));
    assert_eq!(net.participants(B), ids(&["alice", "bob"]), "a stranger ended bob's call");
}

#[test]
fn a_first_invitation_that_names_someone_else_as_initiator_is_dropped() {
    let mut net = net();
    let invite = Invite {
        call_type: 1,
        initiator: "alice".into(), // sent by carol, who did not start it
        policy: Policy::default(),
        in_call: false,
        callees: vec![User::new("bob", "Bob")],
        participants: vec![User::new("alice", "Alice")],
        timeout: 60,
        data: String::new(),
    };
    let fx = net.deliver(B, &message("carol", "mallory", 1, &["bob"], "call_x", Body::Invite(invite)));
    assert!(matches!(dropped(&fx)[..], [Reject::Forbidden(_)]));
    assert!(!net.ringing(B));
}

#[test]
fn a_message_claiming_the_kits_own_user_is_dropped() {
    let mut net = net();
    let call = bob_rings(&mut net);
    // Only "answered" may come from another tab of the same user.
    let fx = net.deliver(B, &message("bob", "other-tab", 1, &["bob"], &call, Body::Decline { busy: false, data: String::new() }));
    assert_eq!(dropped(&fx), vec![Reject::FromSelf]);
    assert!(net.ringing(B));
}

#[test]
fn a_message_addressed_to_others_changes_nothing() {
    let mut net = net();
    let call = bob_rings(&mut net);
    let before = format!("{:?}", net.kits[B]);
    // A broadcast transport hands every kit every message: bob sees one for carol.
    let fx = net.deliver(B, &message("alice", "sid0", 99, &["carol"], &call, Body::Cancel { callees: vec!["bob".into()], timeout: false, data: String::new() }));
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(before, format!("{:?}", net.kits[B]));
}

#[test]
fn an_in_call_invitation_the_calls_policy_forbids_is_declined_and_does_not_ring() {
    let mut net = net();
    net.configure(A, ConfigPatch { only_initiator_can_invite: Some(true), ..Default::default() });
    let call = bob_rings(&mut net);
    net.act(B, Event::Accept).unwrap();
    net.settle();
    // bob's kit is bypassed: a message in his name invites carol although only alice may.
    let policy = net.kits[B].call().unwrap().policy;
    let invite = Invite {
        call_type: 1,
        initiator: "alice".into(),
        policy,
        in_call: true,
        callees: vec![User::new("carol", "Carol")],
        participants: vec![User::new("alice", "Alice"), User::new("bob", "Bob")],
        timeout: 60,
        data: String::new(),
    };
    let forged = message("bob", "bob-forged", 1, &["carol", "alice"], &call, Body::Invite(invite));
    let fx = net.deliver(C, &forged);
    assert!(matches!(dropped(&fx)[..], [Reject::Forbidden(_)]));
    assert!(!net.ringing(C), "carol rings for an invitation the call forbids");
    assert!(fx.iter().any(|e| matches!(e, Effect::Send(m) if matches!(m.body, Body::Decline { busy: false, .. }))), "carol declines it");
    let fx = net.deliver(A, &forged);
    assert!(matches!(dropped(&fx)[..], [Reject::Forbidden(_)]));
    assert!(net.pending(A).is_empty(), "alice shows carol as called");
    assert!(!net.kits[C].config().only_initiator_can_invite, "the call's policy never leaks into carol's config");
}

// ---------------------------------------------------------------- replays, duplicates, reordering

#[test]
fn a_replayed_invitation_does_not_ring_again() {
    let mut net = net();
    net.invite(A, &["bob"], CallType::Video).unwrap();
    let (_, text) = net.queue.front().cloned().unwrap();
    net.settle();
    net.act(B, Event::Decline).unwrap();
    net.settle();
    for _ in 0..3 {
        net.queue.push_back((B, text.clone()));
    }
    net.settle();
    assert!(!net.ringing(B), "a replay rang again");
    assert_eq!(net.notices(B).iter().filter(|n| matches!(n, Notice::IncomingCallReceived { .. })).count(), 1);
}

#[test]
fn a_duplicated_accept_is_taken_once() {
    let mut net = net();
    bob_rings(&mut net);
    net.act(B, Event::Accept).unwrap();
    let copies: Vec<(usize, String)> = net.queue.iter().filter(|(k, _)| *k == A).cloned().collect();
    net.queue.extend(copies);
    net.settle();
    let accepted = net.notices(A).iter().filter(|n| matches!(n, Notice::OutgoingCallAccepted { .. })).count();
    assert_eq!(accepted, 1);
    let answers = net.sent.iter().filter(|e| e.from.id == "alice" && matches!(e.body, Body::Present { .. })).count();
    assert_eq!(answers, 1, "the copy is dropped before it is answered");
}

/// Found by the fault-injection suite (seed 139): a participant's in-call invitation overtaken by
/// its own leave brought the leaver back into the call of whoever got them in that order.
#[test]
fn an_invitation_overtaken_by_its_senders_leave_does_not_bring_the_sender_back() {
    let mut net = net();
    net.invite(A, &["bob", "carol"], CallType::Video).unwrap();
    net.settle();
    net.act(B, Event::Accept).unwrap();
    net.act(C, Event::Accept).unwrap();
    net.settle();
    net.invite(B, &["dave"], CallType::Video).unwrap(); // to dave, and to alice and carol
    let at = net.queue.iter().position(|(k, _)| *k == A).unwrap();
    let invite_to_alice = net.queue.remove(at).unwrap();
    net.act(B, Event::HangUp).unwrap();
    net.settle(); // alice hears bob leave ...
    assert_eq!(net.participants(A), ids(&["alice", "carol"]));
    net.queue.push_back(invite_to_alice); // ... then the invitation he sent before
    net.settle();
    assert_eq!(net.participants(A), ids(&["alice", "carol"]), "alice lists bob again, who left");
    assert!(net.pending(A).is_empty(), "alice shows bob's invitation, which ended with him");
}

#[test]
fn a_roster_overtaken_by_its_senders_leave_does_not_bring_the_sender_back() {
    let mut net = net();
    net.invite(A, &["bob", "carol"], CallType::Video).unwrap();
    net.settle();
    net.act(B, Event::Accept).unwrap();
    net.settle();
    net.act(C, Event::Accept).unwrap();
    // carol's accept reaches bob, who answers it with a roster; that answer is slow to reach her.
    net.settle_but(|_, _| false);
    let call = net.kits[B].call().unwrap().id.clone();
    let stale = message("bob", "sid1", 1_000, &["carol"], &call, Body::Present { participants: vec![net.user("alice"), net.user("bob"), net.user("carol")], terms: Terms { initiator: "alice".into(), policy: Policy::default(), media_key: String::new() }, devices: callkit_invite::core::Devices::default() });
    let leave = message("bob", "sid1", 1_001, &["carol"], &call, Body::Leave {});
    net.deliver(C, &leave);
    let fx = net.deliver(C, &stale);
    assert!(fx.is_empty(), "the overtaken roster is dropped silently: {fx:?}");
    assert_eq!(net.participants(C), ids(&["alice", "carol"]));
}

/// Seen in the 10-member e2e call: a leaver says its goodbye again to whoever sent it a roster
/// that crossed the first one. The second goodbye changes nothing and warns of nothing; a leave
/// from someone who never was in the call is still dropped as forbidden.
#[test]
fn a_goodbye_said_again_is_heard_silently_and_a_strangers_is_forbidden() {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol"), ("dave", "Dave")]);
    net.invite(A, &["bob", "carol"], CallType::Video).unwrap();
    net.settle();
    net.act(B, Event::Accept).unwrap();
    net.act(C, Event::Accept).unwrap();
    net.settle();
    net.act(C, Event::HangUp).unwrap();
    net.settle();
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
    net.clear_logs();
    let call = net.kits[A].call().unwrap().id.clone();
    let again = message("carol", "sid2", 1_000, &["alice"], &call, Body::Leave {});
    let fx = net.deliver(A, &again);
    assert!(fx.is_empty(), "a repeated goodbye is heard silently: {fx:?}");
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
    let stranger = message("dave", "sid3", 1, &["alice"], &call, Body::Leave {});
    let fx = net.deliver(A, &stranger);
    assert!(matches!(dropped(&fx)[..], [Reject::Forbidden(_)]), "{fx:?}");
}

#[test]
fn one_user_cannot_shadow_another_users_messages() {
    let mut net = net();
    let call = bob_rings(&mut net);
    // mallory (signed in as carol) reuses alice's kit ID and a huge sequence number, and the
    // ID alice's next message will have ...
    let shadow = message("carol", "sid0", u64::MAX / 10, &["bob"], &call, Body::Leave {});
    net.deliver(B, &shadow);
    let shadow = message("carol", "sid0", 2, &["bob"], &call, Body::Leave {});
    net.deliver(B, &shadow);
    // ... yet alice's real cancel still counts: order and duplicates are kept per sender.
    net.act(A, Event::CancelCalling).unwrap();
    net.settle();
    assert!(!net.ringing(B), "alice's cancel was shadowed");
}

#[test]
fn a_flood_of_messages_keeps_the_kits_memory_bounded() {
    let mut net = net();
    let call = bob_rings(&mut net);
    let before = net.kits[B].memory_footprint();
    for i in 0..5_000u64 {
        let sid = format!("flood{}", i % 300);
        let call_id = if i % 2 == 0 { call.clone() } else { format!("call_{i}") };
        let body = if i % 3 == 0 { Body::Present { participants: vec![], terms: Terms { initiator: "alice".into(), policy: Policy::default(), media_key: String::new() }, devices: callkit_invite::core::Devices::default() } } else { Body::Decline { busy: true, data: String::new() } };
        net.deliver(B, &message(&format!("u{}", i % 50), &sid, i, &["bob"], &call_id, body));
    }
    let after = net.kits[B].memory_footprint();
    assert!(after <= 256 + 8 + 8 + 8, "memory grew to {after} entries (from {before})");
    assert!(net.ringing(B), "the flood changed nothing");
    net.act(B, Event::Accept).unwrap();
    net.run_for(30_000);
    assert_eq!(net.participants(A), ids(&["alice", "bob"]), "and messages still flow");
}

// ---------------------------------------------------------------- texts

/// A message as text, with `{}` in `template` replaced by `hole`.
fn text(template: &str, hole: &str) -> String {
    template.replacen("{}", hole, 1)
}

const INVITE: &str = r#"{"v":2,"id":"s-1","app":"app1","sid":"s","from":{"userID":"mallory","userName":{}},"to":["bob"],"call":"c1","body":{"invite":{"callType":1,"initiator":"mallory","policy":{},"callees":[{"userID":"bob"}],"participants":[],"timeout":60,"data":""}}}"#;

/// The template with a plain name: a valid message to derive hostile ones from.
fn base() -> String {
    text(INVITE, "\"Mallory\"")
}

/// Every hostile text is rejected with a reason, and a kit fed with whatever decodes stays fine.
fn assert_rejected(texts: &[String]) {
    let mut net = net();
    for t in texts {
        assert_ne!(t, &base(), "the hostile part is missing");
        let result = decode(t);
        assert!(result.is_err(), "accepted {:?}…", &t[..t.len().min(80)]);
        assert!(!result.unwrap_err().message().is_empty());
    }
    assert!(!net.ringing(B));
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    assert!(net.ringing(B));
}

#[test]
fn the_template_itself_is_a_valid_invitation() {
    let envelope = decode(&base()).unwrap();
    assert!(matches!(envelope.body, Body::Invite(_)));
}

#[test]
fn megabyte_strings_are_rejected() {
    let mb = "x".repeat(1 << 20);
    let texts = [
        mb.clone(),
        format!("\"{mb}\""),
        text(INVITE, &format!("\"{mb}\"")),
        // Under the message limit, over a field's.
        text(INVITE, &format!("\"{}\"", "n".repeat(MAX_MESSAGE_LEN / 2))),
        base().replace(r#""data":"""#, &format!(r#""data":"{}""#, "d".repeat(5000))),
        // The answers' data is bounded as the invitation's.
        base().replace(r#""invite":{"#, r#""decline":{"data":"DATA","#).replace("DATA", &"d".repeat(5000)),
        base().replace(r#""invite":{"#, r#""cancel":{"callees":["bob"],"data":"DATA","#).replace("DATA", &"d".repeat(5000)),
    ];
    for t in &texts[..3] {
        assert!(matches!(decode(t), Err(Reject::TooLarge(_))));
    }
    assert_rejected(&texts);
}

#[test]
fn deep_nesting_is_rejected() {
    let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
    let texts = [
        text(INVITE, &deep(MAX_DEPTH + 1)),
        text(INVITE, &deep(20_000)),
        "[".repeat(60_000),
        format!("{}{}", "{\"a\":".repeat(10_000), "}".repeat(10_000)),
        base().replace(r#""policy":{}"#, &format!(r#""policy":{{"x":{}}}"#, deep(30))),
    ];
    assert_rejected(&texts);
    assert!(matches!(decode(&texts[1]), Err(Reject::Malformed(why)) if why.contains("nested too deeply")));
}

#[test]
fn lone_surrogates_are_rejected() {
    let texts: Vec<String> = [r#""\ud800""#, r#""\udfff""#, r#""a\ud83d""#, r#""\ude00\ud83d""#, r#""\ud83d\u0041""#]
        .iter()
        .map(|s| text(INVITE, s))
        .chain([base().replace(r#""userID":"bob""#, r#""userID":"\udc00""#)])
        .collect();
    assert_rejected(&texts);
    // A proper pair is a character like any other.
    assert_eq!(decode(&text(INVITE, r#""\ud83d\ude00""#)).unwrap().from.name, "😀");
}

#[test]
fn prototype_keys_are_rejected_wherever_they_are() {
    let mut texts = Vec::new();
    for key in ["__proto__", "constructor", "prototype"] {
        texts.push(base().replacen('{', &format!(r#"{{"{key}":{{"polluted":true}},"#), 1));
        texts.push(base().replace(r#""from":{"#, &format!(r#""from":{{"{key}":1,"#)));
        texts.push(base().replace(r#""policy":{}"#, &format!(r#""policy":{{"{key}":{{}}}}"#)));
        texts.push(base().replace(r#""callees":[{"#, &format!(r#""callees":[{{"{key}":null,"#)));
        texts.push(base().replace(r#""timeout":60"#, &format!(r#""timeout":60,"x":[[{{"{key}":1}}]]"#)));
    }
    assert_rejected(&texts);
    // As values they are only strings: a user may be called that.
    let named = INVITE.replace(r#""userID":"mallory""#, r#""userID":"__proto__""#).replace(r#""initiator":"mallory""#, r#""initiator":"__proto__""#);
    assert_eq!(decode(&text(&named, "\"constructor\"")).unwrap().from.id, "__proto__");
    // Each hostile text is rejected for its key alone: with another key, it is a valid message.
    for t in &texts {
        let harmless = ["__proto__", "constructor", "prototype"].iter().fold(t.clone(), |t, key| t.replace(&format!("\"{key}\""), "\"harmless\""));
        assert!(decode(&harmless).is_ok(), "{harmless}");
    }
}

#[test]
fn other_versions_and_apps_are_dropped() {
    let mut net = net();
    assert!(matches!(decode(&text(INVITE, "\"M\"").replacen("\"v\":2", "\"v\":3", 1)), Err(Reject::Version(3))));
    // Version 1 let anyone who knew a call's ID in: its messages are refused, with a warning
    // that says what to do.
    let old = decode(&text(INVITE, "\"M\"").replacen("\"v\":2", "\"v\":1", 1)).unwrap_err();
    assert_eq!(old, Reject::Version(1));
    assert!(old.message().contains("protocol version 1 is not spoken here (this kit speaks 2)"), "{}", old.message());
    let mut other = decode(&text(INVITE, "\"M\"")).unwrap();
    other.app = "app2".into();
    let fx = net.deliver(B, &other);
    assert_eq!(dropped(&fx), vec![Reject::OtherApp]);
    assert!(!net.ringing(B));
}
