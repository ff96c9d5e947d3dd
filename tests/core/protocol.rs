//! The signaling protocol (SPEC §3): versioned JSON, a decoder that drops what breaks the rules,
//! receipt checks that change nothing; and the UI strings of SPEC §4.
use callkit_invite::core::*;
use callkit_invite::core::i18n::NameText;
use callkit_invite::core::protocol::{decode, encode, Invite, MAX_MESSAGE_LEN, VERSION};
use callkit_invite::core::user::MAX_ID_LEN;
use crate::support::{crafted, ids, Net};
use serde_json::{json, Value};

const A: usize = 0;
const B: usize = 1;
const C: usize = 2;

fn user(id: &str) -> User {
    User::new(id, format!("U_{id}"))
}

fn invite() -> Invite {
    Invite {
        call_type: 1,
        initiator: "alice".into(),
        policy: Policy { can_invite_in_calling: true, only_initiator_can_invite: true, end_call_when_initiator_leave: false, max_users: 10 },
        in_call: false,
        callees: vec![user("bob"), user("carol")],
        participants: vec![user("alice")],
        timeout: 60,
        data: "{\"k\":1}".into(),
    }
}

fn terms() -> Terms {
    Terms { initiator: "alice".into(), policy: invite().policy, media_key: String::new() }
}

fn envelope(body: Body) -> Envelope {
    Envelope {
        v: VERSION,
        id: "s1-1".into(),
        app: "app1".into(),
        sid: "s1".into(),
        from: user("alice"),
        to: vec!["bob".into(), "carol".into()],
        call: "call_alice_1".into(),
        body,
    }
}

fn every_body() -> Vec<Body> {
    vec![
        Body::Invite(invite()),
        Body::Cancel { callees: vec!["bob".into()], timeout: true, data: String::new() },
        Body::Accept { participants: vec![user("alice"), user("bob")], terms: terms(), devices: callkit_invite::core::Devices::default(), data: String::new(), re: String::new() },
        Body::Decline { busy: true, data: String::new() },
        Body::Answered { accepted: true },
        Body::Present { participants: vec![user("alice")], terms: terms(), devices: callkit_invite::core::Devices::default() },
        Body::Leave {},
        Body::End {},
    ]
}

fn as_json(e: &Envelope) -> Value {
    serde_json::from_str(&encode(e)).unwrap()
}

fn decode_json(v: &Value) -> Result<Envelope, Reject> {
    decode(&v.to_string())
}

// ---------------------------------------------------------------- encode / decode

#[test]
fn every_kind_of_message_survives_a_round_trip() {
    for body in every_body() {
        let e = envelope(body);
        assert_eq!(decode(&encode(&e)), Ok(e.clone()), "{e:?}");
    }
}

#[test]
fn the_wire_format_uses_the_js_field_names() {
    let v = as_json(&envelope(Body::Invite(invite())));
    assert_eq!(v["v"], VERSION);
    assert_eq!(v["from"]["userID"], "alice");
    assert_eq!(v["from"]["userName"], "U_alice");
    let inv = &v["body"]["invite"];
    assert_eq!(inv["callType"], 1);
    assert_eq!(inv["inCall"], false);
    assert_eq!(inv["policy"]["onlyInitiatorCanInvite"], true);
    assert_eq!(inv["policy"]["canInvitingInCalling"], true);
    assert_eq!(inv["callees"][1]["userID"], "carol");
    assert_eq!(as_json(&envelope(Body::Leave {}))["body"], json!({ "leave": {} }));
}

/// The answers with the app's data (`accept(data)`, `refuse(data)`, `cancel(data)`).
fn answers_with(data: &str) -> Vec<Body> {
    vec![
        Body::Cancel { callees: vec!["bob".into()], timeout: false, data: data.into() },
        Body::Accept { participants: vec![user("alice"), user("bob")], terms: terms(), devices: callkit_invite::core::Devices::default(), data: data.into(), re: String::new() },
        Body::Decline { busy: false, data: data.into() },
    ]
}

#[test]
fn answers_carry_the_apps_data_and_leave_it_out_when_there_is_none() {
    for (body, kind) in answers_with("{\"why\":\"later\"} ✓").into_iter().zip(["cancel", "accept", "decline"]) {
        let e = envelope(body);
        assert_eq!(decode(&encode(&e)), Ok(e.clone()));
        assert_eq!(as_json(&e)["body"][kind]["data"], "{\"why\":\"later\"} ✓", "{kind}");
    }
    for (body, kind) in answers_with("").into_iter().zip(["cancel", "accept", "decline"]) {
        let v = as_json(&envelope(body));
        assert!(v["body"][kind].get("data").is_none(), "{kind}: no data, no field (as kits before it send them)");
    }
}

