//! Reads the app's values. Any of them may be a Proxy or have getters, so every read that can
//! run app code is an import with `catch`: a throw becomes a `TypeError` naming the field,
//! never an exception unwinding through wasm (each one leaked wasm stack until the module
//! trapped, and left the kit's state half-updated). Lists are read by index after checking their
//! `length`, strings after checking theirs: nothing over a bound is copied into wasm memory.
use crate::core::user::{item_path, MAX_AVATAR_LEN, MAX_ID_LEN, MAX_NAME_LEN};
use crate::core::{Error, User};
use js_sys::{Function, JsString, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::Element;

#[wasm_bindgen]
extern "C" {
    // js-sys imports `Array.isArray` without `catch`, and it throws on a revoked Proxy.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;

    /// Any value, seen as an element for [`tag_name`]'s sake.
    #[wasm_bindgen(js_name = Element)]
    type MaybeElement;

    // `final`: `Element.prototype`'s own `tagName` getter, called on the value. It throws for
    // anything that is not an element, a Proxy of one included (which `instanceof` lets
    // through, and on which every DOM call then throws "Illegal invocation").
    #[wasm_bindgen(catch, final, method, getter, js_class = "Element", js_name = tagName)]
    fn tag_name(this: &MaybeElement) -> Result<JsValue, JsValue>;
}

/// A `TypeError` naming `field`.
pub fn type_error(field: &str, reason: &str) -> Error {
    Error::type_error(field, reason)
}

/// `path.key`, or `key` at the top.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        [path, ".", key].concat()
    }
}

/// The error for a read of `field` that threw `thrown`: "field: could not be read (why)".
fn unreadable(field: &str, thrown: &JsValue) -> Error {
    // What was thrown is the app's too: its `message` is read with the same care, and a long one
    // is left out rather than copied.
    let why = Reflect::get(thrown, &JsValue::from_str("message")).ok().filter(JsValue::is_string).unwrap_or_else(|| thrown.clone());
    match short_string(&why, 200) {
        Some(why) => type_error(field, &["could not be read (", &why, ")"].concat()),
        None => type_error(field, "could not be read"),
    }
}

/// `value` as a Rust string, when it is a string of at most `max` UTF-16 units (checked before
/// it is copied).
fn short_string(value: &JsValue, max: usize) -> Option<String> {
    let short = value.is_string() && value.unchecked_ref::<JsString>().length() as usize <= max;
    short.then(|| value.as_string()).flatten()
}

/// The property `key` of the app's object `obj` (at `path`); `None` when it is `undefined`.
pub fn get(obj: &JsValue, key: &str, path: &str) -> Result<Option<JsValue>, Error> {
    match Reflect::get(obj, &JsValue::from_str(key)) {
        Ok(v) => Ok((!v.is_undefined()).then_some(v)),
        Err(thrown) => Err(unreadable(&join(path, key), &thrown)),
    }
}

/// The method `key` of an app object (a plug-in), which must be a function.
pub fn method(obj: &JsValue, key: &str, path: &str) -> Result<js_sys::Function, Error> {
    match get(obj, key, path)? {
        Some(f) if f.is_function() => Ok(f.unchecked_into()),
        _ => Err(type_error(&join(path, key), "must be a function")),
    }
}

/// Requires `value` to be a plain object (not null, not an array, not a function).
pub fn object(value: &JsValue, field: &str) -> Result<(), Error> {
    if value.is_object() && !value.is_function() && !is_array(value).map_err(|thrown| unreadable(field, &thrown))? {
        Ok(())
    } else {
        Err(type_error(field, "must be an object"))
    }
}

/// An optional boolean field.
pub fn opt_bool(obj: &JsValue, key: &str, path: &str) -> Result<Option<bool>, Error> {
    match get(obj, key, path)? {
        None => Ok(None),
        Some(v) => v.as_bool().map(Some).ok_or_else(|| type_error(&join(path, key), "must be a boolean")),
    }
}

/// An optional string field.
pub fn opt_string(obj: &JsValue, key: &str, path: &str) -> Result<Option<String>, Error> {
    opt_string_max(obj, key, path, usize::MAX)
}

/// An optional string field of at most `max` bytes; a longer one is refused before it is copied
/// (a string has at least as many UTF-8 bytes as UTF-16 units), with the core's message.
pub fn opt_string_max(obj: &JsValue, key: &str, path: &str, max: usize) -> Result<Option<String>, Error> {
    match get(obj, key, path)? {
        Some(v) => opt_string_value(&v, &join(path, key), max),
        None => Ok(None),
    }
}

