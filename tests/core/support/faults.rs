//! A fault-injecting transport for native tests: it loses, duplicates, delays and reorders the
//! messages of a [`Net`] at given rates, deterministically from a seed, and runs the kits' timers
//! as a host would (each kit ticks when its armed deadline comes).

use super::Net;
use callkit_invite::core::protocol::decode;
use callkit_invite::core::*;
use std::collections::BTreeSet;

/// SplitMix64: small, fast, and the same sequence on every machine for a seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64) < p * ((1u64 << 53) as f64)
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// What the transport does to each message.
#[derive(Debug, Clone, Copy)]
pub struct Faults {
    /// Probability that a copy is lost.
    pub loss: f64,
    /// Probability that a message is delivered twice (each copy may still be lost).
    pub duplication: f64,
    /// Every copy is delayed by a latency drawn from this range (ms): messages sent close
    /// together arrive in any order, on one link or across links.
    pub latency_ms: (u64, u64),
    /// Probability that a copy is held back much longer ...
    pub straggle: f64,
    /// ... by up to this many ms more, so that many later messages overtake it.
    pub straggle_ms: u64,
}

impl Faults {
    /// The bar: 10% loss, 10% duplication, random reordering and delays.
    pub const HARSH: Faults = Faults { loss: 0.10, duplication: 0.10, latency_ms: (0, 400), straggle: 0.10, straggle_ms: 3_000 };
}

/// What the transport did, summed over a run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    /// Messages the kits sent, per recipient.
    pub sent: u64,
    /// Copies handed to a kit.
    pub delivered: u64,
    /// Copies lost.
    pub lost: u64,
    /// Messages sent twice.
    pub duplicated: u64,
    /// Copies delivered to a kit that had already had that message (the kit must ignore them).
    pub redelivered: u64,
    /// Copies held back long enough for later ones to overtake them.
    pub straggled: u64,
    /// Copies delivered after a copy sent later to the same kit.
    pub overtaken: u64,
}

impl Stats {
    pub fn add(&mut self, other: &Stats) {
        self.sent += other.sent;
        self.delivered += other.delivered;
        self.lost += other.lost;
        self.duplicated += other.duplicated;
        self.redelivered += other.redelivered;
        self.straggled += other.straggled;
        self.overtaken += other.overtaken;
    }
}

/// A copy of a message on its way to kit `to`.
#[derive(Debug, Clone)]
struct Flight {
    at: u64,
    /// The order it was sent in, to tell overtaking apart and to break ties.
    order: u64,
    to: usize,
    text: String,
}

/// A [`Net`] whose messages go through a faulty transport instead of its FIFO queue.
pub struct FaultyNet {
    pub net: Net,
    pub faults: Faults,
    pub rng: Rng,
    flights: Vec<Flight>,
    order: u64,
    /// The highest send order delivered to each kit so far.
    latest: Vec<u64>,
    /// (kit, sender, message ID) of every copy delivered.
    delivered: BTreeSet<(usize, String, String)>,
    pub stats: Stats,
    /// The messages lost on their way to each kit (recipient, message).
    pub lost: Vec<(usize, Envelope)>,
    /// When set, what happened, line by line (for failure messages).
    pub trace: Option<Vec<String>>,
}

impl FaultyNet {
    pub fn new(users: &[(&str, &str)], faults: Faults, seed: u64) -> FaultyNet {
        FaultyNet::wrap(Net::new(users), faults, seed)
    }

    pub fn wrap(net: Net, faults: Faults, seed: u64) -> FaultyNet {
        let latest = vec![0; net.kits.len()];
        let mut faulty = FaultyNet { net, faults, rng: Rng::new(seed), flights: Vec::new(), order: 0, latest, delivered: BTreeSet::new(), stats: Stats::default(), lost: Vec::new(), trace: None };
        faulty.take_sent();
        faulty
    }

    pub fn now(&self) -> u64 {
        self.net.now
    }

    pub fn kit(&self, k: usize) -> &Kit {
        &self.net.kits[k]
    }

    fn note(&mut self, line: impl FnOnce() -> String) {
        if let Some(trace) = &mut self.trace {
            trace.push(format!("t={} {}", self.net.now, line()));
        }
    }

    /// Feeds an event to kit `k`; what it sends goes on the faulty transport.
    pub fn act(&mut self, k: usize, event: Event) -> Result<Vec<Effect>, Error> {
        if !matches!(event, Event::Received(_) | Event::Tick) {
            self.note(|| format!("kit {k}: {event:?}"));
        }
        let result = self.net.act(k, event);
        self.take_sent();
        result
    }

