#![cfg(not(target_arch = "wasm32"))]
//! The rules of SPEC §2 as a user sees them: who may invite, the invitee list, list updates,
//! and the invitation lifecycle.
mod support;
use callkit_invite::core::protocol::{decode, encode, Invite};
use callkit_invite::core::*;
use support::{crafted, ids, Net};

const A: usize = 0;
const B: usize = 1;
const C: usize = 2;
const D: usize = 3;
const E: usize = 4;

const PEOPLE: [(&str, &str); 6] =
    [("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol"), ("dave", "Dave"), ("erin", "Erin"), ("frank", "Frank")];

fn net(n: usize) -> Net {
    Net::new(&PEOPLE[..n])
}

fn id(net: &Net, k: usize) -> String {
    net.kits[k].me().id.clone()
}

fn patch() -> ConfigPatch {
    ConfigPatch::default()
}

fn only_initiator(net: &mut Net, k: usize) {
    net.configure(k, ConfigPatch { only_initiator_can_invite: Some(true), ..patch() });
}

/// `from` calls `to` (one callee each) and every callee accepts.
fn call(net: &mut Net, from: usize, to: &[usize]) {
    let callees: Vec<String> = to.iter().map(|&k| id(net, k)).collect();
    let refs: Vec<&str> = callees.iter().map(String::as_str).collect();
    net.invite(from, &refs, CallType::Video).unwrap();
    net.settle();
    for &k in to {
        assert!(net.ringing(k), "kit {k} rings");
        net.act(k, Event::Accept).unwrap();
        net.settle();
    }
}

fn list(net: &Net, users: &[&str], default_checked: bool) -> ListConfig {
    ListConfig { users: users.iter().map(|u| net.user(u)).collect(), default_checked }
}

fn rows(net: &Net, k: usize) -> Vec<(String, RowStatus)> {
    net.kits[k].rows().iter().map(|r| (r.user.id.clone(), r.status)).collect()
}

fn row(id: &str, status: RowStatus) -> (String, RowStatus) {
    (id.to_owned(), status)
}

/// The `Effect::Invited` of an event: (invited IDs, (ID, reason) of error invitees).
fn invited(effects: &[Effect]) -> (Vec<String>, Vec<(String, InviteeError)>) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Invited { invited, error_invitees, .. } => Some((
                invited.iter().map(|u| u.id.clone()).collect(),
                error_invitees.iter().map(|e| (e.user.id.clone(), e.reason)).collect(),
            )),
            _ => None,
        })
        .expect("an Invited effect")
}

/// The invitations sent (from, callees, to).
fn invites_sent(net: &Net) -> Vec<(String, Vec<String>, Vec<String>)> {
    net.sent
        .iter()
        .filter_map(|e| match &e.body {
            Body::Invite(inv) => Some((e.from.id.clone(), inv.callees.iter().map(|u| u.id.clone()).collect(), e.to.clone())),
            _ => None,
        })
        .collect()
}

fn ends(net: &Net, k: usize) -> Vec<EndReason> {
    net.notices(k)
        .into_iter()
        .filter_map(|n| match n {
            Notice::CallInvitationEnded { reason, .. } => Some(reason),
            _ => None,
        })
        .collect()
}

fn user_joins(net: &Net, k: usize) -> Vec<Vec<String>> {
    net.notices(k)
        .into_iter()
        .filter_map(|n| match n {
            Notice::UserJoin { users, .. } => Some(users.into_iter().map(|u| u.id).collect()),
            _ => None,
        })
        .collect()
}

fn has_notice(net: &Net, k: usize, pred: impl Fn(&Notice) -> bool) -> bool {
    net.notices(k).iter().any(pred)
}

/// Hands `envelope` to kit `k` through the real encoder and decoder.
fn deliver(net: &mut Net, k: usize, envelope: Envelope) -> Vec<Effect> {
    let envelope = decode(&encode(&envelope)).expect("crafted message decodes");
    net.act(k, Event::Received(Box::new(envelope))).expect("receiving never errs")
}

/// An in-call invitation of `callee` into `c`, as its initiator alice's call carries it.
fn in_call_invite(net: &Net, c: &Call, callee: &str) -> Invite {
    Invite {
        call_type: 1,
        initiator: "alice".into(),
        policy: c.policy,
        in_call: true,
        callees: vec![net.user(callee)],
        participants: c.participants.clone(),
        timeout: 60,
        data: String::new(),
    }
}

fn craft(net: &Net, from: &str, sid: &str, to: &[&str], call: &str, body: Body) -> Envelope {
    crafted(net.user(from), sid, 1, to, call, body)
}

