//! The signaling protocol: versioned JSON messages, and a decoder that rejects with a reason.
use crate::core::id_index::{has_repeats, sorted_user_ids};
use crate::core::config::{CallType, MAX_DATA_LEN, MAX_LIST_USERS, TIMEOUT_RANGE};
use crate::core::permission::Policy;
use crate::core::user::{User, MAX_ID_LEN};
use crate::core::digits;
use crate::core::json::{self, Value};
use crate::core::mesh::{Devices, SdpKind, Signal};

/// The protocol version this kit speaks. Version 2: rosters carry the call's terms, and only
/// members' messages count (version 1 kits let anyone in; they are refused with a warning).
pub const VERSION: u32 = 2;
/// Largest accepted message, in bytes of JSON text.
pub const MAX_MESSAGE_LEN: usize = 64 * 1024;
/// Most users a roster or recipient list may hold: the largest call a kit takes part in.
pub const MAX_ROSTER: usize = crate::core::permission::MAX_CALL_SIZE as usize;
/// Longest accepted call ID, in bytes: the default `call_<userID>_<ms>` of the longest user ID
/// fits.
pub const MAX_CALL_ID_LEN: usize = MAX_ID_LEN + 32;
/// Longest media key accepted, in bytes (the bindings make 32 hex digits).
pub const MAX_MEDIA_KEY_LEN: usize = 64;

/// One message: who sends it, to whom, about which call, and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// An invitation into the call: rings the callees, tells the participants who is pending.
    Invite(Invite),
    /// The inviter withdraws its invitation of these callees (`timeout`: because it timed out).
    Cancel {
        /// Whose invitations end.
        callees: Vec<String>,
        /// True when the inviter's timer ran out, false when cancelled.
        timeout: bool,
        /// The app's `cancel(data)` (empty: none; absent from older kits).
        data: String,
    },
    /// The sender accepted and joined (or is in the call and has just heard of the receiver);
    /// `participants` is who it believes is in the call. Receivers in the call answer with
    /// `Present`, until which the sender sends it again.
    Accept {
        /// The sender's roster.
        participants: Vec<User>,
        /// The call's terms as the sender holds them.
        terms: Terms,
        /// The sender's microphone and camera.
        devices: Devices,
        /// The app's `accept(data)`, for the inviter (empty: none; absent from older kits).
        data: String,
        /// The ID of the invitation message this accept answers (empty: none, as from a member
        /// that just heard of the receiver; absent from older kits).
        re: String,
    },
    /// The sender declined (or was busy).
    Decline {
        /// True for an automatic busy answer.
        busy: bool,
        /// The app's `refuse(data)` (empty: none, and always for busy; absent from older kits).
        data: String,
    },
    /// To the sender's own other tabs: the invitation was answered here, stop ringing.
    Answered {
        /// Whether it was accepted.
        accepted: bool,
    },
    /// The sender is in the call; `participants` is who it believes is in the call.
    Present {
        /// The sender's roster.
        participants: Vec<User>,
        /// The call's terms as the sender holds them.
        terms: Terms,
        /// The sender's microphone and camera.
        devices: Devices,
    },
    /// Media negotiation with one other member (offer, answer, ICE candidate).
    Signal(Signal),
    /// The sender left the call; its pending invitations end with it.
    Leave {},
    /// The initiator left with `endCallWhenInitiatorLeave`: the call is over for everyone.
    End {},
}

/// What a call is bound by from its start: who started it and the policy they set. Members
/// send it with their rosters, so that an invitee learns it from the members, not only from
/// whoever invited it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    /// Who started the call.
    pub initiator: String,
    /// The initiator's policy.
    pub policy: Policy,
    /// The call's media key (empty: the sender has none yet). Only in rosters, which go to
    /// members only.
    pub media_key: String,
}

