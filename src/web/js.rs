//! Small bridges from Rust to JS: errors, values for the app, calls of the app's functions,
//! the console. Reading the app's values is `read`; waiting on promises is `crate::js_promise`.
use crate::core::{Error, User};
use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // The console is the page's: an app may have replaced `console.error` with a function that
    // throws. A report that fails is dropped, it does not unwind through the kit.
    #[wasm_bindgen(catch, variadic, js_namespace = console, js_name = error)]
    fn console_error(args: &Array) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, variadic, js_namespace = console, js_name = warn)]
    fn console_warn(args: &Array) -> Result<(), JsValue>;
}

// The d.ts of the errors' codes, next to where the codes are put on the errors.
#[wasm_bindgen(typescript_custom_section)]
const ERROR_TYPES: &str = r#"
/**
 * The stable, machine-readable `code` of an error the kit throws or rejects with (the README's
 * "Errors" lists when each comes): `"INVALID_ARGUMENT"` for every `TypeError`/`RangeError` of bad
 * input, one per refusal otherwise; `"NOT_INITIALISED"` from `callkit-invite/manual` before
 * `init()`. `"NOT_IN_CALL"`, `"NO_INCOMING_CALL"` and `"NOT_INVITER"` are only ever reported with
 * `console.warn` (a button pressed too late).
 */
export type CallKitErrorCode =
  | "INVALID_ARGUMENT"
  | "ONLY_INITIATOR_CAN_INVITE"
  | "INVITING_DISABLED"
  | "INCOMING_CALL_RINGING"
  | "CALL_PENDING"
  | "ALREADY_IN_CALL"
  | "NOT_IN_CALL"
  | "NO_INCOMING_CALL"
  | "NOT_INVITER"
  | "DESTROYED"
  | "NO_SECURE_RANDOM"
  | "NOT_INITIALISED";

/**
 * An error the kit throws or rejects with: a `TypeError` or `RangeError` whose message names the
 * field (code `"INVALID_ARGUMENT"`), or an `Error` whose message says which rule refused (and
 * holds the incumbent's text for the same refusal, such as `"Only initiator can invite"`).
 */
export interface CallKitError extends Error {
  /** What went wrong, stable across versions and languages: branch on this, not the message. */
  code: CallKitErrorCode;
}
"#;

/// A core error as a JS `TypeError`, `RangeError` or `Error`, with its stable `code`.
pub fn to_js_error(err: &Error) -> JsValue {
    let msg = err.message();
    let error: JsValue = match err {
        Error::Type(_) => js_sys::TypeError::new(&msg).into(),
        Error::Range(_) => js_sys::RangeError::new(&msg).into(),
        Error::Refused(_) => js_sys::Error::new(&msg).into(),
    };
    // A fresh Error object: setting a property on it cannot fail.
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(err.code()));
    error
}

/// A plain object from string keys and values.
pub fn object(entries: &[(&str, &JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in entries {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// A user as a JS object.
pub fn user_to_js(user: &User) -> JsValue {
    crate::web::outgoing::to_js(&crate::web::outgoing::JsUser::from(user))
}

/// Users as a JS array.
pub fn users_to_js(users: &[User]) -> JsValue {
    let users: Vec<crate::web::outgoing::JsUser> = users.iter().map(Into::into).collect();
    crate::web::outgoing::to_js(&users)
}

/// Calls an app callback; a throw is reported with `console.error` and does not propagate.
/// Always through `Function.prototype.apply`: a call per arity (`call0` to `call3`) was 0.2 KB
/// gzipped more.
pub fn call(name: &str, f: &Function, args: &[JsValue]) -> Option<JsValue> {
    call_on(name, &JsValue::UNDEFINED, f, args)
}

/// Calls a method of an app object (`this`) as [`call`] does.
pub fn call_on(name: &str, this: &JsValue, f: &Function, args: &[JsValue]) -> Option<JsValue> {
    match apply(f, this, args) {
        Ok(value) => Some(value),
        Err(err) => {
            error(&[name, " threw"].concat(), Some(&err));
            None
        }
    }
}

/// `f.apply(this, args)`, what it threw as `Err`: every call of a JS function the kit holds
/// (the app's callbacks, its transport, a promise's `then` and `resolve`) goes this one way.
/// With `call1` and `call2` imported as well for the calls of known arity, the default build
/// was 44 B larger gzipped.
pub fn apply(f: &Function, this: &JsValue, args: &[JsValue]) -> Result<JsValue, JsValue> {
    f.apply(this, &args.iter().collect::<Array>())
}

/// The console line of a report: the kit's name, `message`, then `detail` when there is one.
fn line(message: &str, detail: Option<&JsValue>) -> Array {
    let args = Array::new();
    args.push(&JsValue::from_str(&["callkit-invite: ", message].concat()));
    if let Some(detail) = detail {
        args.push(detail);
    }
    args
}

/// Reports a failure (a callback that threw, an effect that could not be applied) with
/// `console.error`.
pub fn error(message: &str, detail: Option<&JsValue>) {
    let _ = console_error(&line(message, detail));
}

/// Reports a problem with `console.warn`.
pub fn warn(message: &str) {
    warn_with(message, None);
}

/// Reports a problem with `console.warn`, followed by `detail`.
pub fn warn_with(message: &str, detail: Option<&JsValue>) {
    let _ = console_warn(&line(message, detail));
}

/// The current time in milliseconds.
pub fn now() -> u64 {
    js_sys::Date::now() as u64
}
