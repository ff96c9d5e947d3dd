//! Validation (SPEC §2): bad input is refused with an error naming the JS field, and nothing
//! changes: no call, no list, no config, no message.
use callkit_invite::core::*;
use crate::support::Net;

const A: usize = 0;
const B: usize = 1;

fn net() -> Net {
    Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol")])
}

fn users(ids: &[&str]) -> Vec<User> {
    ids.iter().map(|id| User::new(*id, format!("U_{id}"))).collect()
}

fn many(n: usize) -> Vec<User> {
    (0..n).map(|i| User::new(format!("u{i}"), format!("User {i}"))).collect()
}

/// Everything a user could see of kit `k`.
#[derive(Debug, PartialEq)]
struct Seen {
    call: Option<Call>,
    incoming: Option<Incoming>,
    config: InvitationConfig,
    next_list: ListConfig,
    rows: Vec<(String, RowStatus)>,
    sidebar: bool,
    deadline: Option<u64>,
}

fn seen(net: &Net, k: usize) -> Seen {
    let kit = &net.kits[k];
    Seen {
        call: kit.call().cloned(),
        incoming: kit.incoming().cloned(),
        config: kit.config().clone(),
        next_list: kit.next_list().clone(),
        rows: kit.rows().iter().map(|r| (r.user.id.clone(), r.status)).collect(),
        sidebar: kit.sidebar_open(),
        deadline: kit.next_deadline(),
    }
}

/// Feeds `event` to kit `k`, expects `expected`, and checks that nothing changed or was sent.
fn refused(net: &mut Net, k: usize, event: Event, expected: Error) {
    let before: Vec<Seen> = (0..net.kits.len()).map(|i| seen(net, i)).collect();
    net.clear_logs();
    let result = net.act(k, event);
    assert_eq!(result, Err(expected));
    net.settle();
    assert!(net.sent.is_empty(), "nothing is sent");
    assert!(net.log.iter().all(Vec::is_empty), "no effect at all");
    let after: Vec<Seen> = (0..net.kits.len()).map(|i| seen(net, i)).collect();
    assert_eq!(before, after, "nothing changed");
}

fn send(callees: Vec<User>) -> Event {
    Event::Send(SendRequest::new(callees, CallType::Video))
}

fn expect_type(net: &mut Net, k: usize, event: Event, field: &str) {
    let err = net.kits[k].clone().handle(event.clone(), net.now).unwrap_err();
    assert!(matches!(&err, Error::Type(bad) if bad.field == field), "expected a TypeError on {field}, got {err:?}");
    assert!(err.message().starts_with(field), "the message names the field: {}", err.message());
    refused(net, k, event, err);
}

fn expect_range(net: &mut Net, k: usize, event: Event, field: &str) {
    let err = net.kits[k].clone().handle(event.clone(), net.now).unwrap_err();
    assert!(matches!(&err, Error::Range(bad) if bad.field == field), "expected a RangeError on {field}, got {err:?}");
    assert!(err.message().starts_with(field), "the message names the field: {}", err.message());
    refused(net, k, event, err);
}

/// Alice and Bob in a 1:1 call, with Alice's sidebar list set.
fn in_call(net: &mut Net) {
    let list = ListConfig { users: users(&["carol"]), default_checked: true };
    net.act(A, Event::UpdateList(list)).unwrap();
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    net.act(B, Event::Accept).unwrap();
    net.settle();
    assert!(net.kits[A].call().unwrap().joined);
}

// ---------------------------------------------------------------- sendCallInvitation

#[test]
fn more_than_nine_callees_is_a_range_error_on_callees() {
    let mut net = net();
    expect_range(&mut net, A, send(many(10)), "callees");
    assert!(net.kits[A].call().is_none());
}

#[test]
fn nine_callees_are_accepted() {
    let mut net = net();
    net.act(A, send(many(9))).unwrap();
    assert_eq!(net.kits[A].call().unwrap().pending.len(), 9);
}

#[test]
fn no_callee_is_a_range_error_on_callees() {
    let mut net = net();
    expect_range(&mut net, A, send(Vec::new()), "callees");
}

#[test]
fn a_duplicate_callee_is_a_type_error_naming_the_second() {
    let mut net = net();
    expect_type(&mut net, A, send(users(&["bob", "carol", "bob"])), "callees[2].userID");
    expect_type(&mut net, A, send(users(&["bob", "bob"])), "callees[1].userID");
    assert!(!net.ringing(B));
}

#[test]
fn an_empty_user_id_is_a_type_error() {
    let mut net = net();
    expect_type(&mut net, A, send(users(&["bob", ""])), "callees[1].userID");
    expect_type(&mut net, A, send(users(&[""])), "callees[0].userID");
}

