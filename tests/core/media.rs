//! The media mesh's rules (SPEC §8), natively: who connects to whom and who offers, negotiation
//! messages only between members, devices as the others see them, restarts and give-ups, and
//! perfect negotiation's choices.

use crate::support::{crafted, Net};
use callkit_invite::core::mesh::{offers_first, Negotiation, SdpKind, GIVE_UP_MS, MAX_SDP_LEN, RESTART_AFTER_MS};
use callkit_invite::core::protocol::{decode, encode};
use callkit_invite::core::screen::Screen;
use callkit_invite::core::*;

const A: usize = 0;
const B: usize = 1;
const C: usize = 2;

fn net() -> Net {
    Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol"), ("dave", "Dave")])
}

/// alice calls bob (`call_type`), bob accepts; then alice invites carol, who accepts.
fn call_of_three(net: &mut Net, call_type: CallType) -> String {
    net.invite(A, &["bob"], call_type).unwrap();
    net.settle();
    net.act(B, Event::Accept).unwrap();
    net.settle();
    net.invite(A, &["carol"], call_type).unwrap();
    net.settle();
    net.act(C, Event::Accept).unwrap();
    net.settle();
    net.kits[A].call().unwrap().id.clone()
}

fn offer(sdp: &str) -> Signal {
    Signal::Description { kind: SdpKind::Offer, sdp: sdp.into() }
}

fn signals_to(effects: &[Effect], to: &str) -> usize {
    effects.iter().filter(|e| matches!(e, Effect::Send(m) if matches!(m.body, Body::Signal(_)) && m.to == [to.to_string()])).count()
}

#[test]
fn each_member_plans_one_connection_per_other_member_and_exactly_one_side_offers() {
    let mut net = net();
    call_of_three(&mut net, CallType::Video);
    for k in [A, B, C] {
        let plan = net.kits[k].media_plan().expect("a joined call has media");
        let me = net.kits[k].me().id.clone();
        let mut users: Vec<&str> = plan.peers.iter().map(|p| p.user.as_str()).collect();
        users.sort();
        let mut want: Vec<&str> = ["alice", "bob", "carol"].into_iter().filter(|u| *u != me).collect();
        want.sort();
        assert_eq!(users, want, "{me}'s connections");
        assert!(plan.video && plan.microphone && plan.camera);
        for peer in &plan.peers {
            let theirs = net.kits.iter().find(|kit| kit.me().id == peer.user).unwrap().media_plan().unwrap();
            let back = theirs.peers.iter().find(|p| p.user == me).unwrap();
            assert_ne!(peer.offers, back.offers, "{me} and {}: exactly one offers first", peer.user);
        }
    }
    assert!(offers_first("alice", "bob") && !offers_first("bob", "alice"));
}

#[test]
fn no_media_without_a_joined_call_without_a_ui_or_with_built_in_media_off() {
    let mut net = net();
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    assert_eq!(net.kits[A].media_plan(), None, "the caller waits on its Calling page");
    net.rooms[B].builtin_media = false;
    net.act(B, Event::Accept).unwrap();
    net.settle();
    assert!(net.kits[A].media_plan().is_some());
    assert_eq!(net.kits[B].media_plan(), None, "builtInMedia: false");
    net.kits[A].set_headless(true);
    assert_eq!(net.kits[A].media_plan(), None, "headless (Node)");
    net.act(A, Event::HangUp).unwrap();
    net.settle();
    net.kits[A].set_headless(false);
    assert_eq!(net.kits[A].media_plan(), None, "after leaving");
}

#[test]
fn a_voice_call_never_opens_the_camera() {
    let mut net = net();
    call_of_three(&mut net, CallType::Voice);
    let plan = net.kits[A].media_plan().unwrap();
    assert!(!plan.video && !plan.camera && plan.microphone);
    net.act(A, Event::ToggleCamera).unwrap();
    assert!(!net.kits[A].media_plan().unwrap().camera, "not even when toggled");
    let screen = Screen::of(&net.kits[B]);
    assert!(screen.call.unwrap().participants.iter().all(|p| !p.camera_on));
}

