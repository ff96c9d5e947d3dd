//! Events per second through the core state machine, for calls of 2, 10 and 50 participants
//! (50 is the largest call a kit takes part in): how the cost of one event grows with the size
//! of the call.
//!
//!     cargo run --release --example core_throughput [-- [--json PATH] [--quick]]
//!
//! One kit is put in a call of N participants through the core API (`JoinRoom` with
//! `maxUsers: 50`, an invitation accepted by one user, then that member's `Present` roster),
//! then fed rounds of a realistic mix of events: rosters (`Present`, one that lacks this kit's
//! user, so it answers), an in-call invite and its decline, a participant leaving and coming
//! back (invited again, it accepts), `Tick`, and the sidebar (`OpenSidebar`, `ToggleRow` twice,
//! `CloseSidebar`). Each round leaves the kit as it found it.
//!
//! Two paths are timed: `Kit::handle` alone (the events are built before the clock starts), and
//! what the web runtime does per message: `decode` the JSON text, `handle`, `encode` every
//! message the kit sends. Each measurement repeats batches of rounds until at least 0.5 s was
//! timed; the figure is the median of 5 such runs. A per-kind breakdown times single events.
use callkit_invite::core::protocol::{decode, encode, VERSION};
use callkit_invite::core::*;
use std::time::{Duration, Instant};

const SIZES: [usize; 3] = [2, 10, 50];
const RUNS: usize = 5;
const APP: &str = "bench";
const ROOM: &str = "room-bench";

/// What one round feeds the kit, in order.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Step {
    /// A participant's full roster: nothing new.
    Roster,
    /// A roster without this kit's user: the kit answers with its own.
    RosterLacking,
    /// `sendCallInvitation` of a user outside the call.
    Invite,
    /// That user declines.
    Decline,
    /// Time passes.
    Tick,
    OpenSidebar,
    ToggleRow,
    CloseSidebar,
    /// A participant leaves...
    Leave,
    /// ...is invited again...
    Reinvite,
    /// ...and accepts.
    Rejoin,
}

const ROUND: [Step; 12] = [
    Step::Roster,
    Step::RosterLacking,
    Step::Invite,
    Step::Decline,
    Step::Tick,
    Step::OpenSidebar,
    Step::ToggleRow,
    Step::ToggleRow,
    Step::CloseSidebar,
    Step::Leave,
    Step::Reinvite,
    Step::Rejoin,
];

/// An input as the runtime gets it: a message's JSON text, or any other event.
enum Input {
    Text(String),
    Event(Event),
}

fn user(i: usize) -> User {
    User::new(format!("u{i:04}"), format!("User {i}"))
}

/// The invitable users of the sidebar (outside the call).
fn waiting_user(i: usize) -> User {
    User::new(format!("w{i}"), format!("Waiting {i}"))
}

struct Bench {
    n: usize,
    kit: Kit,
    now: u64,
    seq: u64,
    roster: Vec<User>,
    /// The participant whose messages the next round carries (cycles through them).
    turn: usize,
}

impl Bench {
    /// A kit (user 0) in a call with users 0..n, and nine invitable users in its list.
    fn new(n: usize) -> Bench {
        let roster: Vec<User> = (0..n).map(user).collect();
        let mut b = Bench { n, kit: Kit::new(APP, user(0), "sid-bench"), now: 1_000_000, seq: 0, roster, turn: 0 };
        b.feed(Event::Configure(ConfigPatch { can_inviting_in_calling: Some(true), ..Default::default() }));
        let list = ListConfig { users: (1..=9).map(waiting_user).collect(), default_checked: true };
        let room = RoomConfig { list: Some(list), max_users: Some(50), ..RoomConfig::default() };
        b.feed(Event::JoinRoom { room_id: ROOM.to_owned(), room, media_key: String::new() });
        // One user accepts an invitation; as a member, its roster brings in the others.
        b.feed(Event::Send(SendRequest::new(vec![user(1)], CallType::Video)));
        let accept = b.envelope(user(1), Body::Accept { participants: b.roster[..2].to_vec(), terms: terms(), devices: callkit_invite::core::Devices::default(), data: String::new(), re: String::new() });
        b.feed(Event::Received(Box::new(accept)));
        let all = b.roster.clone();
        let present = b.envelope(user(1), Body::Present { participants: all, terms: terms(), devices: callkit_invite::core::Devices::default() });
        b.feed(Event::Received(Box::new(present)));
        let joined = b.kit.call().map_or(0, |c| c.participants.len());
        assert_eq!(joined, n, "the kit must be in a call of {n}");
        b
    }

