//! Unguessable IDs from `crypto.getRandomValues`: a call's ID must not be guessable.
use crate::core::Error;
use wasm_bindgen::{JsCast, JsValue};

/// `<prefix>` and 32 hex digits (128 random bits).
pub fn random_id(prefix: &str) -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    let crypto = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
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