// ---------------------------------------------------------------- who may invite

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
    deliver(&mut net, C, envelope);
    assert!(!net.ringing(C), "carol does not ring");
    assert!(!has_notice(&net, C, |n| matches!(n, Notice::IncomingCallReceived { .. })));
    assert!(net.dropped(C).iter().any(|r| matches!(r, Reject::Forbidden(_))));
    let declines: Vec<&Envelope> = net.sent.iter().filter(|e| e.from.id == "carol" && matches!(e.body, Body::Decline { busy: false })).collect();
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
    deliver(&mut net, C, envelope);
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
    deliver(&mut net, C, envelope);
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

// ---------------------------------------------------------------- invitee list

#[test]
fn rows_follow_wait_select_users_in_order_and_never_show_the_own_user() {
    let mut net = net(3);
    let l = list(&net, &["erin", "alice", "dave", "carol"], true);
    net.act(A, Event::UpdateList(l)).unwrap();
    call(&mut net, A, &[B]);
    assert_eq!(
        rows(&net, A),
        vec![row("erin", RowStatus::Available(true)), row("dave", RowStatus::Available(true)), row("carol", RowStatus::Available(true))]
    );
    assert_eq!(net.kits[A].selected_count(), 3);
}

#[test]
fn participants_show_in_call_and_pending_invitees_show_calling() {
    let mut net = net(4);
    let l = list(&net, &["bob", "carol", "dave"], true);
    net.act(A, Event::UpdateList(l)).unwrap();
    call(&mut net, A, &[B]);
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.settle();
    assert_eq!(
        rows(&net, A),
        vec![row("bob", RowStatus::InCall), row("carol", RowStatus::Calling), row("dave", RowStatus::Available(true))]
    );
    assert_eq!(net.kits[A].selected_count(), 1);
}

#[test]
fn invite_checked_skips_users_in_the_call_and_pending() {
    let mut net = net(5);
    let l = list(&net, &["bob", "carol", "dave"], true);
    net.act(A, Event::UpdateList(l)).unwrap();
    call(&mut net, A, &[B]);
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.settle();
    net.clear_logs();
    net.act(A, Event::OpenSidebar).unwrap();
    let fx = net.act(A, Event::InviteChecked).unwrap();
    assert_eq!(invited(&fx).0, ids(&["dave"]));
    let sent = invites_sent(&net);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].1, ids(&["dave"]), "only dave is invited");
    net.settle();
    assert!(net.ringing(D));
    let carol_invites = net.sent.iter().filter(|e| matches!(e.body, Body::Invite(_)) && e.to.contains(&"carol".to_string())).count();
    assert_eq!(carol_invites, 0, "carol is not invited twice");
    assert!(!net.kits[A].sidebar_open(), "the sidebar closes after inviting");
    assert_eq!(rows(&net, A)[2], row("dave", RowStatus::Calling));
}

#[test]
fn send_in_a_call_reports_users_in_call_and_pending_as_error_invitees() {
    let mut net = net(5);
    call(&mut net, A, &[B]);
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.settle();
    net.clear_logs();
    let fx = net.invite(A, &["bob", "carol", "dave"], CallType::Video).unwrap();
    let (ok, errors) = invited(&fx);
    assert_eq!(ok, ids(&["dave"]));
    assert_eq!(errors, vec![("bob".to_string(), InviteeError::InCall), ("carol".to_string(), InviteeError::Calling)]);
    assert_eq!(InviteeError::InCall.as_str(), "inCall");
    assert_eq!(InviteeError::Calling.as_str(), "calling");
    let sent = invites_sent(&net);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].1, ids(&["dave"]));
}

#[test]
fn send_in_a_call_with_only_unavailable_users_sends_nothing() {
    let mut net = net(3);
    call(&mut net, A, &[B]);
    net.clear_logs();
    let fx = net.invite(A, &["bob"], CallType::Video).unwrap();
    assert_eq!(invited(&fx), (vec![], vec![("bob".to_string(), InviteeError::InCall)]));
    net.settle();
    assert!(net.sent.is_empty());
    assert!(!net.ringing(B));
}

#[test]
fn rows_start_unchecked_when_default_checked_is_false() {
    let mut net = net(4);
    let l = list(&net, &["carol", "dave"], false);
    net.act(A, Event::UpdateList(l)).unwrap();
    call(&mut net, A, &[B]);
    assert_eq!(rows(&net, A), vec![row("carol", RowStatus::Available(false)), row("dave", RowStatus::Available(false))]);
    net.clear_logs();
    let fx = net.act(A, Event::InviteChecked).unwrap();
    assert!(!fx.iter().any(|e| matches!(e, Effect::Send(_))));
    net.settle();
    assert!(!net.ringing(C) && !net.ringing(D), "nothing checked, nobody invited");
    net.act(A, Event::ToggleRow("dave".into())).unwrap();
    net.act(A, Event::InviteChecked).unwrap();
    net.settle();
    assert!(net.ringing(D) && !net.ringing(C));
}

