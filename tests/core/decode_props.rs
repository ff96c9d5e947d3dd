//! Property tests of the signaling decoder and of a kit under hostile input (SPEC.md §2 "No
//! panics", §3): `protocol::decode` returns `Ok` or `Err` for any text, never panics; what it
//! accepts re-encodes to the same message; what kits send decodes; and a kit fed decoded but
//! hostile messages always answers `Ok` and keeps its invariants.

use callkit_invite::core::*;
use callkit_invite::core::protocol::{decode, encode, Invite, MAX_MESSAGE_LEN, VERSION};
use crate::support::{prop_config, Net};
use proptest::prelude::*;
use std::collections::BTreeSet;

/// Decodes `text`; whatever it accepts must survive a round trip unchanged and be within limits.
fn decode_checked(text: &str) -> Option<Envelope> {
    let envelope = decode(text).ok()?;
    assert!(text.len() <= MAX_MESSAGE_LEN);
    assert_eq!(envelope.v, VERSION);
    let again = encode(&envelope);
    assert_eq!(decode(&again).as_ref(), Ok(&envelope), "re-encoded message decodes differently: {again}");
    Some(envelope)
}

// ---------------------------------------------------------------------------------------------
// Valid messages, as a kit could send them

fn id_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]{1,6}",
        1 => "[\\PC]{1,20}".prop_filter("at most 128 bytes", |s| s.len() <= 128),
        1 => Just("\"\\/\u{0}\u{1f}\u{2028}é🙂".to_string()),
        1 => Just("x".repeat(128)),
    ]
}

fn user_strategy() -> impl Strategy<Value = User> {
    (id_strategy(), prop_oneof![3 => "[ -~]{0,12}", 1 => "[\\PC]{0,40}".prop_filter("<= 256 bytes", |s| s.len() <= 256)], prop::option::of("https://[a-z]{1,10}\\.test/[a-z]{0,10}\\.png"))
        .prop_map(|(id, name, avatar)| User { id, name, avatar })
}

fn users_strategy(min: usize, max: usize) -> impl Strategy<Value = Vec<User>> {
    prop::collection::vec(user_strategy(), min..=max).prop_map(|mut users| {
        let mut seen = BTreeSet::new();
        users.retain(|u| seen.insert(u.id.clone()));
        users
    })
}

fn policy_strategy() -> impl Strategy<Value = Policy> {
    (any::<(bool, bool, bool)>(), 2u8..=50).prop_map(|((a, b, c), max_users)| Policy { can_invite_in_calling: a, only_initiator_can_invite: b, end_call_when_initiator_leave: c, max_users })
}

fn body_strategy() -> impl Strategy<Value = Body> {
    prop_oneof![
        (0u8..=1, id_strategy(), policy_strategy(), any::<bool>(), users_strategy(1, 9), users_strategy(0, 6), 1u32..=600, "[ -~]{0,20}").prop_map(
            |(call_type, initiator, policy, in_call, callees, participants, timeout, data)| Body::Invite(Invite {
                call_type,
                initiator,
                policy,
                in_call,
                callees,
                participants,
                timeout,
                data,
            })
        ),
        // Answers carry the app's data or none (then it is left out of the JSON).
        (prop::collection::btree_set(id_strategy(), 1..4), any::<bool>(), "[\\PC]{0,20}").prop_map(|(c, timeout, data)| Body::Cancel { callees: c.into_iter().collect(), timeout, data }),
        (users_strategy(0, 6), id_strategy(), policy_strategy(), "[\\PC]{0,20}", "[0-9a-f]{0,64}", prop_oneof![Just(String::new()), id_strategy()]).prop_map(|(participants, initiator, policy, data, media_key, re)| Body::Accept { participants, terms: Terms { initiator, policy, media_key }, devices: callkit_invite::core::Devices::default(), data, re }),
        (users_strategy(0, 6), id_strategy(), policy_strategy(), "[\\PC]{0,16}").prop_map(|(participants, initiator, policy, media_key)| Body::Present { participants, terms: Terms { initiator, policy, media_key }, devices: callkit_invite::core::Devices::default() }),
        (any::<bool>(), "[\\PC]{0,20}").prop_map(|(busy, data)| Body::Decline { busy, data }),
        any::<bool>().prop_map(|accepted| Body::Answered { accepted }),
        Just(Body::Leave {}),
        Just(Body::End {}),
        (any::<bool>(), "[ -~\r\n]{1,60}").prop_map(|(offer, sdp)| Body::Signal(Signal::Description {
            kind: if offer { callkit_invite::core::mesh::SdpKind::Offer } else { callkit_invite::core::mesh::SdpKind::Answer },
            sdp
        })),
        ("[ -~]{0,60}", prop::option::of("[0-9a-z]{0,4}"), prop::option::of(any::<u16>()))
            .prop_map(|(candidate, mid, line)| Body::Signal(Signal::Candidate { candidate, mid, line })),
    ]
}

