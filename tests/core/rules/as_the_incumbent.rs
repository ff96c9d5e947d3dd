//! What apps written for the incumbent rely on (issue 15): how a ringing invitation ends for the
//! callee, the app's dialog and waiting page next to the built-in ones, 1:1 calls that the call's
//! policy makes group calls, and the data of the answers.
use super::*;
use callkit_invite::core::screen::Screen;

/// `onCallInvitationEnded(reason, data)` of kit `k`, in order.
fn ended(net: &Net, k: usize) -> Vec<(EndReason, String)> {
    net.notices(k)
        .into_iter()
        .filter_map(|n| match n {
            Notice::CallInvitationEnded { reason, data, .. } => Some((reason, data)),
            _ => None,
        })
        .collect()
}

/// A network of `n` kits (a function of its own: tests make several in turn, each `net`).
fn fresh(n: usize) -> Net {
    net(n)
}

fn end(reason: EndReason, data: &str) -> (EndReason, String) {
    (reason, data.to_owned())
}

/// The names of kit `k`'s callbacks, in order, as the app hears them.
fn callbacks(net: &Net, k: usize) -> Vec<&'static str> {
    net.notices(k)
        .iter()
        .map(|n| match n {
            Notice::IncomingCallReceived { .. } => "onIncomingCallReceived",
            Notice::ConfirmDialog { .. } => "onConfirmDialogWhenReceiving",
            Notice::IncomingCallCanceled { .. } => "onIncomingCallCanceled",
            Notice::IncomingCallTimeout { .. } => "onIncomingCallTimeout",
            Notice::WaitingPage { .. } => "onWaitingPageWhenSending",
            Notice::OutgoingCallAccepted { .. } => "onOutgoingCallAccepted",
            Notice::OutgoingCallRejected { .. } => "onOutgoingCallRejected",
            Notice::OutgoingCallDeclined { .. } => "onOutgoingCallDeclined",
            Notice::OutgoingCallTimeout { .. } => "onOutgoingCallTimeout",
            Notice::CallInvitationEnded { .. } => "onCallInvitationEnded",
            Notice::JoinedRoom { .. } => "onJoinRoom",
            Notice::LeftRoom { .. } => "onLeaveRoom",
            Notice::UserJoin { .. } => "onUserJoin",
            Notice::UserLeave { .. } => "onUserLeave",
        })
        .collect()
}

/// alice invites bob (1:1) with `data` and a timeout of `secs`; bob rings. Logs are cleared.
fn bob_rings(net: &mut Net, data: &str, secs: u32) {
    let request = SendRequest { data: data.into(), timeout_secs: secs, ..SendRequest::new(vec![net.user("bob")], CallType::Video) };
    net.act(A, Event::Send(request)).unwrap();
    net.settle();
    assert!(net.ringing(B));
    net.clear_logs();
}

// ---------------------------------------------------------------- a ringing callee hears the end

#[test]
fn a_callee_who_declines_gets_on_call_invitation_ended_declined() {
    let mut net = fresh(2);
    bob_rings(&mut net, "hi", 60);
    net.act(B, Event::Decline).unwrap();
    assert_eq!(ended(&net, B), vec![end(EndReason::Declined, "hi")]);
    net.settle();
    assert_eq!(ended(&net, A), vec![end(EndReason::Declined, "hi")], "the caller's side as before");
}

#[test]
fn a_callee_whose_caller_cancels_gets_canceled_after_on_incoming_call_canceled() {
    let mut net = fresh(2);
    bob_rings(&mut net, "hi", 60);
    net.act(A, Event::CancelCalling).unwrap();
    net.settle();
    assert_eq!(callbacks(&net, B), ["onIncomingCallCanceled", "onCallInvitationEnded"]);
    assert_eq!(ended(&net, B), vec![end(EndReason::Canceled, "hi")]);
    assert_eq!(ended(&net, A), vec![end(EndReason::Canceled, "hi")]);
}

