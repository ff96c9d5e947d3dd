#![cfg(not(target_arch = "wasm32"))]
//! The NATS protocol core: the parser reads what a server sends however the socket chunks it,
//! never panics, and skips what is too large; the encoders, subjects and backoff.
use callkit_invite::core::json::{self, Value};
use callkit_invite::core::nats::{
    classify, connect, escape, publish, reconnect_delay, sub, subject, unsub, valid_prefix, valid_url, ErrKind, Info, Msg, Op, Parser,
    MAX_LINE, RECONNECT_MAX_MS, RECONNECT_MIN_MS,
};
use proptest::prelude::*;

/// What nats-server 2.9 sends first (copied from a real one, websocket listener).
const INFO: &str = "INFO {\"server_id\":\"NDJ3Q\",\"server_name\":\"NDJ3Q\",\"version\":\"2.9.10\",\"proto\":1,\"go\":\"go1.19.8\",\"host\":\"127.0.0.1\",\"port\":4222,\"headers\":true,\"auth_required\":true,\"max_payload\":1048576,\"client_id\":5,\"client_ip\":\"127.0.0.1\",\"connect_urls\":[\"10.0.0.1:4222\",\"[fe80::1]:4222\"]} \r\n";

fn parse_all(bytes: &[u8]) -> Vec<Op> {
    Parser::default().push(bytes)
}

/// Feeds `bytes` cut at `cuts` (offsets, any order, duplicates allowed).
fn parse_split(parser: &mut Parser, bytes: &[u8], cuts: &[usize]) -> Vec<Op> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    cuts.sort_unstable();
    let mut ops = Vec::new();
    let mut from = 0;
    for cut in cuts.into_iter().chain([bytes.len()]) {
        ops.extend(parser.push(&bytes[from..cut]));
        from = cut;
    }
    ops
}

fn msg(sid: u64, payload: &[u8]) -> Op {
    Op::Msg(Msg { sid, payload: payload.to_vec() })
}

/// How a server writes `op` (the tests' own encoder, independent of the parser). A MSG gets a
/// subject, and a reply subject when its sid is odd: the parser checks both and keeps neither.
fn server_bytes(op: &Op) -> Vec<u8> {
    match op {
        Op::Info(Info { max_payload: Some(n) }) => format!("INFO {{\"server_id\":\"x\",\"max_payload\":{n}}}\r\n").into_bytes(),
        Op::Info(Info { max_payload: None }) => b"INFO {}\r\n".to_vec(),
        Op::Msg(m) => {
            let mut out = match m.sid % 2 {
                1 => format!("MSG callkit.1.u.s{0} {0} _INBOX.abc.{0} {1}\r\n", m.sid, m.payload.len()),
                _ => format!("MSG callkit.1.u.s{0} {0} {1}\r\n", m.sid, m.payload.len()),
            }
            .into_bytes();
            out.extend_from_slice(&m.payload);
            out.extend_from_slice(b"\r\n");
            out
        }
        Op::Ping => b"PING\r\n".to_vec(),
        Op::Pong => b"PONG\r\n".to_vec(),
        Op::Ok => b"+OK\r\n".to_vec(),
        Op::Err(text) => format!("-ERR '{text}'\r\n").into_bytes(),
        Op::TooLarge { .. } | Op::Broken(_) => unreachable!("not sent by a server"),
    }
}

fn sample_ops() -> Vec<Op> {
    vec![
        Op::Info(Info { max_payload: Some(1_048_576) }),
        Op::Pong,
        msg(2, b"{\"v\":1}"),
        msg(1, b"line one\r\nline two\r\nMSG fake 1 3\r\n"),
        Op::Ping,
        msg(22, b""),
        Op::Ok,
        Op::Err("Permissions Violation for Subscription to \"callkit.1.u.bob\"".into()),
    ]
}

fn sample_stream() -> Vec<u8> {
    sample_ops().iter().flat_map(server_bytes).collect()
}

#[test]
fn reads_a_real_info() {
    assert_eq!(parse_all(INFO.as_bytes()), vec![Op::Info(Info { max_payload: Some(1_048_576) })]);
    assert_eq!(parse_all(b"INFO {\"server_id\":\"x\"}\r\n"), vec![Op::Info(Info { max_payload: None })]);
    assert_eq!(parse_all(b"INFO {not json\r\n"), vec![Op::Broken("bad INFO")]);
}

