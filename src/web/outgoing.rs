//! What the kit hands to JS, as `Serialize` types whose field names are the TypeScript ones
//! (src/web/types.rs), turned into plain objects by serde-wasm-bindgen.
use crate::core::User;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// A `ZegoUser`: `{ userID, userName, avatar? }`.
#[derive(Serialize)]
pub struct JsUser<'a> {
    #[serde(rename = "userID")]
    user_id: &'a str,
    #[serde(rename = "userName")]
    user_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    avatar: Option<&'a str>,
}

impl<'a> From<&'a User> for JsUser<'a> {
    fn from(user: &'a User) -> Self {
        JsUser { user_id: &user.id, user_name: user.display_name(), avatar: user.avatar.as_deref() }
    }
}

/// A `ZegoErrorInvitee`: the user and why it was not invited.
#[derive(Serialize)]
pub struct ErrorInvitee<'a> {
    #[serde(rename = "userID")]
    user_id: &'a str,
    #[serde(rename = "userName")]
    user_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    avatar: Option<&'a str>,
    reason: &'a str,
}

impl<'a> ErrorInvitee<'a> {
    /// `user`, not invited for `reason`.
    pub fn new(user: &'a User, reason: &'a str) -> Self {
        ErrorInvitee { user_id: &user.id, user_name: user.display_name(), avatar: user.avatar.as_deref(), reason }
    }
}

/// What `sendCallInvitation` resolves with: `{ errorInvitees }`.
#[derive(Serialize)]
pub struct SendResult<'a> {
    #[serde(rename = "errorInvitees")]
    error_invitees: Vec<ErrorInvitee<'a>>,
}

impl<'a> SendResult<'a> {
    /// A result listing `error_invitees`.
    pub fn new(error_invitees: Vec<ErrorInvitee<'a>>) -> Self {
        SendResult { error_invitees }
    }
}

/// The second argument of a transport's `send`, `{ appID, to, token? }`, or of its `subscribe`,
/// `{ appID, userID, token? }`. One type for both: one serializer in the wasm, not two.
#[derive(Serialize)]
pub struct TransportMeta<'a> {
    #[serde(rename = "appID")]
    pub app_id: &'a str,
    /// `send`'s recipients.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<&'a [String]>,
    /// `subscribe`'s user.
    #[serde(rename = "userID", skip_serializing_if = "Option::is_none")]
    pub user_id: Option<&'a str>,
    /// The server token of a production kit token; absent (empty) with a test token.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub token: &'a str,
}

/// `value` as a JS value. Serializing these types cannot fail (strings and arrays only); were it
/// to, the value is `undefined` rather than a trap.
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    serde_wasm_bindgen::to_value(value).unwrap_or(JsValue::UNDEFINED)
}
