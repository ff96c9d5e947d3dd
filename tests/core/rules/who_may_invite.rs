//! Who may invite (SPEC §2): `onlyInitiatorCanInvite`, `canInvitingInCalling` and the call's
//! policy, on the inviter's side and on the callee's.
use super::*;

#[test]
fn only_the_initiator_is_offered_invite_members_when_only_initiator_can_invite() {
    let mut net = net(3);
    only_initiator(&mut net, A);
    call(&mut net, A, &[B]);
    assert!(net.kits[A].can_invite(), "alice started the call");
    assert!(!net.kits[B].can_invite(), "bob did not");
}

#[test]
fn everyone_in_the_call_may_invite_when_only_initiator_is_off() {
    let mut net = net(3);
    call(&mut net, A, &[B]);
    assert!(net.kits[A].can_invite());
    assert!(net.kits[B].can_invite());
    net.clear_logs();
    let fx = net.invite(B, &["carol"], CallType::Video).unwrap();
    assert_eq!(invited(&fx), (ids(&["carol"]), vec![]));
    net.settle();
    assert!(net.ringing(C));
    let sent = net.sent.iter().find(|e| matches!(e.body, Body::Invite(_))).unwrap();
    match &sent.body {
        Body::Invite(inv) => {
            assert_eq!(inv.initiator, "alice", "the initiator is who sent the first invitation");
            assert!(inv.in_call);
        }
        _ => unreachable!(),
    }
    assert_eq!(net.pending(A), ids(&["carol"]), "alice sees bob's invitee waiting");
}

#[test]
fn non_initiator_send_in_call_is_refused_with_only_initiator() {
    let mut net = net(3);
    only_initiator(&mut net, A);
    call(&mut net, A, &[B]);
    net.clear_logs();
    let err = net.invite(B, &["carol"], CallType::Video).unwrap_err();
    assert_eq!(err, Error::Refused(Refusal::OnlyInitiator));
    assert_eq!(err.message(), "Only initiator can invite");
    net.settle();
    assert!(net.sent.is_empty(), "nothing was sent");
    assert!(!net.ringing(C));
    assert!(net.pending(A).is_empty() && net.pending(B).is_empty());
    // The initiator still can.
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.settle();
    assert!(net.ringing(C));
}

#[test]
fn can_inviting_in_calling_off_refuses_everyone_including_the_initiator() {
    let mut net = net(3);
    net.configure(A, ConfigPatch { can_inviting_in_calling: Some(false), ..patch() });
    call(&mut net, A, &[B]);
    assert!(!net.kits[A].can_invite());
    assert!(!net.kits[B].can_invite());
    net.clear_logs();
    assert_eq!(net.invite(A, &["carol"], CallType::Video).unwrap_err(), Error::Refused(Refusal::InvitingDisabled));
    assert_eq!(net.invite(B, &["carol"], CallType::Video).unwrap_err(), Error::Refused(Refusal::InvitingDisabled));
    assert_eq!(net.act(A, Event::OpenSidebar).unwrap_err(), Error::Refused(Refusal::InvitingDisabled));
    assert!(!net.kits[A].sidebar_open());
    net.settle();
    assert!(net.sent.is_empty());
    assert!(!net.ringing(C));
}

#[test]
fn sidebar_and_its_invite_button_enforce_the_initiator_rule() {
    let mut net = net(4);
    only_initiator(&mut net, A);
    let l = list(&net, &["carol", "dave"], true);
    net.act(B, Event::UpdateList(l)).unwrap();
    call(&mut net, A, &[B]);
    assert_eq!(net.kits[B].selected_count(), 2, "bob has checked rows");
    net.clear_logs();
    assert_eq!(net.act(B, Event::OpenSidebar).unwrap_err(), Error::Refused(Refusal::OnlyInitiator));
    assert!(!net.kits[B].sidebar_open());
    assert_eq!(net.act(B, Event::InviteChecked).unwrap_err(), Error::Refused(Refusal::OnlyInitiator));
    net.settle();
    assert!(net.sent.is_empty(), "the sidebar path is checked too");
    assert!(!net.ringing(C) && !net.ringing(D));
}

#[test]
fn caller_still_on_the_calling_page_cannot_invite_more() {
    let mut net = net(3);
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    assert!(!net.kits[A].can_invite());
    assert_eq!(net.invite(A, &["carol"], CallType::Video).unwrap_err(), Error::Refused(Refusal::StillCalling));
    assert_eq!(net.act(A, Event::OpenSidebar).unwrap_err(), Error::Refused(Refusal::StillCalling));
}

