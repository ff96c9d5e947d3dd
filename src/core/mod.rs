//! The pure core: config model, rules, call state machine and signaling protocol.
//!
//! Nothing here touches JavaScript, the DOM or a clock: time comes in as milliseconds.

pub mod call;
pub mod config;
pub mod digits;
pub mod effect;
pub mod error;
pub mod event;
pub mod i18n;
pub mod id_index;
pub mod invitation_list;
pub mod json;
pub mod mesh;
pub mod kit;
pub mod kit_media;
mod kit_incoming;
mod kit_liveness;
mod kit_outgoing;
mod kit_roster;
pub mod permission;
pub mod protocol;
pub mod screen;
pub mod token;
pub mod user;

pub use call::{Call, Incoming, Pending, Retry};
pub use config::{CallType, ConfigPatch, InvitationConfig, ListConfig, RoomConfig, SendRequest};
pub use effect::{Effect, EndReason, ErrorInvitee, InviteeError, Notice, Toast};
pub use error::{Error, Invalid, Refusal};
pub use event::Event;
pub use i18n::{Language, Text};
pub use invitation_list::{InvitationList, Row, RowStatus};
pub use kit::Kit;
pub use mesh::{Device, Devices, LinkState, MediaPlan, Signal};
pub use permission::Policy;
pub use protocol::{Body, Envelope, Reject, Terms};
pub use user::User;
