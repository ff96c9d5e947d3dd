//! The state machine fed decoded messages: three kits (alice, bob, carol) whose own messages go
//! through an in-memory network that the fuzzer reorders, drops and duplicates, mixed with
//! forged messages (built from the input, then optionally corrupted as text) and user actions,
//! with time passing. Receiving and ticking never err, an `Err` changes nothing, what kits send
//! decodes to itself and fits the size limit, and the kits' invariants hold after every step.
#![no_main]

use callkit_invite::core::protocol::{decode, encode, Invite, MAX_MESSAGE_LEN, VERSION};
use callkit_invite::core::*;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 5] = ["alice", "bob", "carol", "dave", "__proto__"];
const KITS: usize = 3;

struct World {
    kits: Vec<Kit>,
    now: u64,
    /// Messages in flight: (recipient kit, text).
    flight: Vec<(usize, String)>,
    /// Call IDs seen, for forged messages to be about.
    calls: Vec<String>,
    forged: u64,
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let _ = run(&mut u);
});

fn run(u: &mut Unstructured) -> Result<()> {
    let mut w = World { kits: Vec::new(), now: 1_000_000, flight: Vec::new(), calls: vec!["room1".into()], forged: 0 };
    for (k, name) in NAMES.iter().take(KITS).enumerate() {
        let mut kit = Kit::new("app1", User::new(*name, name.to_uppercase()), format!("sid{k}"));
        let patch = ConfigPatch {
            can_inviting_in_calling: Some(u.arbitrary()?),
            only_initiator_can_invite: Some(u.arbitrary()?),
            end_call_when_initiator_leave: Some(u.arbitrary()?),
            custom_waiting_page: Some(u.arbitrary()?),
            custom_dialog: Some(u.arbitrary()?),
            language: None,
        };
        kit.handle(Event::Configure(patch), w.now).expect("configure");
        w.kits.push(kit);
    }
    let configs: Vec<InvitationConfig> = w.kits.iter().map(|k| k.config().clone()).collect();
    while !u.is_empty() {
        let k = u.choose_index(KITS)?;
        match u.int_in_range(0..=15)? {
            0..=4 => {
                // Deliver a message in flight, any of them (reordering).
                if !w.flight.is_empty() {
                    let i = u.choose_index(w.flight.len())?;
                    let (to, text) = w.flight.remove(i);
                    if u.ratio(1, 10)? {
                        w.flight.push((to, text.clone())); // and keep a duplicate
                    }
                    let envelope = decode(&text).expect("kits send what decodes");
                    receive(&mut w, to, envelope);
                }
            }
            5 => {
                if !w.flight.is_empty() {
                    let i = u.choose_index(w.flight.len())?;
                    w.flight.remove(i); // lost
                }
            }
            6..=8 => {
                let envelope = forge(u, &mut w)?;
                let mut text = encode(&envelope);
                if u.ratio(1, 6)? {
                    // Corrupt the text: splice in arbitrary bytes.
                    let at = u.choose_index(text.len() + 1)?;
                    let len = u.int_in_range(0..=8)?;
                    let end = (at + len).min(text.len());
                    let junk: Vec<u8> = (0..u.int_in_range(0..=8)?).map(|_| u.arbitrary()).collect::<Result<_>>()?;
                    let mut bytes = text.into_bytes();
                    bytes.splice(at..end, junk);
                    text = String::from_utf8_lossy(&bytes).into_owned();
                }
                if let Ok(envelope) = decode(&text) {
                    receive(&mut w, k, envelope);
                }
            }
            9 => {
                let text: &str = u.arbitrary()?;
                if let Ok(envelope) = decode(text) {
                    receive(&mut w, k, envelope);
                }
            }
            10 => {
                w.now += u.int_in_range(0..=70_000u64)?;
                for k in 0..KITS {
                    step(&mut w, k, Event::Tick, true);
                }
            }
            _ => {
                let event = action(u, &w, k)?;
                step(&mut w, k, event, false);
            }
        }
        check(&w, &configs);
    }
    Ok(())
}

