//! The rules of SPEC §2 as a user sees them: who may invite, the invitee list, list updates,
//! and the invitation lifecycle.
use callkit_invite::core::*;
use callkit_invite::core::protocol::Invite;
use crate::support::{crafted, ids, Net};

mod who_may_invite;
mod invitee_list;
mod list_updates;
mod lifecycle;
mod as_the_incumbent;

const A: usize = 0;
const B: usize = 1;
const C: usize = 2;
const D: usize = 3;
const E: usize = 4;

const PEOPLE: [(&str, &str); 6] =
    [("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol"), ("dave", "Dave"), ("erin", "Erin"), ("frank", "Frank")];

fn net(n: usize) -> Net {
    Net::new(&PEOPLE[..n])
}

fn id(net: &Net, k: usize) -> String {
    net.kits[k].me().id.clone()
}

fn patch() -> ConfigPatch {
    ConfigPatch::default()
}

fn only_initiator(net: &mut Net, k: usize) {
    net.configure(k, ConfigPatch { only_initiator_can_invite: Some(true), ..patch() });
}

/// `from` calls `to` (one callee each) and every callee accepts.
fn call(net: &mut Net, from: usize, to: &[usize]) {
    let callees: Vec<String> = to.iter().map(|&k| id(net, k)).collect();
    let refs: Vec<&str> = callees.iter().map(String::as_str).collect();
    net.invite(from, &refs, CallType::Video).unwrap();
    net.settle();
    for &k in to {
        assert!(net.ringing(k), "kit {k} rings");
        net.act(k, Event::Accept).unwrap();
        net.settle();
    }
}

fn list(net: &Net, users: &[&str], default_checked: bool) -> ListConfig {
    ListConfig { users: users.iter().map(|u| net.user(u)).collect(), default_checked }
}

fn rows(net: &Net, k: usize) -> Vec<(String, RowStatus)> {
    net.kits[k].rows().iter().map(|r| (r.user.id.clone(), r.status)).collect()
}

fn row(id: &str, status: RowStatus) -> (String, RowStatus) {
    (id.to_owned(), status)
}

/// The `Effect::Invited` of an event: (invited IDs, (ID, reason) of error invitees).
fn invited(effects: &[Effect]) -> (Vec<String>, Vec<(String, InviteeError)>) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Invited { invited, error_invitees, .. } => Some((
                invited.iter().map(|u| u.id.clone()).collect(),
                error_invitees.iter().map(|e| (e.user.id.clone(), e.reason)).collect(),
            )),
            _ => None,
        })
        .expect("an Invited effect")
}

/// The invitations sent (from, callees, to).
fn invites_sent(net: &Net) -> Vec<(String, Vec<String>, Vec<String>)> {
    net.sent
        .iter()
        .filter_map(|e| match &e.body {
            Body::Invite(inv) => Some((e.from.id.clone(), inv.callees.iter().map(|u| u.id.clone()).collect(), e.to.clone())),
            _ => None,
        })
        .collect()
}

fn ends(net: &Net, k: usize) -> Vec<EndReason> {
    net.notices(k)
        .into_iter()
        .filter_map(|n| match n {
            Notice::CallInvitationEnded { reason, .. } => Some(reason),
            _ => None,
        })
        .collect()
}

fn user_joins(net: &Net, k: usize) -> Vec<Vec<String>> {
    net.notices(k)
        .into_iter()
        .filter_map(|n| match n {
            Notice::UserJoin { users, .. } => Some(users.into_iter().map(|u| u.id).collect()),
            _ => None,
        })
        .collect()
}

fn has_notice(net: &Net, k: usize, pred: impl Fn(&Notice) -> bool) -> bool {
    net.notices(k).iter().any(pred)
}

/// An in-call invitation of `callee` into `c`, as its initiator alice's call carries it.
fn in_call_invite(net: &Net, c: &Call, callee: &str) -> Invite {
    Invite {
        call_type: 1,
        initiator: "alice".into(),
        policy: c.policy,
        in_call: true,
        callees: vec![net.user(callee)],
        participants: c.participants.clone(),
        timeout: 60,
        data: String::new(),
    }
}

fn craft(net: &Net, from: &str, sid: &str, to: &[&str], call: &str, body: Body) -> Envelope {
    crafted(net.user(from), sid, 1, to, call, body)
}
