//! Errors returned to the app: bad input names its field, refusals say which rule said no.
//!
//! Messages are built with `message()`, not `Display`: `core::fmt` would cost the wasm
//! kilobytes.
use crate::core::digits;

/// Why a request from the app was not carried out. Nothing changed when one is returned.
///
/// One pointer wide (the bad field is boxed): every `?` that passes an error on, and every
/// `Result` that holds one, moves a pointer, not two strings. With the strings inline the wasm
/// was 2.4 KB larger gzipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A value of the wrong type or shape (a JS `TypeError`).
    Type(Box<Invalid>),
    /// A value outside the accepted range (a JS `RangeError`).
    Range(Box<Invalid>),
    /// The request is well formed, but the kit's state or a rule forbids it (a JS `Error`).
    Refused(Refusal),
}

/// A field of the app's input that is wrong, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The JS path of the offending field, such as `callees[2].userID`.
    pub field: String,
    /// What was wrong with it.
    pub reason: String,
}

impl Error {
    /// A type error on `field`.
    pub fn type_error(field: &str, reason: &str) -> Self {
        Error::Type(Box::new(Invalid { field: field.to_owned(), reason: reason.to_owned() }))
    }

    /// A range error on `field`.
    pub fn range(field: &str, reason: &str) -> Self {
        Error::Range(Box::new(Invalid { field: field.to_owned(), reason: reason.to_owned() }))
    }

    /// A range error on `field`, a string longer than `max` bytes.
    pub fn too_long(field: &str, max: usize) -> Self {
        Error::range(field, &["must be at most ", &digits::decimal(max as u64), " bytes"].concat())
    }

    /// A range error on `field`, a list of `got` users where at most `max` are allowed.
    pub fn too_many_users(field: &str, max: usize, got: usize) -> Self {
        // The incumbent's text for more than 9 callees, after ours.
        Error::range(field, &["must list at most ", &digits::decimal(max as u64), " users, got ", &digits::decimal(got as u64), " (Maximum number of users exceeded)"].concat())
    }

    /// The stable `code` of the JS error, for apps to branch on: `INVALID_ARGUMENT` for bad
    /// input, one per refusal otherwise.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Type(_) | Error::Range(_) => "INVALID_ARGUMENT",
            Error::Refused(refusal) => refusal.code(),
        }
    }

    /// The message for the app, such as `callees[1].userID: duplicate userID "bob"`.
    pub fn message(&self) -> String {
        match self {
            Error::Type(bad) | Error::Range(bad) => [&bad.field, ": ", &bad.reason].concat(),
            Error::Refused(refusal) => refusal.message().to_owned(),
        }
    }
}

/// A rule or state that forbids a well-formed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `onlyInitiatorCanInvite` is on and this user did not start the call.
    OnlyInitiator,
    /// The call's `canInvitingInCalling` is off.
    InvitingDisabled,
    /// An incoming call is ringing: answer it first.
    Ringing,
    /// An outgoing 1:1 call is still waiting for its answer.
    StillCalling,
    /// The kit is already in a call.
    AlreadyInCall,
    /// There is no call to act on.
    NotInCall,
    /// There is no incoming call to answer.
    NoIncomingCall,
    /// Only the user who sent an invitation may cancel it.
    NotInviter,
    /// The kit was destroyed.
    Destroyed,
    /// `crypto.getRandomValues` is missing: call IDs could be guessed.
    NoRandomness,
}

impl Refusal {
    /// The stable `code` of the JS error.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::OnlyInitiator => "ONLY_INITIATOR_CAN_INVITE",
            Refusal::InvitingDisabled => "INVITING_DISABLED",
            Refusal::Ringing => "INCOMING_CALL_RINGING",
            Refusal::StillCalling => "CALL_PENDING",
            Refusal::AlreadyInCall => "ALREADY_IN_CALL",
            Refusal::NotInCall => "NOT_IN_CALL",
            Refusal::NoIncomingCall => "NO_INCOMING_CALL",
            Refusal::NotInviter => "NOT_INVITER",
            Refusal::Destroyed => "DESTROYED",
            Refusal::NoRandomness => "NO_SECURE_RANDOM",
        }
    }

    /// The message for the app. Where the incumbent refuses the same request, its text comes
    /// first, so that a search for it finds ours.
    pub fn message(self) -> &'static str {
        match self {
            Refusal::OnlyInitiator => "Only initiator can invite",
            Refusal::InvitingDisabled => "You have joined the room! Inviting during a call is off (canInvitingInCalling)",
            Refusal::Ringing => "You already have a call invitation! An incoming call is ringing; accept or decline it first",
            Refusal::StillCalling => "You already have a call invitation! The call is still waiting for an answer",
            Refusal::AlreadyInCall => "Already in a call",
            Refusal::NotInCall => "Not in a call",
            Refusal::NoIncomingCall => "No incoming call",
            Refusal::NotInviter => "Only the user who sent an invitation can cancel it",
            Refusal::Destroyed => "The kit was destroyed",
            Refusal::NoRandomness => "crypto.getRandomValues is not available: call IDs would be guessable",
        }
    }
}
