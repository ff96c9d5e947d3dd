//! The NATS client protocol in plain Rust: a parser for what the server sends, encoders for
//! what the client sends, the subject each user listens on, and the reconnect backoff.
use crate::core::digits;
use crate::core::json::{self, Value};

/// Longest control line accepted, in bytes (the INFO of a large cluster lists many URLs).
pub const MAX_LINE: usize = 64 * 1024;
/// Largest MSG payload kept, in bytes (the NATS default `max_payload`); larger ones are skipped.
pub const MAX_PAYLOAD: usize = 1024 * 1024;
/// A MSG claiming more than this (the NATS hard limit) means the stream is not NATS.
const ABSURD_PAYLOAD: usize = 64 * 1024 * 1024;

/// The fields of the server's `INFO` that the client uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Info {
    /// The largest payload the server accepts in a PUB.
    pub max_payload: Option<u64>,
}

/// A message delivered to one of the client's subscriptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    /// The subject it was published to.
    pub subject: String,
    /// The subscription it is for.
    pub sid: u64,
    /// The reply subject, if the publisher gave one.
    pub reply: Option<String>,
    /// The payload, as sent.
    pub payload: Vec<u8>,
}

/// One operation from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// `INFO {...}`: sent first, and again when the cluster changes.
    Info(Info),
    /// `MSG <subject> <sid> [reply] <bytes>` and its payload.
    Msg(Msg),
    /// `PING`: answer with `PONG`.
    Ping,
    /// `PONG`: the answer to the client's `PING`.
    Pong,
    /// `+OK` (verbose mode only).
    Ok,
    /// `-ERR '<text>'`: the text without its quotes.
    Err(String),
    /// A MSG larger than the parser's limit: its payload was skipped unread.
    TooLarge {
        /// The subscription it was for.
        sid: u64,
        /// Its size in bytes.
        size: usize,
    },
    /// The stream is not NATS; the parser reads nothing more. Close the connection.
    Broken(&'static str),
}

/// Turns the bytes of a connection, in chunks of any size, into [`Op`]s. Never panics.
#[derive(Debug)]
pub struct Parser {
    buf: Vec<u8>,
    /// Bytes of `buf` already searched for a line end.
    scanned: usize,
    /// A MSG whose header was read, waiting for its payload of this many bytes.
    pending: Option<(Msg, usize)>,
    /// Bytes still to discard (an oversized payload and its CRLF).
    skip: usize,
    limit: usize,
    broken: bool,
}

impl Default for Parser {
    fn default() -> Self {
        Parser::new(MAX_PAYLOAD)
    }
}

impl Parser {
    /// A parser that keeps MSG payloads up to `limit` bytes.
    pub fn new(limit: usize) -> Parser {
        Parser { buf: Vec::new(), scanned: 0, pending: None, skip: 0, limit, broken: false }
    }

    /// Reads `bytes`, the next chunk of the connection; returns the operations it completes.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<Op> {
        let mut ops = Vec::new();
        if self.broken {
            return ops;
        }
        self.buf.extend_from_slice(bytes);
        let mut at = 0;
        loop {
            let left = self.buf.len() - at;
            if self.skip > 0 {
                let n = self.skip.min(left);
                at += n;
                self.skip -= n;
                if self.skip > 0 {
                    break;
                }
                continue;
            }
            if let Some((mut msg, size)) = self.pending.take() {
                if left < size + 2 {
                    self.pending = Some((msg, size));
                    break;
                }
                if &self.buf[at + size..at + size + 2] != b"\r\n" {
                    self.fail(&mut ops, "MSG payload not followed by CRLF");
                    break;
                }
                msg.payload = self.buf[at..at + size].to_vec();
                at += size + 2;
                ops.push(Op::Msg(msg));
                continue;
            }
            let from = self.scanned.max(at);
            let Some(end) = self.buf[from..].iter().position(|&b| b == b'\n').map(|i| from + i) else {
                self.scanned = self.buf.len();
                if left > MAX_LINE {
                    self.fail(&mut ops, "control line too long");
                }
                break;
            };
            let mut line = &self.buf[at..end];
            if let [rest @ .., b'\r'] = line {
                line = rest;
            }
            if line.len() > MAX_LINE {
                self.fail(&mut ops, "control line too long");
                break;
            }
            let parsed = control_line(line, self.limit);
            at = end + 1;
            match parsed {
                Ok(Line::Op(op)) => {
                    if let Op::TooLarge { size, .. } = op {
                        self.skip = size + 2;
                    }
                    ops.push(op);
                }
                Ok(Line::Head(msg, size)) => self.pending = Some((msg, size)),
                Ok(Line::Empty) => {}
                Err(why) => {
                    self.fail(&mut ops, why);
                    break;
                }
            }
        }
        self.buf.drain(..at.min(self.buf.len()));
        self.scanned = self.scanned.saturating_sub(at);
        ops
    }

    fn fail(&mut self, ops: &mut Vec<Op>, why: &'static str) {
        self.broken = true;
        self.buf = Vec::new();
        self.pending = None;
        ops.push(Op::Broken(why));
    }

}