#[test]
fn answers_from_kits_without_data_still_decode() {
    // As a kit of the release before sends them: no `data` field.
    let from_before = [
        (json!({ "cancel": { "callees": ["bob"], "timeout": false } }), Body::Cancel { callees: vec!["bob".into()], timeout: false, data: String::new() }),
        (json!({ "decline": { "busy": true } }), Body::Decline { busy: true, data: String::new() }),
    ];
    for (body, expected) in from_before {
        let mut v = as_json(&envelope(Body::Leave {}));
        v["body"] = body;
        assert_eq!(decode_json(&v).map(|e| e.body), Ok(expected));
    }
    let mut accept = as_json(&envelope(answers_with("x").remove(1)));
    accept["body"]["accept"].as_object_mut().unwrap().remove("data");
    assert!(matches!(decode_json(&accept).unwrap().body, Body::Accept { data, .. } if data.is_empty()));
}

#[test]
fn an_answers_data_is_bounded_and_a_string() {
    for (body, kind) in answers_with("").into_iter().zip(["cancel", "accept", "decline"]) {
        let mut v = as_json(&envelope(body));
        v["body"][kind]["data"] = json!("d".repeat(4096));
        assert!(decode_json(&v).is_ok(), "{kind}: 4096 bytes, as an invitation's");
        v["body"][kind]["data"] = json!("d".repeat(4097));
        assert_eq!(decode_json(&v), Err(Reject::Invalid("body.data")), "{kind}");
        v["body"][kind]["data"] = json!(7);
        assert!(matches!(decode_json(&v), Err(Reject::Malformed(_))), "{kind}");
        v["body"][kind]["data"] = json!(null);
        assert!(decode_json(&v).is_ok(), "{kind}: null is no data");
    }
}

/// An accept names the invitation it answers (`re`, a message ID): optional, bounded as an ID,
/// a string, and left out when there is none (kits before it read no `re`).
#[test]
fn an_accept_names_the_invitation_it_answers_bounded_as_an_id() {
    let accept = |re: &str| envelope(Body::Accept { participants: vec![user("bob")], terms: terms(), devices: callkit_invite::core::Devices::default(), data: String::new(), re: re.into() });
    assert!(encode(&accept("")).find("\"re\"").is_none(), "no invitation named: no field");
    let named = accept("s9-4");
    assert_eq!(decode(&encode(&named)), Ok(named.clone()));
    assert_eq!(as_json(&named)["body"]["accept"]["re"], json!("s9-4"));
    let mut v = as_json(&named);
    v["body"]["accept"]["re"] = json!("r".repeat(MAX_ID_LEN));
    assert!(decode_json(&v).is_ok());
    v["body"]["accept"]["re"] = json!("r".repeat(MAX_ID_LEN + 1));
    assert_eq!(decode_json(&v), Err(Reject::Invalid("body.re")));
    v["body"]["accept"]["re"] = json!(4);
    assert!(matches!(decode_json(&v), Err(Reject::Malformed(_))));
}

#[test]
fn a_message_over_64_kib_is_too_large() {
    let mut v = as_json(&envelope(Body::Leave {}));
    let text = v.to_string();
    v["pad"] = json!("x".repeat(MAX_MESSAGE_LEN + 1 - text.len()));
    let big = v.to_string();
    assert!(big.len() > 64 * 1024);
    assert_eq!(decode(&big), Err(Reject::TooLarge(big.len())));
    assert_eq!(Reject::TooLarge(70_000).message(), "message too large (70000 bytes, limit 65536)");
    // Unknown fields are ignored by a message that fits.
    v["pad"] = json!("x");
    assert!(decode_json(&v).is_ok());
}

#[test]
fn text_that_is_not_json_is_malformed() {
    for text in ["", "not json", "{", "[1,2", "\u{0}", "{\"v\":1,"] {
        assert!(matches!(decode(text), Err(Reject::Malformed(_))), "{text:?}");
    }
    assert_eq!(decode("[1,2").unwrap_err().message(), "malformed message: expected ',' or ']' at byte 4");
}