#[test]
fn checked_state_survives_closing_and_reopening_the_sidebar() {
    let mut net = net(5);
    let l = list(&net, &["carol", "dave", "erin"], true);
    net.act(A, Event::UpdateList(l)).unwrap();
    call(&mut net, A, &[B]);
    net.act(A, Event::OpenSidebar).unwrap();
    assert!(net.kits[A].sidebar_open());
    net.act(A, Event::ToggleRow("dave".into())).unwrap();
    net.act(A, Event::CloseSidebar).unwrap();
    assert!(!net.kits[A].sidebar_open());
    net.act(A, Event::OpenSidebar).unwrap();
    assert_eq!(
        rows(&net, A),
        vec![row("carol", RowStatus::Available(true)), row("dave", RowStatus::Available(false)), row("erin", RowStatus::Available(true))]
    );
    net.act(A, Event::InviteChecked).unwrap();
    net.settle();
    assert!(net.ringing(C) && net.ringing(E) && !net.ringing(D));
}

#[test]
fn toggling_a_disabled_row_changes_nothing() {
    let mut net = net(3);
    let l = list(&net, &["bob", "carol"], true);
    net.act(A, Event::UpdateList(l)).unwrap();
    call(&mut net, A, &[B, C]);
    net.act(A, Event::ToggleRow("bob".into())).unwrap();
    assert_eq!(rows(&net, A)[0], row("bob", RowStatus::InCall));
    // Once bob leaves, his row is offered as configured, not flipped behind his back.
    net.act(B, Event::HangUp).unwrap();
    net.settle();
    assert_eq!(rows(&net, A)[0], row("bob", RowStatus::Available(true)));
}

// ---------------------------------------------------------------- updateCallingInvitationListConfig

#[test]
fn update_list_in_a_call_keeps_checked_rows_and_new_rows_take_default_checked() {
    let mut net = net(5);
    let l = list(&net, &["carol", "dave"], true);
    net.act(A, Event::UpdateList(l)).unwrap();
    call(&mut net, A, &[B]);
    net.act(A, Event::ToggleRow("carol".into())).unwrap();
    let l = list(&net, &["dave", "carol", "erin"], false);
    net.act(A, Event::UpdateList(l)).unwrap();
    assert_eq!(
        rows(&net, A),
        vec![row("dave", RowStatus::Available(true)), row("carol", RowStatus::Available(false)), row("erin", RowStatus::Available(false))]
    );
    // A row removed and added back is new again.
    let l = list(&net, &["erin"], true);
    net.act(A, Event::UpdateList(l)).unwrap();
    let l = list(&net, &["erin", "carol"], true);
    net.act(A, Event::UpdateList(l)).unwrap();
    assert_eq!(rows(&net, A), vec![row("erin", RowStatus::Available(false)), row("carol", RowStatus::Available(true))]);
}

#[test]
fn update_list_refreshes_an_open_sidebar_at_once() {
    let mut net = net(4);
    call(&mut net, A, &[B]);
    net.act(A, Event::OpenSidebar).unwrap();
    assert!(rows(&net, A).is_empty());
    let l = list(&net, &["carol", "bob"], true);
    let fx = net.act(A, Event::UpdateList(l)).unwrap();
    assert!(fx.contains(&Effect::Render), "the open sidebar re-renders");
    assert!(net.kits[A].sidebar_open());
    assert_eq!(rows(&net, A), vec![row("carol", RowStatus::Available(true)), row("bob", RowStatus::InCall)]);
}

#[test]
fn update_list_before_a_call_sets_the_list_the_next_call_starts_with() {
    let mut net = net(4);
    let l = list(&net, &["carol", "dave"], false);
    net.act(A, Event::UpdateList(l.clone())).unwrap();
    let l_bob = list(&net, &["dave"], true);
    net.act(B, Event::UpdateList(l_bob.clone())).unwrap();
    assert_eq!(net.kits[A].next_list(), &l);
    assert!(rows(&net, A).is_empty(), "no rows outside a call");
    call(&mut net, A, &[B]);
    assert_eq!(rows(&net, A), vec![row("carol", RowStatus::Available(false)), row("dave", RowStatus::Available(false))]);
    assert_eq!(rows(&net, B), vec![row("dave", RowStatus::Available(true))], "the callee starts with its own list");
}

#[test]
fn a_list_updated_during_a_call_is_also_the_next_calls_list() {
    let mut net = net(4);
    call(&mut net, A, &[B]);
    let l = list(&net, &["carol", "dave"], false);
    net.act(A, Event::UpdateList(l.clone())).unwrap();
    assert_eq!(rows(&net, A), vec![row("carol", RowStatus::Available(false)), row("dave", RowStatus::Available(false))]);
    net.act(A, Event::HangUp).unwrap();
    net.settle();
    assert_eq!(net.kits[A].next_list(), &l);
    call(&mut net, A, &[C]);
    assert_eq!(rows(&net, A), vec![row("carol", RowStatus::InCall), row("dave", RowStatus::Available(false))]);
}

