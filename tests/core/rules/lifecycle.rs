//! The invitation lifecycle: ringing, busy, accept, decline, timeout, cancel, other tabs,
//! hanging up, destroy.
use super::*;

#[test]
fn one_callee_the_caller_waits_on_the_calling_page() {
    let mut net = net(2);
    let fx = net.invite(A, &["bob"], CallType::Voice).unwrap();
    assert!(!fx.iter().any(|e| matches!(e, Effect::ConfigureRoom { .. })), "the caller does not join yet");
    let c = net.kits[A].call().unwrap();
    assert!(!c.joined);
    assert_eq!(c.id, format!("call_alice_{}", net.now), "default room ID");
    assert!(!has_notice(&net, A, |n| matches!(n, Notice::JoinedRoom { .. })));
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
    net.one_to_one(A);
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
    net.one_to_one(A);
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