#[test]
fn an_over_long_user_id_or_name_is_a_range_error() {
    let mut net = net();
    let long_id = vec![User::new("x".repeat(129), "X")];
    expect_range(&mut net, A, send(long_id), "callees[0].userID");
    let long_name = vec![User::new("bob", "n".repeat(257))];
    expect_range(&mut net, A, send(long_name), "callees[0].userName");
}

fn send_in_room(callees: &[&str], room: &str) -> Event {
    let mut request = SendRequest::new(users(callees), CallType::Video);
    request.room_id = Some(room.to_owned());
    Event::Send(request)
}

#[test]
fn a_room_id_names_the_call_it_starts_and_is_ignored_in_a_call() {
    let mut net = net();
    net.configure(A, ConfigPatch { can_inviting_in_calling: Some(true), ..ConfigPatch::default() });
    net.act(A, send_in_room(&["bob"], "standup-42")).unwrap();
    net.settle();
    assert_eq!(net.kits[A].call().unwrap().id, "standup-42");
    assert_eq!(net.kits[B].incoming().unwrap().call_id, "standup-42");
    net.act(B, Event::Accept).unwrap();
    net.settle();
    assert_eq!(net.kits[B].call().unwrap().id, "standup-42");
    // In the call, a room ID in the request changes nothing: Carol is invited into this call.
    net.act(A, send_in_room(&["carol"], "elsewhere")).unwrap();
    net.settle();
    assert_eq!(net.kits[A].call().unwrap().id, "standup-42");
    assert_eq!(net.kits[2].incoming().unwrap().call_id, "standup-42");
}

#[test]
fn an_empty_or_over_long_room_id_is_a_range_error_on_room_id() {
    let mut net = net();
    expect_range(&mut net, A, send_in_room(&["bob"], ""), "roomID");
    expect_range(&mut net, A, send_in_room(&["bob"], &"r".repeat(161)), "roomID");
    assert!(net.kits[A].call().is_none());
    // 160 bytes are accepted.
    net.act(A, send_in_room(&["bob"], &"r".repeat(160))).unwrap();
    assert_eq!(net.kits[A].call().unwrap().id.len(), 160);
}

#[test]
fn inviting_yourself_is_a_type_error() {
    let mut net = net();
    expect_type(&mut net, A, send(users(&["bob", "alice"])), "callees[1].userID");
    expect_type(&mut net, A, send(users(&["alice"])), "callees[0].userID");
}

#[test]
fn a_timeout_outside_1_to_600_seconds_is_a_range_error() {
    let mut net = net();
    for timeout_secs in [0, 601, u32::MAX] {
        let request = SendRequest { timeout_secs, ..SendRequest::new(users(&["bob"]), CallType::Video) };
        expect_range(&mut net, A, Event::Send(request), "timeout");
    }
    for timeout_secs in [1, 600] {
        let mut kit = net.kits[A].clone();
        let request = SendRequest { timeout_secs, ..SendRequest::new(users(&["bob"]), CallType::Video) };
        kit.handle(Event::Send(request), net.now).unwrap();
        assert_eq!(kit.call().unwrap().pending[0].deadline, net.now + u64::from(timeout_secs) * 1000);
    }
}

#[test]
fn messages_name_the_field_and_the_limit() {
    let net = net();
    let message = |request: SendRequest| net.kits[A].clone().handle(Event::Send(request), net.now).unwrap_err().message();
    let send = |callees: Vec<User>| SendRequest::new(callees, CallType::Video);
    // The incumbent's text follows ours.
    assert_eq!(message(send(many(10))), "callees: must list at most 9 users, got 10 (Maximum number of users exceeded)");
    assert_eq!(message(send(users(&["carol", "bob", "bob"]))), "callees[2].userID: duplicate userID \"bob\"");
    assert_eq!(message(send(vec![User::new("b".repeat(129), "Bob")])), "callees[0].userID: must be at most 128 bytes");
    assert_eq!(message(SendRequest { data: "d".repeat(4097), ..send(users(&["bob"])) }), "data: must be at most 4096 bytes");
}

#[test]
fn too_much_data_is_a_range_error() {
    let mut net = net();
    let request = SendRequest { data: "d".repeat(4097), ..SendRequest::new(users(&["bob"]), CallType::Video) };
    expect_range(&mut net, A, Event::Send(request), "data");
}

#[test]
fn an_invalid_send_in_a_call_changes_nothing_either() {
    let mut net = net();
    in_call(&mut net);
    expect_type(&mut net, A, send(users(&["carol", "carol"])), "callees[1].userID");
    expect_range(&mut net, A, send(many(10)), "callees");
    let request = SendRequest { timeout_secs: 0, ..SendRequest::new(users(&["carol"]), CallType::Video) };
    expect_range(&mut net, A, Event::Send(request), "timeout");
    assert!(!net.ringing(2));
}