#[test]
fn a_list_in_the_room_config_wins_over_the_updated_list() {
    let mut net = net(5);
    let l = list(&net, &["carol", "dave"], true);
    net.act(A, Event::UpdateList(l.clone())).unwrap();
    net.act(B, Event::UpdateList(l)).unwrap();
    net.rooms[A].list = Some(list(&net, &["erin"], false));
    net.rooms[B].list = Some(list(&net, &["carol"], true));
    call(&mut net, A, &[B]);
    assert_eq!(rows(&net, A), vec![row("erin", RowStatus::Available(false))]);
    assert_eq!(rows(&net, B), vec![row("carol", RowStatus::Available(true))]);
}

// ---------------------------------------------------------------- lifecycle

#[test]
fn one_callee_the_caller_waits_on_the_calling_page() {
    let mut net = net(2);
    let fx = net.invite(A, &["bob"], CallType::Voice).unwrap();
    assert!(!fx.iter().any(|e| matches!(e, Effect::ConfigureRoom { .. })), "the caller does not join yet");
    let c = net.kits[A].call().unwrap();
    assert!(!c.joined);
    assert_eq!(c.id, format!("call_alice_{}", net.now), "default room ID");
    assert!(!has_notice(&net, A, |n| matches!(n, Notice::JoinedRoom { .. } | Notice::WaitingPage { .. })));
    assert_eq!(net.pending(A), ids(&["bob"]));
    net.settle();
    assert!(net.ringing(B));
    let received = net.notices(B);
    assert!(received.iter().any(|n| matches!(n,
        Notice::IncomingCallReceived { caller, call_type: CallType::Voice, callees, .. }
            if caller.id == "alice" && callees.len() == 1 && callees[0].id == "bob")));
}

#[test]
fn custom_waiting_page_is_handed_to_the_app() {
    let mut net = net(2);
    net.configure(A, ConfigPatch { custom_waiting_page: Some(true), ..patch() });
    net.invite(A, &["bob"], CallType::Video).unwrap();
    let notices = net.notices(A);
    assert!(notices.iter().any(|n| matches!(n,
        Notice::WaitingPage { call_type: CallType::Video, callees, .. } if callees.len() == 1 && callees[0].id == "bob")));
}

#[test]
fn several_callees_the_caller_joins_at_once() {
    let mut net = net(3);
    let fx = net.invite(A, &["bob", "carol"], CallType::Video).unwrap();
    assert!(fx.iter().any(|e| matches!(e, Effect::ConfigureRoom { call_type: CallType::Video, .. })));
    assert!(net.kits[A].call().unwrap().joined);
    assert!(has_notice(&net, A, |n| matches!(n, Notice::JoinedRoom { .. })));
    assert!(!has_notice(&net, A, |n| matches!(n, Notice::WaitingPage { .. })));
    net.settle();
    assert!(net.ringing(B) && net.ringing(C));
    assert_eq!(net.participants(A), ids(&["alice"]));
    assert_eq!(net.pending(A), ids(&["bob", "carol"]));
}

#[test]
fn a_callee_already_in_a_call_answers_busy() {
    let mut net = net(4);
    call(&mut net, C, &[D]);
    net.clear_logs();
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.settle();
    assert!(!net.ringing(C));
    assert_eq!(net.participants(C), ids(&["carol", "dave"]), "carol's call goes on");
    assert!(net.notices(C).is_empty(), "carol's app is not disturbed");
    assert_eq!(net.toasts(A), vec![Toast::Busy("Carol".into())]);
    assert!(has_notice(&net, A, |n| matches!(n, Notice::OutgoingCallRejected { callee, .. } if callee.id == "carol")));
    assert_eq!(ends(&net, A), vec![EndReason::Busy]);
    assert!(net.kits[A].call().is_none());
}

#[test]
fn a_callee_already_ringing_answers_busy_and_keeps_ringing() {
    let mut net = net(4);
    net.invite(D, &["carol"], CallType::Video).unwrap();
    net.settle();
    call(&mut net, A, &[B]);
    net.clear_logs();
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.settle();
    assert_eq!(net.kits[C].incoming().unwrap().caller.id, "dave", "still ringing for dave");
    assert_eq!(net.toasts(A), vec![Toast::Busy("Carol".into())]);
    assert!(has_notice(&net, A, |n| matches!(n, Notice::OutgoingCallRejected { .. })));
    assert!(net.pending(A).is_empty() && net.pending(B).is_empty());
    assert_eq!(net.participants(A), ids(&["alice", "bob"]), "the group call goes on");
}

