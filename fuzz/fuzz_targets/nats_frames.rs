//! The NATS frame parser on any bytes: it never panics, and how the stream is cut into
//! WebSocket frames never changes what it reads. The first input byte picks the chunk sizes;
//! the rest is the stream, read once whole and once in those chunks.
#![no_main]

use callkit_invite::core::nats::{Op, Parser};
use libfuzzer_sys::fuzz_target;

/// A small payload limit, so oversized messages are reached too.
const LIMIT: usize = 64;

fuzz_target!(|data: &[u8]| {
    let Some((&seed, stream)) = data.split_first() else { return };
    let whole = Parser::new(LIMIT).push(stream);

    let mut chunked = Parser::new(LIMIT);
    let mut ops = Vec::new();
    let mut rest = stream;
    let mut size = usize::from(seed % 7) + 1;
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(size.min(rest.len()));
        ops.extend(chunked.push(chunk));
        rest = tail;
        size = size * 5 % 11 + 1; // varied sizes, 1 to 11 bytes
    }
    assert_eq!(ops, whole, "chunks starting at {} bytes", usize::from(seed % 7) + 1);

    for (i, op) in whole.iter().enumerate() {
        match op {
            Op::Msg(msg) => assert!(msg.payload.len() <= LIMIT),
            // Nothing follows a broken stream.
            Op::Broken(_) => assert_eq!(i, whole.len() - 1),
            _ => {}
        }
    }
});