#[test]
fn json_of_the_wrong_shape_is_malformed() {
    let good = as_json(&envelope(Body::Decline { busy: false, data: String::new() }));
    let mut cases = vec![json!(null), json!([]), json!({ "v": VERSION }), json!("text")];
    let mut no_body = good.clone();
    no_body.as_object_mut().unwrap().remove("body");
    cases.push(no_body);
    let mut unknown_kind = good.clone();
    unknown_kind["body"] = json!({ "explode": {} });
    cases.push(unknown_kind);
    let mut numeric_from = good.clone();
    numeric_from["from"] = json!(7);
    cases.push(numeric_from);
    let mut to_string = good.clone();
    to_string["to"] = json!("bob");
    cases.push(to_string);
    for case in cases {
        assert!(matches!(decode_json(&case), Err(Reject::Malformed(_))), "{case}");
    }
    assert_eq!(decode_json(&json!({ "v": VERSION })).unwrap_err().message(), "malformed message: field body is missing or of the wrong type");
}

#[test]
fn another_protocol_version_is_rejected_as_such() {
    let mut v = as_json(&envelope(Body::Leave {}));
    v["v"] = json!(3);
    assert_eq!(decode_json(&v), Err(Reject::Version(3)));
    v["body"] = json!({ "somethingNew": { "x": 1 } });
    assert_eq!(decode_json(&v), Err(Reject::Version(3)), "a future message shape is still a version problem");
    v["v"] = json!(0);
    assert_eq!(decode_json(&v), Err(Reject::Version(0)));
    assert_eq!(
        Reject::Version(1).message(),
        "protocol version 1 is not spoken here (this kit speaks 2): every kit of the app must run a compatible callkit-invite"
    );
}

#[test]
fn invalid_field_values_are_rejected() {
    let base = as_json(&envelope(Body::Invite(invite())));
    let cases: Vec<(&str, Value, &str)> = vec![
        ("/from/userID", json!(""), "from"),
        ("/body/invite/callees/0/userID", json!(""), "body.invite.callees"),
        ("/body/invite/callees", json!((0..10).map(|i| json!({ "userID": format!("u{i}") })).collect::<Vec<_>>()), "body.invite.callees"),
        ("/body/invite/callees", json!([]), "body.invite.callees"),
        ("/body/invite/callees", json!([{ "userID": "bob" }, { "userID": "bob" }]), "body.invite.callees"),
        ("/body/invite/timeout", json!(0), "body.invite.timeout"),
        ("/body/invite/timeout", json!(601), "body.invite.timeout"),
        ("/body/invite/callType", json!(7), "body.invite.callType"),
        ("/body/invite/initiator", json!(""), "body.invite.initiator"),
        ("/to", json!([]), "to"),
        ("/to", json!([""]), "to"),
        ("/call", json!(""), "call"),
        ("/sid", json!(""), "sid"),
    ];
    for (path, value, field) in cases {
        let mut v = base.clone();
        *v.pointer_mut(path).unwrap() = value;
        assert_eq!(decode_json(&v), Err(Reject::Invalid(field)), "{path}");
    }
    let mut cancel = as_json(&envelope(Body::Cancel { callees: vec!["bob".into()], timeout: false, data: String::new() }));
    cancel["body"]["cancel"]["callees"] = json!([]);
    assert_eq!(decode_json(&cancel), Err(Reject::Invalid("body.cancel.callees")));
}

#[test]
fn decode_never_panics_on_hostile_text() {
    let good = encode(&envelope(Body::Invite(invite())));
    for cut in 0..good.len() {
        if good.is_char_boundary(cut) {
            let _ = decode(&good[..cut]);
        }
    }
    let _ = decode(&"[".repeat(100_000));
    let _ = decode(&"[".repeat(60_000));
    let _ = decode("{\"v\":18446744073709551616}");
}

// ---------------------------------------------------------------- receiving

struct Room {
    net: Net,
    call_id: String,
}

/// Alice called Bob, Bob accepted; Carol is idle.
fn room() -> Room {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol")]);
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    net.act(B, Event::Accept).unwrap();
    net.settle();
    let call_id = net.kits[A].call().unwrap().id.clone();
    net.clear_logs();
    Room { net, call_id }
}

fn msg(from: &str, sid: &str, to: &[&str], call: &str, body: Body) -> Envelope {
    crafted(User::new(from, from.to_uppercase()), sid, 9, to, call, body)
}

