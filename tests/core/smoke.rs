//! The shortest whole story: a 1:1 invitation accepted, then a third user invited into the call.
use callkit_invite::core::*;
use crate::support::{ids, Net};

#[test]
fn invite_accept_then_in_call_invite_reaches_everyone() {
    let mut net = Net::new(&[("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol")]);
    net.invite(0, &["bob"], CallType::Video).unwrap();
    net.settle();
    assert!(net.ringing(1));
    assert!(!net.kits[0].call().unwrap().joined, "1:1 caller waits on the Calling page");
    net.act(1, Event::Accept).unwrap();
    net.settle();
    assert!(net.kits[0].call().unwrap().joined);
    assert_eq!(net.participants(0), ids(&["alice", "bob"]));
    assert_eq!(net.participants(1), ids(&["alice", "bob"]));
    net.invite(0, &["carol"], CallType::Video).unwrap();
    net.settle();
    assert!(net.ringing(2));
    assert_eq!(net.pending(1), ids(&["carol"]), "bob sees carol's waiting tile");
    net.act(2, Event::Accept).unwrap();
    net.settle();
    for k in 0..3 {
        assert_eq!(net.participants(k), ids(&["alice", "bob", "carol"]), "kit {k}");
        assert!(net.pending(k).is_empty());
    }
}