#[test]
fn reads_ping_pong_ok_and_err() {
    assert_eq!(
        parse_all(b"PING\r\nPONG\r\n+OK\r\n-ERR 'Authorization Violation'\r\n"),
        vec![Op::Ping, Op::Pong, Op::Ok, Op::Err("Authorization Violation".into())]
    );
    // Operation names are case-insensitive; a bare LF ends a line too; blank lines are skipped.
    assert_eq!(parse_all(b"ping\npong\r\n\r\n-err   'x y'  \r\n"), vec![Op::Ping, Op::Pong, Op::Err("x y".into())]);
    assert_eq!(parse_all(b"-ERR Unquoted Text\r\n"), vec![Op::Err("Unquoted Text".into())]);
}

#[test]
fn reads_msg_with_and_without_reply_and_crlf_in_the_payload() {
    let ops = parse_all(b"MSG a.b 7 12\r\nhello\r\nworld\r\nMSG a.b 8 reply.to 3\r\n\r\n\n\r\n");
    assert_eq!(ops, vec![msg(7, b"hello\r\nworld"), msg(8, b"\r\n\n")]);
    // Tabs and repeated spaces separate fields too.
    assert_eq!(parse_all(b"MSG\ta.b  7\t 2\r\nhi\r\n"), vec![msg(7, b"hi")]);
}

#[test]
fn several_operations_in_one_frame() {
    assert_eq!(parse_all(&sample_stream()), sample_ops());
}

#[test]
fn split_at_every_byte_boundary() {
    let stream = sample_stream();
    for cut in 0..=stream.len() {
        let mut parser = Parser::default();
        assert_eq!(parse_split(&mut parser, &stream, &[cut]), sample_ops(), "cut at {cut}");
    }
    for (a, b) in [(3, 40), (17, 18), (100, 101)] {
        assert_eq!(parse_split(&mut Parser::default(), &stream, &[a, b]), sample_ops());
    }
    // One byte at a time.
    let mut parser = Parser::default();
    let ops: Vec<Op> = stream.iter().flat_map(|b| parser.push(std::slice::from_ref(b))).collect();
    assert_eq!(ops, sample_ops());
}

#[test]
fn an_oversized_payload_is_skipped_and_what_follows_is_read() {
    let mut parser = Parser::new(8);
    let mut stream = b"MSG a 1 9\r\n123456789\r\nMSG a 1 8\r\n12345678\r\n".to_vec();
    stream.extend_from_slice(b"MSG a 2 20\r\n");
    let ops = parser.push(&stream);
    assert_eq!(ops, vec![Op::TooLarge { sid: 1, size: 9 }, msg(1, b"12345678"), Op::TooLarge { sid: 2, size: 20 }]);
    // The skipped payload may arrive in pieces; the parser does not keep it.
    assert!(parser.push(b"0123456789").is_empty());
    assert!(parser.push(b"0123456789\r").is_empty());
    assert_eq!(parser.push(b"\nPING\r\n"), vec![Op::Ping]);
}

#[test]
fn absurd_or_malformed_input_breaks_the_stream_without_panicking() {
    let broken = |bytes: &[u8]| {
        let ops = parse_all(bytes);
        assert!(matches!(ops.last(), Some(Op::Broken(_))), "{:?} -> {ops:?}", String::from_utf8_lossy(bytes));
    };
    broken(b"MSG a 1 99999999999999999999\r\n");
    broken(b"MSG a 1 67108865\r\n");
    broken(b"MSG a 1 -1\r\n");
    broken(b"MSG a x 1\r\nx\r\n");
    broken(b"MSG a\r\n");
    broken(b"MSG a b c d e\r\n");
    broken(b"MSG a 1 3\r\nabcXY");
    broken(b"MSG \xff 1 1\r\nx\r\n");
    broken(b"MSG a 1 \xff 1\r\nx\r\n");
    broken(b"HELLO\r\n");
    broken(&vec![b'P'; MAX_LINE + 1]);
    // After a break nothing more is read.
    let mut parser = Parser::default();
    assert_eq!(parser.push(b"BOGUS\r\n"), vec![Op::Broken("unknown operation")]);
    assert!(parser.push(b"PING\r\n").is_empty());
    // A long but legal line is fine.
    let long = format!("-ERR '{}'\r\n", "x".repeat(MAX_LINE - 10));
    assert_eq!(parse_all(long.as_bytes()).len(), 1);
}