    /// Moves what the kits sent from the net's FIFO queue onto the faulty transport.
    fn take_sent(&mut self) {
        while let Some((to, text)) = self.net.queue.pop_front() {
            self.stats.sent += 1;
            let copies = if self.rng.chance(self.faults.duplication) {
                self.stats.duplicated += 1;
                2
            } else {
                1
            };
            self.order += 1;
            for _ in 0..copies {
                if self.rng.chance(self.faults.loss) {
                    self.stats.lost += 1;
                    self.note(|| format!("LOST to kit {to}: {text}"));
                    self.lost.push((to, decode(&text).expect("kits send what decodes")));
                    continue;
                }
                let (lo, hi) = self.faults.latency_ms;
                let mut at = self.net.now + self.rng.range(lo, hi);
                if self.rng.chance(self.faults.straggle) {
                    self.stats.straggled += 1;
                    at += self.rng.range(1, self.faults.straggle_ms.max(1));
                }
                self.flights.push(Flight { at, order: self.order, to, text: text.clone() });
            }
        }
    }

    /// Whether anything is in flight.
    pub fn in_flight(&self) -> usize {
        self.flights.len()
    }

    /// Delivers the earliest copy due by now; false when none is.
    fn deliver_one(&mut self) -> bool {
        let now = self.net.now;
        let Some(i) = (0..self.flights.len()).filter(|&i| self.flights[i].at <= now).min_by_key(|&i| (self.flights[i].at, self.flights[i].order)) else {
            return false;
        };
        let flight = self.flights.swap_remove(i);
        let envelope = decode(&flight.text).expect("in-flight messages decode");
        self.stats.delivered += 1;
        if !self.delivered.insert((flight.to, envelope.from.id.clone(), envelope.id.clone())) {
            self.stats.redelivered += 1;
        }
        if flight.order < self.latest[flight.to] {
            self.stats.overtaken += 1;
        }
        self.latest[flight.to] = self.latest[flight.to].max(flight.order);
        self.note(|| format!("to kit {}: {}", flight.to, flight.text));
        self.act(flight.to, Event::Received(Box::new(envelope))).expect("receiving never errs");
        true
    }

    /// The earliest time something happens: a copy lands or a kit's timer fires.
    fn next_event(&self) -> Option<u64> {
        let flight = self.flights.iter().map(|f| f.at).min();
        let timer = self.net.kits.iter().filter_map(|k| k.next_deadline()).min();
        [flight, timer].into_iter().flatten().min()
    }

    /// Lets time run to `end`: copies land and timers fire when they are due, in time order.
    pub fn run_until(&mut self, end: u64) {
        let mut budget = 1_000_000;
        while let Some(at) = self.next_event().filter(|at| *at <= end) {
            budget -= 1;
            assert!(budget > 0, "events kept coming: the protocol does not settle");
            self.net.now = self.net.now.max(at);
            while self.deliver_one() {}
            for k in 0..self.net.kits.len() {
                if self.net.kits[k].next_deadline().is_some_and(|d| d <= self.net.now) {
                    self.act(k, Event::Tick).expect("ticks never err");
                }
            }
        }
        self.net.now = self.net.now.max(end);
    }

    /// Delivers every copy still in flight, firing no timer: at rest, what is on its way is
    /// heartbeats and their answers, which must leave the kits as they are.
    pub fn drain(&mut self) {
        let mut budget = 100_000;
        while let Some(at) = self.flights.iter().map(|f| f.at).min() {
            budget -= 1;
            assert!(budget > 0, "answers kept coming: the protocol does not settle");
            self.net.now = self.net.now.max(at);
            while self.deliver_one() {}
        }
    }

    /// Lets `ms` pass.
    pub fn run_for(&mut self, ms: u64) {
        let end = self.net.now + ms;
        self.run_until(end);
    }

    /// Whether a `Leave` from a kit of `user`, or the initiator's `End`, on its way to kit `k`
    /// about `call` was lost: the one loss the protocol cannot always make up for (no presence or
    /// heartbeat, see docs/reliability.md).
    pub fn lost_goodbye(&self, k: usize, user: &str, call: &str) -> bool {
        self.lost.iter().any(|(to, e)| *to == k && e.call == call && (matches!(e.body, Body::End {}) || (e.from.id == user && matches!(e.body, Body::Leave {}))))
    }
}