fn envelope_strategy() -> impl Strategy<Value = Envelope> {
    (id_strategy(), "[a-z0-9]{0,8}", id_strategy(), user_strategy(), prop::collection::btree_set(id_strategy(), 1..4), id_strategy(), body_strategy()).prop_map(
        |(id, app, sid, from, to, call, body)| {
            let mut to: Vec<String> = to.into_iter().collect();
            if matches!(body, Body::Signal(_)) {
                to.truncate(1); // negotiation is between two members
            }
            Envelope { v: VERSION, id, app, sid, from, to, call, body }
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Mutations of valid messages

/// A hostile JSON (or not quite JSON) value to put where a field's value was.
fn hostile_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_string()),
        Just("-1".to_string()),
        Just("-0".to_string()),
        Just("0".to_string()),
        Just("3.5".to_string()),
        Just("1e400".to_string()),
        Just("-1e400".to_string()),
        Just("18446744073709551616".to_string()),
        Just("-9223372036854775809".to_string()),
        Just("4294967296".to_string()),
        Just("340282366920938463463374607431768211456".to_string()),
        Just("true".to_string()),
        Just("\"\"".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        Just("\"\\ud800\"".to_string()),
        Just("\"\\u0000\"".to_string()),
        Just("[null]".to_string()),
        Just("{\"userID\":null}".to_string()),
        Just("{\"userID\":\"a\",\"userID\":\"b\"}".to_string()),
        (1usize..300).prop_map(|n| format!("{}1{}", "[".repeat(n), "]".repeat(n))),
        (1usize..300).prop_map(|n| format!("{}{}", "{\"a\":".repeat(n), "}".repeat(n))),
        (100usize..5000).prop_map(|n| "[".repeat(n)),
        (120usize..140).prop_map(|n| format!("\"{}\"", "a".repeat(n))),
        (60_000usize..70_000).prop_map(|n| format!("\"{}\"", "b".repeat(n))),
        (0usize..2000).prop_map(|n| format!("[{}]", vec!["{\"userID\":\"u\"}"; n].join(","))),
        "[ -~]{0,12}".prop_map(|s| serde_json::to_string(&s).unwrap()),
        "[ -~]{0,12}",
    ]
}

/// Every JSON pointer into `value`, containers included.
fn pointers(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    FlipChar(usize, char),
    Insert(usize, String),
    /// Replace the value at the i-th JSON pointer with hostile text.
    Replace(usize, String),
    /// Remove the key at the i-th JSON pointer (when it is an object member).
    Remove(usize),
    /// Add an unknown member to the i-th object.
    Extra(usize, String),
}

fn mutation_strategy() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => any::<usize>().prop_map(Mutation::Truncate),
        1 => (any::<usize>(), any::<char>()).prop_map(|(i, c)| Mutation::FlipChar(i, c)),
        1 => (any::<usize>(), prop_oneof![(1usize..3000).prop_map(|n| "{".repeat(n)), (1usize..3000).prop_map(|n| "[".repeat(n)), hostile_value(), Just(",".into()), Just("\"".into())])
            .prop_map(|(i, s)| Mutation::Insert(i, s)),
        3 => (any::<usize>(), hostile_value()).prop_map(|(i, s)| Mutation::Replace(i, s)),
        1 => any::<usize>().prop_map(Mutation::Remove),
        1 => (any::<usize>(), hostile_value()).prop_map(|(i, s)| Mutation::Extra(i, s)),
    ]
}