#[test]
fn accept_configures_the_room_and_everyone_sees_the_new_participant() {
    let mut net = net(4);
    call(&mut net, A, &[B, C]);
    net.invite(A, &["dave"], CallType::Voice).unwrap();
    net.settle();
    net.clear_logs();
    let fx = net.act(D, Event::Accept).unwrap();
    // An in-call invitation joins the call as it is: a video call stays video.
    assert!(fx.iter().any(|e| matches!(e, Effect::ConfigureRoom { call_type: CallType::Video, .. })), "onSetRoomConfigBeforeJoining(callType)");
    assert!(has_notice(&net, D, |n| matches!(n, Notice::JoinedRoom { .. })));
    net.settle();
    for k in [A, B, C, D] {
        assert_eq!(net.participants(k), ids(&["alice", "bob", "carol", "dave"]), "kit {k}");
        assert!(net.pending(k).is_empty(), "kit {k}");
    }
    for k in [A, B, C] {
        assert_eq!(user_joins(&net, k), vec![vec!["dave".to_string()]], "kit {k}");
    }
    assert!(has_notice(&net, A, |n| matches!(n, Notice::OutgoingCallAccepted { callee, .. } if callee.id == "dave")));
    assert!(!has_notice(&net, B, |n| matches!(n, Notice::OutgoingCallAccepted { .. })), "bob did not invite dave");
}

#[test]
fn one_to_one_accept_joins_the_waiting_caller() {
    let mut net = net(2);
    call(&mut net, A, &[B]);
    assert!(net.kits[A].call().unwrap().joined);
    assert!(has_notice(&net, A, |n| matches!(n, Notice::OutgoingCallAccepted { callee, .. } if callee.id == "bob")));
    assert!(has_notice(&net, A, |n| matches!(n, Notice::JoinedRoom { .. })));
    assert_eq!(user_joins(&net, A), vec![vec!["bob".to_string()]]);
    assert_eq!(user_joins(&net, B), vec![vec!["alice".to_string()]]);
}

#[test]
fn decline_tells_the_caller_and_ends_a_one_to_one_call() {
    let mut net = net(2);
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    net.act(B, Event::Decline).unwrap();
    net.settle();
    assert!(!net.ringing(B));
    assert_eq!(net.toasts(A), vec![Toast::Declined("Bob".into())]);
    assert!(has_notice(&net, A, |n| matches!(n, Notice::OutgoingCallDeclined { callee, .. } if callee.id == "bob")));
    assert_eq!(ends(&net, A), vec![EndReason::Declined]);
    assert!(net.kits[A].call().is_none());
}

#[test]
fn decline_in_a_group_call_keeps_the_call() {
    let mut net = net(4);
    call(&mut net, A, &[B]);
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.settle();
    net.act(C, Event::Decline).unwrap();
    net.settle();
    assert_eq!(net.toasts(A), vec![Toast::Declined("Carol".into())]);
    assert!(ends(&net, A).is_empty());
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
    assert!(net.pending(A).is_empty() && net.pending(B).is_empty(), "bob's waiting tile goes too");
}

#[test]
fn timeout_notifies_both_sides_and_leaves_nobody_pending() {
    let mut net = net(2);
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    net.advance(59_000);
    assert!(net.ringing(B), "60 s by default");
    assert_eq!(net.pending(A), ids(&["bob"]));
    net.advance(1_001);
    assert!(!net.ringing(B));
    assert_eq!(net.toasts(A), vec![Toast::NoAnswer("Bob".into())]);
    assert!(has_notice(&net, A, |n| matches!(n, Notice::OutgoingCallTimeout { callees, .. } if callees.len() == 1 && callees[0].id == "bob")));
    assert!(has_notice(&net, B, |n| matches!(n, Notice::IncomingCallTimeout { caller, .. } if caller.id == "alice")));
    assert_eq!(ends(&net, A), vec![EndReason::Timeout]);
    assert!(net.kits[A].call().is_none());
}

#[test]
fn timeout_of_an_in_call_invitation_clears_every_waiting_tile() {
    let mut net = net(3);
    call(&mut net, A, &[B]);
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.settle();
    net.clear_logs();
    net.advance(60_001);
    assert!(!net.ringing(C));
    assert_eq!(net.toasts(A), vec![Toast::NoAnswer("Carol".into())]);
    assert!(net.toasts(B).is_empty(), "bob did not invite carol");
    assert!(has_notice(&net, C, |n| matches!(n, Notice::IncomingCallTimeout { .. })));
    for k in [A, B, C] {
        assert!(net.pending(k).is_empty(), "kit {k}");
    }
    assert_eq!(net.participants(A), ids(&["alice", "bob"]), "the call goes on");
}

#[test]
fn cancel_from_the_waiting_page_stops_the_ringing() {
    let mut net = net(2);
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    net.act(A, Event::CancelCalling).unwrap();
    net.settle();
    assert!(!net.ringing(B));
    assert!(has_notice(&net, B, |n| matches!(n, Notice::IncomingCallCanceled { caller, .. } if caller.id == "alice")));
    assert_eq!(ends(&net, A), vec![EndReason::Canceled]);
    assert!(net.kits[A].call().is_none());
}

