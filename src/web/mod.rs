//! JavaScript bindings (wasm-bindgen): thin wrappers that feed the core and apply its effects.
mod call_kit;
pub use call_kit::CallKit;
pub(crate) mod js;
mod options;
mod runtime;
mod transport;
mod types;