fn char_boundary(text: &str, i: usize) -> usize {
    let mut at = i % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(text: &str, mutation: &Mutation) -> String {
    const MARK: &str = "\u{1}@@MARK@@\u{1}";
    let marked = || serde_json::to_string(MARK).unwrap();
    match mutation {
        Mutation::Truncate(i) => text[..char_boundary(text, *i)].to_string(),
        Mutation::FlipChar(i, c) => {
            let at = char_boundary(text, *i);
            let mut s = text[..at].to_string();
            s.push(*c);
            let rest = &text[at..];
            s.push_str(rest.chars().next().map_or("", |first| &rest[first.len_utf8()..]));
            s
        }
        Mutation::Insert(i, what) => {
            let at = char_boundary(text, *i);
            format!("{}{what}{}", &text[..at], &text[at..])
        }
        Mutation::Replace(i, what) | Mutation::Extra(i, what) => {
            let mut value: serde_json::Value = serde_json::from_str(text).unwrap();
            let mut all = Vec::new();
            pointers(&value, String::new(), &mut all);
            let pointer = &all[i % all.len()];
            let slot = value.pointer_mut(pointer).unwrap();
            if matches!(mutation, Mutation::Replace(..)) {
                *slot = serde_json::Value::String(MARK.into());
            } else if let Some(map) = slot.as_object_mut() {
                map.insert("extra".into(), serde_json::Value::String(MARK.into()));
            } else {
                *slot = serde_json::Value::String(MARK.into());
            }
            serde_json::to_string(&value).unwrap().replace(&marked(), what)
        }
        Mutation::Remove(i) => {
            let mut value: serde_json::Value = serde_json::from_str(text).unwrap();
            let mut all = Vec::new();
            pointers(&value, String::new(), &mut all);
            let pointer = all[i % all.len()].clone();
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            let parent = if parent.is_empty() { Some(&mut value) } else { value.pointer_mut(parent) };
            match parent.unwrap() {
                serde_json::Value::Object(map) => {
                    map.remove(&key.replace("~1", "/").replace("~0", "~"));
                }
                serde_json::Value::Array(items) => {
                    let at: usize = key.parse().unwrap();
                    items.remove(at);
                }
                _ => {}
            }
            serde_json::to_string(&value).unwrap()
        }
    }
}

proptest! {
    #![proptest_config(prop_config(1024))]

    /// Any string at all: `Ok` or `Err`, never a panic; an `Ok` round-trips.
    #[test]
    fn decode_never_panics_on_arbitrary_strings(text in prop_oneof![
        any::<String>(),
        "[\\[\\]{}\",:0-9a-zA-Z\\-.eE \\\\]{0,300}",
        "\\{\"v\":1,[ -~]{0,200}\\}",
    ]) {
        let _ = decode_checked(&text);
    }

    /// Any bytes, read as lossy UTF-8 (as a transport handing over binary would).
    #[test]
    fn decode_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = decode_checked(&String::from_utf8_lossy(&bytes));
    }

    /// Valid messages decode to themselves.
    #[test]
    fn valid_messages_round_trip(envelope in envelope_strategy()) {
        let text = encode(&envelope);
        if text.len() <= MAX_MESSAGE_LEN {
            prop_assert_eq!(decode(&text), Ok(envelope));
        }
    }

    /// Mutated valid messages (truncated, a character flipped, deep nesting inserted, a field
    /// made huge, negative, null, very long, removed, or an unknown one added): never a panic.
    #[test]
    fn decode_never_panics_on_mutated_messages(envelope in envelope_strategy(), mutations in prop::collection::vec(mutation_strategy(), 1..4)) {
        let mut text = encode(&envelope);
        for mutation in &mutations {
            let next = mutate(&text, mutation);
            let _ = decode_checked(&next);
            // Structured mutations need JSON to work on; keep going only while it parses.
            if serde_json::from_str::<serde_json::Value>(&next).is_err() {
                break;
            }
            text = next;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What kits send decodes

proptest! {
    #![proptest_config(prop_config(256))]

    /// Kits of users with unusual IDs and names (escapes, control characters, emoji, the longest
    /// accepted IDs and names, avatars) run a whole call; `Net` decodes every message sent and
    /// checks the round trip, and here each one also fits the size limit.
    #[test]
    fn messages_kits_send_decode(users in users_strategy(4, 6).prop_filter("four users", |u| u.len() >= 4), data in "[\\PC]{0,64}") {
        let mut net = Net { kits: Vec::new(), now: 1_000_000, queue: Default::default(), log: Vec::new(), sent: Vec::new(), rooms: Vec::new() };
        for user in &users {
            let k = net.add_kit(&user.id, &user.name);
            net.kits[k] = Kit::new("app1", user.clone(), format!("sid{k}"));
            net.configure(k, ConfigPatch { can_inviting_in_calling: Some(true), ..Default::default() });
        }
        let list = ListConfig { users: users.clone(), default_checked: true };
        net.act(0, Event::UpdateList(list)).unwrap();
        let request = SendRequest { callees: vec![users[1].clone()], call_type: CallType::Voice, timeout_secs: 30, data: data.clone(), room_id: None, media_key: String::new() };
        net.act(0, Event::Send(request)).unwrap();
        net.settle();
        net.act(1, Event::AcceptWith(data.clone())).unwrap();
        net.settle();
        net.act(0, Event::InviteChecked).unwrap();
        net.settle();
        net.act(2, Event::Accept).unwrap();
        net.act(3, Event::DeclineWith(data.clone())).unwrap();
        net.settle();
        net.advance(61_000);
        net.act(1, Event::HangUp).unwrap();
        net.settle();
        net.act(0, Event::Destroy).unwrap();
        net.settle();
        for envelope in &net.sent {
            prop_assert!(encode(envelope).len() <= MAX_MESSAGE_LEN);
        }
        prop_assert!(net.sent.len() >= 8);
    }
}

/// The largest messages a kit can be made to send still fit the limit: a call of 29 users with
/// the longest IDs, names and avatars. (Regression: such rosters went over 64 KiB, and every
/// receiver dropped them.) `Net` decodes whatever the kit sends.
#[test]
fn largest_messages_a_kit_sends_fit_the_limit() {
    let user = |i: usize| User {
        id: format!("{i:0>128}"),
        name: "n".repeat(256),
        avatar: Some(format!("https://a.test/{}", "p".repeat(2048 - 15))),
    };
    let mut net = Net::new(&[("alice", "Alice")]);
    let room = "r".repeat(128);
    net.act(0, Event::JoinRoom { room_id: room.clone(), room: RoomConfig { max_users: Some(50), ..RoomConfig::default() }, media_key: String::new() }).unwrap();
    // 27 users are invited, 9 at a time, and accept; the kit answers each with its growing
    // roster.
    for batch in 0..3 {
        let callees: Vec<User> = (1 + batch * 9..10 + batch * 9).map(user).collect();
        net.act(0, Event::Send(SendRequest::new(callees, CallType::Video))).unwrap();
    }
    for i in 1..28 {
        let accept = Envelope {
            v: VERSION,
            id: format!("p{i}"),
            app: "app1".into(),
            sid: format!("s{i}"),
            from: user(i),
            to: vec!["alice".into()],
            call: room.clone(),
            body: Body::Accept { participants: vec![user(i)], terms: Terms { initiator: "alice".into(), policy: Policy::default(), media_key: String::new() }, devices: callkit_invite::core::Devices::default(), data: String::new(), re: String::new() },
        };
        net.act(0, Event::Received(Box::new(accept))).unwrap();
    }
    net.act(0, Event::Send(SendRequest { callees: vec![user(28)], call_type: CallType::Video, timeout_secs: 600, data: "d".repeat(4096), room_id: None, media_key: String::new() })).unwrap();
    let call = net.kits[0].call().unwrap();
    assert_eq!(call.participants.len(), 28);
    assert!(call.participants.iter().filter(|u| u.id != "alice").all(|u| u.avatar.is_some()), "the kit keeps what it knows");
    let full = Envelope { body: Body::Present { participants: call.participants.clone(), terms: Terms { initiator: "alice".into(), policy: call.policy, media_key: String::new() }, devices: callkit_invite::core::Devices::default() }, ..net.sent[0].clone() };
    assert!(encode(&full).len() > MAX_MESSAGE_LEN, "the full roster would not fit: the kit had to slim it");
    let invites: Vec<usize> = net.sent.iter().filter_map(|e| if let Body::Invite(inv) = &e.body { Some(inv.participants.len()) } else { None }).collect();
    assert!(invites.contains(&28), "{invites:?}");
    for envelope in &net.sent {
        let len = encode(envelope).len();
        assert!(len <= MAX_MESSAGE_LEN, "a kit sent {len} bytes, more than the {MAX_MESSAGE_LEN} it accepts");
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile messages into a kit

/// The users a hostile message may name; "alice" is the kit under test.
const NAMES: [&str; 5] = ["alice", "bob", "carol", "dave", "erin"];

#[derive(Debug, Clone)]
struct Hostile {
    app_other: bool,
    /// 0: the kit's own sid (an echo), 1: alice's other tab, else another kit.
    sid: u8,
    from: u8,
    to: Vec<u8>,
    /// An index into the calls the kit knows of (its call, its ringing call), else a stranger.
    call: u8,
    body: HostileBody,
}

#[derive(Debug, Clone)]
enum HostileBody {
    Invite { call_type: u8, initiator: u8, policy: Policy, in_call: bool, callees: Vec<u8>, participants: Vec<u8>, timeout: u32 },
    Cancel { callees: Vec<u8>, timeout: bool },
    Accept(Vec<u8>),
    Present(Vec<u8>),
    Decline(bool),
    Answered(bool),
    Leave,
    End,
    Signal(bool),
}

fn hostile_strategy() -> impl Strategy<Value = Hostile> {
    let names = || prop::collection::vec(0u8..5, 0..5);
    let body = prop_oneof![
        3 => (0u8..3, 0u8..6, policy_strategy(), any::<bool>(), prop::collection::vec(0u8..5, 1..4), names(), prop_oneof![Just(1u32), Just(60), Just(600)]).prop_map(
            |(call_type, initiator, policy, in_call, callees, participants, timeout)| HostileBody::Invite { call_type, initiator, policy, in_call, callees, participants, timeout }
        ),
        2 => (prop::collection::vec(0u8..5, 1..4), any::<bool>()).prop_map(|(callees, timeout)| HostileBody::Cancel { callees, timeout }),
        2 => names().prop_map(HostileBody::Accept),
        2 => names().prop_map(HostileBody::Present),
        1 => any::<bool>().prop_map(HostileBody::Decline),
        1 => any::<bool>().prop_map(HostileBody::Answered),
        1 => Just(HostileBody::Leave),
        1 => Just(HostileBody::End),
        2 => any::<bool>().prop_map(HostileBody::Signal),
    ];
    (prop::bool::weighted(0.05), 0u8..4, 0u8..5, prop::collection::vec(0u8..5, 1..4), 0u8..4, body)
        .prop_map(|(app_other, sid, from, to, call, body)| Hostile { app_other, sid, from, to, call, body })
}

#[derive(Debug, Clone)]
enum Action {
    Msg(Hostile),
    /// Let time pass and tick.
    Tick(u32),
    Accept,
    Decline,
    HangUp,
    CancelCalling,
    InviteChecked,
    Invite(u8),
}

fn action_strategy() -> impl Strategy<Value = Action> {
    prop_oneof![
        12 => hostile_strategy().prop_map(Action::Msg),
        2 => prop_oneof![Just(0u32), 0u32..700_000].prop_map(Action::Tick),
        1 => Just(Action::Accept),
        1 => Just(Action::Decline),
        1 => Just(Action::HangUp),
        1 => Just(Action::CancelCalling),
        1 => Just(Action::InviteChecked),
        1 => (1u8..5).prop_map(Action::Invite),
    ]
}

fn named(i: u8) -> User {
    let id = NAMES[i as usize % NAMES.len()];
    User::new(id, format!("U_{id}"))
}

fn named_list(list: &[u8]) -> Vec<User> {
    let mut users: Vec<User> = Vec::new();
    for i in list {
        let u = named(*i);
        if !users.iter().any(|x| x.id == u.id) {
            users.push(u);
        }
    }
    users
}

/// Puts alice's kit (kit 0 of a net of alice, bob, carol) in one of several states.
fn setup(state: u8, alice: Policy, bob: Policy) -> Net {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol")]);
    let patch = |p: Policy| ConfigPatch {
        can_inviting_in_calling: Some(p.can_invite_in_calling),
        only_initiator_can_invite: Some(p.only_initiator_can_invite),
        end_call_when_initiator_leave: Some(p.end_call_when_initiator_leave),
        ..Default::default()
    };
    net.configure(0, patch(alice));
    net.configure(1, patch(bob));
    let list = ListConfig { users: named_list(&[1, 2, 3, 4]), default_checked: true };
    net.act(0, Event::UpdateList(list)).unwrap();
    match state % 6 {
        0 => {}
        1 => {
            net.invite(1, &["alice"], CallType::Video).unwrap();
            net.settle();
        }
        2 => {
            net.invite(0, &["bob"], CallType::Video).unwrap();
            net.settle();
        }
        3 => {
            net.invite(0, &["bob", "carol"], CallType::Voice).unwrap();
            net.settle();
            net.act(1, Event::Accept).unwrap();
            net.act(2, Event::Accept).unwrap();
            net.settle();
        }
        4 => {
            net.invite(1, &["alice"], CallType::Video).unwrap();
            net.settle();
            net.act(0, Event::Accept).unwrap();
            net.settle();
            let _ = net.invite(1, &["carol"], CallType::Video);
            net.settle();
        }
        _ => {
            net.act(0, Event::JoinRoom { room_id: "room1".into(), room: RoomConfig::default(), media_key: String::new() }).unwrap();
        }
    }
    // Only alice's kit plays on; what the others would answer is dropped.
    net.queue.clear();
    net
}

/// Checks alice's kit after each action: the rules that hold whatever its peers say.
/// Time only moves with a tick here, so nothing is ever past its deadline.
fn check_kit(net: &Net, expected: &InvitationConfig, checked: usize) {
    let kit = &net.kits[0];
    let me = &kit.me().id;
    assert_eq!(kit.config(), expected, "a message changed the kit's own config");
    for env in &net.sent[checked..] {
        match env.body {
            Body::Answered { .. } => assert_eq!(&env.to, &vec![me.clone()]),
            _ => assert!(!env.to.contains(me), "addressed to itself: {env:?}"),
        }
        assert!(encode(env).len() <= MAX_MESSAGE_LEN);
        if let Body::Invite(inv) = &env.body {
            if inv.in_call {
                assert!(inv.policy.check_in_call(me, &inv.initiator).is_ok(), "sent an in-call invitation its call's policy forbids: {env:?}");
            } else {
                assert_eq!(&inv.initiator, me);
            }
        }
    }
    if let Some(inc) = kit.incoming() {
        assert!(kit.call().is_none_or(|c| c.id != inc.call_id), "ringing for the call it is in");
        assert_ne!(&inc.caller.id, me, "ringing for an invitation from its own user");
        assert!(inc.deadline > net.now, "rings past its deadline");
    }
    if let Some(call) = kit.call() {
        let parts: BTreeSet<&str> = call.participants.iter().map(|u| u.id.as_str()).collect();
        let pend: BTreeSet<&str> = call.pending.iter().map(|p| p.user.id.as_str()).collect();
        assert_eq!(parts.len(), call.participants.len(), "a participant twice: {call:?}");
        assert_eq!(pend.len(), call.pending.len(), "pending twice: {call:?}");
        assert!(parts.is_disjoint(&pend), "participant and pending: {call:?}");
        assert!(parts.contains(me.as_str()), "not in its own call: {call:?}");
        assert!(call.pending.iter().all(|p| p.deadline > net.now), "pending past its deadline: {call:?}");
        assert!(call.joined || call.pending.iter().any(|p| p.inviter == *me), "a waiting caller without an invitation of its own: {call:?}");
    }
}

fn hostile_envelope(net: &Net, h: &Hostile, seq: usize) -> Envelope {
    let kit = &net.kits[0];
    let mut calls: Vec<String> = Vec::new();
    calls.extend(kit.call().map(|c| c.id.clone()));
    calls.extend(kit.incoming().map(|i| i.call_id.clone()));
    calls.push("call_bob_1".into());
    calls.push("room1".into());
    let call = calls[h.call as usize % calls.len()].clone();
    let initiator = |i: u8| kit.call().map(|c| c.initiator.clone()).filter(|_| i == 5).unwrap_or_else(|| named(i).id);
    let body = match &h.body {
        HostileBody::Invite { call_type, initiator: who, policy, in_call, callees, participants, timeout } => Body::Invite(Invite {
            call_type: *call_type,
            initiator: initiator(*who),
            policy: *policy,
            in_call: *in_call,
            callees: named_list(callees),
            participants: named_list(participants),
            timeout: *timeout,
            data: String::new(),
        }),
        HostileBody::Cancel { callees, timeout } => Body::Cancel { callees: named_list(callees).into_iter().map(|u| u.id).collect(), timeout: *timeout, data: String::new() },
        HostileBody::Accept(p) => Body::Accept { participants: named_list(p), terms: Terms { initiator: "alice".into(), policy: Policy::default(), media_key: String::new() }, devices: callkit_invite::core::Devices::default(), data: String::new(), re: String::new() },
        HostileBody::Present(p) => Body::Present { participants: named_list(p), terms: Terms { initiator: "alice".into(), policy: Policy::default(), media_key: String::new() }, devices: callkit_invite::core::Devices::default() },
        HostileBody::Decline(busy) => Body::Decline { busy: *busy, data: String::new() },
        HostileBody::Answered(accepted) => Body::Answered { accepted: *accepted },
        HostileBody::Leave => Body::Leave {},
        HostileBody::End => Body::End {},
        HostileBody::Signal(offer) => Body::Signal(if *offer {
            Signal::Description { kind: callkit_invite::core::mesh::SdpKind::Offer, sdp: "v=0".into() }
        } else {
            Signal::Candidate { candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host".into(), mid: Some("0".into()), line: Some(0) }
        }),
    };
    let sid = match h.sid {
        0 => "sid0".to_string(),
        1 => "sid-alice-2".to_string(),
        n => format!("sid-x{n}"),
    };
    Envelope {
        v: VERSION,
        id: format!("h{seq}"),
        app: if h.app_other { "app2".into() } else { "app1".into() },
        sid,
        from: named(h.from),
        to: named_list(&h.to).into_iter().map(|u| u.id).take(if matches!(body, Body::Signal(_)) { 1 } else { usize::MAX }).collect(),
        call,
        body,
    }
}

proptest! {
    #![proptest_config(prop_config(512))]

    /// A kit in any state, fed decoded but hostile messages (forged senders, its own user as
    /// sender, wrong apps, unknown or other calls, policies that forbid the invitation, rosters
    /// naming anyone), with time passing and its user acting: `handle` is always `Ok` for
    /// messages and ticks, and the kit's invariants hold after each step.
    #[test]
    fn hostile_messages_never_break_a_kit(
        state in 0u8..6,
        alice in policy_strategy(),
        bob in policy_strategy(),
        actions in prop::collection::vec(action_strategy(), 1..40),
    ) {
        let mut net = setup(state, alice, bob);
        let expected = net.kits[0].config().clone();
        let mut checked = net.sent.len();
        check_kit(&net, &expected, checked);
        for (seq, action) in actions.iter().enumerate() {
            let before = format!("{:?}", net.kits[0]);
            let result = match action {
                Action::Msg(h) => {
                    let envelope = hostile_envelope(&net, h, seq);
                    // Through the wire format, as a transport delivers it.
                    let Some(decoded) = decode_checked(&encode(&envelope)) else { continue };
                    let call = net.kits[0].call().filter(|c| c.id == decoded.call).cloned();
                    let from = decoded.from.id.clone();
                    let (accepts, size) = (matches!(decoded.body, Body::Accept { .. }), encode(&decoded).len());
                    let sent_before = net.sent.len();
                    let result = net.act(0, Event::Received(Box::new(decoded)));
                    prop_assert!(result.is_ok(), "a message made handle fail: {:?}", result);
                    // The membership rule: only a member's roster, or a pending invitee's own
                    // accept, adds anyone to the call.
                    let stranger = call.as_ref().is_none_or(|c| !c.is_participant(&from) && !c.is_pending(&from));
                    if let (Some(before), Some(after)) = (&call, net.kits[0].call().filter(|c| c.id == call.as_ref().map_or("", |c| c.id.as_str()))) {
                        if !before.is_participant(&from) {
                            for u in &after.participants {
                                prop_assert!(before.is_participant(&u.id) || (accepts && before.is_pending(&from) && u.id == from), "{} let {} in", from, u.id);
                            }
                        }
                    }
                    // Answers never amplify: what a stranger's message makes the kit send goes
                    // to the stranger alone (or to its own user's other tabs), no larger.
                    if stranger && net.kits[0].incoming().is_none_or(|i| i.caller.id != from) {
                        for env in &net.sent[sent_before..] {
                            prop_assert!(env.to == vec![from.clone()] || env.to == vec![net.kits[0].me().id.clone()], "an answer to {} went to {:?}: {:?}", from, env.to, env.body);
                            prop_assert!(encode(env).len() <= size, "an answer larger than the message");
                        }
                    }
                    result
                }
                Action::Tick(ms) => {
                    net.now += u64::from(*ms);
                    let result = net.act(0, Event::Tick);
                    prop_assert!(result.is_ok());
                    result
                }
                Action::Accept => net.act(0, Event::Accept),
                Action::Decline => net.act(0, Event::Decline),
                Action::HangUp => net.act(0, Event::HangUp),
                Action::CancelCalling => net.act(0, Event::CancelCalling),
                Action::InviteChecked => net.act(0, Event::InviteChecked),
                Action::Invite(i) => {
                    let request = SendRequest::new(vec![named(*i)], CallType::Video);
                    net.act(0, Event::Send(request))
                }
            };
            if result.is_err() {
                prop_assert_eq!(&before, &format!("{:?}", net.kits[0]), "an Err changed the kit");
            }
            // Messages the kit sent go nowhere: only alice's kit plays.
            net.queue.clear();
            check_kit(&net, &expected, checked);
            checked = net.sent.len();
        }
    }

    /// Mutated texts of messages addressed to a kit in any state: those that decode are applied
    /// with `Ok`, and the kit keeps its invariants.
    #[test]
    fn mutated_messages_never_break_a_kit(
        state in 0u8..6,
        h in prop::collection::vec(hostile_strategy(), 1..8),
        mutations in prop::collection::vec(mutation_strategy(), 1..8),
    ) {
        let mut net = setup(state, Policy { can_invite_in_calling: true, ..Policy::default() }, Policy::default());
        let expected = net.kits[0].config().clone();
        for (seq, (h, mutation)) in h.iter().zip(mutations.iter().cycle()).enumerate() {
            let text = mutate(&encode(&hostile_envelope(&net, h, seq)), mutation);
            let Some(envelope) = decode_checked(&text) else { continue };
            let checked = net.sent.len();
            prop_assert!(net.act(0, Event::Received(Box::new(envelope))).is_ok());
            net.queue.clear();
            check_kit(&net, &expected, checked);
        }
    }
}

/// A few hand-picked texts that have tripped decoders elsewhere.
#[test]
fn decode_rejects_known_nasties() {
    let nasties = [
        String::new(),
        "null".into(),
        "[]".into(),
        "{}".into(),
        "{\"v\":1}".into(),
        "{\"v\":2,\"x\":[]}".into(),
        "{\"v\":18446744073709551616}".into(),
        "{\"v\":-1}".into(),
        "{\"v\":1e400}".into(),
        "[".repeat(100_000),
        "{\"a\":".repeat(10_000),
        format!("{{\"v\":1,\"id\":\"{}\"}}", "x".repeat(70_000)),
        "\u{feff}{\"v\":1}".into(),
        "{\"v\":1,\"body\":{\"invite\":{\"callType\":256}}}".into(),
    ];
    for text in &nasties {
        assert!(decode(text).is_err(), "accepted {:?}", &text[..text.len().min(40)]);
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions found by the properties above, minimised.

/// A user ID may be 128 bytes long, so the default call ID `call_<userID>_<ms>` is longer than
/// that: the decoder must still accept it, or nobody hears such a user's invitations.
#[test]
fn a_user_with_the_longest_id_can_place_a_call() {
    let long = "x".repeat(128);
    let mut net = Net::new(&[(long.as_str(), "Long"), ("bob", "Bob")]);
    net.invite(0, &["bob"], CallType::Video).unwrap(); // Net decodes what it sends
    net.settle();
    assert!(net.ringing(1));
    net.act(1, Event::Accept).unwrap();
    net.settle();
    assert_eq!(net.participants(0), net.participants(1));
}

/// A forged `present` from the callee of a 1:1 call that is still ringing must not take the
/// caller's invitation away: the caller would wait on its "Calling…" page with nothing left to
/// time out, forever.
#[test]
fn a_present_does_not_strand_a_waiting_caller() {
    let mut net = Net::new(&[("alice", "Alice"), ("dave", "Dave")]);
    net.invite(0, &["dave"], CallType::Video).unwrap();
    net.queue.clear();
    let call = net.kits[0].call().unwrap().id.clone();
    let forged = Envelope {
        v: VERSION,
        id: "f1".into(),
        app: "app1".into(),
        sid: "elsewhere".into(),
        from: User::new("dave", "Dave"),
        to: vec!["alice".into()],
        call,
        body: Body::Present { participants: vec![], terms: Terms { initiator: "alice".into(), policy: Policy::default(), media_key: String::new() }, devices: callkit_invite::core::Devices::default() },
    };
    net.act(0, Event::Received(Box::new(forged))).unwrap();
    let call = net.kits[0].call().expect("still calling");
    assert!(call.joined || call.pending.iter().any(|p| p.user.id == "dave"), "stranded: {call:?}");
    net.advance(60_000);
    assert!(net.kits[0].call().is_none(), "the invitation times out as usual");
}
