//! JavaScript bindings (wasm-bindgen): thin wrappers that feed the core and apply its effects.
mod call_kit;
mod entropy;
mod engine;
mod enums;
mod goodbye;
mod hooks;
mod media;
pub use call_kit::CallKit;
pub(crate) mod js;
mod options;
mod outgoing;
mod peer;
mod read;
mod rtc;
mod runtime;
mod transport;
mod types;
mod types_kit;
mod types_room;
mod waiters;

