//! The kit's stylesheet: one class prefix, themed by CSS custom properties, light and dark.
//! It lives in the kit's shadow roots, so the page's CSS does not reach the kit's elements
//! and the kit's does not reach the page. Each root adopts a constructed stylesheet, which a
//! strict Content-Security-Policy (`style-src 'self'`) allows. Every browser the layout needs
//! (`:has()`, container queries: Chromium 105, Firefox 121, Safari 16.4) has them, so there
//! is no `<style>` fallback.
use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;
use web_sys::{CssStyleSheet, ShadowRoot};

/// The stylesheet.
pub const CSS: &str = include_str!("style.css");

/// Styles the kit's shadow root `root`.
pub fn install(root: &ShadowRoot) {
    // A sheet per root (the kit has one or two): parsed in well under a millisecond.
    if let Ok(sheet) = CssStyleSheet::new() {
        if sheet.replace_sync(CSS).is_ok() {
            let _ = Reflect::set(root, &JsValue::from_str("adoptedStyleSheets"), &Array::of1(&sheet));
        }
    }
}
