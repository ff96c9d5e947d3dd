//! Parses the app's option objects into core types, naming the field at fault.
use crate::core::config::{CALLEES_ERROR, DEFAULT_TIMEOUT_SECS, MAX_DATA_LEN, MAX_LIST_USERS, TIMEOUT_RANGE};
use crate::core::protocol::MAX_CALL_ID_LEN;
use crate::core::{CallType, ConfigPatch, Error, Language, ListConfig, RoomConfig, SendRequest};
use crate::web::hooks::{InvitationHooks, RoomHooks};
use crate::web::read::{array_len, element, get, item, join, object, opt_bool, opt_string, opt_string_max, type_error, users, users_of};
use wasm_bindgen::JsValue;

/// `ringtoneConfig`.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct Ringtones {
    /// Played while an invitation rings here.
    pub incoming: Option<String>,
    /// Played while this kit's invitations ring elsewhere.
    pub outgoing: Option<String>,
}

/// Everything one `setCallInvitationConfig` call gives.
pub struct ConfigUpdate {
    /// The flags.
    pub patch: ConfigPatch,
    /// The callbacks.
    pub hooks: InvitationHooks,
    /// `ringtoneConfig`, when given.
    pub ringtones: Option<Ringtones>,
}

/// Parses a call-invitation config.
pub fn config(value: &JsValue) -> Result<ConfigUpdate, Error> {
    let path = "config";
    object(value, path)?;
    let language = match opt_string(value, "language", path)? {
        None => None,
        Some(tag) => Some(language(&tag, "config.language")?),
    };
    let patch = ConfigPatch {
        can_inviting_in_calling: opt_bool(value, "canInvitingInCalling", path)?,
        only_initiator_can_invite: opt_bool(value, "onlyInitiatorCanInvite", path)?,
        end_call_when_initiator_leave: opt_bool(value, "endCallWhenInitiatorLeave", path)?,
        custom_waiting_page: opt_bool(value, "enableCustomCallInvitationWaitingPage", path)?,
        custom_dialog: opt_bool(value, "enableCustomCallInvitationDialog", path)?,
        language,
    };
    let ringtones = match get(value, "ringtoneConfig", path)? {
        None => None,
        Some(r) => {
            let path = "config.ringtoneConfig";
            object(&r, path)?;
            Some(Ringtones { incoming: opt_string(&r, "incomingCallUrl", path)?, outgoing: opt_string(&r, "outgoingCallUrl", path)? })
        }
    };
    Ok(ConfigUpdate { patch, hooks: InvitationHooks::read(value, path)?, ringtones })
}

/// A language tag the kit knows.
pub fn language(tag: &str, field: &str) -> Result<Language, Error> {
    Language::from_tag(tag).ok_or_else(|| Error::range(field, "must be \"en-US\" or \"zh-CN\""))
}

/// A room config: what the core needs, the callbacks, and the container element.
#[derive(Default)]
pub struct RoomSetup {
    /// The core's part.
    pub room: RoomConfig,
    /// The callbacks.
    pub hooks: RoomHooks,
    /// `container`, when given.
    pub container: Option<web_sys::Element>,
    /// `iceServers`, checked and copied: handed to every connection.
    pub ice_servers: Option<js_sys::Array>,
}

/// Parses a room config; `undefined` or `null` gives the defaults.
pub fn room(value: &JsValue, path: &str) -> Result<RoomSetup, Error> {
    let mut setup = RoomSetup::default();
    if !(value.is_undefined() || value.is_null()) {
        read_room(value, path, &mut setup)?;
    }
    Ok(setup)
}

// Fills `setup` in place, so that an early error return has nothing of its own to drop.
fn read_room(value: &JsValue, path: &str, setup: &mut RoomSetup) -> Result<(), Error> {
    object(value, path)?;
    let room = &mut setup.room;
    if let Some(l) = get(value, "callingInvitationListConfig", path)? {
        room.list = Some(list(&l, &join(path, "callingInvitationListConfig"))?);
    }
    setup.container = match get(value, "container", path)? {
        None => None,
        Some(c) if c.is_null() => None,
        Some(c) => Some(element(c, &join(path, "container"))?),
    };
    if let Some(on) = opt_bool(value, "showWaitingCallAcceptAudioVideoView", path)? {
        room.show_waiting_tiles = on;
    }
    if let Some(on) = opt_bool(value, "turnOnMicrophoneWhenJoining", path)? {
        room.microphone_on = on;
    }
    if let Some(on) = opt_bool(value, "turnOnCameraWhenJoining", path)? {
        room.camera_on = on;
    }
    if let Some(on) = opt_bool(value, "builtInMedia", path)? {
        room.builtin_media = on;
    }
    if let Some(on) = opt_bool(value, "useFrontFacingCamera", path)? {
        room.front_camera = on;
    }
    if let Some(v) = get(value, "iceServers", path)? {
        setup.ice_servers = Some(ice_servers(&v, &join(path, "iceServers"))?);
    }
    if let Some(v) = get(value, "maxUsers", path)? {
        const WHOLE: &str = "must be a whole number from 2 to 50";
        let sizes = crate::core::permission::CALL_SIZES;
        let n = whole_number(&v, &join(path, "maxUsers"), u32::from(*sizes.start())..=u32::from(*sizes.end()), WHOLE, WHOLE)?;
        room.max_users = u8::try_from(n).ok();
    }
    setup.hooks = RoomHooks::read(value, path)?;
    Ok(())
}

