//! What the UI shows, derived from a kit's state: an owned snapshot the views render.
use crate::core::config::CallType;
use crate::core::i18n::Language;
use crate::core::invitation_list::RowStatus;
use crate::core::kit::Kit;
use crate::core::mesh::Device;
use crate::core::user::User;

/// Everything on screen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Screen {
    /// The UI language.
    pub language: Language,
    /// The incoming-call dialog, unless the app draws its own.
    pub incoming: Option<IncomingView>,
    /// The caller's "Calling…" page of a 1:1 call, unless the app draws its own.
    pub calling: Option<CallingView>,
    /// The call page, once joined.
    pub call: Option<CallView>,
}

/// The incoming-call dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingView {
    /// The call ID, to tell one invitation from the next.
    pub call_id: String,
    /// Who is calling.
    pub caller: User,
    /// Voice or video.
    pub call_type: CallType,
}

/// The caller's waiting page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallingView {
    /// Who is being called.
    pub callees: Vec<User>,
    /// Voice or video.
    pub call_type: CallType,
}

/// The call page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallView {
    /// The call ID.
    pub call_id: String,
    /// Participants, this kit's user first.
    pub participants: Vec<ParticipantTile>,
    /// A video call: the camera toggle is offered.
    pub video: bool,
    /// The microphone could not be opened: its toggle is disabled.
    pub microphone_blocked: bool,
    /// The camera could not be opened: its toggle is disabled.
    pub camera_blocked: bool,
    /// Waiting tiles: invitees not answered yet. Empty when the room config hides them.
    pub waiting: Vec<WaitingTile>,
    /// The microphone toggle.
    pub microphone_on: bool,
    /// The camera toggle.
    pub camera_on: bool,
    /// Whether "Invite members" is offered.
    pub can_invite: bool,
    /// The Invitees sidebar, when open.
    pub sidebar: Option<SidebarView>,
}

/// A participant's tile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantTile {
    /// The participant.
    pub user: User,
    /// Their microphone sends.
    pub microphone_on: bool,
    /// Their camera sends: the tile shows their video, else the avatar.
    pub camera_on: bool,
    /// Their connection is down: the tile says "Reconnecting…".
    pub reconnecting: bool,
}

/// The tile of an invitee who has not answered yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingTile {
    /// The invitee.
    pub user: User,
    /// Whether this kit sent the invitation: only then can it cancel it.
    pub mine: bool,
}

/// The Invitees sidebar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidebarView {
    /// The rows, in order.
    pub rows: Vec<SidebarRow>,
    /// How many users the invite button would invite.
    pub selected: usize,
}

/// One row of the Invitees sidebar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidebarRow {
    /// The user of the row.
    pub user: User,
    /// Whether they can be picked, and if not, why.
    pub status: RowStatus,
}

impl Screen {
    /// The screen of `kit` now.
    pub fn of(kit: &Kit) -> Screen {
        let me = &kit.me().id;
        let incoming = kit.incoming().filter(|_| !kit.app_draws_dialog()).map(|i| IncomingView {
            call_id: i.call_id.clone(),
            caller: i.caller.clone(),
            call_type: i.call_type,
        });
        let calling = kit.call().filter(|c| !c.joined && !kit.app_draws_waiting_page()).map(|c| CallingView {
            callees: c.pending.iter().map(|p| p.user.clone()).collect(),
            call_type: c.call_type,
        });
        let call = kit.call().filter(|c| c.joined).map(|c| {
            let own = kit.devices();
            let tile = |u: &User| {
                let devices = if u.id == *me { own } else { c.devices.iter().find(|d| d.user == u.id).map(|d| d.devices).unwrap_or_default() };
                let reconnecting = c.links.iter().any(|l| l.user == u.id && l.reconnecting());
                ParticipantTile { user: u.clone(), microphone_on: devices.microphone, camera_on: devices.camera && c.call_type == CallType::Video, reconnecting }
            };
            let mut participants: Vec<ParticipantTile> = c.participants.iter().filter(|u| u.id == *me).map(tile).collect();
            participants.extend(c.participants.iter().filter(|u| u.id != *me).map(tile));
            let waiting = if c.show_waiting_tiles {
                c.pending.iter().map(|p| WaitingTile { user: p.user.clone(), mine: p.inviter == *me }).collect()
            } else {
                Vec::new()
            };
            let sidebar = kit.sidebar_open().then(|| SidebarView {
                rows: kit.rows().into_iter().map(|r| SidebarRow { user: r.user.clone(), status: r.status }).collect(),
                selected: kit.selected_count(),
            });
            CallView {
                call_id: c.id.clone(),
                participants,
                waiting,
                microphone_on: kit.microphone_on(),
                camera_on: kit.camera_on(),
                video: c.call_type == CallType::Video,
                microphone_blocked: kit.blocked(Device::Microphone),
                camera_blocked: kit.blocked(Device::Camera),
                can_invite: kit.can_invite(),
                sidebar,
            }
        });
        Screen { language: kit.config().language, incoming, calling, call }
    }
}