#[test]
fn encodes_what_the_client_sends() {
    let mut out = String::new();
    sub(&mut out, "callkit.1.u.alice", 3);
    unsub(&mut out, 3);
    publish(&mut out, "callkit.1.u.bob", "héllo\r\nPING\r\n");
    assert_eq!(out, "SUB callkit.1.u.alice 3\r\nUNSUB 3\r\nPUB callkit.1.u.bob 14\r\nhéllo\r\nPING\r\n\r\n");
    let c = connect(Some("al\"ice"), Some("p\r\nass"), None);
    assert!(c.starts_with("CONNECT {") && c.ends_with("}\r\nPING\r\n"), "{c}");
    let json = json::parse(&c["CONNECT ".len()..c.len() - "\r\nPING\r\n".len()]).expect("CONNECT carries JSON");
    assert_eq!(json.get("user"), Some(&Value::Str("al\"ice".into())));
    assert_eq!(json.get("pass"), Some(&Value::Str("p\r\nass".into())));
    assert_eq!(json.get("auth_token"), None);
    assert_eq!(json.get("verbose"), Some(&Value::Bool(false)));
    assert_eq!(json.get("headers"), Some(&Value::Bool(false)));
    assert_eq!(c.matches("\r\n").count(), 2, "credentials cannot inject operations");
    let t = connect(None, None, Some("s3cret"));
    assert!(t.contains("\"auth_token\":\"s3cret\"") && !t.contains("\"user\""), "{t}");
}

#[test]
fn classifies_server_errors() {
    assert_eq!(classify("Authorization Violation"), ErrKind::Auth);
    assert_eq!(classify("authentication timeout"), ErrKind::Auth);
    assert_eq!(classify("User Authentication Expired"), ErrKind::Auth);
    assert_eq!(classify("Permissions Violation for Subscription to \"x\""), ErrKind::Permission);
    assert_eq!(classify("Permissions Violation for Publish to \"x\""), ErrKind::Permission);
    assert_eq!(classify("Stale Connection"), ErrKind::Other);
    assert_eq!(classify("Maximum Payload Violation"), ErrKind::Other);
}

fn token(raw: &str) -> String {
    let mut out = String::new();
    escape(&mut out, raw);
    out
}

