//! Everything that can happen to a kit: app calls, user intents, messages, time.
use crate::core::config::{ConfigPatch, ListConfig, RoomConfig, SendRequest};
use crate::core::i18n::Language;
use crate::core::protocol::Envelope;

/// An input to [`crate::core::Kit::handle`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// `setCallInvitationConfig`: merge these flags.
    Configure(ConfigPatch),
    /// `setLanguage`.
    SetLanguage(Language),
    /// `updateCallingInvitationListConfig`.
    UpdateList(ListConfig),
    /// `sendCallInvitation`, or the invite button of the sidebar with its checked users.
    Send(SendRequest),
    /// `joinRoom(roomConfig)`: join `room_id` directly, as its initiator.
    JoinRoom {
        /// The room to join.
        room_id: String,
        /// Its config.
        room: RoomConfig,
        /// The call's media key (see [`crate::core::call::Call::media_key`]).
        media_key: String,
    },
    /// The answer to `Effect::ConfigureRoom`.
    RoomConfigured {
        /// The call the config is for.
        call_id: String,
        /// The config.
        room: RoomConfig,
    },
    /// Accept the ringing invitation.
    Accept,
    /// Decline the ringing invitation.
    Decline,
    /// Cancel every invitation this kit sent in its call; the 1:1 caller's "Cancel" button.
    CancelCalling,
    /// The app's `accept(data)`, handed to `onConfirmDialogWhenReceiving`: `Accept`, with data
    /// for the inviter.
    AcceptWith(String),
    /// The app's `refuse(data)`: `Decline`, with data for the inviter.
    DeclineWith(String),
    /// The app's `cancel(data)`, handed to `onWaitingPageWhenSending`: `CancelCalling`, with
    /// data for the callees.
    CancelCallingWith(String),
    /// Cancel this kit's invitation of one user (a waiting tile's "Cancel call").
    CancelInvitee(String),
    /// `hangUp`, or "Leave call".
    HangUp,
    /// `destroy`.
    Destroy,
    /// Open the Invitees sidebar.
    OpenSidebar,
    /// Close it.
    CloseSidebar,
    /// Flip a row's checkbox.
    ToggleRow(String),
    /// The sidebar's invite button: invite the checked, available rows.
    InviteChecked,
    /// The microphone toggle.
    ToggleMicrophone,
    /// The camera toggle.
    ToggleCamera,
    /// A decoded message from the transport.
    Received(Box<Envelope>),
    /// The transport failed to send an invitation of `call_id` to these users.
    SendFailed {
        /// The call.
        call_id: String,
        /// The users not reached.
        user_ids: Vec<String>,
    },
    /// Time passed: expire what is due.
    Tick,
    /// The bindings' media sends a negotiation message to member `to`.
    SendSignal {
        /// The member.
        to: String,
        /// The message.
        signal: crate::core::mesh::Signal,
    },
    /// The connection to `user` changed state.
    LinkState {
        /// The member.
        user: String,
        /// Its connection's state.
        state: crate::core::mesh::LinkState,
    },
    /// The microphone or camera could not be opened (no permission, no device).
    DeviceUnavailable(crate::core::mesh::Device),
}