/// Delivers `e` to kit `k` and expects it dropped for `reason`, with nothing else happening.
fn dropped(net: &mut Net, k: usize, e: Envelope, reason: impl Fn(&Reject) -> bool) {
    let before = (net.kits[k].call().cloned(), net.kits[k].incoming().cloned(), net.kits[k].config().clone(), net.kits[k].next_list().clone());
    let e = decode(&encode(&e)).expect("well-formed");
    let fx = net.act(k, Event::Received(Box::new(e))).unwrap();
    assert_eq!(fx.len(), 1, "only the drop is reported: {fx:?}");
    match &fx[0] {
        Effect::Dropped(r) => assert!(reason(r), "dropped for the wrong reason: {r:?}"),
        other => panic!("expected a drop, got {other:?}"),
    }
    let after = (net.kits[k].call().cloned(), net.kits[k].incoming().cloned(), net.kits[k].config().clone(), net.kits[k].next_list().clone());
    assert_eq!(before, after, "nothing changed");
    net.settle();
}

fn invite_carol(in_call: bool) -> Body {
    Body::Invite(Invite { in_call, callees: vec![user("carol")], participants: vec![user("alice"), user("bob")], ..invite() })
}

#[test]
fn a_message_of_another_app_is_dropped() {
    let Room { mut net, call_id } = room();
    let mut e = msg("alice", "x1", &["carol"], &call_id, invite_carol(true));
    e.app = "app2".into();
    dropped(&mut net, C, e, |r| *r == Reject::OtherApp);
    assert!(!net.ringing(C));
}

#[test]
fn a_message_not_addressed_to_the_user_is_ignored_quietly() {
    // A broadcast transport hands every kit every message: the address check drops the
    // others' without a warning, and nothing changes.
    let Room { mut net, call_id } = room();
    for (k, e) in [
        (C, msg("alice", "x1", &["dave"], &call_id, invite_carol(true))),
        (B, msg("alice", "x1", &["carol"], &call_id, Body::Leave {})),
    ] {
        let before = (net.kits[k].call().cloned(), net.kits[k].incoming().cloned());
        let fx = net.act(k, Event::Received(Box::new(decode(&encode(&e)).unwrap()))).unwrap();
        assert!(fx.is_empty(), "no effect, no warning: {fx:?}");
        assert_eq!(before, (net.kits[k].call().cloned(), net.kits[k].incoming().cloned()));
    }
    assert_eq!(net.participants(B), ids(&["alice", "bob"]));
    assert!(!net.ringing(C));
}

#[test]
fn a_kits_own_echo_is_ignored_quietly() {
    let Room { mut net, call_id } = room();
    // The kit's own sid, even with another sender, is an echo: nothing happens, no warning.
    let e = decode(&encode(&msg("bob", "sid0", &["alice"], &call_id, Body::Leave {}))).unwrap();
    let fx = net.act(A, Event::Received(Box::new(e))).unwrap();
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
    // Carol rings; her own "answered elsewhere" coming back to her tab does not stop it.
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.settle();
    assert!(net.ringing(C));
    let e = decode(&encode(&msg("carol", "sid2", &["carol"], &call_id, Body::Answered { accepted: true }))).unwrap();
    let fx = net.act(C, Event::Received(Box::new(e))).unwrap();
    assert!(fx.is_empty(), "{fx:?}");
    assert!(net.ringing(C));
    // The same message from another tab of carol does.
    let e = decode(&encode(&msg("carol", "carol-tab2", &["carol"], &call_id, Body::Answered { accepted: true }))).unwrap();
    net.act(C, Event::Received(Box::new(e))).unwrap();
    assert!(!net.ringing(C));
}

#[test]
fn a_message_claiming_to_come_from_the_receiving_user_is_dropped() {
    let Room { mut net, call_id } = room();
    let e = msg("bob", "other-tab", &["bob"], &call_id, Body::End {});
    dropped(&mut net, B, e, |r| *r == Reject::FromSelf);
    let e = msg("carol", "x1", &["carol"], "call_x", invite_carol(false));
    dropped(&mut net, C, e, |r| *r == Reject::FromSelf);
    assert!(!net.ringing(C));
    // And "answered elsewhere" only counts from the user's own tabs.
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.settle();
    assert!(net.ringing(C));
    let e = msg("alice", "x2", &["carol"], &call_id, Body::Answered { accepted: true });
    dropped(&mut net, C, e, |r| *r == Reject::FromSelf);
    assert!(net.ringing(C));
}

