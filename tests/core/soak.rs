//! Soak: three kits run 500 invite/accept/leave cycles over the faulty transport (10% loss, 10%
//! duplication, reordering). No call errs, every cycle ends with every kit free, and the kits'
//! bounded memories (newest message numbers seen, calls left, tombstones, accepts awaiting an
//! answer) stay within their bounds however long it runs. `SOAK_CYCLES` scales it.

use callkit_invite::core::*;
use crate::support::faults::{FaultyNet, Faults};

/// The most entries `Kit::memory_footprint` may reach: 256 (user, sender kit, call) message
/// numbers, 8 calls left, 8 calls answered in another tab, and a call's few users.
const BOUND: usize = 256 + 8 + 8 + 3 * 3;

#[derive(Debug, Default)]
struct Tally {
    cycles: u64,
    /// Cycles where all three were in the call together at some point.
    full: u64,
    /// Invitations that rang / timed out / were accepted.
    rang: u64,
    accepted: u64,
    rejoined: u64,
    dropped: std::collections::BTreeMap<String, u64>,
    peak: usize,
}

#[test]
fn five_hundred_cycles_over_a_faulty_network_leave_no_trace() {
    let cycles: u64 = std::env::var("SOAK_CYCLES").ok().and_then(|v| v.parse().ok()).unwrap_or(500);
    let mut f = FaultyNet::new(&[("ann", "Ann"), ("ben", "Ben"), ("cat", "Cat")], Faults::HARSH, 0x50A4);
    let mut tally = Tally::default();
    let ids = ["ann", "ben", "cat"];
    for cycle in 0..cycles {
        let host = (cycle % 3) as usize;
        let guests: Vec<usize> = (0..3).filter(|k| *k != host).collect();
        // The host starts a group call with the two others (it joins at once).
        let callees = guests.iter().map(|k| f.net.user(ids[*k])).collect();
        let request = SendRequest { callees, call_type: CallType::Video, timeout_secs: 10, data: String::new(), room_id: None, media_key: String::new() };
        f.act(host, Event::Send(request)).unwrap_or_else(|e| panic!("cycle {cycle}: host cannot invite: {e:?}"));
        f.run_for(1_000);
        for &g in &guests {
            if f.kit(g).incoming().is_some() {
                tally.rang += 1;
                f.act(g, Event::Accept).unwrap();
                tally.accepted += 1;
            }
        }
        f.run_for(3_000);
        if (0..3).all(|k| f.kit(k).call().is_some_and(|c| c.participants.len() == 3)) {
            tally.full += 1;
        }
        // One guest leaves, the host invites it back, it accepts again.
        let g = guests[(cycle / 3 % 2) as usize];
        if f.kit(g).call().is_some() {
            f.act(g, Event::HangUp).unwrap();
            f.run_for(1_000);
            if f.kit(host).call().is_some_and(|c| c.is_available(ids[g])) {
                let request = SendRequest { callees: vec![f.net.user(ids[g])], call_type: CallType::Video, timeout_secs: 10, data: String::new(), room_id: None, media_key: String::new() };
                f.act(host, Event::Send(request)).unwrap();
                f.run_for(1_000);
                if f.kit(g).incoming().is_some() {
                    f.act(g, Event::Accept).unwrap();
                    tally.rejoined += 1;
                }
                f.run_for(2_000);
            }
        }
        // Everyone hangs up, in turn; then every deadline and retry passes.
        for k in [g, host, 3 - g - host] {
            if f.kit(k).call().is_some() {
                f.act(k, Event::HangUp).unwrap();
            }
            f.run_for(300);
        }
        f.run_for(30_000);
        for k in 0..3 {
            let kit = f.kit(k);
            assert!(kit.call().is_none() && kit.incoming().is_none(), "cycle {cycle}: kit {k} is not free: {:?} {:?}", kit.call(), kit.incoming());
            assert_eq!(kit.next_deadline(), None, "cycle {cycle}: kit {k} has a timer armed");
            let size = kit.memory_footprint();
            assert!(size <= BOUND, "cycle {cycle}: kit {k} holds {size} entries");
            tally.peak = tally.peak.max(size);
        }
        assert_eq!(f.in_flight(), 0, "cycle {cycle}: messages still in flight");
        tally.cycles += 1;
    }
    for k in 0..3 {
        for reject in f.net.dropped(k) {
            let kind = format!("{reject:?}");
            let kind = kind.split('(').next().unwrap_or_default().to_owned();
            *tally.dropped.entry(kind).or_default() += 1;
            assert!(matches!(reject, Reject::Forbidden(_)), "kit {k} dropped a message for a reason other than a stale one: {reject:?}");
        }
    }
    let s = f.stats;
    println!(
        "soak: {} cycles, {} with all three in the call, {} rang, {} accepted, {} rejoined; transport: {} sent, {} lost, {} duplicated, {} overtaken; \
         warnings {:?}; peak memory footprint {} entries (bound {BOUND}); simulated {} s",
        tally.cycles, tally.full, tally.rang, tally.accepted, tally.rejoined, s.sent, s.lost, s.duplicated, s.overtaken, tally.dropped, tally.peak, (f.now() - 1_000_000) / 1000
    );
    assert!(tally.full > cycles / 2, "most cycles met in full despite the faults: {tally:?}");
    assert!(tally.peak > 256, "the memory of messages seen filled up and wrapped around: {tally:?}");
}
