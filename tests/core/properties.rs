//! Property tests of the pure core: random runs of 2 to 5 kits (some of them two tabs of one
//! user) with random configs, random API calls, reordered deliveries and time, checking the
//! rules of SPEC.md §2–3 after every step, and liveness/convergence once everything settles.

use callkit_invite::core::*;
use callkit_invite::core::protocol::decode;
use crate::support::{prop_config, Net};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// A user with no kit: invitations to them are never answered and time out.
const NOBODY: &str = "x9";

// ---------------------------------------------------------------------------------------------
// Model

/// One kit of a case: which user it is and its config.
#[derive(Debug, Clone)]
struct KitSpec {
    /// `Some(j)`: another tab of the user of an earlier kit (`j % index`).
    tab_of: Option<u8>,
    can_inviting_in_calling: bool,
    only_initiator_can_invite: bool,
    end_call_when_initiator_leave: bool,
    custom_waiting_page: bool,
    /// What its `onSetRoomConfigBeforeJoining` returns as `callingInvitationListConfig`.
    room_list: Option<(Vec<u8>, bool)>,
    /// Its `next_list` (`updateCallingInvitationListConfig` before any call).
    next_list: Option<(Vec<u8>, bool)>,
}

#[derive(Debug, Clone)]
enum Step {
    /// `sendCallInvitation`; `bad` 1 adds the kit's own user, 2 repeats a callee (must be Err).
    Send { k: u8, callees: Vec<u8>, bad: u8, video: bool, timeout: u32 },
    Accept(u8),
    Decline(u8),
    CancelCalling(u8),
    CancelInvitee(u8, u8),
    HangUp(u8),
    OpenSidebar(u8),
    CloseSidebar(u8),
    ToggleRow(u8, u8),
    InviteChecked(u8),
    UpdateList { k: u8, users: Vec<u8>, checked: bool },
    Configure { k: u8, flags: [Option<bool>; 3] },
    JoinRoom(u8),
    /// Deliver the oldest message in flight.
    Deliver,
    /// Deliver the i-th message in flight, or the oldest on its link (reordering across links).
    DeliverAt(u16),
    /// Let time pass and tick every kit (messages stay in flight).
    Advance(u32),
    Destroy(u8),
}

fn ids_strategy(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..=max)
}

fn kit_strategy() -> impl Strategy<Value = KitSpec> {
    (
        prop::option::weighted(0.2, any::<u8>()),
        prop::bool::weighted(0.8),
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.2),
        prop::option::weighted(0.3, (ids_strategy(4), any::<bool>())),
        prop::option::weighted(0.5, (ids_strategy(5), prop::bool::weighted(0.7))),
    )
        .prop_map(|(tab_of, can, only, end, custom, room_list, next_list)| KitSpec {
            tab_of,
            can_inviting_in_calling: can,
            only_initiator_can_invite: only,
            end_call_when_initiator_leave: end,
            custom_waiting_page: custom,
            room_list,
            next_list,
        })
}

fn step_strategy() -> impl Strategy<Value = Step> {
    let k = any::<u8>;
    prop_oneof![
        6 => (k(), prop::collection::vec(any::<u8>(), 1..=3), prop_oneof![8 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8)],
              any::<bool>(), prop_oneof![4 => Just(60u32), 2 => 1u32..=90, 1 => Just(600u32)])
            .prop_map(|(k, callees, bad, video, timeout)| Step::Send { k, callees, bad, video, timeout }),
        8 => k().prop_map(Step::Accept),
        4 => k().prop_map(Step::Decline),
        2 => k().prop_map(Step::CancelCalling),
        2 => (k(), any::<u8>()).prop_map(|(k, u)| Step::CancelInvitee(k, u)),
        4 => k().prop_map(Step::HangUp),
        2 => k().prop_map(Step::OpenSidebar),
        2 => k().prop_map(Step::CloseSidebar),
        2 => (k(), any::<u8>()).prop_map(|(k, u)| Step::ToggleRow(k, u)),
        4 => k().prop_map(Step::InviteChecked),
        2 => (k(), ids_strategy(5), any::<bool>()).prop_map(|(k, users, checked)| Step::UpdateList { k, users, checked }),
        2 => (k(), any::<[Option<bool>; 3]>()).prop_map(|(k, flags)| Step::Configure { k, flags }),
        2 => k().prop_map(Step::JoinRoom),
        28 => Just(Step::Deliver),
        10 => any::<u16>().prop_map(Step::DeliverAt),
        6 => prop_oneof![Just(0u32), 0u32..70_000, Just(60_000u32)].prop_map(Step::Advance),
        1 => k().prop_map(Step::Destroy),
    ]
}

/// What was true of a call when it started.
#[derive(Debug, Clone)]
struct Started {
    initiator: String,
    policy: Policy,
}