#[test]
fn a_cancel_from_someone_other_than_the_inviter_is_forbidden() {
    let Room { mut net, call_id } = room();
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.settle();
    assert!(net.ringing(C));
    net.clear_logs();
    let e = msg("bob", "x1", &["carol"], &call_id, Body::Cancel { callees: vec!["carol".into()], timeout: false, data: String::new() });
    dropped(&mut net, C, e, |r| matches!(r, Reject::Forbidden(_)));
    assert!(net.ringing(C), "carol still rings");
    assert!(net.notices(C).is_empty());
}

#[test]
fn a_cancel_from_a_non_inviter_does_not_clear_a_waiting_tile() {
    let Room { mut net, call_id } = room();
    net.invite(A, &["carol"], CallType::Video).unwrap();
    net.settle();
    let e = msg("dave", "x1", &["bob"], &call_id, Body::Cancel { callees: vec!["carol".into()], timeout: false, data: String::new() });
    let e = decode(&encode(&e)).unwrap();
    net.act(B, Event::Received(Box::new(e))).unwrap();
    assert_eq!(net.pending(B), ids(&["carol"]), "only alice can withdraw her invitation");
}

#[test]
fn end_from_a_non_initiator_is_forbidden() {
    let Room { mut net, call_id } = room();
    let e = msg("bob", "x1", &["alice"], &call_id, Body::End {});
    dropped(&mut net, A, e, |r| matches!(r, Reject::Forbidden(_)));
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
    assert!(net.notices(A).is_empty());
}

#[test]
fn end_from_the_initiator_without_end_call_when_initiator_leave_is_forbidden() {
    let Room { mut net, call_id } = room();
    let e = msg("alice", "x1", &["bob"], &call_id, Body::End {});
    dropped(&mut net, B, e, |r| matches!(r, Reject::Forbidden(_)));
    assert!(net.kits[B].call().is_some());
}

#[test]
fn a_message_about_an_unknown_call_is_ignored_quietly() {
    // Calls this kit left, or that its user's other tab is in, keep talking: routine traffic,
    // ignored without a warning and without any change.
    let Room { mut net, .. } = room();
    for body in [Body::Leave {}, Body::Accept { participants: vec![user("carol")], terms: terms(), devices: callkit_invite::core::Devices::default(), data: String::new(), re: String::new() }] {
        let e = msg("carol", "x1", &["alice"], "call_other", body);
        let before = (net.kits[A].call().cloned(), net.kits[A].incoming().cloned());
        let fx = net.act(A, Event::Received(Box::new(decode(&encode(&e)).unwrap()))).unwrap();
        assert!(fx.is_empty(), "no effect, no warning: {fx:?}");
        assert_eq!(before, (net.kits[A].call().cloned(), net.kits[A].incoming().cloned()));
    }
    assert_eq!(net.participants(A), ids(&["alice", "bob"]));
}

#[test]
fn a_forbidden_in_call_invitation_is_dropped_by_participants_too() {
    // The call's policy as alice holds it forbids bob to invite; his message says otherwise.
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol")]);
    net.configure(A, ConfigPatch { only_initiator_can_invite: Some(true), ..Default::default() });
    net.invite(A, &["bob"], CallType::Video).unwrap();
    net.settle();
    net.act(B, Event::Accept).unwrap();
    net.settle();
    let call_id = net.kits[A].call().unwrap().id.clone();
    let policy = net.kits[A].call().unwrap().policy;
    let body = Body::Invite(Invite {
        in_call: true,
        policy: Policy { only_initiator_can_invite: false, ..policy },
        callees: vec![user("carol")],
        participants: vec![user("alice"), user("bob")],
        ..invite()
    });
    let e = msg("bob", "x1", &["alice"], &call_id, body);
    dropped(&mut net, A, e, |r| matches!(r, Reject::Forbidden(_)));
    assert!(net.pending(A).is_empty());
}

// ---------------------------------------------------------------- i18n

const ALL_TEXTS: [Text; 23] = [
    Text::InviteMembers,
    Text::Invitees,
    Text::Calling,
    Text::CancelCall,
    Text::EndCall,
    Text::IncomingCall,
    Text::IncomingVideoCall,
    Text::IncomingVoiceCall,
    Text::Decline,
    Text::Accept,
    Text::SendFailed,
    Text::More,
    Text::Close,
    Text::Invite,
    Text::InCall,
    Text::NoOneToInvite,
    Text::LeaveCall,
    Text::Microphone,
    Text::Camera,
    Text::MicrophoneOff,
    Text::Reconnecting,
    Text::MicrophoneUnavailable,
    Text::CameraUnavailable,
];

