//! The Invitees sidebar: its rows, their status and checked state, and what the invite button
//! sends.
use super::*;

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