#[test]
fn callee_declines_an_in_call_invitation_from_a_non_initiator_when_only_initiator_can_invite() {
    let mut net = net(3);
    only_initiator(&mut net, A);
    call(&mut net, A, &[B]);
    let c = net.kits[A].call().unwrap().clone();
    net.clear_logs();
    let invite = in_call_invite(&net, &c, "carol");
    let envelope = craft(&net, "bob", "bob-tab", &["carol", "alice"], &c.id, Body::Invite(invite));
    net.deliver(C, &envelope);
    assert!(!net.ringing(C), "carol does not ring");
    assert!(!has_notice(&net, C, |n| matches!(n, Notice::IncomingCallReceived { .. })));
    assert!(net.dropped(C).iter().any(|r| matches!(r, Reject::Forbidden(_))));
    let declines: Vec<&Envelope> = net.sent.iter().filter(|e| e.from.id == "carol" && matches!(e.body, Body::Decline { busy: false, .. })).collect();
    assert_eq!(declines.len(), 1, "carol declines");
    assert!(declines[0].to.contains(&"bob".to_string()));
    assert_eq!(declines[0].call, c.id);
    net.settle();
    assert!(net.kits[C].call().is_none());
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
}

#[test]
fn callee_declines_an_in_call_invitation_when_the_call_disallows_inviting() {
    let mut net = net(3);
    net.configure(A, ConfigPatch { can_inviting_in_calling: Some(false), ..patch() });
    call(&mut net, A, &[B]);
    let c = net.kits[A].call().unwrap().clone();
    net.clear_logs();
    let invite = in_call_invite(&net, &c, "carol");
    let envelope = craft(&net, "alice", "alice-tab2", &["carol", "bob"], &c.id, Body::Invite(invite));
    net.deliver(C, &envelope);
    assert!(!net.ringing(C));
    assert!(net.sent.iter().any(|e| e.from.id == "carol" && matches!(e.body, Body::Decline { .. }) && e.to.contains(&"alice".to_string())));
}

#[test]
fn a_first_invitation_not_sent_by_the_initiator_does_not_ring() {
    let mut net = net(3);
    let invite = Invite {
        call_type: 1,
        initiator: "alice".into(),
        policy: Policy { can_invite_in_calling: true, ..Default::default() },
        in_call: false,
        callees: vec![net.user("carol")],
        participants: vec![net.user("alice")],
        timeout: 60,
        data: String::new(),
    };
    let envelope = craft(&net, "bob", "bob-tab", &["carol"], "call_alice_1", Body::Invite(invite));
    net.deliver(C, &envelope);
    assert!(!net.ringing(C));
    assert!(net.dropped(C).iter().any(|r| matches!(r, Reject::Forbidden(_))));
}

#[test]
fn a_strict_call_policy_never_leaks_into_the_callees_own_config_or_next_call() {
    let mut net = net(4);
    only_initiator(&mut net, A);
    net.configure(A, ConfigPatch { end_call_when_initiator_leave: Some(true), ..patch() });
    let before = net.kits[B].config().clone();
    call(&mut net, A, &[B]);
    assert!(net.kits[B].call().unwrap().policy.only_initiator_can_invite, "the call carries alice's policy");
    assert!(!net.kits[B].can_invite());
    net.act(A, Event::HangUp).unwrap();
    net.settle();
    assert!(net.kits[B].call().is_none());
    assert_eq!(net.kits[B].config(), &before, "bob's config is unchanged");
    // Bob's own call uses bob's policy: carol, not the initiator, may invite.
    call(&mut net, B, &[C]);
    assert_eq!(net.kits[C].call().unwrap().policy, before.policy());
    assert!(net.kits[C].can_invite());
    net.invite(C, &["dave"], CallType::Video).unwrap();
    net.settle();
    assert!(net.ringing(D));
    // Alice's endCallWhenInitiatorLeave did not stick either: bob leaving his call leaves it going.
    net.act(D, Event::Accept).unwrap();
    net.settle();
    net.act(B, Event::HangUp).unwrap();
    net.settle();
    assert_eq!(net.participants(C), ids(&["carol", "dave"]));
}

#[test]
fn a_permissive_call_policy_does_not_let_the_callee_invite_in_its_own_calls() {
    let mut net = net(4);
    net.configure(B, ConfigPatch { can_inviting_in_calling: Some(false), ..patch() });
    call(&mut net, A, &[B]);
    assert!(net.kits[B].can_invite(), "alice's call allows everyone to invite");
    net.act(B, Event::HangUp).unwrap();
    net.settle();
    assert!(!net.kits[B].config().can_inviting_in_calling);
    call(&mut net, B, &[C]);
    assert!(!net.kits[B].can_invite(), "bob's own call follows bob's config");
    assert_eq!(net.invite(B, &["dave"], CallType::Video).unwrap_err(), Error::Refused(Refusal::InvitingDisabled));
}

#[test]
fn later_joiners_know_who_initiated_the_call() {
    let mut net = net(4);
    only_initiator(&mut net, A);
    call(&mut net, A, &[B, C]);
    net.invite(A, &["dave"], CallType::Video).unwrap();
    net.settle();
    net.act(D, Event::Accept).unwrap();
    net.settle();
    for k in [B, C, D] {
        assert_eq!(net.kits[k].call().unwrap().initiator, "alice", "kit {k}");
        assert!(!net.kits[k].can_invite(), "kit {k}");
    }
    assert!(net.kits[A].can_invite());
}
