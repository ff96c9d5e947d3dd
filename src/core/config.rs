//! The app's configuration: call-invitation config, room config subset, invitee list, send request.
use crate::core::error::Error;
use crate::core::i18n::Language;
use crate::core::permission::Policy;
use crate::core::user::{validate_users, User};

/// At most this many users in `waitingSelectUsers` and in one invitation.
pub const MAX_LIST_USERS: usize = 9;
/// Default invitation timeout, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u32 = 60;
/// Accepted invitation timeouts, in seconds.
pub const TIMEOUT_RANGE: std::ops::RangeInclusive<u32> = 1..=600;

/// `InvitationTypeVoiceCall` (0) or `InvitationTypeVideoCall` (1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CallType {
    /// A voice call (0).
    Voice,
    /// A video call (1).
    #[default]
    Video,
}

impl CallType {
    /// The JS number of this call type.
    pub fn code(self) -> u8 {
        match self {
            CallType::Voice => 0,
            CallType::Video => 1,
        }
    }

    /// The call type for a JS number, if it is one.
    pub fn from_code(code: u8) -> Option<Self> {
        match code {
            0 => Some(CallType::Voice),
            1 => Some(CallType::Video),
            _ => None,
        }
    }
}

/// The flags of the call-invitation config (the callbacks live in the bindings).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InvitationConfig {
    /// `canInvitingInCalling`.
    pub can_inviting_in_calling: bool,
    /// `onlyInitiatorCanInvite`.
    pub only_initiator_can_invite: bool,
    /// `endCallWhenInitiatorLeave`.
    pub end_call_when_initiator_leave: bool,
    /// `enableCustomCallInvitationWaitingPage`: the app draws the caller's waiting page.
    pub custom_waiting_page: bool,
    /// `enableCustomCallInvitationDialog`: the app draws the incoming-call dialog.
    pub custom_dialog: bool,
    /// `language`.
    pub language: Language,
}

impl InvitationConfig {
    /// The policy a call started by this kit carries.
    pub fn policy(&self) -> Policy {
        Policy {
            can_invite_in_calling: self.can_inviting_in_calling,
            only_initiator_can_invite: self.only_initiator_can_invite,
            end_call_when_initiator_leave: self.end_call_when_initiator_leave,
            max_users: crate::core::permission::DEFAULT_CALL_SIZE,
        }
    }

    /// Merges the fields a `setCallInvitationConfig` call gave.
    pub fn merge(&mut self, patch: &ConfigPatch) {
        let ConfigPatch {
            can_inviting_in_calling,
            only_initiator_can_invite,
            end_call_when_initiator_leave,
            custom_waiting_page,
            custom_dialog,
            language,
        } = *patch;
        set(&mut self.can_inviting_in_calling, can_inviting_in_calling);
        set(&mut self.only_initiator_can_invite, only_initiator_can_invite);
        set(&mut self.end_call_when_initiator_leave, end_call_when_initiator_leave);
        set(&mut self.custom_waiting_page, custom_waiting_page);
        set(&mut self.custom_dialog, custom_dialog);
        set(&mut self.language, language);
    }
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

/// The fields one `setCallInvitationConfig` call gave; absent ones keep their value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConfigPatch {
    /// `canInvitingInCalling`.
    pub can_inviting_in_calling: Option<bool>,
    /// `onlyInitiatorCanInvite`.
    pub only_initiator_can_invite: Option<bool>,
    /// `endCallWhenInitiatorLeave`.
    pub end_call_when_initiator_leave: Option<bool>,
    /// `enableCustomCallInvitationWaitingPage`.
    pub custom_waiting_page: Option<bool>,
    /// `enableCustomCallInvitationDialog`.
    pub custom_dialog: Option<bool>,
    /// `language`.
    pub language: Option<Language>,
}

/// `callingInvitationListConfig`: who the Invitees sidebar offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListConfig {
    /// `waitingSelectUsers`, in order; at most nine, unique IDs.
    pub users: Vec<User>,
    /// `defaultChecked`: whether new rows start checked (default true).
    pub default_checked: bool,
}

impl Default for ListConfig {
    fn default() -> Self {
        ListConfig { users: Vec::new(), default_checked: true }
    }
}

