//! The kit's stylesheet: one class prefix, themed by CSS custom properties, light and dark.
//! It lives in the kit's shadow roots, so the page's CSS does not reach the kit's elements
//! and the kit's does not reach the page. One constructed stylesheet is shared by every root,
//! which a strict Content-Security-Policy (`style-src 'self'`) allows; a `<style>` with the
//! page's nonce is the fallback for browsers without constructed stylesheets.
use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;
use web_sys::{CssStyleSheet, Document, ShadowRoot};

/// The stylesheet.
pub const CSS: &str = include_str!("style.css");

/// Styles the kit's shadow root `root` of `doc`.
pub fn install(doc: &Document, root: &ShadowRoot) {
    // A sheet per root (the kit has one or two): parsed in well under a millisecond.
    let key = JsValue::from_str("adoptedStyleSheets");
    let adopted = Reflect::has(root, &key).unwrap_or(false)
        && CssStyleSheet::new().is_ok_and(|sheet| sheet.replace_sync(CSS).is_ok() && Reflect::set(root, &key, &Array::of1(&sheet)).unwrap_or(false));
    if adopted {
        return;
    }
    // Fallback: a <style> element carrying the nonce of the page's first nonced script, if any.
    let Ok(style) = doc.create_element("style") else { return };
    let nonce = doc
        .query_selector("script[nonce], style[nonce]")
        .ok()
        .flatten()
        .and_then(|e| Reflect::get(&e, &JsValue::from_str("nonce")).ok())
        .and_then(|v| v.as_string());
    if let Some(nonce) = nonce {
        let _ = style.set_attribute("nonce", &nonce);
    }
    style.set_text_content(Some(CSS));
    let _ = root.append_child(&style);
}
