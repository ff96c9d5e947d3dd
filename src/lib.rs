//! callkit-invite: invite users into a call that is already going on.
//!
//! `core` is plain Rust (the rules, the state machine, the protocol); `web` binds it to
//! JavaScript when compiled to WebAssembly, and `ui` draws its state in the DOM. The UI does not
//! depend on the bindings: what both need of JS (`js_promise`) is a module of its own.
#![warn(missing_docs)]

pub mod core;

#[cfg(target_arch = "wasm32")]
mod js_promise;
#[cfg(target_arch = "wasm32")]
mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;