#[test]
fn negotiation_goes_only_to_and_from_members_of_the_call() {
    let mut net = net();
    let call = call_of_three(&mut net, CallType::Video);
    // From a member: handed to the media, addressed to one member.
    let from_bob = crafted(net.user("bob"), "sid1", 900, &["alice"], &call, Body::Signal(offer("v=0 bob")));
    let fx = net.deliver(A, &from_bob);
    assert!(fx.iter().any(|e| matches!(e, Effect::Signal { from, .. } if from == "bob")), "{fx:?}");
    // From a stranger who knows the call ID: dropped, never answered.
    net.clear_logs();
    let forged = crafted(User::new("mallory", "M"), "m", 1, &["alice"], &call, Body::Signal(offer("v=0 mallory")));
    let fx = net.deliver(A, &forged);
    assert!(!fx.iter().any(|e| matches!(e, Effect::Signal { .. } | Effect::Send(_))), "{fx:?}");
    assert!(net.dropped(A).iter().any(|r| matches!(r, Reject::Forbidden(_))));
    // Out: only to a member, one at a time.
    let fx = net.act(A, Event::SendSignal { to: "bob".into(), signal: offer("v=0 a") }).unwrap();
    assert_eq!(signals_to(&fx, "bob"), 1);
    let fx = net.act(A, Event::SendSignal { to: "dave".into(), signal: offer("v=0 a") }).unwrap();
    assert_eq!(signals_to(&fx, "dave"), 0, "dave is not in the call");
    let fx = net.act(A, Event::SendSignal { to: "bob".into(), signal: offer(&"x".repeat(MAX_SDP_LEN + 1)) }).unwrap();
    assert_eq!(signals_to(&fx, "bob"), 0, "too large for any receiver");
}

#[test]
fn signals_decode_only_when_addressed_to_one_member_and_within_bounds() {
    let to_two = crafted(User::new("bob", "B"), "s", 1, &["alice", "carol"], "call_1", Body::Signal(offer("v=0")));
    assert_eq!(decode(&encode(&to_two)), Err(Reject::Invalid("to")));
    let big = crafted(User::new("bob", "B"), "s", 1, &["alice"], "call_1", Body::Signal(offer(&"x".repeat(MAX_SDP_LEN + 1))));
    assert_eq!(decode(&encode(&big)), Err(Reject::Invalid("body.signal.sdp")));
    let candidate = Signal::Candidate { candidate: "candidate:1 1 udp 1 127.0.0.1 5000 typ host".into(), mid: Some("0".into()), line: Some(0) };
    let ok = crafted(User::new("bob", "B"), "s", 1, &["alice"], "call_1", Body::Signal(candidate));
    assert_eq!(decode(&encode(&ok)).unwrap(), ok);
    let bad_type = encode(&ok).replace("\"candidate\":\"candidate", "\"type\":\"pranswer\",\"sdp\":\"x\",\"c\":\"candidate");
    assert_eq!(decode(&bad_type), Err(Reject::Invalid("body.signal.type")));
}

#[test]
fn a_toggle_reaches_the_others_tiles_at_once() {
    let mut net = net();
    call_of_three(&mut net, CallType::Video);
    net.act(B, Event::ToggleCamera).unwrap();
    net.act(B, Event::ToggleMicrophone).unwrap();
    net.settle(); // no time passes: not the heartbeat
    for k in [A, C] {
        let call = Screen::of(&net.kits[k]).call.unwrap();
        let bob = call.participants.iter().find(|p| p.user.id == "bob").unwrap();
        assert!(!bob.camera_on && !bob.microphone_on, "kit {k}: {bob:?}");
    }
    assert!(!net.kits[B].media_plan().unwrap().camera, "bob's camera is released");
    net.act(B, Event::ToggleCamera).unwrap();
    net.settle();
    let call = Screen::of(&net.kits[A]).call.unwrap();
    assert!(call.participants.iter().find(|p| p.user.id == "bob").unwrap().camera_on);
}