/// The body of an invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// A message this kit had already, or older than one it had from the same sender kit
    /// about the same call.
    Stale,
    /// Claims this kit's own user as sender where only another tab of the user could send it.
    FromSelf,
    /// About a call this kit is not in or not ringing for.
    UnknownCall,
    /// The sender may not do this in this call.
    Forbidden(&'static str),
}

impl Reject {
    /// The reason, for the console.
    pub fn message(&self) -> String {
        match self {
            Reject::TooLarge(n) => ["message too large (", &digits::decimal(*n as u64), " bytes, limit ", &digits::decimal(MAX_MESSAGE_LEN as u64), ")"].concat(),
            Reject::Malformed(why) => ["malformed message: ", why].concat(),
            Reject::Version(v) => [
                "protocol version ",
                &digits::decimal(*v),
                " is not spoken here (this kit speaks ",
                &digits::decimal(u64::from(VERSION)),
                "): every kit of the app must run a compatible callkit-invite",
            ]
            .concat(),
            Reject::Invalid(field) => ["invalid field ", field].concat(),
            Reject::OtherApp => "message for another appID".to_owned(),
            Reject::NotAddressed => "message not addressed to this user".to_owned(),
            Reject::OwnEcho => "own message echoed".to_owned(),
            Reject::Stale => "duplicate or overtaken message".to_owned(),
            Reject::FromSelf => "message claims to come from this user".to_owned(),
            Reject::UnknownCall => "message about a call this kit is not part of".to_owned(),
            Reject::Forbidden(what) => ["forbidden: ", what].concat(),
        }
    }
}

/// Decodes and checks one message. Never panics, whatever the text.
pub fn decode(text: &str) -> Result<Envelope, Reject> {
    if text.len() > MAX_MESSAGE_LEN {
        return Err(Reject::TooLarge(text.len()));
    }
    let value = json::parse(text).map_err(|e| Reject::Malformed([e.what, " at byte ", &digits::decimal(e.at as u64)].concat()))?;
    match value.get("v") {
        Some(Value::Int(v)) if *v == u64::from(VERSION) => {}
        Some(Value::Int(v)) => return Err(Reject::Version(*v)),
        _ => return Err(malformed("v")),
    }
    let envelope = envelope(&value)?;
    check(&envelope)?;
    Ok(envelope)
}