#[test]
fn a_waiting_tile_can_be_cancelled_by_its_inviter_only() {
    let mut net = net(3);
    call(&mut net, A, &[B]);
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.settle();
    assert_eq!(net.pending(B), ids(&["carol"]));
    net.clear_logs();
    assert_eq!(net.act(B, Event::CancelInvitee("carol".into())).unwrap_err(), Error::Refused(Refusal::NotInviter));
    net.settle();
    assert!(net.sent.is_empty());
    assert!(net.ringing(C));
    net.act(A, Event::CancelInvitee("carol".into())).unwrap();
    net.settle();
    assert!(!net.ringing(C));
    assert!(has_notice(&net, C, |n| matches!(n, Notice::IncomingCallCanceled { .. })));
    assert!(net.pending(A).is_empty() && net.pending(B).is_empty());
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
}

#[test]
fn a_non_initiator_inviter_sees_its_invitation_end_on_decline() {
    let mut net = net(3);
    call(&mut net, A, &[B]);
    net.invite(B, &["carol"], CallType::Video).unwrap();
    net.settle();
    net.clear_logs();
    net.act(C, Event::Decline).unwrap();
    net.settle();
    assert_eq!(net.toasts(B), vec![Toast::Declined("Carol".into())]);
    assert!(has_notice(&net, B, |n| matches!(n, Notice::OutgoingCallDeclined { callee, .. } if callee.id == "carol")));
    assert!(net.toasts(A).is_empty());
    assert!(net.pending(A).is_empty() && net.pending(B).is_empty());
}

#[test]
fn a_non_initiator_inviter_sees_its_invitation_end_on_timeout() {
    let mut net = net(3);
    call(&mut net, A, &[B]);
    net.invite(B, &["carol"], CallType::Video).unwrap();
    net.settle();
    net.clear_logs();
    net.advance(60_001);
    assert_eq!(net.toasts(B), vec![Toast::NoAnswer("Carol".into())]);
    assert!(has_notice(&net, B, |n| matches!(n, Notice::OutgoingCallTimeout { .. })));
    assert!(!has_notice(&net, A, |n| matches!(n, Notice::OutgoingCallTimeout { .. })));
    assert!(!net.ringing(C));
    assert!(net.pending(A).is_empty() && net.pending(B).is_empty());
}

#[test]
fn a_non_initiator_inviter_sees_its_invitation_end_on_accept() {
    let mut net = net(3);
    call(&mut net, A, &[B]);
    net.invite(B, &["carol"], CallType::Video).unwrap();
    net.settle();
    net.clear_logs();
    net.act(C, Event::Accept).unwrap();
    net.settle();
    assert!(has_notice(&net, B, |n| matches!(n, Notice::OutgoingCallAccepted { callee, .. } if callee.id == "carol")));
    for k in [A, B, C] {
        assert!(net.pending(k).is_empty(), "kit {k}");
        assert_eq!(net.participants(k), ids(&["alice", "bob", "carol"]), "kit {k}");
    }
}

#[test]
fn a_non_initiator_inviter_hears_busy() {
    let mut net = net(5);
    call(&mut net, A, &[B]);
    call(&mut net, D, &[E]);
    net.clear_logs();
    net.invite(B, &["dave"], CallType::Video).unwrap();
    net.settle();
    assert_eq!(net.toasts(B), vec![Toast::Busy("Dave".into())]);
    assert!(has_notice(&net, B, |n| matches!(n, Notice::OutgoingCallRejected { .. })));
    assert!(net.pending(A).is_empty() && net.pending(B).is_empty());
}

#[test]
fn accepting_in_one_tab_stops_the_other_tab_ringing() {
    let mut net = net(2);
    let tab2 = net.add_kit("bob", "Bob");
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    assert!(net.ringing(B) && net.ringing(tab2));
    net.act(B, Event::Accept).unwrap();
    net.settle();
    assert!(!net.ringing(tab2));
    assert!(net.kits[tab2].call().is_none());
    assert!(has_notice(&net, tab2, |n| matches!(n, Notice::IncomingCallCanceled { .. })));
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
}

#[test]
fn declining_in_one_tab_stops_the_other_tab_ringing() {
    let mut net = net(2);
    let tab2 = net.add_kit("bob", "Bob");
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    net.act(tab2, Event::Decline).unwrap();
    net.settle();
    assert!(!net.ringing(B) && !net.ringing(tab2));
    assert_eq!(ends(&net, A), vec![EndReason::Declined]);
}