#[test]
fn a_callee_whose_invitation_times_out_gets_timeout_after_on_incoming_call_timeout() {
    // The callee's own timer.
    let mut net = fresh(2);
    bob_rings(&mut net, "", 60);
    net.advance(60_000);
    assert_eq!(callbacks(&net, B), ["onIncomingCallTimeout", "onCallInvitationEnded"]);
    assert_eq!(ended(&net, B), vec![end(EndReason::Timeout, "")]);
    assert_eq!(ended(&net, A), vec![end(EndReason::Timeout, "")]);
    // The caller's timeout, heard before the callee's own timer runs out.
    let mut net = fresh(2);
    bob_rings(&mut net, "", 5);
    net.now += 5_000;
    net.act(A, Event::Tick).unwrap();
    net.settle();
    assert!(!net.ringing(B));
    assert_eq!(callbacks(&net, B), ["onIncomingCallTimeout", "onCallInvitationEnded"]);
    assert_eq!(ended(&net, B), vec![end(EndReason::Timeout, "")]);
}

#[test]
fn other_ends_of_the_ringing_are_canceled() {
    // Another tab of the callee answered.
    let mut net = fresh(2);
    let tab = net.add_kit("bob", "Bob");
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    net.clear_logs();
    net.act(B, Event::Accept).unwrap();
    net.settle();
    assert_eq!(callbacks(&net, tab), ["onIncomingCallCanceled", "onCallInvitationEnded"]);
    assert_eq!(ended(&net, tab), vec![end(EndReason::Canceled, "")]);
    // The inviter left the call while its invitation rang.
    let mut net = fresh(3);
    call(&mut net, A, &[B]);
    net.invite(B, &["carol"], CallType::Video).unwrap();
    net.settle();
    net.clear_logs();
    net.act(B, Event::HangUp).unwrap();
    net.settle();
    assert_eq!(ended(&net, C), vec![end(EndReason::Canceled, "")]);
}

#[test]
fn a_callee_who_accepts_hears_no_end_of_the_invitation() {
    let mut net = fresh(2);
    bob_rings(&mut net, "", 60);
    net.act(B, Event::Accept).unwrap();
    net.settle();
    assert!(ended(&net, B).is_empty());
    assert!(ended(&net, A).is_empty());
}

// ---------------------------------------------------------------- the app's dialog and page

#[test]
fn on_confirm_dialog_when_receiving_comes_whether_or_not_the_built_in_dialog_shows() {
    for custom in [false, true] {
        let mut net = fresh(2);
        net.configure(B, ConfigPatch { custom_dialog: Some(custom), ..patch() });
        net.invite(A, &["bob"], CallType::Voice).unwrap();
        net.settle();
        assert!(has_notice(&net, B, |n| matches!(n, Notice::ConfirmDialog { caller, call_type: CallType::Voice, .. } if caller.id == "alice")), "custom {custom}");
        assert_eq!(Screen::of(&net.kits[B]).incoming.is_some(), !custom, "the built-in dialog shows unless custom");
    }
}

#[test]
fn on_waiting_page_when_sending_comes_whether_or_not_the_built_in_page_shows() {
    for custom in [false, true] {
        let mut net = fresh(2);
        net.configure(A, ConfigPatch { custom_waiting_page: Some(custom), ..patch() });
        net.invite(A, &["bob"], CallType::Video).unwrap();
        assert!(has_notice(&net, A, |n| matches!(n, Notice::WaitingPage { callees, .. } if callees[0].id == "bob")), "custom {custom}");
        assert_eq!(Screen::of(&net.kits[A]).calling.is_some(), !custom, "the built-in page shows unless custom");
    }
    // Several callees: no waiting page at all, the caller joins.
    let mut net = fresh(3);
    net.invite(A, &["bob", "carol"], CallType::Video).unwrap();
    assert!(!has_notice(&net, A, |n| matches!(n, Notice::WaitingPage { .. })));
}

#[test]
fn only_the_first_answer_counts_the_apps_or_the_built_in_buttons() {
    // The app's accept, then the built-in Decline.
    let mut net = fresh(2);
    bob_rings(&mut net, "", 60);
    net.act(B, Event::AcceptWith("a".into())).unwrap();
    assert_eq!(net.act(B, Event::Decline), Err(Error::Refused(Refusal::NoIncomingCall)));
    net.settle();
    assert_eq!(net.participants(B), ids(&["alice", "bob"]));
    assert!(!net.sent.iter().any(|e| matches!(e.body, Body::Decline { .. })));
    // The built-in Decline, then the app's accept.
    let mut net = fresh(2);
    bob_rings(&mut net, "", 60);
    net.act(B, Event::Decline).unwrap();
    assert_eq!(net.act(B, Event::AcceptWith("a".into())), Err(Error::Refused(Refusal::NoIncomingCall)));
    net.settle();
    assert!(net.kits[B].call().is_none() && net.kits[A].call().is_none());
    assert_eq!(ended(&net, B), vec![end(EndReason::Declined, "")]);
}

