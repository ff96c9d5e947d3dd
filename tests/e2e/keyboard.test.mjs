// Keyboard: Escape closes the "..." menu, the Invitees sidebar and the incoming dialog, and
// focus goes back where it belongs; Tab stays inside an open dialog (the Tab tests caught the
// kit's once-passive keydown listeners, whose preventDefault() was ignored).
import assert from "node:assert/strict";
import {
  suite, front, callAndAccept, callPage, toast, openInvitees, inviteOnly, waitForFocus, activeDescription, waitUntil,
} from "./support.mjs";

const e2e = suite();

const more = (page) => callPage(page).getByRole("button", { name: "More", exact: true });
const sidebarOf = (page) => page.getByRole("dialog", { name: "Invitees", exact: true });

const press = (page, key) => page.keyboard.press(key);

e2e("Escape closes the \"...\" menu and focus returns to \"More\"", async (s) => {
  const [alice, bob] = await s.users("alice", "bob");
  await callAndAccept(alice, bob, "Bob");
  await front(alice);
  await more(alice).focus();
  await press(alice, "Enter");
  const menu = alice.getByRole("menu");
  await menu.waitFor();
  assert.equal(await more(alice).getAttribute("aria-expanded"), "true");
  await waitForFocus(alice, alice.getByRole("menuitem", { name: "Invite members", exact: true }), "the first menu item");
  await press(alice, "Escape");
  await menu.waitFor({ state: "hidden" });
  assert.equal(await more(alice).getAttribute("aria-expanded"), "false");
  await waitForFocus(alice, more(alice), "\"More\"");
});

e2e("by keyboard: More → Invite members opens the sidebar with focus inside; Escape closes it and focus returns to \"More\"", async (s) => {
  const [alice, bob] = await s.users("alice", "bob");
  await callAndAccept(alice, bob, "Bob");
  await front(alice);
  await more(alice).focus();
  await press(alice, "Enter");
  await waitForFocus(alice, alice.getByRole("menuitem", { name: "Invite members", exact: true }), "the first menu item");
  await press(alice, "Enter");
  const sidebar = sidebarOf(alice);
  await sidebar.waitFor();
  await waitUntil(() => sidebar.evaluate((el) => el.contains(deepActive())),
    { message: async () => `focus inside the sidebar; it is on ${await activeDescription(alice)}` });
  // Tab reaches the rows; Space toggles the focused row, and the invite button's count follows.
  const invite = sidebar.getByRole("button", { name: /^Invite/ });
  const before = await invite.textContent();
  for (let i = 0; i < 3 && !(await alice.evaluate(() => deepActive()?.type === "checkbox")); i++) {
    await press(alice, "Tab");
  }
  assert.equal(await alice.evaluate(() => deepActive()?.type), "checkbox", "Tab reaches the first enabled row");
  await press(alice, " ");
  await waitUntil(async () => (await invite.textContent()) !== before, { message: `the invite count to change from ${before}` });
  await press(alice, "Escape");
  await sidebar.waitFor({ state: "detached" });
  await waitForFocus(alice, more(alice), "\"More\"");
});

e2e("Escape in the sidebar opened with the mouse closes it; focus returns to \"More\"", async (s) => {
  const [alice, bob] = await s.users("alice", "bob");
  await callAndAccept(alice, bob, "Bob");
  await front(alice);
  await more(alice).click();
  await alice.getByRole("menuitem", { name: "Invite members", exact: true }).click();
  const sidebar = sidebarOf(alice);
  await sidebar.waitFor();
  await sidebar.getByRole("checkbox", { name: "Carol", exact: true }).click();
  await press(alice, "Escape");
  await sidebar.waitFor({ state: "detached" });
  await waitForFocus(alice, more(alice), "\"More\"");
});

e2e("closing the sidebar with \"Close\" or by inviting returns focus to \"More\"", async (s) => {
  const [alice, bob] = await s.users("alice", "bob");
  await callAndAccept(alice, bob, "Bob");
  let sidebar = await openInvitees(alice);
  await sidebar.getByRole("button", { name: "Close", exact: true }).click();
  await sidebar.waitFor({ state: "detached" });
  await waitForFocus(alice, more(alice), "\"More\" after \"Close\"");
  sidebar = await openInvitees(alice);
  await inviteOnly(sidebar, ["Carol"]);
  await sidebar.waitFor({ state: "detached" });
  await waitForFocus(alice, more(alice), "\"More\" after inviting");
});

e2e("Tab and Shift+Tab wrap around inside the Invitees sidebar", async (s) => {
  const [alice, bob] = await s.users("alice", "bob");
  await callAndAccept(alice, bob, "Bob");
  await front(alice);
  await more(alice).focus();
  await press(alice, "Enter");
  await press(alice, "Enter");
  const sidebar = sidebarOf(alice);
  await sidebar.waitFor();
  const close = sidebar.getByRole("button", { name: "Close", exact: true });
  const invite = sidebar.getByRole("button", { name: /^Invite/ });
  await invite.focus();
  await press(alice, "Tab");
  await waitForFocus(alice, close, "\"Close\" (the first control) after Tab on the last one");
  await press(alice, "Shift+Tab");
  await waitForFocus(alice, invite, "the invite button (the last control) after Shift+Tab on the first one");
});

e2e("Escape on the incoming dialog declines; the caller sees \"Bob declined\" and Bob's focus returns", async (s) => {
  const [alice, bob] = await s.users("alice", "bob");
  await front(bob);
  const bobsButton = bob.getByRole("button", { name: "Video call Carol", exact: true });
  await bobsButton.focus();

  await front(alice);
  await alice.getByRole("button", { name: "Video call Bob", exact: true }).click();
  const ringing = bob.getByRole("alertdialog");
  await ringing.waitFor();
  assert.match(await ringing.textContent(), /Alice/);
  assert.match(await ringing.textContent(), /Incoming video call\.\.\./);
  await front(bob);
  await waitForFocus(bob, ringing.getByRole("button", { name: "Accept", exact: true }), "\"Accept\" when the dialog opens");
  await press(bob, "Escape");
  await ringing.waitFor({ state: "detached" });
  await toast(alice, "Bob declined").waitFor();
  await waitForFocus(bob, bobsButton, "the control focused before the dialog opened");
  assert.equal(await callPage(bob).count(), 0, "Escape declines: Bob must not join");
});

e2e("Tab and Shift+Tab wrap around inside the incoming dialog", async (s) => {
  const [alice, bob] = await s.users("alice", "bob");
  await front(alice);
  await alice.getByRole("button", { name: "Video call Bob", exact: true }).click();
  const ringing = bob.getByRole("alertdialog");
  await ringing.waitFor();
  await front(bob);
  const decline = ringing.getByRole("button", { name: "Decline", exact: true });
  const accept = ringing.getByRole("button", { name: "Accept", exact: true });
  await waitForFocus(bob, accept, "\"Accept\"");
  await press(bob, "Tab");
  await waitForFocus(bob, decline, "\"Decline\" after Tab on \"Accept\" (the last control)");
  await press(bob, "Shift+Tab");
  await waitForFocus(bob, accept, "\"Accept\" after Shift+Tab on \"Decline\" (the first control)");
});
