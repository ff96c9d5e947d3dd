#![cfg(target_arch = "wasm32")]
//! Browser tests of the UI (SPEC section 4): roles, accessible names, strings, keyboard,
//! hostile names and avatars, the Invitees sidebar. Kits in one page talk over the default
//! BroadcastChannel transport; each test uses its own appID.

mod browser_support;

use browser_support::*;
use wasm_bindgen_test::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const CAN_INVITE: &str = r#"{"canInvitingInCalling":true}"#;
const GHOSTS: &str = r#"[{"userID":"ghost1","userName":"Ghost One"},{"userID":"ghost2","userName":"Ghost Two"}]"#;

fn room_with_list(users: &str, default_checked: Option<bool>) -> String {
    match default_checked {
        Some(d) => format!(r#"{{"callingInvitationListConfig":{{"waitingSelectUsers":{users},"defaultChecked":{d}}}}}"#),
        None => format!(r#"{{"callingInvitationListConfig":{{"waitingSelectUsers":{users}}}}}"#),
    }
}

const DEF: &str = r#"[{"userID":"dave","userName":"Dave"},{"userID":"erin","userName":"Erin"},{"userID":"frank","userName":"Frank"}]"#;

/// Alice alone in a call: she invited two users who are not online, so she joined at once.
async fn alone(app: u32, config: &str, room: &str) -> TestKit {
    let alice = TestKit::new(app, "alice", "Alice", config, room);
    alice.send(GHOSTS, 1).await;
    wait_for("Alice's call page", 2000.0, || alice.call_page()).await;
    alice
}

/// Alice invited Bob and Carol; Bob accepted (by clicking Accept); Carol is still pending.
async fn alice_and_bob(app: u32, alice_config: &str, alice_room: &str, bob_config: &str) -> (TestKit, TestKit) {
    let alice = TestKit::new(app, "alice", "Alice", alice_config, alice_room);
    let bob = TestKit::new(app, "bob", "Bob", bob_config, "{}");
    alice.send(r#"[{"userID":"bob","userName":"Bob"},{"userID":"carol","userName":"Carol"}]"#, 1).await;
    let accept = bob.wait("button", "Accept").await;
    click(&accept);
    wait_for("Bob's participant tile at Alice", 2000.0, || alice.tile("Bob").filter(|t| !text(t).contains("Calling…"))).await;
    wait_for("Bob's call page", 2000.0, || bob.call_page()).await;
    (alice, bob)
}

fn row(sidebar: &Element, name: &str) -> Element {
    find(sidebar, "checkbox", name).unwrap_or_else(|| panic!("no checkbox {name:?} in {}", html(sidebar)))
}

fn invite_button(sidebar: &Element) -> Element {
    by_role(sidebar, "button")
        .into_iter()
        .find(|b| accessible_name(b).starts_with("Invite"))
        .unwrap_or_else(|| panic!("no Invite button in {}", html(sidebar)))
}

// ---------------------------------------------------------------- bottom bar and menu

#[wasm_bindgen_test]
async fn bottom_bar_toggles_more_menu_and_leave() {
    clean_page();
    let alice = alone(fresh_app(), CAN_INVITE, "{}").await;
    let page = alice.call_page().unwrap();
    assert!(placed_in(&page, &alice.container), "the call page goes into the room config's container");

    for name in ["Microphone", "Camera"] {
        let b = alice.find("button", name).unwrap_or_else(|| panic!("no {name} button in {}", html(&page)));
        assert_eq!(b.get_attribute("aria-pressed").as_deref(), Some("true"), "{name} starts on");
        click(&b);
        assert_eq!(b.get_attribute("aria-pressed").as_deref(), Some("false"), "{name} toggles off on click");
        click(&b);
        assert_eq!(b.get_attribute("aria-pressed").as_deref(), Some("true"), "{name} toggles back on");
    }

    let more = alice.find("button", "More").expect("a More button");
    assert_eq!(more.get_attribute("aria-haspopup").as_deref(), Some("menu"));
    assert_eq!(more.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(alice.role("menu").is_none(), "the menu starts closed");
    assert!(alice.find("menuitem", "Invite members").is_none());

    click(&more);
    assert_eq!(more.get_attribute("aria-expanded").as_deref(), Some("true"));
    let menu = alice.role("menu").expect("an open role=menu");
    let item = find(&menu, "menuitem", "Invite members").expect("menuitem Invite members");
    assert!(visible(&item));
    if let Some(controls) = more.get_attribute("aria-controls") {
        assert_eq!(menu.id(), controls, "aria-controls names the menu");
    }

    click(&more);
    assert_eq!(more.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(alice.role("menu").is_none(), "a second click closes the menu");

    let leave = alice.find("button", "Leave call").expect("a Leave call button");
    click(&leave);
    until("the call page to go after Leave call", || alice.call_page().is_none()).await;
}

#[wasm_bindgen_test]
async fn waiting_tiles_show_name_calling_and_cancel() {
    clean_page();
    let alice = alone(fresh_app(), CAN_INVITE, "{}").await;
    let me = alice.tile("Alice").expect("Alice's own participant tile");
    assert!(!text(&me).contains("Calling…"));
    for name in ["Ghost One", "Ghost Two"] {
        let tile = alice.tile(name).unwrap_or_else(|| panic!("a waiting tile {name}"));
        assert!(text(&tile).contains(name));
        assert!(all(&tile, "*").iter().any(|e| text(e) == "Calling…"), "waiting tile says Calling…: {}", html(&tile));
        assert!(find(&tile, "button", "Cancel call").is_some(), "waiting tile has Cancel call: {}", html(&tile));
    }
    let cancel = find(&alice.tile("Ghost One").unwrap(), "button", "Cancel call").unwrap();
    click(&cancel);
    until("Ghost One's tile to go", || alice.tile("Ghost One").is_none()).await;
    assert!(alice.tile("Ghost Two").is_some(), "the other waiting tile stays");
    assert!(alice.call_page().is_some(), "cancelling one invitee keeps the call");
}

// ---------------------------------------------------------------- the Invitees sidebar

#[wasm_bindgen_test]
async fn sidebar_roles_names_and_invite_count() {
    clean_page();
    let users = r#"[{"userID":"dave","userName":"Dave"},{"userID":"erin","userName":"Erin"}]"#;
    let alice = alone(fresh_app(), CAN_INVITE, &room_with_list(users, None)).await;
    let sidebar = alice.open_sidebar().await;
    assert_eq!(sidebar.get_attribute("role").as_deref(), Some("dialog"));
    let labelledby = sidebar.get_attribute("aria-labelledby").expect("the sidebar is aria-labelledby its heading");
    let heading = by_id(&sidebar, &labelledby).expect("the heading the sidebar names");
    assert!(by_role(&sidebar, "heading").contains(&heading), "the label is a heading inside the sidebar");
    assert_eq!(text(&heading), "Invitees");
    assert_eq!(accessible_name(&sidebar), "Invitees");
    assert!(alice.find("dialog", "Invitees").is_some());
    assert!(find(&sidebar, "button", "Close").is_some(), "a Close button: {}", html(&sidebar));

    assert_eq!(row_names(&sidebar), vec!["Dave", "Erin"]);
    assert!(checked(&row(&sidebar, "Dave")) && checked(&row(&sidebar, "Erin")), "defaultChecked defaults to true");
    let invite = invite_button(&sidebar);
    assert_eq!(text(&invite).trim(), "Invite (2)");
    assert!(!disabled(&invite));

    click(&row(&sidebar, "Dave"));
    assert_eq!(text(&invite_button(&sidebar)).trim(), "Invite (1)");
    click(&row(&sidebar, "Erin"));
    let invite = invite_button(&sidebar);
    assert_eq!(text(&invite).trim(), "Invite (0)");
    assert!(disabled(&invite), "the invite button is disabled at 0");
    assert!(alice.find("checkbox", "Dave").is_some_and(|c| !checked(&c)));

    click(&find(&sidebar, "button", "Close").unwrap());
    assert!(alice.sidebar().is_none(), "Close closes the sidebar");
    assert!(!sidebar.is_connected() || !visible(&sidebar));
}

#[wasm_bindgen_test]
async fn sidebar_disables_participants_and_pending_and_never_shows_self() {
    clean_page();
    let list = r#"[{"userID":"alice","userName":"Alice"},{"userID":"bob","userName":"Bob"},{"userID":"carol","userName":"Carol"},{"userID":"dave","userName":"Dave"}]"#;
    let (alice, bob) = alice_and_bob(fresh_app(), CAN_INVITE, &room_with_list(list, None), "{}").await;
    let sidebar = alice.open_sidebar().await;
    assert_eq!(row_names(&sidebar), vec!["Bob", "Carol", "Dave"], "own user never shown");

    let b = row(&sidebar, "Bob");
    assert!(disabled(&b) && !checked(&b), "a participant's row is disabled and unchecked");
    assert_eq!(description(&b), "In call");
    assert!(text(&b.closest("li").unwrap().unwrap()).contains("In call"));
    let c = row(&sidebar, "Carol");
    assert!(disabled(&c) && !checked(&c), "a pending invitee's row is disabled");
    assert_eq!(description(&c), "Calling…");
    assert!(text(&c.closest("li").unwrap().unwrap()).contains("Calling…"));
    let d = row(&sidebar, "Dave");
    assert!(!disabled(&d) && checked(&d));
    assert!(!text(&d.closest("li").unwrap().unwrap()).contains("In call"));
    assert_eq!(text(&invite_button(&sidebar)).trim(), "Invite (1)", "only available rows count");

    // Inviting from the sidebar: Dave becomes pending, for Alice and for Bob.
    click(&invite_button(&sidebar));
    until("the sidebar to close after inviting", || alice.sidebar().is_none()).await;
    let tile = alice.tile("Dave").expect("a waiting tile for Dave");
    assert!(text(&tile).contains("Calling…"));
    assert!(find(&tile, "button", "Cancel call").is_some(), "the inviter can cancel");
    let at_bob = wait_for("Dave's waiting tile at Bob", 2000.0, || bob.tile("Dave")).await;
    assert!(text(&at_bob).contains("Calling…"));
    assert!(find(&at_bob, "button", "Cancel call").is_none(), "only the inviter gets Cancel call");

    let sidebar = alice.open_sidebar().await;
    let d = row(&sidebar, "Dave");
    assert!(disabled(&d), "Dave is pending now");
    assert_eq!(description(&d), "Calling…");
    let invite = invite_button(&sidebar);
    assert_eq!(text(&invite).trim(), "Invite (0)");
    assert!(disabled(&invite));
}

#[wasm_bindgen_test]
async fn checked_state_survives_closing_and_reopening() {
    clean_page();
    let alice = alone(fresh_app(), CAN_INVITE, &room_with_list(DEF, Some(true))).await;
    let sidebar = alice.open_sidebar().await;
    click(&row(&sidebar, "Erin"));
    assert!(!checked(&row(&sidebar, "Erin")));
    click(&find(&sidebar, "button", "Close").unwrap());
    assert!(alice.sidebar().is_none());

    let sidebar = alice.open_sidebar().await;
    assert!(checked(&row(&sidebar, "Dave")));
    assert!(!checked(&row(&sidebar, "Erin")), "Erin stays unchecked after reopening");
    assert!(checked(&row(&sidebar, "Frank")));
    assert_eq!(text(&invite_button(&sidebar)).trim(), "Invite (2)");

    // Escape-close and reopen too.
    click(&row(&sidebar, "Dave"));
    key(&row(&sidebar, "Frank"), "Escape", false);
    assert!(alice.sidebar().is_none(), "Escape closes the sidebar");
    let sidebar = alice.open_sidebar().await;
    assert!(!checked(&row(&sidebar, "Dave")) && !checked(&row(&sidebar, "Erin")) && checked(&row(&sidebar, "Frank")));
    assert_eq!(text(&invite_button(&sidebar)).trim(), "Invite (1)");
}

#[wasm_bindgen_test]
async fn a_closed_sidebar_is_out_of_reach_and_reopens_up_to_date() {
    clean_page();
    let alice = alone(fresh_app(), CAN_INVITE, &room_with_list(DEF, Some(true))).await;
    let sidebar = alice.open_sidebar().await;
    let erin = row(&sidebar, "Erin");
    click(&find(&sidebar, "button", "Close").unwrap());
    assert!(alice.sidebar().is_none(), "closed: no visible dialog");
    // Kept in the page for the next open, but nothing in it can be seen or focused.
    assert!(!visible(&erin), "a closed sidebar's rows are hidden");
    let before = active();
    focus(&erin);
    assert!(active() == before, "a closed sidebar's checkbox cannot take focus, got {}", describe(&active()));
    let menu = alice.role("menu");
    assert!(menu.is_none(), "the closed menu is hidden too");

    // What changed while it was closed shows when it opens again.
    alice
        .kit
        .update_calling_invitation_list_config(json(r#"{"waitingSelectUsers":[{"userID":"erin","userName":"Erin"},{"userID":"grace","userName":"Grace"}]}"#))
        .unwrap();
    alice.kit.set_language("zh-CN".into()).unwrap();
    let sidebar = alice.open_sidebar_via("更多", "邀请成员").await;
    assert_eq!(row_names(&sidebar), vec!["Erin", "Grace"]);
    assert!(row(&sidebar, "Erin") == erin, "a row still there is the same element");
    assert!(find(&sidebar, "button", "关闭").is_some(), "the new language: {}", html(&sidebar));
    assert!(active().is_some_and(|a| sidebar.contains(Some(&a))), "focus is inside the reopened sidebar");
    assert_eq!(alice.all("[role=dialog]").len(), 1, "one sidebar element, reused");
    alice.kit.set_language("en-US".into()).unwrap();
}

#[wasm_bindgen_test]
async fn default_checked_false_starts_unchecked() {
    clean_page();
    let alice = alone(fresh_app(), CAN_INVITE, &room_with_list(DEF, Some(false))).await;
    let sidebar = alice.open_sidebar().await;
    for name in ["Dave", "Erin", "Frank"] {
        assert!(!checked(&row(&sidebar, name)), "{name} starts unchecked");
    }
    let invite = invite_button(&sidebar);
    assert_eq!(text(&invite).trim(), "Invite (0)");
    assert!(disabled(&invite));
    click(&row(&sidebar, "Frank"));
    let invite = invite_button(&sidebar);
    assert_eq!(text(&invite).trim(), "Invite (1)");
    assert!(!disabled(&invite));
}

#[wasm_bindgen_test]
async fn update_list_redraws_an_open_sidebar_at_once() {
    clean_page();
    let alice = alone(fresh_app(), CAN_INVITE, &room_with_list(DEF, Some(true))).await;
    let sidebar = alice.open_sidebar().await;
    click(&row(&sidebar, "Erin"));
    let erin = row(&sidebar, "Erin");

    alice
        .kit
        .update_calling_invitation_list_config(json(
            r#"{"waitingSelectUsers":[{"userID":"erin","userName":"Erin"},{"userID":"frank","userName":"Frank"},{"userID":"grace","userName":"Grace"}],"defaultChecked":false}"#,
        ))
        .expect("updateCallingInvitationListConfig");
    // No waiting: the open sidebar shows the new list at once.
    let sidebar = alice.sidebar().expect("the sidebar stays open");
    assert_eq!(row_names(&sidebar), vec!["Erin", "Frank", "Grace"]);
    assert!(!checked(&row(&sidebar, "Erin")), "Erin keeps her (unchecked) state");
    assert!(checked(&row(&sidebar, "Frank")), "Frank keeps his (checked) state");
    assert!(!checked(&row(&sidebar, "Grace")), "a new row takes defaultChecked (false)");
    assert_eq!(text(&invite_button(&sidebar)).trim(), "Invite (1)");
    assert!(row(&sidebar, "Erin") == erin, "a row still there is the same element");

    alice
        .kit
        .update_calling_invitation_list_config(json(r#"{"waitingSelectUsers":[{"userID":"grace","userName":"Grace"},{"userID":"heidi","userName":"Heidi"}]}"#))
        .unwrap();
    let sidebar = alice.sidebar().unwrap();
    assert_eq!(row_names(&sidebar), vec!["Grace", "Heidi"]);
    assert!(!checked(&row(&sidebar, "Grace")), "Grace keeps her state");
    assert!(checked(&row(&sidebar, "Heidi")), "a new row takes defaultChecked (default true)");

    alice.kit.update_calling_invitation_list_config(json(r#"{"waitingSelectUsers":[]}"#)).unwrap();
    let sidebar = alice.sidebar().unwrap();
    assert!(row_names(&sidebar).is_empty());
    assert!(all(&sidebar, "*").iter().any(|e| text(e) == "No one to invite" && visible(e)), "empty state at once: {}", html(&sidebar));
}

#[wasm_bindgen_test]
async fn update_list_keeps_focus_on_a_row_still_there() {
    clean_page();
    let alice = alone(fresh_app(), CAN_INVITE, &room_with_list(DEF, Some(true))).await;
    let sidebar = alice.open_sidebar().await;
    let erin = row(&sidebar, "Erin");
    focus(&erin);
    assert!(active() == Some(erin.clone()));
    // Dave (above Erin) goes: Erin's row stays, so must the keyboard focus on it.
    alice
        .kit
        .update_calling_invitation_list_config(json(r#"{"waitingSelectUsers":[{"userID":"erin","userName":"Erin"},{"userID":"frank","userName":"Frank"}]}"#))
        .unwrap();
    assert_eq!(row_names(&alice.sidebar().unwrap()), vec!["Erin", "Frank"]);
    assert!(active() == Some(erin.clone()), "focus stays on Erin's checkbox, got {}", describe(&active()));
    // And Escape from there still closes the sidebar.
    key(&active().unwrap(), "Escape", false);
    assert!(alice.sidebar().is_none(), "Escape closes the sidebar after an update");
}

#[wasm_bindgen_test]
async fn empty_state_when_no_one_or_only_self() {
    clean_page();
    let alice = alone(fresh_app(), CAN_INVITE, &room_with_list("[]", None)).await;
    let sidebar = alice.open_sidebar().await;
    let empty = || all(&alice.sidebar().unwrap(), "*").into_iter().find(|e| text(e) == "No one to invite" && visible(e));
    assert!(empty().is_some(), "No one to invite: {}", html(&sidebar));
    assert!(row_names(&sidebar).is_empty());
    let invite = invite_button(&sidebar);
    assert_eq!(text(&invite).trim(), "Invite (0)");
    assert!(disabled(&invite));

    alice.kit.update_calling_invitation_list_config(json(r#"{"waitingSelectUsers":[{"userID":"alice","userName":"Alice"}]}"#)).unwrap();
    assert!(empty().is_some(), "a list of only the kit's own user is empty too");
    assert!(row_names(&alice.sidebar().unwrap()).is_empty());

    alice.kit.update_calling_invitation_list_config(json(r#"{"waitingSelectUsers":[{"userID":"alice"},{"userID":"bob","userName":"Bob"}]}"#)).unwrap();
    assert!(empty().is_none(), "the empty state goes once there is a row");
    assert_eq!(row_names(&alice.sidebar().unwrap()), vec!["Bob"]);
}

// ---------------------------------------------------------------- who may invite

#[wasm_bindgen_test]
async fn invite_members_hidden_when_inviting_is_off() {
    clean_page();
    let alice = alone(fresh_app(), "{}", &room_with_list(DEF, None)).await;
    assert!(alice.find("button", "Leave call").is_some());
    assert!(alice.find("button", "More").is_none(), "no visible More button without canInvitingInCalling");
    assert!(alice.find("menuitem", "Invite members").is_none());
    assert!(alice.sidebar().is_none());
}

#[wasm_bindgen_test]
async fn only_initiator_can_invite_hides_the_item_for_others() {
    clean_page();
    let (alice, bob) = alice_and_bob(
        fresh_app(),
        r#"{"canInvitingInCalling":true,"onlyInitiatorCanInvite":true}"#,
        &room_with_list(DEF, None),
        CAN_INVITE,
    )
    .await;
    assert!(bob.find("button", "Leave call").is_some());
    assert!(bob.find("button", "More").is_none(), "Bob is not the initiator: no More");
    assert!(bob.find("menuitem", "Invite members").is_none());
    // The initiator still has it.
    alice.open_sidebar().await;
}

// ---------------------------------------------------------------- incoming dialog, calling page, toasts

#[wasm_bindgen_test]
async fn incoming_video_call_dialog_and_declined_toast() {
    clean_page();
    let app = fresh_app();
    let alice = TestKit::new(app, "alice", "Alice", CAN_INVITE, "{}");
    let bob = TestKit::new(app, "bob", "Bob", "{}", "{}");
    alice.send(r#"[{"userID":"bob","userName":"Bob"}]"#, 1).await;

    // Alice's "Calling…" page.
    let calling = alice.wait("region", "Calling…").await;
    assert!(by_role(&calling, "heading").iter().any(|h| text(h) == "Bob"), "the callee's name: {}", html(&calling));
    assert!(all(&calling, "*").iter().any(|e| text(e) == "Calling…"));
    assert!(find(&calling, "button", "Cancel call").is_some());

    let dialog = bob.wait_role("alertdialog").await;
    assert_eq!(accessible_name(&dialog), "Alice", "the dialog is named by the caller");
    assert!(text(&dialog).contains("Alice"));
    assert!(text(&dialog).contains("Incoming video call..."));
    assert_eq!(description(&dialog), "Incoming video call...");
    let accept = find(&dialog, "button", "Accept").expect("Accept");
    let decline = find(&dialog, "button", "Decline").expect("Decline");
    assert!(active() == Some(accept), "focus goes to Accept");

    click(&decline);
    assert!(bob.role("alertdialog").is_none(), "the dialog closes on Decline");
    let toast = wait_for("the toast Bob declined", 2000.0, || alice.toast("Bob declined")).await;
    assert!(visible(&toast));
    assert!(alice.find("region", "Calling…").is_none(), "the calling page goes");
}

#[wasm_bindgen_test]
async fn incoming_voice_call_accept_joins_both() {
    clean_page();
    let app = fresh_app();
    let alice = TestKit::new(app, "alice", "Alice", CAN_INVITE, "{}");
    let bob = TestKit::new(app, "bob", "Bob", "{}", "{}");
    alice.send(r#"[{"userID":"bob","userName":"Bob"}]"#, 0).await;
    let dialog = bob.wait_role("alertdialog").await;
    assert!(text(&dialog).contains("Incoming voice call..."), "{}", html(&dialog));
    assert!(!text(&dialog).contains("video"));
    click(&find(&dialog, "button", "Accept").unwrap());
    wait_for("Bob's call page", 2000.0, || bob.call_page()).await;
    assert!(bob.role("alertdialog").is_none());
    assert!(placed_in(&bob.call_page().unwrap(), &bob.container));
    wait_for("Alice's tile at Bob", 2000.0, || bob.tile("Alice")).await;
    wait_for("Bob's tile at Alice", 2000.0, || alice.tile("Bob").filter(|t| !text(t).contains("Calling…"))).await;
    assert!(alice.find("region", "Calling…").is_none());
}

#[wasm_bindgen_test]
async fn escape_on_the_incoming_dialog_declines() {
    clean_page();
    let app = fresh_app();
    // Alice draws her own waiting page, so nothing of hers takes the focus in this shared page.
    let alice = TestKit::new(app, "alice", "Alice", r#"{"enableCustomCallInvitationWaitingPage":true}"#, "{}");
    let bob = TestKit::new(app, "bob", "Bob", "{}", "{}");
    let mine = doc().create_element("button").unwrap();
    mine.set_text_content(Some("Bob's own app button"));
    bob.container.append_child(&mine).unwrap();
    focus(&mine);
    alice.send(r#"[{"userID":"bob","userName":"Bob"}]"#, 1).await;
    let dialog = bob.wait_role("alertdialog").await;
    let accept = find(&dialog, "button", "Accept").unwrap();
    assert!(active() == Some(accept.clone()));
    key(&accept, "Escape", false);
    assert!(bob.role("alertdialog").is_none(), "Escape closes the dialog");
    assert!(active() == Some(mine), "focus returns where it was before the dialog");
    wait_for("the toast Bob declined", 2000.0, || alice.toast("Bob declined")).await;
}

#[wasm_bindgen_test]
async fn busy_no_answer_and_send_failed_toasts() {
    clean_page();
    let app = fresh_app();
    let alice = TestKit::new(app, "alice", "Alice", "{}", "{}");
    let bob = TestKit::new(app, "bob", "Bob", "{}", "{}");
    let dave = TestKit::new(app, "dave", "Dave", "{}", r#"{"showWaitingCallAcceptAudioVideoView":false}"#);
    alice.send(r#"[{"userID":"bob","userName":"Bob"}]"#, 1).await;
    bob.wait_role("alertdialog").await;
    // Bob is ringing: Dave's call to him is answered busy.
    dave.send(r#"[{"userID":"bob","userName":"Bob"},{"userID":"ghost","userName":"Ghost"}]"#, 1).await;
    assert!(dave.tile("Ghost").is_none(), "no waiting tiles with showWaitingCallAcceptAudioVideoView false");
    wait_for("the toast Bob is busy", 2000.0, || dave.toast("Bob is busy")).await;

    // A 1 s invitation nobody answers.
    let opts = json(r#"{"callees":[{"userID":"nobody","userName":"Nobody"}],"timeout":1}"#);
    let carol = TestKit::new(app, "carol", "Carol", "{}", "{}");
    wasm_bindgen_futures::JsFuture::from(carol.kit.send_call_invitation(opts)).await.unwrap();
    wait_for("the toast Nobody didn't answer", 3000.0, || carol.toast("Nobody didn't answer")).await;
    assert!(carol.find("region", "Calling…").is_none(), "the calling page goes on timeout");

    // A transport that fails.
    let erin = TestKit::new(app, "erin", "Erin", "{}", "{}");
    let signaling = js_fn("", "return { signaling: { send: function(){ return Promise.reject(new Error('offline')); }, subscribe: function(){ return function(){}; } } };")
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
    erin.kit.add_plugins(signaling).unwrap();
    erin.send(r#"[{"userID":"bob","userName":"Bob"}]"#, 1).await;
    wait_for("the send-failed toast", 2000.0, || erin.toast("Failed to send the invitation, please try again.")).await;
}

// ---------------------------------------------------------------- hostile names and avatars

fn assert_no_markup(kits: &[&TestKit], step: &str) {
    for k in kits {
        let bad = k.injected();
        assert!(bad.is_empty(), "{step}: a name became markup at {}: {bad:?}", k.user_id);
    }
    assert_eq!(alerts(), 0, "{step}: a name ran script");
}

fn waiting_tile(kit: &TestKit, name: &str) -> Option<Element> {
    kit.all("[role=group]").into_iter().find(|t| accessible_name(t) == name && text(t).contains("Calling…"))
}

fn has_text(scope: &Element, raw: &str) -> bool {
    all(scope, "*").iter().any(|e| text(e) == raw)
}

#[wasm_bindgen_test]
async fn hostile_names_are_shown_as_text_everywhere() {
    clean_page();
    let app = fresh_app();
    let list = format!(r#"[{{"userID":"b","userName":{}}},{{"userID":"z","userName":{}}}]"#, js_str(BOLD), js_str(IMG));
    let h = TestKit::new(app, "h", IMG, CAN_INVITE, &room_with_list(&list, None));
    let b = TestKit::new(app, "b", BOLD, "{}", "{}");
    let bold = format!(r#"{{"userID":"b","userName":{}}}"#, js_str(BOLD));
    let img = format!(r#"{{"userID":"z","userName":{}}}"#, js_str(IMG));

    // 1:1: H's calling page names B; B's dialog names H; B declines: H's toast names B.
    h.send(&format!("[{bold}]"), 1).await;
    let calling = h.wait("region", "Calling…").await;
    assert!(by_role(&calling, "heading").iter().any(|e| text(e) == BOLD), "calling page: {}", html(&calling));
    let dialog = b.wait_role("alertdialog").await;
    assert!(has_text(&dialog, IMG), "incoming dialog: {}", html(&dialog));
    assert_eq!(accessible_name(&dialog), IMG);
    assert_no_markup(&[&h, &b], "calling page and dialog");
    click(&find(&dialog, "button", "Decline").unwrap());
    let toast = wait_for("the declined toast", 2000.0, || h.toast(&format!("{BOLD} declined"))).await;
    assert_eq!(text(&toast), format!("{BOLD} declined"));
    assert_no_markup(&[&h, &b], "toast");

    // Group call: waiting tiles, participant tiles and sidebar rows.
    h.send(&format!("[{bold},{img}]"), 1).await;
    let waiting = waiting_tile(&h, IMG).expect("a waiting tile named by the raw string");
    assert!(has_text(&waiting, IMG));
    assert!(h.tile(BOLD).is_some());
    click(&b.wait("button", "Accept").await);
    let tile = wait_for("B's participant tile at H", 2000.0, || h.tile(BOLD).filter(|t| !text(t).contains("Calling…"))).await;
    assert!(has_text(&tile, BOLD), "participant tile: {}", html(&tile));
    let at_b = wait_for("H's tile at B", 2000.0, || b.tile(IMG)).await;
    assert!(has_text(&at_b, IMG));
    let own = h.all("[role=group]").into_iter().find(|t| accessible_name(t) == IMG && !text(t).contains("Calling…")).expect("H's own tile");
    assert!(has_text(&own, IMG));
    let sidebar = h.open_sidebar().await;
    assert_eq!(row_names(&sidebar), vec![BOLD.to_owned(), IMG.to_owned()]);
    assert!(has_text(&sidebar, BOLD) && has_text(&sidebar, IMG));
    assert_no_markup(&[&h, &b], "tiles and sidebar");
    // The avatars' initials are text too.
    for k in [&h, &b] {
        for tile in k.all("[role=group]") {
            assert!(all(&tile, "img").is_empty());
        }
    }
}

#[wasm_bindgen_test]
async fn avatars_only_from_http_or_data_image_urls() {
    clean_page();
    let app = fresh_app();
    let alice = TestKit::new(app, "alice", "Alice", "{}", "{}");

    // The calling page of a 1:1 call.
    alice.send(r#"[{"userID":"u1","userName":"Mallory","avatar":"javascript:alert(1)"}]"#, 1).await;
    let calling = alice.wait("region", "Calling…").await;
    assert!(all(&calling, "img").is_empty(), "no <img> for a javascript: avatar: {}", html(&calling));
    assert!(has_text(&calling, "M"), "the initial instead: {}", html(&calling));
    click(&find(&calling, "button", "Cancel call").unwrap());
    until("the calling page to go", || alice.find("region", "Calling…").is_none()).await;
    alice.send(r#"[{"userID":"u2","userName":"Peggy","avatar":"https://example.invalid/p.png"}]"#, 1).await;
    let calling = alice.wait("region", "Calling…").await;
    let img = all(&calling, "img");
    assert_eq!(img.len(), 1, "an https avatar is shown: {}", html(&calling));
    assert_eq!(img[0].get_attribute("src").as_deref(), Some("https://example.invalid/p.png"));
    click(&find(&calling, "button", "Cancel call").unwrap());
    until("the calling page to go", || alice.find("region", "Calling…").is_none()).await;

    // Waiting tiles of a group call.
    let png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
    let callees = format!(
        r#"[{{"userID":"a1","userName":"Jay","avatar":"javascript:alert(1)"}},
            {{"userID":"a2","userName":"Dee","avatar":"data:text/html,<script>alert(1)</script>"}},
            {{"userID":"a3","userName":"Vic","avatar":"vbscript:msgbox(1)"}},
            {{"userID":"a4","userName":"Kim","avatar":"  JaVaScRiPt:alert(1)"}},
            {{"userID":"a5","userName":"Sam","avatar":"https://example.invalid/s.png"}},
            {{"userID":"a6","userName":"Pam","avatar":"{png}"}}]"#
    );
    alice.send(&callees, 1).await;
    wait_for("Alice's call page", 2000.0, || alice.call_page()).await;
    for (name, initial) in [("Jay", "J"), ("Dee", "D"), ("Vic", "V"), ("Kim", "K")] {
        let tile = alice.tile(name).unwrap_or_else(|| panic!("a tile for {name}"));
        assert!(all(&tile, "img").is_empty(), "{name}: no <img> for an unsafe URL: {}", html(&tile));
        assert!(has_text(&tile, initial), "{name}: the initial {initial} instead: {}", html(&tile));
    }
    for (name, url) in [("Sam", "https://example.invalid/s.png"), ("Pam", png)] {
        let tile = alice.tile(name).unwrap();
        let img = all(&tile, "img");
        assert_eq!(img.len(), 1, "{name}: an <img>: {}", html(&tile));
        assert_eq!(img[0].get_attribute("src").as_deref(), Some(url));
    }
    assert_eq!(alerts(), 0);
}

// ---------------------------------------------------------------- zh-CN

#[wasm_bindgen_test]
async fn zh_cn_switches_what_is_on_screen_at_once() {
    clean_page();
    let app = fresh_app();
    let list = r#"[{"userID":"bob","userName":"Bob"},{"userID":"carol","userName":"Carol"},{"userID":"dave","userName":"Dave"}]"#;
    let (alice, _bob) = alice_and_bob(app, CAN_INVITE, &room_with_list(list, None), "{}").await;
    let dave = TestKit::new(app, "dave", "Dave", "{}", "{}");

    // Bottom bar, open menu and waiting tile.
    click(&alice.find("button", "More").unwrap());
    alice.kit.set_language("zh-CN".into()).unwrap();
    assert!(alice.find("button", "更多").is_some(), "More → 更多");
    assert!(alice.find("button", "离开通话").is_some(), "Leave call → 离开通话");
    assert!(alice.find("menuitem", "邀请成员").is_some(), "Invite members → 邀请成员");
    let carol = alice.tile("Carol").unwrap();
    assert!(has_text(&carol, "正在呼叫..."), "waiting tile: {}", html(&carol));
    assert!(find(&carol, "button", "取消通话").is_some());
    assert!(alice.find("button", "More").is_none() && alice.find("button", "Leave call").is_none());

    // The sidebar, switched while open.
    let sidebar = alice.open_sidebar_via("更多", "邀请成员").await;
    assert_eq!(accessible_name(&sidebar), "受邀请人");
    assert!(find(&sidebar, "button", "关闭").is_some());
    assert_eq!(description(&row(&sidebar, "Bob")), "通话中");
    assert_eq!(description(&row(&sidebar, "Carol")), "正在呼叫...");
    assert_eq!(text(&invite_button_zh(&sidebar)).trim(), "邀请 (1)");
    alice.kit.set_language("en-US".into()).unwrap();
    let sidebar = alice.sidebar().unwrap();
    assert_eq!(accessible_name(&sidebar), "Invitees");
    assert_eq!(description(&row(&sidebar, "Bob")), "In call");
    assert_eq!(text(&invite_button(&sidebar)).trim(), "Invite (1)");
    alice.kit.set_language("zh-CN".into()).unwrap();
    let sidebar = alice.sidebar().unwrap();
    assert_eq!(accessible_name(&sidebar), "受邀请人");
    assert_eq!(description(&row(&sidebar, "Bob")), "通话中");

    // Invite Dave from the sidebar: his dialog switches too.
    click(&invite_button_zh(&sidebar));
    let dialog = dave.wait_role("alertdialog").await;
    assert!(find(&dialog, "button", "Decline").is_some());
    dave.kit.set_language("zh-CN".into()).unwrap();
    assert!(find(&dialog, "button", "拒绝").is_some(), "Decline → 拒绝: {}", html(&dialog));
    assert!(find(&dialog, "button", "接受").is_some(), "Accept → 接受");
    assert!(find(&dialog, "button", "Decline").is_none());
    click(&find(&dialog, "button", "拒绝").unwrap());
    wait_for("the zh-CN declined toast", 2000.0, || alice.toast("Dave 拒绝了邀请")).await;

    // The empty state.
    let sidebar = alice.open_sidebar_via("更多", "邀请成员").await;
    alice.kit.update_calling_invitation_list_config(json(r#"{"waitingSelectUsers":[]}"#)).unwrap();
    assert!(has_text(&sidebar, "没有可邀请的成员"), "{}", html(&sidebar));
}

fn invite_button_zh(sidebar: &Element) -> Element {
    by_role(sidebar, "button").into_iter().find(|b| accessible_name(b).starts_with("邀请")).expect("邀请 button")
}

#[wasm_bindgen_test]
async fn zh_cn_calling_page() {
    clean_page();
    let alice = TestKit::new(fresh_app(), "alice", "Alice", "{}", "{}");
    alice.send(r#"[{"userID":"bob","userName":"Bob"}]"#, 1).await;
    let calling = alice.wait("region", "Calling…").await;
    alice.kit.set_language("zh-CN".into()).unwrap();
    assert!(has_text(&calling, "正在呼叫..."), "{}", html(&calling));
    assert!(find(&calling, "button", "取消通话").is_some());
    assert!(find(&calling, "button", "Cancel call").is_none());
}

// ---------------------------------------------------------------- keyboard

#[wasm_bindgen_test]
async fn escape_closes_the_menu_and_returns_focus_to_more() {
    clean_page();
    let alice = alone(fresh_app(), CAN_INVITE, "{}").await;
    let more = alice.find("button", "More").unwrap();
    focus(&more);
    click(&more);
    let item = alice.find("menuitem", "Invite members").expect("open menu");
    assert!(active() == Some(item.clone()), "opening the menu focuses its first item");
    key(&item, "Escape", false);
    assert!(alice.role("menu").is_none(), "Escape closes the menu");
    assert_eq!(more.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(active() == Some(more), "focus is back on More");
}

#[wasm_bindgen_test]
async fn escape_closes_the_sidebar_and_returns_focus_to_more() {
    clean_page();
    let alice = alone(fresh_app(), CAN_INVITE, &room_with_list(DEF, None)).await;
    let more = alice.find("button", "More").unwrap();
    focus(&more);
    let sidebar = alice.open_sidebar().await;
    let inside = active().expect("focus moves into the sidebar");
    assert!(sidebar.contains(Some(&inside)), "focus moves into the sidebar, got {}", html(&inside));
    let dave = row(&sidebar, "Dave");
    focus(&dave);
    key(&dave, "Escape", false);
    assert!(alice.sidebar().is_none(), "Escape closes the sidebar");
    assert!(active() == Some(more), "focus is back on More, got {}", describe(&active()));
}

#[wasm_bindgen_test]
async fn the_sidebar_keeps_tab_focus_inside() {
    clean_page();
    let alice = alone(fresh_app(), CAN_INVITE, &room_with_list(DEF, None)).await;
    let sidebar = alice.open_sidebar().await;
    let close = find(&sidebar, "button", "Close").unwrap();
    let invite = invite_button(&sidebar);
    assert!(!disabled(&invite));

    focus(&invite);
    key(&invite, "Tab", false);
    assert!(active() == Some(close.clone()), "Tab at the last control wraps to the first, got {}", describe(&active()));
    key(&close, "Tab", true);
    assert!(active() == Some(invite.clone()), "Shift+Tab at the first control wraps to the last");

    // With the invite button disabled, the last checkbox is last.
    for name in ["Dave", "Erin", "Frank"] {
        click(&row(&sidebar, name));
    }
    assert!(disabled(&invite_button(&sidebar)));
    let frank = row(&sidebar, "Frank");
    focus(&frank);
    key(&frank, "Tab", false);
    assert!(active() == Some(close.clone()), "Tab at the last enabled control wraps");
    // A Tab in the middle is left to the browser.
    let dave = row(&sidebar, "Dave");
    focus(&dave);
    assert!(key(&dave, "Tab", false), "a Tab in the middle is not cancelled");
    assert!(active() == Some(dave));
}

/// The trap moves focus itself, so it must cancel the key's default action: otherwise the
/// browser then moves focus one step further (Tab at the last control lands on the second).
#[wasm_bindgen_test]
async fn tab_at_the_edges_of_the_sidebar_and_dialog_is_cancelled() {
    clean_page();
    let app = fresh_app();
    let alice = alone(app, CAN_INVITE, &room_with_list(DEF, None)).await;
    let sidebar = alice.open_sidebar().await;
    let close = find(&sidebar, "button", "Close").unwrap();
    let invite = invite_button(&sidebar);
    focus(&invite);
    assert!(!key(&invite, "Tab", false), "Tab at the sidebar's last control is cancelled");
    focus(&close);
    assert!(!key(&close, "Tab", true), "Shift+Tab at the sidebar's first control is cancelled");
    let escape_cancelled = !key(&close, "Escape", false);
    assert!(escape_cancelled, "Escape handled by the sidebar is cancelled");

    let bob = TestKit::new(app, "bob", "Bob", "{}", "{}");
    alice.send(r#"[{"userID":"bob","userName":"Bob"}]"#, 1).await;
    let dialog = bob.wait_role("alertdialog").await;
    let accept = find(&dialog, "button", "Accept").unwrap();
    assert!(active() == Some(accept.clone()));
    assert!(!key(&accept, "Tab", false), "Tab at the dialog's last control is cancelled");
    assert!(active().is_some_and(|a| accessible_name(&a) == "Decline"), "and wraps to Decline");

    click(&alice.find("button", "More").unwrap());
    let item = alice.find("menuitem", "Invite members").unwrap();
    assert!(!key(&item, "ArrowDown", false), "ArrowDown in the menu is cancelled (no page scroll)");
}

// ---------------------------------------------------------------- containers and destroy

#[wasm_bindgen_test]
async fn join_room_renders_into_the_given_container() {
    clean_page();
    let alice = TestKit::new(fresh_app(), "alice", "Alice", CAN_INVITE, "{}");
    let room = js_sys::Object::new();
    js_sys::Reflect::set(&room, &"container".into(), &alice.container).unwrap();
    alice.kit.join_room(room.into()).expect("joinRoom");
    let page = alice.call_page().expect("a call page");
    assert!(
        placed_in(&page, &alice.container),
        "joinRoom({{ container }}) renders the call page into the container, not the full-viewport layer (in the layer: {})",
        alice.layer.contains(Some(&page))
    );
}

/// A Proxy of an element passes `instanceof Element`, but every DOM call on it throws "Illegal
/// invocation": it is refused up front, from `joinRoom` and from `onSetRoomConfigBeforeJoining`,
/// and the kit goes on.
#[wasm_bindgen_test]
async fn a_proxy_container_is_refused_and_the_kit_goes_on() {
    clean_page();
    let app = fresh_app();
    let alice = TestKit::new(app, "alice", "Alice", CAN_INVITE, "{}");
    let proxy = js_fn("c", "return new Proxy(c, {})").call1(&JsValue::NULL, &alice.container).unwrap();
    let room = js_sys::Object::new();
    js_sys::Reflect::set(&room, &"container".into(), &proxy).unwrap();
    let err = alice.kit.join_room(room.into()).expect_err("a Proxy container is refused");
    assert!(err.is_instance_of::<js_sys::TypeError>(), "a TypeError: {err:?}");
    let message = js_sys::Reflect::get(&err, &"message".into()).unwrap().as_string().unwrap();
    assert_eq!(message, "roomConfig.container: must be an Element");
    assert_eq!(alice.kit.get_room_id(), "", "nothing changed: not in a call");
    // The same Proxy returned by onSetRoomConfigBeforeJoining: reported, and Bob joins with the
    // default room config (the call page in his layer), then can leave.
    let bob = TestKit::new(app, "bob", "Bob", "{}", "{}");
    let hook = js_fn("p", "return { onSetRoomConfigBeforeJoining: function(){ return { container: p }; } };").call1(&JsValue::NULL, &proxy).unwrap();
    bob.kit.set_call_invitation_config(hook).unwrap();
    alice.send(r#"[{"userID":"bob","userName":"Bob"}]"#, 1).await;
    click(&bob.wait("button", "Accept").await);
    let page = wait_for("Bob's call page in his layer", 2000.0, || bob.call_page()).await;
    assert!(bob.layer.contains(Some(&page)), "the default: the full-viewport layer");
    wait_for("Bob's tile at Alice", 2000.0, || alice.tile("Bob").filter(|t| !text(t).contains("Calling…"))).await;
    click(&bob.wait("button", "Leave call").await);
    until("Bob's call page to go", || bob.call_page().is_none()).await;
}

/// The app's element may carry own properties that shadow the DOM's and throw: the kit uses
/// `Element.prototype`'s methods themselves.
#[wasm_bindgen_test]
async fn a_container_with_throwing_own_properties_still_gets_the_call_page() {
    clean_page();
    let alice = TestKit::new(fresh_app(), "alice", "Alice", CAN_INVITE, "{}");
    let poison = "var f = function(){ throw new Error('boom'); }; \
        ['firstChild', 'lastChild'].forEach(function(k){ Object.defineProperty(c, k, { get: f }); }); \
        ['insertBefore', 'appendChild', 'prepend', 'append'].forEach(function(k){ c[k] = f; });";
    js_fn("c", poison).call1(&JsValue::NULL, &alice.container).unwrap();
    let room = js_sys::Object::new();
    js_sys::Reflect::set(&room, &"container".into(), &alice.container).unwrap();
    alice.kit.join_room(room.into()).expect("joinRoom");
    let page = alice.call_page().expect("a call page");
    assert!(placed_in(&page, &alice.container), "the call page goes into the container");
    click(&alice.wait("button", "Leave call").await);
    until("the call page to go", || alice.call_page().is_none()).await;
}

/// After the incoming-call dialog, focus returns to the page's element that had it, through
/// the prototypes' own `isConnected` and `focus`: that element's own throwing ones cannot
/// throw into the render (which left the kit frozen: no dialog ever again).
#[wasm_bindgen_test]
async fn focus_returns_safely_to_a_page_element_with_throwing_own_properties() {
    clean_page();
    let app = fresh_app();
    // Alice draws her own waiting page: hers would take the focus (one document, two kits).
    let alice = TestKit::new(app, "alice", "Alice", r#"{"enableCustomCallInvitationWaitingPage":true}"#, "{}");
    let bob = TestKit::new(app, "bob", "Bob", "{}", "{}");
    let button = doc().create_element("button").unwrap();
    button.set_class_name("test-container");
    doc().body().unwrap().append_child(&button).unwrap();
    let poison = "b.focus(); var f = function(){ throw new Error('boom'); }; b.focus = f; Object.defineProperty(b, 'isConnected', { get: f });";
    js_fn("b", poison).call1(&JsValue::NULL, &button).unwrap();
    assert!(doc().active_element() == Some(button.clone()), "the page's button has focus");
    for round in 1..=2 {
        alice.send(r#"[{"userID":"bob","userName":"Bob"}]"#, 1).await;
        click(&bob.wait("button", "Decline").await);
        until(&format!("round {round}: Bob's dialog to close"), || bob.role("alertdialog").is_none()).await;
        until(&format!("round {round}: Alice's call to end"), || alice.kit.get_room_id() == "").await;
        let active = doc().active_element();
        assert!(active == Some(button.clone()), "round {round}: focus is back on the page's button, not {:?}", active.map(|a| a.outer_html()));
    }
}

#[wasm_bindgen_test]
async fn destroy_removes_the_ui() {
    clean_page();
    let app = fresh_app();
    let alice = TestKit::new(app, "alice", "Alice", CAN_INVITE, "{}");
    let bob = TestKit::new(app, "bob", "Bob", "{}", "{}");
    alice.send(&format!(r#"[{{"userID":"bob","userName":"Bob"}},{}]"#, &GHOSTS[1..GHOSTS.len() - 1]), 1).await;
    bob.wait_role("alertdialog").await;
    let page = alice.call_page().unwrap();
    let (alice_layer, bob_layer) = (alice.layer.clone(), bob.layer.clone());
    alice.kit.destroy();
    bob.kit.destroy();
    assert!(!page.is_connected(), "the call page goes on destroy");
    assert!(alice.container.children().length() == 0);
    assert!(!alice_layer.is_connected() && !bob_layer.is_connected(), "the layers (dialog, toasts) go on destroy");
}

// ---------------------------------------------------------------- ringtones

#[wasm_bindgen_test]
async fn ringtones_play_while_ringing_and_stop_on_every_outcome() {
    clean_page();
    let app = fresh_app();
    let tones = r#"{"ringtoneConfig":{"incomingCallUrl":"data:audio/wav;base64,UklGRg==","outgoingCallUrl":"data:audio/wav;base64,UklGRh=="}}"#;
    let alice = TestKit::new(app, "alice", "Alice", tones, "{}");
    let bob = TestKit::new(app, "bob", "Bob", tones, "{}");
    let tone = |k: &TestKit| k.all("audio.cki-ringtone").into_iter().next().and_then(|a| a.get_attribute("src"));
    assert_eq!(tone(&alice), None, "silent before any call");
    alice.send(r#"[{"userID":"bob","userName":"Bob"}]"#, 1).await;
    let ringing = |k: &TestKit| tone(k);
    wait_for("Bob's incoming ringtone", 2000.0, || ringing(&bob).filter(|s| s.ends_with("UklGRg=="))).await;
    assert_eq!(tone(&alice).as_deref(), Some("data:audio/wav;base64,UklGRh=="), "the caller hears the outgoing tone");
    let audio = bob.all("audio.cki-ringtone").remove(0);
    assert!(audio.has_attribute("loop") || js_sys::Reflect::get(&audio, &"loop".into()).unwrap().is_truthy(), "it loops");
    // Declining stops both.
    click(&bob.wait("button", "Decline").await);
    until("Bob's ringtone to stop", || tone(&bob).is_none()).await;
    until("Alice's ringtone to stop", || tone(&alice).is_none()).await;
    // Accepting stops both too.
    alice.send(r#"[{"userID":"bob","userName":"Bob"}]"#, 1).await;
    click(&bob.wait("button", "Accept").await);
    until("both ringtones to stop after Accept", || tone(&bob).is_none() && tone(&alice).is_none()).await;
    alice.kit.destroy();
    bob.kit.destroy();
}