#[test]
fn validation_comes_before_the_initiator_rule() {
    let mut net = net();
    net.configure(A, ConfigPatch { only_initiator_can_invite: Some(true), ..Default::default() });
    in_call(&mut net);
    expect_type(&mut net, B, send(users(&["carol", ""])), "callees[1].userID");
    refused(&mut net, B, send(users(&["carol"])), Error::Refused(Refusal::OnlyInitiator));
}

#[test]
fn sending_while_ringing_is_refused_and_changes_nothing() {
    let mut net = net();
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    refused(&mut net, B, send(users(&["carol"])), Error::Refused(Refusal::Ringing));
    assert!(net.ringing(B));
}

// ---------------------------------------------------------------- updateCallingInvitationListConfig

#[test]
fn a_list_of_ten_users_is_a_range_error_and_changes_nothing() {
    let mut net = net();
    let list = ListConfig { users: many(10), default_checked: false };
    expect_range(&mut net, A, Event::UpdateList(list.clone()), "callingInvitationListConfig.waitingSelectUsers");
    assert_eq!(net.kits[A].next_list(), &ListConfig::default());
    in_call(&mut net);
    expect_range(&mut net, A, Event::UpdateList(list), "callingInvitationListConfig.waitingSelectUsers");
    assert_eq!(net.kits[A].rows().len(), 1, "the call's list is kept");
}

#[test]
fn a_duplicate_in_the_list_is_a_type_error_and_changes_nothing() {
    let mut net = net();
    in_call(&mut net);
    let list = ListConfig { users: users(&["dave", "erin", "dave"]), default_checked: true };
    expect_type(&mut net, A, Event::UpdateList(list), "callingInvitationListConfig.waitingSelectUsers[2].userID");
    let rows: Vec<String> = net.kits[A].rows().iter().map(|r| r.user.id.clone()).collect();
    assert_eq!(rows, vec!["carol".to_string()]);
}

#[test]
fn an_empty_user_id_in_the_list_is_a_type_error() {
    let mut net = net();
    let list = ListConfig { users: users(&["dave", ""]), default_checked: true };
    expect_type(&mut net, A, Event::UpdateList(list), "callingInvitationListConfig.waitingSelectUsers[1].userID");
}

#[test]
fn nine_users_with_the_own_user_are_a_valid_list() {
    let mut net = net();
    let mut list = many(8);
    list.push(User::new("alice", "Alice"));
    net.act(A, Event::UpdateList(ListConfig { users: list, default_checked: true })).unwrap();
    assert_eq!(net.kits[A].next_list().users.len(), 9);
}

// ---------------------------------------------------------------- joinRoom

#[test]
fn join_room_with_a_bad_room_list_is_refused_naming_the_field() {
    let mut net = net();
    let room = RoomConfig { list: Some(ListConfig { users: many(10), default_checked: true }), ..Default::default() };
    expect_range(&mut net, A, Event::JoinRoom { room_id: "room1".into(), room, media_key: String::new() }, "roomConfig.callingInvitationListConfig.waitingSelectUsers");
    let room = RoomConfig { list: Some(ListConfig { users: users(&["bob", "bob"]), default_checked: true }), ..Default::default() };
    expect_type(&mut net, A, Event::JoinRoom { room_id: "room1".into(), room, media_key: String::new() }, "roomConfig.callingInvitationListConfig.waitingSelectUsers[1].userID");
}

#[test]
fn join_room_with_an_empty_room_id_is_a_type_error() {
    let mut net = net();
    expect_type(&mut net, A, Event::JoinRoom { room_id: String::new(), room: RoomConfig::default(), media_key: String::new() }, "roomID");
}

#[test]
fn join_room_makes_the_joiner_the_initiator() {
    let mut net = net();
    net.configure(A, ConfigPatch { only_initiator_can_invite: Some(true), ..Default::default() });
    net.act(A, Event::JoinRoom { room_id: "room1".into(), room: RoomConfig::default(), media_key: String::new() }).unwrap();
    let call = net.kits[A].call().unwrap();
    assert_eq!((call.id.as_str(), call.initiator.as_str(), call.joined), ("room1", "alice", true));
    assert!(net.kits[A].can_invite());
    assert!(net.notices(A).iter().any(|n| matches!(n, Notice::JoinedRoom { call_id } if call_id == "room1")));
}

// ---------------------------------------------------------------- refusals change nothing

