//! What the kit hands to JS: one type per shape, whose `to_js` makes the plain object with the
//! TypeScript field names (src/web/types.rs). Made with `Reflect.set` (`js::object`), not
//! serde-wasm-bindgen: its serializer and its cache of key strings cost 2.8 KB gzipped, more
//! than the budget had left.
use crate::core::User;
use crate::web::js::object;
use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

/// A value the kit hands to JS.
pub trait ToJs {
    /// The JS value: a plain object, or an array of them.
    fn to_js(&self) -> JsValue;
}

impl<T: ToJs> ToJs for Vec<T> {
    fn to_js(&self) -> JsValue {
        self.iter().map(ToJs::to_js).collect::<Array>().into()
    }
}

/// A `ZegoUser`: `{ userID, userName, avatar? }`.
pub struct JsUser<'a>(&'a User);

impl<'a> From<&'a User> for JsUser<'a> {
    fn from(user: &'a User) -> Self {
        JsUser(user)
    }
}

impl ToJs for JsUser<'_> {
    fn to_js(&self) -> JsValue {
        let user = self.0;
        let js = object(&[("userID", &user.id.as_str().into()), ("userName", &user.display_name().into())]);
        if let Some(avatar) = &user.avatar {
            let _ = Reflect::set(&js, &"avatar".into(), &avatar.as_str().into());
        }
        js
    }
}

/// A `ZegoErrorInvitee`: the user and why it was not invited, `{ userID, userName, avatar?,
/// reason }`.
pub struct ErrorInvitee<'a> {
    user: &'a User,
    reason: &'a str,
}

impl<'a> ErrorInvitee<'a> {
    /// `user`, not invited for `reason`.
    pub fn new(user: &'a User, reason: &'a str) -> Self {
        ErrorInvitee { user, reason }
    }
}

impl ToJs for ErrorInvitee<'_> {
    fn to_js(&self) -> JsValue {
        let js = JsUser(self.user).to_js();
        let _ = Reflect::set(&js, &"reason".into(), &self.reason.into());
        js
    }
}

/// What `sendCallInvitation` resolves with: `{ errorInvitees }`.
pub struct SendResult<'a> {
    error_invitees: Vec<ErrorInvitee<'a>>,
}

impl<'a> SendResult<'a> {
    /// A result listing `error_invitees`.
    pub fn new(error_invitees: Vec<ErrorInvitee<'a>>) -> Self {
        SendResult { error_invitees }
    }
}

impl ToJs for SendResult<'_> {
    fn to_js(&self) -> JsValue {
        object(&[("errorInvitees", &self.error_invitees.to_js())])
    }
}

/// The second argument of a transport's `send`, `{ appID, to, token? }`, or of its `subscribe`,
/// `{ appID, userID, token? }`.
pub struct TransportMeta<'a> {
    /// `appID`.
    pub app_id: &'a str,
    /// `send`'s recipients.
    pub to: Option<&'a [String]>,
    /// `subscribe`'s user.
    pub user_id: Option<&'a str>,
    /// The server token of a production kit token; absent (empty) with a test token.
    pub token: &'a str,
}

impl ToJs for TransportMeta<'_> {
    fn to_js(&self) -> JsValue {
        let js = object(&[("appID", &self.app_id.into())]);
        if let Some(to) = self.to {
            let to: Array = to.iter().map(|id| JsValue::from_str(id)).collect();
            let _ = Reflect::set(&js, &"to".into(), &to);
        }
        if let Some(user) = self.user_id {
            let _ = Reflect::set(&js, &"userID".into(), &user.into());
        }
        if !self.token.is_empty() {
            let _ = Reflect::set(&js, &"token".into(), &self.token.into());
        }
        js
    }
}

/// `value` as a JS value.
pub fn to_js<T: ToJs>(value: &T) -> JsValue {
    value.to_js()
}