/// A network plus everything the invariants need to remember.
struct Sim {
    net: Net,
    /// Every user ID that can be invited: the kits' users, then [`NOBODY`].
    pool: Vec<String>,
    /// Each kit's config as its own `Configure` events made it.
    expected: Vec<InvitationConfig>,
    /// Each call's initiator and the policy of the initiator's config when it started the call.
    calls: BTreeMap<String, Started>,
    /// How many of `net.sent` were checked already.
    checked: usize,
    room_seq: u32,
    /// What the current step did, for failure messages.
    trace: Vec<String>,
}

fn list_config(pool: &[String], net: &Net, picks: &[u8], checked: bool) -> ListConfig {
    let mut users: Vec<User> = Vec::new();
    for p in picks {
        let id = &pool[*p as usize % pool.len()];
        if !users.iter().any(|u| u.id == *id) {
            users.push(net.user(id));
        }
    }
    ListConfig { users, default_checked: checked }
}

impl Sim {
    fn new(specs: &[KitSpec]) -> Sim {
        let mut net = Net { kits: Vec::new(), now: 1_000_000, queue: Default::default(), log: Vec::new(), sent: Vec::new(), rooms: Vec::new() };
        let mut users: Vec<String> = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let id = match spec.tab_of {
                Some(j) if i > 0 => net.kits[j as usize % i].me().id.clone(),
                _ => format!("u{i}"),
            };
            if !users.contains(&id) {
                users.push(id.clone());
            }
            net.add_kit(&id, &format!("U_{id}"));
        }
        let mut pool = users;
        pool.push(NOBODY.to_owned());
        let mut sim = Sim { net, pool, expected: Vec::new(), calls: BTreeMap::new(), checked: 0, room_seq: 0, trace: Vec::new() };
        for (k, spec) in specs.iter().enumerate() {
            let patch = ConfigPatch {
                can_inviting_in_calling: Some(spec.can_inviting_in_calling),
                only_initiator_can_invite: Some(spec.only_initiator_can_invite),
                end_call_when_initiator_leave: Some(spec.end_call_when_initiator_leave),
                custom_waiting_page: Some(spec.custom_waiting_page),
                ..Default::default()
            };
            sim.net.configure(k, patch);
            let mut config = InvitationConfig::default();
            config.merge(&patch);
            sim.expected.push(config);
            if let Some((picks, checked)) = &spec.room_list {
                let list = list_config(&sim.pool, &sim.net, picks, *checked);
                sim.net.rooms[k].list = Some(list);
            }
            if let Some((picks, checked)) = &spec.next_list {
                let list = list_config(&sim.pool, &sim.net, picks, *checked);
                sim.net.act(k, Event::UpdateList(list)).expect("a valid list");
            }
        }
        sim.check();
        sim
    }

    fn kit(&mut self, k: u8) -> usize {
        let k = k as usize % self.net.kits.len();
        let me = self.me(k);
        if let Some(last) = self.trace.last_mut() {
            last.push_str(&format!(" = kit {k} ({me})"));
        }
        k
    }

    fn note(&mut self, note: String) {
        if let Some(last) = self.trace.last_mut() {
            last.push_str(&note);
        }
    }

    fn me(&self, k: usize) -> String {
        self.net.kits[k].me().id.clone()
    }

    fn pick(&self, u: u8) -> String {
        self.pool[u as usize % self.pool.len()].clone()
    }

    /// Time moves on by 1 ms and every kit ticks: calls started later get new IDs
    /// (`call_<userID>_<ms>`), as they would with a real clock.
    fn bump_clock(&mut self) {
        tick_all(&mut self.net, 1);
    }

    /// A person answers in one tab at a time: before they can click Accept or Decline in tab `k`,
    /// the word that another tab of theirs answered this invitation (`Answered`, which tabs of
    /// one browser get within a millisecond) has arrived. Two tabs answering the same invitation
    /// at the same instant is a known limitation: see `two_tabs_accepting_at_once_*` below.
    fn sibling_answers_first(&mut self, k: usize) {
        let Some(call) = self.net.kits[k].incoming().map(|i| i.call_id.clone()) else { return };
        while let Some(at) = self.net.queue.iter().position(|(to, text)| {
            *to == k && decode(text).is_ok_and(|e| matches!(e.body, Body::Answered { .. }) && e.call == call)
        }) {
            let (to, text) = self.net.queue.remove(at).expect("in range");
            let envelope = decode(&text).expect("queued messages decode");
            self.note(format!(" (first: Answered from {})", envelope.sid));
            self.net.act(to, Event::Received(Box::new(envelope))).expect("receiving never errs");
        }
    }

    /// Feeds an API event to kit `k`; an `Err` must leave the kit exactly as it was.
    fn api(&mut self, k: usize, event: Event) -> Result<Vec<Effect>, Error> {
        let before = format!("{:?}", self.net.kits[k]);
        let (queued, sent) = (self.net.queue.len(), self.net.sent.len());
        let result = self.net.act(k, event.clone());
        if let Err(err) = &result {
            assert_eq!(before, format!("{:?}", self.net.kits[k]), "kit {k}: {event:?} returned {err:?} but changed the kit");
            assert_eq!((queued, sent), (self.net.queue.len(), self.net.sent.len()), "kit {k}: {event:?} returned Err but sent");
        }
        result
    }

    fn run(&mut self, step: &Step) {
        self.trace.push(format!("> {step:?}"));
        match step {
            Step::Send { k, callees, bad, video, timeout } => {
                let k = self.kit(*k);
                let me = self.me(k);
                let others: Vec<String> = self.pool.iter().filter(|id| **id != me).cloned().collect();
                let mut picked: Vec<User> = Vec::new();
                for c in callees {
                    let id = &others[*c as usize % others.len()];
                    if !picked.iter().any(|u| u.id == *id) {
                        picked.push(self.net.user(id));
                    }
                }
                match bad {
                    1 => picked.insert(picked.len() / 2, self.net.user(&me)),
                    2 => picked.push(picked[0].clone()),
                    _ => {}
                }
                let call_type = if *video { CallType::Video } else { CallType::Voice };
                let request = SendRequest { callees: picked, call_type, timeout_secs: *timeout, data: format!("d{k}"), room_id: None, media_key: String::new() };
                let had_call = self.net.kits[k].call().is_some();
                if !had_call {
                    self.bump_clock();
                }
                let result = self.api(k, Event::Send(request));
                if *bad != 0 {
                    assert!(result.is_err(), "kit {k}: an invitation of self or of a duplicate must be refused");
                }
                if result.is_ok() && !had_call {
                    let kit = &self.net.kits[k];
                    let call = kit.call().expect("a sent invitation starts a call");
                    assert_eq!(call.policy, kit.config().policy(), "a new call carries its initiator's policy");
                    assert_eq!(call.initiator, me);
                    let old = self.calls.insert(call.id.clone(), Started { initiator: me, policy: kit.config().policy() });
                    assert!(old.is_none(), "call ID {} reused", call.id);
                }
            }
            Step::Accept(k) => {
                let k = self.kit(*k);
                self.sibling_answers_first(k);
                let _ = self.api(k, Event::Accept);
            }
            Step::Decline(k) => {
                let k = self.kit(*k);
                self.sibling_answers_first(k);
                let _ = self.api(k, Event::Decline);
            }
            Step::CancelCalling(k) => {
                let k = self.kit(*k);
                let _ = self.api(k, Event::CancelCalling);
            }
            Step::CancelInvitee(k, u) => {
                let k = self.kit(*k);
                // Mostly someone this kit invited, sometimes anybody.
                let mine: Vec<String> = self.net.kits[k]
                    .call()
                    .map(|c| c.pending.iter().filter(|p| p.inviter == self.me(k)).map(|p| p.user.id.clone()).collect())
                    .unwrap_or_default();
                let id = if !mine.is_empty() && u % 4 != 0 { mine[*u as usize % mine.len()].clone() } else { self.pick(*u) };
                let _ = self.api(k, Event::CancelInvitee(id));
            }
            Step::HangUp(k) => {
                let k = self.kit(*k);
                let _ = self.api(k, Event::HangUp);
            }
            Step::OpenSidebar(k) => {
                let k = self.kit(*k);
                let _ = self.api(k, Event::OpenSidebar);
            }
            Step::CloseSidebar(k) => {
                let k = self.kit(*k);
                let _ = self.api(k, Event::CloseSidebar);
            }
            Step::ToggleRow(k, u) => {
                let k = self.kit(*k);
                let id = self.pick(*u);
                let _ = self.api(k, Event::ToggleRow(id));
            }
            Step::InviteChecked(k) => {
                let k = self.kit(*k);
                let _ = self.api(k, Event::InviteChecked);
            }
            Step::UpdateList { k, users, checked } => {
                let k = self.kit(*k);
                let list = list_config(&self.pool, &self.net, users, *checked);
                let result = self.api(k, Event::UpdateList(list));
                assert!(result.is_ok() || self.net.kits[k].destroyed(), "kit {k}: a valid list is refused: {result:?}");
            }
            Step::Configure { k, flags } => {
                let k = self.kit(*k);
                let patch = ConfigPatch {
                    can_inviting_in_calling: flags[0],
                    only_initiator_can_invite: flags[1],
                    end_call_when_initiator_leave: flags[2],
                    ..Default::default()
                };
                if self.api(k, Event::Configure(patch)).is_ok() {
                    self.expected[k].merge(&patch);
                }
            }
            Step::JoinRoom(k) => {
                let k = self.kit(*k);
                self.room_seq += 1;
                let room_id = format!("room{}", self.room_seq);
                let room = self.net.rooms[k].clone();
                if self.api(k, Event::JoinRoom { room_id: room_id.clone(), room, media_key: String::new() }).is_ok() {
                    let policy = self.net.kits[k].config().policy();
                    self.calls.insert(room_id, Started { initiator: self.me(k), policy });
                }
            }
            Step::Deliver => {
                let note = deliver_at(&mut self.net, 0);
                self.note(note);
            }
            Step::DeliverAt(i) => {
                let note = deliver_at(&mut self.net, *i as usize);
                self.note(note);
            }
            Step::Advance(ms) => tick_all(&mut self.net, u64::from(*ms)),
            Step::Destroy(k) => {
                // A tab that goes away says goodbye to whom it knows of, and cannot answer for
                // itself afterwards: whoever accepts an invitation that lists it drops it only
                // when its accept's retries run out (`a_kit_destroyed_while_*` below), and
                // whoever learns of it from a roster keeps it (no presence, no heartbeat). So a
                // kit is destroyed here when things are quiet, nothing in flight, ringing or
                // pending, and its goodbyes land before anything else happens.
                let k = self.kit(*k);
                self.net.settle();
                tick_all(&mut self.net, 700_000);
                self.net.settle();
                let _ = self.api(k, Event::Destroy);
                self.net.settle();
            }
        }
        self.check();
    }

    /// The invariants that hold after every step.
    fn check(&mut self) {
        let now = self.net.now;
        let trace = || self.trace.join("\n  ");
        // Messages: never to their sender (but `Answered`, to the sender's other tabs only), no
        // recipient twice, and no invitation the call's policy forbids.
        for env in &self.net.sent[self.checked..] {
            match env.body {
                Body::Answered { .. } => assert_eq!(env.to, vec![env.from.id.clone()], "Answered goes to the sender's tabs only: {env:?}\n  {}", trace()),
                _ => assert!(!env.to.contains(&env.from.id), "message addressed to its sender: {env:?}\n  {}", trace()),
            }
            let unique: BTreeSet<&String> = env.to.iter().collect();
            assert_eq!(unique.len(), env.to.len(), "a recipient listed twice: {env:?}\n  {}", trace());
            if let Body::Invite(inv) = &env.body {
                let started = self.calls.get(&env.call).unwrap_or_else(|| panic!("invite for a call nobody started: {env:?}\n  {}", trace()));
                assert_eq!(inv.initiator, started.initiator, "invite names the wrong initiator: {env:?}\n  {}", trace());
                assert_eq!(inv.policy, started.policy, "invite carries a policy other than the initiator's: {env:?}\n  {}", trace());
                if inv.in_call {
                    assert!(
                        started.policy.check_in_call(&env.from.id, &inv.initiator).is_ok(),
                        "in-call invitation the policy forbids: {env:?}\n  {}",
                        trace()
                    );
                } else {
                    assert_eq!(env.from.id, inv.initiator, "a first invitation not from the initiator: {env:?}\n  {}", trace());
                }
                assert!(!inv.callees.iter().any(|u| u.id == env.from.id), "invites its sender: {env:?}\n  {}", trace());
            }
        }
        self.checked = self.net.sent.len();

        for (k, kit) in self.net.kits.iter().enumerate() {
            let me = &kit.me().id;
            assert_eq!(kit.config(), &self.expected[k], "kit {k}: config changed by something other than its own Configure\n  {}", trace());
            if kit.destroyed() {
                assert!(kit.call().is_none() && kit.incoming().is_none(), "kit {k}: destroyed but still in a call or ringing");
            }
            if let Some(inc) = kit.incoming() {
                assert!(inc.deadline > now, "kit {k}: still ringing past its deadline {} (now {now})\n  {}", inc.deadline, trace());
                assert!(kit.call().is_none_or(|c| c.id != inc.call_id), "kit {k}: ringing for the call it is in: {kit:?}\n  {}", trace());
                assert_ne!(&inc.caller.id, me, "kit {k}: ringing for its own invitation");
                if let Some(started) = self.calls.get(&inc.call_id) {
                    assert_eq!(inc.policy, started.policy, "kit {k}: ringing with a policy other than the initiator's");
                    assert_eq!(inc.initiator, started.initiator, "kit {k}: ringing with the wrong initiator");
                }
            }
            let Some(call) = kit.call() else { continue };
            let ctx = || format!("kit {k} ({me}) call {call:?}\n  {}", trace());
            let parts: BTreeSet<&str> = call.participants.iter().map(|u| u.id.as_str()).collect();
            assert_eq!(parts.len(), call.participants.len(), "a participant listed twice: {}", ctx());
            let pend: BTreeSet<&str> = call.pending.iter().map(|p| p.user.id.as_str()).collect();
            assert_eq!(pend.len(), call.pending.len(), "a pending invitee listed twice: {}", ctx());
            assert!(parts.is_disjoint(&pend), "someone is both a participant and pending: {}", ctx());
            assert!(parts.contains(me.as_str()), "the kit's own user is not in its call: {}", ctx());
            assert!(!pend.contains(me.as_str()), "the kit's own user is pending in its call: {}", ctx());
            for p in &call.pending {
                assert!(p.deadline > now, "pending invitation past its deadline {} (now {now}): {}", p.deadline, ctx());
            }
            if !call.joined {
                assert!(call.pending.iter().any(|p| p.inviter == *me), "a waiting caller with no invitation of its own: {}", ctx());
            }
            if let Some(started) = self.calls.get(&call.id) {
                assert_eq!(call.policy, started.policy, "the call's policy is not its initiator's: {}", ctx());
                assert_eq!(call.initiator, started.initiator, "the call's initiator changed: {}", ctx());
            } else {
                panic!("a call nobody started: {}", ctx());
            }
        }
    }

    /// Delivers everything, lets every deadline pass, and checks that the network came to rest.
    fn finish(&mut self) {
        self.trace.push("-- settle, advance 700 s".into());
        self.net.settle();
        self.check();
        for _ in 0..3 {
            tick_all(&mut self.net, 700_000);
            self.net.settle();
            self.check();
        }
        let trace = self.trace.join("\n  ");
        let mut calls: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (k, kit) in self.net.kits.iter().enumerate() {
            assert!(kit.incoming().is_none(), "kit {k} still rings after every deadline\n  {trace}");
            if let Some(call) = kit.call() {
                assert!(call.pending.is_empty(), "kit {k} still has pending invitations: {call:?}\n  {trace}");
                calls.entry(call.id.clone()).or_default().push(k);
            }
        }
        for (id, kits) in &calls {
            let views: Vec<Vec<String>> = kits.iter().map(|k| self.net.participants(*k)).collect();
            for (k, view) in kits.iter().zip(&views) {
                assert!(view.contains(&self.net.kits[*k].me().id), "kit {k} is not in its own call {id}\n  {trace}");
                assert_eq!(view, &views[0], "kits {kits:?} disagree on who is in {id}: {views:?}\n  {trace}");
            }
            // Nobody is in the call but the users of the kits in it.
            let mut present: Vec<String> = kits.iter().map(|k| self.net.kits[*k].me().id.clone()).collect();
            present.sort();
            present.dedup();
            assert_eq!(views[0], present, "call {id} lists users who are not in it (kits {kits:?})\n  {trace}");
        }
    }
}