/// Encodes a message as JSON text.
pub fn encode(e: &Envelope) -> String {
    let mut w = Writer(String::with_capacity(256));
    w.0.push_str("{\"v\":");
    digits::push_decimal(&mut w.0, u64::from(e.v));
    w.str_field("id", &e.id);
    w.str_field("app", &e.app);
    w.str_field("sid", &e.sid);
    w.key("from");
    w.user(&e.from);
    w.key("to");
    w.strs(&e.to);
    w.str_field("call", &e.call);
    w.key("body");
    w.0.push('{');
    let kind = match &e.body {
        Body::Invite(_) => "invite",
        Body::Cancel { .. } => "cancel",
        Body::Accept { .. } => "accept",
        Body::Decline { .. } => "decline",
        Body::Answered { .. } => "answered",
        Body::Present { .. } => "present",
        Body::Leave {} => "leave",
        Body::End {} => "end",
        Body::Signal(_) => "signal",
    };
    json::write_str(&mut w.0, kind);
    w.0.push_str(":{");
    match &e.body {
        Body::Invite(inv) => {
            w.0.push_str("\"callType\":");
            digits::push_decimal(&mut w.0, u64::from(inv.call_type));
            w.str_field("initiator", &inv.initiator);
            w.policy(&inv.policy);
            w.key("inCall");
            w.bool(inv.in_call);
            w.key("callees");
            w.users(&inv.callees);
            w.key("participants");
            w.users(&inv.participants);
            w.key("timeout");
            digits::push_decimal(&mut w.0, u64::from(inv.timeout));
            w.str_field("data", &inv.data);
        }
        Body::Cancel { callees, timeout, data } => {
            w.0.push_str("\"callees\":");
            w.strs(callees);
            w.key("timeout");
            w.bool(*timeout);
            w.answer_data(data);
        }
        Body::Accept { participants, terms, devices, .. } | Body::Present { participants, terms, devices } => {
            w.0.push_str("\"participants\":");
            w.users(participants);
            w.str_field("initiator", &terms.initiator);
            w.policy(&terms.policy);
            if !terms.media_key.is_empty() {
                w.str_field("mediaKey", &terms.media_key);
            }
            // Only what is off is written: absent means on.
            if !devices.microphone {
                w.0.push_str(",\"micOff\":true");
            }
            if !devices.camera {
                w.0.push_str(",\"camOff\":true");
            }
            if let Body::Accept { data, re, .. } = &e.body {
                w.answer_data(data);
                if !re.is_empty() {
                    w.str_field("re", re);
                }
            }
        }
        Body::Signal(Signal::Description { kind, sdp }) => {
            w.0.push_str("\"type\":");
            json::write_str(&mut w.0, kind.as_str());
            w.str_field("sdp", sdp);
        }
        Body::Signal(Signal::Candidate { candidate, mid, line }) => {
            w.0.push_str("\"candidate\":");
            json::write_str(&mut w.0, candidate);
            if let Some(mid) = mid {
                w.str_field("sdpMid", mid);
            }
            if let Some(line) = line {
                w.key("sdpMLineIndex");
                digits::push_decimal(&mut w.0, u64::from(*line));
            }
        }
        Body::Decline { busy, data } => {
            w.0.push_str("\"busy\":");
            w.bool(*busy);
            w.answer_data(data);
        }
        Body::Answered { accepted } => {
            w.0.push_str("\"accepted\":");
            w.bool(*accepted);
        }
        Body::Leave {} | Body::End {} => {}
    }
    w.0.push_str("}}}");
    w.0
}

struct Writer(String);

impl Writer {
    fn key(&mut self, key: &str) {
        self.0.push(',');
        json::write_str(&mut self.0, key);
        self.0.push(':');
    }

    fn str_field(&mut self, key: &str, value: &str) {
        self.key(key);
        json::write_str(&mut self.0, value);
    }

    /// An answer's app data, left out when empty: kits before it read no `data` there, and
    /// absent reads as empty.
    fn answer_data(&mut self, data: &str) {
        if !data.is_empty() {
            self.str_field("data", data);
        }
    }

    fn bool(&mut self, b: bool) {
        self.0.push_str(if b { "true" } else { "false" });
    }

    fn policy(&mut self, policy: &Policy) {
        self.key("policy");
        self.0.push_str("{\"canInvitingInCalling\":");
        self.bool(policy.can_invite_in_calling);
        self.0.push_str(",\"onlyInitiatorCanInvite\":");
        self.bool(policy.only_initiator_can_invite);
        self.0.push_str(",\"endCallWhenInitiatorLeave\":");
        self.bool(policy.end_call_when_initiator_leave);
        self.0.push_str(",\"maxUsers\":");
        digits::push_decimal(&mut self.0, u64::from(policy.max_users));
        self.0.push('}');
    }

    fn strs(&mut self, items: &[String]) {
        self.0.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            json::write_str(&mut self.0, item);
        }
        self.0.push(']');
    }

    fn user(&mut self, user: &User) {
        self.0.push_str("{\"userID\":");
        json::write_str(&mut self.0, &user.id);
        self.str_field("userName", &user.name);
        if let Some(avatar) = &user.avatar {
            self.str_field("avatar", avatar);
        }
        self.0.push('}');
    }

    fn users(&mut self, users: &[User]) {
        self.0.push('[');
        for (i, user) in users.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            self.user(user);
        }
        self.0.push(']');
    }
}

fn malformed(field: &str) -> Reject {
    Reject::Malformed(["field ", field, " is missing or of the wrong type"].concat())
}

