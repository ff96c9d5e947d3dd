//! The native tests of the core, one binary (the harness in `support` is built once): the rules
//! as a user sees them, validation, the protocol, hostile input, security, races, faults, soak,
//! and property tests.
#![cfg(not(target_arch = "wasm32"))]

mod support;

mod decode_props;
mod faults;
mod hostile;
mod json;
mod media;
mod media_key;
mod properties;
mod protocol;
mod races;
mod rules;
mod security;
mod smoke;
mod soak;
mod token;
mod validation;