/// Lets `ms` pass and ticks every kit; messages stay in flight.
fn tick_all(net: &mut Net, ms: u64) {
    net.now += ms;
    for k in 0..net.kits.len() {
        net.act(k, Event::Tick).expect("tick never errs");
    }
}

/// Delivers the `i`-th message in flight (modulo their number), or rather the oldest one in
/// flight on the same link (same sending kit, same receiving kit): messages from different
/// senders overtake each other, those of one sender to one receiver stay in order, as with
/// `BroadcastChannel` and NATS. Returns what it delivered, for traces.
fn deliver_at(net: &mut Net, i: usize) -> String {
    if net.queue.is_empty() {
        return " (nothing in flight)".into();
    }
    let (k, text) = &net.queue[i % net.queue.len()];
    let sid = decode(text).expect("queued messages decode").sid;
    let at = net.queue.iter().position(|(to, t)| to == k && decode(t).is_ok_and(|e| e.sid == sid)).expect("itself at least");
    let (k, text) = net.queue.remove(at).expect("in range");
    let envelope = decode(&text).expect("queued messages decode");
    let note = format!(" -> kit {k}: {} from {} ({}) about {}", body_name(&envelope.body), envelope.from.id, envelope.sid, envelope.call);
    net.act(k, Event::Received(Box::new(envelope))).expect("receiving never errs");
    note
}

