//! The signaling protocol: versioned JSON messages, and a decoder that rejects with a reason.
use crate::core::config::{CallType, MAX_DATA_LEN, MAX_LIST_USERS, TIMEOUT_RANGE};
use crate::core::permission::Policy;
use crate::core::user::{User, MAX_ID_LEN};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The protocol version this kit speaks.
pub const VERSION: u32 = 1;
/// Largest accepted message, in bytes of JSON text.
pub const MAX_MESSAGE_LEN: usize = 64 * 1024;
/// Most users a roster may list.
pub const MAX_ROSTER: usize = 1000;

/// One message: who sends it, to whom, about which call, and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// Protocol version.
    pub v: u32,
    /// Message ID, unique per sending kit.
    pub id: String,
    /// The app ID the message belongs to.
    pub app: String,
    /// The sending kit instance (one per tab).
    pub sid: String,
    /// The sending user.
    pub from: User,
    /// The recipients' user IDs.
    pub to: Vec<String>,
    /// The call ID.
    pub call: String,
    /// What the message says.
    pub body: Body,
}

/// The kinds of message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Body {
    /// An invitation into the call: rings the callees, tells the participants who is pending.
    Invite(Invite),
    /// The inviter withdraws its invitation of these callees (`timeout`: because it timed out).
    Cancel {
        /// Whose invitations end.
        callees: Vec<String>,
        /// True when the inviter's timer ran out, false when cancelled.
        #[serde(default)]
        timeout: bool,
    },
    /// The sender accepted and joined; `participants` is who it believes is in the call.
    Accept {
        /// The sender's roster.
        participants: Vec<User>,
    },
    /// The sender declined (or was busy).
    Decline {
        /// True for an automatic busy answer.
        #[serde(default)]
        busy: bool,
    },
    /// To the sender's own other tabs: the invitation was answered here, stop ringing.
    Answered {
        /// Whether it was accepted.
        #[serde(default)]
        accepted: bool,
    },
    /// The sender is in the call; `participants` is who it believes is in the call.
    Present {
        /// The sender's roster.
        participants: Vec<User>,
    },
    /// The sender left the call; its pending invitations end with it.
    Leave {},
    /// The initiator left with `endCallWhenInitiatorLeave`: the call is over for everyone.
    End {},
}

/// The body of an invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invite {
    /// 0 voice, 1 video.
    pub call_type: u8,
    /// Who started the call.
    pub initiator: String,
    /// The initiator's policy, which governs who may invite in this call.
    pub policy: Policy,
    /// False for the call's first invitation, true for invitations into a call going on.
    pub in_call: bool,
    /// Who this invitation invites.
    pub callees: Vec<User>,
    /// Who is in the call now.
    pub participants: Vec<User>,
    /// Seconds until the invitation times out.
    pub timeout: u32,
    /// App data.
    #[serde(default)]
    pub data: String,
}

/// Why a message was dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reject {
    /// Larger than [`MAX_MESSAGE_LEN`].
    TooLarge(usize),
    /// Not JSON of the message shape.
    Malformed(String),
    /// Of a protocol version this kit does not speak.
    Version(u64),
    /// A field holds a value the protocol forbids.
    Invalid(&'static str),
    /// For another app.
    OtherApp,
    /// Not addressed to this kit's user.
    NotAddressed,
    /// Sent by this very kit.
    OwnEcho,
    /// Claims this kit's own user as sender where only another tab of the user could send it.
    FromSelf,
    /// About a call this kit is not in or not ringing for.
    UnknownCall,
    /// The sender may not do this in this call.
    Forbidden(&'static str),
}

impl fmt::Display for Reject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reject::TooLarge(n) => write!(f, "message too large ({n} bytes, limit {MAX_MESSAGE_LEN})"),
            Reject::Malformed(why) => write!(f, "malformed message: {why}"),
            Reject::Version(v) => write!(f, "unknown protocol version {v}"),
            Reject::Invalid(field) => write!(f, "invalid field {field}"),
            Reject::OtherApp => f.write_str("message for another appID"),
            Reject::NotAddressed => f.write_str("message not addressed to this user"),
            Reject::OwnEcho => f.write_str("own message echoed"),
            Reject::FromSelf => f.write_str("message claims to come from this user"),
            Reject::UnknownCall => f.write_str("message about a call this kit is not part of"),
            Reject::Forbidden(what) => write!(f, "forbidden: {what}"),
        }
    }
}

