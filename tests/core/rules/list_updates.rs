//! `updateCallingInvitationListConfig`: a new list in a call, before one, and against the room
//! config's.
use super::*;

#[test]
fn update_list_in_a_call_keeps_checked_rows_and_new_rows_take_default_checked() {
    let mut net = net(5);
    let l = list(&net, &["carol", "dave"], true);
    net.act(A, Event::UpdateList(l)).unwrap();
    call(&mut net, A, &[B]);
    net.act(A, Event::ToggleRow("carol".into())).unwrap();
    let l = list(&net, &["dave", "carol", "erin"], false);
    net.act(A, Event::UpdateList(l)).unwrap();
    assert_eq!(
        rows(&net, A),
        vec![row("dave", RowStatus::Available(true)), row("carol", RowStatus::Available(false)), row("erin", RowStatus::Available(false))]
    );
    // A row removed and added back is new again.
    let l = list(&net, &["erin"], true);
    net.act(A, Event::UpdateList(l)).unwrap();
    let l = list(&net, &["erin", "carol"], true);
    net.act(A, Event::UpdateList(l)).unwrap();
    assert_eq!(rows(&net, A), vec![row("erin", RowStatus::Available(false)), row("carol", RowStatus::Available(true))]);
}

#[test]
fn update_list_refreshes_an_open_sidebar_at_once() {
    let mut net = net(4);
    call(&mut net, A, &[B]);
    net.act(A, Event::OpenSidebar).unwrap();
    assert!(rows(&net, A).is_empty());
    let l = list(&net, &["carol", "bob"], true);
    let fx = net.act(A, Event::UpdateList(l)).unwrap();
    assert!(fx.contains(&Effect::Render), "the open sidebar re-renders");
    assert!(net.kits[A].sidebar_open());
    assert_eq!(rows(&net, A), vec![row("carol", RowStatus::Available(true)), row("bob", RowStatus::InCall)]);
}

#[test]
fn update_list_before_a_call_sets_the_list_the_next_call_starts_with() {
    let mut net = net(4);
    let l = list(&net, &["carol", "dave"], false);
    net.act(A, Event::UpdateList(l.clone())).unwrap();
    let l_bob = list(&net, &["dave"], true);
    net.act(B, Event::UpdateList(l_bob.clone())).unwrap();
    assert_eq!(net.kits[A].next_list(), &l);
    assert!(rows(&net, A).is_empty(), "no rows outside a call");
    call(&mut net, A, &[B]);
    assert_eq!(rows(&net, A), vec![row("carol", RowStatus::Available(false)), row("dave", RowStatus::Available(false))]);
    assert_eq!(rows(&net, B), vec![row("dave", RowStatus::Available(true))], "the callee starts with its own list");
}

#[test]
fn a_list_updated_during_a_call_is_also_the_next_calls_list() {
    let mut net = net(4);
    call(&mut net, A, &[B]);
    let l = list(&net, &["carol", "dave"], false);
    net.act(A, Event::UpdateList(l.clone())).unwrap();
    assert_eq!(rows(&net, A), vec![row("carol", RowStatus::Available(false)), row("dave", RowStatus::Available(false))]);
    net.act(A, Event::HangUp).unwrap();
    net.settle();
    assert_eq!(net.kits[A].next_list(), &l);
    call(&mut net, A, &[C]);
    assert_eq!(rows(&net, A), vec![row("carol", RowStatus::InCall), row("dave", RowStatus::Available(false))]);
}

#[test]
fn a_list_in_the_room_config_wins_over_the_updated_list() {
    let mut net = net(5);
    let l = list(&net, &["carol", "dave"], true);
    net.act(A, Event::UpdateList(l.clone())).unwrap();
    net.act(B, Event::UpdateList(l)).unwrap();
    net.rooms[A].list = Some(list(&net, &["erin"], false));
    net.rooms[B].list = Some(list(&net, &["carol"], true));
    call(&mut net, A, &[B]);
    assert_eq!(rows(&net, A), vec![row("erin", RowStatus::Available(false))]);
    assert_eq!(rows(&net, B), vec![row("carol", RowStatus::Available(true))]);
}