/// Most STUN/TURN servers a room config may name.
const MAX_ICE_SERVERS: u32 = 8;

/// Parses `iceServers` (`RTCIceServer[]`: `urls` a string or strings, `username` and
/// `credential` strings) into a fresh array: the app's objects are read once, here.
fn ice_servers(value: &JsValue, path: &str) -> Result<js_sys::Array, Error> {
    let n = array_len(value, path)?.ok_or_else(|| type_error(path, "must be an array of RTCIceServer"))?;
    if n > MAX_ICE_SERVERS {
        return Err(Error::range(path, "may hold at most 8 servers"));
    }
    let out = js_sys::Array::new();
    for i in 0..n {
        let server = item(value, i, path)?;
        let at = [path, "[", &crate::core::digits::decimal(u64::from(i)), "]"].concat();
        object(&server, &at)?;
        let copy = js_sys::Object::new();
        let urls_field = join(&at, "urls");
        let urls = match get(&server, "urls", &at)? {
            Some(u) if u.is_string() => u,
            Some(u) => {
                let count = array_len(&u, &urls_field)?.filter(|c| (1..=MAX_ICE_SERVERS).contains(c));
                let count = count.ok_or_else(|| type_error(&urls_field, "must be a URL or 1 to 8 URLs"))?;
                let list = js_sys::Array::new();
                for j in 0..count {
                    let url = item(&u, j, &urls_field)?;
                    if !url.is_string() {
                        return Err(type_error(&urls_field, "must hold strings"));
                    }
                    list.push(&url);
                }
                list.into()
            }
            None => return Err(type_error(&urls_field, "is missing")),
        };
        let _ = js_sys::Reflect::set(&copy, &"urls".into(), &urls);
        for key in ["username", "credential"] {
            if let Some(text) = opt_string(&server, key, &at)? {
                let _ = js_sys::Reflect::set(&copy, &key.into(), &text.into());
            }
        }
        out.push(&copy);
    }
    Ok(out)
}

/// Parses `{ waitingSelectUsers, defaultChecked? }` and checks it.
pub fn list(value: &JsValue, path: &str) -> Result<ListConfig, Error> {
    object(value, path)?;
    let users_field = join(path, "waitingSelectUsers");
    let users = match get(value, "waitingSelectUsers", path)? {
        Some(v) => users(&v, &users_field, MAX_LIST_USERS)?,
        None => return Err(type_error(&users_field, "is missing")),
    };
    let list = ListConfig { users, default_checked: opt_bool(value, "defaultChecked", path)?.unwrap_or(true) };
    list.validate(path)?;
    Ok(list)
}

/// Parses `sendCallInvitation`'s argument. Where the incumbent refuses the same input, its
/// text follows ours.
pub fn send(value: &JsValue) -> Result<SendRequest, Error> {
    let path = "";
    object(value, "options")?;
    let callees = get(value, "callees", path)?.unwrap_or(JsValue::UNDEFINED);
    let callees = match array_len(&callees, "callees")? {
        Some(len) => users_of(&callees, len, "callees", MAX_LIST_USERS)?,
        None => return Err(Error::type_error("callees", &["must be an array of users", CALLEES_ERROR].concat())),
    };
    const CALL_TYPE: &str = "must be 0 (voice) or 1 (video) (sendCallInvitation params error: callType !!)";
    let call_type = match get(value, "callType", path)? {
        None => CallType::Video,
        Some(v) => {
            let n = v.as_f64().ok_or_else(|| type_error("callType", CALL_TYPE))?;
            CallType::from_code(n as u8).filter(|t| f64::from(t.code()) == n).ok_or_else(|| Error::range("callType", CALL_TYPE))?
        }
    };
    // Checked as the incumbent checks it; a new call's ID is the kit's own, random one.
    if get(value, "roomID", path)?.is_some_and(|v| !v.is_string()) {
        return Err(type_error("roomID", "must be a string (room ID should be string)"));
    }
    let timeout_secs = match get(value, "timeout", path)? {
        None => DEFAULT_TIMEOUT_SECS,
        Some(v) => whole_number(&v, "timeout", TIMEOUT_RANGE, "must be a number of seconds", "must be a whole number of seconds from 1 to 600")?,
    };
    let data = opt_string_max(value, "data", path, MAX_DATA_LEN)?.unwrap_or_default();
    // The room of a call this invitation starts (the core checks it); `""` is as none, as the
    // incumbent takes it. `notificationConfig` is not read: there is no push service.
    let room_id = opt_string_max(value, "roomID", path, MAX_CALL_ID_LEN)?;
    Ok(SendRequest { callees, call_type, timeout_secs, data, room_id, media_key: String::new() })
}

/// A whole number in `range`: a `TypeError` (`not_number`) for anything but a number, a
/// `RangeError` (`out_of_range`) for a fraction or a number outside it.
fn whole_number(v: &JsValue, field: &str, range: std::ops::RangeInclusive<u32>, not_number: &str, out_of_range: &str) -> Result<u32, Error> {
    let n = v.as_f64().ok_or_else(|| type_error(field, not_number))?;
    let whole = n as u32;
    if f64::from(whole) != n || !range.contains(&whole) {
        return Err(Error::range(field, out_of_range));
    }
    Ok(whole)
}
