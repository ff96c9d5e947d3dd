//! Waiting on a JS value that may be a promise (the app's or the browser's). Shared by the
//! bindings (a transport's `send`) and the UI (`play()` of a ringtone): neither owns it.
use js_sys::{Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // `Promise.resolve` reads the `constructor` of a promise it is given: an app's promise may
    // throw there. js-sys imports it without `catch`.
    #[wasm_bindgen(catch, js_namespace = Promise, js_name = resolve)]
    fn promise_resolve(value: &JsValue) -> Result<Promise, JsValue>;
}

/// Both reactions attached to one promise: whichever runs drops the two of them. `Fn`, as the
/// transport's listener is: one closure type, one adapter in the glue.
type Reactions = Rc<RefCell<Option<[Closure<dyn Fn(JsValue)>; 2]>>>;

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
        Closure::<dyn Fn(JsValue)>::new(move |v: JsValue| {
            drop(reactions.take());
            if let Some(done) = done.take() {
                done(if fulfilled { Ok(v) } else { Err(v) });
            }
        })
    };
    let (on_ok, on_err) = (reaction(true), reaction(false));
    let args = [on_ok.as_ref().clone(), on_err.as_ref().clone()];
    // In place before `then` runs: an app's `then` may call a reaction at once.
    *reactions.borrow_mut() = Some([on_ok, on_err]);
    // `then` through `Reflect.get` and a call with `catch`: a promise of the app's may have its
    // own, throwing one.
    let attached = Reflect::get(&promise, &JsValue::from_str("then"))
        .and_then(|then| match then.is_function() {
            true => crate::web::js::apply(then.unchecked_ref(), &promise, &args),
            false => Err(js_sys::TypeError::new("then is not a function").into()),
        });
    if let Err(thrown) = attached {
        drop(reactions.take());
        if let Some(done) = done.take() {
            done(Err(thrown));
        }
    }
}