    fn feed(&mut self, event: Event) -> Vec<Effect> {
        self.now += 1;
        self.kit.handle(event, self.now).expect("the bench feeds valid events")
    }

    fn envelope(&mut self, from: User, body: Body) -> Envelope {
        self.seq += 1;
        Envelope {
            v: VERSION,
            id: format!("bench-{}", self.seq),
            app: APP.to_owned(),
            sid: format!("sid-{}", from.id),
            to: vec![self.kit.me().id.clone()],
            from,
            call: ROOM.to_owned(),
            body,
        }
    }

    /// A message from `from`, as the JSON text the transport delivers.
    fn text(&mut self, from: &User, body: Body) -> Input {
        Input::Text(encode(&self.envelope(from.clone(), body)))
    }

    /// The inputs of the next round.
    fn round(&mut self) -> Vec<(Step, Input)> {
        self.turn = self.turn % (self.n - 1) + 1;
        let peer = user(self.turn);
        let invitee = waiting_user(1);
        let full = self.roster.clone();
        let lacking: Vec<User> = self.roster[1..].to_vec();
        ROUND
            .iter()
            .map(|&step| {
                let input = match step {
                    Step::Roster => self.text(&peer, Body::Present { participants: full.clone(), terms: terms(), devices: callkit_invite::core::Devices::default() }),
                    Step::Rejoin => self.text(&peer, Body::Accept { participants: full.clone(), terms: terms(), devices: callkit_invite::core::Devices::default(), data: String::new(), re: String::new() }),
                    Step::RosterLacking => self.text(&peer, Body::Present { participants: lacking.clone(), terms: terms(), devices: callkit_invite::core::Devices::default() }),
                    Step::Reinvite => Input::Event(Event::Send(SendRequest::new(vec![peer.clone()], CallType::Video))),
                    Step::Invite => Input::Event(Event::Send(SendRequest::new(vec![invitee.clone()], CallType::Video))),
                    Step::Decline => self.text(&invitee, Body::Decline { busy: false, data: String::new() }),
                    Step::Tick => Input::Event(Event::Tick),
                    Step::OpenSidebar => Input::Event(Event::OpenSidebar),
                    Step::ToggleRow => Input::Event(Event::ToggleRow(waiting_user(2).id)),
                    Step::CloseSidebar => Input::Event(Event::CloseSidebar),
                    Step::Leave => self.text(&peer, Body::Leave {}),
                };
                (step, input)
            })
            .collect()
    }

    /// Times `rounds` rounds: `codec` includes decoding received texts and encoding sent
    /// messages, else only `Kit::handle` runs on the clock.
    fn time_batch(&mut self, rounds: usize, codec: bool) -> Duration {
        let inputs: Vec<(Step, Input)> = (0..rounds).flat_map(|_| self.round()).collect();
        if codec {
            let start = Instant::now();
            for (_, input) in &inputs {
                let event = match input {
                    Input::Text(text) => Event::Received(Box::new(decode(text).expect("valid message"))),
                    Input::Event(event) => event.clone(),
                };
                self.now += 1;
                for effect in self.kit.handle(event, self.now).expect("valid event") {
                    if let Effect::Send(envelope) = &effect {
                        std::hint::black_box(encode(envelope));
                    }
                }
            }
            start.elapsed()
        } else {
            let events: Vec<Event> = inputs.into_iter().map(|(_, input)| to_event(input)).collect();
            let start = Instant::now();
            for event in events {
                self.now += 1;
                std::hint::black_box(self.kit.handle(event, self.now).expect("valid event"));
            }
            start.elapsed()
        }
    }

    /// Nanoseconds per event: batches until at least `min` was timed.
    fn ns_per_event(&mut self, codec: bool, min: Duration) -> f64 {
        // Size batches to about 50 ms, so building inputs stays off the clock and cheap.
        let one = self.time_batch(1, codec).max(Duration::from_nanos(1));
        let rounds = ((Duration::from_millis(50).as_nanos() / one.as_nanos()) as usize).clamp(1, 20_000);
        let (mut timed, mut events) = (Duration::ZERO, 0usize);
        while timed < min {
            timed += self.time_batch(rounds, codec);
            events += rounds * ROUND.len();
        }
        timed.as_nanos() as f64 / events as f64
    }