#[test]
fn refusals_change_nothing() {
    let mut net = net();
    refused(&mut net, A, Event::Accept, Error::Refused(Refusal::NoIncomingCall));
    refused(&mut net, A, Event::Decline, Error::Refused(Refusal::NoIncomingCall));
    refused(&mut net, A, Event::CancelCalling, Error::Refused(Refusal::NotInCall));
    refused(&mut net, A, Event::OpenSidebar, Error::Refused(Refusal::NotInCall));
    refused(&mut net, A, Event::InviteChecked, Error::Refused(Refusal::NotInCall));
    in_call(&mut net);
    refused(&mut net, A, Event::JoinRoom { room_id: "r".into(), room: RoomConfig::default(), media_key: String::new() }, Error::Refused(Refusal::AlreadyInCall));
    refused(&mut net, B, Event::CancelInvitee("carol".into()), Error::Refused(Refusal::NotInviter));
}

/// Every error has a stable `code` for apps to branch on (the JS error's `code`): one for bad
/// input, one per refusal, each once.
#[test]
fn every_error_has_a_stable_code() {
    assert_eq!(Error::type_error("callees", "must be an array of users").code(), "INVALID_ARGUMENT");
    assert_eq!(Error::range("timeout", "must be a whole number of seconds from 1 to 600").code(), "INVALID_ARGUMENT");
    let refusals = [
        (Refusal::OnlyInitiator, "ONLY_INITIATOR_CAN_INVITE"),
        (Refusal::InvitingDisabled, "INVITING_DISABLED"),
        (Refusal::Ringing, "INCOMING_CALL_RINGING"),
        (Refusal::StillCalling, "CALL_PENDING"),
        (Refusal::AlreadyInCall, "ALREADY_IN_CALL"),
        (Refusal::NotInCall, "NOT_IN_CALL"),
        (Refusal::NoIncomingCall, "NO_INCOMING_CALL"),
        (Refusal::NotInviter, "NOT_INVITER"),
        (Refusal::Destroyed, "DESTROYED"),
        (Refusal::NoRandomness, "NO_SECURE_RANDOM"),
    ];
    let mut codes: Vec<&str> = refusals.iter().map(|(refusal, code)| {
        assert_eq!(Error::Refused(*refusal).code(), *code, "{refusal:?}");
        *code
    }).collect();
    codes.push("INVALID_ARGUMENT");
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), refusals.len() + 1, "each code once");
}

/// A refusal the incumbent makes too carries its text (so that a search for it finds ours), and
/// still says why in our words.
#[test]
fn refusals_carry_the_incumbents_text() {
    let mut net = net();
    let send = |net: &mut Net, k: usize, to: &str| net.invite(k, &[to], CallType::Video).unwrap_err();
    // alice's 1:1 call still waits for bob's answer.
    net.invite(A, &["bob"], CallType::Video).unwrap();
    let waiting = send(&mut net, A, "carol");
    assert_eq!((waiting.code(), waiting.message().as_str()), ("CALL_PENDING", "You already have a call invitation! The call is still waiting for an answer"));
    net.settle();
    // bob's phone rings.
    let ringing = send(&mut net, B, "carol");
    assert_eq!(ringing.code(), "INCOMING_CALL_RINGING");
    assert!(ringing.message().starts_with("You already have a call invitation! "), "{}", ringing.message());
    // In the call, when its policy forbids it.
    let mut closed = Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol")]);
    closed.one_to_one(A);
    closed.invite(A, &["bob"], CallType::Video).unwrap();
    closed.settle();
    closed.act(B, Event::Accept).unwrap();
    closed.settle();
    let disabled = send(&mut closed, A, "carol");
    assert_eq!(disabled.code(), "INVITING_DISABLED");
    assert!(disabled.message().starts_with("You have joined the room! ") && disabled.message().contains("canInvitingInCalling"), "{}", disabled.message());
    let mut strict = Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol")]);
    strict.configure(A, ConfigPatch { only_initiator_can_invite: Some(true), ..Default::default() });
    strict.invite(A, &["bob"], CallType::Video).unwrap();
    strict.settle();
    strict.act(B, Event::Accept).unwrap();
    strict.settle();
    let only = send(&mut strict, B, "carol");
    assert_eq!((only.code(), only.message().as_str()), ("ONLY_INITIATOR_CAN_INVITE", "Only initiator can invite"));
    // Bad input: ours first, naming the field, then the incumbent's.
    let request = |callees: Vec<User>| Event::Send(SendRequest::new(callees, CallType::Video));
    let mut fresh = net_of_one();
    let ten = fresh.act(A, request(many(10))).unwrap_err();
    assert_eq!(ten.message(), "callees: must list at most 9 users, got 10 (Maximum number of users exceeded)");
    let none = fresh.act(A, request(Vec::new())).unwrap_err();
    assert_eq!(none.message(), "callees: must list at least one user (sendCallInvitation params error: callees !!)");
    assert_eq!((ten.code(), none.code()), ("INVALID_ARGUMENT", "INVALID_ARGUMENT"));
}

fn net_of_one() -> Net {
    Net::new(&[("alice", "Alice")])
}
