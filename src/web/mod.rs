//! JavaScript bindings (wasm-bindgen): thin wrappers that feed the core and apply its effects.
mod call_kit;
mod entropy;
mod goodbye;
mod hooks;
pub use call_kit::CallKit;
pub(crate) mod js;
#[cfg(feature = "nats")]
mod nats;
#[cfg(feature = "nats")]
pub use nats::nats_transport;
mod options;
mod read;
mod runtime;
mod transport;
mod types;
mod waiters;