/// Delivers a message, real or forged, and checks the membership rule (SPEC §7): it adds
/// nobody to the receiver's call unless its sender is a member (whose roster may name others),
/// or a pending invitee accepting (who adds only itself).
fn receive(w: &mut World, k: usize, envelope: Envelope) {
    let call = w.kits[k].call().filter(|c| c.id == envelope.call).cloned();
    let from = envelope.from.id.clone();
    let accepts = matches!(envelope.body, Body::Accept { .. });
    step(w, k, Event::Received(Box::new(envelope)), true);
    let (Some(before), Some(after)) = (call, w.kits[k].call()) else { return };
    if after.id != before.id || before.is_participant(&from) {
        return;
    }
    let invitee_accepts = accepts && before.is_pending(&from);
    for user in &after.participants {
        if !before.is_participant(&user.id) {
            assert!(invitee_accepts && user.id == from, "a message from non-member {from} added {} to the call", user.id);
        }
    }
}

/// Feeds an event; checks and routes what the kit asks for.
fn step(w: &mut World, k: usize, event: Event, must_succeed: bool) {
    // Only user actions may fail, and then must change nothing: snapshot the kit for those.
    let before = (!must_succeed).then(|| format!("{:?}", w.kits[k]));
    let result = w.kits[k].handle(event.clone(), w.now);
    let effects = match result {
        Ok(effects) => effects,
        Err(err) => {
            let before = before.unwrap_or_else(|| panic!("{event:?} failed: {err:?}"));
            assert_eq!(before, format!("{:?}", w.kits[k]), "an Err changed the kit");
            return;
        }
    };
    for effect in effects {
        match effect {
            Effect::Send(envelope) => {
                let text = encode(&envelope);
                assert!(text.len() <= MAX_MESSAGE_LEN, "a kit sent {} bytes", text.len());
                assert_eq!(decode(&text).as_ref(), Ok(&envelope), "a kit sent what does not decode to itself");
                if !w.calls.contains(&envelope.call) && w.calls.len() < 16 {
                    w.calls.push(envelope.call.clone());
                }
                for (i, kit) in w.kits.iter().enumerate() {
                    if i != k && envelope.to.contains(&kit.me().id) && w.flight.len() < 256 {
                        w.flight.push((i, text.clone()));
                    }
                }
            }
            Effect::ConfigureRoom { call_id, .. } => {
                step(w, k, Event::RoomConfigured { call_id, room: RoomConfig::default() }, true);
            }
            _ => {}
        }
    }
}

fn user(u: &mut Unstructured) -> Result<User> {
    let id = *u.choose(&NAMES)?;
    Ok(User::new(id, id))
}

fn users(u: &mut Unstructured, max: usize) -> Result<Vec<User>> {
    let mut list: Vec<User> = Vec::new();
    for _ in 0..u.int_in_range(0..=max)? {
        let user = user(u)?;
        if !list.iter().any(|x| x.id == user.id) {
            list.push(user);
        }
    }
    Ok(list)
}

fn policy(u: &mut Unstructured) -> Result<Policy> {
    Ok(Policy {
        can_invite_in_calling: u.arbitrary()?,
        only_initiator_can_invite: u.arbitrary()?,
        end_call_when_initiator_leave: u.arbitrary()?,
        max_users: u.int_in_range(2..=4)?,
    })
}

/// A message as a peer (or a forger) might send it, about a call the kits know of.
fn forge(u: &mut Unstructured, w: &mut World) -> Result<Envelope> {
    w.forged += 1;
    let call = u.choose(&w.calls)?.clone();
    let from = user(u)?;
    let body = match u.int_in_range(0..=8)? {
        0 => Body::Invite(Invite {
            call_type: u.int_in_range(0..=2)?,
            initiator: user(u)?.id,
            policy: policy(u)?,
            in_call: u.arbitrary()?,
            callees: {
                let mut c = users(u, 3)?;
                if c.is_empty() {
                    c.push(user(u)?);
                }
                c
            },
            participants: users(u, 4)?,
            timeout: *u.choose(&[1, 60, 600])?,
            data: String::new(),
        }),
        1 => Body::Cancel { callees: users(u, 3)?.into_iter().map(|x| x.id).collect(), timeout: u.arbitrary()?, data: answer_data(u)? },
        2 => Body::Accept { participants: users(u, 4)?, terms: Terms { initiator: user(u)?.id, policy: policy(u)?, media_key: String::new() }, devices: callkit_invite::core::Devices::default(), data: answer_data(u)?, re: if u.arbitrary()? { String::new() } else { user(u)?.id } },
        3 => Body::Present { participants: users(u, 4)?, terms: Terms { initiator: user(u)?.id, policy: policy(u)?, media_key: String::new() }, devices: callkit_invite::core::Devices::default() },
        4 => Body::Decline { busy: u.arbitrary()?, data: answer_data(u)? },
        5 => Body::Answered { accepted: u.arbitrary()? },
        6 => Body::Leave {},
        7 => Body::End {},
        _ => Body::Signal(callkit_invite::core::Signal::Description {
            kind: if u.arbitrary()? { callkit_invite::core::mesh::SdpKind::Offer } else { callkit_invite::core::mesh::SdpKind::Answer },
            sdp: u.arbitrary::<String>()?,
        }),
    };
    let sid = format!("sid{}", u.int_in_range(0..=5)?);
    let seq = if u.arbitrary()? { w.forged } else { u.int_in_range(0..=40u64)? };
    let mut to: Vec<String> = users(u, 3)?.into_iter().map(|x| x.id).collect();
    if to.is_empty() {
        to.push("alice".into());
    }
    Ok(Envelope { v: VERSION, id: format!("{sid}-{seq}"), app: "app1".into(), sid, from, to, call, body })
}

