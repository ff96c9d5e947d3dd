//! A network of kits for native tests: messages go through the real encoder and decoder. Also
//! what several test modules share: hand-made messages, the property tests' config.

pub mod faults;

use callkit_invite::core::protocol::{decode, encode, VERSION};
use callkit_invite::core::*;
use proptest::test_runner::Config as ProptestConfig;
use std::collections::VecDeque;

/// Kits wired together by an in-memory transport that routes by the `to` list.
pub struct Net {
    pub kits: Vec<Kit>,
    pub now: u64,
    pub queue: VecDeque<(usize, String)>,
    /// Every effect each kit produced, in order.
    pub log: Vec<Vec<Effect>>,
    /// Every message sent, decoded, in order.
    pub sent: Vec<Envelope>,
    /// The room config each kit's `onSetRoomConfigBeforeJoining` returns.
    pub rooms: Vec<RoomConfig>,
}

impl Net {
    /// One kit per `(userID, userName)`, each with `canInvitingInCalling: true`.
    pub fn new(users: &[(&str, &str)]) -> Net {
        let mut net = Net { kits: Vec::new(), now: 1_000_000, queue: VecDeque::new(), log: Vec::new(), sent: Vec::new(), rooms: Vec::new() };
        for (id, name) in users {
            let k = net.add_kit(id, name);
            net.configure(k, ConfigPatch { can_inviting_in_calling: Some(true), ..Default::default() });
        }
        net
    }

    /// Adds a kit (another tab when the user already has one); returns its index.
    pub fn add_kit(&mut self, id: &str, name: &str) -> usize {
        let k = self.kits.len();
        self.kits.push(Kit::new("app1", User::new(id, name), format!("sid{k}")));
        self.log.push(Vec::new());
        self.rooms.push(RoomConfig::default());
        k
    }

    pub fn configure(&mut self, k: usize, patch: ConfigPatch) {
        self.act(k, Event::Configure(patch)).expect("configure");
    }

    /// Turns kit `k`'s `canInvitingInCalling` off: the 1:1 calls it starts end when one side
    /// leaves (with it on, they are group calls, which go on).
    pub fn one_to_one(&mut self, k: usize) {
        self.configure(k, ConfigPatch { can_inviting_in_calling: Some(false), ..Default::default() });
    }

    /// Feeds an event to kit `k` and applies its effects; messages are queued, not delivered.
    pub fn act(&mut self, k: usize, event: Event) -> Result<Vec<Effect>, Error> {
        let effects = self.kits[k].handle(event, self.now)?;
        for effect in &effects {
            self.log[k].push(effect.clone());
            match effect {
                Effect::Send(envelope) => {
                    let text = encode(envelope);
                    let decoded = decode(&text).expect("the kit's own messages decode");
                    assert_eq!(&decoded, envelope, "encode/decode round trip");
                    self.sent.push(decoded);
                    for (i, kit) in self.kits.iter().enumerate() {
                        if i != k && envelope.to.contains(&kit.me().id) {
                            self.queue.push_back((i, text.clone()));
                        }
                    }
                }
                Effect::ConfigureRoom { call_id, .. } => {
                    let room = self.rooms[k].clone();
                    self.act(k, Event::RoomConfigured { call_id: call_id.clone(), room }).expect("room config");
                }
                _ => {}
            }
        }
        Ok(effects)
    }

    /// Hands a message made by the test (see [`crafted`]) to kit `k` through the real encoder
    /// and decoder; returns its effects.
    pub fn deliver(&mut self, k: usize, envelope: &Envelope) -> Vec<Effect> {
        let decoded = decode(&encode(envelope)).expect("a crafted message decodes");
        self.act(k, Event::Received(Box::new(decoded))).expect("receiving never errs")
    }

    /// Sends an invitation from `k` to `callees` (by userID) with the default timeout.
    pub fn invite(&mut self, k: usize, callees: &[&str], call_type: CallType) -> Result<Vec<Effect>, Error> {
        let users = callees.iter().map(|id| self.user(id)).collect();
        self.act(k, Event::Send(SendRequest::new(users, call_type)))
    }

    /// The user with this ID, as its own kit names it.
    pub fn user(&self, id: &str) -> User {
        self.kits.iter().map(|k| k.me().clone()).find(|u| u.id == id).unwrap_or_else(|| User::new(id, format!("U_{id}")))
    }