// ---------------------------------------------------------------- group calls by the call's policy

#[test]
fn with_can_inviting_in_calling_the_caller_stays_when_the_callee_leaves_and_invites_again() {
    let mut net = fresh(3); // everyone has canInvitingInCalling
    call(&mut net, A, &[B]);
    net.clear_logs();
    net.act(B, Event::HangUp).unwrap();
    net.settle();
    assert_eq!(net.participants(A), ids(&["alice"]), "alice is still in the call");
    assert!(ended(&net, A).is_empty() && !has_notice(&net, A, |n| matches!(n, Notice::LeftRoom { .. })));
    assert!(has_notice(&net, A, |n| matches!(n, Notice::UserLeave { users, .. } if users[0].id == "bob")));
    assert!(net.kits[A].can_invite());
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.settle();
    net.act(C, Event::Accept).unwrap();
    net.settle();
    assert_eq!(net.participants(A), ids(&["alice", "carol"]));
    assert_eq!(net.participants(C), ids(&["alice", "carol"]));
}

#[test]
fn with_can_inviting_in_calling_the_callee_stays_when_the_caller_leaves() {
    let mut net = fresh(2);
    call(&mut net, A, &[B]);
    net.act(A, Event::HangUp).unwrap();
    net.settle();
    assert_eq!(net.participants(B), ids(&["bob"]));
    assert!(ended(&net, B).is_empty());
    // A member gone silent (a crashed tab) is no different.
    let mut net = fresh(2);
    call(&mut net, A, &[B]);
    net.kits[A] = Kit::new("app1", User::new("nobody", "Nobody"), "gone");
    net.run_for(20_000);
    assert_eq!(net.participants(B), ids(&["bob"]), "bob dropped alice and stays");
}

#[test]
fn without_can_inviting_in_calling_either_side_leaving_ends_the_call() {
    for leaver in [A, B] {
        let mut net = fresh(2);
        net.one_to_one(A);
        call(&mut net, A, &[B]);
        net.clear_logs();
        net.act(leaver, Event::HangUp).unwrap();
        net.settle();
        let other = if leaver == A { B } else { A };
        assert!(net.kits[other].call().is_none(), "leaver {leaver}");
        assert_eq!(ended(&net, other), vec![end(EndReason::LeaveRoom, "")]);
    }
}

#[test]
fn the_group_rule_is_the_calls_policy_not_the_current_config() {
    // A call started without canInvitingInCalling stays a 1:1 call when the config turns it on.
    let mut net = fresh(2);
    net.one_to_one(A);
    call(&mut net, A, &[B]);
    net.configure(A, ConfigPatch { can_inviting_in_calling: Some(true), ..patch() });
    net.act(B, Event::HangUp).unwrap();
    net.settle();
    assert!(net.kits[A].call().is_none());
    // A call started with it stays a group call when the config turns it off.
    let mut net = fresh(2);
    call(&mut net, A, &[B]);
    net.one_to_one(A);
    net.act(B, Event::HangUp).unwrap();
    net.settle();
    assert_eq!(net.participants(A), ids(&["alice"]));
    // The callee holds the initiator's policy, not its own config.
    let mut net = fresh(2);
    net.one_to_one(B);
    call(&mut net, A, &[B]);
    net.act(A, Event::HangUp).unwrap();
    net.settle();
    assert_eq!(net.participants(B), ids(&["bob"]), "alice's call is a group call for bob too");
    let mut net = fresh(2);
    net.one_to_one(A);
    call(&mut net, A, &[B]);
    net.act(A, Event::HangUp).unwrap();
    net.settle();
    assert!(net.kits[B].call().is_none(), "alice's call is 1:1 for bob, whatever his config");
}

