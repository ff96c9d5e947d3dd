// Feedback the incumbent never gives: toasts (role="status") for declined, busy and unanswered
// invitations, on the inviter's tab.
import assert from "node:assert/strict";
import { suite, front, callAndAccept, callPage, toast, waitForParticipants, openInvitees, inviteOnly } from "./support.mjs";

const e2e = suite();

e2e("Bob declines: Alice sees \"Bob declined\"", async (s) => {
  const [alice, bob] = await s.users("alice", "bob");
  await front(alice);
  await alice.getByRole("button", { name: "Video call Bob", exact: true }).click();
  const ringing = bob.getByRole("alertdialog");
  await ringing.waitFor();
  await front(bob);
  await ringing.getByRole("button", { name: "Decline", exact: true }).click();
  await ringing.waitFor({ state: "detached" });
  await toast(alice, "Bob declined").waitFor();
  // The 1:1 call never started: Alice's "Calling…" page is gone and nobody is in a call.
  await alice.locator(".cki-calling").waitFor({ state: "detached" });
  assert.equal(await callPage(alice).count(), 0);
  assert.equal(await callPage(bob).count(), 0);
});

e2e("Carol is already in another call: Alice sees \"Carol is busy\"", async (s) => {
  const [alice, carol, dave] = await s.users("alice", "carol", "dave");
  await callAndAccept(dave, carol, "Carol");
  await waitForParticipants(carol, ["Carol", "Dave"], "Carol");

  await front(alice);
  await alice.getByRole("button", { name: "Video call Carol", exact: true }).click();
  await toast(alice, "Carol is busy").waitFor();
  // Carol was never interrupted: no dialog, still in her call with Dave.
  assert.equal(await carol.getByRole("alertdialog").count(), 0, "a busy callee must not ring");
  await waitForParticipants(carol, ["Carol", "Dave"], "Carol");
  await alice.locator(".cki-calling").waitFor({ state: "detached" });
});

e2e("Dave doesn't answer within the timeout: Alice sees \"Dave didn't answer\" and Dave stops ringing", async (s) => {
  const [alice, dave] = await s.users("alice", "dave");
  // The demo's buttons use the 60 s default; the API call with timeout: 2 keeps this fast.
  const sent = alice.evaluate(() => globalThis.zp.sendCallInvitation({ callees: [{ userID: "dave", userName: "Dave" }], callType: 1, timeout: 2 }));
  const ringing = dave.getByRole("alertdialog");
  await ringing.waitFor();
  const rangAt = Date.now();
  assert.deepEqual(await sent, { errorInvitees: [] });
  await toast(alice, "Dave didn't answer").waitFor({ timeout: 6000 });
  assert.ok(Date.now() - rangAt >= 1000, "the toast must not come before the timeout");
  await ringing.waitFor({ state: "detached", timeout: 3000 });
  await alice.locator(".cki-calling").waitFor({ state: "detached" });
});

e2e("in a call: a declined in-call invitation shows \"Carol declined\" and removes her waiting tile", async (s) => {
  const [alice, bob, carol] = await s.users("alice", "bob", "carol");
  await callAndAccept(alice, bob, "Bob");
  await inviteOnly(await openInvitees(alice), ["Carol"]);
  const ringing = carol.getByRole("alertdialog");
  await ringing.waitFor();
  await front(carol);
  await ringing.getByRole("button", { name: "Decline", exact: true }).click();
  await toast(alice, "Carol declined").waitFor();
  await waitForParticipants(alice, ["Alice", "Bob"], "Alice");
  await waitForParticipants(bob, ["Alice", "Bob"], "Bob");
});
