//! The kit's side of the media mesh: negotiation messages only between members, each member's
//! devices, the state of each connection, and the plan the bindings' media follows.
use crate::core::config::CallType;
use crate::core::effect::{Effect, Toast};
use crate::core::kit::{Effects, Kit};
use crate::core::mesh::{offers_first, Device, Devices, Link, LinkState, MediaPlan, PeerPlan, Signal};
use crate::core::protocol::{Body, Reject};

/// A member's devices, as its last roster said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberDevices {
    /// The member.
    pub user: String,
    /// Its microphone and camera.
    pub devices: Devices,
}

impl Kit {
    /// This kit's devices as it tells the others: what it captures and sends.
    pub fn devices(&self) -> Devices {
        let video = self.call.as_ref().is_some_and(|c| c.call_type == CallType::Video);
        Devices {
            microphone: self.microphone_on && !self.microphone_blocked,
            camera: video && self.camera_on && !self.camera_blocked,
        }
    }

    /// Whether the microphone or camera could not be opened in this call.
    pub fn blocked(&self, device: Device) -> bool {
        match device {
            Device::Microphone => self.microphone_blocked,
            Device::Camera => self.camera_blocked,
        }
    }

    /// The media the bindings should run now: none without a joined call whose room config is
    /// applied, without a UI, or with the built-in media turned off.
    pub fn media_plan(&self) -> Option<MediaPlan> {
        let call = self.call.as_ref().filter(|c| c.joined && c.configured && self.builtin_media && !self.headless)?;
        let devices = self.devices();
        let peers = call
            .links
            .iter()
            .filter(|l| !l.dropped)
            .map(|l| PeerPlan { user: l.user.clone(), offers: offers_first(&self.me.id, &l.user), restarts: l.restarts })
            .collect();
        Some(MediaPlan {
            call_id: call.id.clone(),
            video: call.call_type == CallType::Video,
            microphone: devices.microphone,
            camera: devices.camera,
            front_camera: self.front_camera,
            peers,
            media_key: call.media_key.clone(),
            max_users: call.policy.max_users,
        })
    }

    /// A member's negotiation message: handed to the bindings' media, from members only.
    pub(super) fn on_signal(&mut self, from: &str, call_id: &str, signal: Signal, fx: &mut Effects) -> Result<(), Reject> {
        let call = self.call.as_ref().filter(|c| c.id == call_id).ok_or(Reject::UnknownCall)?;
        if !call.joined || !call.is_participant(from) {
            return Err(Reject::Forbidden("media negotiation from someone who is not a member of the call"));
        }
        if self.media_plan().is_some_and(|plan| plan.peers.iter().any(|p| p.user == from)) {
            fx.push(Effect::Signal { from: from.to_owned(), signal });
        }
        Ok(())
    }

    /// The bindings' media sends `signal` to member `to`; nothing goes to a non-member.
    pub(super) fn send_signal(&mut self, to: String, signal: Signal, fx: &mut Effects) {
        let Some(call) = self.call.as_ref().filter(|c| c.joined && c.is_participant(&to) && to != self.me.id) else { return };
        if signal.check().is_err() {
            return; // larger than any receiver takes
        }
        let call_id = call.id.clone();
        self.send_message(&call_id, vec![to], Body::Signal(signal), fx);
    }

    /// The connection to `user` is in `state` now.
    pub(super) fn on_link_state(&mut self, user: &str, state: LinkState, now: u64, fx: &mut Effects) {
        let Some(link) = self.call.as_mut().and_then(|c| c.links.iter_mut().find(|l| l.user == user)) else { return };
        if link.on_state(state, now) {
            fx.push(Effect::Render);
        }
    }

    /// The microphone or camera could not be opened: the call goes on without it.
    pub(super) fn device_unavailable(&mut self, device: Device, fx: &mut Effects) {
        if self.call.is_none() || self.blocked(device) {
            return;
        }
        match device {
            Device::Microphone => self.microphone_blocked = true,
            Device::Camera => self.camera_blocked = true,
        }
        fx.push(Effect::Toast(Toast::Unavailable(device)));
        self.tell_devices(fx);
        fx.push(Effect::Render);
    }

    /// The user flips a toggle: the others hear of it at once (a roster carries the devices).
    pub(super) fn toggle(&mut self, device: Device, fx: &mut Effects) {
        if self.blocked(device) {
            return;
        }
        match device {
            Device::Microphone => self.microphone_on = !self.microphone_on,
            Device::Camera => self.camera_on = !self.camera_on,
        }
        self.tell_devices(fx);
        fx.push(Effect::Render);
    }

    pub(super) fn tell_devices(&mut self, fx: &mut Effects) {
        let Some(call) = self.call.as_ref().filter(|c| c.joined) else { return };
        let to: Vec<String> = call.participants.iter().filter(|u| u.id != self.me.id).map(|u| u.id.clone()).collect();
        let call_id = call.id.clone();
        self.send_roster(&call_id, to, false, fx);
    }

    /// A member's roster told its devices.
    pub(super) fn note_devices(&mut self, from: &str, call_id: &str, devices: Devices) {
        let Some(call) = self.call.as_mut().filter(|c| c.id == call_id && c.is_participant(from)) else { return };
        match call.devices.iter_mut().find(|d| d.user == from) {
            Some(entry) => entry.devices = devices,
            None => call.devices.push(MemberDevices { user: from.to_owned(), devices }),
        }
    }

    /// Keeps one link per other participant, and device entries of participants only (after
    /// every event): both lists stay within the call's size.
    pub(super) fn track_links(&mut self) {
        let me = self.me.id.clone();
        let Some(call) = self.call.as_mut() else { return };
        let participants = &call.participants;
        call.links.retain(|l| participants.iter().any(|u| u.id == l.user));
        call.devices.retain(|d| participants.iter().any(|u| u.id == d.user));
        for user in participants.iter().filter(|u| u.id != me) {
            if !call.links.iter().any(|l| l.user == user.id) {
                call.links.push(Link::new(user.id.clone()));
            }
        }
    }

    /// Restarts and give-ups due at `now`.
    pub(super) fn tick_links(&mut self, now: u64, fx: &mut Effects) {
        let Some(call) = self.call.as_mut() else { return };
        let mut changed = false;
        for link in &mut call.links {
            let restarts = link.restarts;
            changed |= link.tick(now) || link.restarts != restarts;
        }
        if changed {
            fx.push(Effect::Render);
        }
    }

    /// The earliest restart or give-up.
    pub(super) fn links_deadline(&self) -> Option<u64> {
        self.call.as_ref()?.links.iter().filter_map(Link::deadline).min()
    }
}
