//! Small bridges between JS values and Rust: field access that names the field, errors, calls.
use crate::core::user::item_path;
use crate::core::{Error, User};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A core error as a JS `TypeError`, `RangeError` or `Error`.
pub fn to_js_error(err: &Error) -> JsValue {
    let msg = err.message();
    match err {
        Error::Type { .. } => js_sys::TypeError::new(&msg).into(),
        Error::Range { .. } => js_sys::RangeError::new(&msg).into(),
        Error::Refused(_) => js_sys::Error::new(&msg).into(),
    }
}

/// A `TypeError` naming `field`.
pub fn type_error(field: &str, reason: &str) -> Error {
    Error::type_error(field, reason)
}

/// The property `key` of `obj`; `None` when it is `undefined`.
pub fn get(obj: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(obj, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined())
}

/// Requires `value` to be a plain object (not null, not an array, not a function).
pub fn object(value: &JsValue, field: &str) -> Result<(), Error> {
    if value.is_object() && !Array::is_array(value) && !value.is_function() {
        Ok(())
    } else {
        Err(type_error(field, "must be an object"))
    }
}

/// An optional boolean field.
pub fn opt_bool(obj: &JsValue, key: &str, path: &str) -> Result<Option<bool>, Error> {
    match get(obj, key) {
        None => Ok(None),
        Some(v) => v.as_bool().map(Some).ok_or_else(|| type_error(&join(path, key), "must be a boolean")),
    }
}

/// An optional string field.
pub fn opt_string(obj: &JsValue, key: &str, path: &str) -> Result<Option<String>, Error> {
    match get(obj, key) {
        None => Ok(None),
        Some(v) => v.as_string().map(Some).ok_or_else(|| type_error(&join(path, key), "must be a string")),
    }
}

/// An optional function field.
pub fn opt_function(obj: &JsValue, key: &str, path: &str) -> Result<Option<Function>, Error> {
    match get(obj, key) {
        None => Ok(None),
        Some(v) => v.dyn_into::<Function>().map(Some).map_err(|_| type_error(&join(path, key), "must be a function")),
    }
}

/// `path.key`, or `key` at the top.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        [path, ".", key].concat()
    }
}

/// A `ZegoUser` object: `{ userID: string, userName?: string, avatar?: string }`.
pub fn user(value: &JsValue, path: &str) -> Result<User, Error> {
    object(value, path)?;
    let id = match get(value, "userID") {
        Some(v) => v.as_string().ok_or_else(|| type_error(&join(path, "userID"), "must be a non-empty string"))?,
        None => return Err(type_error(&join(path, "userID"), "is missing")),
    };
    let name = opt_string(value, "userName", path)?.unwrap_or_default();
    let avatar = opt_string(value, "avatar", path)?;
    let user = User { id, name, avatar };
    user.validate(path)?;
    Ok(user)
}

/// An array of users; each must be an object with a `userID`.
pub fn users(value: &JsValue, path: &str) -> Result<Vec<User>, Error> {
    if !Array::is_array(value) {
        return Err(type_error(path, "must be an array of users"));
    }
    // A plain loop: the iterator-adapter version costs twice the code.
    let array = Array::from(value);
    let mut out = Vec::new();
    for i in 0..array.length() {
        out.push(user(&array.get(i), &item_path(path, i as usize))?);
    }
    Ok(out)
}

/// A user as a JS object.
pub fn user_to_js(user: &User) -> JsValue {
    let obj = Object::new();
    set(&obj, "userID", &JsValue::from_str(&user.id));
    set(&obj, "userName", &JsValue::from_str(user.display_name()));
    if let Some(avatar) = &user.avatar {
        set(&obj, "avatar", &JsValue::from_str(avatar));
    }
    obj.into()
}

/// Users as a JS array.
pub fn users_to_js(users: &[User]) -> JsValue {
    users.iter().map(user_to_js).collect::<Array>().into()
}

/// Sets `obj[key] = value` (cannot fail on a plain object).
pub fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
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
            web_sys::console::error_2(&JsValue::from_str(&["callkit-invite: ", name, " threw"].concat()), &err);
            None
        }
    }
}

/// Reports a problem with `console.warn`.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&["callkit-invite: ", message].concat()));
}

/// The current time in milliseconds.
pub fn now() -> u64 {
    js_sys::Date::now() as u64
}
