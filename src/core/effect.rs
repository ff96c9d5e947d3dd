//! What the state machine asks the outside world to do, as data.
use crate::core::config::CallType;
use crate::core::protocol::Envelope;
use crate::core::user::User;

/// One thing for the bindings to do after the kit's state is released, in order.
// Most effects are sends, and effects live only from an event to its handling: boxing the
// envelope would cost an allocation per message to save memory nobody holds.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Send this message through the transport to `to` (the same list as `message.to`).
    Send(Envelope),
    /// Call an app callback.
    Notify(Notice),
    /// Show a toast.
    Toast(Toast),
    /// The visible state changed: re-render.
    Render,
    /// The earliest deadline changed: wake the kit with `Event::Tick` at this time (ms), or
    /// never (`None`).
    Timer(Option<u64>),
    /// Before joining `call_id`, ask the app for its room config
    /// (`onSetRoomConfigBeforeJoining(callType)`) and answer with `Event::RoomConfigured`.
    ConfigureRoom {
        /// The call being joined.
        call_id: String,
        /// Its type, the hook's argument.
        call_type: CallType,
    },
    /// The outcome of a `sendCallInvitation`: the call it went to and who was not invited.
    Invited {
        /// The call's ID.
        call_id: String,
        /// The users sent to.
        invited: Vec<User>,
        /// Users left out, each with a reason.
        error_invitees: Vec<ErrorInvitee>,
    },
    /// A message was dropped: report it with `console.warn`.
    Dropped(crate::core::protocol::Reject),
    /// A member's media negotiation message, for the bindings' connection to it.
    Signal {
        /// The member.
        from: String,
        /// The message.
        signal: crate::core::mesh::Signal,
    },
}

/// How a call invitation ended, for `onCallInvitationEnded(reason)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// The callee declined.
    Declined,
    /// Nobody answered in time.
    Timeout,
    /// The caller cancelled.
    Canceled,
    /// The callee was busy.
    Busy,
    /// The call was left or ended.
    LeaveRoom,
}

impl EndReason {
    /// The JS string of the reason.
    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::Declined => "Declined",
            EndReason::Timeout => "Timeout",
            EndReason::Canceled => "Canceled",
            EndReason::Busy => "Busy",
            EndReason::LeaveRoom => "LeaveRoom",
        }
    }
}

/// A callback of the app's config or room config, with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Notice {
    /// `onIncomingCallReceived(callID, caller, callType, callees)`.
    IncomingCallReceived { call_id: String, caller: User, call_type: CallType, callees: Vec<User> },
    /// `onConfirmDialogWhenReceiving(callType, caller, refuse, accept, data)`: with every
    /// invitation that rings, whether or not the built-in dialog shows too.
    ConfirmDialog { call_id: String, call_type: CallType, caller: User, data: String },
    /// `onIncomingCallCanceled(callID, caller)`.
    IncomingCallCanceled { call_id: String, caller: User },
    /// `onIncomingCallTimeout(callID, caller)`.
    IncomingCallTimeout { call_id: String, caller: User },
    /// `onWaitingPageWhenSending(callType, callees, cancel)`: with every 1:1 call placed, whether
    /// or not the built-in "Calling…" page shows too.
    WaitingPage { call_id: String, call_type: CallType, callees: Vec<User> },
    /// `onOutgoingCallAccepted(callID, callee, data)`: `data` of the callee's `accept(data)`.
    OutgoingCallAccepted { call_id: String, callee: User, data: String },
    /// `onOutgoingCallRejected(callID, callee)`: the callee was busy.
    OutgoingCallRejected { call_id: String, callee: User },
    /// `onOutgoingCallDeclined(callID, callee, data)`: `data` of the callee's `refuse(data)`.
    OutgoingCallDeclined { call_id: String, callee: User, data: String },
    /// `onOutgoingCallTimeout(callID, callees)`.
    OutgoingCallTimeout { call_id: String, callees: Vec<User> },
    /// `onCallInvitationEnded(reason, data)`: `data` is that of the other side's answer that
    /// ended it (`refuse(data)`, `cancel(data)`) when it gave one, else the invitation's.
    CallInvitationEnded { call_id: String, reason: EndReason, data: String },
    /// The room config's `onJoinRoom()`.
    JoinedRoom { call_id: String },
    /// The room config's `onLeaveRoom()`.
    LeftRoom { call_id: String },
    /// The room config's `onUserJoin(users)`.
    UserJoin { call_id: String, users: Vec<User> },
    /// The room config's `onUserLeave(users)`.
    UserLeave { call_id: String, users: Vec<User> },
}

/// A short message on screen (`role="status"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Toast {
    /// "{name} declined".
    Declined(String),
    /// "{name} is busy".
    Busy(String),
    /// "{name} didn't answer".
    NoAnswer(String),
    /// "Failed to send the invitation, please try again."
    SendFailed,
    /// "Camera unavailable" / "Microphone unavailable".
    Unavailable(crate::core::mesh::Device),
}

/// A user `sendCallInvitation` did not invite, with why (`errorInvitees`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInvitee {
    /// The user.
    pub user: User,
    /// Why.
    pub reason: InviteeError,
}

/// Why a user was not invited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteeError {
    /// Already in the call.
    InCall,
    /// Already has a pending invitation.
    Calling,
    /// The transport failed to send.
    SendFailed,
    /// The call holds as many people as its size limit allows.
    CallFull,
}

impl InviteeError {
    /// The JS string of the reason.
    pub fn as_str(self) -> &'static str {
        match self {
            InviteeError::InCall => "inCall",
            InviteeError::Calling => "calling",
            InviteeError::SendFailed => "sendFailed",
            InviteeError::CallFull => "callFull",
        }
    }
}