/// What one control line is.
enum Line {
    Op(Op),
    /// A MSG header: its payload of this many bytes follows.
    Head(Msg, usize),
    Empty,
}

/// One control line, without its line end.
fn control_line(line: &[u8], limit: usize) -> Result<Line, &'static str> {
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let mut words = line.split(blank).filter(|w| !w.is_empty());
    let Some(op) = words.next() else { return Ok(Line::Empty) };
    let is = |name: &[u8]| op.eq_ignore_ascii_case(name);
    if is(b"MSG") {
        let fields: Vec<&[u8]> = words.collect();
        let (subject, sid, reply, size) = match fields[..] {
            [s, i, n] => (s, i, None, n),
            [s, i, r, n] => (s, i, Some(r), n),
            _ => return Err("bad MSG line"),
        };
        let sid = number(sid).ok_or("bad MSG sid")?;
        let size = number(size).filter(|&n| n <= ABSURD_PAYLOAD as u64).ok_or("bad MSG size")? as usize;
        if size > limit {
            return Ok(Line::Op(Op::TooLarge { sid, size }));
        }
        let text = |b: &[u8]| String::from_utf8(b.to_vec()).map_err(|_| "MSG subject not UTF-8");
        let msg = Msg { subject: text(subject)?, sid, reply: reply.map(text).transpose()?, payload: Vec::new() };
        return Ok(Line::Head(msg, size));
    }
    // The rest of the line after the operation's name, without the blanks around it.
    let mut rest = line.get(line.iter().position(|b| !blank(b)).unwrap_or(0) + op.len()..).unwrap_or_default().trim_ascii();
    // Byte-level work on purpose: `str` slicing and searching pull Unicode tables into the wasm.
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).map_err(|_| "not UTF-8");
    Ok(Line::Op(if is(b"PING") {
        Op::Ping
    } else if is(b"PONG") {
        Op::Pong
    } else if is(b"+OK") {
        Op::Ok
    } else if is(b"-ERR") {
        if let [b'\'', quoted @ .., b'\''] = rest {
            rest = quoted;
        }
        Op::Err(text(rest)?)
    } else if is(b"INFO") {
        let value = json::parse(&text(rest)?).map_err(|_| "bad INFO")?;
        let max_payload = match value.get("max_payload") {
            Some(Value::Int(n)) => Some(*n),
            _ => None,
        };
        Op::Info(Info { max_payload })
    } else {
        return Err("unknown operation");
    }))
}

/// A decimal number of at most 19 digits.
fn number(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    digits.iter().try_fold(0u64, |n, &d| d.is_ascii_digit().then(|| n * 10 + u64::from(d - b'0')))
}

/// What a `-ERR` means for the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrKind {
    /// Bad or expired credentials: reconnecting with the same ones cannot help.
    Auth,
    /// A SUB or PUB the user's permissions forbid; the connection stays open.
    Permission,
    /// Anything else; the server closes the connection.
    Other,
}

/// Classifies the text of a `-ERR`.
pub fn classify(err: &str) -> ErrKind {
    let err = err.as_bytes();
    let has = |word: &[u8]| err.windows(word.len()).any(|w| w.eq_ignore_ascii_case(word));
    if err.get(..21).is_some_and(|w| w.eq_ignore_ascii_case(b"permissions violation")) {
        ErrKind::Permission
    } else if has(b"authorization violation") || has(b"authentication") {
        ErrKind::Auth
    } else {
        ErrKind::Other
    }
}