    /// Median ns of each kind of step, timed one event at a time (`Kit::handle` only).
    fn breakdown(&mut self, rounds: usize) -> Vec<(Step, f64)> {
        let mut samples: Vec<(Step, Vec<f64>)> = Vec::new();
        for _ in 0..rounds {
            for (step, input) in self.round() {
                let event = to_event(input);
                self.now += 1;
                let start = Instant::now();
                let effects = self.kit.handle(event, self.now).expect("valid event");
                let ns = start.elapsed().as_nanos() as f64;
                drop(effects);
                match samples.iter_mut().find(|(s, _)| *s == step) {
                    Some((_, v)) => v.push(ns),
                    None => samples.push((step, vec![ns])),
                }
            }
        }
        samples.into_iter().map(|(step, v)| (step, median(v))).collect()
    }
}

/// The call's terms as its initiator, user 0, set them.
fn terms() -> Terms {
    Terms { initiator: user(0).id, policy: Policy { can_invite_in_calling: true, max_users: 50, ..Policy::default() }, media_key: String::new() }
}

fn to_event(input: Input) -> Event {
    match input {
        Input::Text(text) => Event::Received(Box::new(decode(&text).expect("valid message"))),
        Input::Event(event) => event,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

struct Row {
    n: usize,
    handle: f64,
    codec: f64,
    kinds: Vec<(Step, f64)>,
}

fn main() {
    let mut json_path = None;
    let mut min = Duration::from_millis(500);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json_path = args.next(),
            // For a smoke run only: the figures need the full 0.5 s.
            "--quick" => min = Duration::from_millis(20),
            other => {
                eprintln!("core_throughput: unknown argument {other:?} (known: --json PATH, --quick)");
                std::process::exit(2);
            }
        }
    }
    if cfg!(debug_assertions) {
        eprintln!("core_throughput: warning: a debug build; run it with --release");
    }
    let started = Instant::now();
    let mut rows = Vec::new();
    for n in SIZES {
        let mut bench = Bench::new(n);
        bench.time_batch(8, true); // warm-up
        let handle = median((0..RUNS).map(|_| bench.ns_per_event(false, min)).collect());
        let codec = median((0..RUNS).map(|_| bench.ns_per_event(true, min)).collect());
        let kinds = bench.breakdown(200);
        eprintln!("core_throughput: N={n}: {handle:.0} ns/event (handle), {codec:.0} ns/event (with codec)");
        rows.push(Row { n, handle, codec, kinds });
    }
    print_table(&rows);
    println!("({} runs per figure, each ≥ {} ms timed; took {:.1} s)", RUNS, min.as_millis(), started.elapsed().as_secs_f64());
    if let Some(path) = json_path {
        if let Err(err) = std::fs::write(&path, to_json(&rows, min)) {
            eprintln!("core_throughput: cannot write {path}: {err}");
            std::process::exit(1);
        }
    }
}

fn print_table(rows: &[Row]) {
    println!("{:>6} | {:>12} | {:>12} | {:>16} | {:>12} | {:>8}", "N", "handle ns/ev", "events/s", "+codec ns/ev", "events/s", "x N=2");
    for r in rows {
        println!(
            "{:>6} | {:>12.0} | {:>12.0} | {:>16.0} | {:>12.0} | {:>8.1}",
            r.n,
            r.handle,
            1e9 / r.handle,
            r.codec,
            1e9 / r.codec,
            r.handle / rows[0].handle
        );
    }
    println!("median ns of one event, by kind (handle only):");
    let kinds: Vec<Step> = rows[0].kinds.iter().map(|(s, _)| *s).collect();
    print!("{:>6}", "N");
    for k in &kinds {
        print!(" | {:>13}", format!("{k:?}"));
    }
    println!();
    for r in rows {
        print!("{:>6}", r.n);
        for (_, ns) in &r.kinds {
            print!(" | {ns:>13.0}");
        }
        println!();
    }
}

fn to_json(rows: &[Row], min: Duration) -> String {
    let items: Vec<String> = rows
        .iter()
        .map(|r| {
            let kinds: Vec<String> = r.kinds.iter().map(|(s, ns)| format!("\"{s:?}\":{ns:.0}")).collect();
            format!("{{\"n\":{},\"handleNs\":{:.1},\"codecNs\":{:.1},\"kinds\":{{{}}}}}", r.n, r.handle, r.codec, kinds.join(","))
        })
        .collect();
    let mix: Vec<String> = ROUND.iter().map(|s| format!("\"{s:?}\"")).collect();
    format!(
        "{{\"runs\":{RUNS},\"minTimedMs\":{},\"round\":[{}],\"rows\":[{}]}}\n",
        min.as_millis(),
        mix.join(","),
        items.join(",")
    )
}