#[test]
fn hang_up_cancels_the_leavers_pending_invitations() {
    let mut net = net(4);
    call(&mut net, A, &[B, C]);
    net.invite(B, &["dave"], CallType::Video).unwrap();
    net.settle();
    assert!(net.ringing(D));
    net.clear_logs();
    net.act(B, Event::HangUp).unwrap();
    net.settle();
    assert!(!net.ringing(D), "dave stops ringing");
    assert!(has_notice(&net, D, |n| matches!(n, Notice::IncomingCallCanceled { .. })));
    assert_eq!(ends(&net, B), vec![EndReason::LeaveRoom]);
    for k in [A, C] {
        assert_eq!(net.participants(k), ids(&["alice", "carol"]), "kit {k}");
        assert!(net.pending(k).is_empty(), "kit {k}");
        assert!(has_notice(&net, k, |n| matches!(n, Notice::UserLeave { users, .. } if users[0].id == "bob")), "kit {k}");
    }
}

#[test]
fn the_initiator_leaving_ends_the_call_for_all_with_end_call_when_initiator_leave() {
    let mut net = net(4);
    net.configure(A, ConfigPatch { end_call_when_initiator_leave: Some(true), ..patch() });
    call(&mut net, A, &[B, C]);
    net.invite(B, &["dave"], CallType::Video).unwrap();
    net.settle();
    net.clear_logs();
    net.act(A, Event::HangUp).unwrap();
    net.settle();
    for k in [A, B, C] {
        assert!(net.kits[k].call().is_none(), "kit {k}");
        assert_eq!(ends(&net, k), vec![EndReason::LeaveRoom], "kit {k}");
    }
    assert!(!net.ringing(D), "the call dave was invited to is over");
}

#[test]
fn without_end_call_when_initiator_leave_the_others_stay() {
    let mut net = net(3);
    call(&mut net, A, &[B, C]);
    net.clear_logs();
    net.act(A, Event::HangUp).unwrap();
    net.settle();
    for k in [B, C] {
        assert_eq!(net.participants(k), ids(&["bob", "carol"]), "kit {k}");
        assert!(ends(&net, k).is_empty(), "kit {k}");
        assert!(has_notice(&net, k, |n| matches!(n, Notice::UserLeave { users, .. } if users[0].id == "alice")));
    }
}

#[test]
fn a_non_initiator_cannot_end_the_call_for_all() {
    let mut net = net(3);
    net.configure(B, ConfigPatch { end_call_when_initiator_leave: Some(true), ..patch() });
    call(&mut net, A, &[B, C]);
    net.act(B, Event::HangUp).unwrap();
    net.settle();
    assert_eq!(net.participants(A), ids(&["alice", "carol"]));
    assert_eq!(net.participants(C), ids(&["alice", "carol"]));
}

#[test]
fn a_one_to_one_call_ends_when_the_other_side_leaves() {
    let mut net = net(2);
    call(&mut net, A, &[B]);
    net.clear_logs();
    net.act(B, Event::HangUp).unwrap();
    net.settle();
    assert!(net.kits[A].call().is_none());
    assert_eq!(ends(&net, A), vec![EndReason::LeaveRoom]);
    assert!(has_notice(&net, A, |n| matches!(n, Notice::LeftRoom { .. })));
}

#[test]
fn a_new_call_after_the_last_one_ended_works() {
    let mut net = net(3);
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    net.act(B, Event::Decline).unwrap();
    net.settle();
    assert!(net.kits[A].call().is_none());
    net.advance(1_000);
    call(&mut net, A, &[B]);
    net.act(A, Event::HangUp).unwrap();
    net.settle();
    net.advance(1_000);
    net.clear_logs();
    call(&mut net, B, &[A, C]);
    for k in [A, B, C] {
        assert_eq!(net.participants(k), ids(&["alice", "bob", "carol"]), "kit {k}");
    }
    assert!(net.toasts(A).is_empty());
}

#[test]
fn destroy_leaves_the_call_and_refuses_later_calls() {
    let mut net = net(3);
    call(&mut net, A, &[B]);
    net.act(A, Event::Destroy).unwrap();
    net.settle();
    assert!(net.kits[A].destroyed());
    assert!(net.kits[B].call().is_none(), "the other side of the 1:1 call sees it end");
    let l = list(&net, &["carol"], true);
    let refused = Err(Error::Refused(Refusal::Destroyed));
    assert_eq!(net.invite(A, &["carol"], CallType::Video), refused);
    assert_eq!(net.act(A, Event::UpdateList(l)), refused);
    assert_eq!(net.act(A, Event::Configure(patch())), refused);
    assert_eq!(net.act(A, Event::HangUp), refused);
    assert_eq!(net.act(A, Event::OpenSidebar), refused);
    assert_eq!(net.act(A, Event::Destroy), refused);
    // Invitations to a destroyed kit do not ring.
    net.invite(C, &["alice"], CallType::Video).unwrap();
    net.settle();
    assert!(!net.ringing(A));
}

