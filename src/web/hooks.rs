//! The app's callbacks, one named field each: a callback is found by what it is for, never by
//! its place in a list, so adding or reordering one cannot rewire another.
use crate::core::Error;
use crate::web::read::opt_function;
use js_sys::Function;
use wasm_bindgen::JsValue;

/// The callbacks of the call-invitation config; `None` where the app gave none.
#[derive(Default)]
pub struct InvitationHooks {
    /// `onSetRoomConfigBeforeJoining`: the room config of a call being joined.
    pub on_set_room_config_before_joining: Option<Function>,
    /// `onWaitingPageWhenSending`: the caller's waiting page, when the app draws it.
    pub on_waiting_page_when_sending: Option<Function>,
    /// `onConfirmDialogWhenReceiving`: the incoming-call dialog, when the app draws it.
    pub on_confirm_dialog_when_receiving: Option<Function>,
    /// `onCallInvitationEnded`.
    pub on_call_invitation_ended: Option<Function>,
    /// `onIncomingCallReceived`.
    pub on_incoming_call_received: Option<Function>,
    /// `onIncomingCallCanceled`.
    pub on_incoming_call_canceled: Option<Function>,
    /// `onIncomingCallTimeout`.
    pub on_incoming_call_timeout: Option<Function>,
    /// `onOutgoingCallAccepted`.
    pub on_outgoing_call_accepted: Option<Function>,
    /// `onOutgoingCallRejected`.
    pub on_outgoing_call_rejected: Option<Function>,
    /// `onOutgoingCallDeclined`.
    pub on_outgoing_call_declined: Option<Function>,
    /// `onOutgoingCallTimeout`.
    pub on_outgoing_call_timeout: Option<Function>,
}

/// A callback's JS name and its field.
type Field<T> = (&'static str, fn(&mut T) -> &mut Option<Function>);

/// Each JS name next to its field, in the order the app's object is read. One loop reads them
/// all and one merges them: written out per field, the wasm was 1.4 KB larger (0.13 KB gzipped).
const INVITATION_FIELDS: [Field<InvitationHooks>; 11] = [
    ("onSetRoomConfigBeforeJoining", |h| &mut h.on_set_room_config_before_joining),
    ("onWaitingPageWhenSending", |h| &mut h.on_waiting_page_when_sending),
    ("onConfirmDialogWhenReceiving", |h| &mut h.on_confirm_dialog_when_receiving),
    ("onCallInvitationEnded", |h| &mut h.on_call_invitation_ended),
    ("onIncomingCallReceived", |h| &mut h.on_incoming_call_received),
    ("onIncomingCallCanceled", |h| &mut h.on_incoming_call_canceled),
    ("onIncomingCallTimeout", |h| &mut h.on_incoming_call_timeout),
    ("onOutgoingCallAccepted", |h| &mut h.on_outgoing_call_accepted),
    ("onOutgoingCallRejected", |h| &mut h.on_outgoing_call_rejected),
    ("onOutgoingCallDeclined", |h| &mut h.on_outgoing_call_declined),
    ("onOutgoingCallTimeout", |h| &mut h.on_outgoing_call_timeout),
];

impl InvitationHooks {
    /// Reads the callbacks of the call-invitation config `value` (an object, at `path`).
    pub fn read(value: &JsValue, path: &str) -> Result<InvitationHooks, Error> {
        read(value, path, &INVITATION_FIELDS)
    }

    /// Takes the callbacks `other` gives; the others stay. Each config the app sets is a patch.
    pub fn merge(&mut self, mut other: InvitationHooks) {
        for (_, field) in INVITATION_FIELDS {
            if let Some(f) = field(&mut other).take() {
                *field(self) = Some(f);
            }
        }
    }
}

/// The callbacks of a room config; `None` where the app gave none. A room config replaces
/// them all.
#[derive(Default)]
pub struct RoomHooks {
    /// `onJoinRoom`.
    pub on_join_room: Option<Function>,
    /// `onLeaveRoom`.
    pub on_leave_room: Option<Function>,
    /// `onUserJoin`.
    pub on_user_join: Option<Function>,
    /// `onUserLeave`.
    pub on_user_leave: Option<Function>,
}

/// As [`INVITATION_FIELDS`].
const ROOM_FIELDS: [Field<RoomHooks>; 4] = [
    ("onJoinRoom", |h| &mut h.on_join_room),
    ("onLeaveRoom", |h| &mut h.on_leave_room),
    ("onUserJoin", |h| &mut h.on_user_join),
    ("onUserLeave", |h| &mut h.on_user_leave),
];

impl RoomHooks {
    /// Reads the callbacks of the room config `value` (an object, at `path`).
    pub fn read(value: &JsValue, path: &str) -> Result<RoomHooks, Error> {
        read(value, path, &ROOM_FIELDS)
    }
}

fn read<T: Default>(value: &JsValue, path: &str, fields: &[Field<T>]) -> Result<T, Error> {
    let mut hooks = T::default();
    for (name, field) in fields {
        *field(&mut hooks) = opt_function(value, name, path)?;
    }
    Ok(hooks)
}
