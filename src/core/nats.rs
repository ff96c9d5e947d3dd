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

/// A message delivered to one of the client's subscriptions. Its subject and reply subject
/// are checked but not kept: the subscription says whose it is, and the transport never replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    /// The subscription it is for.
    pub sid: u64,
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
    /// A MSG whose header was read: its sid, and the size of the payload that follows.
    pending: Option<(u64, usize)>,
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
        self.read(bytes, |op| ops.push(op));
        ops
    }

    /// As [`Parser::push`], handing each operation to `each` as soon as it is read: no list to
    /// build and take apart.
    pub fn read(&mut self, bytes: &[u8], mut each: impl FnMut(Op)) {
        if self.broken {
            return;
        }
        // Out of `self` while read, so that a control line can set the parser's state.
        let mut buf = std::mem::take(&mut self.buf);
        buf.extend_from_slice(bytes);
        let mut at = 0;
        // Ends with why the stream is broken, or `None` when it needs more bytes.
        let broken = loop {
            let left = &buf[at..];
            if self.skip > 0 {
                let n = self.skip.min(left.len());
                at += n;
                self.skip -= n;
                if self.skip > 0 {
                    break None;
                }
                continue;
            }
            if let Some((sid, size)) = self.pending {
                match left.get(size..size + 2) {
                    None => break None,
                    Some(b"\r\n") => {}
                    Some(_) => break Some("MSG payload not followed by CRLF"),
                }
                each(Op::Msg(Msg { sid, payload: left[..size].to_vec() }));
                at += size + 2;
                self.pending = None;
                continue;
            }
            let from = self.scanned.max(at);
            let Some(end) = buf[from..].iter().position(|&b| b == b'\n').map(|i| from + i) else {
                self.scanned = buf.len();
                break (left.len() > MAX_LINE).then_some("control line too long");
            };
            let mut line = &buf[at..end];
            if let [rest @ .., b'\r'] = line {
                line = rest;
            }
            if line.len() > MAX_LINE {
                break Some("control line too long");
            }
            at = end + 1;
            match self.control_line(line) {
                Ok(Some(op)) => each(op),
                Ok(None) => {}
                Err(why) => break Some(why),
            }
        };
        if let Some(why) = broken {
            self.broken = true;
            each(Op::Broken(why));
        } else {
            buf.drain(..at);
            self.buf = buf;
            self.scanned = self.scanned.saturating_sub(at);
        }
    }

    /// One control line, without its line end. A MSG header sets `pending` (or `skip`) for
    /// the payload that follows.
    fn control_line(&mut self, line: &[u8]) -> Result<Option<Op>, &'static str> {
        let (op, rest) = word(line);
        let is = |name: &[u8]| op.eq_ignore_ascii_case(name);
        if op.is_empty() {
            return Ok(None);
        }
        if is(b"MSG") {
            // `<subject> <sid> [reply] <bytes>`
            let (subject, rest) = word(rest);
            let (sid, rest) = word(rest);
            let (third, rest) = word(rest);
            let (fourth, rest) = word(rest);
            let size = if fourth.is_empty() { third } else { fourth };
            if !word(rest).0.is_empty() || utf8(subject).is_err() || utf8(third).is_err() {
                return Err("bad MSG line");
            }
            let sid = number(sid).ok_or("bad MSG sid")?;
            let size = number(size).filter(|&n| n <= ABSURD_PAYLOAD as u64).ok_or("bad MSG size")? as usize;
            if size > self.limit {
                self.skip = size + 2;
                return Ok(Some(Op::TooLarge { sid, size }));
            }
            self.pending = Some((sid, size));
            return Ok(None);
        }
        // Byte-level work on purpose: `str` slicing and searching pull Unicode tables into the wasm.
        let mut rest = rest.trim_ascii();
        Ok(Some(if is(b"PING") {
            Op::Ping
        } else if is(b"PONG") {
            Op::Pong
        } else if is(b"+OK") {
            Op::Ok
        } else if is(b"-ERR") {
            if let [b'\'', quoted @ .., b'\''] = rest {
                rest = quoted;
            }
            Op::Err(utf8(rest)?.to_owned())
        } else if is(b"INFO") {
            let value = json::parse(utf8(rest)?).map_err(|_| "bad INFO")?;
            let max_payload = match value.get("max_payload") {
                Some(Value::Int(n)) => Some(*n),
                _ => None,
            };
            Op::Info(Info { max_payload })
        } else {
            return Err("unknown operation");
        }))
    }
}

/// `bytes` as text. Not inlined: `str::from_utf8` brings its validation loop into every
/// caller, and the parser and the transport check several fields.
#[inline(never)]
pub fn utf8(bytes: &[u8]) -> Result<&str, &'static str> {
    std::str::from_utf8(bytes).map_err(|_| "not UTF-8")
}

/// The first word of `line` (blank-separated; empty when there is none) and what follows it.
fn word(line: &[u8]) -> (&[u8], &[u8]) {
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let line = &line[line.iter().position(|b| !blank(b)).unwrap_or(line.len())..];
    line.split_at(line.iter().position(blank).unwrap_or(line.len()))
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
    // Whole literals: each piece appended is code in the wasm.
    let mut out = String::from(concat!(
        "CONNECT {\"verbose\":false,\"pedantic\":false,\"lang\":\"callkit-invite\",\"version\":\"",
        env!("CARGO_PKG_VERSION"),
        "\",\"protocol\":1,\"headers\":false"
    ));
    for (key, value) in [(",\"user\":", user), (",\"pass\":", pass), (",\"auth_token\":", token)] {
        if let Some(value) = value {
            out.push_str(key);
            json::write_str(&mut out, value);
        }
    }
    // `}`, the line end, then PING.
    out.push_str("}\r\nPING\r\n");
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