fn field<'a>(obj: &'a Value, key: &'static str) -> Result<&'a Value, Reject> {
    obj.get(key).ok_or_else(|| malformed(key))
}

fn string(obj: &Value, key: &'static str) -> Result<String, Reject> {
    match field(obj, key)? {
        Value::Str(s) => Ok(s.clone()),
        _ => Err(malformed(key)),
    }
}

fn opt_string(obj: &Value, key: &'static str) -> Result<Option<String>, Reject> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.clone())),
        Some(_) => Err(malformed(key)),
    }
}

fn int(obj: &Value, key: &'static str) -> Result<u64, Reject> {
    match field(obj, key)? {
        Value::Int(n) => Ok(*n),
        _ => Err(malformed(key)),
    }
}

fn flag(obj: &Value, key: &'static str) -> Result<bool, Reject> {
    match obj.get(key) {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(malformed(key)),
    }
}

fn array<'a>(obj: &'a Value, key: &'static str) -> Result<&'a [Value], Reject> {
    match field(obj, key)? {
        Value::Arr(items) => Ok(items),
        _ => Err(malformed(key)),
    }
}

fn strings(obj: &Value, key: &'static str) -> Result<Vec<String>, Reject> {
    array(obj, key)?.iter().map(|v| if let Value::Str(s) = v { Ok(s.clone()) } else { Err(malformed(key)) }).collect()
}

fn user(value: &Value) -> Result<User, Reject> {
    if !matches!(value, Value::Obj(_)) {
        return Err(malformed("user"));
    }
    Ok(User { id: string(value, "userID")?, name: opt_string(value, "userName")?.unwrap_or_default(), avatar: opt_string(value, "avatar")? })
}

fn users(obj: &Value, key: &'static str) -> Result<Vec<User>, Reject> {
    array(obj, key)?.iter().map(user).collect()
}

fn policy(b: &Value) -> Result<Policy, Reject> {
    let policy = field(b, "policy")?;
    if !matches!(policy, Value::Obj(_)) {
        return Err(malformed("policy"));
    }
    // Absent: the default size.
    let max_users = match policy.get("maxUsers") {
        None => Some(crate::core::permission::DEFAULT_CALL_SIZE),
        Some(_) => u8::try_from(int(policy, "maxUsers")?).ok().filter(|n| crate::core::permission::CALL_SIZES.contains(n)),
    };
    Ok(Policy {
        can_invite_in_calling: flag(policy, "canInvitingInCalling")?,
        only_initiator_can_invite: flag(policy, "onlyInitiatorCanInvite")?,
        end_call_when_initiator_leave: flag(policy, "endCallWhenInitiatorLeave")?,
        max_users: max_users.ok_or(Reject::Invalid("policy.maxUsers"))?,
    })
}

fn terms(b: &Value) -> Result<Terms, Reject> {
    let media_key = opt_string(b, "mediaKey")?.unwrap_or_default();
    if media_key.len() > MAX_MEDIA_KEY_LEN {
        return Err(Reject::Invalid("body.mediaKey"));
    }
    Ok(Terms { initiator: string(b, "initiator")?, policy: policy(b)?, media_key })
}

/// The optional app data of an answer (`accept`, `decline`, `cancel`), bounded as an
/// invitation's.
fn answer_data(b: &Value) -> Result<String, Reject> {
    let data = opt_string(b, "data")?.unwrap_or_default();
    if data.len() > MAX_DATA_LEN {
        return Err(Reject::Invalid("body.data"));
    }
    Ok(data)
}

fn devices(b: &Value) -> Result<Devices, Reject> {
    Ok(Devices { microphone: !flag(b, "micOff")?, camera: !flag(b, "camOff")? })
}