#[test]
fn destroy_while_ringing_declines() {
    let mut net = net(2);
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    net.act(B, Event::Destroy).unwrap();
    net.settle();
    assert_eq!(ends(&net, A), vec![EndReason::Declined]);
    assert_eq!(net.act(B, Event::Accept), Err(Error::Refused(Refusal::Destroyed)));
}

#[test]
fn a_co_callee_who_accepts_after_another_declined_shows_no_stale_waiting_tile() {
    let mut net = net(3);
    net.invite(A, &["bob", "carol"], CallType::Video).unwrap();
    net.settle();
    net.act(B, Event::Decline).unwrap();
    net.settle();
    net.act(C, Event::Accept).unwrap();
    net.settle();
    assert_eq!(net.participants(C), ids(&["alice", "carol"]));
    assert!(net.pending(C).is_empty(), "bob declined: carol must not see him as Calling…");
    assert!(net.pending(A).is_empty());
}

#[test]
fn a_co_callee_who_accepts_after_another_was_cancelled_shows_no_stale_waiting_tile() {
    let mut net = net(3);
    net.invite(A, &["bob", "carol"], CallType::Video).unwrap();
    net.settle();
    net.act(A, Event::CancelInvitee("bob".into())).unwrap();
    net.settle();
    assert!(!net.ringing(B));
    net.act(C, Event::Accept).unwrap();
    net.settle();
    assert!(net.pending(C).is_empty(), "bob's invitation was cancelled");
}

#[test]
fn a_co_callee_who_accepts_after_another_was_busy_shows_no_stale_waiting_tile() {
    let mut net = net(5);
    call(&mut net, D, &[E]);
    net.invite(A, &["bob", "dave", "carol"], CallType::Video).unwrap();
    net.settle();
    assert!(!net.ringing(D));
    net.act(B, Event::Accept).unwrap();
    net.settle();
    net.act(C, Event::Accept).unwrap();
    net.settle();
    for k in [A, B, C] {
        assert_eq!(net.participants(k), ids(&["alice", "bob", "carol"]), "kit {k}");
        assert!(net.pending(k).is_empty(), "kit {k}: dave was busy");
    }
    assert_eq!(net.toasts(A), vec![Toast::Busy("Dave".into())]);
}

#[test]
fn custom_dialog_hands_the_invitation_to_the_app() {
    let mut net = net(2);
    net.configure(B, ConfigPatch { custom_dialog: Some(true), ..patch() });
    let request = SendRequest { data: "room-42".into(), ..SendRequest::new(vec![net.user("bob")], CallType::Voice) };
    net.act(A, Event::Send(request)).unwrap();
    net.settle();
    assert!(net.ringing(B));
    assert!(has_notice(&net, B, |n| matches!(n,
        Notice::ConfirmDialog { call_type: CallType::Voice, caller, data, .. } if caller.id == "alice" && data == "room-42")));
}

#[test]
fn a_failed_send_shows_a_toast_and_ends_the_pending_state() {
    let mut net = net(3);
    call(&mut net, A, &[B]);
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.queue.clear();
    net.clear_logs();
    let call_id = net.kits[A].call().unwrap().id.clone();
    net.act(A, Event::SendFailed { call_id, user_ids: vec!["carol".into()] }).unwrap();
    assert_eq!(net.toasts(A), vec![Toast::SendFailed]);
    assert!(net.pending(A).is_empty());
    assert_eq!(rows_calling(&net, A), 0);
    assert_eq!(Text::SendFailed.get(Language::EnUs), "Failed to send the invitation, please try again.");
}

fn rows_calling(net: &Net, k: usize) -> usize {
    net.kits[k].rows().iter().filter(|r| r.status == RowStatus::Calling).count()
}

#[test]
fn messages_name_each_recipient_once() {
    let mut net = net(4);
    call(&mut net, A, &[B]);
    call(&mut net, C, &[D]);
    net.clear_logs();
    net.invite(B, &["carol"], CallType::Video).unwrap();
    net.settle();
    assert!(!net.sent.is_empty());
    for e in &net.sent {
        let mut to = e.to.clone();
        to.sort();
        to.dedup();
        assert_eq!(to.len(), e.to.len(), "duplicate recipient in {e:?}");
    }
}

#[test]
fn a_timer_that_fires_early_is_armed_again_for_the_same_deadline() {
    let mut net = net(2);
    net.invite(A, &["bob"], CallType::Video).unwrap();
    let deadline = net.kits[A].next_deadline().unwrap();
    // The host's timer went off a millisecond early: nothing is due yet.
    net.now = deadline - 1;
    let fx = net.act(A, Event::Tick).unwrap();
    assert!(fx.contains(&Effect::Timer(Some(deadline))), "re-armed: {fx:?}");
    net.now = deadline;
    net.act(A, Event::Tick).unwrap();
    assert!(net.pending(A).is_empty());
}
