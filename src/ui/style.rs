//! The kit's stylesheet: one class prefix, themed by CSS custom properties, light and dark.
//! Installed once per document as a constructed stylesheet, which a strict
//! Content-Security-Policy (`style-src 'self'`) allows; a `<style>` with the page's nonce
//! is the fallback for browsers without constructed stylesheets.
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Document;

/// The stylesheet.
pub const CSS: &str = include_str!("style.css");

const MARK: &str = "__callkitInviteStyle";

/// Adds the stylesheet to `doc` unless it is there already.
pub fn install(doc: &Document) {
    let key = JsValue::from_str(MARK);
    if Reflect::get(doc, &key).ok().is_some_and(|v| v.is_truthy()) {
        return;
    }
    let _ = Reflect::set(doc, &key, &JsValue::TRUE);
    if let Ok(sheet) = web_sys::CssStyleSheet::new() {
        if sheet.replace_sync(CSS).is_ok() {
            let sheets = Reflect::get(doc, &JsValue::from_str("adoptedStyleSheets")).ok().and_then(|v| v.dyn_into::<Array>().ok());
            if let Some(sheets) = sheets {
                let all = Array::new();
                for s in sheets.iter() {
                    all.push(&s);
                }
                all.push(&sheet);
                if Reflect::set(doc, &JsValue::from_str("adoptedStyleSheets"), &all).is_ok() {
                    return;
                }
            }
        }
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
    if let Some(head) = doc.head() {
        let _ = head.append_child(&style);
    }
}