#[derive(Deserialize)]
struct VersionProbe {
    v: u64,
}

/// Decodes and checks one message. Never panics, whatever the text.
pub fn decode(text: &str) -> Result<Envelope, Reject> {
    if text.len() > MAX_MESSAGE_LEN {
        return Err(Reject::TooLarge(text.len()));
    }
    let envelope: Envelope = match serde_json::from_str(text) {
        Ok(envelope) => envelope,
        Err(err) => {
            return Err(match serde_json::from_str::<VersionProbe>(text) {
                Ok(probe) if probe.v != u64::from(VERSION) => Reject::Version(probe.v),
                _ => Reject::Malformed(err.to_string()),
            })
        }
    };
    if envelope.v != VERSION {
        return Err(Reject::Version(u64::from(envelope.v)));
    }
    check(&envelope)?;
    Ok(envelope)
}

/// Encodes a message as JSON text.
pub fn encode(envelope: &Envelope) -> String {
    // Plain structs of strings, numbers and bools always serialize.
    serde_json::to_string(envelope).unwrap_or_default()
}

fn check(e: &Envelope) -> Result<(), Reject> {
    id_ok(&e.id, "id")?;
    id_ok(&e.sid, "sid")?;
    id_ok(&e.call, "call")?;
    if e.app.len() > MAX_ID_LEN {
        return Err(Reject::Invalid("app"));
    }
    users_ok(std::slice::from_ref(&e.from), 1, "from")?;
    if e.to.is_empty() || e.to.len() > MAX_ROSTER || e.to.iter().any(|id| id_ok(id, "to").is_err()) {
        return Err(Reject::Invalid("to"));
    }
    match &e.body {
        Body::Invite(inv) => {
            if CallType::from_code(inv.call_type).is_none() {
                return Err(Reject::Invalid("body.invite.callType"));
            }
            id_ok(&inv.initiator, "body.invite.initiator")?;
            if inv.callees.is_empty() {
                return Err(Reject::Invalid("body.invite.callees"));
            }
            users_ok(&inv.callees, MAX_LIST_USERS, "body.invite.callees")?;
            users_ok(&inv.participants, MAX_ROSTER, "body.invite.participants")?;
            if !TIMEOUT_RANGE.contains(&inv.timeout) {
                return Err(Reject::Invalid("body.invite.timeout"));
            }
            if inv.data.len() > MAX_DATA_LEN {
                return Err(Reject::Invalid("body.invite.data"));
            }
        }
        Body::Cancel { callees, .. } => {
            if callees.is_empty() || callees.len() > MAX_ROSTER || callees.iter().any(|id| id_ok(id, "").is_err()) {
                return Err(Reject::Invalid("body.cancel.callees"));
            }
        }
        Body::Accept { participants } | Body::Present { participants } => {
            users_ok(participants, MAX_ROSTER, "body.participants")?;
        }
        Body::Decline { .. } | Body::Answered { .. } | Body::Leave {} | Body::End {} => {}
    }
    Ok(())
}

fn id_ok(id: &str, field: &'static str) -> Result<(), Reject> {
    if id.is_empty() || id.len() > MAX_ID_LEN {
        Err(Reject::Invalid(field))
    } else {
        Ok(())
    }
}

fn users_ok(users: &[User], max: usize, field: &'static str) -> Result<(), Reject> {
    if users.len() > max {
        return Err(Reject::Invalid(field));
    }
    for (i, user) in users.iter().enumerate() {
        if user.validate("").is_err() || users[..i].iter().any(|u| u.id == user.id) {
            return Err(Reject::Invalid(field));
        }
    }
    Ok(())
}
