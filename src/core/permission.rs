//! Who may invite during a call: the initiator's policy, carried by the call.
use crate::core::error::Refusal;

/// The initiator's flags that travel with a call. They never change the receiver's own config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Policy {
    /// `canInvitingInCalling` of the initiator.
    pub can_invite_in_calling: bool,
    /// `onlyInitiatorCanInvite` of the initiator.
    pub only_initiator_can_invite: bool,
    /// `endCallWhenInitiatorLeave` of the initiator.
    pub end_call_when_initiator_leave: bool,
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