/// The app data of an answer: none, or a short string.
fn answer_data(u: &mut Unstructured) -> Result<String> {
    Ok(if u.arbitrary()? { String::new() } else { u.arbitrary::<String>()?.chars().take(16).collect() })
}

/// Something the kit's user or app does.
fn action(u: &mut Unstructured, w: &World, k: usize) -> Result<Event> {
    Ok(match u.int_in_range(0..=11)? {
        0 => Event::Accept,
        1 => Event::AcceptWith(answer_data(u)?),
        2 if u.arbitrary()? => Event::DeclineWith(answer_data(u)?),
        2 => Event::Decline,
        3 if u.arbitrary()? => Event::CancelCallingWith(answer_data(u)?),
        3 => Event::CancelCalling,
        4 => Event::CancelInvitee(user(u)?.id),
        5 => Event::HangUp,
        6 => {
            let me = w.kits[k].me().id.clone();
            let callees: Vec<User> = users(u, 3)?.into_iter().filter(|x| x.id != me).collect();
            let callees = if callees.is_empty() { vec![User::new("dave", "dave")] } else { callees };
            Event::Send(SendRequest { callees, call_type: CallType::Video, timeout_secs: *u.choose(&[1, 60])?, data: String::new(), room_id: None, media_key: String::new() })
        }
        7 => Event::OpenSidebar,
        8 => Event::ToggleRow(user(u)?.id),
        9 => Event::InviteChecked,
        10 => Event::JoinRoom { room_id: "room1".into(), room: RoomConfig::default(), media_key: String::new() },
        _ => {
            if u.ratio(1, 4)? {
                Event::Destroy
            } else {
                Event::UpdateList(ListConfig { users: users(u, 4)?, default_checked: u.arbitrary()? })
            }
        }
    })
}

/// What holds after every step.
fn check(w: &World, configs: &[InvitationConfig]) {
    for (k, kit) in w.kits.iter().enumerate() {
        let me = &kit.me().id;
        assert_eq!(kit.config(), &configs[k], "a message changed the kit's own config");
        assert!(kit.memory_footprint() <= 256 + 16 + 2 * NAMES.len(), "memory grew: {}", kit.memory_footprint());
        if kit.destroyed() {
            assert!(kit.call().is_none() && kit.incoming().is_none());
        }
        if let Some(inc) = kit.incoming() {
            assert!(inc.deadline > w.now, "rings past its deadline");
            assert_ne!(&inc.caller.id, me);
            assert!(kit.call().is_none_or(|c| c.id != inc.call_id));
        }
        if let Some(call) = kit.call() {
            let mut ids: Vec<&str> = call.participants.iter().map(|x| x.id.as_str()).chain(call.pending.iter().map(|p| p.user.id.as_str())).collect();
            let n = ids.len();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), n, "someone listed twice: {call:?}");
            assert!(call.participants.iter().any(|x| x.id == *me), "not in its own call");
            assert!(call.pending.iter().all(|p| p.deadline > w.now), "\"Calling…\" past its deadline");
            assert!(call.joined || call.pending.iter().any(|p| p.inviter == *me), "waiting for nothing");
            assert!(call.retry.is_none_or(|r| r.due > w.now), "an accept retry overdue");
            assert!(n <= usize::from(call.policy.max_users), "{n} users in a call of at most {}", call.policy.max_users);
        }
    }
}