impl ListConfig {
    /// Checks the list; `field` is its JS path.
    pub fn validate(&self, field: &str) -> Result<(), Error> {
        validate_users(&self.users, &[field, ".waitingSelectUsers"].concat(), MAX_LIST_USERS, None)
    }
}

/// The room config fields the kit acts on; the bindings keep the callbacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomConfig {
    /// `showWaitingCallAcceptAudioVideoView`: show waiting tiles for pending invitees.
    pub show_waiting_tiles: bool,
    /// `callingInvitationListConfig`, when the room config gives one.
    pub list: Option<ListConfig>,
    /// `turnOnMicrophoneWhenJoining`.
    pub microphone_on: bool,
    /// `turnOnCameraWhenJoining`.
    pub camera_on: bool,
    /// `maxUsers`: how many people a call this kit starts holds (2..=50, default 10). It is
    /// the initiator's to set, and travels with the call's terms.
    pub max_users: Option<u8>,
    /// `builtInMedia`: the kit captures and connects (default); `false` leaves media to the app.
    pub builtin_media: bool,
    /// `useFrontFacingCamera` (default true).
    pub front_camera: bool,
}

impl Default for RoomConfig {
    fn default() -> Self {
        RoomConfig { show_waiting_tiles: true, list: None, microphone_on: true, camera_on: true, max_users: None, builtin_media: true, front_camera: true }
    }
}

impl RoomConfig {
    /// Checks the room config; `field` is its JS path.
    pub fn validate(&self, field: &str) -> Result<(), Error> {
        if self.max_users.is_some_and(|n| !crate::core::permission::CALL_SIZES.contains(&n)) {
            return Err(Error::range(&[field, ".maxUsers"].concat(), "must be a whole number from 2 to 50"));
        }
        match &self.list {
            Some(list) => list.validate(&[field, ".callingInvitationListConfig"].concat()),
            None => Ok(()),
        }
    }
}

/// `sendCallInvitation({ callees, callType, timeout, data })`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendRequest {
    /// `callees`: 1 to 9 users, unique, not the kit's own user.
    pub callees: Vec<User>,
    /// `callType`.
    pub call_type: CallType,
    /// `timeout`, in seconds (1..=600, default 60).
    pub timeout_secs: u32,
    /// `data`: an app string delivered with the invitation.
    pub data: String,
    /// The ID of the call this invitation starts (ignored in a call): the app's `roomID`, or
    /// else one the bindings make with 128 random bits (`crypto.getRandomValues`), so that a
    /// call's ID is not guessable, although membership never rests on it alone. Without one
    /// (native tests), `call_<userID>_<ms>`.
    pub room_id: Option<String>,
    /// The media key of the call this invitation starts (ignored in a call): 128 random bits
    /// from the bindings, told to members only (see [`crate::core::call::Call::media_key`]).
    pub media_key: String,
}

/// The incumbent's text for `callees` that are not a list of at least one user, after ours.
pub const CALLEES_ERROR: &str = " (sendCallInvitation params error: callees !!)";

/// Longest accepted `data` string, in bytes.
pub const MAX_DATA_LEN: usize = 4096;

impl SendRequest {
    /// A request with the default timeout and no data.
    pub fn new(callees: Vec<User>, call_type: CallType) -> Self {
        SendRequest { callees, call_type, timeout_secs: DEFAULT_TIMEOUT_SECS, data: String::new(), room_id: None, media_key: String::new() }
    }

    /// Checks the request as sent by `me`.
    pub fn validate(&self, me: &str) -> Result<(), Error> {
        if self.callees.is_empty() {
            return Err(Error::range("callees", &["must list at least one user", CALLEES_ERROR].concat()));
        }
        validate_users(&self.callees, "callees", MAX_LIST_USERS, Some(me))?;
        if !TIMEOUT_RANGE.contains(&self.timeout_secs) {
            return Err(Error::range("timeout", "must be a whole number of seconds from 1 to 600"));
        }
        if self.data.len() > MAX_DATA_LEN {
            return Err(Error::too_long("data", MAX_DATA_LEN));
        }
        if let Some(room) = &self.room_id {
            if room.is_empty() || room.len() > crate::core::protocol::MAX_CALL_ID_LEN {
                return Err(Error::range("roomID", "must be a non-empty string of at most 160 bytes"));
            }
        }
        Ok(())
    }
}
