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

impl InvitationHooks {
    /// Reads the callbacks of the call-invitation config `value` (an object, at `path`).
    pub fn read(value: &JsValue, path: &str) -> Result<InvitationHooks, Error> {
        let f = |name: &str| opt_function(value, name, path);
        Ok(InvitationHooks {
            on_set_room_config_before_joining: f("onSetRoomConfigBeforeJoining")?,
            on_waiting_page_when_sending: f("onWaitingPageWhenSending")?,
            on_confirm_dialog_when_receiving: f("onConfirmDialogWhenReceiving")?,
            on_call_invitation_ended: f("onCallInvitationEnded")?,
            on_incoming_call_received: f("onIncomingCallReceived")?,
            on_incoming_call_canceled: f("onIncomingCallCanceled")?,
            on_incoming_call_timeout: f("onIncomingCallTimeout")?,
            on_outgoing_call_accepted: f("onOutgoingCallAccepted")?,
            on_outgoing_call_rejected: f("onOutgoingCallRejected")?,
            on_outgoing_call_declined: f("onOutgoingCallDeclined")?,
            on_outgoing_call_timeout: f("onOutgoingCallTimeout")?,
        })
    }

    /// Takes the callbacks `other` gives; the others stay. Each config the app sets is a patch.
    pub fn merge(&mut self, other: InvitationHooks) {
        // Taken apart whole: a field added to the struct cannot be forgotten here.
        let InvitationHooks {
            on_set_room_config_before_joining,
            on_waiting_page_when_sending,
            on_confirm_dialog_when_receiving,
            on_call_invitation_ended,
            on_incoming_call_received,
            on_incoming_call_canceled,
            on_incoming_call_timeout,
            on_outgoing_call_accepted,
            on_outgoing_call_rejected,
            on_outgoing_call_declined,
            on_outgoing_call_timeout,
        } = other;
        replace_given(&mut self.on_set_room_config_before_joining, on_set_room_config_before_joining);
        replace_given(&mut self.on_waiting_page_when_sending, on_waiting_page_when_sending);
        replace_given(&mut self.on_confirm_dialog_when_receiving, on_confirm_dialog_when_receiving);
        replace_given(&mut self.on_call_invitation_ended, on_call_invitation_ended);
        replace_given(&mut self.on_incoming_call_received, on_incoming_call_received);
        replace_given(&mut self.on_incoming_call_canceled, on_incoming_call_canceled);
        replace_given(&mut self.on_incoming_call_timeout, on_incoming_call_timeout);
        replace_given(&mut self.on_outgoing_call_accepted, on_outgoing_call_accepted);
        replace_given(&mut self.on_outgoing_call_rejected, on_outgoing_call_rejected);
        replace_given(&mut self.on_outgoing_call_declined, on_outgoing_call_declined);
        replace_given(&mut self.on_outgoing_call_timeout, on_outgoing_call_timeout);
    }
}

fn replace_given(slot: &mut Option<Function>, given: Option<Function>) {
    if given.is_some() {
        *slot = given;
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

impl RoomHooks {
    /// Reads the callbacks of the room config `value` (an object, at `path`).
    pub fn read(value: &JsValue, path: &str) -> Result<RoomHooks, Error> {
        let f = |name: &str| opt_function(value, name, path);
        Ok(RoomHooks {
            on_join_room: f("onJoinRoom")?,
            on_leave_room: f("onLeaveRoom")?,
            on_user_join: f("onUserJoin")?,
            on_user_leave: f("onUserLeave")?,
        })
    }
}