    /// Delivers one queued message; returns false when none is left.
    pub fn step(&mut self) -> bool {
        let Some((k, text)) = self.queue.pop_front() else { return false };
        let envelope = decode(&text).expect("queued messages decode");
        self.act(k, Event::Received(Box::new(envelope))).expect("receiving never errs");
        true
    }

    /// Delivers until nothing is in flight.
    pub fn settle(&mut self) {
        let mut budget = 10_000;
        while self.step() {
            budget -= 1;
            assert!(budget > 0, "messages kept flowing: the protocol does not settle");
        }
    }

    /// Delivers until nothing is in flight, losing the messages `lose(kit, text)` picks.
    pub fn settle_but(&mut self, mut lose: impl FnMut(usize, &str) -> bool) {
        let mut budget = 10_000;
        while let Some((k, text)) = self.queue.pop_front() {
            budget -= 1;
            assert!(budget > 0, "messages kept flowing: the protocol does not settle");
            if !lose(k, &text) {
                let envelope = decode(&text).expect("queued messages decode");
                self.act(k, Event::Received(Box::new(envelope))).expect("receiving never errs");
            }
        }
    }

    /// Lets `ms` pass, ticks every kit, and settles.
    pub fn advance(&mut self, ms: u64) {
        self.now += ms;
        for k in 0..self.kits.len() {
            self.act(k, Event::Tick).expect("tick");
        }
        self.settle();
    }

    /// Lets `ms` pass as a host's timers would: each kit ticks whenever its armed deadline comes
    /// (not only at the end), and messages settle after each tick.
    pub fn run_for(&mut self, ms: u64) {
        let end = self.now + ms;
        self.settle();
        loop {
            let next = self.kits.iter().filter_map(|k| k.next_deadline()).filter(|d| *d > self.now).min();
            let due = self.kits.iter().any(|k| k.next_deadline().is_some_and(|d| d <= self.now));
            if !due {
                match next {
                    Some(at) if at <= end => self.now = at,
                    _ => break,
                }
            }
            for k in 0..self.kits.len() {
                if self.kits[k].next_deadline().is_some_and(|d| d <= self.now) {
                    self.act(k, Event::Tick).expect("tick");
                }
            }
            self.settle();
        }
        self.now = end;
    }

    pub fn notices(&self, k: usize) -> Vec<Notice> {
        self.log[k].iter().filter_map(|e| if let Effect::Notify(n) = e { Some(n.clone()) } else { None }).collect()
    }

    pub fn toasts(&self, k: usize) -> Vec<Toast> {
        self.log[k].iter().filter_map(|e| if let Effect::Toast(t) = e { Some(t.clone()) } else { None }).collect()
    }

    pub fn dropped(&self, k: usize) -> Vec<Reject> {
        self.log[k].iter().filter_map(|e| if let Effect::Dropped(r) = e { Some(r.clone()) } else { None }).collect()
    }

    /// The participant IDs kit `k` sees, sorted; empty outside a call.
    pub fn participants(&self, k: usize) -> Vec<String> {
        let mut ids: Vec<String> = self.kits[k].call().map(|c| c.participants.iter().map(|u| u.id.clone()).collect()).unwrap_or_default();
        ids.sort();
        ids
    }

    /// The pending invitee IDs kit `k` sees, sorted.
    pub fn pending(&self, k: usize) -> Vec<String> {
        let mut ids: Vec<String> = self.kits[k].call().map(|c| c.pending.iter().map(|p| p.user.id.clone()).collect()).unwrap_or_default();
        ids.sort();
        ids
    }

    pub fn ringing(&self, k: usize) -> bool {
        self.kits[k].incoming().is_some()
    }

    pub fn clear_logs(&mut self) {
        for log in &mut self.log {
            log.clear();
        }
        self.sent.clear();
    }
}

/// `["a", "b"]` as owned strings.
pub fn ids(list: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// A message built by hand, as kit `sid` of `from` would number it (`<sid>-<seq>`), in app
/// "app1": to reach what a well-behaved kit never sends.
pub fn crafted(from: User, sid: &str, seq: u64, to: &[&str], call: &str, body: Body) -> Envelope {
    Envelope {
        v: VERSION,
        id: format!("{sid}-{seq}"),
        app: "app1".into(),
        sid: sid.into(),
        from,
        to: to.iter().map(|s| s.to_string()).collect(),
        call: call.into(),
        body,
    }
}

/// The config of a property test run with `default` cases; `CORE_PROP_CASES` overrides the number
/// (for long bug hunts).
pub fn prop_config(default: u32) -> ProptestConfig {
    let cases = std::env::var("CORE_PROP_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}
