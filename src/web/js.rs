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

/// A core error as a JS `TypeError`, `RangeError` or `Error`.
pub fn to_js_error(err: &Error) -> JsValue {
    let msg = err.message();
    match err {
        Error::Type { .. } => js_sys::TypeError::new(&msg).into(),
        Error::Range { .. } => js_sys::RangeError::new(&msg).into(),
        Error::Refused(_) => js_sys::Error::new(&msg).into(),
    }
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
pub fn call(name: &str, f: &Function, args: &[JsValue]) -> Option<JsValue> {
    let this = JsValue::UNDEFINED;
    let result = match args {
        [] => f.call0(&this),
        [a] => f.call1(&this, a),
        [a, b] => f.call2(&this, a, b),
        [a, b, c] => f.call3(&this, a, b, c),
        _ => f.apply(&this, &args.iter().collect::<Array>()),
    };
    match result {
        Ok(value) => Some(value),
        Err(err) => {
            error(&[name, " threw"].concat(), Some(&err));
            None
        }
    }
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
