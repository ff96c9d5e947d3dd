//! Unguessable IDs from `crypto.getRandomValues`: a call's ID must not be guessable.
use crate::core::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // The global object, read once (it never changes), as the page's `document` is
    // (`ui::dom`): `js_sys::global()` probes four names for it.
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL: JsValue;
}

/// `<prefix>` and 32 hex digits (128 random bits).
pub fn random_id(prefix: &str) -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    // Read at every call: a page may put its `crypto` in place after the kit started.
    let crypto = js_sys::Reflect::get(&GLOBAL.with(Clone::clone), &JsValue::from_str("crypto"))
        .ok()
        .filter(|c| c.is_object())
        .map(|c| c.unchecked_into::<web_sys::Crypto>());
    let filled = crypto.is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        return Err(Error::Refused(crate::core::Refusal::NoRandomness));
    }
    let mut id = String::with_capacity(prefix.len() + 32);
    id.push_str(prefix);
    for b in bytes {
        // Two digits a byte, leading zero kept.
        crate::core::digits::push_hex(&mut id, u64::from(b >> 4));
        crate::core::digits::push_hex(&mut id, u64::from(b & 15));
    }
    Ok(id)
}