/// The inverse of `escape`, to show it loses nothing.
fn unescape(token: &str) -> Option<String> {
    if token == "_" {
        return Some(String::new());
    }
    let b = token.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'_' {
            out.push(u8::from_str_radix(token.get(i + 1..i + 3)?, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[test]
fn subjects_keep_plain_ids_readable_and_escape_the_rest() {
    assert_eq!(subject("callkit", "1234567", "alice"), "callkit.1234567.u.alice");
    assert_eq!(subject("acme.calls", "app", "Bob-2"), "acme.calls.app.u.Bob-2");
    assert_eq!(token("a.b"), "a_2Eb");
    assert_eq!(token("a b*>"), "a_20b_2A_3E");
    assert_eq!(token("_5F"), "_5F5F");
    assert_eq!(token(""), "_");
    assert_eq!(token("é"), "_C3_A9");
    assert_ne!(token("_"), token(""));
}

#[test]
fn prefixes_and_urls() {
    for ok in ["callkit", "a.b-c.d_e", "X"] {
        assert!(valid_prefix(ok), "{ok}");
    }
    for bad in ["", ".", "a.", ".a", "a..b", "a b", "a.*", "a.>", "a\r\n"] {
        assert!(!valid_prefix(bad), "{bad:?}");
    }
    for ok in ["ws://127.0.0.1:8222", "wss://nats.example.com/ws", "WS://host", "ws://[::1]:80/x?y#z"] {
        assert!(valid_url(ok), "{ok}");
    }
    for bad in [
        "",
        "ws://",
        "ws:///path",
        "ws://:80",
        "http://host",
        "nats://host:4222",
        "ws://ho st",
        "ws://host\n",
        "127.0.0.1:8222",
        "wss:/x",
        "ws:",
    ] {
        assert!(!valid_url(bad), "{bad:?}");
    }
}

#[test]
fn reconnect_delays_grow_with_jitter_up_to_a_ceiling() {
    assert_eq!(reconnect_delay(0, 0.0), RECONNECT_MIN_MS / 2);
    assert_eq!(reconnect_delay(0, 1.0), RECONNECT_MIN_MS);
    assert_eq!(reconnect_delay(1, 0.0), RECONNECT_MIN_MS);
    assert_eq!(reconnect_delay(2, 0.5), 1500);
    assert_eq!(reconnect_delay(30, 1.0), RECONNECT_MAX_MS);
    assert_eq!(reconnect_delay(u32::MAX, 0.0), RECONNECT_MAX_MS / 2);
    for junk in [f64::NAN, -1.0, 2.0, f64::INFINITY] {
        assert_eq!(reconnect_delay(3, junk), reconnect_delay(3, 0.0));
    }
}

fn any_op() -> impl Strategy<Value = Op> {
    let text = "[A-Za-z0-9_.\"-]([A-Za-z0-9 _.\"'-]{0,30}[A-Za-z0-9_.\"-])?";
    prop_oneof![
        proptest::option::of(any::<u64>()).prop_map(|max_payload| Op::Info(Info { max_payload })),
        Just(Op::Ping),
        Just(Op::Pong),
        Just(Op::Ok),
        text.prop_map(Op::Err),
        (0..1_000_000_000_000_000_000u64, proptest::collection::vec(prop_oneof![any::<u8>(), Just(b'\r'), Just(b'\n')], 0..300))
            .prop_map(|(sid, payload)| Op::Msg(Msg { sid, payload })),
    ]
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..2000),
        cuts in proptest::collection::vec(any::<usize>(), 0..20),
        limit in 0usize..64,
    ) {
        let _ = parse_split(&mut Parser::new(limit), &bytes, &cuts);
        let _ = parse_split(&mut Parser::default(), &bytes, &cuts);
    }

    #[test]
    fn never_panics_on_near_protocol_junk(
        parts in proptest::collection::vec(prop_oneof![
            Just("MSG ".to_string()), Just("\r\n".to_string()), Just(" ".to_string()), Just("INFO {".to_string()),
            Just("-ERR '".to_string()), Just("PING".to_string()), "[0-9]{1,21}", "[a-z.]{1,5}", Just("\n".to_string()),
        ], 0..60),
        cuts in proptest::collection::vec(any::<usize>(), 0..20),
        limit in 0usize..32,
    ) {
        let bytes = parts.concat().into_bytes();
        let _ = parse_split(&mut Parser::new(limit), &bytes, &cuts);
    }

    #[test]
    fn encoded_operations_split_anywhere_parse_back(
        ops in proptest::collection::vec(any_op(), 0..12),
        cuts in proptest::collection::vec(any::<usize>(), 0..30),
    ) {
        let bytes: Vec<u8> = ops.iter().flat_map(server_bytes).collect();
        prop_assert_eq!(parse_split(&mut Parser::default(), &bytes, &cuts), ops);
    }

    #[test]
    fn escaping_is_injective_and_safe(a in any::<String>(), b in any::<String>()) {
        let (ta, tb) = (token(&a), token(&b));
        prop_assert!(!ta.is_empty());
        prop_assert!(ta.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-'), "{}", ta);
        prop_assert_eq!(unescape(&ta), Some(a.clone()));
        prop_assert_eq!(a == b, ta == tb);
        let s = subject("callkit", &a, &b);
        let safe = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-');
        prop_assert!(s.split('.').all(safe), "a subject is dot-separated safe tokens: {}", s);
    }

    #[test]
    fn reconnect_delay_is_bounded_and_deterministic(attempt in any::<u32>(), r in any::<f64>()) {
        let d = reconnect_delay(attempt, r);
        prop_assert!((RECONNECT_MIN_MS / 2..=RECONNECT_MAX_MS).contains(&d));
        prop_assert_eq!(d, reconnect_delay(attempt, r));
        prop_assert!(reconnect_delay(attempt.saturating_add(1), 1.0) >= reconnect_delay(attempt, 1.0));
    }
}