#[test]
fn an_unavailable_device_is_told_once_and_its_toggle_stays_off() {
    let mut net = net();
    call_of_three(&mut net, CallType::Video);
    net.clear_logs();
    net.act(B, Event::DeviceUnavailable(Device::Camera)).unwrap();
    net.act(B, Event::DeviceUnavailable(Device::Camera)).unwrap();
    net.settle();
    assert_eq!(net.toasts(B), vec![Toast::Unavailable(Device::Camera)]);
    let mine = Screen::of(&net.kits[B]).call.unwrap();
    assert!(mine.camera_blocked && !mine.microphone_blocked);
    net.act(B, Event::ToggleCamera).unwrap();
    assert!(!net.kits[B].media_plan().unwrap().camera, "a blocked camera stays off");
    let seen = Screen::of(&net.kits[A]).call.unwrap();
    assert!(!seen.participants.iter().find(|p| p.user.id == "bob").unwrap().camera_on, "the others see the avatar");
}

#[test]
fn a_failed_connection_restarts_once_then_is_given_up() {
    let mut net = net();
    call_of_three(&mut net, CallType::Video);
    let restarts = |net: &Net| net.kits[A].media_plan().unwrap().peers.iter().find(|p| p.user == "bob").map(|p| p.restarts);
    let reconnecting = |net: &Net| Screen::of(&net.kits[A]).call.unwrap().participants.iter().find(|p| p.user.id == "bob").unwrap().reconnecting;
    net.act(A, Event::LinkState { user: "bob".into(), state: LinkState::Connected }).unwrap();
    net.act(A, Event::LinkState { user: "bob".into(), state: LinkState::Failed }).unwrap();
    assert_eq!(restarts(&net), Some(1));
    assert!(reconnecting(&net), "the tile says Reconnecting…");
    // Healed: a later failure may restart again.
    net.act(A, Event::LinkState { user: "bob".into(), state: LinkState::Connected }).unwrap();
    assert!(!reconnecting(&net));
    // Down for a while: restarted after RESTART_AFTER_MS, given up GIVE_UP_MS later.
    net.act(A, Event::LinkState { user: "bob".into(), state: LinkState::Disconnected }).unwrap();
    net.now += RESTART_AFTER_MS;
    net.act(A, Event::Tick).unwrap();
    assert_eq!(restarts(&net), Some(2));
    net.now += GIVE_UP_MS;
    net.act(A, Event::Tick).unwrap();
    assert_eq!(restarts(&net), None, "given up: no connection to bob any more");
    assert!(!reconnecting(&net));
    assert!(net.kits[A].call().unwrap().is_participant("bob"), "bob stays a member; only the media is dropped");
}

#[test]
fn the_impolite_side_keeps_its_offer_when_offers_cross_and_the_polite_side_yields() {
    let mut impolite = Negotiation::new(false);
    let mut polite = Negotiation::new(true);
    for side in [&mut impolite, &mut polite] {
        side.set_making_offer(true);
    }
    assert!(!impolite.take_description(SdpKind::Offer, false), "impolite ignores the crossing offer");
    assert!(impolite.ignoring_offer());
    assert!(polite.take_description(SdpKind::Offer, false), "polite rolls back and takes it");
    // Answers are always taken; an offer in a stable state is no collision.
    let mut fresh = Negotiation::new(false);
    assert!(fresh.take_description(SdpKind::Offer, true));
    assert!(fresh.take_description(SdpKind::Answer, false));
    fresh.applied();
    assert!(!fresh.ignoring_offer());
}

#[test]
fn connections_follow_the_members() {
    let mut net = net();
    call_of_three(&mut net, CallType::Video);
    net.act(C, Event::HangUp).unwrap();
    net.settle();
    let plan = net.kits[A].media_plan().unwrap();
    assert_eq!(plan.peers.iter().map(|p| p.user.as_str()).collect::<Vec<_>>(), vec!["bob"], "carol's connection closes with her goodbye");
    assert_eq!(net.kits[C].media_plan(), None, "carol stops everything");
}

#[test]
fn devices_off_by_the_room_config_reach_the_others_at_once() {
    let mut net = net();
    net.rooms[B].microphone_on = false;
    net.rooms[B].camera_on = false;
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    net.act(B, Event::Accept).unwrap();
    net.settle(); // no heartbeat: no time passes
    let call = Screen::of(&net.kits[A]).call.unwrap();
    let bob = call.participants.iter().find(|p| p.user.id == "bob").unwrap();
    assert!(!bob.microphone_on && !bob.camera_on, "{bob:?}");
}
