//! Who may invite during a call: the initiator's policy, carried by the call.
use crate::core::error::Refusal;

/// How many people a call holds unless its initiator says otherwise: the caller and nine
/// invitees.
pub const DEFAULT_CALL_SIZE: u8 = 10;
/// The most people any call holds; also the longest list a message may carry.
pub const MAX_CALL_SIZE: u8 = 50;
/// The call sizes an initiator may set.
pub const CALL_SIZES: std::ops::RangeInclusive<u8> = 2..=MAX_CALL_SIZE;

/// The initiator's flags that travel with a call. They never change the receiver's own config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// `canInvitingInCalling` of the initiator.
    pub can_invite_in_calling: bool,
    /// `onlyInitiatorCanInvite` of the initiator.
    pub only_initiator_can_invite: bool,
    /// `endCallWhenInitiatorLeave` of the initiator.
    pub end_call_when_initiator_leave: bool,
    /// How many people the call holds at most, its initiator included (participants and
    /// pending invitees together).
    pub max_users: u8,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { can_invite_in_calling: false, only_initiator_can_invite: false, end_call_when_initiator_leave: false, max_users: DEFAULT_CALL_SIZE }
    }
}

impl Policy {
    /// Whether `who` may invite others into a call that `initiator` started and that is going on:
    /// `canInvitingInCalling && (!onlyInitiatorCanInvite || who == initiator)`.
    pub fn check_in_call(&self, who: &str, initiator: &str) -> Result<(), Refusal> {
        if !self.can_invite_in_calling {
            Err(Refusal::InvitingDisabled)
        } else if self.only_initiator_can_invite && who != initiator {
            Err(Refusal::OnlyInitiator)
        } else {
            Ok(())
        }
    }

    /// Whether an invitation from `inviter` is allowed: the first one must come from the
    /// initiator, later ones (`in_call`) must pass [`Policy::check_in_call`].
    pub fn allows_invitation(&self, inviter: &str, initiator: &str, in_call: bool) -> bool {
        if in_call {
            self.check_in_call(inviter, initiator).is_ok()
        } else {
            inviter == initiator
        }
    }
}
