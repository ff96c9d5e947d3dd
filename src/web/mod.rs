//! JavaScript bindings (wasm-bindgen): thin wrappers that feed the core and apply its effects.
use wasm_bindgen::prelude::*;

/// The package version.
#[wasm_bindgen(js_name = getVersion)]
pub fn get_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
