//! The call's media key (SPEC §7, §8): made with the call, told to members only (with their
//! rosters), never in an invitation, so that a media server's room named and locked with it is
//! out of reach of anyone who only knows the call ID.

use crate::support::{crafted, Net};
use callkit_invite::core::protocol::{decode, encode, Reject, Terms, MAX_MEDIA_KEY_LEN};
use callkit_invite::core::*;

const A: usize = 0;
const B: usize = 1;
const C: usize = 2;
const D: usize = 3;
const KEY: &str = "0123456789abcdef0123456789abcdef";

fn net() -> Net {
    Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol"), ("dave", "Dave")])
}

/// alice starts a video call with `KEY`, inviting `callees`.
fn start(net: &mut Net, callees: &[&str]) -> String {
    let users = callees.iter().map(|id| net.user(id)).collect();
    let request = SendRequest { media_key: KEY.into(), ..SendRequest::new(users, CallType::Video) };
    net.act(A, Event::Send(request)).unwrap();
    net.kits[A].call().unwrap().id.clone()
}

/// Whether any message sent to `user` so far carried the key, in its JSON as on the wire.
fn told(net: &Net, user: &str) -> bool {
    net.sent.iter().any(|m| m.to.iter().any(|t| t == user) && encode(m).contains(KEY))
}

#[test]
fn the_key_reaches_those_who_accept_and_nobody_who_only_was_invited() {
    let mut net = net();
    start(&mut net, &["bob", "carol"]);
    net.settle();
    assert!(net.ringing(B) && net.ringing(C));
    assert!(!told(&net, "bob") && !told(&net, "carol"), "an invitation never carries the key");
    assert_eq!(net.kits[A].media_plan().unwrap().media_key, KEY);

    net.act(C, Event::Decline).unwrap();
    net.act(B, Event::Accept).unwrap();
    net.settle();
    assert_eq!(net.kits[B].call().unwrap().media_key, KEY, "bob learns it from a member's roster");
    assert_eq!(net.kits[B].media_plan().unwrap().media_key, KEY);
    assert!(!told(&net, "carol"), "carol declined: she never hears the key");

    // Invited into the call later, by a member who is not the initiator.
    net.invite(B, &["dave"], CallType::Video).unwrap();
    net.settle();
    assert!(!told(&net, "dave"));
    net.act(D, Event::Accept).unwrap();
    net.settle();
    assert_eq!(net.kits[D].call().unwrap().media_key, KEY);
}

#[test]
fn an_invitee_takes_the_key_from_members_only_and_keeps_the_first() {
    let mut net = net();
    let call = start(&mut net, &["bob", "carol"]);
    net.settle();
    net.act(B, Event::Accept).unwrap();
    // Before any member answers bob: a roster with a key from someone who is not a member.
    let policy = net.kits[A].call().unwrap().policy;
    let terms = |key: &str| Terms { initiator: "alice".into(), policy, media_key: key.into() };
    let forged = crafted(User::new("mallory", "M"), "m", 1, &["bob"], &call, Body::Present { participants: vec![net.user("alice"), User::new("mallory", "M")], terms: terms("f00d"), devices: Devices::default() });
    net.deliver(B, &forged);
    assert_eq!(net.kits[B].call().unwrap().media_key, "", "a stranger's key is not taken");
    assert!(net.dropped(B).iter().any(|r| matches!(r, Reject::Forbidden(_))));
    net.settle();
    assert_eq!(net.kits[B].call().unwrap().media_key, KEY);
    // A later roster naming another key changes nothing.
    let other = crafted(net.user("alice"), "sid0", 9_000, &["bob"], &call, Body::Present { participants: vec![net.user("alice"), net.user("bob")], terms: terms("beef"), devices: Devices::default() });
    net.deliver(B, &other);
    assert_eq!(net.kits[B].call().unwrap().media_key, KEY);
}

#[test]
fn a_key_is_bounded_on_the_wire() {
    let mut net = net();
    let call = start(&mut net, &["bob"]);
    let alice = net.user("alice");
    let present = |key: String| crafted(alice.clone(), "sid0", 5, &["bob"], &call, Body::Present { participants: vec![alice.clone()], terms: Terms { initiator: "alice".into(), policy: Default::default(), media_key: key }, devices: Devices::default() });
    let longest = present("k".repeat(MAX_MEDIA_KEY_LEN));
    assert_eq!(decode(&encode(&longest)).unwrap(), longest);
    assert!(encode(&present(String::new())).find("mediaKey").is_none(), "no key: no field");
    assert_eq!(decode(&encode(&present("k".repeat(MAX_MEDIA_KEY_LEN + 1)))), Err(Reject::Invalid("body.mediaKey")));
}