/// Fails to compile when a `Text` is added without being listed in `ALL_TEXTS`.
fn _listed(t: Text) {
    match t {
        Text::InviteMembers
        | Text::Invitees
        | Text::Calling
        | Text::CancelCall
        | Text::EndCall
        | Text::IncomingCall
        | Text::IncomingVideoCall
        | Text::IncomingVoiceCall
        | Text::Decline
        | Text::Accept
        | Text::SendFailed
        | Text::More
        | Text::Close
        | Text::Invite
        | Text::InCall
        | Text::NoOneToInvite
        | Text::LeaveCall
        | Text::Microphone
        | Text::Camera
        | Text::MicrophoneOff
        | Text::Reconnecting
        | Text::MicrophoneUnavailable
        | Text::CameraUnavailable => {}
    }
}

#[test]
fn every_text_exists_in_both_languages() {
    for t in ALL_TEXTS {
        let (en, zh) = (t.get(Language::EnUs), t.get(Language::ZhCn));
        assert!(!en.trim().is_empty() && !zh.trim().is_empty(), "{t:?}");
        assert_ne!(en, zh, "{t:?} is not translated");
        assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{t:?} zh-CN has no Chinese: {zh}");
    }
}

#[test]
fn strings_match_the_spec_in_both_languages() {
    let spec = [
        (Text::InviteMembers, "Invite members", "邀请成员"),
        (Text::Invitees, "Invitees", "受邀请人"),
        (Text::Calling, "Calling…", "正在呼叫..."),
        (Text::CancelCall, "Cancel call", "取消通话"),
        (Text::EndCall, "End call", "结束通话"),
        (Text::IncomingCall, "Incoming call...", "来电..."),
        (Text::Decline, "Decline", "拒绝"),
        (Text::Accept, "Accept", "接受"),
        (Text::SendFailed, "Failed to send the invitation, please try again.", "发送邀请失败，请重试"),
        (Text::More, "More", "更多"),
        (Text::Close, "Close", "关闭"),
        (Text::Invite, "Invite", "邀请"),
        (Text::InCall, "In call", "通话中"),
        (Text::NoOneToInvite, "No one to invite", "没有可邀请的成员"),
        (Text::LeaveCall, "Leave call", "离开通话"),
    ];
    for (t, en, zh) in spec {
        assert_eq!(t.get(Language::EnUs), en, "{t:?}");
        assert_eq!(t.get(Language::ZhCn), zh, "{t:?}");
    }
    assert_eq!(Text::IncomingVideoCall.get(Language::EnUs), "Incoming video call...");
    assert_eq!(Text::IncomingVoiceCall.get(Language::EnUs), "Incoming voice call...");
}

#[test]
fn name_sentences_put_the_name_first() {
    assert_eq!(NameText::Declined.with(Language::EnUs, "Bob"), "Bob declined");
    assert_eq!(NameText::Busy.with(Language::EnUs, "Bob"), "Bob is busy");
    assert_eq!(NameText::NoAnswer.with(Language::EnUs, "Bob"), "Bob didn't answer");
    assert_eq!(NameText::Declined.with(Language::ZhCn, "小明"), "小明 拒绝了邀请");
    assert_eq!(NameText::Busy.with(Language::ZhCn, "小明"), "小明 正忙");
    assert_eq!(NameText::NoAnswer.with(Language::ZhCn, "小明"), "小明 未接听");
    // A name is text, never a template.
    assert_eq!(NameText::Busy.with(Language::EnUs, "{name} <b>"), "{name} <b> is busy");
}

#[test]
fn language_tags_round_trip() {
    for lang in [Language::EnUs, Language::ZhCn] {
        assert_eq!(Language::from_tag(lang.tag()), Some(lang));
    }
    assert_eq!(Language::from_tag("fr-FR"), None);
    assert_eq!(Language::default(), Language::EnUs);
}

#[test]
fn set_language_switches_the_kits_language_at_once() {
    let mut net = Net::new(&[("alice", "Alice")]);
    let fx = net.act(A, Event::SetLanguage(Language::ZhCn)).unwrap();
    assert_eq!(net.kits[A].config().language, Language::ZhCn);
    assert!(fx.contains(&Effect::Render));
}