fn body_name(body: &Body) -> String {
    match body {
        Body::Invite(inv) => format!("Invite{{in_call: {}, callees: {:?}}}", inv.in_call, inv.callees.iter().map(|u| &u.id).collect::<Vec<_>>()),
        Body::Cancel { callees, timeout, .. } => format!("Cancel{{{callees:?}, timeout: {timeout}}}"),
        Body::Accept { participants, .. } => format!("Accept{:?}", participants.iter().map(|u| &u.id).collect::<Vec<_>>()),
        Body::Present { participants, .. } => format!("Present{:?}", participants.iter().map(|u| &u.id).collect::<Vec<_>>()),
        Body::Decline { busy, .. } => format!("Decline{{busy: {busy}}}"),
        Body::Answered { accepted } => format!("Answered{{accepted: {accepted}}}"),
        Body::Leave {} => "Leave".into(),
        Body::End {} => "End".into(),
        Body::Signal(_) => "Signal".into(),
    }
}

fn run_case(specs: &[KitSpec], steps: &[Step]) {
    let mut sim = Sim::new(specs);
    for step in steps {
        sim.run(step);
    }
    sim.finish();
}

proptest! {
    #![proptest_config(prop_config(1024))]

    /// Any run keeps every invariant after every step, and comes to rest converged.
    #[test]
    fn random_runs_keep_the_invariants_and_converge(
        specs in prop::collection::vec(kit_strategy(), 2..=5),
        steps in prop::collection::vec(step_strategy(), 0..48),
    ) {
        run_case(&specs, &steps);
    }

    /// The same with FIFO delivery only and every kit allowed to invite: longer, busier calls.
    #[test]
    fn fifo_runs_with_open_policy_converge(
        specs in prop::collection::vec(kit_strategy(), 3..=5),
        steps in prop::collection::vec(step_strategy().prop_filter("FIFO", |s| !matches!(s, Step::DeliverAt(_))), 0..48),
    ) {
        let specs: Vec<KitSpec> = specs
            .into_iter()
            .map(|s| KitSpec { can_inviting_in_calling: true, only_initiator_can_invite: false, ..s })
            .collect();
        run_case(&specs, &steps);
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions found by the properties above, minimised.

/// A 1:1 caller cancels while the callee accepts: the messages cross. The caller's call is over,
/// so the callee must not stay alone in it with a participant who is gone.
#[test]
fn accept_crossing_a_cancel_does_not_leave_the_callee_in_a_dead_call() {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob")]);
    net.invite(0, &["bob"], CallType::Voice).unwrap();
    net.settle();
    net.act(0, Event::CancelCalling).unwrap();
    net.act(1, Event::Accept).unwrap();
    net.settle();
    assert!(net.kits[0].call().is_none());
    assert!(net.kits[1].call().is_none(), "bob stays in a call alice cancelled: {:?}", net.kits[1].call());
}

/// The same when the caller's invitation times out as the callee accepts.
#[test]
fn accept_crossing_a_timeout_does_not_leave_the_callee_in_a_dead_call() {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob")]);
    net.invite(0, &["bob"], CallType::Voice).unwrap();
    net.settle();
    net.now += 59_999;
    net.act(1, Event::Accept).unwrap();
    net.now += 1;
    net.act(0, Event::Tick).unwrap();
    net.settle();
    assert!(net.kits[0].call().is_none());
    assert!(net.kits[1].call().is_none(), "bob stays in a call that timed out for alice: {:?}", net.kits[1].call());
}

/// The inviter hangs up (or is destroyed) while its invitee accepts: the inviter withdraws the
/// invitation, then leaves. The invitee, who is in the call by then, must not keep the inviter.
#[test]
fn inviter_leaving_as_its_invitee_accepts_is_heard_by_the_invitee() {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob")]);
    net.invite(0, &["bob", "carol"], CallType::Video).unwrap(); // carol has no kit
    net.settle();
    net.act(1, Event::Accept).unwrap();
    net.act(0, Event::HangUp).unwrap();
    net.settle();
    assert!(net.kits[0].call().is_none());
    assert!(!net.participants(1).contains(&"alice".to_string()), "bob still sees alice, who left");
}

/// A group invitation: one callee declines, the other accepts just as the inviter's timer runs
/// out. The invitation is over, so the late accept is void: the callee leaves again when the
/// timeout reaches it, and the inviter, which took the accept meanwhile, must drop it too.
/// (Guards the fix of the two tests above against ending the callee's call silently.)
#[test]
fn late_accept_of_a_timed_out_group_invitation_converges() {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol")]);
    net.invite(0, &["carol", "bob"], CallType::Voice).unwrap();
    net.settle();
    net.act(2, Event::Decline).unwrap();
    net.settle();
    net.now += 59_999;
    net.act(1, Event::Accept).unwrap();
    net.now += 1;
    net.act(0, Event::Tick).unwrap(); // alice's invitation of bob times out as bob's accept flies
    net.settle();
    let (a, b) = (net.kits[0].call().map(|c| c.id.clone()), net.kits[1].call().map(|c| c.id.clone()));
    if a == b {
        assert_eq!(net.participants(0), net.participants(1));
    } else {
        assert_eq!(net.participants(0), crate::support::ids(&["alice"]), "alice keeps bob, who is not in her call");
    }
}

/// The inviter's invitation times out before it even arrives; the callee accepts it, and the
/// inviter (alone in its group call by then) leaves. The callee must not stay with a ghost.
#[test]
fn accepting_an_invitation_that_timed_out_at_an_inviter_who_left_ends_alone() {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob")]);
    net.invite(0, &["bob", "carol"], CallType::Video).unwrap(); // carol has no kit
    net.now += 60_000;
    net.act(0, Event::Tick).unwrap(); // the Cancel{timeout} queues behind the invitation
    net.step(); // bob rings
    net.act(1, Event::Accept).unwrap();
    net.act(0, Event::Destroy).unwrap();
    net.settle();
    assert!(net.kits[1].call().is_none_or(|c| c.participants.len() == 1), "bob stays with alice, who is gone: {:?}", net.kits[1].call());
}

/// A co-callee accepts and leaves while this kit still rings. After this kit accepts, a stale
/// roster (the inviter's answer to an accept that crossed the leave) must not bring the leaver
/// back: the kit heard the leave, it keeps it.
#[test]
fn a_leave_heard_while_ringing_survives_accepting() {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol")]);
    net.invite(2, &["bob", "alice"], CallType::Video).unwrap();
    net.step(); // alice rings
    net.act(0, Event::Accept).unwrap();
    net.step(); // bob rings
    net.act(0, Event::HangUp).unwrap();
    // bob hears alice's accept and her leave while ringing; carol hears the accept only.
    for _ in 0..3 {
        net.step();
    }
    net.act(1, Event::Accept).unwrap();
    // bob's accept overtakes alice's leave at carol, who answers with a roster holding alice.
    let at = net.queue.iter().position(|(k, t)| *k == 2 && t.contains("\"accept\"") && t.contains("\"sid\":\"sid1\"")).expect("bob's accept to carol");
    let msg = net.queue.remove(at).unwrap();
    net.queue.push_front(msg);
    net.settle();
    assert_eq!(net.participants(1), net.participants(2), "bob and carol disagree");
    assert_eq!(net.participants(1), crate::support::ids(&["bob", "carol"]));
}

/// A kit that left a call is told a late accept or roster about it: it says again that it left,
/// so the sender does not keep it. Here bob's second tab accepts after his first tab accepted and
/// hung up, and alice's 1:1 call ended with that hang-up.
#[test]
fn a_late_accept_to_a_kit_that_left_gets_a_leave_back() {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob")]);
    net.one_to_one(0);
    let tab = net.add_kit("bob", "Bob");
    net.invite(0, &["bob"], CallType::Video).unwrap();
    net.settle();
    assert!(net.ringing(1) && net.ringing(tab));
    net.act(1, Event::Accept).unwrap();
    net.act(1, Event::HangUp).unwrap();
    net.act(tab, Event::Accept).unwrap(); // before the first tab's Answered arrives
    net.settle();
    assert!(net.kits[0].call().is_none());
    assert!(net.kits[tab].call().is_none(), "bob's second tab stays in a call alice ended: {:?}", net.kits[tab].call());
}

/// The same in a group call: carol left before bob's accept reached her; bob must drop her.
#[test]
fn a_late_roster_to_a_kit_that_left_gets_a_leave_back() {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol")]);
    net.invite(0, &["carol"], CallType::Video).unwrap();
    net.settle();
    net.act(2, Event::Accept).unwrap();
    net.settle();
    net.invite(0, &["bob"], CallType::Video).unwrap(); // bob's invitation lists carol
    net.step(); // bob rings; carol's copy stays in flight
    net.act(2, Event::HangUp).unwrap();
    net.act(1, Event::Accept).unwrap();
    net.settle();
    assert_eq!(net.participants(0), crate::support::ids(&["alice", "bob"]));
    assert_eq!(net.participants(1), crate::support::ids(&["alice", "bob"]), "bob keeps carol, who left");
}

/// A kit that left a call and rings again for it (re-invited) is still not in it: a roster that
/// counts it in gets a leave back. Here alice left before bob's invitation of carol (which lists
/// alice) reached anyone, so alice's leave never reached carol.
#[test]
fn a_roster_to_a_kit_ringing_again_for_a_call_it_left_gets_a_leave_back() {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol")]);
    net.invite(0, &["bob"], CallType::Video).unwrap();
    net.settle();
    net.act(1, Event::Accept).unwrap();
    net.settle();
    net.act(0, Event::HangUp).unwrap();
    net.invite(1, &["carol"], CallType::Video).unwrap(); // lists alice, who is leaving
    net.settle();
    net.invite(1, &["alice"], CallType::Video).unwrap(); // alice rings again
    net.settle();
    assert!(net.ringing(0) && net.ringing(2));
    net.act(2, Event::Accept).unwrap();
    net.settle();
    assert_eq!(net.participants(1), crate::support::ids(&["bob", "carol"]));
    assert_eq!(net.participants(2), crate::support::ids(&["bob", "carol"]), "carol keeps alice, who left");
}

/// When a transport hands a tab the word that another tab of its user answered an invitation
/// before the invitation itself, the invitation must not ring there: the user is in the call.
#[test]
fn an_invitation_answered_in_another_tab_does_not_ring_when_it_arrives_late() {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob")]);
    let tab = net.add_kit("bob", "Bob");
    net.invite(0, &["bob"], CallType::Video).unwrap();
    let invite_to_tab = net.queue.iter().position(|(k, _)| *k == tab).unwrap();
    let late = net.queue.remove(invite_to_tab).unwrap();
    net.step(); // bob's first tab rings
    net.act(1, Event::Accept).unwrap();
    net.settle(); // the Answered reaches the second tab first
    net.queue.push_back(late);
    net.settle();
    assert!(!net.ringing(tab), "bob's second tab rings for a call bob is in");
}

// ---------------------------------------------------------------------------------------------
// Known limitation (the runs above do not generate it; see the notes in `Sim::run`).

/// Two tabs of one user accept the same invitation before either hears of the other. The protocol
/// names participants by userID, so the call holds the user once: when one tab hangs up, the
/// caller's 1:1 call ends, and the other tab keeps a call with nobody in it.
#[test]
#[ignore = "known limitation: two tabs of one user in one call"]
fn two_tabs_accepting_at_once_leave_a_ghost() {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob")]);
    let tab = net.add_kit("bob", "Bob");
    net.invite(0, &["bob"], CallType::Video).unwrap();
    net.settle();
    net.act(1, Event::Accept).unwrap();
    net.act(tab, Event::Accept).unwrap();
    net.settle();
    net.act(1, Event::HangUp).unwrap();
    net.settle();
    assert!(net.kits[0].call().is_none());
    assert!(net.kits[tab].call().is_none(), "bob's other tab still sees alice: {:?}", net.kits[tab].call());
}

// ---------------------------------------------------------------------------------------------
// Former limitations, resolved by the accept acknowledgement (docs/reliability.md): a kit that
// accepts sends its accept again to each participant until it answers, and after 7 tries
// (16 s) counts the silent ones as gone.

/// A kit is destroyed while an invitation that lists it is on its way to a new callee. Its
/// goodbye goes to those it knew of; the new callee, which it never heard of, gets no answer to
/// its accept from it, and drops it once its retries run out.
#[test]
fn a_kit_destroyed_while_someone_joins_is_dropped_by_the_joiner() {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol")]);
    net.invite(0, &["bob"], CallType::Video).unwrap();
    net.settle();
    net.act(1, Event::Accept).unwrap();
    net.settle();
    net.invite(0, &["carol"], CallType::Video).unwrap(); // lists bob
    net.act(1, Event::Destroy).unwrap(); // bob has not heard of carol yet
    net.settle();
    net.act(2, Event::Accept).unwrap();
    net.run_for(20_000);
    assert_eq!(net.participants(0), crate::support::ids(&["alice", "carol"]));
    assert_eq!(net.participants(2), crate::support::ids(&["alice", "carol"]), "carol keeps bob, who is gone");
}


/// A busy answer to an earlier invitation arrives after the inviter invited the same user again,
/// and takes the new invitation away (answers do not say which invitation they answer). The
/// inviter tells the callee its invitation is over, so it stops ringing; were that lost, and the
/// inviter destroyed, nobody would answer the callee's accept: it leaves the call, alone in it,
/// when its retries run out.
#[test]
fn a_kit_destroyed_while_a_stale_answer_hid_its_invitee_is_left_by_it() {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob")]);
    net.invite(1, &["carol"], CallType::Video).unwrap(); // bob is busy calling carol (no kit)
    net.invite(0, &["bob", "carol"], CallType::Video).unwrap(); // alice: a group call
    net.step(); // bob answers busy
    let busy = net.queue.pop_front().unwrap(); // ... and his answer is slow to reach alice
    net.now += 60_000;
    net.act(0, Event::Tick).unwrap(); // alice's invitations time out
    net.act(1, Event::Tick).unwrap(); // bob's call to carol times out: bob is free
    net.settle();
    net.invite(0, &["bob"], CallType::Video).unwrap(); // alice invites bob again
    net.settle();
    assert!(net.ringing(1));
    net.queue.push_back(busy);
    net.step(); // the old busy answer takes alice's new invitation of bob away
    assert!(net.kits[0].call().unwrap().pending.is_empty());
    let (to, told) = net.queue.pop_front().expect("alice tells bob his invitation is over");
    assert_eq!(to, 1);
    assert!(matches!(callkit_invite::core::protocol::decode(&told).unwrap().body, Body::Cancel { .. }));
    // That word is lost, and alice is destroyed: bob still rings, and accepts.
    net.act(0, Event::Destroy).unwrap();
    net.settle();
    net.act(1, Event::Accept).unwrap();
    net.run_for(20_000);
    assert!(net.kits[1].call().is_none_or(|c| c.participants.len() == 1), "bob keeps alice, who is gone: {:?}", net.kits[1].call());
}

/// Found by `random_runs_keep_the_invariants_and_converge` (it fails there now and then). A
/// group invitation times out at the inviter while the invitee's accept is on the way, and the
/// inviter invites the same user again in the call. The old accept arrives and answers the new
/// invitation (an accept does not say which invitation it answers); the invitee, told of the
/// timeout, leaves, then accepts the new invitation, and is counted in by a roster the inviter
/// sent before it heard the leave. The inviter then hears the leave: the invitee believes it is
/// in the call, the inviter does not. The fix is for accepts to name the invitation they answer
/// (a protocol change).
#[test]
fn a_stale_accept_crossing_a_timeout_and_a_new_invitation_converges() {
    let spec = |can: bool| KitSpec {
        tab_of: None,
        can_inviting_in_calling: can,
        only_initiator_can_invite: false,
        end_call_when_initiator_leave: false,
        custom_waiting_page: false,
        room_list: None,
        next_list: None,
    };
    let steps = vec![
        Step::Send { k: 110, callees: vec![104, 91], bad: 0, video: false, timeout: 60 },
        Step::Advance(11_320),
        Step::Deliver,
        Step::Accept(7),
        Step::Advance(48_680),
        Step::Send { k: 30, callees: vec![30], bad: 0, video: false, timeout: 60 },
        Step::Deliver,
        Step::Deliver,
        Step::Deliver,
        Step::Deliver,
        Step::Deliver,
        Step::Accept(47),
    ];
    run_case(&[spec(true), spec(false)], &steps);
}