/// The app's optional string `v` (named `field` in errors) of at most `max` bytes: `None` when
/// it is `undefined`; a longer one is refused before it is copied.
pub fn opt_string_value(v: &JsValue, field: &str, max: usize) -> Result<Option<String>, Error> {
    if v.is_undefined() {
        return Ok(None);
    }
    if !v.is_string() {
        return Err(type_error(field, "must be a string"));
    }
    short_string(v, max).map(Some).ok_or_else(|| Error::too_long(field, max))
}

/// An optional function field. `typeof`, not `instanceof`: a function of another realm is one too.
pub fn opt_function(obj: &JsValue, key: &str, path: &str) -> Result<Option<Function>, Error> {
    match get(obj, key, path)? {
        None => Ok(None),
        Some(v) if v.is_function() => Ok(Some(v.unchecked_into())),
        Some(_) => Err(type_error(&join(path, key), "must be a function")),
    }
}

/// The length of the app's array `value` (at `field`), read before anything else so that a
/// bound is checked before any item is; `None` when it is not an array.
pub fn array_len(value: &JsValue, field: &str) -> Result<Option<u32>, Error> {
    if !is_array(value).map_err(|thrown| unreadable(field, &thrown))? {
        return Ok(None);
    }
    // A Proxy of an array may say anything: only a whole number from 0 to 2^32-1 is a length.
    let len = Reflect::get(value, &JsValue::from_str("length")).map_err(|thrown| unreadable(field, &thrown))?;
    let len = len.as_f64().filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n));
    match len {
        Some(n) => Ok(Some(n as u32)),
        None => Err(type_error(field, "must be an array")),
    }
}

/// Item `i` of the app's array `value`, named `field` in errors.
pub fn item(value: &JsValue, i: u32, field: &str) -> Result<JsValue, Error> {
    // A number key: the `Reflect.get` the kit imports anyway, without another import.
    Reflect::get(value, &JsValue::from(i)).map_err(|thrown| unreadable(field, &thrown))
}

/// A `ZegoUser` object: `{ userID: string, userName?: string, avatar?: string }`.
pub fn user(value: &JsValue, path: &str) -> Result<User, Error> {
    object(value, path)?;
    let id = match get(value, "userID", path)? {
        Some(v) if v.is_string() => short_string(&v, MAX_ID_LEN).ok_or_else(|| Error::too_long(&join(path, "userID"), MAX_ID_LEN))?,
        Some(_) => return Err(type_error(&join(path, "userID"), "must be a non-empty string")),
        None => return Err(type_error(&join(path, "userID"), "is missing")),
    };
    let name = opt_string_max(value, "userName", path, MAX_NAME_LEN)?.unwrap_or_default();
    let avatar = opt_string_max(value, "avatar", path, MAX_AVATAR_LEN)?;
    let user = User { id, name, avatar };
    user.validate(path)?;
    Ok(user)
}

/// An array of at most `max` users; each must be an object with a `userID`. The length is
/// checked first: `new Array(1e8)` is refused at once, without a read of any item.
pub fn users(value: &JsValue, path: &str, max: usize) -> Result<Vec<User>, Error> {
    let Some(len) = array_len(value, path)? else { return Err(type_error(path, "must be an array of users")) };
    users_of(value, len, path, max)
}

/// The users of the app's array `value`, whose `length` (`len`) was read: at most `max`.
pub fn users_of(value: &JsValue, len: u32, path: &str, max: usize) -> Result<Vec<User>, Error> {
    if len as usize > max {
        // Said before the copy, in the core's words.
        return Err(Error::too_many_users(path, max, len as usize));
    }
    let mut out = Vec::new();
    for i in 0..len {
        let at = item_path(path, i as usize);
        out.push(user(&item(value, i, &at)?, &at)?);
    }
    Ok(out)
}

/// The app's element `value` (at `field`): a real one, not a Proxy or a look-alike.
pub fn element(value: JsValue, field: &str) -> Result<Element, Error> {
    match value.unchecked_ref::<MaybeElement>().tag_name() {
        Ok(_) => Ok(value.unchecked_into()),
        Err(_) => Err(type_error(field, "must be an Element")),
    }
}