#[test]
fn a_callee_whose_accept_the_inviter_never_took_does_not_stay_alone_in_a_group_call() {
    // alice gives up (timeout) while bob accepts; her withdrawal is lost. Her answer to bob's
    // accept is that she left: the invitation was over, so bob leaves rather than sit alone.
    let mut net = fresh(2);
    bob_rings(&mut net, "", 60);
    net.act(B, Event::Accept).unwrap();
    net.queue.retain(|(k, _)| *k != A);
    net.now += 60_000;
    net.act(A, Event::Tick).unwrap();
    net.queue.retain(|(k, _)| *k != B);
    net.run_for(5_000);
    assert!(net.kits[B].call().is_none(), "bob sits alone in a call alice gave up on: {:?}", net.kits[B].call());
}

// ---------------------------------------------------------------- the data of the answers

#[test]
fn refuse_data_reaches_the_caller() {
    let mut net = fresh(2);
    bob_rings(&mut net, "hi", 60);
    net.act(B, Event::DeclineWith("later".into())).unwrap();
    net.settle();
    assert!(has_notice(&net, A, |n| matches!(n, Notice::OutgoingCallDeclined { callee, data, .. } if callee.id == "bob" && data == "later")));
    assert_eq!(ended(&net, A), vec![end(EndReason::Declined, "later")], "the answer's data, not the invitation's");
    assert_eq!(ended(&net, B), vec![end(EndReason::Declined, "hi")], "the callee's own end: the invitation's data");
}

#[test]
fn refuse_data_reaches_an_inviter_whose_call_goes_on() {
    let mut net = fresh(3);
    call(&mut net, A, &[B]);
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.settle();
    net.act(C, Event::DeclineWith("no".into())).unwrap();
    net.settle();
    assert!(has_notice(&net, A, |n| matches!(n, Notice::OutgoingCallDeclined { data, .. } if data == "no")));
    assert!(ended(&net, A).is_empty(), "the call goes on");
}

#[test]
fn cancel_data_reaches_the_callee() {
    let mut net = fresh(2);
    bob_rings(&mut net, "hi", 60);
    net.act(A, Event::CancelCallingWith("wrong number".into())).unwrap();
    net.settle();
    assert_eq!(ended(&net, B), vec![end(EndReason::Canceled, "wrong number")]);
    assert_eq!(ended(&net, A), vec![end(EndReason::Canceled, "hi")]);
}

#[test]
fn accept_data_reaches_the_inviter_even_when_the_first_accept_is_lost() {
    let mut net = fresh(2);
    bob_rings(&mut net, "", 60);
    net.act(B, Event::AcceptWith("on my way".into())).unwrap();
    net.queue.retain(|(k, _)| *k != A); // lost
    net.run_for(3_000); // bob's accept goes out again
    assert!(has_notice(&net, A, |n| matches!(n, Notice::OutgoingCallAccepted { callee, data, .. } if callee.id == "bob" && data == "on my way")));
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
}

#[test]
fn answer_data_goes_to_the_inviter_only_and_automatic_answers_carry_none() {
    // carol accepts alice's in-call invitation; bob, a member, learns of carol. Whatever carol
    // sends to someone other than her inviter carries no data: a reply must not outgrow what it
    // answers.
    let mut net = fresh(4);
    call(&mut net, A, &[B]);
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.settle();
    net.act(C, Event::AcceptWith("d".repeat(4096))).unwrap();
    net.settle();
    let accepts = |net: &Net| -> Vec<(Vec<String>, usize)> {
        net.sent.iter().filter_map(|e| match &e.body {
            Body::Accept { data, .. } if e.from.id == "carol" => Some((e.to.clone(), data.len())),
            _ => None,
        }).collect()
    };
    assert_eq!(accepts(&net), vec![(ids(&["alice", "bob"]), 4096)]);
    // alice's roster names dave, whom carol has not met: carol greets him with an accept, which
    // he answers; it carries no data.
    let call_id = net.kits[C].call().unwrap().id.clone();
    let terms = net.kits[A].call().unwrap().terms();
    let roster = vec![net.user("alice"), net.user("bob"), net.user("carol"), net.user("dave")];
    net.deliver(C, &craft(&net, "alice", "alice-tab2", &["carol"], &call_id, Body::Present { participants: roster, terms, devices: Devices::default() }));
    assert_eq!(accepts(&net)[1..], [(ids(&["dave"]), 0)]);
    // A busy callee answers with no data.
    net.invite(D, &["carol"], CallType::Video).unwrap();
    net.settle();
    assert!(net.sent.iter().any(|e| e.from.id == "carol" && matches!(&e.body, Body::Decline { busy: true, data } if data.is_empty())));
}
