//! The protocol decoder on any bytes: it returns `Ok` or `Err`, never panics, never takes long,
//! and what it accepts is within the limits and re-encodes to a text that decodes the same.
#![no_main]

use callkit_invite::core::protocol::{decode, encode, MAX_MESSAGE_LEN};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Transports hand the kit JS strings: always valid UTF-8 by the time they reach Rust.
    let text = String::from_utf8_lossy(data);
    let Ok(envelope) = decode(&text) else { return };
    assert!(text.len() <= MAX_MESSAGE_LEN);
    let again = encode(&envelope);
    assert_eq!(decode(&again).as_ref(), Ok(&envelope), "re-encoded: {again}");
});
