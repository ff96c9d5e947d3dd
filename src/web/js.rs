//! Small bridges from Rust to JS: errors, values for the app, calls of the app's functions,
//! the console, and promises. Reading the app's values is `read`.
use crate::core::{Error, User};
use js_sys::{Array, Function, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // `Promise.resolve` reads the `constructor` of a promise it is given: an app's promise may
    // throw there. js-sys imports it without `catch`.
    #[wasm_bindgen(catch, js_namespace = Promise, js_name = resolve)]
    fn promise_resolve(value: &JsValue) -> Result<Promise, JsValue>;

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

/// Both reactions attached to one promise: whichever runs drops the two of them.
type Reactions = Rc<RefCell<Option<[Closure<dyn FnMut(JsValue)>; 2]>>>;

/// What to do once a value has settled; boxed, so that [`when_settled`] is one function.
pub type Settled = Box<dyn FnOnce(Result<JsValue, JsValue>)>;

/// Calls `done` once `value` settles: with `Ok` when it fulfils (at once for a value that is
/// not an object), `Err` when it rejects or cannot be waited on (`Promise.resolve` or `then`
/// threw). Exactly what is made is freed: of the two reactions a promise gets, only one ever
/// runs, and it drops both (wasm-bindgen frees the running one when it returns).
/// `Closure::once_into_js` for each would leak the one never called, on every send.
pub fn when_settled(value: &JsValue, done: Settled) {
    if !value.is_object() && !value.is_function() {
        return done(Ok(value.clone()));
    }
    let promise = match promise_resolve(value) {
        Ok(promise) => promise,
        Err(thrown) => return done(Err(thrown)),
    };
    let done = Rc::new(Cell::new(Some(done)));
    let reactions: Reactions = Rc::default();
    let reaction = |fulfilled: bool| {
        let (done, reactions) = (done.clone(), reactions.clone());
        Closure::<dyn FnMut(JsValue)>::new(move |v: JsValue| {
            drop(reactions.take());
            if let Some(done) = done.take() {
                done(if fulfilled { Ok(v) } else { Err(v) });
            }
        })
    };
    let (on_ok, on_err) = (reaction(true), reaction(false));
    let args = (on_ok.as_ref().clone(), on_err.as_ref().clone());
    // In place before `then` runs: an app's `then` may call a reaction at once.
    *reactions.borrow_mut() = Some([on_ok, on_err]);
    // `then` through `Reflect.get` and a call with `catch`: a promise of the app's may have its
    // own, throwing one.
    let attached = Reflect::get(&promise, &JsValue::from_str("then"))
        .and_then(|then| match then.is_function() {
            true => then.unchecked_into::<Function>().call2(&promise, &args.0, &args.1),
            false => Err(js_sys::TypeError::new("then is not a function").into()),
        });
    if let Err(thrown) = attached {
        drop(reactions.take());
        if let Some(done) = done.take() {
            done(Err(thrown));
        }
    }
}

/// The current time in milliseconds.
pub fn now() -> u64 {
    js_sys::Date::now() as u64
}