/// `CONNECT {...}` with the given credentials, then `PING`: the server's `PONG` confirms
/// the connection (or a `-ERR` refuses it) before anything else is sent.
pub fn connect(user: Option<&str>, pass: Option<&str>, token: Option<&str>) -> String {
    let mut out = String::from("CONNECT {\"verbose\":false,\"pedantic\":false,\"lang\":\"callkit-invite\",\"version\":\"");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str("\",\"protocol\":1,\"headers\":false");
    for (key, value) in [("user", user), ("pass", pass), ("auth_token", token)] {
        if let Some(value) = value {
            out.push_str(",\"");
            out.push_str(key);
            out.push_str("\":");
            json::write_str(&mut out, value);
        }
    }
    out.push_str("}\r\n");
    out.push_str(PING);
    out
}

/// `PING`.
pub const PING: &str = "PING\r\n";
/// `PONG`.
pub const PONG: &str = "PONG\r\n";

/// Appends `SUB <subject> <sid>`.
pub fn sub(out: &mut String, subject: &str, sid: u64) {
    out.push_str("SUB ");
    out.push_str(subject);
    out.push(' ');
    digits::push_decimal(out, sid);
    out.push_str("\r\n");
}

/// Appends `UNSUB <sid>`.
pub fn unsub(out: &mut String, sid: u64) {
    out.push_str("UNSUB ");
    digits::push_decimal(out, sid);
    out.push_str("\r\n");
}

/// Appends `PUB <subject> <bytes>` and the payload.
pub fn publish(out: &mut String, subject: &str, payload: &str) {
    out.push_str("PUB ");
    out.push_str(subject);
    out.push(' ');
    digits::push_decimal(out, payload.len() as u64);
    out.push_str("\r\n");
    out.push_str(payload);
    out.push_str("\r\n");
}

/// The subject `user` of `app` listens on: `<prefix>.<app>.u.<user>`, each ID escaped by
/// [`escape`].
pub fn subject(prefix: &str, app: &str, user: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + app.len() + user.len() + 8);
    out.push_str(prefix);
    out.push('.');
    escape(&mut out, app);
    out.push_str(".u.");
    escape(&mut out, user);
    out
}

/// Appends `raw` as one subject token of `[A-Za-z0-9_-]`: letters, digits and `-` stay, every
/// other byte of the UTF-8 becomes `_XX` (hex), `""` becomes `_`. No two strings give the same
/// token, and IDs such as `alice` stay readable in permission configs.
pub fn escape(out: &mut String, raw: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    if raw.is_empty() {
        out.push('_');
    }
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' {
            out.push(char::from(b));
        } else {
            out.push('_');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// Whether `prefix` is one or more `.`-separated tokens of `[A-Za-z0-9_-]`.
pub fn valid_prefix(prefix: &str) -> bool {
    // Bytes, not `str::split`: less code in the wasm.
    let mut last = b'.';
    let tokens_ok = prefix.bytes().all(|c| {
        let ok = if c == b'.' { last != b'.' } else { c.is_ascii_alphanumeric() || c == b'-' || c == b'_' };
        last = c;
        ok
    });
    prefix.len() <= 128 && tokens_ok && last != b'.'
}

/// Whether `url` is a `ws://` or `wss://` URL with a host and no spaces or control characters.
pub fn valid_url(url: &str) -> bool {
    let b = url.as_bytes();
    let scheme = |s: &[u8]| b.get(..s.len()).is_some_and(|w| w.eq_ignore_ascii_case(s));
    let rest = match () {
        _ if scheme(b"ws://") => &b[5..],
        _ if scheme(b"wss://") => &b[6..],
        _ => return false,
    };
    let host = rest.split(|&c| c == b'/' || c == b'?' || c == b'#').next().unwrap_or_default();
    !host.is_empty() && host[0] != b':' && b.iter().all(|&c| c > b' ' && c != 0x7f)
}

/// First delay before reconnecting, in ms (half of it fixed, half random).
pub const RECONNECT_MIN_MS: u32 = 500;
/// Longest delay between reconnection attempts, in ms.
pub const RECONNECT_MAX_MS: u32 = 8000;

/// How long to wait before reconnection attempt `attempt` (0 after the connection is lost):
/// the ceiling doubles from [`RECONNECT_MIN_MS`] to [`RECONNECT_MAX_MS`], and the delay is
/// between half the ceiling and the ceiling, by `random` (in 0..=1; anything else counts as 0),
/// so that the users of a restarted server do not all come back at once.
pub fn reconnect_delay(attempt: u32, random: f64) -> u32 {
    let ceiling = RECONNECT_MAX_MS.min(RECONNECT_MIN_MS << attempt.min(5));
    let r = if (0.0..=1.0).contains(&random) { random } else { 0.0 };
    ceiling / 2 + (f64::from(ceiling / 2) * r) as u32
}