fn signal(b: &Value) -> Result<Signal, Reject> {
    if b.get("sdp").is_some() {
        let kind = match string(b, "type")?.as_str() {
            "offer" => SdpKind::Offer,
            "answer" => SdpKind::Answer,
            _ => return Err(Reject::Invalid("body.signal.type")),
        };
        return Ok(Signal::Description { kind, sdp: string(b, "sdp")? });
    }
    let line = match b.get("sdpMLineIndex") {
        None | Some(Value::Null) => None,
        Some(_) => Some(u16::try_from(int(b, "sdpMLineIndex")?).map_err(|_| Reject::Invalid("body.signal.sdpMLineIndex"))?),
    };
    Ok(Signal::Candidate { candidate: string(b, "candidate")?, mid: opt_string(b, "sdpMid")?, line })
}

fn envelope(v: &Value) -> Result<Envelope, Reject> {
    let body = field(v, "body")?;
    let (kind, b) = match body {
        Value::Obj(members) if members.len() == 1 => (members[0].0.as_str(), &members[0].1),
        _ => return Err(malformed("body")),
    };
    if !matches!(b, Value::Obj(_)) {
        return Err(malformed("body"));
    }
    let body = match kind {
        "invite" => {
            Body::Invite(Invite {
                call_type: u8::try_from(int(b, "callType")?).map_err(|_| Reject::Invalid("body.invite.callType"))?,
                initiator: string(b, "initiator")?,
                policy: policy(b)?,
                in_call: flag(b, "inCall")?,
                callees: users(b, "callees")?,
                participants: users(b, "participants")?,
                timeout: u32::try_from(int(b, "timeout")?).map_err(|_| Reject::Invalid("body.invite.timeout"))?,
                data: opt_string(b, "data")?.unwrap_or_default(),
            })
        }
        "cancel" => Body::Cancel { callees: strings(b, "callees")?, timeout: flag(b, "timeout")?, data: answer_data(b)? },
        "accept" => Body::Accept { participants: users(b, "participants")?, terms: terms(b)?, devices: devices(b)?, data: answer_data(b)?, re: opt_string(b, "re")?.unwrap_or_default() },
        "present" => Body::Present { participants: users(b, "participants")?, terms: terms(b)?, devices: devices(b)? },
        "signal" => Body::Signal(signal(b)?),
        "decline" => Body::Decline { busy: flag(b, "busy")?, data: answer_data(b)? },
        "answered" => Body::Answered { accepted: flag(b, "accepted")? },
        "leave" => Body::Leave {},
        "end" => Body::End {},
        _ => return Err(Reject::Malformed("unknown message kind".to_owned())),
    };
    Ok(Envelope {
        v: VERSION,
        id: string(v, "id")?,
        app: string(v, "app")?,
        sid: string(v, "sid")?,
        from: user(field(v, "from")?)?,
        to: strings(v, "to")?,
        call: string(v, "call")?,
        body,
    })
}

fn check(e: &Envelope) -> Result<(), Reject> {
    id_ok(&e.id, "id")?;
    id_ok(&e.sid, "sid")?;
    if e.call.is_empty() || e.call.len() > MAX_CALL_ID_LEN {
        return Err(Reject::Invalid("call"));
    }
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
        Body::Accept { participants, terms, .. } | Body::Present { participants, terms, .. } => {
            users_ok(participants, MAX_ROSTER, "body.participants")?;
            id_ok(&terms.initiator, "body.initiator")?;
            if let Body::Accept { re, .. } = &e.body {
                if re.len() > MAX_ID_LEN {
                    return Err(Reject::Invalid("body.re"));
                }
            }
        }
        Body::Signal(signal) => {
            // Negotiation is between two connections: one recipient.
            if e.to.len() != 1 {
                return Err(Reject::Invalid("to"));
            }
            signal.check().map_err(Reject::Invalid)?;
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
    if users.iter().any(|u| u.validate("").is_err()) || has_repeats(&sorted_user_ids(users)) {
        return Err(Reject::Invalid(field));
    }
    Ok(())
}
